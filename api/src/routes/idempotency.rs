//! `Idempotency-Key` over HTTP (see `crate::idempotency`): a replayed answer carries
//! `Idempotent-Replayed: true`; the same key with another body is `422 idempotency_key_reused`.

use super::extract::IdempotencyKey;
use super::retry;
use super::state::AppState;
use crate::error::{ApiError, Result};
use crate::idempotency::{self as idempotent, Answer, Refused};
use crate::store::{Db, Tx};
use actix_web::HttpResponse;
use actix_web::http::StatusCode;
use actix_web::http::header::ContentType;
use chrono::{DateTime, Utc};
use serde::Serialize;

/// The idempotency of one request.
#[derive(Debug)]
pub struct Idempotency(idempotent::Idempotency);

/// What became of saving an answer.
#[derive(Debug)]
pub enum Saved {
    /// Saved (or no key was sent): commit the transaction and answer.
    Fresh(Tx),
    /// A concurrent request with the same key won; its answer (the transaction was rolled back).
    Replayed(HttpResponse),
}

impl Idempotency {
    /// `scope` names the endpoint and, where it matters, the caller.
    pub fn new(scope: String, key: IdempotencyKey, request: &impl Serialize) -> Result<Self> {
        idempotent::Idempotency::new(scope, key.0, request)
            .map(Idempotency)
            .map_err(|error| ApiError::Internal(error.into()))
    }

    /// The stored answer to an earlier request with this key, if there is one.
    pub async fn replay(&self, tx: &mut Tx) -> Result<Option<HttpResponse>> {
        Ok(self.0.replay(tx).await.map_err(refused)?.map(replayed))
    }

    /// Stores `body` as the answer inside `tx` (not committed yet).
    pub async fn save(
        &self,
        db: &Db,
        tx: Tx,
        status: StatusCode,
        body: &str,
        now: DateTime<Utc>,
    ) -> Result<Saved> {
        match self.0.save(db, tx, status.as_u16(), body, now).await {
            Ok(idempotent::Saved::Fresh(tx)) => Ok(Saved::Fresh(tx)),
            Ok(idempotent::Saved::Replayed(answer)) => Ok(Saved::Replayed(replayed(answer))),
            Err(error) => Err(refused(error)),
        }
    }
}

fn replayed(answer: Answer) -> HttpResponse {
    let status = StatusCode::from_u16(answer.status).unwrap_or(StatusCode::OK);
    HttpResponse::build(status)
        .content_type(ContentType::json())
        .insert_header(("Idempotent-Replayed", "true"))
        .body(answer.body)
}

fn refused(refused: Refused) -> ApiError {
    match refused {
        Refused::KeyReused => ApiError::invalid(
            "Idempotency-Key",
            "idempotency_key_reused",
            refused.to_string(),
        ),
        Refused::Store(store) => store.into(),
        other => ApiError::Internal(other.into()),
    }
}

impl Idempotency {
    /// The shape of most creating POSTs: `work` inside a write transaction — unless an earlier
    /// request with this key was answered, which is replayed —, its result answered `201` and
    /// saved as the answer in the same transaction, all of it run again after a lost race.
    pub async fn created<T: Serialize>(
        &self,
        state: &AppState,
        mut work: impl AsyncFnMut(&mut Tx) -> Result<T>,
    ) -> Result<HttpResponse> {
        retry::on_contention(async || {
            let mut tx = state.db.begin().await?;
            if let Some(replayed) = self.replay(&mut tx).await? {
                return Ok(replayed);
            }
            let body = to_body(&work(&mut tx).await?)?;
            let now = state.clock.now();
            match self
                .save(&state.db, tx, StatusCode::CREATED, &body, now)
                .await?
            {
                Saved::Fresh(tx) => tx.commit().await?,
                Saved::Replayed(response) => return Ok(response),
            }
            Ok(json_response(StatusCode::CREATED, body))
        })
        .await
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
