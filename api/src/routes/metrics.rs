//! HTTP for the metrics: every request counted and timed under its route template (never the
//! raw path, which would carry references and explode the label set), and `/metrics` itself,
//! served on its own listener (`startup`).

use crate::metrics::Metrics;
use crate::routes::edge::RequestFacts;
use crate::routes::state::AppState;
use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::Method;
use actix_web::middleware::Next;
use actix_web::{HttpResponse, get, web};
use std::time::Instant;

/// Middleware: counts and times every request under its route template.
pub async fn record(
    request: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let metrics = request.app_data::<web::Data<Metrics>>().cloned();
    let started = Instant::now();
    let method = method_label(request.method());
    let route = RequestFacts::of(request.request())?.route;
    let response = next.call(request).await?;
    if let Some(metrics) = metrics {
        let route = route.unwrap_or_else(|| "unmatched".to_owned());
        let route =
            if route.starts_with("/api") || route.starts_with("/health") || route == "/metrics" {
                route
            } else {
                "static".to_owned()
            };
        let status = response.status().as_u16().to_string();
        metrics.request(&route, method, &status, started.elapsed().as_secs_f64());
    }
    Ok(response)
}

/// The `method` label: the methods of HTTP itself, and `other` for anything a client invents
/// (each invented method would add a series).
fn method_label(method: &Method) -> &'static str {
    static KNOWN: [Method; 9] = [
        Method::GET,
        Method::HEAD,
        Method::POST,
        Method::PUT,
        Method::DELETE,
        Method::PATCH,
        Method::OPTIONS,
        Method::CONNECT,
        Method::TRACE,
    ];
    KNOWN
        .iter()
        .find(|known| *known == method)
        .map_or("other", Method::as_str)
}

/// Prometheus text format.
#[get("/metrics")]
pub async fn scrape(metrics: web::Data<Metrics>, state: web::Data<AppState>) -> HttpResponse {
    HttpResponse::Ok()
        .content_type("text/plain; version=0.0.4; charset=utf-8")
        .body(metrics.render(&state.db).await)
}
