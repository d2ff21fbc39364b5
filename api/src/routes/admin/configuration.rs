//! Configuration routes: offices, services and where they are offered, opening rules and
//! closures. Changes that may take capacity from booked appointments accept `?dry_run=true`
//! (preview the affected appointments, save nothing) and `?affected=cancel|keep`; without a
//! decision they are refused with 409 `appointments_affected` when appointments are affected.

use super::office_setup;
use crate::admin::configuration as config;
use crate::domain::staff::Capability;
use crate::error::Result;
use crate::routes::retry;
use crate::routes::staff_auth::StaffAuth;
use crate::routes::state::AppState;
use crate::store::Tx;
use actix_web::{HttpResponse, delete, get, post, put, web};
use serde::Deserialize;
use shared::admin::{
    AdminClosure, AdminOffice, AdminOpeningRule, AdminService, AffectedAppointments,
    CapacityChange, ClosureSettings, OfferSettings, OfficeSettings, OpeningRuleSettings,
    ServiceSettings,
};
use shared::problem::Problem;

#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ChangeQuery {
    /// Only list the booked appointments the change would affect; save nothing.
    pub dry_run: Option<bool>,
    /// What to do with affected appointments: `cancel` (by the office, citizens are
    /// notified) or `keep`.
    #[param(value_type = Option<AffectedAppointments>)]
    pub affected: Option<AffectedAppointments>,
}

/// Commits unless it was a dry run; answers 201 for a saved creation, else 200.
async fn finish(tx: Tx, change: CapacityChange, created: bool) -> Result<HttpResponse> {
    if change.dry_run {
        drop(tx);
        return Ok(HttpResponse::Ok().json(change));
    }
    tx.commit().await?;
    Ok(if created {
        HttpResponse::Created().json(change)
    } else {
        HttpResponse::Ok().json(change)
    })
}

/// The offices this account sees, with all their settings.
#[utoipa::path(get, path = "/api/v1/admin/offices", tag = "configuration", security(("staff_token" = [])),
    responses(
        (status = 200, description = "Offices", body = Vec<AdminOffice>),
        (status = 401, description = "Not logged in", body = Problem, content_type = "application/problem+json"),
    ))]
#[get("/admin/offices")]
pub async fn list_offices(state: web::Data<AppState>, auth: StaffAuth) -> Result<HttpResponse> {
    let mut tx = state.db.begin_read().await?;
    Ok(HttpResponse::Ok().json(config::offices(&mut tx, &auth.identity).await?))
}

/// Creates an office (administrators).
#[utoipa::path(post, path = "/api/v1/admin/offices", tag = "configuration", request_body = OfficeSettings,
    security(("staff_token" = [])),
    responses(
        (status = 201, description = "Created", body = AdminOffice),
        (status = 403, description = "Not an administrator", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid settings, or the code is taken", body = Problem, content_type = "application/problem+json"),
    ))]
#[post("/admin/offices")]
pub async fn create_office(
    state: web::Data<AppState>,
    auth: StaffAuth,
    body: web::Json<OfficeSettings>,
) -> Result<HttpResponse> {
    auth.require_admin()?;
    let office = retry::in_transaction(&state.db, async |tx| {
        Ok(config::create_office(tx, &auth.identity, state.clock.now(), &body).await?)
    })
    .await?;
    Ok(HttpResponse::Created().json(office))
}

/// Changes an office's contact, notices and booking rules (the code stays).
#[utoipa::path(put, path = "/api/v1/admin/offices/{office_id}", tag = "configuration", request_body = OfficeSettings,
    params(("office_id" = i64, Path, description = "Office id")),
    security(("staff_token" = [])),
    responses(
        (status = 200, description = "Changed", body = AdminOffice),
        (status = 403, description = "Not a manager of this office", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such office", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid settings", body = Problem, content_type = "application/problem+json"),
    ))]
#[put("/admin/offices/{office_id}")]
pub async fn update_office(
    state: web::Data<AppState>,
    auth: StaffAuth,
    office_id: web::Path<i64>,
    body: web::Json<OfficeSettings>,
) -> Result<HttpResponse> {
    let office_id = office_id.into_inner();
    auth.require(Capability::Configure, office_id)?;
    let office = retry::in_transaction(&state.db, async |tx| {
        Ok(config::update_office(tx, &auth.identity, state.clock.now(), office_id, &body).await?)
    })
    .await?;
    Ok(HttpResponse::Ok().json(office))
}

/// Every service in both languages, with where it is offered.
#[utoipa::path(get, path = "/api/v1/admin/services", tag = "configuration", security(("staff_token" = [])),
    responses(
        (status = 200, description = "Services", body = Vec<AdminService>),
        (status = 401, description = "Not logged in", body = Problem, content_type = "application/problem+json"),
    ))]
