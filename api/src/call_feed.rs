//! The calls of this process's offices as the waiting rooms' displays hear them: one broadcast
//! channel per process that every display stream subscribes to. It is fed by committed
//! transactions on SQLite (one process is all there is) and by PostgreSQL `LISTEN` otherwise,
//! so a call made by any process sharing the database reaches every display within
//! milliseconds (`store::call_queue::announce` sends it with `NOTIFY`, `call_listening` hears
//! it).

use crate::store::effects::CallMade;
use std::sync::Arc;
use tokio::sync::broadcast;

/// What a display stream hears.
#[derive(Debug, Clone)]
pub enum FeedEvent {
    Call(Arc<CallMade>),
    /// Calls may have been missed (the listening connection broke): read the board again.
    Gap,
}

/// Most streams (displays and ticket pages on phones) one process serves at a time; more are
/// told to come back later (429 with `Retry-After`).
pub const MAX_DISPLAYS: usize = 2_000;

/// Calls a stream may fall behind before it reads the board again.
const BACKLOG: usize = 64;

/// The process's call feed (cheap to clone).
#[derive(Debug, Clone)]
pub struct CallFeed {
    sender: broadcast::Sender<FeedEvent>,
}

impl Default for CallFeed {
    fn default() -> Self {
        CallFeed {
            sender: broadcast::channel(BACKLOG).0,
        }
    }
}

impl CallFeed {
    /// A new display's receiver; `None` while [`MAX_DISPLAYS`] are connected.
    pub fn subscribe(&self) -> Option<broadcast::Receiver<FeedEvent>> {
        (self.sender.receiver_count() < MAX_DISPLAYS).then(|| self.sender.subscribe())
    }

    /// Tells every display (none listening is fine).
    pub fn publish(&self, event: FeedEvent) {
        let _ = self.sender.send(event);
    }
}
