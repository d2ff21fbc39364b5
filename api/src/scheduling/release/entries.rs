//! A citizen's entry in the draw of a released day: entering (with double opt-in), seeing it,
//! confirming it.

use super::super::availability::{OfficeAvailability, READ_ONLY};
use super::super::plan::{self, ValidCitizen, unknown_office};
use super::super::setup::OfficeSetup;
use super::super::waitlist::notify::{self, Recipient};
use super::super::{Context, Error, Result, ensure_valid, field};
use super::{authorized_entry, round_of};
use crate::domain::release::{EntryState, MAX_TIMES};
use crate::domain::schedule::{Channel, Edge, resolve_local, units_for};
use crate::domain::tokens::{hash_token, new_secret_token};
use crate::store::release::{self, EntryRow, NewEntry};
use crate::store::{StoreError, Tx};
use chrono::{DateTime, FixedOffset, NaiveDate, NaiveTime, Utc};
use chrono_tz::Tz;
use shared::citizen::PhoneNumber;
use shared::ids::OfficeId;
use shared::locale::Locale;
use shared::release::{
    EnterRelease, ReleaseEntered, ReleaseEntry, ReleaseEntryId, ReleaseEntryStatus, ReleasePhase,
};

/// An entry request whose form is valid (the office, services and times are checked when
/// entering).
#[derive(Debug, Clone)]
pub struct EnterInput {
    pub request: EnterRelease,
    pub citizen: ValidCitizen,
}

impl EnterInput {
    pub fn parse(request: EnterRelease) -> Result<EnterInput> {
        let citizen = ValidCitizen::parse(&request.citizen);
        let mut errors = citizen.as_ref().err().cloned().unwrap_or_default();
        if request.services.is_empty() {
            errors.push(field("services", "required", "choose at least one service"));
        }
        if request.times.len() > MAX_TIMES {
            errors.push(field(
                "times",
                "too_many",
                format!("choose at most {MAX_TIMES} times, or none for any time"),
            ));
        }
        match citizen {
            Ok(citizen) if errors.is_empty() => Ok(EnterInput { request, citizen }),
            _ => Err(Error::Invalid(errors)),
        }
    }
}

/// `POST /release-entries`: records an unconfirmed entry in the draw the office is holding
/// now and emails the link that confirms it.
#[tracing::instrument(skip_all, fields(office_id = input.request.office_id.0))]
pub async fn enter(
    tx: &mut Tx,
    context: &Context<'_>,
    input: &EnterInput,
) -> Result<ReleaseEntered> {
    let now = context.now;
    let request = &input.request;
    let setup = OfficeSetup::load(tx, request.office_id.0)
        .await?
        .ok_or_else(|| Error::Invalid(vec![unknown_office("office_id")]))?;
    let round = round_of(&setup, now).ok_or_else(|| {
        Error::Conflict(
            "release_not_open",
            "this office releases its days first come, first served; book as usual".into(),
        )
    })?;
    let drawn = release::draw(tx, setup.id(), round.day).await?.is_some();
    match round.phase(now, drawn) {
        ReleasePhase::Open => {}
        ReleasePhase::Upcoming => {
            return Err(Error::Conflict(
                "release_not_open",
                "entries for the next day are taken from the release time on".into(),
            ));
        }
        ReleasePhase::Drawing | ReleasePhase::Drawn => {
            return Err(Error::Conflict(
                "release_not_open",
                "the draw is over; what is left can be booked as usual".into(),
            ));
        }
    }
    let units = setup
        .units_needed(&request.services, Channel::Online, "services")
        .map_err(Error::Invalid)?;
    let times = local_times(tx, &setup, round.day, &request.times, units, now).await?;
    let public_id = uuid::Uuid::new_v4().to_string();
    let token = new_secret_token();
    let services = plan::services_of(&request.services);
    release::insert_entry(
        tx,
        &NewEntry {
            public_id: &public_id,
            token_hash: &hash_token(&token),
            office_id: setup.id(),
            day: round.day,
            locale: request.locale.code(),
            times: &times,
            citizen_name: input.citizen.name.as_str(),
            citizen_email: input.citizen.email.as_str(),
            citizen_email_key: &input.citizen.email.limit_key(),
            citizen_phone: input.citizen.phone.as_ref().map(PhoneNumber::as_str),
            entered_at: now,
            draws_at: round.closes_at,
            services: &services,
        },
    )
    .await?;
    let to = Recipient {
        name: input.citizen.name.as_str(),
        email: input.citizen.email.as_str(),
        locale: request.locale,
    };
    let link = context.links.release_entry(&public_id, &token);
    notify::draw_confirmation(tx, context, &to, &setup, &services, link, &round).await?;
    tracing::info!("entered the draw, waiting for confirmation");
    Ok(ReleaseEntered {
        confirm_by: round
            .closes_at
            .with_timezone(&setup.time_zone)
            .fixed_offset(),
    })
}

