//! The OpenAPI document (generated from the handlers by utoipa) and an offline API reference.

use super::admin::{
    accounts, api_clients, appointments, audit, call_queue, configuration, faq as admin_faq,
    kiosks, queue_settings, statistics, waitlist as admin_waitlist,
};
use super::policy::KeyAccess;
use super::{
    auth, availability, bookings, calls, catalog, defences, faq, health, holds, kiosk, release,
    tickets, waitlist,
};
use actix_web::http::Method;
use actix_web::{HttpResponse, get, web};
use utoipa::openapi::security::{ApiKey, ApiKeyValue, HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};
use utoipa_swagger_ui::SwaggerUi;

#[derive(Debug, OpenApi)]
#[openapi(
    info(
        title = "Terminvergabe API",
        description = "Online appointments for citizens' offices: offices and services, availability, \
            holds, bookings with several appointments, and managing a booking with its manage token.\n\n\
            Staff endpoints live under `/api/v1/admin` and need a staff login.\n\n\
            **Authentication.** Three kinds of credentials: (1) a portal's API key in the `X-Api-Key` header \
            (`tv_key_…`, issued by an administrator at `POST /api/v1/admin/api-clients`; scopes \
            `availability:read`, `bookings:write`, `staff:read`; optionally restricted to offices; own quota per \
            minute; no proof of work and no per-address rate limit); (2) a booking's manage token as \
            `Authorization: Bearer …` for viewing, cancelling and moving that booking (a portal sends both); \
            (3) a staff access token as `Authorization: Bearer …` (or the SPA's cookies). Errors of the API key: \
            `401 invalid_api_key` (unknown or revoked), `403 scope_missing`, `403 office_not_allowed`, \
            `403 api_key_not_accepted` (staff-only endpoint), `429 quota_exceeded` with `Retry-After`.\n\n\
            **Idempotency.** Every POST that creates something (`/bookings`, `/holds`, `/admin/api-clients`) \
            honours `Idempotency-Key`: a retry with the same key and body returns the first answer with \
            `Idempotent-Replayed: true`; the same key with another body is `422 idempotency_key_reused`.\n\n\
            **Webhooks.** A portal with a webhook URL receives `booking.created`, `booking.cancelled`, \
            `booking.rescheduled` and `appointment.status_changed` for the bookings it made, as the JSON body \
            `WebhookEvent`, signed: `Terminvergabe-Signature: v1=<hex HMAC-SHA256(secret, \"{Terminvergabe-Timestamp}.{body}\")>`. \
            See docs/portal-integration.md.\n\n\
            Errors are RFC 9457 `application/problem+json` with a stable `code` (e.g. `slot_taken`, \
            `validation_failed`, `hold_expired`, `not_found`). Timestamps are RFC 3339 with offset; dates `YYYY-MM-DD`.",
        license(name = "EUPL-1.2"),
    ),
    paths(
        health::live, health::ready,
        catalog::list_offices, catalog::list_services,
        faq::list,
        availability::days, availability::times, availability::next_free_appointments,
        defences::challenge,
        holds::create, holds::release,
        bookings::create, bookings::show, bookings::cancel, bookings::reschedule,
        bookings::calendar_file, bookings::activate,
        waitlist::join, waitlist::ask_for_earlier, waitlist::show, waitlist::confirm, waitlist::leave,
        waitlist::show_offer, waitlist::accept, waitlist::decline,
        release::round, release::enter, release::show, release::confirm,
        auth::login, auth::refresh, auth::logout, auth::me, auth::change_password,
        appointments::day_plan, appointments::search, appointments::capacity,
        appointments::change_status, appointments::book_on_behalf,
        call_queue::issue_ticket, call_queue::overview, call_queue::call_next,
        call_queue::call_entry, call_queue::recall, call_queue::park, call_queue::redirect,
        call_queue::no_show, call_queue::finish, queue_settings::show, queue_settings::update,
        admin_waitlist::overview,
        tickets::show, tickets::walk_ins,
        calls::stream, kiosk::session, kiosk::draw_ticket,
        kiosks::list, kiosks::issue, kiosks::revoke,
        configuration::list_offices, configuration::create_office, configuration::update_office,
        configuration::list_services, configuration::create_service, configuration::update_service,
        configuration::set_offer, configuration::remove_offer,
        configuration::list_rules, configuration::add_rule, configuration::change_rule, configuration::remove_rule,
        configuration::list_closures, configuration::add_closure, configuration::remove_closure,
        statistics::statistics, statistics::statistics_csv,
        accounts::list, accounts::create, accounts::update, accounts::disable,
        admin_faq::list, admin_faq::create, admin_faq::update, admin_faq::remove, admin_faq::reorder,
        api_clients::list, api_clients::create, api_clients::update, api_clients::revoke,
        audit::list,
    ),
    components(schemas(
        shared::problem::Problem, shared::problem::FieldError,
        shared::portal::WebhookEvent, shared::portal::WebhookData, shared::portal::WebhookEventType,
        shared::admin::AffectedAppointments, crate::domain::audit::AuditEntity,
        shared::call_queue::DisplayCall,
    )),
    modifiers(&BearerSchemes, &CommonResponses),
    tags(
        (name = "offices", description = "Citizens' offices"),
        (name = "services", description = "What can be booked, with documents to bring"),
        (name = "availability", description = "Free days, free times, next free appointment"),
        (name = "holds", description = "Keep a time while the citizen types"),
        (name = "bookings", description = "Book, view, cancel, reschedule"),
        (name = "waitlist", description = "Wait for a freed appointment: join (double opt-in), confirm, leave; offers made in the order of the line, accepted with one POST"),
        (name = "release", description = "Fair release: a newly released day is drawn among the entries of its window (double opt-in, one per address) in a seeded, recorded order instead of going to the fastest clicker"),
        (name = "staff auth", description = "Staff login, sessions and password"),
        (name = "day plan", description = "Staff: appointments of a day, search, status changes, booking on behalf"),
        (name = "call queue", description = "Walk-in tickets and checked-in appointments in one line per office and day; calling the next citizen to a counter; a ticket's page; the waiting room's display"),
        (name = "configuration", description = "Staff: offices, services, opening rules, closures"),
        (name = "statistics", description = "Staff: anonymous counts, utilisation, the call queue's measured waiting and service times"),
        (name = "staff accounts", description = "Administrators: staff accounts"),
        (name = "api clients", description = "Administrators: API keys of third-party portals, their scopes, offices, quotas and webhooks"),
        (name = "audit", description = "Administrators: the log of staff changes"),
        (name = "help", description = "Questions and answers of the help page; staff edit them under /api/v1/admin/faq"),
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
            (
                "waitlist_token",
                "The token of a waitlist entry, from the link in its confirmation email",
            ),
            (
                "offer_token",
                "The token of one offer from the waitlist, from the link in the offer email",
            ),
            (
                "release_token",
                "The token of an entry in a draw, from the link in its confirmation email",
            ),
            (
                "staff_token",
                "A staff access token from /api/v1/auth/login (browsers use the tv_access cookie plus X-CSRF-Token instead)",
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
        components.add_security_scheme(
            "api_key",
            SecurityScheme::ApiKey(ApiKey::Header(ApiKeyValue::with_description(
                shared::portal::API_KEY_HEADER,
                "A portal's API key (`tv_key_…`) from POST /api/v1/admin/api-clients. Optional on the public \
                 endpoints; with it, the client's scopes, offices and quota apply instead of the proof of work \
                 and the per-address rate limit.",
            ))),
        );
    }
}

