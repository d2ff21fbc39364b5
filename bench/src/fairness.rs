//! Fairness when appointments are scarce (the `fairness` row): 1,000 entrants for the 100
//! appointments of a newly released day, 200 of them bots that send at the first millisecond
//! and retry at once, 800 people spread over the 30 minutes after the release. The server's
//! own use cases run on the bench's database, in arrival order, under a simulated clock (so
//! the scenario takes seconds, not the half hour it describes): first come, first served as
//! without a release window, then the same crowd with a release window and its draw. Then
//! the waitlist: people the draw left out wait for that day, bookings are cancelled, and each
//! freed appointment is re-booked by the first in line the moment the offer email is queued.

use anyhow::{Context as _, Result, bail};
use chrono::{DateTime, Duration, NaiveDate, NaiveTime, TimeZone, Utc};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use shared::bookings::{AppointmentRequest, CancelRequest, Citizen, CreateBooking};
use shared::ids::{OfficeId, ServiceId};
use shared::locale::Locale;
use shared::release::EnterRelease;
use shared::selection::ServiceQuantity;
use shared::waitlist::{JoinWaitlist, WaitlistEntryId, WaitlistOfferId};
use std::time::Instant;
use terminvergabe::scheduling::links::Links;
use terminvergabe::scheduling::plan::BookingInput;
use terminvergabe::scheduling::release::{draw, entries as release_entries};
use terminvergabe::scheduling::setup::OfficeSetup;
use terminvergabe::scheduling::waitlist::{entries as waitlist_entries, offers};
use terminvergabe::scheduling::{Context, availability, booking, manage};
use terminvergabe::store::{Db, with_tx};

const ENTRANTS: usize = 1000;
const BOTS: usize = 200;
const APPOINTMENTS: usize = 100;
const WINDOW_MINUTES: i64 = 30;
/// People the draw left out who then wait, and bookings cancelled for them.
const WAITERS: usize = 20;
/// One unit: 100 appointments are 25 slots at 4 counters, 08:00–14:15.
const SERVICE: i64 = crate::seed::CERTIFICATE;

#[derive(Debug, Clone)]
pub struct FairnessReport {
    pub entrants: usize,
    pub bots: usize,
    pub appointments: usize,
    /// The bots' share of the appointments, first come, first served.
    pub first_come_bot_share: f64,
    /// The bots' share of the appointments with the release window.
    pub window_bot_share: f64,
    /// Three standard deviations of the window's share around the bots' share of entrants
    /// (100 drawn of 1,000, hypergeometric): a fair draw lands outside once in 370 runs.
    pub window_band: f64,
    pub window_booked: usize,
    /// Freed appointments re-booked from the waitlist, and the median time from the
    /// cancellation to the re-booking (real time, the waiter clicking at once; on the
    /// simulated clock it is no time at all: the offer is made in the cancellation).
    pub rebooked: usize,
    pub rebook_median_ms: f64,
}

impl FairnessReport {
    /// The draw gave the bots their share of the entrants, give or take the sampling noise.
    pub fn fair(&self) -> bool {
        let expected = self.bots as f64 / self.entrants as f64;
        self.window_booked == self.appointments
            && (self.window_bot_share - expected).abs() <= self.window_band
    }
}

struct Scenario<'a> {
    db: &'a Db,
    links: Links,
    office_id: i64,
    /// The local release instant of the first-come day; the window day is released the day
    /// after.
    release: DateTime<Utc>,
}

pub async fn measure(db: &Db) -> Result<FairnessReport> {
    let office_id = create_office(db).await?;
    // Far beyond the seeded data, so nothing else is booked on these days.
    let release_date = Utc::now().date_naive() + Duration::days(200);
    let mut scenario = Scenario {
        db,
        links: Links::new("http://bench.invalid/".parse()?),
        office_id,
        release: berlin(release_date, 8)?,
    };
    let first_come_bots = scenario.first_come(&arrivals("first-come")).await?;
    scenario.release += Duration::days(1);
    set_window(db, office_id, WINDOW_MINUTES).await?;
    let (window_bots, window_booked) = scenario.with_window(&arrivals("lot")).await?;
    let day = release_date + Duration::days(2);
    let rebook = scenario.waitlist_rebooks(day).await?;
    let expected = BOTS as f64 / ENTRANTS as f64;
    let n = APPOINTMENTS as f64;
    let finite = (ENTRANTS as f64 - n) / (ENTRANTS as f64 - 1.0);
    Ok(FairnessReport {
        entrants: ENTRANTS,
        bots: BOTS,
        appointments: APPOINTMENTS,
        first_come_bot_share: first_come_bots as f64 / n,
        window_bot_share: window_bots as f64 / n,
        window_band: 3.0 * (expected * (1.0 - expected) * finite / n).sqrt(),
        window_booked,
        rebooked: rebook.len(),
        rebook_median_ms: crate::load::median(rebook),
    })
}

