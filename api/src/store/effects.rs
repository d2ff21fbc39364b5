//! What a write transaction did that the rest of the process must hear of once it commits:
//! email or webhook events queued (their workers are woken), calls to a counter (the waiting
//! rooms' displays of this process hear them) and what the metrics count.
//! Recorded on the [`Tx`](super::Tx) by the code that does it — `outbox::enqueue` marks mail,
//! `webhooks::enqueue` webhook events, a booking counts itself — and announced by
//! `Tx::commit` to the process's [`CommitListener`]. A transaction that rolls back announces
//! nothing, and no caller can forget a wake.

use shared::call_queue::DisplayCall;

/// A citizen called to a counter of an office, as its display shows it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct CallMade {
    pub office_id: i64,
    pub call: DisplayCall,
}

/// The effects of one transaction.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Effects {
    pub mail_queued: bool,
    /// Recorded by `store::call_queue::announce`.
    pub calls: Vec<CallMade>,
    pub webhook_events_queued: bool,
    pub bookings_created: u64,
    pub appointments_booked: u64,
    pub holds_taken: u64,
    pub cancelled_by_citizen: u64,
    pub cancelled_by_office: u64,
    pub waitlist: WaitlistEffects,
}

/// What became of waitlist offers in one transaction (at most one is accepted).
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct WaitlistEffects {
    pub offers_made: u32,
    pub offers_declined: u32,
    pub offers_lapsed: u32,
    /// The offer accepted, if one was: seconds from the offer to its acceptance.
    pub accepted_after_seconds: Option<u32>,
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
