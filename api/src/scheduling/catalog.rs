//! Offices and services as citizens see them, in their language.

use super::Result;
use super::setup::parse_weekdays;
use crate::store::catalog::{self, OfficeRow};
use crate::store::{Tx, count};
use shared::ids::{OfficeId, ServiceId};
use shared::locale::Locale;
use shared::offices::{BookingRules, Office, OpeningHours};
use shared::services::{Service, ServiceDuration};
use std::collections::BTreeMap;

/// Picks the German or English variant.
pub fn pick<'a>(locale: Locale, de: &'a str, en: &'a str) -> &'a str {
    match locale {
        Locale::De => de,
        Locale::En => en,
    }
}

#[tracing::instrument(skip_all)]
pub async fn offices(tx: &mut Tx, locale: Locale) -> Result<Vec<Office>> {
    let offices = catalog::offices(tx).await?;
    let rules = catalog::opening_rules(tx).await?;
    offices
        .iter()
        .map(|office| {
            let hours = rules
                .iter()
                .filter(|rule| rule.office_id == office.id)
                .filter_map(|rule| {
                    Some(OpeningHours {
                        weekdays: parse_weekdays(&rule.weekdays)?,
                        opens: rule.opens,
                        closes: rule.closes,
                    })
                })
                .collect();
            office_view(office, hours, locale)
        })
        .collect()
}

fn office_view(
    office: &OfficeRow,
    opening_hours: Vec<OpeningHours>,
    locale: Locale,
) -> Result<Office> {
    Ok(Office {
        id: OfficeId(office.id),
        name: office.name.clone(),
        address: office.address.clone(),
        time_zone: office.time_zone.clone(),
        phone: office.phone.clone(),
        email: office.email.clone(),
        notice: pick(locale, &office.notice_de, &office.notice_en).to_owned(),
        opening_hours,
        booking_rules: booking_rules(office)?,
    })
}

/// The rules under which an office takes online bookings, as the API shows them.
pub fn booking_rules(office: &OfficeRow) -> Result<BookingRules, crate::store::StoreError> {
    Ok(BookingRules {
        horizon_days: count(office.horizon_days, "horizon_days")?,
        min_notice_minutes: count(office.min_notice_minutes, "min_notice_minutes")?,
        hold_minutes: count(office.hold_minutes, "hold_minutes")?,
        max_open_appointments_per_email: count(
            office.max_open_appointments_per_email,
            "max_open_appointments_per_email",
        )?,
        activation_required: office.activation_required,
        activation_deadline_minutes: count(
            office.activation_deadline_minutes,
            "activation_deadline_minutes",
        )?,
        cancellation_cooldown_minutes: count(
            office.cancellation_cooldown_minutes,
            "cancellation_cooldown_minutes",
        )?,
        waitlist_offer_minutes: count(office.waitlist_offer_minutes, "waitlist_offer_minutes")?,
        release_window_minutes: count(office.release_window_minutes, "release_window_minutes")?,
        daily_release_time: office.daily_release_time,
    })
}

/// All services with their documents, offices and durations.
#[tracing::instrument(skip_all)]
pub async fn services(tx: &mut Tx, locale: Locale) -> Result<Vec<Service>> {
    let services = catalog::services(tx).await?;
    let documents = catalog::service_documents(tx).await?;
    let offers = catalog::all_offered_services(tx).await?;
    let slot_minutes = usual_slot_minutes(tx).await?;
    services
        .iter()
        .map(|service| {
            let here: Vec<_> = offers
                .iter()
                .filter(|o| o.service_id == service.id)
                .collect();
            let durations = here
                .iter()
                .map(|offer| {
                    let units = count(offer.units, "office_services.units")?;
                    let minutes = slot_minutes.get(&offer.office_id).copied().unwrap_or(0);
                    Ok(ServiceDuration {
                        office_id: OfficeId(offer.office_id),
                        units,
                        minutes: units.saturating_mul(minutes),
                    })
                })
                .collect::<Result<_>>()?;
            Ok(Service {
                id: ServiceId(service.id),
                name: pick(locale, &service.name_de, &service.name_en).to_owned(),
                description: pick(locale, &service.description_de, &service.description_en)
                    .to_owned(),
                documents: documents
                    .iter()
                    .filter(|d| d.service_id == service.id)
                    .map(|d| pick(locale, &d.text_de, &d.text_en).to_owned())
                    .collect(),
                fees: pick(locale, &service.fees_de, &service.fees_en).to_owned(),
                max_quantity: count(service.max_quantity, "max_quantity")?,
                online_bookable: service.online_bookable,
                waitlist: service.waitlist,
                offices: here.iter().map(|o| OfficeId(o.office_id)).collect(),
                durations,
            })
        })
        .collect()
}

/// The slot length of each office's first opening rule (for showing durations in minutes).
async fn usual_slot_minutes(tx: &mut Tx) -> Result<BTreeMap<i64, u32>> {
    let mut minutes = BTreeMap::new();
    for rule in catalog::opening_rules(tx).await? {
        if let std::collections::btree_map::Entry::Vacant(entry) = minutes.entry(rule.office_id) {
            entry.insert(count(rule.slot_minutes, "slot_minutes")?);
        }
    }
    Ok(minutes)
}
