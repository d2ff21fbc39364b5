//! Draws the released days whose window has closed (fair release). Nothing depends on it
//! running on time: the day stays closed to the public until its draw is recorded.

use crate::scheduling::Context;
use crate::scheduling::release::draw;
use crate::scheduling::setup::OfficeSetup;

use super::Jobs;

/// One pass over the offices with a release window; returns how many days were drawn.
pub async fn draw_due(jobs: &Jobs) -> anyhow::Result<u32> {
    let now = jobs.clock.now();
    let context = Context {
        now,
        links: &jobs.links,
    };
    let offices: Vec<OfficeSetup> = {
        let mut tx = jobs.db.begin_read().await?;
        OfficeSetup::load_all(&mut tx)
            .await?
            .into_iter()
            .filter(|setup| setup.office.release_window_minutes > 0)
            .collect()
    };
    let mut drawn = 0;
    for setup in &offices {
        let mut tx = jobs.db.begin().await?;
        if draw::draw_if_due(&mut tx, &context, setup).await?.is_some() {
            drawn += 1;
        }
        tx.commit().await?;
    }
    Ok(drawn)
}