/// The requested start times as stored (`09:00,09:15`), each checked to be on the day and a
/// start the office's plan has room for with these services.
async fn local_times(
    tx: &mut Tx,
    setup: &OfficeSetup,
    day: NaiveDate,
    times: &[DateTime<FixedOffset>],
    units: u32,
    now: DateTime<Utc>,
) -> Result<String> {
    let offered = starts_on(tx, setup, day, units, now).await?;
    let mut errors = Vec::new();
    let mut stored: Vec<NaiveTime> = Vec::new();
    for (i, time) in times.iter().enumerate() {
        let here = format!("times[{i}]");
        let local = time.with_timezone(&setup.time_zone);
        let start = time.with_timezone(&Utc);
        if local.date_naive() != day {
            errors.push(field(here, "not_on_day", format!("choose a time on {day}")));
        } else if stored.contains(&local.time()) {
            errors.push(field(here, "duplicate", "list each time once"));
        } else if !offered.contains(&start) {
            errors.push(field(
                here,
                "not_a_start",
                "choose a start time the office offers that day for these services",
            ));
        } else {
            stored.push(local.time());
        }
    }
    ensure_valid(errors)?;
    Ok(stored
        .iter()
        .map(|time| time.format("%H:%M").to_string())
        .collect::<Vec<_>>()
        .join(","))
}

/// The starts on `day` where the office's plan has room for an appointment of `units` (free
/// or not), from the minimum notice on: what an entry may list.
pub(super) async fn starts_on(
    tx: &mut Tx,
    setup: &OfficeSetup,
    day: NaiveDate,
    units: u32,
    now: DateTime<Utc>,
) -> Result<Vec<DateTime<Utc>>> {
    let availability =
        OfficeAvailability::load(tx, setup, day, day, now, Channel::Online, READ_ONLY).await?;
    let plan = availability.plan(day);
    let not_before = setup.not_before(now, Channel::Online);
    Ok(plan
        .windows
        .iter()
        .flatten()
        .map(|unit| unit.start)
        .filter(|&start| start >= not_before && units_for(&plan, start, units).is_some())
        .collect())
}

/// The stored start times of an entry as instants, best first.
pub(super) fn starts_of(entry: &EntryRow, zone: Tz) -> Result<Vec<DateTime<Utc>>> {
    entry
        .times
        .split(',')
        .filter(|time| !time.is_empty())
        .map(|time| {
            let local = NaiveTime::parse_from_str(time, "%H:%M").map_err(|_| {
                StoreError::Corrupt(format!("release_entries.times `{}`", entry.times))
            })?;
            Ok(resolve_local(zone, entry.day.and_time(local), Edge::Start))
        })
        .collect()
}

