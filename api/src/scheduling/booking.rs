//! Booking one or more appointments at once, all or nothing.
//!
//! Capacity is claimed in the ledger (`scheduling::ledger`) inside the caller's transaction;
//! the ledger's CHECK constraint is the last word, so a request that loses a race fails with
//! `Error::SlotTaken` and its transaction rolls back — no partial bookings. [`book`] is the
//! whole citizen's (or portal's) request: the booking, the portal's attribution and webhook
//! event, the email, the counted effects, and the answer built from the rows it wrote.

use super::links::Links;
use super::plan::{self, BookingInput, PlannedAppointment, Source};
use super::{Context, Result, ledger, notifications, view};
use crate::domain::portal::PortalIdentity;
use crate::domain::schedule::Channel;
use crate::domain::state::{AppointmentState, BookingState};
use crate::domain::tokens::{hash_token, new_reference, new_secret_token};
use crate::mail::templates::Notice;
use crate::portal::events::{self, Happening};
use crate::store::bookings::{self, AppointmentRow, BookingRow, NewAppointment, NewBooking};
use crate::store::{Tx, api_clients};
use chrono::{DateTime, Duration, Utc};
use shared::bookings::Booking;
use shared::citizen::PhoneNumber;
use shared::portal::WebhookEventType;

/// A booking just written, with the secrets to hand out exactly once.
pub struct Written {
    pub row: BookingRow,
    /// As the owner sees it (without its manage token).
    pub view: Booking,
    pub manage_token: String,
    pub activation_token: Option<String>,
}

impl std::fmt::Debug for Written {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Written")
            .field("row", &self.row)
            .field("manage_token", &crate::domain::Redacted)
            .field(
                "activation_token",
                &crate::domain::redacted(&self.activation_token),
            )
            .finish_non_exhaustive()
    }
}

impl Written {
    /// The answer to the one who booked: the view with its manage token.
    pub fn answer(self) -> Booking {
        Booking {
            manage_token: Some(self.manage_token),
            ..self.view
        }
    }
}

/// `POST /bookings`: books the request online — for a citizen, or for the portal whose API key
/// made it (recorded as its booking; its webhook hears of it). The citizen gets the
/// confirmation, or the activation email when an office asks for double opt-in.
#[tracing::instrument(skip_all, fields(reference, appointments = input.request.appointments.len()))]
pub async fn book(
    tx: &mut Tx,
    context: &Context<'_>,
    input: &BookingInput,
    portal: Option<&PortalIdentity>,
) -> Result<Booking> {
    let written = write(tx, context.now, input, Channel::Online).await?;
    tracing::Span::current().record("reference", written.row.reference.as_str());
    if let Some(portal) = portal {
        api_clients::attribute_booking(tx, written.row.id, portal.id).await?;
        let created = Happening::of(WebhookEventType::BookingCreated);
        events::queue_for(tx, created, &written.row, &written.view, context.now).await?;
    }
    let notice = match (&written.activation_token, written.row.activation_deadline) {
        (Some(token), Some(deadline)) => Notice::Activation {
            link: context.links.activation(&written.row.reference, token),
            deadline,
        },
        _ => Notice::Confirmation,
    };
    confirm_by_email(tx, context, notice, &written).await?;
    tracing::info!(api_client = portal.map(|p| p.id), "booking created");
    Ok(written.answer())
}

/// Queues the email that confirms `written` (or asks to activate it), linking to its manage
/// token.
pub async fn confirm_by_email(
    tx: &mut Tx,
    context: &Context<'_>,
    notice: Notice,
    written: &Written,
) -> Result<()> {
    let links: &Links = context.links;
    notifications::queue_for(
        tx,
        notice,
        &written.row,
        &written.view,
        Some(&written.manage_token),
        links,
        context.now,
    )
    .await
}

