//! Every write request is run again, here and only here, when its transaction lost a database
//! race (a deadlock or serialization failure that PostgreSQL resolved by aborting it):
//! decided by the typed `ApiError::Contention`, never by matching an error code.

use crate::error::{ApiError, Result};
use crate::store::{Db, Tx};

/// How often a write is tried in all.
const ATTEMPTS: usize = 3;

/// Runs `write` until it does not lose a race, at most [`ATTEMPTS`] times.
pub async fn on_contention<T>(mut write: impl AsyncFnMut() -> Result<T>) -> Result<T> {
    for _ in 1..ATTEMPTS {
        match write().await {
            Err(ApiError::Contention) => {
                tracing::debug!("write lost a database race; running it again");
            }
            other => return other,
        }
    }
    write().await
}

/// The shape of most writes: `work` inside a write transaction that is then committed, all of
/// it run again after a lost race.
pub async fn in_transaction<T>(
    db: &Db,
    mut work: impl AsyncFnMut(&mut Tx) -> Result<T>,
) -> Result<T> {
    on_contention(async || {
        let mut tx = db.begin().await?;
        let value = work(&mut tx).await?;
        tx.commit().await?;
        Ok(value)
    })
    .await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_write_that_lost_a_race_runs_again_until_it_succeeds() {
        let mut tries = 0;
        let outcome = on_contention(async || {
            tries += 1;
            if tries < 3 {
                Err(ApiError::Contention)
            } else {
                Ok(tries)
            }
        })
        .await;
        assert_eq!(outcome.unwrap(), 3);
    }

    #[tokio::test]
    async fn after_the_last_attempt_the_contention_is_the_answer() {
        let mut tries = 0;
        let outcome: Result<()> = on_contention(async || {
            tries += 1;
            Err(ApiError::Contention)
        })
        .await;
        assert!(matches!(outcome, Err(ApiError::Contention)));
        assert_eq!(tries, ATTEMPTS);
    }

    #[tokio::test]
    async fn other_errors_are_not_retried() {
        let mut tries = 0;
        let outcome: Result<()> = on_contention(async || {
            tries += 1;
            Err(ApiError::NotFound)
        })
        .await;
        assert!(matches!(outcome, Err(ApiError::NotFound)));
        assert_eq!(tries, 1);
    }
}
