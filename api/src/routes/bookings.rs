//! `/api/v1/bookings`: book, and — with the manage token as bearer — view, cancel, reschedule,
//! download the calendar file; activate with the activation token.

use super::defences::ProofOfWork;
use super::extract::{BearerToken, IdempotencyKey};
use super::idempotency::{Idempotency, Saved, json_response, to_body};
use super::portal::PortalClient;
use crate::domain::schedule::Channel;
use crate::error::CONTENTION;
use crate::error::{ApiError, Result};
use crate::mail::ics;
use crate::mail::templates::Notice;
use crate::metrics::Metrics;
use crate::portal::events;
use crate::scheduling::{booking, catalog, notifications};
use crate::startup::AppState;
use crate::store::api_clients;
use crate::store::bookings as stored;
use actix_web::http::StatusCode;
use actix_web::http::header;
use actix_web::{HttpResponse, get, post, web};
use shared::bookings::{Booking, CancelRequest, CreateBooking, RescheduleRequest};
use shared::ids::AppointmentId;
use shared::portal::WebhookEventType;
use shared::problem::Problem;

const IDEMPOTENCY_SCOPE: &str = "bookings";
/// How often a transaction that lost a database race (deadlock, serialization) is retried.
const ATTEMPTS: usize = 3;

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
    metrics: web::Data<Metrics>,
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
    let idempotency = Idempotency::new(
        PortalClient::idempotency_scope(portal.as_ref(), IDEMPOTENCY_SCOPE),
        key,
        &request,
    )?;
    let input = booking::BookingInput::parse(request)?;
    for attempt in 1..=ATTEMPTS {
        match book_once(&state, &metrics, &idempotency, portal.as_ref(), &input).await {
            Err(ApiError::Conflict {
                code: CONTENTION, ..
            }) if attempt < ATTEMPTS => continue,
            other => return other,
        }
    }
    unreachable!("the last attempt returns")
}

