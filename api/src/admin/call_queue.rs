//! The call queue at the counter: issuing a walk-in ticket at the front desk, the day's queue
//! as the workstation lists it, calling the next citizen (or one in particular) to a counter,
//! recalling, parking, redirecting, finishing with the services performed, marking as not
//! come. One use-case function per request. Who was called, by whom, to which counter and when
//! is kept on the entry itself (`queue_entries`), not in the audit log: it is the day's work,
//! not a change of configuration. A checked-in appointment's state follows its entry: finished
//! is completed, not come is a no-show.

use super::appointments;
use crate::domain::call_queue::short_label;
use crate::domain::schedule::Channel;
use crate::domain::staff::StaffIdentity;
use crate::domain::state::AppointmentState;
use crate::scheduling::call_queue;
use crate::scheduling::plan::services_of;
use crate::scheduling::setup::OfficeSetup;
use crate::scheduling::{Context, Error, Result, field};
use crate::store::call_queue::{self as queue, Caller, EntryRow};
use crate::store::effects::CallMade;
use crate::store::{Tx, catalog, count, queue_settings, staff, staff_appointments};
use chrono::{DateTime, Duration, Timelike, Utc};
use shared::call_queue::{
    CallEntry, CallNext, Called, DisplayCall, Finish, IssuedTicket, MAX_COUNTER_CHARS,
    NO_SHOW_AFTER_CALLS, NewTicket, QueueItem, QueueOverview, Redirect, Served, TicketState,
};
use shared::ids::{OfficeId, QueueEntryId, ServiceId};
use shared::selection::ServiceQuantity;
use std::collections::HashMap;

/// `POST /admin/offices/{office_id}/tickets`: a walk-in ticket for services the office offers
/// (online or not), in line from now. The answer carries the number to read out and the token
/// of the ticket's page.
#[tracing::instrument(skip_all, fields(actor_id = actor.id, office_id = office_id.0))]
pub async fn issue_ticket(
    tx: &mut Tx,
    context: &Context<'_>,
    actor: &StaffIdentity,
    office_id: OfficeId,
    request: &NewTicket,
) -> Result<IssuedTicket> {
    let setup = OfficeSetup::existing(tx, office_id.0).await?;
    let ticket = call_queue::walk_in(tx, &setup, context.now, request).await?;
    tracing::info!(number = %ticket.number, "walk-in ticket issued at the front desk");
    Ok(ticket)
}

/// A counter's name as the display shows it (`domain::call_queue::short_label`).
fn counter_name(raw: &str) -> Result<&str> {
    short_label(raw, MAX_COUNTER_CHARS).ok_or_else(|| {
        Error::Invalid(vec![field(
            "counter",
            "invalid_counter",
            format!("name the counter in 1 to {MAX_COUNTER_CHARS} characters, e.g. Schalter 3"),
        )])
    })
}

/// `POST /admin/offices/{office_id}/call-next`: calls the next citizen in the order of
/// calling (`domain::call_queue`) to the clerk's counter — with `services`, the next one
/// waiting for nothing else. `None` when nobody (fitting) waits. Two clerks calling at the
/// same time never get the same citizen: the database takes the entry.
#[tracing::instrument(skip_all, fields(actor_id = actor.id, office_id = office_id.0))]
pub async fn call_next(
    tx: &mut Tx,
    context: &Context<'_>,
    actor: &StaffIdentity,
    office_id: OfficeId,
    request: &CallNext,
) -> Result<Option<Called>> {
    let counter = counter_name(&request.counter)?;
    let setup = OfficeSetup::existing(tx, office_id.0).await?;
    let caller = caller(tx, &setup, context, actor, counter).await?;
    let only: Vec<i64> = request.services.iter().map(|s| s.0).collect();
    let day = setup.today(context.now);
    let Some(entry) = queue::call_next(tx, office_id.0, day, caller, &only).await? else {
        return Ok(None);
    };
    let called = called_and_announced(tx, &setup, entry).await?;
    tracing::info!(number = %called.number, counter, "called");
    Ok(Some(called))
}

