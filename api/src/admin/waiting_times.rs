//! How long citizens wait for the next free online appointment, per office and service:
//! measured by a background task once a day (it looks every hour whether today's snapshot
//! exists) and on demand, and read back for the statistics.

use super::audit::{self, Change};
use crate::clock::Clock;
use crate::domain::audit::{AuditAction, AuditEntity};
use crate::domain::staff::StaffIdentity;
use crate::scheduling::Result;
use crate::scheduling::availability;
use crate::scheduling::catalog::pick;
use crate::scheduling::setup::OfficeSetup;
use crate::store::{Db, Tx, catalog, waiting_times};
use chrono::{DateTime, NaiveDate, Utc};
use shared::admin::WaitingTime;
use shared::ids::ServiceId;
use shared::locale::Locale;
use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

/// How often the background task looks whether today's snapshot is missing.
pub const CHECK_EVERY: Duration = Duration::from_secs(60 * 60);

/// Measures the wait for one of each online-bookable service at the office and stores it for
/// today; `replace` overwrites today's measurement (on demand), else the first one stays.
pub async fn measure(
    tx: &mut Tx,
    setup: &OfficeSetup,
    now: DateTime<Utc>,
    replace: bool,
) -> Result<()> {
    let today = setup.today(now);
    for (&service_id, offer) in &setup.offers {
        if !offer.online_bookable {
            continue;
        }
        let next = availability::next_free(tx, setup, offer.units, now).await?;
        waiting_times::record(
            tx,
            setup.id(),
            service_id,
            today,
            now,
            next.map(|free| free.start),
            replace,
        )
        .await?;
    }
    Ok(())
}

/// Takes today's snapshot at every office that has none yet. Returns how many offices.
/// `POST /admin/offices/{office_id}/waiting-times`: measures the office now (audited) and
/// answers with today's figures.
#[tracing::instrument(skip_all, fields(actor_id = actor.id, office_id = office_id))]
pub async fn measure_on_demand(
    tx: &mut Tx,
    actor: &StaffIdentity,
    office_id: i64,
    now: DateTime<Utc>,
    locale: Locale,
) -> Result<Vec<WaitingTime>> {
    let setup = OfficeSetup::existing(tx, office_id).await?;
    measure(tx, &setup, now, true).await?;
    let today = setup.today(now);
    let measured = recorded(tx, &setup, today, today, locale).await?;
    audit::record(
        tx,
        actor,
        now,
        Change::of(
            AuditAction::WaitingTimesMeasured,
            AuditEntity::WaitingTimeSnapshot,
            today,
        )
        .at_office(office_id)
        .after(&measured),
    )
    .await?;
    Ok(measured)
}

#[tracing::instrument(skip_all)]
pub async fn snapshot_missing(db: &Db, now: DateTime<Utc>) -> Result<usize> {
    let setups = {
        let mut tx = db.begin_read().await?;
        OfficeSetup::load_all(&mut tx).await?
    };
    let mut measured = 0;
    for setup in &setups {
        let mut tx = db.begin().await?;
        if waiting_times::exists_for_day(&mut tx, setup.id(), setup.today(now)).await? {
            continue;
        }
        measure(&mut tx, setup, now, false).await?;
        tx.commit().await?;
        measured += 1;
    }
    Ok(measured)
}

/// Starts the background task; it runs until the returned handle is aborted.
pub fn spawn_daily_snapshots(
    db: Db,
    clock: Arc<dyn Clock>,
    mut shutdown: tokio::sync::watch::Receiver<bool>,
) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let mut ticks = tokio::time::interval(CHECK_EVERY);
        ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tokio::select! {
                _ = shutdown.changed() => break,
                _ = ticks.tick() => {}
            }
            if *shutdown.borrow() {
                break;
            }
            match snapshot_missing(&db, clock.now()).await {
                Ok(0) => {}
                Ok(offices) => tracing::info!(offices, "waiting times recorded"),
                Err(error) => tracing::warn!(error = %error, "recording waiting times failed"),
            }
        }
    })
}

/// The recorded waiting times of an office on the days `from..=to`.
#[tracing::instrument(skip_all, fields(office_id = setup.office.id))]
pub async fn recorded(
    tx: &mut Tx,
    setup: &OfficeSetup,
    from: NaiveDate,
    to: NaiveDate,
    locale: Locale,
) -> Result<Vec<WaitingTime>> {
    let names: HashMap<i64, String> = catalog::services(tx)
        .await?
        .into_iter()
        .map(|s| (s.id, pick(locale, &s.name_de, &s.name_en).to_owned()))
        .collect();
    let tz = setup.time_zone;
    Ok(waiting_times::of_office(tx, setup.id(), from, to)
        .await?
        .into_iter()
        .map(|row| WaitingTime {
            date: row.taken_on,
            service_id: ServiceId(row.service_id),
            service_name: names.get(&row.service_id).cloned().unwrap_or_default(),
            measured_at: row.taken_at.with_timezone(&tz).fixed_offset(),
            next_free: row
                .next_free_at
                .map(|at| at.with_timezone(&tz).fixed_offset()),
            wait_minutes: row
                .next_free_at
                .and_then(|at| u32::try_from((at - row.taken_at).num_minutes().max(0)).ok()),
        })
        .collect())
}
