//! Fair access without HTTP: the proof of work ([`proof_of_work`]), and request budgets (per
//! client address, per API client), counted where every instance of the installation sees the
//! same count: in this process for SQLite (one file, one instance), in
//! PostgreSQL when several instances share a database, or in Redis when `--redis-url` is
//! given. All three follow one rule ([`gcra`]), so N instances never give N times the budget.
//!
//! If PostgreSQL or Redis cannot answer, the request is let through and a warning logged (at
//! most every ten seconds): a limit is a defence against abuse, never a reason to turn
//! citizens away while a counter store is down.

pub mod gcra; // the rule: N at once, then one every 60/N seconds
pub mod proof_of_work; // signed single-use challenges for holds, bookings and throttled logins
pub mod redis_cells; // budgets in Redis, changed by one Lua script

use crate::store::Db;
use crate::store::rate_cells::PgCells;
use gcra::Rate;
use redis_cells::RedisCells;
use std::collections::HashMap;
use std::num::NonZeroU32;
use std::sync::Mutex;
use std::sync::atomic::{AtomicI64, Ordering};
use std::time::Instant;

/// A request over its budget, and when the next one would pass.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Exhausted {
    pub retry_after_secs: u64,
}

impl Exhausted {
    fn after(wait_us: i64) -> Exhausted {
        let secs = u64::try_from(wait_us.max(1))
            .unwrap_or(1)
            .div_ceil(1_000_000);
        Exhausted {
            retry_after_secs: secs.max(1),
        }
    }
}

/// Where budgets are counted.
#[derive(Debug)]
enum Cells {
    /// TAT per key, in microseconds since `started`.
    Memory {
        started: Instant,
        tats: Mutex<HashMap<String, i64>>,
    },
    Postgres(PgCells),
    Redis(RedisCells),
}

/// The budgets of this installation.
#[derive(Debug)]
pub struct Budgets {
    cells: Cells,
    /// When a counter store failure was last logged (Unix seconds), to log one per ten seconds.
    last_failure_logged: AtomicI64,
}

impl Budgets {
    /// Counted in this process only.
    pub fn in_memory() -> Budgets {
        Budgets::with(Cells::Memory {
            started: Instant::now(),
            tats: Mutex::default(),
        })
    }

    /// Counted where every instance of this deployment sees them: Redis if given, else
    /// PostgreSQL, else (SQLite) this process. `namespace` separates installations that
    /// share one Redis.
    pub async fn for_deployment(
        db: &Db,
        redis_url: Option<&str>,
        namespace: &str,
    ) -> anyhow::Result<Budgets> {
        if let Some(url) = redis_url {
            let cells = RedisCells::connect(url, namespace)
                .await
                .map_err(|error| anyhow::anyhow!("connecting to Redis (--redis-url): {error}"))?;
            return Ok(Budgets::with(Cells::Redis(cells)));
        }
        Ok(match PgCells::of(db) {
            Some(cells) => Budgets::with(Cells::Postgres(cells)),
            None => Budgets::in_memory(),
        })
    }

    fn with(cells: Cells) -> Budgets {
        Budgets {
            cells,
            last_failure_logged: AtomicI64::new(i64::MIN),
        }
    }

    /// Where the budgets are counted: `memory`, `postgres` or `redis`.
    pub fn store(&self) -> &'static str {
        match self.cells {
            Cells::Memory { .. } => "memory",
            Cells::Postgres(_) => "postgres",
            Cells::Redis(_) => "redis",
        }
    }

    /// Takes one request from the budget `key` of `per_minute` requests.
    pub async fn take(&self, key: &str, per_minute: NonZeroU32) -> Result<(), Exhausted> {
        let rate = Rate::per_minute(per_minute);
        let decided = match &self.cells {
            Cells::Memory { started, tats } => {
                let now = i64::try_from(started.elapsed().as_micros()).unwrap_or(i64::MAX);
                let mut tats = tats
                    .lock()
                    .unwrap_or_else(std::sync::PoisonError::into_inner);
                let decision = gcra::decide(tats.get(key).copied(), now, rate);
                if let Ok(tat) = decision {
                    tats.insert(key.to_owned(), tat);
                }
                Ok(decision.map(|_| ()))
            }
            Cells::Postgres(cells) => cells.take(key, rate).await.map_err(|e| e.to_string()),
            Cells::Redis(cells) => cells.take(key, rate).await.map_err(|e| e.to_string()),
        };
        match decided {
            Ok(decision) => decision.map_err(Exhausted::after),
            Err(error) => {
                self.log_failure(&error);
                Ok(())
            }
        }
    }

    /// Forgets budgets that are full again, so memory and tables stay small.
    pub async fn forget_full(&self) {
        match &self.cells {
            Cells::Memory { started, tats } => {
                let now = i64::try_from(started.elapsed().as_micros()).unwrap_or(i64::MAX);
                let mut tats = tats
                    .lock()
                    .unwrap_or_else(std::sync::PoisonError::into_inner);
                tats.retain(|_, tat| *tat > now);
                tats.shrink_to_fit();
            }
            Cells::Postgres(cells) => {
                if let Err(error) = cells.purge_full().await {
                    self.log_failure(&error.to_string());
                }
            }
            // Redis keys expire by themselves.
            Cells::Redis(_) => {}
        }
    }

    fn log_failure(&self, error: &str) {
        let now = chrono::Utc::now().timestamp();
        let last = self.last_failure_logged.load(Ordering::Relaxed);
        if now.saturating_sub(last) >= 10
            && self
                .last_failure_logged
                .compare_exchange(last, now, Ordering::Relaxed, Ordering::Relaxed)
                .is_ok()
        {
            tracing::warn!(
                store = self.store(),
                error,
                "request budgets cannot be counted; requests pass uncounted meanwhile"
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_budget_in_memory_lets_its_quota_through_and_names_the_wait() {
        let budgets = Budgets::in_memory();
        let per_minute = NonZeroU32::new(3).unwrap();
        for _ in 0..3 {
            assert_eq!(budgets.take("ip:192.0.2.1", per_minute).await, Ok(()));
        }
        let refused = budgets.take("ip:192.0.2.1", per_minute).await.unwrap_err();
        assert_eq!(refused.retry_after_secs, 20);
        assert_eq!(budgets.take("ip:192.0.2.2", per_minute).await, Ok(()));
    }

    #[tokio::test]
    async fn full_budgets_are_forgotten_spent_ones_kept() {
        let budgets = Budgets::in_memory();
        let per_minute = NonZeroU32::new(1).unwrap();
        budgets.take("spent", per_minute).await.unwrap();
        budgets.forget_full().await;
        assert!(budgets.take("spent", per_minute).await.is_err());
    }
}
