//! `POST /api/v1/holds`, `DELETE /api/v1/holds/{id}`: keep a time while the citizen types.

use super::defences::ProofOfWork;
use crate::error::{ApiError, Result};
use crate::scheduling::booking;
use crate::startup::AppState;
use actix_web::{HttpResponse, delete, post, web};
use shared::bookings::{CreateHold, Hold};
use shared::ids::{HoldId, OfficeId};
use shared::problem::Problem;

/// Reserves the capacity of one appointment for the office's hold duration. Expired holds free
/// their capacity by themselves.
#[utoipa::path(post, path = "/api/v1/holds", tag = "holds", request_body = CreateHold,
    params(("X-Proof-Of-Work" = Option<String>, Header, description = "`<challenge token>:<nonce>` solving a challenge from GET /api/v1/challenge (required when the server's difficulty is above 0)")),
    responses(
        (status = 201, description = "Held until `expires_at`", body = Hold),
        (status = 403, description = "`pow_required`, `pow_invalid`, `pow_expired` or `pow_reused`", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "`slot_taken`: no capacity left at this start", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Unknown office, service not offered, quantity out of range, start not bookable", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "`rate_limited`; retry after `Retry-After` seconds", body = Problem, content_type = "application/problem+json"),
    ))]
#[post("/holds")]
pub async fn create(
    state: web::Data<AppState>,
    metrics: web::Data<crate::metrics::Metrics>,
    _proof: ProofOfWork,
    body: web::Json<CreateHold>,
) -> Result<HttpResponse> {
    let now = state.clock.now();
    let request = body.into_inner();
    let mut tx = state.db.begin().await?;
    let hold = booking::create_hold(
        &mut tx,
        now,
        request.office_id,
        &request.services,
        request.start.to_utc(),
    )
    .await?;
    tx.commit().await?;
    metrics.holds.inc();
    Ok(HttpResponse::Created().json(Hold {
        id: HoldId(hold.hold_id),
        office_id: OfficeId(hold.office_id),
        start: hold.start.with_timezone(&hold.time_zone).fixed_offset(),
        end: hold.end.with_timezone(&hold.time_zone).fixed_offset(),
        expires_at: hold.expires_at,
    }))
}

/// Gives a hold's capacity back at once (e.g. the citizen picked another time).
#[utoipa::path(delete, path = "/api/v1/holds/{id}", tag = "holds",
    params(("id" = uuid::Uuid, Path, description = "The hold id")),
    responses(
        (status = 204, description = "Released (also when it had already expired)"),
        (status = 404, description = "No such hold, or it became a booking", body = Problem, content_type = "application/problem+json"),
    ))]
#[delete("/holds/{id}")]
pub async fn release(state: web::Data<AppState>, id: web::Path<String>) -> Result<HttpResponse> {
    let id: uuid::Uuid = id.parse().map_err(|_| ApiError::NotFound)?;
    let mut tx = state.db.begin().await?;
    booking::release_hold(&mut tx, state.clock.now(), &id.to_string()).await?;
    tx.commit().await?;
    Ok(HttpResponse::NoContent().finish())
}
