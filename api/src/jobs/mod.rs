//! Background work inside `terminvergabe serve`, stopped with the server. Nothing here is
//! needed for correctness on time (availability already ignores lapsed claims); jobs tidy up
//! and send what is due.

pub mod release; // draw the released days whose window has closed (fair release)
pub mod reminders; // queue reminder emails for appointments that are soon
pub mod retention; // delete personal data after the retention period
pub mod sweep; // give back the ledger capacity of lapsed holds and unconfirmed bookings
pub mod waitlist; // offer what became free by the clock or by staff to those waiting

use crate::clock::Clock;
use crate::limits::Budgets;
use crate::scheduling::links::Links;
use crate::store::Db;
use chrono::Duration;
use std::sync::Arc;
use tokio::sync::watch;

/// What the periodic jobs need.
#[derive(Debug, Clone)]
pub struct Jobs {
    pub db: Db,
    pub clock: Arc<dyn Clock>,
    pub links: Links,
    pub reminder_lead: Duration,
    pub retention: Duration,
    /// The dev mailbox folder, when mail goes there (its messages are kept as long).
    pub mailbox: Option<std::path::PathBuf>,
    /// Request budgets, forgotten once full again.
    pub budgets: Arc<Budgets>,
}

/// Runs every job each `interval` until `shutdown` turns true.
pub async fn run(jobs: Jobs, interval: std::time::Duration, mut shutdown: watch::Receiver<bool>) {
    loop {
        if let Err(error) = sweep::release_lapsed_claims(&jobs.db, jobs.clock.now()).await {
            tracing::warn!(error = %error, "sweeping lapsed claims failed");
        }
        match retention::apply(
            &jobs.db,
            jobs.clock.now(),
            jobs.retention,
            jobs.mailbox.as_deref(),
        )
        .await
        {
            Ok(0) => {}
            Ok(anonymised) => tracing::info!(anonymised, "personal data deleted after retention"),
            Err(error) => tracing::warn!(error = %error, "applying the retention failed"),
        }
        match release::draw_due(&jobs).await {
            Ok(0) => {}
            Ok(drawn) => tracing::info!(drawn, "released days drawn"),
            Err(error) => tracing::warn!(error = %error, "drawing released days failed"),
        }
        if let Err(error) = waitlist::offer_freed(&jobs).await {
            tracing::warn!(error = %error, "offering to the waitlist failed");
        }
        jobs.budgets.forget_full().await;
        match reminders::queue_due(&jobs).await {
            Ok(0) => {}
            Ok(queued) => tracing::info!(queued, "reminders queued"),
            Err(error) => tracing::warn!(error = %error, "queueing reminders failed"),
        }
        if !crate::background::pause(interval, None, &mut shutdown).await {
            break;
        }
    }
}
