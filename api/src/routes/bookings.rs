//! `/api/v1/bookings`: book, and — with the manage token as bearer — view, cancel, reschedule,
//! download the calendar file; activate with the activation token.

use super::defences::ProofOfWork;
use super::extract::{BearerToken, IdempotencyKey};
use super::idempotency::{Idempotency, Saved, json_response, to_body};
use super::portal::PortalClient;
use super::retry;
use super::state::AppState;
use crate::error::Result;
use crate::scheduling::plan::BookingInput;
use crate::scheduling::{Context, booking, manage};
use actix_web::http::StatusCode;
use actix_web::http::header;
use actix_web::{HttpResponse, get, post, web};
use shared::bookings::{Booking, CancelRequest, CreateBooking, RescheduleRequest};
use shared::ids::AppointmentId;
use shared::problem::Problem;

const IDEMPOTENCY_SCOPE: &str = "bookings";

/// Books one or more appointments at once: all or nothing. With an `Idempotency-Key`, a retry
/// returns the original response instead of booking again. A portal authenticated with its
/// API key (`bookings:write`) needs no proof of work; the booking is recorded as made by it,
/// and the citizen still gets every email.
#[utoipa::path(post, path = "/api/v1/bookings", tag = "bookings", request_body = CreateBooking,
    params(
        ("Idempotency-Key" = Option<String>, Header, description = "Client-chosen key (1–255 visible ASCII characters); a retry with the same key and body returns the original response (with `Idempotent-Replayed: true`)"),
        ("X-Proof-Of-Work" = Option<String>, Header, description = "`<challenge token>:<nonce>` solving a challenge from GET /api/v1/challenge (required when the server's difficulty is above 0; not with an API key)"),
    ),
    security((), ("api_key" = [])),
    responses(
        (status = 201, description = "Booked. `manage_token` is shown only here.", body = Booking),
        (status = 400, description = "Malformed JSON or `invalid_idempotency_key`", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "`invalid_api_key`: the X-Api-Key is unknown or revoked", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "`pow_required`, `pow_invalid`, `pow_expired` or `pow_reused`; with an API key `scope_missing` or `office_not_allowed`", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "`slot_taken` (someone was faster) or `email_limit_reached`", body = Problem, content_type = "application/problem+json"),
        (status = 410, description = "`hold_expired`", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`validation_failed` with the failing fields, or `idempotency_key_reused` with another body", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "`rate_limited` (per address) or `quota_exceeded` (per API client); retry after `Retry-After` seconds", body = Problem, content_type = "application/problem+json"),
    ))]
#[post("/bookings")]
pub async fn create(
    state: web::Data<AppState>,
    key: IdempotencyKey,
    portal: Option<PortalClient>,
    _proof: ProofOfWork,
    body: web::Json<CreateBooking>,
) -> Result<HttpResponse> {
    let request = body.into_inner();
    if let Some(portal) = &portal {
        for appointment in &request.appointments {
            portal.require_office(appointment.office_id.0)?;
        }
    }
    let scope = PortalClient::idempotency_scope(portal.as_ref(), IDEMPOTENCY_SCOPE);
    let idempotency = Idempotency::new(scope, key, &request)?;
    let input = BookingInput::parse(request)?;
    let portal = portal.as_ref().map(|portal| &portal.0);
    retry::on_contention(async || {
        let context = state.context();
        let mut tx = state.db.begin().await?;
        if let Some(replayed) = idempotency.replay(&mut tx).await? {
            return Ok(replayed);
        }
        let booking = booking::book(&mut tx, &context, &input, portal).await?;
        let body = to_body(&booking)?;
        let saved = idempotency.save(&state.db, tx, StatusCode::CREATED, &body, context.now);
        match saved.await? {
            Saved::Fresh(tx) => tx.commit().await?,
            Saved::Replayed(response) => return Ok(response),
        }
        Ok(json_response(StatusCode::CREATED, body))
    })
    .await
}

/// The booking, for the holder of its manage token.
#[utoipa::path(get, path = "/api/v1/bookings/{reference}", tag = "bookings",
    params(("reference" = String, Path, description = "Booking reference, e.g. PW-7K3M-Q9")),
    security(("manage_token" = []), ("manage_token" = [], "api_key" = [])),
    responses(
        (status = 200, description = "The booking", body = Booking),
        (status = 401, description = "No bearer token", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "Unknown reference or wrong token (deliberately the same)", body = Problem, content_type = "application/problem+json"),
    ))]
#[get("/bookings/{reference}")]
pub async fn show(
    state: web::Data<AppState>,
    reference: web::Path<String>,
    token: BearerToken,
) -> Result<HttpResponse> {
    let mut tx = state.db.begin_read().await?;
    let booking = manage::show(&mut tx, state.clock.now(), &reference, &token.0).await?;
    Ok(HttpResponse::Ok().json(booking))
}

