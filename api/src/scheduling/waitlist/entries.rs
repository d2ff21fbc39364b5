//! A citizen's own waitlist entry: joining (with double opt-in), seeing it, confirming it,
//! leaving.

use super::super::manage;
use super::super::plan::{self, ValidCitizen, unknown_office};
use super::super::setup::{OfficeSetup, format_weekdays};
use super::super::{Context, Error, Result, ensure_valid, field};
use super::{authorized_entry, matching, notify, offers, view};
use crate::domain::schedule::Channel;
use crate::domain::tokens::{hash_token, new_secret_token};
use crate::domain::waitlist::{
    CONFIRMATION_HOURS, EntryState, MAX_OPEN_ENTRIES_PER_EMAIL, Wish, WishRefusal,
};
use crate::store::waitlist::{self, NewEntry};
use crate::store::{Tx, bookings, catalog};
use chrono::Duration;
use shared::citizen::PhoneNumber;
use shared::ids::AppointmentId;
use shared::locale::Locale;
use shared::problem::FieldError;
use shared::waitlist::{JoinWaitlist, WaitlistEntry, WaitlistEntryId, WaitlistJoined};

/// A join request whose form is valid (offices and services are checked when joining).
#[derive(Debug, Clone)]
pub struct JoinInput {
    pub request: JoinWaitlist,
    pub citizen: ValidCitizen,
}

impl JoinInput {
    pub fn parse(request: JoinWaitlist) -> Result<JoinInput> {
        let citizen = ValidCitizen::parse(&request.citizen);
        let mut errors = citizen.as_ref().err().cloned().unwrap_or_default();
        if request.services.is_empty() {
            errors.push(field("services", "required", "choose at least one service"));
        }
        match citizen {
            Ok(citizen) if errors.is_empty() => Ok(JoinInput { request, citizen }),
            _ => Err(Error::Invalid(errors)),
        }
    }
}

/// `POST /waitlist`: records an unconfirmed entry and emails the link that confirms it.
/// Nothing is offered before the address is confirmed.
#[tracing::instrument(skip_all, fields(offices = input.request.offices.len()))]
pub async fn join(tx: &mut Tx, context: &Context<'_>, input: &JoinInput) -> Result<WaitlistJoined> {
    let now = context.now;
    let request = &input.request;
    let offices = offices_to_wait_at(tx, request).await?;
    let today = offices[0].today(now);
    let wish = Wish {
        earliest: request.earliest,
        latest: request.latest,
        weekdays: request.weekdays.clone(),
        times: request.times,
    };
    wish.check(today)
        .map_err(|refusal| Error::Invalid(vec![wish_error(refusal)]))?;
    let email_key = input.citizen.email.limit_key();
    if waitlist::open_entries_of_email(tx, &email_key, now, today).await?
        >= MAX_OPEN_ENTRIES_PER_EMAIL
    {
        return Err(Error::Conflict(
            "waitlist_limit_reached",
            format!(
                "an email address may wait for at most {MAX_OPEN_ENTRIES_PER_EMAIL} appointments at once; leave another waitlist first"
            ),
        ));
    }
    let public_id = uuid::Uuid::new_v4().to_string();
    let token = new_secret_token();
    let confirm_by = now + Duration::hours(CONFIRMATION_HOURS);
    let services = plan::services_of(&request.services);
    let office_ids: Vec<i64> = offices.iter().map(OfficeSetup::id).collect();
    waitlist::insert_entry(
        tx,
        &NewEntry {
            public_id: &public_id,
            token_hash: &hash_token(&token),
            locale: request.locale.code(),
            earliest: request.earliest,
            latest: request.latest,
            weekdays: &format_weekdays(&request.weekdays),
            times: request.times.map(|times| (times.from, times.until)),
            citizen_name: input.citizen.name.as_str(),
            citizen_email: input.citizen.email.as_str(),
            citizen_email_key: &email_key,
            citizen_phone: input.citizen.phone.as_ref().map(PhoneNumber::as_str),
            joined_at: now,
            confirm_by,
            services: &services,
            offices: &office_ids,
            moves_appointment_id: None,
        },
    )
    .await?;
    notify::confirmation(
        tx,
        context,
        &notify::Recipient {
            name: input.citizen.name.as_str(),
            email: input.citizen.email.as_str(),
            locale: request.locale,
        },
        &offices[0],
        &services,
        context.links.waitlist_entry(&public_id, &token),
        confirm_by,
    )
    .await?;
    tracing::info!("waitlist entry made, waiting for confirmation");
    Ok(WaitlistJoined { confirm_by })
}