/// The clerk calling to `counter` now, in the office's order of calling.
async fn caller<'a>(
    tx: &mut Tx,
    setup: &OfficeSetup,
    context: &Context<'_>,
    actor: &StaffIdentity,
    counter: &'a str,
) -> Result<Caller<'a>> {
    let settings = queue_settings::of_office(tx, setup.id()).await?;
    Ok(Caller {
        counter,
        staff_id: actor.id,
        now: context.now,
        priority: settings.priority,
    })
}

/// `POST /admin/offices/{office_id}/queue/{entry_id}/call`: calls one particular citizen who
/// waits or stepped aside (parked) to the clerk's counter — a parked one back, or someone out
/// of turn. 404 unless the entry waits or is parked at this office today (another clerk may
/// have called them a moment ago).
#[tracing::instrument(skip_all, fields(actor_id = actor.id, office_id = office_id.0, entry_id = entry_id.0))]
pub async fn call_entry(
    tx: &mut Tx,
    context: &Context<'_>,
    actor: &StaffIdentity,
    office_id: OfficeId,
    entry_id: QueueEntryId,
    request: &CallEntry,
) -> Result<Called> {
    let counter = counter_name(&request.counter)?;
    let setup = OfficeSetup::existing(tx, office_id.0).await?;
    let caller = caller(tx, &setup, context, actor, counter).await?;
    let day = setup.today(context.now);
    let entry = queue::call_entry(tx, office_id.0, day, entry_id.0, caller)
        .await?
        .ok_or(Error::NotFound)?;
    let called = called_and_announced(tx, &setup, entry).await?;
    tracing::info!(number = %called.number, counter, "called in particular");
    Ok(called)
}

/// `POST /admin/offices/{office_id}/queue/{entry_id}/park`: the called citizen steps aside
/// (to fetch a document); the workstation lists them until a clerk calls them back. 404 unless
/// the entry is called at this office now.
#[tracing::instrument(skip_all, fields(actor_id = actor.id, office_id = office_id.0, entry_id = entry_id.0))]
pub async fn park(
    tx: &mut Tx,
    context: &Context<'_>,
    actor: &StaffIdentity,
    office_id: OfficeId,
    entry_id: QueueEntryId,
) -> Result<()> {
    if !queue::park(tx, office_id.0, entry_id.0, context.now).await? {
        return Err(Error::NotFound);
    }
    tracing::info!("parked");
    Ok(())
}

/// `POST /admin/offices/{office_id}/queue/{entry_id}/redirect`: sends the called citizen on —
/// with `services`, they now wait for these instead (services this office offers); with
/// `counter`, they are called to that counter at once (the display shows it); with
/// `services` alone they go back in line at their old place, for whoever handles those. 404
/// unless the entry is called at this office now; 422 when neither is given.
#[tracing::instrument(skip_all, fields(actor_id = actor.id, office_id = office_id.0, entry_id = entry_id.0))]
pub async fn redirect(
    tx: &mut Tx,
    context: &Context<'_>,
    actor: &StaffIdentity,
    office_id: OfficeId,
    entry_id: QueueEntryId,
    request: &Redirect,
) -> Result<QueueItem> {
    let counter = request.counter.as_deref().map(counter_name).transpose()?;
    if counter.is_none() && request.services.is_none() {
        return Err(Error::Invalid(vec![field(
            "counter",
            "redirect_where",
            "say the counter to send the citizen to, or the services they now wait for",
        )]));
    }
    let setup = OfficeSetup::existing(tx, office_id.0).await?;
    let entry = queue::called_at_office(tx, office_id.0, entry_id.0)
        .await?
        .ok_or(Error::NotFound)?;
    if let Some(services) = &request.services {
        setup
            .units_needed(services, Channel::Staff, "services")
            .map_err(Error::Invalid)?;
        queue::replace_services(tx, entry.id, &services_of(services)).await?;
    }
    let entry = match counter {
        Some(counter) => {
            let caller = caller(tx, &setup, context, actor, counter).await?;
            let moved = queue::move_to_counter(tx, office_id.0, entry.id, caller)
                .await?
                .ok_or(Error::NotFound)?;
            called_and_announced(tx, &setup, moved.clone()).await?;
            moved
        }
        None => queue::back_in_line(tx, office_id.0, entry.id)
            .await?
            .ok_or(Error::NotFound)?,
    };
    let details = Details::of(tx, &entry).await?;
    tracing::info!(counter, "redirected");
    item(&setup, entry, &details)
}