async fn book_once(
    state: &AppState,
    metrics: &Metrics,
    idempotency: &Idempotency,
    portal: Option<&PortalClient>,
    input: &booking::BookingInput,
) -> Result<HttpResponse> {
    let now = state.clock.now();
    let mut tx = state.db.begin().await?;
    if let Some(replayed) = idempotency.replay(&mut tx).await? {
        return Ok(replayed);
    }
    let created = booking::create_booking(&mut tx, now, input, Channel::Online).await?;
    let row = &created.booking;
    if let Some(portal) = portal {
        api_clients::attribute_booking(&mut tx, row.id, portal.0.id).await?;
    }
    let notice = match (&created.activation_token, row.activation_deadline) {
        (Some(token), Some(deadline)) => Notice::Activation {
            link: state.links.activation(&row.reference, token),
            deadline,
        },
        _ => Notice::Confirmation,
    };
    let mut view = booking::booking_view(&mut tx, row, now).await?;
    notifications::queue_for(
        &mut tx,
        notice,
        row,
        &view,
        Some(&created.manage_token),
        &state.links,
        now,
    )
    .await?;
    // Only a portal's own bookings cause webhook events; without an API key there is none.
    let webhook_queued = match portal {
        Some(_) => {
            let event = WebhookEventType::BookingCreated;
            events::queue(&mut tx, event, row.id, &[], None, now).await?
        }
        None => false,
    };
    view.manage_token = Some(created.manage_token);
    let body = to_body(&view)?;
    let tx = match idempotency
        .save(&state.db, tx, StatusCode::CREATED, &body, now)
        .await?
    {
        Saved::Fresh(tx) => tx,
        Saved::Replayed(response) => return Ok(response),
    };
    tx.commit().await?;
    state.mail_wake.notify_one();
    if webhook_queued {
        state.webhook_wake.notify_one();
    }
    metrics.bookings.inc();
    metrics
        .appointments_booked
        .inc_by(view.appointments.len() as u64);
    tracing::info!(reference = %view.reference, appointments = view.appointments.len(), api_client = portal.map(|p| p.0.id), "booking created");
    Ok(json_response(StatusCode::CREATED, body))
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
    let now = state.clock.now();
    let mut tx = state.db.begin_read().await?;
    let row = booking::authorize(&mut tx, &reference, &token.0, false).await?;
    let view = booking::booking_view(&mut tx, &row, now).await?;
    Ok(HttpResponse::Ok().json(view))
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
    metrics: web::Data<Metrics>,
    reference: web::Path<String>,
    token: BearerToken,
    body: Option<web::Json<CancelRequest>>,
) -> Result<HttpResponse> {
    let request = body.map(web::Json::into_inner).unwrap_or_default();
    let now = state.clock.now();
    let mut tx = state.db.begin().await?;
    let row = booking::authorize(&mut tx, &reference, &token.0, true).await?;
    let cancelled = booking::cancel(
        &mut tx,
        now,
        &row,
        request.appointment_ids.as_deref(),
        "cancelled_by_citizen",
        None,
    )
    .await?;
    let mut webhook_queued = false;
    if !cancelled.is_empty() {
        let notice = Notice::Cancellation {
            appointments: cancelled.iter().copied().map(AppointmentId).collect(),
            office_reason: None,
        };
        notifications::queue(&mut tx, notice, row.id, None, &state.links, now).await?;
        webhook_queued = events::queue(
            &mut tx,
            WebhookEventType::BookingCancelled,
            row.id,
            &cancelled,
            None,
            now,
        )
        .await?;
    }
    let row = stored::booking_by_id(&mut tx, row.id).await?;
    if row.status == "cancelled" {
        // Nothing left to do for this citizen: the cancellation email is rendered already.
        stored::forget_citizen(&mut tx, row.id, now).await?;
    }
    let view = booking::booking_view(&mut tx, &row, now).await?;
    tx.commit().await?;
    state.mail_wake.notify_one();
    if webhook_queued {
        state.webhook_wake.notify_one();
    }
    metrics
        .cancellations
        .with_label_values(&["citizen"])
        .inc_by(cancelled.len() as u64);
    tracing::info!(reference = %view.reference, cancelled = cancelled.len(), "appointments cancelled");
    Ok(HttpResponse::Ok().json(view))
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
    let now = state.clock.now();
    let mut tx = state.db.begin().await?;
    let row = booking::authorize(&mut tx, &reference, &token.0, true).await?;
    booking::reschedule(
        &mut tx,
        now,
        &row,
        AppointmentId(appointment_id),
        body.start.to_utc(),
    )
    .await?;
    let notice = Notice::Rescheduled {
        appointment: AppointmentId(appointment_id),
    };
    notifications::queue(&mut tx, notice, row.id, None, &state.links, now).await?;
    let webhook_queued = events::queue(
        &mut tx,
        WebhookEventType::BookingRescheduled,
        row.id,
        &[appointment_id],
        None,
        now,
    )
    .await?;
    let view = booking::booking_view(&mut tx, &row, now).await?;
    tx.commit().await?;
    state.mail_wake.notify_one();
    if webhook_queued {
        state.webhook_wake.notify_one();
    }
    tracing::info!(reference = %view.reference, appointment_id, "appointment rescheduled");
    Ok(HttpResponse::Ok().json(view))
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
    let now = state.clock.now();
    let mut tx = state.db.begin_read().await?;
    let row = booking::authorize(&mut tx, &reference, &token.0, false).await?;
    let view = booking::booking_view(&mut tx, &row, now).await?;
    let offices = catalog::offices(&mut tx, view.locale).await?;
    let sequences = stored::sequences_of_booking(&mut tx, row.id).await?;
    let sequences = sequences
        .into_iter()
        .map(|(id, n)| (AppointmentId(id), u32::try_from(n).unwrap_or(0)))
        .collect();
    let body = ics::booking_calendar(
        &ics::BookingCalendar {
            booking: &view,
            offices: &offices,
            uid_domain: state.links.domain(),
            sequences: &sequences,
        },
        ics::Method::Publish,
        |appointment| !appointment.status.is_cancelled(),
        now,
    );
    Ok(HttpResponse::Ok()
        .content_type("text/calendar; charset=utf-8")
        .insert_header((
            header::CONTENT_DISPOSITION,
            format!("attachment; filename=\"{}.ics\"", view.reference),
        ))
        .body(body))
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
    let now = state.clock.now();
    let mut tx = state.db.begin().await?;
    let row = booking::activate(&mut tx, now, &reference, &token.0).await?;
    notifications::queue(
        &mut tx,
        Notice::Confirmation,
        row.id,
        None,
        &state.links,
        now,
    )
    .await?;
    let view = booking::booking_view(&mut tx, &row, now).await?;
    tx.commit().await?;
    state.mail_wake.notify_one();
    tracing::info!(reference = %view.reference, "booking activated");
    Ok(HttpResponse::Ok().json(view))
}
