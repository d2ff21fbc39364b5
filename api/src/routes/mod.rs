//! HTTP: the route table, the OpenAPI document, and one module per resource.
//! This is the only module that knows actix-web.

pub mod admin; // /api/v1/admin/…: day plan, appointments, configuration, statistics, staff, audit
pub mod answer_cache; // availability answers reused for a second while nothing changed
pub mod auth; // /api/v1/auth/…: staff login, refresh, logout, me, password
pub mod availability; // GET /api/v1/availability/{days,times,next}
pub mod bookings; // /api/v1/bookings…: book, view, cancel, reschedule, calendar, activate
pub mod calls; // GET /api/v1/offices/{office_id}/calls: the display's calls as Server-Sent Events
pub mod catalog; // GET /api/v1/offices, /api/v1/services
pub mod defences; // per-IP rate limits, proof-of-work challenge
pub mod docs; // /api/openapi.{json,yaml} and the offline API reference at /api/docs
pub mod edge; // every request first: canonical path, matched route, client address
pub mod extract; // language, bearer token, idempotency key
pub mod faq; // GET /api/v1/faq: the help page's questions and answers
pub mod health; // /health/live, /health/ready
pub mod holds; // POST/DELETE /api/v1/holds
pub mod idempotency; // Idempotency-Key for POSTs that create something: replay the first answer
pub mod kiosk; // GET /api/v1/kiosk, POST /api/v1/kiosk/tickets: a ticket kiosk by its device token
pub mod metrics; // every request counted and timed by route template; GET /metrics
pub mod middleware; // problem+json for every error, security headers
pub mod policy; // what each route asks of a request: per-address budget, API-key scope
pub mod portal; // API keys of portals: identify, quota, scopes; the portal client of a request
pub mod release; // /api/v1/offices/{id}/release and /api/v1/release-entries…: fair release's draw
pub mod retry; // a write that lost a database race runs again: the one place for it
pub mod spa; // the built SPA with client-side routing fallback
pub mod staff_auth; // the authenticated staff account of a request, with the CSRF check
pub mod state; // what every handler may use; the settings the route table is built with
pub mod tickets; // GET /api/v1/tickets/{token}: a ticket's place in line; an office's walk-ins today
pub mod waitlist; // /api/v1/waitlist…: join, view, confirm, leave; offers: view, accept, decline

use crate::error::{ApiError, problem, problem_response};
use actix_web::error::{InternalError, JsonPayloadError, PathError, QueryPayloadError};
use actix_web::http::StatusCode;
use actix_web::{HttpRequest, web};
use state::RouteSettings;

/// The whole route table.
pub fn configure(config: &mut web::ServiceConfig, settings: &RouteSettings) {
    config
        .app_data(json_config(settings.max_body_bytes))
        .app_data(web::PayloadConfig::new(settings.max_body_bytes))
        .app_data(web::QueryConfig::default().error_handler(query_error))
        .app_data(web::PathConfig::default().error_handler(path_error))
        .service(health::live)
        .service(health::ready)
        .configure(docs::configure)
        .service(
            web::scope("/api/v1")
                .service(catalog::list_offices)
                .service(catalog::list_services)
                .service(faq::list)
                .service(availability::days)
                .service(availability::times)
                .service(availability::next_free_appointments)
                .service(defences::challenge)
                .service(holds::create)
                .service(holds::release)
                .service(bookings::create)
                .service(bookings::calendar_file)
                .service(bookings::show)
                .service(bookings::cancel)
                .service(bookings::reschedule)
                .service(bookings::activate)
                .service(waitlist::join)
                .service(waitlist::ask_for_earlier)
                .service(waitlist::show_offer)
                .service(waitlist::accept)
                .service(waitlist::decline)
                .service(waitlist::show)
                .service(waitlist::confirm)
                .service(waitlist::leave)
                .service(release::round)
                .service(release::enter)
                .service(release::show)
                .service(release::confirm)
                .service(tickets::show)
                .service(tickets::walk_ins)
                .service(calls::stream)
                .service(kiosk::session)
                .service(kiosk::draw_ticket)
                .service(auth::login)
                .service(auth::refresh)
                .service(auth::logout)
                .service(auth::me)
                .service(auth::change_password)
                .configure(admin::configure)
                .default_service(web::to(not_found)),
        )
        .service(web::scope("/api").default_service(web::to(not_found)));
    spa::configure(config, settings.static_dir.as_deref());
}

async fn not_found() -> Result<actix_web::HttpResponse, ApiError> {
    Err(ApiError::NotFound)
}

fn json_config(limit: usize) -> web::JsonConfig {
    web::JsonConfig::default()
        .limit(limit)
        .error_handler(move |error, _request: &HttpRequest| {
            let (status, code, detail) = match &error {
                JsonPayloadError::Overflow { .. }
                | JsonPayloadError::OverflowKnownLength { .. } => (
                    StatusCode::PAYLOAD_TOO_LARGE,
                    "payload_too_large",
                    format!("the request body is larger than {limit} bytes"),
                ),
                JsonPayloadError::ContentType => (
                    StatusCode::UNSUPPORTED_MEDIA_TYPE,
                    "unsupported_media_type",
                    "send the body as application/json".to_owned(),
                ),
                JsonPayloadError::Deserialize(inner) if inner.is_data() => (
                    StatusCode::UNPROCESSABLE_ENTITY,
                    "validation_failed",
                    format!("the body does not have the expected form: {inner}"),
                ),
                other => (
                    StatusCode::BAD_REQUEST,
                    "invalid_json",
                    format!("the body is not valid JSON: {other}"),
                ),
            };
            let response = problem_response(&problem(status, code, Some(detail), Vec::new()));
            InternalError::from_response(error, response).into()
        })
}

fn query_error(error: QueryPayloadError, _request: &HttpRequest) -> actix_web::Error {
    let detail = format!("the query string is not valid: {error}");
    let response = problem_response(&problem(
        StatusCode::BAD_REQUEST,
        "invalid_query",
        Some(detail),
        Vec::new(),
    ));
    InternalError::from_response(error, response).into()
}

fn path_error(error: PathError, _request: &HttpRequest) -> actix_web::Error {
    let response = problem_response(&problem(
        StatusCode::NOT_FOUND,
        "not_found",
        None,
        Vec::new(),
    ));
    InternalError::from_response(error, response).into()
}

/// The OpenAPI document as YAML (what `terminvergabe openapi` prints).
pub fn openapi_yaml() -> anyhow::Result<String> {
    use utoipa::OpenApi;
    Ok(docs::ApiDoc::openapi().to_yaml()?)
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_committed_openapi_yaml_matches_the_code() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../openapi.yaml");
        let committed = std::fs::read_to_string(path).expect("openapi.yaml at the repository root");
        assert!(
            committed == super::openapi_yaml().unwrap(),
            "openapi.yaml is stale: run `cargo xtask openapi` and commit the result"
        );
    }
}