/// One who wants an appointment: a bot or a person, arriving `after` the release.
#[derive(Debug, Clone)]
struct Arrival {
    email: String,
    bot: bool,
    after: Duration,
}

/// Bots at the first milliseconds, people uniformly over the window, in arrival order; the
/// same times for every scenario, the addresses its own (`{scenario}-bot7@…`).
fn arrivals(scenario: &str) -> Vec<Arrival> {
    let mut rng = StdRng::seed_from_u64(17);
    let mut arrivals: Vec<Arrival> = (0..ENTRANTS)
        .map(|i| {
            let bot = i < BOTS;
            let after = if bot {
                Duration::milliseconds(i as i64)
            } else {
                Duration::milliseconds(rng.random_range(0..WINDOW_MINUTES * 60_000))
            };
            let kind = if bot { "bot" } else { "person" };
            Arrival {
                email: format!("{scenario}-{kind}{i}@fair.example"),
                bot,
                after,
            }
        })
        .collect();
    arrivals.sort_by_key(|arrival| arrival.after);
    arrivals
}

impl Scenario<'_> {
    fn context(&self, after: Duration) -> Context<'_> {
        Context {
            now: self.release + after,
            links: &self.links,
        }
    }

    /// Without a window: each in arrival order books the first free time; a bot that loses
    /// a race retries at once (here: while anything is free). Returns the bots' bookings.
    async fn first_come(&self, arrivals: &[Arrival]) -> Result<usize> {
        let day = self.release.date_naive() + Duration::days(1);
        let mut bots = 0;
        for arrival in arrivals {
            let context = self.context(arrival.after);
            let mut tx = self.db.begin().await?;
            let setup = OfficeSetup::existing(&mut tx, self.office_id).await?;
            let free = availability::times(&mut tx, &setup, 1, day, context.now).await?;
            let Some(first) = free.first() else {
                continue; // sold out: a person gives up, a bot's retries find nothing either
            };
            let request = booking_request(
                self.office_id,
                first.start.with_timezone(&setup.time_zone).fixed_offset(),
                &arrival.email,
            );
            booking::book(&mut tx, &context, &BookingInput::parse(request)?, None).await?;
            tx.commit().await?;
            bots += usize::from(arrival.bot);
        }
        Ok(bots)
    }

    /// With the window: everyone enters (bots three times, at once), confirms from the email,
    /// and the draw books. Returns the bots' bookings and all bookings of the day.
    async fn with_window(&self, arrivals: &[Arrival]) -> Result<(usize, usize)> {
        for arrival in arrivals {
            let tries = if arrival.bot { 3 } else { 1 };
            for attempt in 0..tries {
                let context = self.context(arrival.after + Duration::milliseconds(attempt));
                let input = release_entries::EnterInput::parse(EnterRelease {
                    office_id: OfficeId(self.office_id),
                    services: one(),
                    times: Vec::new(),
                    citizen: citizen(&arrival.email),
                    locale: Locale::De,
                })?;
                let mut tx = self.db.begin().await?;
                release_entries::enter(&mut tx, &context, &input).await?;
                tx.commit().await?;
            }
            // Everyone confirms half a minute later, the last ones just before the window ends.
            let confirmed_at = (arrival.after + Duration::seconds(30))
                .min(Duration::minutes(WINDOW_MINUTES) - Duration::seconds(1));
            for (id, token) in links_in_outbox(self.db, &arrival.email, "/release/").await? {
                let context = self.context(confirmed_at);
                let mut tx = self.db.begin().await?;
                // A bot's second and third entries are refused: one per address.
                let confirmed = release_entries::confirm(
                    &mut tx,
                    &context,
                    id.parse().map(shared::release::ReleaseEntryId)?,
                    &token,
                )
                .await;
                if confirmed.is_ok() {
                    tx.commit().await?;
                }
            }
        }
        let context = self.context(Duration::minutes(WINDOW_MINUTES));
        let mut tx = self.db.begin().await?;
        let setup = OfficeSetup::existing(&mut tx, self.office_id).await?;
        let drawn = draw::draw_if_due(&mut tx, &context, &setup)
            .await?
            .context("the window closed, so the day is drawn")?;
        tx.commit().await?;
        let day = self.release.date_naive() + Duration::days(1);
        let bots = self.booked_on(day, "lot-bot%").await?;
        Ok((bots, usize::try_from(drawn.booked)?))
    }

    async fn booked_on(&self, day: NaiveDate, email_like: &str) -> Result<usize> {
        let (from, to) = (berlin(day, 0)?, berlin(day + Duration::days(1), 0)?);
        let sql = "SELECT COUNT(*) FROM appointments a JOIN bookings b ON b.id = a.booking_id \
                   WHERE a.office_id = $1 AND a.start_at >= $2 AND a.start_at < $3 \
                     AND a.released_at IS NULL AND b.citizen_email LIKE $4";
        let mut tx = self.db.begin_read().await?;
        let n: i64 = with_tx!(&mut tx, c => sqlx::query_scalar(sql)
            .bind(self.office_id).bind(from).bind(to).bind(email_like)
            .fetch_one(c).await?);
        Ok(usize::try_from(n)?)
    }

    /// People the draw left out join the waitlist for the drawn `day`; then one drawn booking
    /// after another is cancelled and the first in line accepts the offer at once. Returns the
    /// real milliseconds from each cancellation to its re-booking.
    async fn waitlist_rebooks(&self, day: NaiveDate) -> Result<Vec<f64>> {
        let later = Duration::minutes(WINDOW_MINUTES + 10);
        let left_out = self.entrants_ended(day, "not_drawn").await?;
        for email in left_out.iter().take(WAITERS) {
            let context = self.context(later);
            let input = waitlist_entries::JoinInput::parse(JoinWaitlist {
                services: one(),
                offices: vec![OfficeId(self.office_id)],
                earliest: day,
                latest: day,
                weekdays: Vec::new(),
                times: None,
                citizen: citizen(email),
                locale: Locale::De,
            })?;
            let mut tx = self.db.begin().await?;
            waitlist_entries::join(&mut tx, &context, &input).await?;
            tx.commit().await?;
            let (id, token) = only_link(self.db, email, "/waitlist/").await?;
            let mut tx = self.db.begin().await?;
            let entry = WaitlistEntryId(id.parse()?);
            waitlist_entries::confirm(&mut tx, &context, entry, &token).await?;
            tx.commit().await?;
        }
        let mut rebooked = Vec::new();
        let winners = self.entrants_ended(day, "booked").await?;
        for (i, (email, waiter)) in winners
            .iter()
            .zip(left_out.iter().take(WAITERS))
            .enumerate()
        {
            let context = self.context(later + Duration::minutes(1 + i as i64));
            let (reference, token) = only_link(self.db, email, "/booking/").await?;
            let started = Instant::now();
            let mut tx = self.db.begin().await?;
            manage::cancel(
                &mut tx,
                &context,
                &reference,
                &token,
                &CancelRequest::default(),
            )
            .await?;
            tx.commit().await?;
            // The first in line is offered the freed appointment.
            let (offer, offer_token) = only_link(self.db, waiter, "/waitlist/offers/").await?;
            let mut tx = self.db.begin().await?;
            let offer = WaitlistOfferId(offer.parse()?);
            offers::accept(&mut tx, &context, offer, &offer_token).await?;
            tx.commit().await?;
            rebooked.push(started.elapsed().as_secs_f64() * 1000.0);
        }
        Ok(rebooked)
    }

    /// The addresses of the draw of `day` whose entries ended `status` (`booked`,
    /// `not_drawn`), in the drawn order.
    async fn entrants_ended(&self, day: NaiveDate, status: &str) -> Result<Vec<String>> {
        let sql = "SELECT citizen_email FROM release_entries \
                   WHERE office_id = $1 AND day = $2 AND status = $3 ORDER BY draw_position";
        let mut tx = self.db.begin_read().await?;
        Ok(with_tx!(&mut tx, c => sqlx::query_scalar(sql)
            .bind(self.office_id).bind(day).bind(status)
            .fetch_all(c).await?))
    }
}

