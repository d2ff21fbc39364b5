//! `/admin/offices/{office_id}/queue-settings`: how an office runs its call queue.

use crate::admin::queue_settings;
use crate::domain::staff::Capability;
use crate::error::Result;
use crate::routes::retry;
use crate::routes::staff_auth::StaffAuth;
use crate::routes::state::AppState;
use actix_web::{HttpResponse, get, put, web};
use shared::call_queue::QueueSettings;
use shared::ids::OfficeId;
use shared::problem::Problem;

/// The office's order of calling, from when a checked-in appointment counts as late, and its
/// daily contingent of walk-in tickets (the defaults until a manager changes them).
#[utoipa::path(get, path = "/api/v1/admin/offices/{office_id}/queue-settings", tag = "call queue",
    params(("office_id" = i64, Path, description = "Office id")),
    security(("staff_token" = [])),
    responses(
        (status = 200, description = "The settings", body = QueueSettings),
        (status = 403, description = "Not an office of this account", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such office", body = Problem, content_type = "application/problem+json"),
    ))]
#[get("/admin/offices/{office_id}/queue-settings")]
pub async fn show(
    state: web::Data<AppState>,
    auth: StaffAuth,
    office_id: web::Path<i64>,
) -> Result<HttpResponse> {
    let office_id = OfficeId(office_id.into_inner());
    auth.require(Capability::HandleAppointments, office_id.0)?;
    let mut tx = state.db.begin_read().await?;
    Ok(HttpResponse::Ok().json(queue_settings::show(&mut tx, office_id).await?))
}

/// Replaces the office's settings (audited); they apply to the next call, check-in and
/// ticket.
#[utoipa::path(put, path = "/api/v1/admin/offices/{office_id}/queue-settings", tag = "call queue", request_body = QueueSettings,
    params(("office_id" = i64, Path, description = "Office id")),
    security(("staff_token" = [])),
    responses(
        (status = 200, description = "Stored", body = QueueSettings),
        (status = 403, description = "Not a manager of this office", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such office", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`out_of_range`: more than 240 minutes, or a contingent over 999", body = Problem, content_type = "application/problem+json"),
    ))]
#[put("/admin/offices/{office_id}/queue-settings")]
pub async fn update(
    state: web::Data<AppState>,
    auth: StaffAuth,
    office_id: web::Path<i64>,
    body: web::Json<QueueSettings>,
) -> Result<HttpResponse> {
    let office_id = OfficeId(office_id.into_inner());
    auth.require(Capability::Configure, office_id.0)?;
    let settings = retry::in_transaction(&state.db, async |tx| {
        let now = state.clock.now();
        Ok(queue_settings::update(tx, &auth.identity, now, office_id, &body).await?)
    })
    .await?;
    Ok(HttpResponse::Ok().json(settings))
}
