//! The counter's routes: the day plan (or a week), capacity per hour, search, status changes
//! and booking on behalf of a citizen.

use super::office_setup;
use crate::admin::{appointments, day_plan as plans};
use crate::domain::staff::Capability;
use crate::error::{ApiError, Result};
use crate::routes::extract::RequestLocale;
use crate::routes::portal::PlanReader;
use crate::routes::retry;
use crate::routes::staff_auth::StaffAuth;
use crate::routes::state::AppState;
use actix_web::{HttpResponse, get, post, web};
use chrono::NaiveDate;
use serde::Deserialize;
use shared::admin::{DayCapacity, StaffAppointment, StaffBookingRequest, StatusChange};
use shared::bookings::Booking;
use shared::ids::{AppointmentId, OfficeId};
use shared::problem::Problem;

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct DaysQuery {
    /// One day (the day plan).
    #[param(value_type = Option<String>, format = Date)]
    pub date: Option<NaiveDate>,
    /// First day of a range (with `to`; at most 31 days).
    #[param(value_type = Option<String>, format = Date)]
    pub from: Option<NaiveDate>,
    /// Last day of the range, inclusive.
    #[param(value_type = Option<String>, format = Date)]
    pub to: Option<NaiveDate>,
    /// Language of service names (`de` or `en`).
    pub lang: Option<String>,
}

impl DaysQuery {
    fn range(&self) -> Result<(NaiveDate, NaiveDate)> {
        match (self.date, self.from, self.to) {
            (Some(date), None, None) => Ok((date, date)),
            (None, Some(from), Some(to)) => Ok((from, to)),
            _ => Err(ApiError::invalid(
                "date",
                "date_or_range_required",
                "give either `date` or both `from` and `to`",
            )),
        }
    }
}

/// The appointments of a day (`?date=`) or of up to 31 days (`?from=&to=`), by start, with
/// services, citizen and channel. Cancelled appointments are included with their status.
/// An API client with `staff:read` may read the plan of its offices.
#[utoipa::path(get, path = "/api/v1/admin/offices/{office_id}/appointments", tag = "day plan", params(("office_id" = i64, Path, description = "Office id"), DaysQuery),
    security(("staff_token" = []), ("api_key" = [])),
    responses(
        (status = 200, description = "The appointments, by start", body = Vec<StaffAppointment>),
        (status = 401, description = "Not logged in, or `invalid_api_key`", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an office of this account; with an API key `scope_missing` or `office_not_allowed`", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such office", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Missing date, reversed or too long range", body = Problem, content_type = "application/problem+json"),
    ))]
#[get("/admin/offices/{office_id}/appointments")]
pub async fn day_plan(
    state: web::Data<AppState>,
    reader: PlanReader,
    office_id: web::Path<i64>,
    query: web::Query<DaysQuery>,
    locale: RequestLocale,
) -> Result<HttpResponse> {
    let office_id = office_id.into_inner();
    reader.require_office(office_id)?;
    let (from, to) = query.range()?;
    let mut tx = state.db.begin_read().await?;
    let setup = office_setup(&mut tx, office_id).await?;
    let plan = plans::plan(&mut tx, &setup, from, to, locale.0, state.clock.now()).await?;
    Ok(HttpResponse::Ok().json(plan))
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct SearchQuery {
    /// A booking reference (typed in any form) or part of the citizen's name; 2–100 characters.
    pub q: String,
    /// Language of service names (`de` or `en`).
    pub lang: Option<String>,
}

/// Finds appointments at the office by booking reference or citizen name (latest first, at
/// most 50).
#[utoipa::path(get, path = "/api/v1/admin/offices/{office_id}/appointments/search", tag = "day plan", params(("office_id" = i64, Path, description = "Office id"), SearchQuery),
    security(("staff_token" = [])),
    responses(
        (status = 200, description = "Matching appointments", body = Vec<StaffAppointment>),
        (status = 403, description = "Not an office of this account", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Query too short or too long", body = Problem, content_type = "application/problem+json"),
    ))]
#[get("/admin/offices/{office_id}/appointments/search")]
pub async fn search(
    state: web::Data<AppState>,
    auth: StaffAuth,
    office_id: web::Path<i64>,
    query: web::Query<SearchQuery>,
    locale: RequestLocale,
) -> Result<HttpResponse> {
    let office_id = office_id.into_inner();
    auth.require(Capability::HandleAppointments, office_id)?;
    let mut tx = state.db.begin_read().await?;
    let setup = office_setup(&mut tx, office_id).await?;
    let found = plans::search(&mut tx, &setup, &query.q, locale.0, state.clock.now()).await?;
    Ok(HttpResponse::Ok().json(found))
}

