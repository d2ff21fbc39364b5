//! How an office's waitlist stands, for its staff: who waits for which service and since
//! when, and what became of the offers of the last 30 days (the time to accept included).

use crate::domain::queue_figures::median_minutes;
use crate::domain::waitlist::OfferState;
use crate::scheduling::Result;
use crate::scheduling::setup::OfficeSetup;
use crate::scheduling::view::ServiceTexts;
use crate::store::{Tx, catalog, count, waitlist};
use chrono::{DateTime, Duration, Utc};
use shared::ids::{OfficeId, ServiceId};
use shared::locale::Locale;
use shared::waitlist::{OfferCounts, OfferStatus, WaitingForService, WaitlistOverview};

/// How far back the offer figures reach.
const FIGURES_DAYS: i64 = 30;

/// `GET /admin/offices/{office_id}/waitlist`
#[tracing::instrument(skip_all, fields(office_id = office_id.0))]
pub async fn overview(
    tx: &mut Tx,
    now: DateTime<Utc>,
    office_id: OfficeId,
    locale: Locale,
) -> Result<WaitlistOverview> {
    let setup = OfficeSetup::existing(tx, office_id.0).await?;
    let texts = ServiceTexts::load(tx, locale).await?;
    let taking_waiters: Vec<(i64, bool)> = catalog::services(tx)
        .await?
        .iter()
        .filter(|service| setup.offers.contains_key(&service.id))
        .map(|service| (service.id, service.waitlist))
        .collect();
    let waiting = waitlist::waiting_per_service(tx, setup.id(), setup.today(now)).await?;
    let services = taking_waiters
        .into_iter()
        .map(|(service_id, enabled)| {
            let (waiting, oldest_since) = waiting
                .iter()
                .find(|(id, _, _)| *id == service_id)
                .map_or((0, None), |&(_, n, oldest)| (n, oldest));
            Ok(WaitingForService {
                service_id: ServiceId(service_id),
                name: texts.name(service_id),
                enabled,
                waiting: count(waiting, "waiting")?.into(),
                oldest_since,
            })
        })
        .collect::<Result<_>>()?;
    let since = now - Duration::days(FIGURES_DAYS);
    let offers = waitlist::offers_at_office(tx, setup.id(), since).await?;
    let mut counts = OfferCounts::default();
    let mut seconds_to_accept = Vec::new();
    for (state, offered_at, expires_at, decided_at) in offers {
        counts.sent += 1;
        match state.shown(expires_at, now) {
            OfferStatus::Open => counts.open += 1,
            OfferStatus::Accepted => {
                counts.accepted += 1;
                if let (OfferState::Accepted, Some(decided_at)) = (state, decided_at) {
                    seconds_to_accept.push((decided_at - offered_at).num_seconds());
                }
            }
            OfferStatus::Declined => counts.declined += 1,
            OfferStatus::Lapsed => counts.lapsed += 1,
        }
    }
    let minutes = setup.office.waitlist_offer_minutes;
    Ok(WaitlistOverview {
        enabled: minutes > 0,
        offer_minutes: count(minutes, "waitlist_offer_minutes")?,
        services,
        offers: counts,
        since,
        median_minutes_to_accept: median_minutes(&seconds_to_accept),
    })
}
