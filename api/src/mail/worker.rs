//! The mail courier: sends a queued email with the configured transport (`delivery` runs the
//! loop: leases, retries, giving up). An SMTP answer the server calls permanent is not retried.

use super::transport::{Mailer, SendError};
use crate::delivery::{Courier, Failure};
use crate::store::outbox::{self, QueuedMessage};
use crate::store::queue::Queue;
use crate::store::{StoreResult, Tx};
use chrono::{DateTime, Utc};
use lettre::message::Mailbox;

/// Sends emails from `from` through `mailer`.
#[derive(Debug)]
pub struct MailCourier {
    pub mailer: Mailer,
    pub from: Mailbox,
}

impl Courier for MailCourier {
    type Parcel = QueuedMessage;

    const QUEUE: Queue = Queue::Mail;

    async fn parcels(tx: &mut Tx, ids: &[i64]) -> StoreResult<Vec<QueuedMessage>> {
        outbox::messages(tx, ids).await
    }

    fn id(message: &QueuedMessage) -> i64 {
        message.id
    }

    fn attempts(message: &QueuedMessage) -> i64 {
        message.attempts
    }

    fn label(message: &QueuedMessage) -> impl std::fmt::Display {
        message.kind.as_str()
    }

    async fn deliver(&self, message: &QueuedMessage, _now: DateTime<Utc>) -> Result<(), Failure> {
        self.mailer
            .send(&self.from, message)
            .await
            .map_err(|error| match error {
                SendError::Permanent(message) => Failure::permanent(message),
                SendError::Temporary(message) => Failure::temporary(message),
            })
    }
}
