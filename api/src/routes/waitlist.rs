//! `/api/v1/waitlist`: join (proof of work, then double opt-in by email); with the entry's
//! token as bearer, view, confirm and leave it; with an offer's own token, view, accept (one
//! POST books it) and decline the offer.

use super::defences::ProofOfWork;
use super::extract::{BearerToken, IdempotencyKey};
use super::idempotency::Idempotency;
use super::retry;
use super::state::AppState;
use crate::error::{ApiError, Result};
use crate::scheduling::waitlist::entries::{self, JoinInput};
use crate::scheduling::waitlist::offers;
use actix_web::http::StatusCode;
use actix_web::{HttpResponse, delete, get, post, web};
use shared::bookings::Booking;
use shared::ids::AppointmentId;
use shared::problem::Problem;
use shared::waitlist::{
    JoinWaitlist, WaitlistEntry, WaitlistEntryId, WaitlistJoined, WaitlistOffer, WaitlistOfferId,
};

/// Joins the waitlist for one appointment with these services. An email asks to confirm the
/// address; only a confirmed entry takes its place in line. Freed appointments that suit are
/// then offered in the order of the line, each kept for the office's `waitlist_offer_minutes`.
#[utoipa::path(post, path = "/api/v1/waitlist", tag = "waitlist", request_body = JoinWaitlist,
    params(
        ("X-Proof-Of-Work" = Option<String>, Header, description = "`<challenge token>:<nonce>` solving a challenge from GET /api/v1/challenge (required when the server's difficulty is above 0)"),
    ),
    responses(
        (status = 202, description = "Recorded; the confirmation email is on its way", body = WaitlistJoined),
        (status = 403, description = "`pow_required`, `pow_invalid`, `pow_expired` or `pow_reused`", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "`waitlist_closed` (no chosen office keeps a waitlist for these services) or `waitlist_limit_reached` (this address waits for the most appointments allowed)", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`validation_failed`: services, offices, days, times of day or the citizen's details", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "`rate_limited`; retry after `Retry-After` seconds", body = Problem, content_type = "application/problem+json"),
    ))]
#[post("/waitlist")]
pub async fn join(
    state: web::Data<AppState>,
    _proof: ProofOfWork,
    body: web::Json<JoinWaitlist>,
) -> Result<HttpResponse> {
    let input = JoinInput::parse(body.into_inner())?;
    let joined = retry::in_transaction(&state.db, async |tx| {
        Ok(entries::join(tx, &state.context(), &input).await?)
    })
    .await?;
    Ok(HttpResponse::Accepted().json(joined))
}

/// Waits for an earlier time of one appointment of the booking (same office and services,
/// until the day it starts), with the booking's manage token. The entry takes its place in
/// line at once and an email links to it; an accepted offer moves the appointment, like a
/// reschedule. Asking again returns the same entry.
#[utoipa::path(post, path = "/api/v1/bookings/{reference}/appointments/{appointment_id}/earlier", tag = "waitlist",
    params(("reference" = String, Path, description = "Booking reference"), ("appointment_id" = i64, Path, description = "Appointment id")),
    security(("manage_token" = [])),
    responses(
        (status = 201, description = "Waiting for an earlier time (`waiting`, or `offered` when one is free now)", body = WaitlistEntry),
        (status = 401, description = "No bearer token", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "Unknown reference, appointment or wrong token", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "`not_movable` or `appointment_started` (cancelled or begun), `waitlist_closed` (the office keeps no waitlist)", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "`rate_limited`; retry after `Retry-After` seconds", body = Problem, content_type = "application/problem+json"),
    ))]
#[post("/bookings/{reference}/appointments/{appointment_id}/earlier")]
pub async fn ask_for_earlier(
    state: web::Data<AppState>,
    path: web::Path<(String, i64)>,
    token: BearerToken,
) -> Result<HttpResponse> {
    let (reference, appointment_id) = path.into_inner();
    let entry = retry::in_transaction(&state.db, async |tx| {
        Ok(entries::ask_for_earlier(
            tx,
            &state.context(),
            &reference,
            &token.0,
            AppointmentId(appointment_id),
        )
        .await?)
    })
    .await?;
    Ok(HttpResponse::Created().json(entry))
}

/// The entry, for the holder of its token (from the confirmation email).
#[utoipa::path(get, path = "/api/v1/waitlist/{entry_id}", tag = "waitlist",
    params(("entry_id" = uuid::Uuid, Path, description = "The entry's id")),
    security(("waitlist_token" = [])),
    responses(
        (status = 200, description = "The entry", body = WaitlistEntry),
        (status = 401, description = "No bearer token", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "Unknown entry or wrong token (deliberately the same)", body = Problem, content_type = "application/problem+json"),
    ))]
#[get("/waitlist/{entry_id}")]
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

/// Confirms the address (the second step of the double opt-in): the entry takes its place at
/// the end of the line. What suits it and is free now is offered at once. Confirming again
/// changes nothing.
#[utoipa::path(post, path = "/api/v1/waitlist/{entry_id}/confirm", tag = "waitlist",
    params(("entry_id" = uuid::Uuid, Path, description = "The entry's id")),
    security(("waitlist_token" = [])),
    responses(
        (status = 200, description = "Confirmed: `waiting`, or `offered` when something suited at once", body = WaitlistEntry),
        (status = 401, description = "No bearer token", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "Unknown entry or wrong token", body = Problem, content_type = "application/problem+json"),
        (status = 410, description = "`waitlist_entry_expired`: not confirmed in time, or its last day passed", body = Problem, content_type = "application/problem+json"),
    ))]