/// `POST /bookings/{reference}/appointments/{id}/earlier`: the holder of a booking waits for
/// an earlier time of one of its appointments — same office, same services, from today until
/// the day before it starts. The booking's address is the one its emails already reach, so the
/// entry takes its place in line at once; an email links to the entry (to see or leave it).
/// An accepted offer moves the appointment. Asking again returns the same entry.
#[tracing::instrument(skip_all, fields(appointment_id = appointment_id.0))]
pub async fn ask_for_earlier(
    tx: &mut Tx,
    context: &Context<'_>,
    reference: &str,
    manage_token: &str,
    appointment_id: AppointmentId,
) -> Result<WaitlistEntry> {
    let now = context.now;
    let booking = manage::authorize(tx, reference, manage_token, true).await?;
    let appointment = bookings::appointments_of_booking(tx, booking.id)
        .await?
        .into_iter()
        .find(|a| a.id == appointment_id.0 && a.released_at.is_none())
        .ok_or(Error::NotFound)?;
    manage::ensure_ahead(&appointment, now, "not_movable", "moved")?;
    if let Some(entry) = waitlist::entry_moving(tx, appointment.id).await? {
        return view::entry(tx, now, &entry).await;
    }
    let setup = OfficeSetup::existing(tx, appointment.office_id).await?;
    if setup.office.waitlist_offer_minutes == 0 {
        return Err(closed("this office keeps no waitlist"));
    }
    let (Some(name), Some(email)) = (&booking.citizen_name, &booking.citizen_email) else {
        return Err(Error::NotFound); // anonymised after the retention
    };
    let email_key = shared::citizen::EmailAddress::parse(email)
        .map_or_else(|_| email.to_lowercase(), |email| email.limit_key());
    let today = setup.today(now);
    let latest = appointment
        .start_at
        .with_timezone(&setup.time_zone)
        .date_naive();
    let services = plan::services_of_appointment(tx, appointment.id).await?;
    let locale = Locale::from_tag(&booking.locale).unwrap_or_default();
    let public_id = uuid::Uuid::new_v4().to_string();
    let token = new_secret_token();
    let id = waitlist::insert_entry(
        tx,
        &NewEntry {
            public_id: &public_id,
            token_hash: &hash_token(&token),
            locale: locale.code(),
            earliest: today,
            latest,
            weekdays: "",
            times: None,
            citizen_name: name,
            citizen_email: email,
            citizen_email_key: &email_key,
            citizen_phone: booking.citizen_phone.as_deref(),
            joined_at: now,
            confirm_by: now,
            services: &services,
            offices: &[setup.id()],
            moves_appointment_id: Some(appointment.id),
        },
    )
    .await?;
    waitlist::confirm(tx, id, now).await?;
    notify::earlier(
        tx,
        context,
        &notify::Recipient {
            name,
            email,
            locale,
        },
        &setup,
        appointment.start_at,
        context.links.waitlist_entry(&public_id, &token),
    )
    .await?;
    matching::offer_freed_safely(tx, context, &[setup.id()]).await?;
    tracing::info!("waiting for an earlier appointment");
    let row = waitlist::entry_by_id(tx, id, false).await?;
    view::entry(tx, now, &row).await
}

/// The offices the entry may be offered at: those asked for, or every office that offers all
/// its services online; each must keep a waitlist, and every service must take waiters.
async fn offices_to_wait_at(tx: &mut Tx, request: &JoinWaitlist) -> Result<Vec<OfficeSetup>> {
    let services = catalog::services(tx).await?;
    let mut errors = Vec::new();
    for (i, wanted) in request.services.iter().enumerate() {
        match services.iter().find(|s| s.id == wanted.service_id.0) {
            None => errors.push(field(
                format!("services[{i}].service_id"),
                "not_offered",
                "there is no service with this id",
            )),
            Some(service) if !service.waitlist => {
                return Err(closed(
                    "this service takes no waitlist; please call the office",
                ));
            }
            Some(_) => {}
        }
    }
    ensure_valid(std::mem::take(&mut errors))?;
    let keeps_waitlist = |setup: &OfficeSetup| setup.office.waitlist_offer_minutes > 0;
    if request.offices.is_empty() {
        let candidates: Vec<_> = OfficeSetup::load_all(tx)
            .await?
            .into_iter()
            .filter(|setup| setup.offers_all(&request.services, Channel::Online))
            .collect();
        let Some(first) = candidates.first() else {
            return Err(closed("no office offers these services online"));
        };
        first
            .units_needed(&request.services, Channel::Online, "services")
            .map_err(Error::Invalid)?;
        let waiting: Vec<_> = candidates.into_iter().filter(keeps_waitlist).collect();
        if waiting.is_empty() {
            return Err(closed("no office keeps a waitlist for these services"));
        }
        return Ok(waiting);
    }
    let mut chosen = Vec::new();
    for (i, office_id) in request.offices.iter().enumerate() {
        let here = format!("offices[{i}]");
        match OfficeSetup::load(tx, office_id.0).await? {
            None => errors.push(unknown_office(&here)),
            Some(setup) if chosen.iter().any(|c: &OfficeSetup| c.id() == setup.id()) => {}
            Some(setup) => match setup.units_needed(&request.services, Channel::Online, "services")
            {
                Err(mut invalid) => errors.append(&mut invalid),
                Ok(_) if !keeps_waitlist(&setup) => errors.push(no_waitlist(&here)),
                Ok(_) => chosen.push(setup),
            },
        }
    }
    errors.dedup_by(|a, b| a.field == b.field && a.code == b.code);
    ensure_valid(errors)?;
    Ok(chosen)
}

