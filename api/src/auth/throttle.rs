//! The login throttle: after [`MAX_FAILURES_PER_ACCOUNT`] failed logins for one account name,
//! or [`MAX_FAILURES_PER_ADDRESS`] from one client address, within [`WINDOW`], further
//! attempts are refused until the oldest failure leaves the window. Failures are stored in
//! the database, so the limit holds across server processes.

use crate::store::{StoreResult, Tx, login_failures};
use chrono::{DateTime, Duration, Utc};

pub const WINDOW: Duration = Duration::minutes(15);
pub const MAX_FAILURES_PER_ACCOUNT: usize = 5;
/// Higher than per account: a whole office may share one address.
pub const MAX_FAILURES_PER_ADDRESS: usize = 20;

/// Seconds until another attempt is allowed, if `failures` (oldest first, all within the
/// window) reached `limit`.
pub fn retry_after(failures: &[DateTime<Utc>], limit: usize, now: DateTime<Utc>) -> Option<u64> {
    if failures.len() < limit {
        return None;
    }
    let frees_up = failures[failures.len() - limit] + WINDOW;
    Some(
        u64::try_from((frees_up - now).num_seconds())
            .unwrap_or(0)
            .max(1),
    )
}

/// The normalised account name failures are counted under.
pub fn account_key(username: &str) -> String {
    username.trim().to_lowercase()
}

/// `Some(seconds)` when this login attempt must wait.
pub async fn check(
    tx: &mut Tx,
    username: &str,
    client_ip: &str,
    now: DateTime<Utc>,
) -> StoreResult<Option<u64>> {
    let since = now - WINDOW;
    let by_account = login_failures::of_username(tx, &account_key(username), since).await?;
    let by_address = login_failures::of_client_ip(tx, client_ip, since).await?;
    Ok([
        retry_after(&by_account, MAX_FAILURES_PER_ACCOUNT, now),
        retry_after(&by_address, MAX_FAILURES_PER_ADDRESS, now),
    ]
    .into_iter()
    .flatten()
    .max())
}

pub async fn record_failure(
    tx: &mut Tx,
    username: &str,
    client_ip: &str,
    now: DateTime<Utc>,
) -> StoreResult<()> {
    login_failures::record(tx, &account_key(username), client_ip, now).await
}

/// After a successful login: the account starts afresh; stale rows are purged.
pub async fn forget_failures(tx: &mut Tx, username: &str, now: DateTime<Utc>) -> StoreResult<()> {
    login_failures::forget(tx, &account_key(username), now - WINDOW).await
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn at(minute: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 30, 8, minute, 0).unwrap()
    }

    #[test]
    fn four_failures_still_allow_a_fifth_attempt() {
        let failures = [at(0), at(1), at(2), at(3)];
        assert_eq!(retry_after(&failures, 5, at(4)), None);
    }

    #[test]
    fn five_failures_block_until_the_oldest_leaves_the_window() {
        let failures = [at(0), at(1), at(2), at(3), at(4)];
        assert_eq!(retry_after(&failures, 5, at(5)), Some(10 * 60));
    }

    #[test]
    fn with_more_failures_than_the_limit_the_window_counts_from_the_right_one() {
        let failures = [at(0), at(1), at(2), at(3), at(4), at(6)];
        assert_eq!(retry_after(&failures, 5, at(7)), Some(9 * 60));
    }

    #[test]
    fn account_names_are_counted_case_insensitively() {
        assert_eq!(account_key(" Admin "), "admin");
    }
}
