//! What a write transaction did that the rest of the process must hear of once it commits:
//! email or webhook events queued (their workers are woken) and what the metrics count.
//! Recorded on the [`Tx`](super::Tx) by the code that does it — `outbox::enqueue` marks mail,
//! `webhooks::enqueue` webhook events, a booking counts itself — and announced by
//! `Tx::commit` to the process's [`CommitListener`]. A transaction that rolls back announces
//! nothing, and no caller can forget a wake.

/// The effects of one transaction.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Effects {
    pub mail_queued: bool,
    pub webhook_events_queued: bool,
    pub bookings_created: u64,
    pub appointments_booked: u64,
    pub holds_taken: u64,
    pub cancelled_by_citizen: u64,
    pub cancelled_by_office: u64,
}

impl Effects {
    /// Whether there is anything to announce.
    pub fn is_empty(&self) -> bool {
        self == &Effects::default()
    }
}

/// Hears of every committed transaction's effects (the process wakes its workers and counts
/// its metrics).
pub trait CommitListener: Send + Sync + std::fmt::Debug {
    fn committed(&self, effects: &Effects);
}
