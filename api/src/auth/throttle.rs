//! The login throttle, following OWASP's Authentication and Credential Stuffing cheat sheets:
//! failures are counted per account (so many addresses cannot share one guessing budget), but
//! a stranger's failures must not lock the account's owner out — the weakness of a plain
//! per-account lockout, which lets anyone keep the administrator out with five requests every
//! quarter of an hour. So:
//!
//! - **per account at one address** — [`MAX_ATTEMPTS_PER_ACCOUNT_AND_ADDRESS`] failures in
//!   [`WINDOW`], then that address waits (429) for that account; the owner elsewhere does not;
//! - **per address** — [`MAX_FAILURES_PER_ADDRESS`] failures over all accounts (credential
//!   stuffing from one address), then the address waits;
//! - **per account from anywhere** — after [`ACCOUNT_FAILURES_BEFORE_PROOF_OF_WORK`] failures
//!   the account's login needs a proof of work (OWASP's "CAPTCHA after failed attempts", with
//!   the proof of work we already use instead of a captcha): a botnet spreading guesses over
//!   many addresses pays for each one, while the owner's browser solves it in a moment.
//!
//! Every attempt is counted *before* the password is checked, in one statement that takes
//! the counters' row locks, so parallel guesses are counted one after the other instead of all
//! reading the count before any wrote it; an attempt that succeeds is taken back. Counts live
//! in the database (shared by every instance) and are deleted when their window ends.

use crate::domain::network::ClientKey;
use crate::store::{StoreResult, Tx, login_throttle};
use chrono::{DateTime, Duration, Utc};

pub const WINDOW: Duration = Duration::minutes(15);
pub const MAX_ATTEMPTS_PER_ACCOUNT_AND_ADDRESS: i64 = 5;
/// Higher than per account: a whole office may share one address.
pub const MAX_FAILURES_PER_ADDRESS: i64 = 20;
pub const ACCOUNT_FAILURES_BEFORE_PROOF_OF_WORK: i64 = 10;

/// The counters one login attempt touches.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AttemptKeys {
    pair: String,
    address: String,
    account: String,
}

impl AttemptKeys {
    pub fn new(username: &str, client: ClientKey) -> AttemptKeys {
        let account = account_key(username);
        AttemptKeys {
            pair: format!("pair:{client}|{account}"),
            address: format!("address:{client}"),
            account: format!("account:{account}"),
        }
    }
}

/// The normalised account name attempts are counted under.
pub fn account_key(username: &str) -> String {
    username.trim().to_lowercase()
}

/// Whether this account has failed so often lately that its login needs a proof of work.
pub async fn needs_proof_of_work(
    tx: &mut Tx,
    keys: &AttemptKeys,
    now: DateTime<Utc>,
) -> StoreResult<bool> {
    Ok(login_throttle::attempts(tx, &keys.account, now).await?
        >= ACCOUNT_FAILURES_BEFORE_PROOF_OF_WORK)
}

/// Counts an attempt; `Some(seconds)` when it is one too many and must wait that long.
pub async fn count_attempt(
    tx: &mut Tx,
    keys: &AttemptKeys,
    now: DateTime<Utc>,
) -> StoreResult<Option<u64>> {
    let counts = login_throttle::count(
        tx,
        &[&keys.pair, &keys.address, &keys.account],
        now,
        now + WINDOW,
    )
    .await?;
    Ok(counts
        .iter()
        .filter_map(|count| {
            let limit = if count.key == keys.pair {
                MAX_ATTEMPTS_PER_ACCOUNT_AND_ADDRESS
            } else if count.key == keys.address {
                MAX_FAILURES_PER_ADDRESS
            } else {
                return None;
            };
            (count.attempts > limit).then(|| seconds_until(count.window_ends_at, now))
        })
        .max())
}

/// After a successful login: the account starts afresh here and everywhere, and the address
/// gets its attempt back.
pub async fn succeeded(tx: &mut Tx, keys: &AttemptKeys) -> StoreResult<()> {
    login_throttle::forget(tx, &keys.pair).await?;
    login_throttle::forget(tx, &keys.account).await?;
    login_throttle::take_back(tx, &keys.address).await
}

/// Forgets every count whose window ended (the periodic jobs call this).
pub async fn purge_ended(tx: &mut Tx, now: DateTime<Utc>) -> StoreResult<u64> {
    login_throttle::purge_ended(tx, now).await
}

fn seconds_until(then: DateTime<Utc>, now: DateTime<Utc>) -> u64 {
    u64::try_from((then - now).num_seconds())
        .unwrap_or(0)
        .max(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn account_names_are_counted_case_insensitively() {
        assert_eq!(account_key(" Admin "), "admin");
    }

    #[test]
    fn the_counters_name_the_account_the_address_and_both() {
        let client = ClientKey::of("2001:db8:1:2::7".parse().unwrap());
        let keys = AttemptKeys::new("Admin", client);
        assert_eq!(keys.pair, "pair:2001:db8:1:2::/64|admin");
        assert_eq!(keys.address, "address:2001:db8:1:2::/64");
        assert_eq!(keys.account, "account:admin");
    }

    #[test]
    fn the_wait_is_at_least_a_second() {
        let now = Utc::now();
        assert_eq!(seconds_until(now, now), 1);
        assert_eq!(seconds_until(now + Duration::minutes(2), now), 120);
    }
}
