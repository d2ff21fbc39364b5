//! `Idempotency-Key` for every request that creates something: the first answer is stored with
//! the change (same transaction), and a retry with the same key and body gets that answer
//! again instead of a second creation; the same key with another body is refused. Records are
//! sealed under the key (`domain::sealed`), so the manage tokens, API keys and webhook secrets
//! in them are readable only by whoever holds it, and purged after a day.
//!
//! A handler opens its transaction, asks [`Idempotency::replay`] first, does its work, and
//! hands the serialised answer to [`Idempotency::save`] before committing.

use crate::domain::sealed::IdempotencySeal;
use crate::store::idempotency::{self as stored, SealedAnswer};
use crate::store::{Db, StoreError, Tx};
use chrono::{DateTime, Utc};
use serde::Serialize;

/// The idempotency of one request: where its key lives and what its body was.
#[derive(Debug)]
pub struct Idempotency {
    scope: String,
    /// Without an Idempotency-Key: nothing to replay or save.
    sealed: Option<Sealed>,
}

#[derive(Debug)]
struct Sealed {
    seal: IdempotencySeal,
    key_hash: String,
    request_mac: String,
}

/// An answer given before.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Answer {
    pub status: u16,
    pub body: String,
}

/// What became of saving an answer.
#[derive(Debug)]
pub enum Saved {
    /// Saved (or no key was sent): commit the transaction and answer.
    Fresh(Tx),
    /// A concurrent request with the same key won; its answer (the transaction was rolled back).
    Replayed(Answer),
}

/// Why an answer cannot be replayed.
#[derive(Debug, thiserror::Error)]
pub enum Refused {
    #[error("this Idempotency-Key was used for a different request; use a new key")]
    KeyReused,
    #[error("a stored answer does not open with its key")]
    Unopenable,
    #[error("a concurrent request's answer vanished")]
    Vanished,
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl Idempotency {
    /// `scope` names the endpoint and, where it matters, the caller (an API client, a staff
    /// account), so that keys of different callers never collide.
    pub fn new(
        scope: String,
        key: Option<String>,
        request: &impl Serialize,
    ) -> Result<Self, serde_json::Error> {
        let body = serde_json::to_string(request)?;
        let sealed = key.map(|key| {
            let seal = IdempotencySeal::derive(&scope, &key);
            Sealed {
                key_hash: seal.lookup_hash(),
                request_mac: seal.request_mac(&body),
                seal,
            }
        });
        Ok(Idempotency { scope, sealed })
    }

    /// The stored answer to an earlier request with this key, if there is one.
    pub async fn replay(&self, tx: &mut Tx) -> Result<Option<Answer>, Refused> {
        let Some(sealed) = &self.sealed else {
            return Ok(None);
        };
        match stored::find(tx, &self.scope, &sealed.key_hash).await? {
            Some(saved) => Ok(Some(sealed.open(&saved)?)),
            None => Ok(None),
        }
    }

    /// Stores the answer inside `tx` (not committed yet).
    pub async fn save(
        &self,
        db: &Db,
        mut tx: Tx,
        status: u16,
        body: &str,
        now: DateTime<Utc>,
    ) -> Result<Saved, Refused> {
        let Some(sealed) = &self.sealed else {
            return Ok(Saved::Fresh(tx));
        };
        let saved = SealedAnswer {
            request_mac: sealed.request_mac.clone(),
            response_status: i64::from(status),
            sealed_response: sealed.seal.seal(body),
        };
        match stored::save(&mut tx, &self.scope, &sealed.key_hash, &saved, now).await {
            Ok(()) => Ok(Saved::Fresh(tx)),
            // A concurrent request with the same key won: roll back and answer with its result.
            Err(StoreError::Duplicate(_)) => {
                drop(tx);
                let mut tx = db.begin_read().await?;
                let saved = stored::find(&mut tx, &self.scope, &sealed.key_hash)
                    .await?
                    .ok_or(Refused::Vanished)?;
                Ok(Saved::Replayed(sealed.open(&saved)?))
            }
            Err(other) => Err(other.into()),
        }
    }
}

impl Sealed {
    fn open(&self, saved: &SealedAnswer) -> Result<Answer, Refused> {
        if saved.request_mac != self.request_mac {
            return Err(Refused::KeyReused);
        }
        Ok(Answer {
            status: u16::try_from(saved.response_status).unwrap_or(200),
            body: self
                .seal
                .open(&saved.sealed_response)
                .ok_or(Refused::Unopenable)?,
        })
    }
}