/// `GET /admin/offices/{office_id}/queue`: today's queue — who is called (so a workstation
/// finds its current call again after a reload), who is parked, who waits in the order they
/// will be called —, and whether walk-ins get tickets.
#[tracing::instrument(skip_all, fields(office_id = office_id.0))]
pub async fn overview(
    tx: &mut Tx,
    now: DateTime<Utc>,
    office_id: OfficeId,
) -> Result<QueueOverview> {
    let setup = OfficeSetup::existing(tx, office_id.0).await?;
    let settings = queue_settings::of_office(tx, setup.id()).await?;
    let day = setup.today(now);
    let open = queue::open_on(tx, setup.id(), day, now, settings.priority).await?;
    let mut details = Details::default();
    for (entry, service, quantity) in queue::services_of_open(tx, setup.id(), day).await? {
        details
            .services
            .entry(entry)
            .or_default()
            .push(ServiceQuantity {
                service_id: ServiceId(service),
                quantity,
            });
    }
    details.references = queue::references_of_open(tx, setup.id(), day)
        .await?
        .into_iter()
        .collect();
    let mut overview = QueueOverview {
        called: Vec::new(),
        parked: Vec::new(),
        waiting: Vec::new(),
        walk_ins: call_queue::walk_ins_today(tx, &setup, &settings, now).await?,
    };
    // In the order of calling: the waiting ones as they will be called.
    for entry in open {
        let shown = item(&setup, entry, &details)?;
        match shown.state {
            TicketState::Waiting => overview.waiting.push(shown),
            TicketState::Called => overview.called.push(shown),
            TicketState::Parked => overview.parked.push(shown),
            // Not open: `open_on` never returns them.
            TicketState::Finished | TicketState::NoShow => {}
        }
    }
    Ok(overview)
}

/// Stored (service id, quantity) pairs as the wire shows them.
fn quantities(rows: Vec<(i64, u32)>) -> Vec<ServiceQuantity> {
    rows.into_iter()
        .map(|(service_id, quantity)| ServiceQuantity {
            service_id: ServiceId(service_id),
            quantity,
        })
        .collect()
}

/// What the workstation lists with each entry: its services and, for an appointment, the
/// booking reference.
#[derive(Debug, Default)]
struct Details {
    services: HashMap<i64, Vec<ServiceQuantity>>,
    references: HashMap<i64, String>,
}

impl Details {
    /// The details of one entry.
    async fn of(tx: &mut Tx, entry: &EntryRow) -> Result<Details> {
        let services = quantities(queue::services_of(tx, entry.id).await?);
        let reference = booking_reference(tx, entry).await?;
        Ok(Details {
            services: HashMap::from([(entry.id, services)]),
            references: reference.map(|r| (entry.id, r)).into_iter().collect(),
        })
    }
}

/// The booking of a checked-in appointment's entry.
async fn booking_reference(tx: &mut Tx, entry: &EntryRow) -> Result<Option<String>> {
    Ok(match entry.appointment_id {
        Some(id) => staff_appointments::by_id(tx, id)
            .await?
            .map(|row| row.reference),
        None => None,
    })
}

/// An entry as the workstation lists it.
fn item(setup: &OfficeSetup, entry: EntryRow, details: &Details) -> Result<QueueItem> {
    let zone = setup.time_zone;
    let local = |at: DateTime<Utc>| at.with_timezone(&zone).fixed_offset();
    Ok(QueueItem {
        id: QueueEntryId(entry.id),
        number: entry.ticket_number().to_string(),
        lane: entry.lane.shown(),
        state: entry.state.shown(),
        services: details.services.get(&entry.id).cloned().unwrap_or_default(),
        queued_at: local(entry.queued_at),
        due_at: local(entry.due_at),
        booking_reference: details.references.get(&entry.id).cloned(),
        counter: entry.counter,
        called_at: entry.called_at.map(local),
        calls: count(entry.calls, "calls")?,
    })
}