#[get("/admin/services")]
pub async fn list_services(state: web::Data<AppState>, _auth: StaffAuth) -> Result<HttpResponse> {
    let mut tx = state.db.begin_read().await?;
    Ok(HttpResponse::Ok().json(config::services(&mut tx).await?))
}

/// Creates a service (administrators); offer it at offices with `PUT …/services/{id}`.
#[utoipa::path(post, path = "/api/v1/admin/services", tag = "configuration", request_body = ServiceSettings,
    security(("staff_token" = [])),
    responses(
        (status = 201, description = "Created", body = AdminService),
        (status = 403, description = "Not an administrator", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid settings", body = Problem, content_type = "application/problem+json"),
    ))]
#[post("/admin/services")]
pub async fn create_service(
    state: web::Data<AppState>,
    auth: StaffAuth,
    body: web::Json<ServiceSettings>,
) -> Result<HttpResponse> {
    auth.require_admin()?;
    let service = retry::in_transaction(&state.db, async |tx| {
        Ok(config::create_service(tx, &auth.identity, state.clock.now(), &body).await?)
    })
    .await?;
    Ok(HttpResponse::Created().json(service))
}

/// Changes a service's texts, documents, fees, maximum quantity and online bookability
/// (administrators: services are shared by all offices).
#[utoipa::path(put, path = "/api/v1/admin/services/{service_id}", tag = "configuration", request_body = ServiceSettings,
    params(("service_id" = i64, Path, description = "Service id")),
    security(("staff_token" = [])),
    responses(
        (status = 200, description = "Changed", body = AdminService),
        (status = 403, description = "Not an administrator", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such service", body = Problem, content_type = "application/problem+json"),
    ))]
#[put("/admin/services/{service_id}")]
pub async fn update_service(
    state: web::Data<AppState>,
    auth: StaffAuth,
    service_id: web::Path<i64>,
    body: web::Json<ServiceSettings>,
) -> Result<HttpResponse> {
    auth.require_admin()?;
    let service_id = service_id.into_inner();
    let service = retry::in_transaction(&state.db, async |tx| {
        let now = state.clock.now();
        Ok(config::update_service(tx, &auth.identity, now, service_id, &body).await?)
    })
    .await?;
    Ok(HttpResponse::Ok().json(service))
}

/// Offers a service at the office, or changes how many slot units it takes there.
#[utoipa::path(put, path = "/api/v1/admin/offices/{office_id}/services/{service_id}", tag = "configuration", request_body = OfferSettings,
    params(("office_id" = i64, Path, description = "Office id"), ("service_id" = i64, Path, description = "Service id")),
    security(("staff_token" = [])),
    responses(
        (status = 200, description = "The service with its offers", body = AdminService),
        (status = 403, description = "Not a manager of this office", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such office or service", body = Problem, content_type = "application/problem+json"),
    ))]
#[put("/admin/offices/{office_id}/services/{service_id}")]
pub async fn set_offer(
    state: web::Data<AppState>,
    auth: StaffAuth,
    path: web::Path<(i64, i64)>,
    body: web::Json<OfferSettings>,
) -> Result<HttpResponse> {
    let (office_id, service_id) = path.into_inner();
    auth.require(Capability::Configure, office_id)?;
    let service = retry::in_transaction(&state.db, async |tx| {
        office_setup(tx, office_id).await?;
        let now = state.clock.now();
        Ok(config::set_offer(tx, &auth.identity, now, office_id, service_id, *body).await?)
    })
    .await?;
    Ok(HttpResponse::Ok().json(service))
}

/// Stops offering a service at the office (booked appointments keep their time).
#[utoipa::path(delete, path = "/api/v1/admin/offices/{office_id}/services/{service_id}", tag = "configuration",
    params(("office_id" = i64, Path, description = "Office id"), ("service_id" = i64, Path, description = "Service id")),
    security(("staff_token" = [])),
    responses(
        (status = 204, description = "No longer offered"),
        (status = 403, description = "Not a manager of this office", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "Not offered there", body = Problem, content_type = "application/problem+json"),
    ))]
#[delete("/admin/offices/{office_id}/services/{service_id}")]
pub async fn remove_offer(
    state: web::Data<AppState>,
    auth: StaffAuth,
    path: web::Path<(i64, i64)>,
) -> Result<HttpResponse> {
    let (office_id, service_id) = path.into_inner();
    auth.require(Capability::Configure, office_id)?;
    retry::in_transaction(&state.db, async |tx| {
        let now = state.clock.now();
        Ok(config::remove_offer(tx, &auth.identity, now, office_id, service_id).await?)
    })
    .await?;
    Ok(HttpResponse::NoContent().finish())
}