/// Cancels some appointments (or all, without `appointment_ids`). Their capacity is bookable
/// again at once (or after the office's cooldown).
#[utoipa::path(post, path = "/api/v1/bookings/{reference}/cancel", tag = "bookings",
    params(("reference" = String, Path, description = "Booking reference")),
    request_body = CancelRequest, security(("manage_token" = []), ("manage_token" = [], "api_key" = [])),
    responses(
        (status = 200, description = "The booking after cancelling", body = Booking),
        (status = 401, description = "No bearer token", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "Unknown reference or wrong token", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "`appointment_started` or `not_cancellable`", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "An appointment id is not part of the booking", body = Problem, content_type = "application/problem+json"),
    ))]
#[post("/bookings/{reference}/cancel")]
pub async fn cancel(
    state: web::Data<AppState>,
    reference: web::Path<String>,
    token: BearerToken,
    body: Option<web::Json<CancelRequest>>,
) -> Result<HttpResponse> {
    let request = body.map(web::Json::into_inner).unwrap_or_default();
    write(&state, async |tx, context| {
        manage::cancel(tx, context, &reference, &token.0, &request).await
    })
    .await
}

/// The shape of the manage requests: the use case in a write transaction (run again after a
/// lost race), the booking as the answer.
async fn write(
    state: &AppState,
    mut use_case: impl AsyncFnMut(
        &mut crate::store::Tx,
        &Context<'_>,
    ) -> crate::scheduling::Result<Booking>,
) -> Result<HttpResponse> {
    let booking = retry::in_transaction(&state.db, async |tx| {
        Ok(use_case(tx, &state.context()).await?)
    })
    .await?;
    Ok(HttpResponse::Ok().json(booking))
}

/// Moves one appointment to another start (same office and services). The new time is taken
/// and the old one released in one step.
#[utoipa::path(post, path = "/api/v1/bookings/{reference}/appointments/{id}/reschedule", tag = "bookings",
    params(("reference" = String, Path, description = "Booking reference"), ("id" = i64, Path, description = "Appointment id")),
    request_body = RescheduleRequest, security(("manage_token" = []), ("manage_token" = [], "api_key" = [])),
    responses(
        (status = 200, description = "The booking after moving", body = Booking),
        (status = 401, description = "No bearer token", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "Unknown reference, appointment or wrong token", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "`slot_taken`, `appointment_started` or `not_reschedulable`", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "The new start is not bookable", body = Problem, content_type = "application/problem+json"),
    ))]
#[post("/bookings/{reference}/appointments/{id}/reschedule")]
pub async fn reschedule(
    state: web::Data<AppState>,
    path: web::Path<(String, i64)>,
    token: BearerToken,
    body: web::Json<RescheduleRequest>,
) -> Result<HttpResponse> {
    let (reference, appointment_id) = path.into_inner();
    let appointment_id = AppointmentId(appointment_id);
    write(&state, async |tx, context| {
        manage::reschedule(tx, context, &reference, &token.0, appointment_id, &body).await
    })
    .await
}

/// The booking's active appointments as an iCalendar file.
#[utoipa::path(get, path = "/api/v1/bookings/{reference}/calendar.ics", tag = "bookings",
    params(("reference" = String, Path, description = "Booking reference")),
    security(("manage_token" = []), ("manage_token" = [], "api_key" = [])),
    responses(
        (status = 200, description = "RFC 5545 calendar, one event per active appointment", content_type = "text/calendar", body = String),
        (status = 401, description = "No bearer token", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "Unknown reference or wrong token", body = Problem, content_type = "application/problem+json"),
    ))]
#[get("/bookings/{reference}/calendar.ics")]
pub async fn calendar_file(
    state: web::Data<AppState>,
    reference: web::Path<String>,
    token: BearerToken,
) -> Result<HttpResponse> {
    let context = state.context();
    let mut tx = state.db.begin_read().await?;
    let file = manage::calendar(&mut tx, &context, &reference, &token.0).await?;
    Ok(HttpResponse::Ok()
        .content_type("text/calendar; charset=utf-8")
        .insert_header((
            header::CONTENT_DISPOSITION,
            format!("attachment; filename=\"{}\"", file.file_name),
        ))
        .body(file.body))
}

/// Confirms a booking that needs activation, with the token from the activation email.
#[utoipa::path(post, path = "/api/v1/bookings/{reference}/activate", tag = "bookings",
    params(("reference" = String, Path, description = "Booking reference")),
    security(("activation_token" = [])),
    responses(
        (status = 200, description = "Confirmed", body = Booking),
        (status = 401, description = "No bearer token", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "Unknown reference, wrong or used-up token", body = Problem, content_type = "application/problem+json"),
        (status = 410, description = "`activation_expired`: the deadline passed and the capacity was released", body = Problem, content_type = "application/problem+json"),
    ))]
#[post("/bookings/{reference}/activate")]
pub async fn activate(
    state: web::Data<AppState>,
    reference: web::Path<String>,
    token: BearerToken,
) -> Result<HttpResponse> {
    write(&state, async |tx, context| {
        manage::activate(tx, context, &reference, &token.0).await
    })
    .await
}
