//! The call queue as citizens meet it: a place in line — a walk-in ticket, or an appointment
//! checked in at the counter —, the ticket's page on their phone (`GET /tickets/{token}`) and
//! the waiting room's display (`GET /offices/{office_id}/calls`). Staff call from it in
//! `admin::call_queue`.

use super::plan::{services_of, services_of_appointment};
use super::setup::OfficeSetup;
use super::{Error, Result};
use crate::domain::call_queue::{
    Lane, Prefix, TicketNumber, estimated_wait_minutes, lane_at_check_in, late_after, walk_ins_now,
};
use crate::domain::queue_figures::mean_service_minutes;
use crate::domain::schedule::Channel;
use crate::domain::tokens::{hash_token, new_secret_token};
use crate::store::call_queue::{self, EntryRow, NUMBERS_CONSTRAINT, NewEntry};
use crate::store::staff_appointments::PlannedRow;
use crate::store::{StoreError, Tx, count, queue_settings};
use chrono::{DateTime, Duration, Utc};
use shared::call_queue::{
    DisplayCall, IssuedTicket, NewTicket, QueueSettings, TicketState, TicketStatus, WalkInState,
    WalkIns,
};
use shared::ids::{OfficeId, QueueEntryId};

/// Where in line someone is put.
#[derive(Debug, Clone, Copy)]
pub struct Place {
    pub prefix: Prefix,
    pub lane: Lane,
    /// From when it is their turn.
    pub due_at: DateTime<Utc>,
    pub appointment_id: Option<i64>,
}

/// A place just drawn, with the token of its ticket page (shown once).
#[derive(Debug, Clone)]
pub struct Drawn {
    pub id: i64,
    pub number: TicketNumber,
    pub token: String,
}

/// Puts someone in line at the office today: the next number of the place's prefix, and a new
/// token of which only the hash is kept. Refused (409 `tickets_exhausted`) after the 999th
/// number of the day.
pub async fn draw(
    tx: &mut Tx,
    setup: &OfficeSetup,
    now: DateTime<Utc>,
    place: Place,
    services: &[(i64, u32)],
) -> Result<Drawn> {
    let day = setup.today(now);
    let number = call_queue::next_number(tx, setup.id(), day, place.prefix)
        .await
        .map_err(|error| match error {
            StoreError::ConstraintViolated(name) if name == NUMBERS_CONSTRAINT => Error::Conflict(
                "tickets_exhausted",
                "this office has given out every ticket number of today".into(),
            ),
            other => other.into(),
        })?;
    let token = new_secret_token();
    let entry = NewEntry {
        office_id: setup.id(),
        day,
        prefix: place.prefix,
        number,
        lane: place.lane,
        appointment_id: place.appointment_id,
        token_hash: &hash_token(&token),
        queued_at: now,
        due_at: place.due_at,
    };
    let id = call_queue::insert(tx, &entry, services).await?;
    Ok(Drawn {
        id,
        number: TicketNumber {
            prefix: place.prefix,
            number,
        },
        token,
    })
}

/// Whether walk-ins get a ticket at the office now, under its daily contingent.
pub async fn walk_ins_today(
    tx: &mut Tx,
    setup: &OfficeSetup,
    settings: &QueueSettings,
    now: DateTime<Utc>,
) -> Result<WalkIns> {
    let drawn = call_queue::walk_ins_drawn(tx, setup.id(), setup.today(now)).await?;
    let local_time = now.with_timezone(&setup.time_zone).time();
    Ok(walk_ins_now(
        settings,
        count(drawn, "walk-in tickets")?,
        local_time,
    ))
}

/// `GET /offices/{office_id}/walk-ins`: whether walk-ins get a ticket at the office now (the
/// start page and the kiosk show it). 404 for an office that does not exist.
pub async fn walk_ins(tx: &mut Tx, now: DateTime<Utc>, office_id: OfficeId) -> Result<WalkIns> {
    let setup = OfficeSetup::existing(tx, office_id.0).await?;
    let settings = queue_settings::of_office(tx, setup.id()).await?;
    walk_ins_today(tx, &setup, &settings, now).await
}

/// The refusal of a walk-in ticket when the day's contingent is given out or it is too late.
fn walk_ins_refused(state: WalkInState) -> Error {
    match state {
        WalkInState::Closed => Error::Conflict(
            "walk_ins_closed",
            "this office gives out no more walk-in tickets today; please book an appointment"
                .into(),
        ),
        WalkInState::Open | WalkInState::LimitReached => Error::Conflict(
            "walk_ins_exhausted",
            "today's walk-in tickets of this office are all given out; please book an appointment"
                .into(),
        ),
    }
}

