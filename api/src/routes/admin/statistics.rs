//! Statistics of an office as JSON and CSV, and measuring waiting times on demand.

use super::office_setup;
use crate::admin::{statistics as stats, waiting_times};
use crate::domain::staff::Capability;
use crate::error::Result;
use crate::routes::extract::RequestLocale;
use crate::routes::retry;
use crate::routes::staff_auth::StaffAuth;
use crate::routes::state::AppState;
use actix_web::http::header;
use actix_web::{HttpResponse, get, post, web};
use chrono::NaiveDate;
use serde::Deserialize;
use shared::admin::{OfficeStatistics, WaitingTime};
use shared::problem::Problem;

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct RangeQuery {
    /// First day.
    #[param(value_type = String, format = Date)]
    pub from: NaiveDate,
    /// Last day, inclusive (at most 366 days after `from`).
    #[param(value_type = String, format = Date)]
    pub to: NaiveDate,
    /// Language of service names (`de` or `en`).
    pub lang: Option<String>,
}

/// Per day and in total: bookings, cancellations by citizen and office, no-shows and their
/// rate, booked versus offered online capacity; plus the recorded waiting times until the
/// next free appointment per service. Anonymous counts only.
#[utoipa::path(get, path = "/api/v1/admin/offices/{office_id}/statistics", tag = "statistics", params(("office_id" = i64, Path, description = "Office id"), RangeQuery),
    security(("staff_token" = [])),
    responses(
        (status = 200, description = "The statistics", body = OfficeStatistics),
        (status = 403, description = "Not a manager of this office", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Reversed or too long range", body = Problem, content_type = "application/problem+json"),
    ))]
#[get("/admin/offices/{office_id}/statistics")]
pub async fn statistics(
    state: web::Data<AppState>,
    auth: StaffAuth,
    office_id: web::Path<i64>,
    query: web::Query<RangeQuery>,
    locale: RequestLocale,
) -> Result<HttpResponse> {
    let office_id = office_id.into_inner();
    auth.require(Capability::ViewStatistics, office_id)?;
    let mut tx = state.db.begin_read().await?;
    let setup = office_setup(&mut tx, office_id).await?;
    let result = stats::statistics(
        &mut tx,
        &setup,
        query.from,
        query.to,
        locale.0,
        state.clock.now(),
    )
    .await?;
    Ok(HttpResponse::Ok().json(result))
}

/// The same per-day counts as CSV (one line per day and a `total` line).
#[utoipa::path(get, path = "/api/v1/admin/offices/{office_id}/statistics.csv", tag = "statistics", params(("office_id" = i64, Path, description = "Office id"), RangeQuery),
    security(("staff_token" = [])),
    responses(
        (status = 200, description = "CSV with a header line", content_type = "text/csv", body = String),
        (status = 403, description = "Not a manager of this office", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`validation_failed`: `to` before `from` or more than 366 days later", body = Problem, content_type = "application/problem+json"),
    ))]
#[get("/admin/offices/{office_id}/statistics.csv")]
pub async fn statistics_csv(
    state: web::Data<AppState>,
    auth: StaffAuth,
    office_id: web::Path<i64>,
    query: web::Query<RangeQuery>,
    locale: RequestLocale,
) -> Result<HttpResponse> {
    let office_id = office_id.into_inner();
    auth.require(Capability::ViewStatistics, office_id)?;
    let mut tx = state.db.begin_read().await?;
    let setup = office_setup(&mut tx, office_id).await?;
    let result = stats::statistics(
        &mut tx,
        &setup,
        query.from,
        query.to,
        locale.0,
        state.clock.now(),
    )
    .await?;
    Ok(HttpResponse::Ok()
        .content_type("text/csv; charset=utf-8")
        .insert_header((
            header::CONTENT_DISPOSITION,
            format!(
                "attachment; filename=\"statistics-{}-{}-{}.csv\"",
                setup.office.code, query.from, query.to
            ),
        ))
        .body(stats::csv(&result)))
}

/// Measures now how long citizens wait for the next free online appointment of each service
/// and keeps it as today's value; returns today's values.
#[utoipa::path(post, path = "/api/v1/admin/offices/{office_id}/waiting-times", tag = "statistics",
    params(("office_id" = i64, Path, description = "Office id")),
    security(("staff_token" = [])),
    responses(
        (status = 200, description = "Today's waiting times", body = Vec<WaitingTime>),
        (status = 403, description = "Not a manager of this office", body = Problem, content_type = "application/problem+json"),
    ))]
#[post("/admin/offices/{office_id}/waiting-times")]
pub async fn measure_waiting_times(
    state: web::Data<AppState>,
    auth: StaffAuth,
    office_id: web::Path<i64>,
    locale: RequestLocale,
) -> Result<HttpResponse> {
    let office_id = office_id.into_inner();
    auth.require(Capability::ViewStatistics, office_id)?;
    let measured = retry::in_transaction(&state.db, async |tx| {
        let (actor, now) = (&auth.identity, state.clock.now());
        Ok(waiting_times::measure_on_demand(tx, actor, office_id, now, locale.0).await?)
    })
    .await?;
    Ok(HttpResponse::Ok().json(measured))
}
