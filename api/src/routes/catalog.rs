//! `GET /api/v1/offices` and `GET /api/v1/services`: what exists, in the citizen's language.

use super::extract::RequestLocale;
use crate::error::Result;
use crate::routes::state::AppState;
use crate::scheduling::catalog;
use actix_web::{HttpResponse, get, web};
use shared::offices::Office;
use shared::problem::Problem;
use shared::services::Service;

#[derive(Debug, serde::Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct LanguageQuery {
    /// Language of names and texts; default: `Accept-Language`, else `de`.
    #[allow(dead_code)]
    #[param(value_type = Option<shared::locale::Locale>)]
    pub lang: Option<String>,
}

/// All offices with address, contact for urgent matters, opening hours and booking rules.
#[utoipa::path(get, path = "/api/v1/offices", tag = "offices", params(LanguageQuery), security((), ("api_key" = [])),
    responses(
        (status = 200, description = "The offices", body = Vec<Office>),
        (status = 422, description = "Unsupported language", body = Problem, content_type = "application/problem+json"),
    ))]
#[get("/offices")]
pub async fn list_offices(
    state: web::Data<AppState>,
    locale: RequestLocale,
) -> Result<HttpResponse> {
    let mut tx = state.db.begin_read().await?;
    let offices = catalog::offices(&mut tx, locale.0).await?;
    Ok(HttpResponse::Ok().json(offices))
}

/// All services with description, fees, documents to bring, and the offices offering them.
#[utoipa::path(get, path = "/api/v1/services", tag = "services", params(LanguageQuery), security((), ("api_key" = [])),
    responses(
        (status = 200, description = "The services", body = Vec<Service>),
        (status = 422, description = "Unsupported language", body = Problem, content_type = "application/problem+json"),
    ))]
#[get("/services")]
pub async fn list_services(
    state: web::Data<AppState>,
    locale: RequestLocale,
) -> Result<HttpResponse> {
    let mut tx = state.db.begin_read().await?;
    let services = catalog::services(&mut tx, locale.0).await?;
    Ok(HttpResponse::Ok().json(services))
}