/// A walk-in ticket at the office for services it offers (online or not), in line from now.
/// Refused (409 `walk_ins_closed`, `walk_ins_exhausted`) outside the office's daily contingent:
/// the number drawn tells, so two kiosks drawing at once never exceed it.
pub async fn walk_in(
    tx: &mut Tx,
    setup: &OfficeSetup,
    now: DateTime<Utc>,
    request: &NewTicket,
) -> Result<IssuedTicket> {
    setup
        .units_needed(&request.services, Channel::Staff, "services")
        .map_err(Error::Invalid)?;
    let settings = queue_settings::of_office(tx, setup.id()).await?;
    let before = walk_ins_today(tx, setup, &settings, now).await?;
    if before.state != WalkInState::Open {
        return Err(walk_ins_refused(before.state));
    }
    let place = Place {
        prefix: Prefix::WalkIn,
        lane: Lane::WalkIn,
        due_at: now,
        appointment_id: None,
    };
    let drawn = draw(tx, setup, now, place, &services_of(&request.services)).await?;
    let over_limit = settings
        .walk_in_limit
        .is_some_and(|limit| drawn.number.number > i64::from(limit));
    if over_limit {
        // Another ticket was drawn meanwhile; this transaction's number is rolled back.
        return Err(walk_ins_refused(WalkInState::LimitReached));
    }
    Ok(IssuedTicket {
        id: QueueEntryId(drawn.id),
        number: drawn.number.to_string(),
        token: drawn.token,
        issued_at: now.with_timezone(&setup.time_zone).fixed_offset(),
    })
}

/// Puts an appointment just checked in on its day into the office's line (once: checking in
/// again keeps its place): in its own lane from its start, or with the walk-ins when it came
/// later than the office's `late_after_minutes`.
pub async fn enqueue_checked_in(tx: &mut Tx, now: DateTime<Utc>, row: &PlannedRow) -> Result<()> {
    if call_queue::of_appointment(tx, row.id).await?.is_some() {
        return Ok(());
    }
    let setup = OfficeSetup::existing(tx, row.office_id).await?;
    if row.start_at.with_timezone(&setup.time_zone).date_naive() != setup.today(now) {
        // Checked in on another day than the appointment's: nothing to wait for today.
        return Ok(());
    }
    let settings = queue_settings::of_office(tx, setup.id()).await?;
    let (lane, due_at) = lane_at_check_in(row.start_at, now, late_after(&settings));
    let services = services_of_appointment(tx, row.id).await?;
    let place = Place {
        prefix: Prefix::Appointment,
        lane,
        due_at,
        appointment_id: Some(row.id),
    };
    let drawn = draw(tx, &setup, now, place, &services).await?;
    tracing::info!(number = %drawn.number, ?lane, "checked-in appointment queued");
    Ok(())
}

/// How far back the counters that called someone are counted for the estimate.
const COUNTERS_WINDOW: Duration = Duration::hours(1);

/// `GET /tickets/{token}`: where the ticket is — waiting (how many before it, the estimated
/// wait), called (to which counter), finished or not come. A ticket of an earlier day has
/// gone (410 `ticket_expired`); an unknown token is 404.
#[tracing::instrument(skip_all)]
pub async fn status(tx: &mut Tx, now: DateTime<Utc>, token: &str) -> Result<TicketStatus> {
    let entry = call_queue::by_token_hash(tx, &hash_token(token))
        .await?
        .ok_or(Error::NotFound)?;
    let setup = OfficeSetup::existing(tx, entry.office_id).await?;
    if entry.day < setup.today(now) {
        return Err(Error::Gone(
            "ticket_expired",
            "this ticket was for an earlier day".into(),
            None,
        ));
    }
    let number = entry.ticket_number();
    let state = entry.state.shown();
    let (ahead, estimated_wait_minutes) = match state {
        TicketState::Waiting => {
            let (ahead, minutes) = wait_of(tx, &entry, now).await?;
            (Some(ahead), Some(minutes))
        }
        _ => (None, None),
    };
    Ok(TicketStatus {
        office_id: OfficeId(entry.office_id),
        number: number.to_string(),
        state,
        ahead,
        estimated_wait_minutes,
        counter: entry.counter.filter(|_| state == TicketState::Called),
    })
}

/// How many will be called before a waiting entry, and the estimated wait.
async fn wait_of(tx: &mut Tx, entry: &EntryRow, now: DateTime<Utc>) -> Result<(u32, u32)> {
    let priority = queue_settings::of_office(tx, entry.office_id)
        .await?
        .priority;
    let order =
        call_queue::waiting_in_call_order(tx, entry.office_id, entry.day, now, priority).await?;
    let ahead = order.iter().position(|id| *id == entry.id).unwrap_or(0);
    let ahead = u32::try_from(ahead).unwrap_or(u32::MAX);
    let served = call_queue::served_on(tx, entry.office_id, entry.day).await?;
    let counters =
        call_queue::counters_calling_since(tx, entry.office_id, now - COUNTERS_WINDOW).await?;
    let counters = u32::try_from(counters).unwrap_or(1);
    let minutes = estimated_wait_minutes(ahead, mean_service_minutes(&served), counters);
    Ok((ahead, minutes))
}

/// How many calls the display shows.
pub const BOARD_CALLS: i64 = 8;

/// The display's board: the office's last [`BOARD_CALLS`] calls of today, newest first. 404
/// for an office that does not exist.
pub async fn board(
    tx: &mut Tx,
    now: DateTime<Utc>,
    office_id: OfficeId,
) -> Result<Vec<DisplayCall>> {
    let setup = OfficeSetup::existing(tx, office_id.0).await?;
    let calls = call_queue::recent_calls(tx, setup.id(), setup.today(now), BOARD_CALLS).await?;
    Ok(calls
        .into_iter()
        .map(|(prefix, number, counter, called_at)| DisplayCall {
            number: TicketNumber { prefix, number }.to_string(),
            counter,
            called_at: called_at.with_timezone(&setup.time_zone).fixed_offset(),
        })
        .collect())
}
