//! Statistics of an office as JSON and CSV.

use super::office_setup;
use crate::admin::statistics as stats;
use crate::domain::staff::Capability;
use crate::error::Result;
use crate::routes::staff_auth::StaffAuth;
use crate::routes::state::AppState;
use actix_web::http::header;
use actix_web::{HttpResponse, get, web};
use chrono::NaiveDate;
use serde::Deserialize;
use shared::admin::{OfficeStatistics, StatisticsTable};
use shared::problem::Problem;

/// The days a statistics request covers.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct RangeQuery {
    /// First day.
    #[param(value_type = String, format = Date)]
    pub from: NaiveDate,
    /// Last day, inclusive (at most 366 days after `from`).
    #[param(value_type = String, format = Date)]
    pub to: NaiveDate,
}

/// Which table the CSV holds.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct TableQuery {
    /// `days` (the default): the per-day counts; `queue`: the call queue's measured figures.
    #[serde(default)]
    #[param(inline)]
    pub table: StatisticsTable,
}

/// Per day and in total: bookings, cancellations by citizen and office, no-shows and their
/// rate, booked versus offered online capacity; plus the call queue's measured figures per
/// lane (appointment, walk-in) — called, served, no-shows, mean and median wait from arrival
/// or check-in to the first call, mean service time from the last call to finishing — per
/// day, per hour of the day (office time) and in total. Anonymous counts only.
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
) -> Result<HttpResponse> {
    let office_id = office_id.into_inner();
    auth.require(Capability::ViewStatistics, office_id)?;
    let mut tx = state.db.begin_read().await?;
    let setup = office_setup(&mut tx, office_id).await?;
    let result =
        stats::statistics(&mut tx, &setup, query.from, query.to, state.clock.now()).await?;
    Ok(HttpResponse::Ok().json(result))
}

/// The statistics as CSV: with `table=days` (the default) the per-day counts (one line per
/// day and a `total` line); with `table=queue` the call queue's figures, one line per lane of
/// every day (`day`), of every hour of the day with entries (`hour`) and of the range
/// (`total`).
#[utoipa::path(get, path = "/api/v1/admin/offices/{office_id}/statistics.csv", tag = "statistics", params(("office_id" = i64, Path, description = "Office id"), RangeQuery, TableQuery),
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
    table: web::Query<TableQuery>,
) -> Result<HttpResponse> {
    let office_id = office_id.into_inner();
    auth.require(Capability::ViewStatistics, office_id)?;
    let mut tx = state.db.begin_read().await?;
    let setup = office_setup(&mut tx, office_id).await?;
    let result =
        stats::statistics(&mut tx, &setup, query.from, query.to, state.clock.now()).await?;
    let (name, body) = match table.table {
        StatisticsTable::Days => ("statistics", stats::csv(&result)),
        StatisticsTable::Queue => ("statistics-queue", stats::queue_csv(&result)),
    };
    Ok(HttpResponse::Ok()
        .content_type("text/csv; charset=utf-8")
        .insert_header((
            header::CONTENT_DISPOSITION,
            format!(
                "attachment; filename=\"{name}-{}-{}-{}.csv\"",
                setup.office.code, query.from, query.to
            ),
        ))
        .body(body))
}
