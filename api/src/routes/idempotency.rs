//! `Idempotency-Key` for every POST that creates something: the first answer is stored with
//! the change (same transaction), and a retry with the same key and body gets that answer
//! again (`Idempotent-Replayed: true`) instead of a second creation. The same key with another
//! body is refused (422 `idempotency_key_reused`). Records are sealed under the key
//! (`domain::sealed`), so the manage tokens, API keys and webhook secrets in them are readable
//! only by whoever holds it, and purged after a day.
//!
//! A handler opens its transaction, asks [`Idempotency::replay`] first, does its work, and
//! hands the serialised answer to [`Idempotency::save`] before committing.

use super::extract::IdempotencyKey;
use crate::domain::sealed::IdempotencySeal;
use crate::error::{ApiError, Result};
use crate::store::idempotency::{self as stored, SealedAnswer};
use crate::store::{Db, StoreError, Tx};
use actix_web::HttpResponse;
use actix_web::http::StatusCode;
use actix_web::http::header::ContentType;
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

/// What became of saving an answer.
#[derive(Debug)]
pub enum Saved {
    /// Saved (or no key was sent): commit the transaction and answer.
    Fresh(Tx),
    /// A concurrent request with the same key won; its answer (the transaction was rolled back).
    Replayed(HttpResponse),
}

impl Idempotency {
    /// `scope` names the endpoint and, where it matters, the caller (an API client, a staff
    /// account), so that keys of different callers never collide.
    pub fn new(scope: String, key: IdempotencyKey, request: &impl Serialize) -> Result<Self> {
        let body = serde_json::to_string(request).map_err(|e| ApiError::Internal(e.into()))?;
        let sealed = key.0.map(|key| {
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
    pub async fn replay(&self, tx: &mut Tx) -> Result<Option<HttpResponse>> {
        let Some(sealed) = &self.sealed else {
            return Ok(None);
        };
        match stored::find(tx, &self.scope, &sealed.key_hash).await? {
            Some(saved) => Ok(Some(sealed.answer(&saved)?)),
            None => Ok(None),
        }
    }

    /// Stores `body` as the answer inside `tx` (not committed yet).
    pub async fn save(
        &self,
        db: &Db,
        mut tx: Tx,
        status: StatusCode,
        body: &str,
        now: DateTime<Utc>,
    ) -> Result<Saved> {
        let Some(sealed) = &self.sealed else {
            return Ok(Saved::Fresh(tx));
        };
        let saved = SealedAnswer {
            request_mac: sealed.request_mac.clone(),
            response_status: i64::from(status.as_u16()),
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
                    .ok_or_else(|| {
                        ApiError::Internal(anyhow::anyhow!("idempotency key vanished"))
                    })?;
                Ok(Saved::Replayed(sealed.answer(&saved)?))
            }
            Err(other) => Err(other.into()),
        }
    }
}

impl Sealed {
    fn answer(&self, saved: &SealedAnswer) -> Result<HttpResponse> {
        if saved.request_mac != self.request_mac {
            return Err(ApiError::invalid(
                "Idempotency-Key",
                "idempotency_key_reused",
                "this Idempotency-Key was used for a different request; use a new key",
            ));
        }
        let status = u16::try_from(saved.response_status)
            .ok()
            .and_then(|status| StatusCode::from_u16(status).ok())
            .unwrap_or(StatusCode::OK);
        Ok(HttpResponse::build(status)
            .content_type(ContentType::json())
            .insert_header(("Idempotent-Replayed", "true"))
            .body(self.seal.open(&saved.sealed_response).ok_or_else(|| {
                ApiError::Internal(anyhow::anyhow!(
                    "a stored answer does not open with its key"
                ))
            })?))
    }
}

/// A JSON answer with `status` and an already serialised body.
pub fn json_response(status: StatusCode, body: String) -> HttpResponse {
    HttpResponse::build(status)
        .content_type(ContentType::json())
        .body(body)
}

/// Serialises an answer for storing and sending.
pub fn to_body(value: &impl Serialize) -> Result<String> {
    serde_json::to_string(value).map_err(|e| ApiError::Internal(e.into()))
}
