//! What is free: the capacity ledger corrected for lapsed and cooling claims, laid over the
//! office's day plans. Read-only; used by the public availability endpoints and, inside the
//! booking transaction, to check a requested start.

use super::setup::OfficeSetup;
use super::{Error, Result};
use crate::domain::schedule::{
    Channel, Closure, DayPlan, Edge, FreeStart, SlotUnit, Usage, free_starts, resolve_local,
};
use crate::store::Tx;
use crate::store::usage::{self, ClaimCorrection};
use chrono::{DateTime, Duration, NaiveDate, Utc};
use std::collections::HashMap;

/// The free capacity of one office over a range of local days, read in one go.
#[derive(Debug)]
pub struct OfficeAvailability<'a> {
    pub setup: &'a OfficeSetup,
    closures: Vec<Closure>,
    usage: HashMap<DateTime<Utc>, Usage>,
    channel: Channel,
    not_before: DateTime<Utc>,
    last_day: NaiveDate,
}

/// Whether the ledger may still count claims that lapsed (see [`usage::lapsed_claims`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ledger {
    /// Read-only callers: lapsed claims are subtracted as the ledger is read.
    MayCountLapsedClaims,
    /// The transaction has just released the office's lapsed claims
    /// ([`super::booking::release_lapsed_claims`], at the same `now`), as every claim does
    /// first: the ledger is exact, so no correction is read.
    LapsedClaimsReleased,
}

/// What the public availability answers read.
pub const READ_ONLY: Ledger = Ledger::MayCountLapsedClaims;

/// Whom an availability is for: the channel whose capacity counts, and whether capacity given
/// back by a cancellation less than the office's cooldown ago counts as taken.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Audience {
    /// Citizens online: the cooldown keeps a cancelled time from being grabbed at once.
    Public,
    /// Citizens on the waitlist, whom the cooldown keeps it for: online capacity, no cooldown.
    Waitlist,
    /// Staff booking for a citizen: all capacity, no cooldown.
    Staff,
}

impl Audience {
    fn channel(self) -> Channel {
        match self {
            Audience::Public | Audience::Waitlist => Channel::Online,
            Audience::Staff => Channel::Staff,
        }
    }
}

impl From<Channel> for Audience {
    fn from(channel: Channel) -> Self {
        match channel {
            Channel::Online => Audience::Public,
            Channel::Staff => Audience::Staff,
        }
    }
}

