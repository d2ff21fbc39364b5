//! Prometheus metrics: requests and latencies by route template, bookings, cancellations,
//! holds, waitlist offers and the time to accept them (counted from the effects of committed
//! transactions), the email and webhook outbox backlogs and failures and the waitlist's
//! length (read at scrape time). Served by `routes::metrics`.

use crate::store::Db;
use crate::store::effects::Effects;
use crate::store::queue::{self, Queue};
use prometheus::{
    Encoder, Histogram, HistogramOpts, HistogramVec, IntCounter, IntCounterVec, IntGauge, Opts,
    Registry, TextEncoder,
};

#[derive(Debug, Clone)]
pub struct Metrics {
    registry: Registry,
    http_requests: IntCounterVec,
    http_duration: HistogramVec,
    bookings: IntCounter,
    appointments_booked: IntCounter,
    cancellations: IntCounterVec,
    holds: IntCounter,
    outbox_pending: IntGauge,
    outbox_failed: IntGauge,
    webhooks_pending: IntGauge,
    webhooks_failed: IntGauge,
    waitlist_offers: IntCounterVec,
    waitlist_accept_seconds: Histogram,
    waitlist_waiting: IntGauge,
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
        let waitlist_offers = IntCounterVec::new(
            Opts::new(
                "waitlist_offers_total",
                "Appointments offered from the waitlist, by what became of them",
            ),
            &["outcome"],
        )?;
        let waitlist_accept_seconds = Histogram::with_opts(
            HistogramOpts::new(
                "waitlist_offer_accept_seconds",
                "Time from a waitlist offer (made when the capacity became free) to its acceptance",
            )
            .buckets(vec![
                10.0, 30.0, 60.0, 120.0, 300.0, 600.0, 1800.0, 3600.0, 86_400.0,
            ]),
        )?;
        let waitlist_waiting = IntGauge::new(
            "waitlist_waiting",
            "Confirmed waitlist entries in line or with an open offer",
        )?;
        registry.register(Box::new(waitlist_offers.clone()))?;
        registry.register(Box::new(waitlist_accept_seconds.clone()))?;
        registry.register(Box::new(waitlist_waiting.clone()))?;
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
            waitlist_offers,
            waitlist_accept_seconds,
            waitlist_waiting,
        })
    }

    /// The text exposition, with the outbox gauges read from the database now.
    pub async fn render(&self, db: &Db) -> String {
        if let Ok(mut tx) = db.begin_read().await {
            if let Ok((pending, failed)) = queue::counts(&mut tx, Queue::Mail).await {
                self.outbox_pending.set(pending);
                self.outbox_failed.set(failed);
            }
            if let Ok((pending, failed)) = queue::counts(&mut tx, Queue::Webhooks).await {
                self.webhooks_pending.set(pending);
                self.webhooks_failed.set(failed);
            }
            if let Ok(waiting) = crate::store::waitlist::entries_in_line(&mut tx).await {
                self.waitlist_waiting.set(waiting);
            }
        }
        let mut out = Vec::new();
        let _ = TextEncoder::new().encode(&self.registry.gather(), &mut out);
        String::from_utf8(out).unwrap_or_default()
    }

    /// Counts what a committed transaction did.
    pub fn count(&self, effects: &Effects) {
        self.bookings.inc_by(effects.bookings_created);
        self.appointments_booked.inc_by(effects.appointments_booked);
        self.holds.inc_by(effects.holds_taken);
        for (by, cancelled) in [
            ("citizen", effects.cancelled_by_citizen),
            ("office", effects.cancelled_by_office),
        ] {
            if cancelled > 0 {
                self.cancellations
                    .with_label_values(&[by])
                    .inc_by(cancelled);
            }
        }
        let waitlist = &effects.waitlist;
        for (outcome, offers) in [
            ("made", waitlist.offers_made),
            (
                "accepted",
                u32::from(waitlist.accepted_after_seconds.is_some()),
            ),
            ("declined", waitlist.offers_declined),
            ("lapsed", waitlist.offers_lapsed),
        ] {
            if offers > 0 {
                self.waitlist_offers
                    .with_label_values(&[outcome])
                    .inc_by(u64::from(offers));
            }
        }
        if let Some(seconds) = waitlist.accepted_after_seconds {
            self.waitlist_accept_seconds.observe(f64::from(seconds));
        }
    }

    /// Counts and times one answered request.
    pub fn request(&self, route: &str, method: &str, status: &str, seconds: f64) {
        self.http_requests
            .with_label_values(&[route, method, status])
            .inc();
        self.http_duration
            .with_label_values(&[route, method])
            .observe(seconds);
    }
}