/// Whom a clerk called, announced to the office's displays once the transaction commits.
async fn called_and_announced(tx: &mut Tx, setup: &OfficeSetup, entry: EntryRow) -> Result<Called> {
    let called = called_view(tx, setup, entry).await?;
    let shown = DisplayCall {
        number: called.number.clone(),
        counter: called.counter.clone(),
        called_at: called.called_at,
    };
    let call = CallMade {
        office_id: setup.id(),
        call: shown,
    };
    queue::announce(tx, call).await?;
    Ok(called)
}

/// `POST /admin/offices/{office_id}/queue/{entry_id}/recall`: calls a called citizen who has
/// not come yet once more, to the same counter (the display shows the call again). 404 unless
/// the entry is called at this office now.
#[tracing::instrument(skip_all, fields(actor_id = actor.id, office_id = office_id.0, entry_id = entry_id.0))]
pub async fn recall(
    tx: &mut Tx,
    context: &Context<'_>,
    actor: &StaffIdentity,
    office_id: OfficeId,
    entry_id: QueueEntryId,
) -> Result<Called> {
    let setup = OfficeSetup::existing(tx, office_id.0).await?;
    let entry = queue::recall(tx, office_id.0, entry_id.0, context.now)
        .await?
        .ok_or(Error::NotFound)?;
    let called = called_and_announced(tx, &setup, entry).await?;
    tracing::info!(number = %called.number, calls = called.calls, "called again");
    Ok(called)
}

/// `POST /admin/offices/{office_id}/queue/{entry_id}/no-show`: a called citizen did not come
/// after [`NO_SHOW_AFTER_CALLS`] calls; their ticket page says so, and a checked-in appointment
/// becomes a no-show. 409 `called_too_few_times` before that, 404 unless the entry is called
/// at this office now.
#[tracing::instrument(skip_all, fields(actor_id = actor.id, office_id = office_id.0, entry_id = entry_id.0))]
pub async fn no_show(
    tx: &mut Tx,
    context: &Context<'_>,
    actor: &StaffIdentity,
    office_id: OfficeId,
    entry_id: QueueEntryId,
) -> Result<()> {
    let entry = queue::called_at_office(tx, office_id.0, entry_id.0)
        .await?
        .ok_or(Error::NotFound)?;
    if entry.calls < i64::from(NO_SHOW_AFTER_CALLS) {
        return Err(Error::Conflict(
            "called_too_few_times",
            format!(
                "call the citizen at least {NO_SHOW_AFTER_CALLS} times before marking them as not come"
            ),
        ));
    }
    if !queue::mark_no_show(tx, office_id.0, entry_id.0).await? {
        return Err(Error::NotFound);
    }
    if let Some(appointment_id) = entry.appointment_id {
        let outcome = AppointmentState::NoShow;
        appointments::settle_checked_in(tx, actor, context.now, appointment_id, outcome).await?;
    }
    tracing::info!(entry_id = entry.id, calls = entry.calls, "not come");
    Ok(())
}

/// Whom a clerk called, as the workstation shows it.
async fn called_view(tx: &mut Tx, setup: &OfficeSetup, entry: EntryRow) -> Result<Called> {
    let zone = setup.time_zone;
    let services = quantities(queue::services_of(tx, entry.id).await?);
    let booking_reference = booking_reference(tx, &entry).await?;
    let called_at = entry.called_at.ok_or(Error::NotFound)?;
    Ok(Called {
        id: QueueEntryId(entry.id),
        number: entry.ticket_number().to_string(),
        lane: entry.lane.shown(),
        counter: entry.counter.unwrap_or_default(),
        booking_reference,
        services,
        queued_at: entry.queued_at.with_timezone(&zone).fixed_offset(),
        called_at: called_at.with_timezone(&zone).fixed_offset(),
        calls: count(entry.calls, "calls")?,
    })
}

