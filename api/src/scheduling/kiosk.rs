//! A kiosk at the office's entrance, as it works: it learns its office from its device token
//! (`GET /kiosk`) and draws walk-in tickets there (`POST /kiosk/tickets`). A token that was
//! revoked, or never issued, opens nothing (401). Staff issue and revoke kiosks in
//! `admin::kiosks`.

use super::call_queue;
use super::setup::OfficeSetup;
use super::{Error, Result};
use crate::domain::call_queue::KioskToken;
use crate::store::kiosks::{self, KioskRow};
use crate::store::{Tx, queue_settings};
use chrono::{DateTime, Utc};
use shared::call_queue::{IssuedTicket, KioskSession, NewTicket};
use shared::ids::OfficeId;

async fn identify(tx: &mut Tx, token: Option<&KioskToken>) -> Result<KioskRow> {
    let token = token.ok_or(Error::Unauthorized)?;
    kiosks::by_token_hash(tx, &token.hash())
        .await?
        .ok_or(Error::Unauthorized)
}

/// `GET /kiosk`: the office this kiosk stands in, and whether it draws tickets now.
#[tracing::instrument(skip_all)]
pub async fn session(
    tx: &mut Tx,
    now: DateTime<Utc>,
    token: Option<&KioskToken>,
) -> Result<KioskSession> {
    let kiosk = identify(tx, token).await?;
    let setup = OfficeSetup::existing(tx, kiosk.office_id).await?;
    let settings = queue_settings::of_office(tx, setup.id()).await?;
    Ok(KioskSession {
        office_id: OfficeId(kiosk.office_id),
        name: kiosk.name,
        walk_ins: call_queue::walk_ins_today(tx, &setup, &settings, now).await?,
    })
}

/// `POST /kiosk/tickets`: a walk-in ticket at this kiosk's office.
#[tracing::instrument(skip_all)]
pub async fn draw_ticket(
    tx: &mut Tx,
    now: DateTime<Utc>,
    token: Option<&KioskToken>,
    request: &NewTicket,
) -> Result<IssuedTicket> {
    let kiosk = identify(tx, token).await?;
    let setup = OfficeSetup::existing(tx, kiosk.office_id).await?;
    let ticket = call_queue::walk_in(tx, &setup, now, request).await?;
    kiosks::touch(tx, kiosk.id, now).await?;
    tracing::info!(number = %ticket.number, kiosk_id = kiosk.id, "walk-in ticket drawn at a kiosk");
    Ok(ticket)
}