/// Writes the booking on `channel`: plans every appointment, applies the per-address limit
/// online, inserts the booking and its appointments (holds become appointments), claims the
/// capacity, counts the effects.
pub async fn write(
    tx: &mut Tx,
    now: DateTime<Utc>,
    input: &BookingInput,
    channel: Channel,
) -> Result<Written> {
    let setups = plan::offices_of(tx, &input.request, now).await?;
    let planned = plan::appointments(tx, &setups, &input.request, now, channel).await?;
    let email_key = input.citizen.email.limit_key();
    if channel == Channel::Online {
        plan::check_email_limits(tx, &setups, &planned, &email_key, now).await?;
    }
    let activation_deadline = setups
        .values()
        .filter(|setup| {
            setup.office.activation_required
                && channel == Channel::Online
                && !input.address_confirmed
        })
        .map(|setup| setup.office.activation_deadline_minutes)
        .min()
        .map(|minutes| now + Duration::minutes(minutes));
    let (booking_state, appointment_state) = if activation_deadline.is_some() {
        (
            BookingState::PendingActivation,
            AppointmentState::PendingActivation,
        )
    } else {
        (BookingState::Confirmed, AppointmentState::Booked)
    };
    let manage_token = new_secret_token();
    let activation_token = activation_deadline.map(|_| new_secret_token());
    let office_code = &setups[&planned[0].office_id].office.code;
    let row = insert_booking(
        tx,
        &NewBooking {
            reference: "",
            manage_token_hash: &hash_token(&manage_token),
            activation_token_hash: activation_token.as_deref().map(hash_token).as_deref(),
            status: booking_state,
            locale: input.request.locale.code(),
            citizen_name: input.citizen.name.as_str(),
            citizen_email: input.citizen.email.as_str(),
            citizen_email_key: &email_key,
            citizen_phone: input.citizen.phone.as_ref().map(PhoneNumber::as_str),
            created_at: now,
            activation_deadline,
        },
        office_code,
    )
    .await?;
    let stored = Stored {
        booking_id: row.id,
        channel,
        state: appointment_state,
        expires_at: activation_deadline,
    };
    let mut appointments = Vec::with_capacity(planned.len());
    let mut services = Vec::new();
    let mut claims = Vec::new();
    for appointment in &planned {
        let id = stored.insert(tx, appointment).await?;
        if let Source::Claim(units) = &appointment.source {
            claims.extend(ledger::claims_of(appointment.office_id, channel, units));
        }
        services.extend(
            appointment
                .services
                .iter()
                .map(|&(service, quantity)| (id, service, i64::from(quantity))),
        );
        appointments.push(stored.row(id, appointment));
    }
    ledger::claim_all(tx, claims).await?;
    let effects = tx.effects();
    effects.bookings_created += 1;
    effects.appointments_booked += planned.len() as u64;
    let view = view::assemble(tx, &row, &appointments, &services, now).await?;
    Ok(Written {
        row,
        view,
        manage_token,
        activation_token,
    })
}

/// Inserts the booking under a fresh reference of its first office; a reference already
/// taken (rare: 23^6 of them per office code) is drawn again.
async fn insert_booking(
    tx: &mut Tx,
    booking: &NewBooking<'_>,
    office_code: &str,
) -> Result<BookingRow> {
    loop {
        let reference = new_reference(office_code);
        let attempt = NewBooking {
            reference: &reference,
            ..*booking
        };
        if let Some(row) = bookings::insert_booking(tx, &attempt).await? {
            return Ok(row);
        }
    }
}

/// How the appointments of one new booking are stored.
struct Stored {
    booking_id: i64,
    channel: Channel,
    state: AppointmentState,
    expires_at: Option<DateTime<Utc>>,
}

impl Stored {
    /// Inserts the planned appointment (or turns its hold into it); returns its id.
    async fn insert(&self, tx: &mut Tx, appointment: &PlannedAppointment) -> Result<i64> {
        match &appointment.source {
            Source::Hold(id) => {
                bookings::attach_hold(tx, *id, self.booking_id, self.state, self.expires_at)
                    .await?;
                Ok(*id)
            }
            Source::Claim(units) => {
                let starts: Vec<_> = units.iter().map(|unit| unit.start).collect();
                let new = self.new_appointment(appointment);
                Ok(bookings::insert_appointment(tx, &new, &appointment.services, &starts).await?)
            }
        }
    }

    /// The row a planned appointment becomes.
    fn new_appointment(&self, appointment: &PlannedAppointment) -> NewAppointment<'static> {
        NewAppointment {
            booking_id: Some(self.booking_id),
            hold_id: None,
            office_id: appointment.office_id,
            start_at: appointment.start,
            end_at: appointment.end,
            channel: self.channel,
            status: self.state,
            expires_at: self.expires_at,
        }
    }

    /// The stored row of the appointment just written.
    fn row(&self, id: i64, appointment: &PlannedAppointment) -> AppointmentRow {
        AppointmentRow::inserted(id, &self.new_appointment(appointment))
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn debug_of_a_written_booking_hides_its_tokens_and_citizen() {
        let row = crate::store::bookings::tests::row();
        let written = super::Written {
            view: shared::bookings::Booking {
                reference: row.reference.clone(),
                manage_token: None,
                status: shared::bookings::BookingStatus::Confirmed,
                locale: shared::locale::Locale::De,
                created_at: row.created_at,
                activation_deadline: None,
                appointments: Vec::new(),
            },
            row,
            manage_token: "manage-secret".into(),
            activation_token: Some("activation-secret".into()),
        };
        let shown = format!("{written:?}");
        for hidden in ["manage-secret", "activation-secret", "Mustermann"] {
            assert!(!shown.contains(hidden), "{shown}");
        }
    }
}