fn closed(detail: &str) -> Error {
    Error::Conflict("waitlist_closed", detail.to_owned())
}

fn no_waitlist(field_name: &str) -> FieldError {
    field(
        field_name,
        "no_waitlist",
        "this office keeps no waitlist; choose another or call it",
    )
}

fn wish_error(refusal: WishRefusal) -> FieldError {
    match refusal {
        WishRefusal::WindowReversed => field(
            "latest",
            "before_earliest",
            "choose a last day on or after the first day",
        ),
        WishRefusal::WindowOver => {
            field("latest", "in_the_past", "choose a last day from today on")
        }
        WishRefusal::WindowTooLong => {
            field("latest", "too_far", "choose a window of at most a year")
        }
        WishRefusal::TimesReversed => field(
            "times",
            "until_before_from",
            "choose an end of the times of day after their start",
        ),
    }
}

/// `GET /waitlist/{id}`
#[tracing::instrument(skip_all)]
pub async fn show(
    tx: &mut Tx,
    context: &Context<'_>,
    entry_id: WaitlistEntryId,
    token: &str,
) -> Result<WaitlistEntry> {
    let row = authorized_entry(tx, entry_id, token, false).await?;
    view::entry(tx, context.now, &row).await
}

/// `POST /waitlist/{id}/confirm`: the address is confirmed; the entry takes its place at the
/// end of the line, and whatever suits it and is free now is offered at once. Confirming
/// again changes nothing.
#[tracing::instrument(skip_all)]
pub async fn confirm(
    tx: &mut Tx,
    context: &Context<'_>,
    entry_id: WaitlistEntryId,
    token: &str,
) -> Result<WaitlistEntry> {
    let now = context.now;
    let row = authorized_entry(tx, entry_id, token, true).await?;
    let shown = view::entry(tx, now, &row).await?;
    if shown.status == shared::waitlist::WaitlistStatus::Expired {
        return Err(Error::Gone(
            "waitlist_entry_expired",
            "this waitlist entry is over; please join the waitlist again".into(),
            None,
        ));
    }
    if row.status != EntryState::PendingConfirmation {
        return Ok(shown);
    }
    waitlist::confirm(tx, row.id, now).await?;
    let offices = waitlist::offices_of_entry(tx, row.id).await?;
    matching::offer_freed_safely(tx, context, &offices).await?;
    tracing::info!("waitlist entry confirmed");
    let row = waitlist::entry_by_id(tx, row.id, false).await?;
    view::entry(tx, now, &row).await
}

/// `DELETE /waitlist/{id}`: leaves the waitlist; an open offer is given back and goes to the
/// next in line. Leaving again changes nothing.
#[tracing::instrument(skip_all)]
pub async fn leave(
    tx: &mut Tx,
    context: &Context<'_>,
    entry_id: WaitlistEntryId,
    token: &str,
) -> Result<()> {
    let now = context.now;
    let row = authorized_entry(tx, entry_id, token, true).await?;
    if !matches!(
        row.status,
        EntryState::PendingConfirmation | EntryState::Waiting | EntryState::Offered
    ) {
        return Ok(());
    }
    let given_back = match waitlist::open_offer_of_entry(tx, row.id, now).await? {
        Some(offer) => offers::give_back(
            tx,
            &offer,
            crate::domain::waitlist::OfferState::Declined,
            now,
        )
        .await?
        .then_some(offer.office_id),
        None => None,
    };
    waitlist::end(tx, row.id, EntryState::Left, now).await?;
    if let Some(office_id) = given_back {
        matching::offer_freed_safely(tx, context, &[office_id]).await?;
    }
    tracing::info!("waitlist left");
    Ok(())
}