#[post("/waitlist/{entry_id}/confirm")]
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

/// Leaves the waitlist. An open offer is given back and goes to the next in line.
#[utoipa::path(delete, path = "/api/v1/waitlist/{entry_id}", tag = "waitlist",
    params(("entry_id" = uuid::Uuid, Path, description = "The entry's id")),
    security(("waitlist_token" = [])),
    responses(
        (status = 204, description = "Left (also when it had ended before)"),
        (status = 401, description = "No bearer token", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "Unknown entry or wrong token", body = Problem, content_type = "application/problem+json"),
    ))]
#[delete("/waitlist/{entry_id}")]
pub async fn leave(
    state: web::Data<AppState>,
    entry_id: web::Path<String>,
    token: BearerToken,
) -> Result<HttpResponse> {
    let entry_id = entry_id_of(&entry_id)?;
    retry::in_transaction(&state.db, async |tx| {
        Ok(entries::leave(tx, &state.context(), entry_id, &token.0).await?)
    })
    .await?;
    Ok(HttpResponse::NoContent().finish())
}

/// The offer, for the holder of its token (from the offer email).
#[utoipa::path(get, path = "/api/v1/waitlist/offers/{offer_id}", tag = "waitlist",
    params(("offer_id" = uuid::Uuid, Path, description = "The offer's id")),
    security(("offer_token" = [])),
    responses(
        (status = 200, description = "The offer", body = WaitlistOffer),
        (status = 401, description = "No bearer token", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "Unknown offer or wrong token", body = Problem, content_type = "application/problem+json"),
    ))]
#[get("/waitlist/offers/{offer_id}")]
pub async fn show_offer(
    state: web::Data<AppState>,
    offer_id: web::Path<String>,
    token: BearerToken,
) -> Result<HttpResponse> {
    let offer_id = offer_id_of(&offer_id)?;
    let mut tx = state.db.begin_read().await?;
    let offer = offers::show(&mut tx, &state.context(), offer_id, &token.0).await?;
    Ok(HttpResponse::Ok().json(offer))
}

/// Books the offered appointment for the entry's citizen, who gets the usual confirmation
/// email. With an `Idempotency-Key`, a retry returns the first answer.
#[utoipa::path(post, path = "/api/v1/waitlist/offers/{offer_id}/accept", tag = "waitlist",
    params(
        ("offer_id" = uuid::Uuid, Path, description = "The offer's id"),
        ("Idempotency-Key" = Option<String>, Header, description = "Client-chosen key; a retry with the same key returns the original response"),
    ),
    security(("offer_token" = [])),
    responses(
        (status = 201, description = "Booked. `manage_token` is shown only here (and a fresh one is in the confirmation email). For a wish for an earlier appointment: the booking with that appointment moved (no new manage token).", body = Booking),
        (status = 401, description = "No bearer token", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "Unknown offer or wrong token", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "`offer_declined`, `offer_accepted`, `email_limit_reached`, or `not_reschedulable` (the appointment to move earlier was cancelled or has begun)", body = Problem, content_type = "application/problem+json"),
        (status = 410, description = "`offer_lapsed`: its time ran out and the appointment went to the next in line", body = Problem, content_type = "application/problem+json"),
    ))]
#[post("/waitlist/offers/{offer_id}/accept")]
pub async fn accept(
    state: web::Data<AppState>,
    offer_id: web::Path<String>,
    key: IdempotencyKey,
    token: BearerToken,
) -> Result<HttpResponse> {
    let offer_id = offer_id_of(&offer_id)?;
    let idempotency = Idempotency::new(
        format!("waitlist_offers/{offer_id}"),
        key,
        &offer_id.to_string(),
    )?;
    idempotency
        .created(&state, async |tx| -> Result<Booking> {
            Ok(offers::accept(tx, &state.context(), offer_id, &token.0).await?)
        })
        .await
}

/// Declines the offer: the appointment goes to the next in line at once, and the entry waits
/// again, behind those waiting now. Declining again changes nothing.
#[utoipa::path(post, path = "/api/v1/waitlist/offers/{offer_id}/decline", tag = "waitlist",
    params(("offer_id" = uuid::Uuid, Path, description = "The offer's id")),
    security(("offer_token" = [])),
    responses(
        (status = 200, description = "The offer, now `declined` (or as it was decided before)", body = WaitlistOffer),
        (status = 401, description = "No bearer token", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "Unknown offer or wrong token", body = Problem, content_type = "application/problem+json"),
    ))]
#[post("/waitlist/offers/{offer_id}/decline")]
pub async fn decline(
    state: web::Data<AppState>,
    offer_id: web::Path<String>,
    token: BearerToken,
) -> Result<HttpResponse> {
    let offer_id = offer_id_of(&offer_id)?;
    let offer = retry::in_transaction(&state.db, async |tx| {
        Ok(offers::decline(tx, &state.context(), offer_id, &token.0).await?)
    })
    .await?;
    Ok(HttpResponse::build(StatusCode::OK).json(offer))
}

fn entry_id_of(raw: &str) -> Result<WaitlistEntryId> {
    raw.parse()
        .map(WaitlistEntryId)
        .map_err(|_| ApiError::NotFound)
}

fn offer_id_of(raw: &str) -> Result<WaitlistOfferId> {
    raw.parse()
        .map(WaitlistOfferId)
        .map_err(|_| ApiError::NotFound)
}
