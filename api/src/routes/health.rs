//! Liveness (the process answers) and readiness (the database is reachable and migrated).

use crate::error::{ApiError, Result};
use crate::routes::state::AppState;
use actix_web::{HttpResponse, get, web};
use serde::Serialize;

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct Health {
    /// `ok` when healthy.
    pub status: &'static str,
}

/// The process is up. Never touches the database.
#[utoipa::path(get, path = "/health/live", tag = "health",
    responses((status = 200, description = "The process answers", body = Health)))]
#[get("/health/live")]
pub async fn live() -> HttpResponse {
    HttpResponse::Ok().json(Health { status: "ok" })
}

/// The database is reachable and all migrations are applied.
#[utoipa::path(get, path = "/health/ready", tag = "health", responses(
    (status = 200, description = "Ready to serve", body = Health),
    (status = 503, description = "Database unreachable or not migrated", body = shared::problem::Problem,
        content_type = "application/problem+json")))]
#[get("/health/ready")]
pub async fn ready(state: web::Data<AppState>) -> Result<HttpResponse> {
    match state.db.is_ready().await {
        Ok(true) => Ok(HttpResponse::Ok().json(Health { status: "ok" })),
        Ok(false) => Err(ApiError::Unavailable(crate::store::StoreError::Corrupt(
            "migrations pending".into(),
        ))),
        Err(error) => Err(ApiError::Unavailable(error)),
    }
}