/// (id, token) of every link `…{path}<id>#token=<token>` in the emails queued for `email`.
async fn links_in_outbox(db: &Db, email: &str, path: &str) -> Result<Vec<(String, String)>> {
    let sql = "SELECT body_text FROM outbox WHERE recipient = $1 ORDER BY id";
    let mut tx = db.begin_read().await?;
    let bodies: Vec<String> =
        with_tx!(&mut tx, c => sqlx::query_scalar(sql).bind(email).fetch_all(c).await?);
    Ok(bodies
        .iter()
        .flat_map(|body| body.split(path).skip(1))
        .filter_map(|after| {
            let (id, rest) = after.split_once("#token=")?;
            // `/waitlist/` also precedes `offers/…` in an offer's link: not an entry's.
            let id = id.strip_prefix("offers/").map_or(id, |_| "");
            let token: String = rest.chars().take_while(|c| !c.is_whitespace()).collect();
            (!id.is_empty()).then(|| (id.to_owned(), token))
        })
        .collect())
}

/// The one link to `path` queued for `email`.
async fn only_link(db: &Db, email: &str, path: &str) -> Result<(String, String)> {
    let mut links = links_in_outbox(db, email, path).await?;
    match links.len() {
        1 => Ok(links.remove(0)),
        n => bail!("{n} links to {path} queued for {email}, not one"),
    }
}

