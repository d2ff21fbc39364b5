//! Fair release: today's round of an office (`/api/v1/offices/{office_id}/release`), and
//! entries in its draw (`/api/v1/release-entries…`: enter with proof of work, then, with the
//! entry's token as bearer, view and confirm it).

use super::defences::ProofOfWork;
use super::extract::BearerToken;
use super::retry;
use super::state::AppState;
use crate::error::{ApiError, Result};
use crate::scheduling::release::{self, entries, entries::EnterInput};
use actix_web::{HttpResponse, get, post, web};
use shared::ids::OfficeId;
use shared::problem::Problem;
use shared::release::{EnterRelease, ReleaseEntered, ReleaseEntry, ReleaseEntryId, ReleaseRound};

/// Today's release at an office with a release window: which day opens, when entries are
/// taken (the day is not bookable meanwhile), and the draw once done — with its seed, so the
/// order can be replayed.
#[utoipa::path(get, path = "/api/v1/offices/{office_id}/release", tag = "release",
    params(
        ("office_id" = i64, Path, description = "The office"),
        ("services" = Option<String>, Query, description = "Services with quantities (`<service id>:<quantity>,…`): list the day's starts for them", example = "1:1",
            pattern = r"^[0-9]{1,18}(:[0-9]{1,9})?(,[0-9]{1,18}(:[0-9]{1,9})?){0,9}$"),
    ),
    responses(
        (status = 200, description = "Today's round", body = ReleaseRound),
        (status = 404, description = "Unknown office, or it releases first come, first served", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`services`: malformed, not offered online here, or quantities out of range", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "`rate_limited`; retry after `Retry-After` seconds", body = Problem, content_type = "application/problem+json"),
    ))]
#[get("/offices/{office_id}/release")]
pub async fn round(
    state: web::Data<AppState>,
    office_id: web::Path<i64>,
    query: web::Query<RoundQuery>,
) -> Result<HttpResponse> {
    let services = query
        .services
        .as_deref()
        .map(super::availability::parse_selection)
        .transpose()?;
    let mut tx = state.db.begin_read().await?;
    let office_id = OfficeId(office_id.into_inner());
    let round =
        release::show_round(&mut tx, &state.context(), office_id, services.as_deref()).await?;
    Ok(HttpResponse::Ok().json(round))
}

#[derive(Debug, serde::Deserialize)]
pub struct RoundQuery {
    services: Option<String>,
}

/// Enters the draw of the day the office is releasing now, for one appointment with these
/// services at one of these times (none: any time). An email asks to confirm the address;
/// only confirmed entries are drawn, one per address. When the entry is made within the
/// window does not matter.
#[utoipa::path(post, path = "/api/v1/release-entries", tag = "release", request_body = EnterRelease,
    params(
        ("X-Proof-Of-Work" = Option<String>, Header, description = "`<challenge token>:<nonce>` solving a challenge from GET /api/v1/challenge (required when the server's difficulty is above 0)"),
    ),
    responses(
        (status = 202, description = "Recorded; the confirmation email is on its way", body = ReleaseEntered),
        (status = 403, description = "`pow_required`, `pow_invalid`, `pow_expired` or `pow_reused`", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "`release_not_open`: the office takes no entries now", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`validation_failed`: office, services, times or the citizen's details", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "`rate_limited`; retry after `Retry-After` seconds", body = Problem, content_type = "application/problem+json"),
    ))]
#[post("/release-entries")]
pub async fn enter(
    state: web::Data<AppState>,
    _proof: ProofOfWork,
    body: web::Json<EnterRelease>,
) -> Result<HttpResponse> {
    let input = EnterInput::parse(body.into_inner())?;
    let entered = retry::in_transaction(&state.db, async |tx| {
        Ok(entries::enter(tx, &state.context(), &input).await?)
    })
    .await?;
    Ok(HttpResponse::Accepted().json(entered))
}

/// The entry, for the holder of its token (from the confirmation email): its state, and
/// after the draw its place in the drawn order and the booking it got.
#[utoipa::path(get, path = "/api/v1/release-entries/{entry_id}", tag = "release",
    params(("entry_id" = uuid::Uuid, Path, description = "The entry's id")),
    security(("release_token" = [])),
    responses(
        (status = 200, description = "The entry", body = ReleaseEntry),
        (status = 401, description = "No bearer token", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "Unknown entry or wrong token (deliberately the same)", body = Problem, content_type = "application/problem+json"),
    ))]
#[get("/release-entries/{entry_id}")]
pub async fn show(
    state: web::Data<AppState>,
    entry_id: web::Path<String>,
    token: BearerToken,
) -> Result<HttpResponse> {
    let entry_id = entry_id_of(&entry_id)?;
    let mut tx = state.db.begin_read().await?;
    let entry = entries::show(&mut tx, &state.context(), entry_id, &token.0).await?;
    Ok(HttpResponse::Ok().json(entry))
}

/// Confirms the address: the entry takes part in the draw. Confirming again changes nothing.
#[utoipa::path(post, path = "/api/v1/release-entries/{entry_id}/confirm", tag = "release",
    params(("entry_id" = uuid::Uuid, Path, description = "The entry's id")),
    security(("release_token" = [])),
    responses(
        (status = 200, description = "Confirmed: `entered`", body = ReleaseEntry),
        (status = 401, description = "No bearer token", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "Unknown entry or wrong token", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "`release_address_entered`: another entry of this address takes part already", body = Problem, content_type = "application/problem+json"),
        (status = 410, description = "`release_entry_too_late`: the window closed before it was confirmed", body = Problem, content_type = "application/problem+json"),
    ))]
#[post("/release-entries/{entry_id}/confirm")]
pub async fn confirm(
    state: web::Data<AppState>,
    entry_id: web::Path<String>,
    token: BearerToken,
) -> Result<HttpResponse> {
    let entry_id = entry_id_of(&entry_id)?;
    let entry = retry::in_transaction(&state.db, async |tx| {
        Ok(entries::confirm(tx, &state.context(), entry_id, &token.0).await?)
    })
    .await?;
    Ok(HttpResponse::Ok().json(entry))
}

fn entry_id_of(raw: &str) -> Result<ReleaseEntryId> {
    raw.parse()
        .map(ReleaseEntryId)
        .map_err(|_| ApiError::NotFound)
}
