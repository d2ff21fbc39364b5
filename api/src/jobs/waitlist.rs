//! Offers to the waitlist what became free without a request saying so: holds, offers and
//! unconfirmed bookings that lapsed, capacity staff added, closures removed, a day newly
//! released. Cancellations and declined offers are offered by their own requests at once.

use crate::scheduling::Context;
use crate::scheduling::waitlist::matching;
use crate::store::{Db, waitlist};
use chrono::Duration;

use super::Jobs;

/// One pass over every office where someone waits; returns how many offers were made.
pub async fn offer_freed(jobs: &Jobs) -> anyhow::Result<u32> {
    let now = jobs.clock.now();
    let context = Context {
        now,
        links: &jobs.links,
    };
    // Local days differ from UTC's by hours: a day earlier keeps every office's today.
    let earliest_today = (now - Duration::days(1)).date_naive();
    let offices = read_offices(&jobs.db, earliest_today).await?;
    let mut made = 0;
    for office_id in offices {
        let mut tx = jobs.db.begin().await?;
        made += matching::offer_freed(&mut tx, &context, office_id).await?;
        tx.commit().await?;
    }
    Ok(made)
}

async fn read_offices(db: &Db, today: chrono::NaiveDate) -> anyhow::Result<Vec<i64>> {
    let mut tx = db.begin_read().await?;
    Ok(waitlist::offices_with_waiters(&mut tx, today).await?)
}
