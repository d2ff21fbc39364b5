//! A booking as its owner sees it: appointments in the office's time zone, service names and
//! documents in the booking's language, statuses as shown (an unconfirmed booking past its
//! deadline shows as expired before any job recorded it). Assembled from stored rows — read
//! here, or just written by the caller — and the configuration snapshot.

use super::Result;
use super::catalog::pick;
use crate::store::bookings::{self, AppointmentRow, BookingRow};
use crate::store::{Tx, catalog, count};
use chrono::{DateTime, Utc};
use shared::bookings::{Appointment, BookedService, Booking};
use shared::ids::{AppointmentId, OfficeId, ServiceId};
use shared::locale::Locale;
use std::collections::HashMap;

/// (appointment id, service id, quantity) of a booking's appointments.
pub type ServiceLine = (i64, i64, i64);

/// The booking, its appointments read from the database.
pub async fn load(tx: &mut Tx, booking: &BookingRow, now: DateTime<Utc>) -> Result<Booking> {
    let appointments = bookings::appointments_of_booking(tx, booking.id).await?;
    let services = bookings::services_of_booking(tx, booking.id).await?;
    assemble(tx, booking, &appointments, &services, now).await
}

/// The booking from rows the caller has (e.g. just wrote).
pub async fn assemble(
    tx: &mut Tx,
    booking: &BookingRow,
    appointments: &[AppointmentRow],
    services: &[ServiceLine],
    now: DateTime<Utc>,
) -> Result<Booking> {
    let locale = Locale::from_tag(&booking.locale).unwrap_or_default();
    let texts = ServiceTexts::load(tx, locale).await?;
    let zones: HashMap<i64, chrono_tz::Tz> = catalog::offices(tx)
        .await?
        .into_iter()
        .map(|office| {
            let zone = office
                .time_zone
                .parse()
                .unwrap_or(chrono_tz::Europe::Berlin);
            (office.id, zone)
        })
        .collect();
    let booked_services = |appointment_id: i64| -> Result<Vec<BookedService>> {
        services
            .iter()
            .filter(|(appointment, _, _)| *appointment == appointment_id)
            .map(|&(_, service_id, quantity)| {
                Ok(texts.booked(service_id, count(quantity, "quantity")?))
            })
            .collect()
    };
    let appointments = appointments
        .iter()
        .map(|a| {
            let zone = zones
                .get(&a.office_id)
                .copied()
                .unwrap_or(chrono_tz::Europe::Berlin);
            Ok(Appointment {
                id: AppointmentId(a.id),
                office_id: OfficeId(a.office_id),
                start: a.start_at.with_timezone(&zone).fixed_offset(),
                end: a.end_at.with_timezone(&zone).fixed_offset(),
                status: a.status.shown(a.expires_at.is_some_and(|at| at <= now)),
                services: booked_services(a.id)?,
            })
        })
        .collect::<Result<_>>()?;
    let activation_lapsed = booking.activation_deadline.is_some_and(|at| at <= now);
    Ok(Booking {
        reference: booking.reference.clone(),
        manage_token: None,
        status: booking.status.shown(activation_lapsed),
        locale,
        created_at: booking.created_at,
        activation_deadline: booking.activation_deadline,
        appointments,
    })
}

/// Service names and documents to bring in one language, from the configuration snapshot.
#[derive(Debug)]
pub struct ServiceTexts {
    locale: Locale,
    services: HashMap<i64, catalog::ServiceRow>,
    documents: Vec<catalog::DocumentRow>,
}

impl ServiceTexts {
    pub async fn load(tx: &mut Tx, locale: Locale) -> Result<ServiceTexts> {
        let services = catalog::services(tx)
            .await?
            .into_iter()
            .map(|s| (s.id, s))
            .collect();
        let documents = catalog::service_documents(tx).await?;
        Ok(ServiceTexts {
            locale,
            services,
            documents,
        })
    }

    /// The service's name in the language (empty for a service that no longer exists).
    pub fn name(&self, service_id: i64) -> String {
        self.services
            .get(&service_id)
            .map_or_else(String::new, |service| {
                pick(self.locale, &service.name_de, &service.name_en).to_owned()
            })
    }

    /// `quantity` of the service with its name and the documents to bring.
    pub fn booked(&self, service_id: i64, quantity: u32) -> BookedService {
        let documents = self
            .documents
            .iter()
            .filter(|d| d.service_id == service_id)
            .map(|d| pick(self.locale, &d.text_de, &d.text_en).to_owned())
            .collect();
        BookedService {
            service_id: ServiceId(service_id),
            quantity,
            name: self.name(service_id),
            documents,
        }
    }
}
