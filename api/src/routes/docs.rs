//! The OpenAPI document (generated from the handlers by utoipa) and an offline API reference.

use super::{availability, bookings, catalog, defences, health, holds};
use actix_web::{HttpResponse, get, web};
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};
use utoipa_swagger_ui::SwaggerUi;

#[derive(Debug, OpenApi)]
#[openapi(
    info(
        title = "Terminvergabe API",
        description = "Online appointments for citizens' offices: offices and services, availability, \
            holds, bookings with several appointments, and managing a booking with its manage token.\n\n\
            Errors are RFC 9457 `application/problem+json` with a stable `code` (e.g. `slot_taken`, \
            `validation_failed`, `hold_expired`, `not_found`). Timestamps are RFC 3339 with offset; dates `YYYY-MM-DD`.",
        license(name = "EUPL-1.2"),
    ),
    paths(
        health::live, health::ready,
        catalog::list_offices, catalog::list_services,
        availability::days, availability::times, availability::next_free_appointments,
        defences::challenge,
        holds::create, holds::release,
        bookings::create, bookings::show, bookings::cancel, bookings::reschedule,
        bookings::calendar_file, bookings::activate,
    ),
    components(schemas(shared::problem::Problem, shared::problem::FieldError)),
    modifiers(&BearerSchemes),
    tags(
        (name = "offices", description = "Citizens' offices"),
        (name = "services", description = "What can be booked, with documents to bring"),
        (name = "availability", description = "Free days, free times, next free appointment"),
        (name = "holds", description = "Keep a time while the citizen types"),
        (name = "bookings", description = "Book, view, cancel, reschedule"),
        (name = "health", description = "Liveness and readiness"),
    )
)]
pub struct ApiDoc;

#[derive(Debug)]
struct BearerSchemes;

impl Modify for BearerSchemes {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        for (name, description) in [
            (
                "manage_token",
                "The manage token returned when the booking was created (and sent by email)",
            ),
            (
                "activation_token",
                "The activation token from the activation email",
            ),
        ] {
            components.add_security_scheme(
                name,
                SecurityScheme::Http(
                    HttpBuilder::new()
                        .scheme(HttpAuthScheme::Bearer)
                        .description(Some(description))
                        .build(),
                ),
            );
        }
    }
}

pub fn configure(config: &mut web::ServiceConfig) {
    config
        .service(openapi_yaml)
        .service(SwaggerUi::new("/api/docs/{_:.*}").url("/api/openapi.json", ApiDoc::openapi()))
        .service(web::redirect("/api/docs", "/api/docs/"));
}

#[get("/api/openapi.yaml")]
async fn openapi_yaml() -> HttpResponse {
    match super::openapi_yaml() {
        Ok(yaml) => HttpResponse::Ok()
            .content_type("application/yaml")
            .body(yaml),
        Err(error) => {
            actix_web::ResponseError::error_response(&crate::error::ApiError::Internal(error))
        }
    }
}