/// The office's opening rules.
#[utoipa::path(get, path = "/api/v1/admin/offices/{office_id}/opening-rules", tag = "configuration",
    params(("office_id" = i64, Path, description = "Office id")),
    security(("staff_token" = [])),
    responses(
        (status = 200, description = "Opening rules", body = Vec<AdminOpeningRule>),
        (status = 403, description = "Not a manager of this office", body = Problem, content_type = "application/problem+json"),
    ))]
#[get("/admin/offices/{office_id}/opening-rules")]
pub async fn list_rules(
    state: web::Data<AppState>,
    auth: StaffAuth,
    office_id: web::Path<i64>,
) -> Result<HttpResponse> {
    let office_id = office_id.into_inner();
    auth.require(Capability::Configure, office_id)?;
    let mut tx = state.db.begin_read().await?;
    office_setup(&mut tx, office_id).await?;
    Ok(HttpResponse::Ok().json(config::rules(&mut tx, office_id).await?))
}

/// Adds an opening rule; it must not overlap another rule of the office.
#[utoipa::path(post, path = "/api/v1/admin/offices/{office_id}/opening-rules", tag = "configuration", request_body = OpeningRuleSettings,
    params(("office_id" = i64, Path, description = "Office id")),
    security(("staff_token" = [])),
    responses(
        (status = 201, description = "Added", body = AdminOpeningRule),
        (status = 403, description = "Not a manager of this office", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid rule, or `overlapping_rule`", body = Problem, content_type = "application/problem+json"),
    ))]
#[post("/admin/offices/{office_id}/opening-rules")]
pub async fn add_rule(
    state: web::Data<AppState>,
    auth: StaffAuth,
    office_id: web::Path<i64>,
    body: web::Json<OpeningRuleSettings>,
) -> Result<HttpResponse> {
    let office_id = office_id.into_inner();
    auth.require(Capability::Configure, office_id)?;
    let id = retry::in_transaction(&state.db, async |tx| {
        office_setup(tx, office_id).await?;
        Ok(config::add_rule(tx, &auth.identity, state.clock.now(), office_id, &body).await?)
    })
    .await?;
    Ok(HttpResponse::Created().json(AdminOpeningRule {
        id,
        rule: body.into_inner(),
    }))
}

/// Changes an opening rule. Supports `dry_run` and `affected` (see the module description).
#[utoipa::path(put, path = "/api/v1/admin/offices/{office_id}/opening-rules/{rule_id}", tag = "configuration", request_body = OpeningRuleSettings,
    params(("office_id" = i64, Path, description = "Office id"), ("rule_id" = i64, Path, description = "Rule id"), ChangeQuery),
    security(("staff_token" = [])),
    responses(
        (status = 200, description = "Changed (or, with `dry_run`, what would be affected)", body = CapacityChange),
        (status = 403, description = "Not a manager of this office", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such rule at this office", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "`appointments_affected`: decide with `affected`", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid rule, or `overlapping_rule`", body = Problem, content_type = "application/problem+json"),
    ))]
#[put("/admin/offices/{office_id}/opening-rules/{rule_id}")]
pub async fn change_rule(
    state: web::Data<AppState>,
    auth: StaffAuth,
    path: web::Path<(i64, i64)>,
    query: web::Query<ChangeQuery>,
    body: web::Json<OpeningRuleSettings>,
) -> Result<HttpResponse> {
    let (office_id, rule_id) = path.into_inner();
    auth.require(Capability::Configure, office_id)?;
    let now = state.clock.now();
    retry::on_contention(async || {
        let mut tx = state.db.begin().await?;
        config::change_rule(&mut tx, &auth.identity, now, office_id, rule_id, &body).await?;
        let change = config::settle(
            &mut tx,
            &auth.identity,
            now,
            &state.links,
            office_id,
            Some(rule_id),
            query.dry_run.unwrap_or(false),
            query.affected,
            "Die Öffnungszeiten wurden geändert.",
        )
        .await?;
        finish(tx, change, false).await
    })
    .await
}

/// Removes an opening rule. Supports `dry_run` and `affected`.
#[utoipa::path(delete, path = "/api/v1/admin/offices/{office_id}/opening-rules/{rule_id}", tag = "configuration",
    params(("office_id" = i64, Path, description = "Office id"), ("rule_id" = i64, Path, description = "Rule id"), ChangeQuery),
    security(("staff_token" = [])),
    responses(
        (status = 200, description = "Removed (or, with `dry_run`, what would be affected)", body = CapacityChange),
        (status = 403, description = "Not a manager of this office", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such rule at this office", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "`appointments_affected`: decide with `affected`", body = Problem, content_type = "application/problem+json"),
    ))]
