//! The draw of a released day, once its window has closed: the confirmed entries in a seeded
//! random order, each booked at its first acceptable time still free (the booking's own
//! confirmation email tells the winners), the others told that nothing was left. The draw is
//! one transaction: recorded, booked and told together, or not at all (the job tries again).

use super::super::availability::{OfficeAvailability, READ_ONLY};
use super::super::booking;
use super::super::plan::{BookingInput, quantities_of};
use super::super::setup::OfficeSetup;
use super::super::waitlist::notify::{self, Recipient};
use super::super::{Context, Error, Result};
use super::entries::{locale_of, starts_of};
use super::newest_round;
use crate::domain::release::{Round, draw_order, new_seed};
use crate::domain::schedule::Channel;
use crate::store::Tx;
use crate::store::release::{self, EntryRow};
use shared::bookings::{AppointmentRequest, Citizen, CreateBooking};
use shared::ids::OfficeId;

/// What a draw did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Drawn {
    pub entrants: u32,
    pub booked: u32,
}

/// Draws the office's newest round ([`super::newest_round`]: today's, or yesterday's if no
/// server drew it in its time) if its window has closed and nobody drew it yet;
/// `None` when there was nothing to draw (or another server process drew it).
#[tracing::instrument(skip_all, fields(office_id = setup.office.id))]
pub async fn draw_if_due(
    tx: &mut Tx,
    context: &Context<'_>,
    setup: &OfficeSetup,
) -> Result<Option<Drawn>> {
    let now = context.now;
    let Some(round) = newest_round(setup, now).filter(|round| now >= round.closes_at) else {
        return Ok(None);
    };
    if release::draw(tx, setup.id(), round.day).await?.is_some() {
        return Ok(None);
    }
    let seed = new_seed();
    if !release::begin_draw(tx, setup.id(), round.day, &format!("{seed:016x}"), now).await? {
        return Ok(None);
    }
    // From here on this transaction sees the day as drawn, hence open: the bookings below
    // are made like any citizen's, under the same rules and the same ledger.
    let entrants = release::entrants(tx, setup.id(), round.day).await?;
    let mut booked = 0;
    for (position, index) in draw_order(seed, entrants.len()).into_iter().enumerate() {
        let entry = &entrants[index];
        let reference = book_first_free(tx, context, setup, &round, entry).await?;
        let position = i64::try_from(position + 1).unwrap_or(i64::MAX);
        release::record_result(tx, entry.id, position, reference.as_deref()).await?;
        match reference {
            Some(_) => booked += 1,
            None => tell_not_drawn(tx, context, setup, &round, entry).await?,
        }
    }
    release::lapse_unconfirmed(tx, setup.id(), round.day).await?;
    let drawn = Drawn {
        entrants: u32::try_from(entrants.len()).unwrap_or(u32::MAX),
        booked,
    };
    release::finish_draw(
        tx,
        setup.id(),
        round.day,
        i64::from(drawn.entrants),
        i64::from(drawn.booked),
    )
    .await?;
    tracing::info!(
        day = %round.day,
        entrants = drawn.entrants,
        booked = drawn.booked,
        seed = format!("{seed:016x}"),
        "release drawn"
    );
    Ok(Some(drawn))
}

/// Books the entry at its first acceptable time still free (any: the first free); the
/// booking's reference, or `None` when nothing it accepts is left or the booking is refused
/// (e.g. the address has as many open appointments as the office allows).
async fn book_first_free(
    tx: &mut Tx,
    context: &Context<'_>,
    setup: &OfficeSetup,
    round: &Round,
    entry: &EntryRow,
) -> Result<Option<String>> {
    let services = quantities_of(&release::services_of_entry(tx, entry.id).await?);
    let Ok(units) = setup.units_needed(&services, Channel::Online, "services") else {
        return Ok(None); // a service no longer offered here
    };
    let availability = OfficeAvailability::load(
        tx,
        setup,
        round.day,
        round.day,
        context.now,
        Channel::Online,
        READ_ONLY,
    )
    .await?;
    let free: Vec<_> = availability
        .free_starts(round.day, units)
        .into_iter()
        .map(|free| free.start)
        .collect();
    let wanted = starts_of(entry, setup.time_zone)?;
    let start = if wanted.is_empty() {
        free.first().copied()
    } else {
        wanted.into_iter().find(|start| free.contains(start))
    };
    let Some(start) = start else {
        return Ok(None);
    };
    let request = CreateBooking {
        appointments: vec![AppointmentRequest {
            office_id: OfficeId(setup.id()),
            services,
            start: start.with_timezone(&setup.time_zone).fixed_offset(),
            hold_id: None,
        }],
        citizen: Citizen {
            name: entry.citizen_name.clone(),
            email: entry.citizen_email.clone(),
            phone: entry.citizen_phone.clone(),
        },
        locale: locale_of(entry),
    };
    let input = BookingInput::parse(request)?.for_confirmed_address();
    let savepoint = tx.savepoint().await?;
    match booking::book(tx, context, &input, None).await {
        Ok(booked) => {
            tx.release(savepoint).await?;
            Ok(Some(booked.reference))
        }
        Err(error @ (Error::Store(_) | Error::Bug(_))) => Err(error),
        Err(refused) => {
            tracing::info!(%refused, "a drawn entry's booking was refused");
            tx.roll_back_to(savepoint).await?;
            Ok(None)
        }
    }
}

async fn tell_not_drawn(
    tx: &mut Tx,
    context: &Context<'_>,
    setup: &OfficeSetup,
    round: &Round,
    entry: &EntryRow,
) -> Result<()> {
    let to = Recipient {
        name: &entry.citizen_name,
        email: &entry.citizen_email,
        locale: locale_of(entry),
    };
    notify::not_drawn(tx, context, &to, setup, round.day).await
}