impl<'a> OfficeAvailability<'a> {
    /// Reads closures and usage for the local days `from..=to`.
    pub async fn load(
        tx: &mut Tx,
        setup: &'a OfficeSetup,
        from: NaiveDate,
        to: NaiveDate,
        now: DateTime<Utc>,
        channel: Channel,
        ledger: Ledger,
    ) -> Result<OfficeAvailability<'a>> {
        Self::load_for(tx, setup, from, to, now, channel.into(), ledger).await
    }

    /// What the waitlist may be offered at `now` on the local days `from..=to`, after the
    /// transaction released the office's lapsed claims: online capacity, cooling claims
    /// included (the cooldown keeps them from the public, not from those waiting).
    pub async fn for_waitlist(
        tx: &mut Tx,
        setup: &'a OfficeSetup,
        from: NaiveDate,
        to: NaiveDate,
        now: DateTime<Utc>,
    ) -> Result<OfficeAvailability<'a>> {
        let ledger = Ledger::LapsedClaimsReleased;
        Self::load_for(tx, setup, from, to, now, Audience::Waitlist, ledger).await
    }

    async fn load_for(
        tx: &mut Tx,
        setup: &'a OfficeSetup,
        from: NaiveDate,
        to: NaiveDate,
        now: DateTime<Utc>,
        audience: Audience,
        ledger: Ledger,
    ) -> Result<OfficeAvailability<'a>> {
        let channel = audience.channel();
        let closures = setup.closures(tx, from, to).await?;
        let (start, end) = local_days_in_utc(setup, from, to);
        let mut usage: HashMap<DateTime<Utc>, Usage> = usage::ledger(tx, setup.id(), start, end)
            .await?
            .into_iter()
            .map(|row| {
                let usage = Usage {
                    online_used: row.online_used,
                    staff_used: row.staff_used,
                };
                (row.unit_start, usage)
            })
            .collect();
        if ledger == Ledger::MayCountLapsedClaims {
            for lapsed in usage::lapsed_claims(tx, setup.id(), start, end, now).await? {
                correct(&mut usage, lapsed, |used, claims| {
                    used.saturating_sub(claims)
                });
            }
        }
        let cooldown = Duration::minutes(setup.office.cancellation_cooldown_minutes);
        if cooldown > Duration::zero() && audience == Audience::Public {
            for cooling in usage::cooling_claims(tx, setup.id(), start, end, now - cooldown).await?
            {
                correct(&mut usage, cooling, |used, claims| {
                    used.saturating_add(claims)
                });
            }
        }
        let last_day = match channel {
            Channel::Online => super::release::last_open_day(tx, setup, now, to).await?,
            Channel::Staff => NaiveDate::MAX,
        };
        Ok(OfficeAvailability {
            setup,
            closures,
            usage,
            channel,
            not_before: setup.not_before(now, channel),
            last_day,
        })
    }

    /// The units of a local day (whether or not it is bookable now).
    pub fn plan(&self, date: NaiveDate) -> DayPlan {
        self.setup.calendar(&self.closures).day(date)
    }

    /// Start times on `date` with room for an appointment of `units` units.
    pub fn free_starts(&self, date: NaiveDate, units: u32) -> Vec<FreeStart> {
        if date > self.last_day {
            return Vec::new();
        }
        let plan = self.plan(date);
        free_starts(
            &plan,
            |unit| self.usage_at(unit),
            units,
            self.channel,
            self.not_before,
        )
    }

    /// The free capacity for one more appointment at exactly `start`, or why there is none.
    pub fn check_start(
        &self,
        start: DateTime<Utc>,
        units: u32,
    ) -> Result<(Vec<SlotUnit>, u32), StartRefusal> {
        let date = start.with_timezone(&self.setup.time_zone).date_naive();
        if start < self.not_before {
            return Err(StartRefusal::TooSoon);
        }
        if date > self.last_day {
            return Err(StartRefusal::BeyondHorizon);
        }
        let plan = self.plan(date);
        let Some(found) = crate::domain::schedule::units_for(&plan, start, units) else {
            return Err(StartRefusal::NotOnGrid);
        };
        let free = found
            .iter()
            .map(|unit| unit.free(self.usage_at(unit.start), self.channel))
            .min()
            .unwrap_or(0);
        if free == 0 {
            return Err(StartRefusal::Full);
        }
        Ok((found.to_vec(), free))
    }

    /// Counts one more claim of this availability's channel on each of `units`, as a claim
    /// just written in the ledger does.
    pub fn count_claim(&mut self, units: &[SlotUnit]) {
        for unit in units {
            let usage = self.usage.entry(unit.start).or_default();
            match self.channel {
                Channel::Online => usage.online_used += 1,
                Channel::Staff => usage.staff_used += 1,
            }
        }
    }

    /// The claims on one unit, corrected for lapsed (and, online, cooling) claims.
    pub fn usage_at(&self, unit_start: DateTime<Utc>) -> Usage {
        self.usage.get(&unit_start).copied().unwrap_or_default()
    }
}

/// Why a start cannot be booked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StartRefusal {
    /// Before the minimum notice (or in the past).
    TooSoon,
    /// After the booking horizon.
    BeyondHorizon,
    /// Not a start of enough consecutive units (closed, off the grid, too close to closing).
    NotOnGrid,
    /// No capacity left.
    Full,
}

impl StartRefusal {
    /// The error for an appointment field, or `SlotTaken` when the capacity is gone.
    pub fn into_error(self, field: &str) -> Error {
        let (code, message) = match self {
            StartRefusal::Full => return Error::SlotTaken(Some(field.to_owned())),
            StartRefusal::TooSoon => ("too_soon", "choose a later time; appointments need notice"),
            StartRefusal::BeyondHorizon => (
                "beyond_horizon",
                "choose an earlier date; this one cannot be booked yet",
            ),
            StartRefusal::NotOnGrid => ("not_bookable", "choose one of the offered start times"),
        };
        Error::Invalid(vec![super::field(field, code, message)])
    }
}

fn correct(
    usage: &mut HashMap<DateTime<Utc>, Usage>,
    correction: ClaimCorrection,
    apply: impl Fn(u32, u32) -> u32,
) {
    let entry = usage.entry(correction.unit_start).or_default();
    match correction.channel {
        Channel::Online => entry.online_used = apply(entry.online_used, correction.claims),
        Channel::Staff => entry.staff_used = apply(entry.staff_used, correction.claims),
    }
}

