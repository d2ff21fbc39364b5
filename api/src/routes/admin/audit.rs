//! `GET /api/v1/admin/audit`: the audit log, for administrators.

use crate::admin::audit;
use crate::domain::audit::AuditEntity;
use crate::error::Result;
use crate::routes::staff_auth::StaffAuth;
use crate::routes::state::AppState;
use actix_web::{HttpResponse, get, web};
use serde::Deserialize;
use shared::admin::AuditPage;
use shared::problem::Problem;

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AuditQuery {
    /// Page number, from 1 (default 1).
    pub page: Option<u32>,
    /// Entries per page, 1–200 (default 50).
    pub per_page: Option<u32>,
    /// Only entries about this kind of entity (an unknown kind is `400 invalid_query`).
    #[param(value_type = Option<AuditEntity>)]
    pub entity: Option<AuditEntity>,
}

/// Staff changes, newest first.
#[utoipa::path(get, path = "/api/v1/admin/audit", tag = "audit", params(AuditQuery),
    security(("staff_token" = [])),
    responses(
        (status = 200, description = "One page of the log", body = AuditPage),
        (status = 401, description = "Not logged in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an administrator", body = Problem, content_type = "application/problem+json"),
    ))]
#[get("/admin/audit")]
pub async fn list(
    state: web::Data<AppState>,
    auth: StaffAuth,
    query: web::Query<AuditQuery>,
) -> Result<HttpResponse> {
    auth.require_admin()?;
    let mut tx = state.db.begin_read().await?;
    let page = audit::page(
        &mut tx,
        query.entity,
        query.page.unwrap_or(1),
        query.per_page.unwrap_or(50),
    )
    .await?;
    Ok(HttpResponse::Ok().json(page))
}