/// An office of its own: every day 08:00–14:15 at four counters (100 one-unit appointments),
/// releasing tomorrow at 08:00, first come, first served until the window is switched on.
async fn create_office(db: &Db) -> Result<i64> {
    let mut tx = db.begin().await?;
    let sql = "INSERT INTO offices (code, name, address, phone, email, horizon_days, \
               daily_release_time) VALUES ('FAIR', 'Bürgeramt Fair', 'Marktplatz 1', '030 115', \
               'fair@bench.example', 1, $1) RETURNING id";
    let id: i64 = with_tx!(&mut tx, c => sqlx::query_scalar(sql)
        .bind(NaiveTime::from_hms_opt(8, 0, 0)).fetch_one(c).await?);
    let sql = "INSERT INTO opening_rules \
               (office_id, weekdays, opens, closes, slot_minutes, counters, offline_counters) \
               VALUES ($1, 'mon,tue,wed,thu,fri,sat,sun', $2, $3, 15, 4, 0)";
    with_tx!(&mut tx, c => sqlx::query(sql).bind(id)
        .bind(NaiveTime::from_hms_opt(8, 0, 0)).bind(NaiveTime::from_hms_opt(14, 15, 0))
        .execute(c).await?.rows_affected());
    let sql = "INSERT INTO office_services (office_id, service_id, units) VALUES ($1, $2, 1)";
    with_tx!(&mut tx, c => sqlx::query(sql).bind(id).bind(SERVICE)
        .execute(c).await?.rows_affected());
    tx.commit().await?;
    Ok(id)
}

async fn set_window(db: &Db, office_id: i64, minutes: i64) -> Result<()> {
    let mut tx = db.begin().await?;
    let sql = "UPDATE offices SET release_window_minutes = $2 WHERE id = $1";
    with_tx!(&mut tx, c => sqlx::query(sql).bind(office_id).bind(minutes)
        .execute(c).await?.rows_affected());
    tx.commit().await?;
    Ok(())
}

/// `hour`:00 local time in Berlin on `day`.
fn berlin(day: NaiveDate, hour: u32) -> Result<DateTime<Utc>> {
    let local = day.and_hms_opt(hour, 0, 0).context("a valid hour")?;
    Ok(chrono_tz::Europe::Berlin
        .from_local_datetime(&local)
        .earliest()
        .context("a local time that exists")?
        .with_timezone(&Utc))
}

fn one() -> Vec<ServiceQuantity> {
    vec![ServiceQuantity {
        service_id: ServiceId(SERVICE),
        quantity: 1,
    }]
}

fn citizen(email: &str) -> Citizen {
    Citizen {
        name: "Erika Mustermann".into(),
        email: email.into(),
        phone: None,
    }
}

fn booking_request(
    office_id: i64,
    start: DateTime<chrono::FixedOffset>,
    email: &str,
) -> CreateBooking {
    CreateBooking {
        appointments: vec![AppointmentRequest {
            office_id: OfficeId(office_id),
            services: one(),
            start,
            hold_id: None,
        }],
        citizen: citizen(email),
        locale: Locale::De,
    }
}
