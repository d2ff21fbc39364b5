//! The call queue at the counter: issuing a walk-in ticket at the front desk, calling the
//! next citizen to a counter, finishing. One use-case function per request. Who was called,
//! by whom, to which counter and when is kept on the entry itself (`queue_entries`), not in
//! the audit log: it is the day's work, not a change of configuration.

use crate::domain::call_queue::{TicketNumber, short_label};
use crate::domain::staff::StaffIdentity;
use crate::scheduling::call_queue;
use crate::scheduling::setup::OfficeSetup;
use crate::scheduling::{Context, Error, Result, field};
use crate::store::call_queue::{self as queue, EntryRow};
use crate::store::effects::CallMade;
use crate::store::{Tx, catalog, count, staff, staff_appointments};
use chrono::{DateTime, Duration, Timelike, Utc};
use shared::call_queue::{
    CallNext, Called, DisplayCall, IssuedTicket, MAX_COUNTER_CHARS, NO_SHOW_AFTER_CALLS, NewTicket,
};
use shared::ids::{OfficeId, QueueEntryId, ServiceId};
use shared::selection::ServiceQuantity;

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
    let only: Vec<i64> = request.services.iter().map(|s| s.0).collect();
    let day = setup.today(context.now);
    let Some(entry) =
        queue::call_next(tx, office_id.0, day, context.now, counter, actor.id, &only).await?
    else {
        return Ok(None);
    };
    let called = called_and_announced(tx, &setup, entry).await?;
    tracing::info!(number = %called.number, counter, "called");
    Ok(Some(called))
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
/// after [`NO_SHOW_AFTER_CALLS`] calls; their ticket page says so. 409
/// `called_too_few_times` before that, 404 unless the entry is called at this office now.
#[tracing::instrument(skip_all, fields(actor_id = actor.id, office_id = office_id.0, entry_id = entry_id.0))]
pub async fn no_show(
    tx: &mut Tx,
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
    tracing::info!(entry_id = entry.id, calls = entry.calls, "not come");
    Ok(())
}

/// Whom a clerk called, as the workstation shows it.
async fn called_view(tx: &mut Tx, setup: &OfficeSetup, entry: EntryRow) -> Result<Called> {
    let zone = setup.time_zone;
    let services = queue::services_of(tx, entry.id)
        .await?
        .into_iter()
        .map(|(service_id, quantity)| {
            Ok(ServiceQuantity {
                service_id: ServiceId(service_id),
                quantity: count(quantity, "quantity")?,
            })
        })
        .collect::<Result<_, crate::store::StoreError>>()?;
    let booking_reference = match entry.appointment_id {
        Some(id) => staff_appointments::by_id(tx, id)
            .await?
            .map(|row| row.reference),
        None => None,
    };
    let called_at = entry.called_at.ok_or(Error::NotFound)?;
    Ok(Called {
        id: QueueEntryId(entry.id),
        number: TicketNumber {
            prefix: entry.prefix,
            number: entry.number,
        }
        .to_string(),
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
/// served; the time from call to finish is today's measured service time. 404 unless the entry
/// was called at this office.
#[tracing::instrument(skip_all, fields(actor_id = actor.id, office_id = office_id.0, entry_id = entry_id.0))]
pub async fn finish(
    tx: &mut Tx,
    context: &Context<'_>,
    actor: &StaffIdentity,
    office_id: OfficeId,
    entry_id: QueueEntryId,
) -> Result<()> {
    if !queue::finish(tx, office_id.0, entry_id.0, context.now).await? {
        return Err(Error::NotFound);
    }
    Ok(())
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
    if !queue::waiting_in_call_order(tx, office_id, day, now)
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
        let called_at = at(n) + step;
        let entry = queue::call_next(tx, office_id, day, called_at, counter, clerk.id, &[]).await?;
        if let Some(entry) = entry.filter(|_| n < 6) {
            queue::finish(tx, office_id, entry.id, called_at + step).await?;
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