#[delete("/admin/offices/{office_id}/opening-rules/{rule_id}")]
pub async fn remove_rule(
    state: web::Data<AppState>,
    auth: StaffAuth,
    path: web::Path<(i64, i64)>,
    query: web::Query<ChangeQuery>,
) -> Result<HttpResponse> {
    let (office_id, rule_id) = path.into_inner();
    auth.require(Capability::Configure, office_id)?;
    let now = state.clock.now();
    retry::on_contention(async || {
        let mut tx = state.db.begin().await?;
        config::remove_rule(&mut tx, &auth.identity, now, office_id, rule_id).await?;
        let change = config::settle(
            &mut tx,
            &auth.identity,
            now,
            &state.links,
            office_id,
            Some(rule_id),
            query.dry_run.unwrap_or(false),
            query.affected,
            "Die Öffnungszeiten wurden geändert.",
        )
        .await?;
        finish(tx, change, false).await
    })
    .await
}

/// The office's closures.
#[utoipa::path(get, path = "/api/v1/admin/offices/{office_id}/closures", tag = "configuration",
    params(("office_id" = i64, Path, description = "Office id")),
    security(("staff_token" = [])),
    responses(
        (status = 200, description = "Closures, by first day", body = Vec<AdminClosure>),
        (status = 403, description = "Not a manager of this office", body = Problem, content_type = "application/problem+json"),
    ))]
#[get("/admin/offices/{office_id}/closures")]
pub async fn list_closures(
    state: web::Data<AppState>,
    auth: StaffAuth,
    office_id: web::Path<i64>,
) -> Result<HttpResponse> {
    let office_id = office_id.into_inner();
    auth.require(Capability::Configure, office_id)?;
    let mut tx = state.db.begin_read().await?;
    office_setup(&mut tx, office_id).await?;
    Ok(HttpResponse::Ok().json(config::closures(&mut tx, office_id).await?))
}

/// Closes the office on whole days or part of days. Supports `dry_run` and `affected`; the
/// closure's reason is what cancelled citizens are told.
#[utoipa::path(post, path = "/api/v1/admin/offices/{office_id}/closures", tag = "configuration", request_body = ClosureSettings,
    params(("office_id" = i64, Path, description = "Office id"), ChangeQuery),
    security(("staff_token" = [])),
    responses(
        (status = 201, description = "Added", body = CapacityChange),
        (status = 200, description = "Dry run: what would be affected", body = CapacityChange),
        (status = 403, description = "Not a manager of this office", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "`appointments_affected`: decide with `affected`", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid closure", body = Problem, content_type = "application/problem+json"),
    ))]
#[post("/admin/offices/{office_id}/closures")]
pub async fn add_closure(
    state: web::Data<AppState>,
    auth: StaffAuth,
    office_id: web::Path<i64>,
    query: web::Query<ChangeQuery>,
    body: web::Json<ClosureSettings>,
) -> Result<HttpResponse> {
    let office_id = office_id.into_inner();
    auth.require(Capability::Configure, office_id)?;
    let now = state.clock.now();
    retry::on_contention(async || {
        let mut tx = state.db.begin().await?;
        office_setup(&mut tx, office_id).await?;
        let id = config::add_closure(&mut tx, &auth.identity, now, office_id, &body).await?;
        let reason = if body.reason.trim().is_empty() {
            "Das Bürgeramt ist zu dieser Zeit geschlossen."
        } else {
            body.reason.trim()
        };
        let change = config::settle(
            &mut tx,
            &auth.identity,
            now,
            &state.links,
            office_id,
            Some(id),
            query.dry_run.unwrap_or(false),
            query.affected,
            reason,
        )
        .await?;
        finish(tx, change, true).await
    })
    .await
}

/// Removes a closure (which only adds capacity).
#[utoipa::path(delete, path = "/api/v1/admin/offices/{office_id}/closures/{closure_id}", tag = "configuration",
    params(("office_id" = i64, Path, description = "Office id"), ("closure_id" = i64, Path, description = "Closure id")),
    security(("staff_token" = [])),
    responses(
        (status = 204, description = "Removed"),
        (status = 403, description = "Not a manager of this office", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such closure at this office", body = Problem, content_type = "application/problem+json"),
    ))]
#[delete("/admin/offices/{office_id}/closures/{closure_id}")]
pub async fn remove_closure(
    state: web::Data<AppState>,
    auth: StaffAuth,
    path: web::Path<(i64, i64)>,
) -> Result<HttpResponse> {
    let (office_id, closure_id) = path.into_inner();
    auth.require(Capability::Configure, office_id)?;
    retry::in_transaction(&state.db, async |tx| {
        let now = state.clock.now();
        Ok(config::remove_closure(tx, &auth.identity, now, office_id, closure_id).await?)
    })
    .await?;
    Ok(HttpResponse::NoContent().finish())
}