/// Responses every operation can give, documented once instead of on each handler: malformed
/// requests, rate limiting, and the server or database being unavailable; for operations with
/// a body also 413 and 415; with path parameters 404.
#[derive(Debug)]
struct CommonResponses;

impl Modify for CommonResponses {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        use utoipa::openapi::{ContentBuilder, RefOr, ResponseBuilder};
        let problem = |description: &str| {
            RefOr::T(
                ResponseBuilder::new()
                    .description(description)
                    .content(
                        shared::problem::PROBLEM_JSON,
                        ContentBuilder::new()
                            .schema(Some(utoipa::openapi::Ref::from_schema_name("Problem")))
                            .build(),
                    )
                    .build(),
            )
        };
        for (path, item) in openapi.paths.paths.iter_mut() {
            let public = path.starts_with("/api/v1/");
            let operations = [
                (Method::GET, &mut item.get),
                (Method::POST, &mut item.post),
                (Method::PUT, &mut item.put),
                (Method::DELETE, &mut item.delete),
                (Method::PATCH, &mut item.patch),
            ];
            for (method, operation) in operations {
                let Some(operation) = operation else {
                    continue;
                };
                let refuses_keys =
                    super::policy::of(&method, Some(path)).api_key == KeyAccess::Refused;
                let has_body = operation.request_body.is_some();
                let secured = operation.security.as_ref().is_some_and(|s| !s.is_empty());
                let responses = &mut operation.responses.responses;
                let mut add = |status: &str, description: &str| {
                    responses
                        .entry(status.to_owned())
                        .or_insert_with(|| problem(description));
                };
                add(
                    "400",
                    "Malformed request: `invalid_query`, `invalid_json`, `bad_request`",
                );
                if secured {
                    add(
                        "401",
                        "`unauthorized`: credentials missing, wrong or expired",
                    );
                    add(
                        "403",
                        "`forbidden` (not allowed for this account or office) or `csrf_rejected`",
                    );
                }
                if path.contains('{') {
                    add(
                        "404",
                        "`not_found`: nothing under this path (also for an identifier out of range)",
                    );
                }
                if has_body {
                    add(
                        "413",
                        "`payload_too_large`: the body exceeds the configured limit",
                    );
                    add("415", "`unsupported_media_type`: send application/json");
                    add(
                        "422",
                        "`validation_failed`: the body does not have the documented form",
                    );
                }
                if public {
                    add(
                        "429",
                        "`rate_limited`: too many requests from this address, or `quota_exceeded`: an API client over its quota; see `Retry-After`",
                    );
                }
                let takes_api_key = operation.security.iter().flatten().any(|requirement| {
                    serde_json::to_value(requirement)
                        .is_ok_and(|value| value.get("api_key").is_some())
                });
                if takes_api_key {
                    add(
                        "401",
                        "`invalid_api_key`: the X-Api-Key is unknown or revoked",
                    );
                    add(
                        "403",
                        "With an API key: `scope_missing` or `office_not_allowed`",
                    );
                }
                if refuses_keys {
                    add(
                        "403",
                        "`api_key_not_accepted`: this endpoint is not for API keys",
                    );
                }
                add(
                    "500",
                    "`internal`: an unexpected error (logged; details are never shown)",
                );
                add(
                    "503",
                    "`service_unavailable`: the database is unreachable right now",
                );
            }
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
