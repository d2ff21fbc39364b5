//! Pure rules, no I/O: everything here is decided from its arguments alone and unit-tested.

pub mod audit; // what the audit log records: actions and the kinds of things they change
pub mod call_queue; // ticket numbers, lanes, the order of calling, the estimated wait
pub mod holidays; // public holidays of the German states, computed
pub mod network; // client addresses and networks: budget keys, trusted proxies, webhook targets
pub mod password; // argon2id password hashing for staff accounts
pub mod portal; // API keys, scopes, webhook URLs and signatures of third-party portals
pub mod pow; // proof-of-work challenges against bots
pub mod queue_figures; // the call queue's measured waiting and service times for the statistics
pub mod release; // fair release: the window of a newly released day, the seeded order of the draw
pub mod schedule; // opening rules → slot units → free start times (time zones, DST, capacity)
pub mod sealed; // idempotency answers sealed under a key only the Idempotency-Key gives
pub mod staff; // staff roles and what each may do at which office
pub mod state; // the stored states of bookings and appointments
pub mod tokens; // booking references and secret tokens (only hashes are stored)
pub mod waitlist; // what a waitlist entry wishes for, the stored and shown states of entries and offers

/// What `Debug` shows in place of a secret or personal value: that there is one, not what.
pub struct Redacted;

impl std::fmt::Debug for Redacted {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("***")
    }
}

/// [`Redacted`] for a value that may be absent.
pub fn redacted<T>(value: &Option<T>) -> Option<Redacted> {
    value.as_ref().map(|_| Redacted)
}

/// `scheme://user:secret@host` → `scheme://user:***@host`; URLs without a password stay as they are.
pub fn redact_password(url: &str) -> String {
    match url::Url::parse(url) {
        Ok(mut parsed) if parsed.password().is_some() => {
            let _ = parsed.set_password(Some("***"));
            parsed.to_string()
        }
        _ => url.to_owned(),
    }
}