/// Capacity per hour of each day: counter-units offered online and in total, and how many
/// are claimed.
#[utoipa::path(get, path = "/api/v1/admin/offices/{office_id}/capacity", tag = "day plan", params(("office_id" = i64, Path, description = "Office id"), DaysQuery),
    security(("staff_token" = [])),
    responses(
        (status = 200, description = "Per day, the hours with capacity", body = Vec<DayCapacity>),
        (status = 403, description = "Not an office of this account", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Missing date, reversed or too long range", body = Problem, content_type = "application/problem+json"),
    ))]
#[get("/admin/offices/{office_id}/capacity")]
pub async fn capacity(
    state: web::Data<AppState>,
    auth: StaffAuth,
    office_id: web::Path<i64>,
    query: web::Query<DaysQuery>,
) -> Result<HttpResponse> {
    let office_id = office_id.into_inner();
    auth.require(Capability::HandleAppointments, office_id)?;
    let (from, to) = query.range()?;
    let mut tx = state.db.begin_read().await?;
    let setup = office_setup(&mut tx, office_id).await?;
    let days = plans::capacity(&mut tx, &setup, from, to, state.clock.now()).await?;
    Ok(HttpResponse::Ok().json(days))
}

/// Changes an appointment's status: `checked_in`, `completed`, `no_show` (once it has
/// begun) or `cancelled_by_office` (with a `reason`; the capacity is free again at once and
/// the citizen is notified).
#[utoipa::path(post, path = "/api/v1/admin/appointments/{appointment_id}/status", tag = "day plan", request_body = StatusChange,
    params(("appointment_id" = i64, Path, description = "Appointment id")),
    security(("staff_token" = [])),
    responses(
        (status = 200, description = "The appointment after the change", body = StaffAppointment),
        (status = 403, description = "`csrf_rejected`", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such appointment at an office of this account (the same answer whether it exists elsewhere or not at all)", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "`invalid_transition`, `not_yet_started`, `appointment_started`", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`reason_required` for a cancellation", body = Problem, content_type = "application/problem+json"),
    ))]
#[post("/admin/appointments/{appointment_id}/status")]
pub async fn change_status(
    state: web::Data<AppState>,
    auth: StaffAuth,
    appointment_id: web::Path<i64>,
    body: web::Json<StatusChange>,
    locale: RequestLocale,
) -> Result<HttpResponse> {
    let appointment_id = AppointmentId(appointment_id.into_inner());
    let changed = retry::in_transaction(&state.db, async |tx| {
        let (context, identity) = (state.context(), &auth.identity);
        Ok(
            appointments::change_status(tx, &context, identity, appointment_id, &body, locale.0)
                .await?,
        )
    })
    .await?;
    Ok(HttpResponse::Ok().json(changed))
}

/// Books one appointment for a citizen on the phone or at the counter. Staff may use the
/// counters kept off the online channel and any time still ahead; no email limit, no
/// activation. The answer carries the manage token to pass on to the citizen.
#[utoipa::path(post, path = "/api/v1/admin/offices/{office_id}/bookings", tag = "day plan", request_body = StaffBookingRequest,
    params(("office_id" = i64, Path, description = "Office id")),
    security(("staff_token" = [])),
    responses(
        (status = 201, description = "Booked", body = Booking),
        (status = 403, description = "Not an office of this account", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "`slot_taken`: not even a staff counter is free", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid citizen, services or start", body = Problem, content_type = "application/problem+json"),
    ))]
#[post("/admin/offices/{office_id}/bookings")]
pub async fn book_on_behalf(
    state: web::Data<AppState>,
    auth: StaffAuth,
    office_id: web::Path<i64>,
    body: web::Json<StaffBookingRequest>,
) -> Result<HttpResponse> {
    let office_id = OfficeId(office_id.into_inner());
    auth.require(Capability::HandleAppointments, office_id.0)?;
    let booking = retry::in_transaction(&state.db, async |tx| {
        let (context, identity) = (state.context(), &auth.identity);
        Ok(appointments::book_on_behalf(tx, &context, identity, office_id, &body).await?)
    })
    .await?;
    Ok(HttpResponse::Created().json(booking))
}