/// The UTC range covering the local days `from..=to` of the office.
pub fn local_days_in_utc(
    setup: &OfficeSetup,
    from: NaiveDate,
    to: NaiveDate,
) -> (DateTime<Utc>, DateTime<Utc>) {
    let start = resolve_local(
        setup.time_zone,
        from.and_time(chrono::NaiveTime::MIN),
        Edge::Start,
    );
    let end_day = to.succ_opt().unwrap_or(to);
    let end = resolve_local(
        setup.time_zone,
        end_day.and_time(chrono::NaiveTime::MIN),
        Edge::End,
    );
    (start, end)
}

/// Per day in a range: how many starts are free; plus the nearest bookable days around it.
#[derive(Debug)]
pub struct DaysOverview {
    pub days: Vec<(NaiveDate, u32)>,
    pub next_bookable: Option<NaiveDate>,
    pub previous_bookable: Option<NaiveDate>,
}

/// Free start counts for `from..=to` at one office, and the nearest bookable dates outside.
#[tracing::instrument(skip_all, fields(office_id = setup.office.id))]
pub async fn days(
    tx: &mut Tx,
    setup: &OfficeSetup,
    units: u32,
    from: NaiveDate,
    to: NaiveDate,
    now: DateTime<Utc>,
) -> Result<DaysOverview> {
    let today = setup.today(now);
    let last = setup.last_bookable_day(now);
    // Days before today are never free; days after the horizon are loaded only if asked for.
    let availability = OfficeAvailability::load(
        tx,
        setup,
        today,
        last.max(to),
        now,
        Channel::Online,
        READ_ONLY,
    )
    .await?;
    let free_on = |date: NaiveDate| -> u32 {
        if date < today {
            return 0;
        }
        u32::try_from(availability.free_starts(date, units).len()).unwrap_or(u32::MAX)
    };
    let days = from
        .iter_days()
        .take_while(|d| *d <= to)
        .map(|d| (d, free_on(d)))
        .collect();
    let next_bookable = to.succ_opt().and_then(|first| {
        first
            .iter_days()
            .take_while(|d| *d <= last)
            .find(|d| free_on(*d) > 0)
    });
    let mut previous_bookable = None;
    let mut day = from.pred_opt();
    while let Some(candidate) = day.filter(|d| *d >= today) {
        if free_on(candidate) > 0 {
            previous_bookable = Some(candidate);
            break;
        }
        day = candidate.pred_opt();
    }
    Ok(DaysOverview {
        days,
        next_bookable,
        previous_bookable,
    })
}

/// Free starts on one day at one office.
#[tracing::instrument(skip_all, fields(office_id = setup.office.id))]
pub async fn times(
    tx: &mut Tx,
    setup: &OfficeSetup,
    units: u32,
    date: NaiveDate,
    now: DateTime<Utc>,
) -> Result<Vec<FreeStart>> {
    let availability =
        OfficeAvailability::load(tx, setup, date, date, now, Channel::Online, READ_ONLY).await?;
    Ok(availability.free_starts(date, units))
}

/// Days of the ledger read at a time when looking for the next free start: usually the first
/// week has one, so most searches read a week instead of the whole horizon.
const NEXT_FREE_WINDOW_DAYS: u64 = 7;

/// The earliest free start at one office within its horizon.
#[tracing::instrument(skip_all, fields(office_id = setup.office.id))]
pub async fn next_free(
    tx: &mut Tx,
    setup: &OfficeSetup,
    units: u32,
    now: DateTime<Utc>,
) -> Result<Option<FreeStart>> {
    let last = setup.last_bookable_day(now);
    let mut from = setup.today(now);
    while from <= last {
        let to = from
            .checked_add_days(chrono::Days::new(NEXT_FREE_WINDOW_DAYS - 1))
            .map_or(last, |end| end.min(last));
        let availability =
            OfficeAvailability::load(tx, setup, from, to, now, Channel::Online, READ_ONLY).await?;
        let found = from
            .iter_days()
            .take_while(|d| *d <= to)
            .find_map(|d| availability.free_starts(d, units).into_iter().next());
        if found.is_some() {
            return Ok(found);
        }
        let Some(next) = to.succ_opt() else { break };
        from = next;
    }
    Ok(None)
}