/// `POST /admin/offices/{office_id}/queue/{entry_id}/finish`: the called citizen has been
/// served, with the services `performed` (those they waited for when it lists none; services
/// this office offers); the time from the last call to finish is today's measured service
/// time, and a checked-in appointment is completed. 404 unless the entry is called at this
/// office now.
#[tracing::instrument(skip_all, fields(actor_id = actor.id, office_id = office_id.0, entry_id = entry_id.0))]
pub async fn finish(
    tx: &mut Tx,
    context: &Context<'_>,
    actor: &StaffIdentity,
    office_id: OfficeId,
    entry_id: QueueEntryId,
    request: &Finish,
) -> Result<Served> {
    let setup = OfficeSetup::existing(tx, office_id.0).await?;
    let entry = queue::called_at_office(tx, office_id.0, entry_id.0)
        .await?
        .ok_or(Error::NotFound)?;
    let performed = if request.performed.is_empty() {
        queue::services_of(tx, entry.id).await?
    } else {
        setup
            .units_needed(&request.performed, Channel::Staff, "performed")
            .map_err(Error::Invalid)?;
        services_of(&request.performed)
    };
    if !queue::finish(tx, office_id.0, entry.id, context.now, &performed).await? {
        return Err(Error::NotFound);
    }
    if let Some(appointment_id) = entry.appointment_id {
        let outcome = AppointmentState::Completed;
        appointments::settle_checked_in(tx, actor, context.now, appointment_id, outcome).await?;
    }
    let zone = setup.time_zone;
    let called_at = entry.called_at.ok_or(Error::NotFound)?;
    Ok(Served {
        id: entry_id,
        number: entry.ticket_number().to_string(),
        performed: quantities(performed),
        called_at: called_at.with_timezone(&zone).fixed_offset(),
        finished_at: context.now.with_timezone(&zone).fixed_offset(),
    })
}

/// Counters of the demo morning.
const DEMO_COUNTERS: [&str; 2] = ["Schalter 1", "Schalter 2"];

/// The demo (`serve --demo --demo-queue`): a morning at the first office until `now` — twelve
/// walk-ins who came every few minutes, the first six served, the seventh called to a counter,
/// the rest waiting —, so the display, the ticket pages and the workstation show a day. Done by
/// the account `username` through the same functions as real work; nothing when today's queue
/// has entries already or there is no such account. Returns how many entries it made.
pub async fn demo_morning(tx: &mut Tx, now: DateTime<Utc>, username: &str) -> Result<usize> {
    let first_office = catalog::offices(tx).await?.iter().map(|o| o.id).min();
    let (Some(clerk), Some(office_id)) = (
        staff::account_by_username(tx, username).await?,
        first_office,
    ) else {
        return Ok(0);
    };
    let setup = OfficeSetup::existing(tx, office_id).await?;
    let day = setup.today(now);
    let priority = queue_settings::of_office(tx, office_id).await?.priority;
    if !queue::waiting_in_call_order(tx, office_id, day, now, priority)
        .await?
        .is_empty()
        || !queue::recent_calls(tx, office_id, day, 1).await?.is_empty()
    {
        return Ok(0);
    }
    let Some(&service) = setup.offers.keys().next() else {
        return Ok(0);
    };
    // Every few minutes since (at most) two hours ago, never before today's midnight.
    let since_midnight = now
        .with_timezone(&setup.time_zone)
        .num_seconds_from_midnight();
    let step = Duration::seconds(i64::from(since_midnight) / 15).min(Duration::minutes(7));
    let at = |n: i32| now - step * (14 - n);
    let request = NewTicket::one_of_each(&[ServiceId(service)]);
    for n in 0..12 {
        call_queue::walk_in(tx, &setup, at(n), &request).await?;
    }
    for n in 0..7 {
        let counter = DEMO_COUNTERS[usize::try_from(n % 2).unwrap_or(0)];
        let caller = Caller {
            counter,
            staff_id: clerk.id,
            now: at(n) + step,
            priority,
        };
        let entry = queue::call_next(tx, office_id, day, caller, &[]).await?;
        if let Some(entry) = entry.filter(|_| n < 6) {
            let performed = [(service, 1)];
            queue::finish(tx, office_id, entry.id, caller.now + step, &performed).await?;
        }
    }
    Ok(12)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_counter_is_named_in_one_to_forty_characters_without_control_ones() {
        assert_eq!(counter_name("  Schalter 3 ").unwrap(), "Schalter 3");
        assert!(counter_name("   ").is_err());
        assert!(counter_name(&"x".repeat(41)).is_err());
        assert!(counter_name("Raum\u{7}1").is_err());
        assert_eq!(counter_name("Raum 1.12").unwrap(), "Raum 1.12");
    }
}
