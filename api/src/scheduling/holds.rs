//! Holds: one appointment's capacity kept for the office's hold duration while the citizen
//! types. A hold claims its units in the ledger like an appointment and lapses by itself
//! (`expires_at`); nothing has to run on time.

use super::availability::OfficeAvailability;
use super::ledger::{self, RELEASED};
use super::plan::{services_of, unknown_office};
use super::setup::OfficeSetup;
use super::{Context, Error, Result};
use crate::domain::schedule::Channel;
use crate::domain::schedule::SlotUnit;
use crate::domain::state::AppointmentState;
use crate::store::Tx;
use crate::store::bookings::{self, NewAppointment};
use chrono::{DateTime, Duration, Utc};
use shared::bookings::{CreateHold, Hold};
use shared::ids::{HoldId, OfficeId};

/// `POST /holds`: keeps the capacity of one appointment for the office's hold duration.
#[tracing::instrument(skip_all, fields(office_id = request.office_id.0))]
pub async fn hold(tx: &mut Tx, context: &Context<'_>, request: &CreateHold) -> Result<Hold> {
    let now = context.now;
    let setup = OfficeSetup::load(tx, request.office_id.0)
        .await?
        .ok_or_else(|| Error::Invalid(vec![unknown_office("office_id")]))?;
    let units = setup
        .units_needed(&request.services, Channel::Online, "services")
        .map_err(Error::Invalid)?;
    ledger::release_lapsed_claims(tx, setup.id(), now).await?;
    let start = request.start.to_utc();
    let date = start.with_timezone(&setup.time_zone).date_naive();
    let availability =
        OfficeAvailability::load(tx, &setup, date, date, now, Channel::Online, RELEASED).await?;
    let (slot_units, _free) = availability
        .check_start(start, units)
        .map_err(|refusal| refusal.into_error("start"))?;
    let expires_at = now + Duration::minutes(setup.office.hold_minutes);
    let services = services_of(&request.services);
    let (hold_id, _) = keep(tx, setup.id(), &services, &slot_units, expires_at).await?;
    let end = slot_units.last().map_or(start, |unit| unit.end);
    tx.effects().holds_taken += 1;
    Ok(Hold {
        id: HoldId(hold_id),
        office_id: OfficeId(setup.id()),
        start: start.with_timezone(&setup.time_zone).fixed_offset(),
        end: end.with_timezone(&setup.time_zone).fixed_offset(),
        expires_at,
    })
}

/// Keeps `units` of an office for an appointment with `services` until `expires_at`: a held
/// appointment (no booking yet) that claims them in the ledger. Returns its public hold id and
/// its appointment id.
pub async fn keep(
    tx: &mut Tx,
    office_id: i64,
    services: &[(i64, u32)],
    units: &[SlotUnit],
    expires_at: DateTime<Utc>,
) -> Result<(uuid::Uuid, i64)> {
    let (Some(first), Some(last)) = (units.first(), units.last()) else {
        return Err(Error::Bug("a hold of no units"));
    };
    let hold_id = uuid::Uuid::new_v4();
    let starts: Vec<_> = units.iter().map(|unit| unit.start).collect();
    let appointment_id = bookings::insert_appointment(
        tx,
        &NewAppointment {
            booking_id: None,
            hold_id: Some(&hold_id.to_string()),
            office_id,
            start_at: first.start,
            end_at: last.end,
            channel: Channel::Online,
            status: AppointmentState::Held,
            expires_at: Some(expires_at),
        },
        services,
        &starts,
    )
    .await?;
    ledger::claim(tx, office_id, Channel::Online, units).await?;
    Ok((hold_id, appointment_id))
}

/// `DELETE /holds/{id}`: gives a hold's capacity back at once. Releasing a released hold again
/// is fine.
#[tracing::instrument(skip_all)]
pub async fn release(tx: &mut Tx, context: &Context<'_>, hold_id: HoldId) -> Result<()> {
    let hold = bookings::hold_for_update(tx, &hold_id.to_string())
        .await?
        .filter(|hold| hold.booking_id.is_none())
        .ok_or(Error::NotFound)?;
    if bookings::mark_released(tx, hold.id, AppointmentState::Held, context.now, None).await? {
        ledger::release(tx, &hold).await?;
    }
    Ok(())
}
