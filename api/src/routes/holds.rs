//! `POST /api/v1/holds`, `DELETE /api/v1/holds/{id}`: keep a time while the citizen types.

use super::defences::ProofOfWork;
use super::extract::IdempotencyKey;
use super::idempotency::Idempotency;
use super::portal::PortalClient;
use super::retry;
use super::state::AppState;
use crate::error::{ApiError, Result};
use crate::scheduling::holds;
use actix_web::{HttpResponse, delete, post, web};
use shared::bookings::{CreateHold, Hold};
use shared::ids::HoldId;
use shared::problem::Problem;

/// Reserves the capacity of one appointment for the office's hold duration. Expired holds free
/// their capacity by themselves. With an `Idempotency-Key`, a retry returns the same hold.
#[utoipa::path(post, path = "/api/v1/holds", tag = "holds", request_body = CreateHold,
    params(
        ("Idempotency-Key" = Option<String>, Header, description = "Client-chosen key (1–255 visible ASCII characters); a retry with the same key and body returns the original hold (with `Idempotent-Replayed: true`)"),
        ("X-Proof-Of-Work" = Option<String>, Header, description = "`<challenge token>:<nonce>` solving a challenge from GET /api/v1/challenge (required when the server's difficulty is above 0; not with an API key)"),
    ),
    security((), ("api_key" = [])),
    responses(
        (status = 201, description = "Held until `expires_at`", body = Hold),
        (status = 400, description = "Malformed JSON or `invalid_idempotency_key`", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "`invalid_api_key`: the X-Api-Key is unknown or revoked", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "`pow_required`, `pow_invalid`, `pow_expired` or `pow_reused`; with an API key `scope_missing` or `office_not_allowed`", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "`slot_taken`: no capacity left at this start", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Unknown office, service not offered, quantity out of range, start not bookable; `idempotency_key_reused` with another body", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "`rate_limited` (per address) or `quota_exceeded` (per API client); retry after `Retry-After` seconds", body = Problem, content_type = "application/problem+json"),
    ))]
#[post("/holds")]
pub async fn create(
    state: web::Data<AppState>,
    key: IdempotencyKey,
    portal: Option<PortalClient>,
    _proof: ProofOfWork,
    body: web::Json<CreateHold>,
) -> Result<HttpResponse> {
    let request = body.into_inner();
    if let Some(portal) = &portal {
        portal.require_office(request.office_id.0)?;
    }
    let scope = PortalClient::idempotency_scope(portal.as_ref(), "holds");
    let idempotency = Idempotency::new(scope, key, &request)?;
    idempotency
        .created(&state, async |tx| {
            Ok(holds::hold(tx, &state.context(), &request).await?)
        })
        .await
}

/// Gives a hold's capacity back at once (e.g. the citizen picked another time).
#[utoipa::path(delete, path = "/api/v1/holds/{id}", tag = "holds",
    params(("id" = uuid::Uuid, Path, description = "The hold id")),
    security((), ("api_key" = [])),
    responses(
        (status = 204, description = "Released (also when it had already expired)"),
        (status = 404, description = "No such hold, or it became a booking", body = Problem, content_type = "application/problem+json"),
    ))]
#[delete("/holds/{id}")]
pub async fn release(state: web::Data<AppState>, id: web::Path<String>) -> Result<HttpResponse> {
    let id = HoldId(id.parse().map_err(|_| ApiError::NotFound)?);
    retry::in_transaction(&state.db, async |tx| {
        Ok(holds::release(tx, &state.context(), id).await?)
    })
    .await?;
    Ok(HttpResponse::NoContent().finish())
}
