//! Entries and offers as their owners see them: services named in the entry's language, times
//! in the office's zone, states as the clock shows them.

use super::super::Result;
use super::super::setup::OfficeSetup;
use super::super::view::ServiceTexts;
use super::wish_of_entry;
use crate::domain::waitlist::EntryFacts;
use crate::store::waitlist::{self, EntryRow, OfferRow};
use crate::store::{Tx, bookings, count};
use chrono::{DateTime, Utc};
use shared::ids::OfficeId;
use shared::locale::Locale;
use shared::waitlist::{
    OfferStatus, WaitedService, WaitlistEntry, WaitlistEntryId, WaitlistOffer, WaitlistOfferId,
    WaitlistStatus,
};

pub(super) async fn entry(
    tx: &mut Tx,
    now: DateTime<Utc>,
    row: &EntryRow,
) -> Result<WaitlistEntry> {
    let locale = Locale::from_tag(&row.locale).unwrap_or_default();
    let texts = ServiceTexts::load(tx, locale).await?;
    let services = waitlist::services_of_entry(tx, row.id)
        .await?
        .into_iter()
        .map(|(service_id, quantity)| {
            Ok(WaitedService {
                service_id: shared::ids::ServiceId(service_id),
                quantity: count(quantity, "waitlist_entry_services.quantity")?,
                name: texts.name(service_id),
            })
        })
        .collect::<Result<Vec<_>>>()?;
    let offices = waitlist::offices_of_entry(tx, row.id).await?;
    let today = match offices.first() {
        Some(&office_id) => OfficeSetup::existing(tx, office_id).await?.today(now),
        None => now.date_naive(),
    };
    let offer = match waitlist::open_offer_of_entry(tx, row.id, now).await? {
        Some(offer) => Some(self::offer(tx, now, &offer).await?),
        None => None,
    };
    let facts = EntryFacts {
        confirmation_lapsed: row.confirm_by <= now,
        last_day_passed: row.latest < today,
        open_offer: offer.is_some(),
    };
    let status = row.status.shown(&facts);
    let wish = wish_of_entry(row)?;
    let earlier_than = match row.moves_appointment_id {
        Some(id) => match bookings::appointment_by_id(tx, id, false).await? {
            Some(moving) => {
                let zone = OfficeSetup::existing(tx, moving.office_id).await?.time_zone;
                Some(moving.start_at.with_timezone(&zone).fixed_offset())
            }
            None => None,
        },
        None => None,
    };
    Ok(WaitlistEntry {
        id: WaitlistEntryId(parse_id(&row.public_id)?),
        status,
        services,
        offices: offices.into_iter().map(OfficeId).collect(),
        earliest: wish.earliest,
        latest: wish.latest,
        weekdays: wish.weekdays,
        times: wish.times,
        locale,
        joined_at: row.joined_at,
        confirm_by: (status == WaitlistStatus::PendingConfirmation).then_some(row.confirm_by),
        offer: offer.filter(|_| status == WaitlistStatus::Offered),
        earlier_than: earlier_than.filter(|_| status.is_open()),
    })
}

pub(super) async fn offer(
    tx: &mut Tx,
    now: DateTime<Utc>,
    row: &OfferRow,
) -> Result<WaitlistOffer> {
    let entry = waitlist::entry_by_id(tx, row.entry_id, false).await?;
    let locale = Locale::from_tag(&entry.locale).unwrap_or_default();
    let texts = ServiceTexts::load(tx, locale).await?;
    let appointment = bookings::appointment_by_id(tx, row.appointment_id, false)
        .await?
        .ok_or(super::super::Error::NotFound)?;
    let services = super::super::plan::services_of_appointment(tx, appointment.id)
        .await?
        .into_iter()
        .map(|(service_id, quantity)| texts.booked(service_id, quantity))
        .collect();
    let zone = OfficeSetup::existing(tx, row.office_id).await?.time_zone;
    let status = row.status.shown(row.expires_at, now);
    let booking_reference = match (status, appointment.booking_id) {
        (OfferStatus::Accepted, Some(booking_id)) => {
            Some(bookings::booking_by_id(tx, booking_id).await?.reference)
        }
        _ => None,
    };
    Ok(WaitlistOffer {
        id: WaitlistOfferId(parse_id(&row.public_id)?),
        status,
        office_id: OfficeId(row.office_id),
        start: appointment.start_at.with_timezone(&zone).fixed_offset(),
        end: appointment.end_at.with_timezone(&zone).fixed_offset(),
        expires_at: row.expires_at,
        services,
        locale,
        booking_reference,
    })
}

fn parse_id(public_id: &str) -> Result<uuid::Uuid> {
    uuid::Uuid::parse_str(public_id).map_err(|_| {
        crate::store::StoreError::Corrupt(format!("waitlist public id `{public_id}`")).into()
    })
}
