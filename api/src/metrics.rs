//! Prometheus metrics at `/metrics`: requests and latencies by route template, bookings,
//! cancellations, holds, and the email and webhook outbox backlogs and failures (read at scrape
//! time).

use crate::routes::edge::RequestFacts;
use crate::store::{Db, outbox, webhooks};
use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::Method;
use actix_web::middleware::Next;
use actix_web::{HttpResponse, get, web};
use prometheus::{
    Encoder, HistogramOpts, HistogramVec, IntCounter, IntCounterVec, IntGauge, Opts, Registry,
    TextEncoder,
};
use std::time::Instant;

#[derive(Debug, Clone)]
pub struct Metrics {
    registry: Registry,
    http_requests: IntCounterVec,
    http_duration: HistogramVec,
    pub bookings: IntCounter,
    pub appointments_booked: IntCounter,
    pub cancellations: IntCounterVec,
    pub holds: IntCounter,
    outbox_pending: IntGauge,
    outbox_failed: IntGauge,
    webhooks_pending: IntGauge,
    webhooks_failed: IntGauge,
}

impl Metrics {
    pub fn new() -> prometheus::Result<Metrics> {
        let registry = Registry::new_custom(Some("terminvergabe".into()), None)?;
        let http_requests = IntCounterVec::new(
            Opts::new(
                "http_requests_total",
                "HTTP requests by route template, method and status",
            ),
            &["route", "method", "status"],
        )?;
        let http_duration = HistogramVec::new(
            HistogramOpts::new(
                "http_request_duration_seconds",
                "HTTP request latency by route template",
            )
            .buckets(vec![
                0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5,
            ]),
            &["route", "method"],
        )?;
        let bookings = IntCounter::new("bookings_created_total", "Bookings created")?;
        let appointments_booked =
            IntCounter::new("appointments_booked_total", "Appointments booked")?;
        let cancellations = IntCounterVec::new(
            Opts::new(
                "appointments_cancelled_total",
                "Appointments cancelled, by whom",
            ),
            &["by"],
        )?;
        let holds = IntCounter::new("holds_created_total", "Holds taken")?;
        let outbox_pending = IntGauge::new("outbox_pending", "Emails waiting for delivery")?;
        let outbox_failed = IntGauge::new("outbox_failed", "Emails that failed for good")?;
        let webhooks_pending =
            IntGauge::new("webhooks_pending", "Webhook events waiting for delivery")?;
        let webhooks_failed =
            IntGauge::new("webhooks_failed", "Webhook events that failed for good")?;
        registry.register(Box::new(http_requests.clone()))?;
        registry.register(Box::new(http_duration.clone()))?;
        registry.register(Box::new(bookings.clone()))?;
        registry.register(Box::new(appointments_booked.clone()))?;
        registry.register(Box::new(cancellations.clone()))?;
        registry.register(Box::new(holds.clone()))?;
        registry.register(Box::new(outbox_pending.clone()))?;
        registry.register(Box::new(outbox_failed.clone()))?;
        registry.register(Box::new(webhooks_pending.clone()))?;
        registry.register(Box::new(webhooks_failed.clone()))?;
        Ok(Metrics {
            registry,
            http_requests,
            http_duration,
            bookings,
            appointments_booked,
            cancellations,
            holds,
            outbox_pending,
            outbox_failed,
            webhooks_pending,
            webhooks_failed,
        })
    }

    /// The text exposition, with the outbox gauges read from the database now.
    pub async fn render(&self, db: &Db) -> String {
        if let Ok(mut tx) = db.begin_read().await {
            if let Ok((pending, failed)) = outbox::counts(&mut tx).await {
                self.outbox_pending.set(pending);
                self.outbox_failed.set(failed);
            }
            if let Ok((pending, failed)) = webhooks::counts(&mut tx).await {
                self.webhooks_pending.set(pending);
                self.webhooks_failed.set(failed);
            }
        }
        let mut out = Vec::new();
        let _ = TextEncoder::new().encode(&self.registry.gather(), &mut out);
        String::from_utf8(out).unwrap_or_default()
    }
}

/// Middleware: counts and times every request under its route template (never the raw path,
/// which would carry references and explode the label set).
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
        metrics
            .http_requests
            .with_label_values(&[route.as_str(), method, status.as_str()])
            .inc();
        metrics
            .http_duration
            .with_label_values(&[route.as_str(), method])
            .observe(started.elapsed().as_secs_f64());
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
pub async fn scrape(
    metrics: web::Data<Metrics>,
    state: web::Data<crate::startup::AppState>,
) -> HttpResponse {
    HttpResponse::Ok()
        .content_type("text/plain; version=0.0.4; charset=utf-8")
        .body(metrics.render(&state.db).await)
}