/// `GET /release-entries/{id}`
#[tracing::instrument(skip_all)]
pub async fn show(
    tx: &mut Tx,
    context: &Context<'_>,
    entry_id: ReleaseEntryId,
    token: &str,
) -> Result<ReleaseEntry> {
    let entry = authorized_entry(tx, entry_id, token, false).await?;
    view(tx, context.now, &entry).await
}

/// `POST /release-entries/{id}/confirm`: the address is confirmed and the entry takes part in
/// the draw — once per address. Confirming again changes nothing; after the window closed it
/// is too late.
#[tracing::instrument(skip_all)]
pub async fn confirm(
    tx: &mut Tx,
    context: &Context<'_>,
    entry_id: ReleaseEntryId,
    token: &str,
) -> Result<ReleaseEntry> {
    let now = context.now;
    let entry = authorized_entry(tx, entry_id, token, true).await?;
    let too_late = || {
        Error::Gone(
            "release_entry_too_late",
            "the draw's window has closed; what is left can be booked as usual".into(),
            None,
        )
    };
    match entry.status {
        EntryState::PendingConfirmation => {}
        EntryState::Lapsed => return Err(too_late()),
        EntryState::Entered | EntryState::Booked | EntryState::NotDrawn => {
            return view(tx, now, &entry).await;
        }
    }
    if now >= entry.draws_at
        || release::draw(tx, entry.office_id, entry.day)
            .await?
            .is_some()
    {
        return Err(too_late());
    }
    let entered_already = || {
        Error::Conflict(
            "release_address_entered",
            "this email address takes part in this draw already".into(),
        )
    };
    if release::address_entered(tx, entry.office_id, entry.day, &entry.citizen_email_key).await? {
        return Err(entered_already());
    }
    match release::confirm(tx, entry.id, now).await {
        // Another entry of the address was confirmed at the same moment: the index decides.
        Err(StoreError::Duplicate(_)) => return Err(entered_already()),
        confirmed => confirmed?,
    }
    tracing::info!("entry in the draw confirmed");
    let entry = authorized_entry(tx, entry_id, token, false).await?;
    view(tx, now, &entry).await
}

/// The entry as its owner sees it at `now`: one left unconfirmed past the window is lapsed,
/// whether or not the draw has written it down yet.
async fn view(tx: &mut Tx, now: DateTime<Utc>, entry: &EntryRow) -> Result<ReleaseEntry> {
    let setup = OfficeSetup::existing(tx, entry.office_id).await?;
    let zone = setup.time_zone;
    let services = release::services_of_entry(tx, entry.id).await?;
    Ok(ReleaseEntry {
        id: ReleaseEntryId(
            uuid::Uuid::parse_str(&entry.public_id)
                .map_err(|_| StoreError::Corrupt("release_entries.public_id".into()))?,
        ),
        office_id: OfficeId(entry.office_id),
        day: entry.day,
        services: plan::quantities_of(&services),
        times: starts_of(entry, zone)?
            .into_iter()
            .map(|start| start.with_timezone(&zone).fixed_offset())
            .collect(),
        status: match entry.status {
            EntryState::PendingConfirmation if now >= entry.draws_at => ReleaseEntryStatus::Lapsed,
            EntryState::PendingConfirmation => ReleaseEntryStatus::PendingConfirmation,
            EntryState::Entered => ReleaseEntryStatus::Entered,
            EntryState::Booked => ReleaseEntryStatus::Booked,
            EntryState::NotDrawn => ReleaseEntryStatus::NotDrawn,
            EntryState::Lapsed => ReleaseEntryStatus::Lapsed,
        },
        draws_at: entry.draws_at.with_timezone(&zone).fixed_offset(),
        draw_position: entry
            .draw_position
            .map(|p| crate::store::count(p, "release_entries.draw_position"))
            .transpose()?,
        booking_reference: entry.booking_reference.clone(),
    })
}

/// The locale an entry was made in.
pub(super) fn locale_of(entry: &EntryRow) -> Locale {
    Locale::from_tag(&entry.locale).unwrap_or_default()
}
