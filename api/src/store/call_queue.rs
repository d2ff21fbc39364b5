//! The call queue of each office's day (`queue_entries`, migration 0011): drawing a ticket
//! number, putting an entry in line, calling the next one — decided by one statement, so two
//! clerks never call the same citizen —, announcing a call to every process's displays
//! (`NOTIFY` on PostgreSQL), and what the ticket page, the display and the estimate read.

use super::effects::CallMade;
use super::{StoreError, StoreResult, Tx, count, with_tx};
use crate::domain::call_queue::{EntryState, Lane, Prefix, TicketNumber};
use crate::domain::queue_figures::Visit;
use chrono::{DateTime, NaiveDate, Utc};
use shared::call_queue::CallPriority;
use sqlx::AssertSqlSafe;

/// The CHECK that keeps ticket numbers at three digits a day.
pub const NUMBERS_CONSTRAINT: &str = "ticket_numbers_within_day";

/// The next number of `prefix` at an office on a day (1, 2, …). Refused by
/// [`NUMBERS_CONSTRAINT`] after the last three-digit one.
pub async fn next_number(
    tx: &mut Tx,
    office_id: i64,
    day: NaiveDate,
    prefix: Prefix,
) -> StoreResult<i64> {
    let sql = "INSERT INTO ticket_numbers (office_id, day, prefix, last) VALUES ($1, $2, $3, 1) \
               ON CONFLICT (office_id, day, prefix) DO UPDATE SET last = ticket_numbers.last + 1 \
               RETURNING last";
    Ok(with_tx!(tx, c => sqlx::query_scalar(sql)
        .bind(office_id).bind(day).bind(prefix)
        .fetch_one(c).await?))
}

/// A new entry in line.
#[derive(Debug)]
pub struct NewEntry<'a> {
    pub office_id: i64,
    pub day: NaiveDate,
    pub prefix: Prefix,
    pub number: i64,
    pub lane: Lane,
    pub appointment_id: Option<i64>,
    pub token_hash: &'a str,
    pub queued_at: DateTime<Utc>,
    pub due_at: DateTime<Utc>,
}

/// Puts an entry in line with its services; returns its id.
pub async fn insert(
    tx: &mut Tx,
    entry: &NewEntry<'_>,
    services: &[(i64, u32)],
) -> StoreResult<i64> {
    let sql = "INSERT INTO queue_entries (office_id, day, prefix, number, lane, appointment_id, \
               token_hash, queued_at, due_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) \
               RETURNING id";
    let id: i64 = with_tx!(tx, c => sqlx::query_scalar(sql)
        .bind(entry.office_id).bind(entry.day).bind(entry.prefix).bind(entry.number)
        .bind(entry.lane).bind(entry.appointment_id).bind(entry.token_hash)
        .bind(entry.queued_at).bind(entry.due_at)
        .fetch_one(c).await?);
    insert_services(tx, "queue_entry_services", id, services).await?;
    Ok(id)
}

/// An entry as stored.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct EntryRow {
    pub id: i64,
    pub office_id: i64,
    pub day: NaiveDate,
    pub prefix: Prefix,
    pub number: i64,
    pub lane: Lane,
    pub appointment_id: Option<i64>,
    pub state: EntryState,
    pub queued_at: DateTime<Utc>,
    pub due_at: DateTime<Utc>,
    pub called_at: Option<DateTime<Utc>>,
    pub counter: Option<String>,
    pub calls: i64,
    pub finished_at: Option<DateTime<Utc>>,
}

impl EntryRow {
    /// The number it is called by (`A-017`).
    pub fn ticket_number(&self) -> TicketNumber {
        TicketNumber {
            prefix: self.prefix,
            number: self.number,
        }
    }
}

const ENTRY_COLUMNS: &str = "id, office_id, day, prefix, number, lane, appointment_id, state, \
                             queued_at, due_at, called_at, counter, calls, finished_at";

/// The order of calling (see `domain::call_queue`), with `now` the placeholder of the
/// current time. `appointments_first`: appointments whose start has come, then walk-ins as
/// they came, then appointments not due yet. `one_line`: everyone whose turn has come by when
/// it came (`due_at`), then appointments not due yet.
fn call_order(now: &str, priority: CallPriority) -> String {
    let rank = match priority {
        CallPriority::AppointmentsFirst => format!(
            "CASE WHEN lane = 'appointment' AND due_at <= {now} THEN 0 \
                  WHEN lane = 'walk_in' THEN 1 ELSE 2 END"
        ),
        CallPriority::OneLine => {
            format!("CASE WHEN lane = 'walk_in' OR due_at <= {now} THEN 0 ELSE 1 END")
        }
    };
    format!("{rank}, due_at, id")
}

/// Who calls, to which counter, when, and by which order.
#[derive(Debug, Clone, Copy)]
pub struct Caller<'a> {
    pub counter: &'a str,
    pub staff_id: i64,
    pub now: DateTime<Utc>,
    pub priority: CallPriority,
}

/// What a call sets on the entry it takes, with `$1` the time, `$2` the counter and `$3` the
/// clerk: called there now, once more, and the first call kept for the measured wait.
const CALLED: &str = "state = 'called', called_at = $1, counter = $2, called_by = $3, \
                      calls = calls + 1, first_called_at = COALESCE(first_called_at, $1), \
                      parked_at = NULL";

/// Calls the first waiting entry of an office's day to the caller's counter, in the office's
/// order of calling; with `only_services`, only an entry that waits for nothing but these.
/// `None` when nobody (fitting) waits. One statement takes the entry: on PostgreSQL the row is
/// locked and others calling at the same time skip it, on SQLite writers take turns.
pub async fn call_next(
    tx: &mut Tx,
    office_id: i64,
    day: NaiveDate,
    caller: Caller<'_>,
    only_services: &[i64],
) -> StoreResult<Option<EntryRow>> {
    let skip_locked = if tx.is_postgres() {
        " FOR UPDATE SKIP LOCKED"
    } else {
        ""
    };
    let fitting = if only_services.is_empty() {
        String::new()
    } else {
        let services: Vec<String> = (6..6 + only_services.len())
            .map(|n| format!("${n}"))
            .collect();
        format!(
            " AND NOT EXISTS (SELECT 1 FROM queue_entry_services s \
               WHERE s.entry_id = queue_entries.id AND s.service_id NOT IN ({}))",
            services.join(", ")
        )
    };
    let sql = format!(
        "UPDATE queue_entries SET {CALLED} \
         WHERE state = 'waiting' AND id = ( \
             SELECT id FROM queue_entries \
             WHERE office_id = $4 AND day = $5 AND state = 'waiting'{fitting} \
             ORDER BY {order} LIMIT 1{skip_locked}) \
         RETURNING {ENTRY_COLUMNS}",
        order = call_order("$1", caller.priority)
    );
    Ok(with_tx!(tx, c => {
        let mut call = sqlx::query_as(AssertSqlSafe(sql.clone()))
            .bind(caller.now).bind(caller.counter).bind(caller.staff_id)
            .bind(office_id).bind(day);
        for service_id in only_services {
            call = call.bind(*service_id);
        }
        call.fetch_optional(c).await?
    }))
}

/// Calls one entry of an office's day that waits or stepped aside to the caller's counter;
/// `None` when it does neither (any more): another clerk may have called it a moment ago, or
/// it is of another day.
pub async fn call_entry(
    tx: &mut Tx,
    office_id: i64,
    day: NaiveDate,
    entry_id: i64,
    caller: Caller<'_>,
) -> StoreResult<Option<EntryRow>> {
    let sql = format!(
        "UPDATE queue_entries SET {CALLED} \
         WHERE id = $4 AND office_id = $5 AND day = $6 AND state IN ('waiting', 'parked') \
         RETURNING {ENTRY_COLUMNS}"
    );
    Ok(with_tx!(tx, c => sqlx::query_as(AssertSqlSafe(sql.clone()))
        .bind(caller.now).bind(caller.counter).bind(caller.staff_id)
        .bind(entry_id).bind(office_id).bind(day)
        .fetch_optional(c).await?))
}

/// The ids of an office's waiting entries, in the order they will be called.
pub async fn waiting_in_call_order(
    tx: &mut Tx,
    office_id: i64,
    day: NaiveDate,
    now: DateTime<Utc>,
    priority: CallPriority,
) -> StoreResult<Vec<i64>> {
    let sql = format!(
        "SELECT id FROM queue_entries WHERE office_id = $1 AND day = $3 AND state = 'waiting' \
         ORDER BY {}",
        call_order("$2", priority)
    );
    Ok(
        with_tx!(tx, c => sqlx::query_scalar(AssertSqlSafe(sql.clone()))
        .bind(office_id).bind(now).bind(day)
        .fetch_all(c).await?),
    )
}

/// The entry a ticket token leads to.
pub async fn by_token_hash(tx: &mut Tx, token_hash: &str) -> StoreResult<Option<EntryRow>> {
    let sql = format!("SELECT {ENTRY_COLUMNS} FROM queue_entries WHERE token_hash = $1");
    Ok(with_tx!(tx, c => sqlx::query_as(AssertSqlSafe(sql.clone()))
        .bind(token_hash).fetch_optional(c).await?))
}

/// The entry of a checked-in appointment, if it has one.
pub async fn of_appointment(tx: &mut Tx, appointment_id: i64) -> StoreResult<Option<i64>> {
    let sql = "SELECT id FROM queue_entries WHERE appointment_id = $1";
    Ok(with_tx!(tx, c => sqlx::query_scalar(sql).bind(appointment_id).fetch_optional(c).await?))
}

/// (service id, quantity) an entry waits for, by service.
pub async fn services_of(tx: &mut Tx, entry_id: i64) -> StoreResult<Vec<(i64, u32)>> {
    let sql = "SELECT service_id, quantity FROM queue_entry_services WHERE entry_id = $1 \
               ORDER BY service_id";
    let rows: Vec<(i64, i64)> =
        with_tx!(tx, c => sqlx::query_as(sql).bind(entry_id).fetch_all(c).await?);
    rows.into_iter()
        .map(|(service, quantity)| Ok((service, count(quantity, "quantity")?)))
        .collect()
}

/// Calls an entry that is called at this office once more, now; `None` when there is none.
pub async fn recall(
    tx: &mut Tx,
    office_id: i64,
    entry_id: i64,
    now: DateTime<Utc>,
) -> StoreResult<Option<EntryRow>> {
    let sql = format!(
        "UPDATE queue_entries SET called_at = $3, calls = calls + 1 \
         WHERE id = $1 AND office_id = $2 AND state = 'called' RETURNING {ENTRY_COLUMNS}"
    );
    Ok(with_tx!(tx, c => sqlx::query_as(AssertSqlSafe(sql.clone()))
        .bind(entry_id).bind(office_id).bind(now)
        .fetch_optional(c).await?))
}

/// The entry `entry_id` if it is called at this office now (locked on PostgreSQL).
pub async fn called_at_office(
    tx: &mut Tx,
    office_id: i64,
    entry_id: i64,
) -> StoreResult<Option<EntryRow>> {
    let lock = tx.row_lock(true);
    let sql = format!(
        "SELECT {ENTRY_COLUMNS} FROM queue_entries \
         WHERE id = $1 AND office_id = $2 AND state = 'called'{lock}"
    );
    Ok(with_tx!(tx, c => sqlx::query_as(AssertSqlSafe(sql.clone()))
        .bind(entry_id).bind(office_id)
        .fetch_optional(c).await?))
}

/// Sends a called entry of this office to `counter`, called there now (the first call there);
/// `None` when it is not called.
pub async fn move_to_counter(
    tx: &mut Tx,
    office_id: i64,
    entry_id: i64,
    caller: Caller<'_>,
) -> StoreResult<Option<EntryRow>> {
    let sql = format!(
        "UPDATE queue_entries SET called_at = $1, counter = $2, called_by = $3, calls = 1 \
         WHERE id = $4 AND office_id = $5 AND state = 'called' RETURNING {ENTRY_COLUMNS}"
    );
    Ok(with_tx!(tx, c => sqlx::query_as(AssertSqlSafe(sql.clone()))
        .bind(caller.now).bind(caller.counter).bind(caller.staff_id)
        .bind(entry_id).bind(office_id)
        .fetch_optional(c).await?))
}

/// Puts a called entry of this office back in line at its old place (its `due_at`), to be
/// called anew by whoever handles its services; `None` when it is not called.
pub async fn back_in_line(
    tx: &mut Tx,
    office_id: i64,
    entry_id: i64,
) -> StoreResult<Option<EntryRow>> {
    let sql = format!(
        "UPDATE queue_entries SET state = 'waiting', called_at = NULL, counter = NULL, \
         called_by = NULL, calls = 0 \
         WHERE id = $1 AND office_id = $2 AND state = 'called' RETURNING {ENTRY_COLUMNS}"
    );
    Ok(with_tx!(tx, c => sqlx::query_as(AssertSqlSafe(sql.clone()))
        .bind(entry_id).bind(office_id)
        .fetch_optional(c).await?))
}

/// Replaces what an entry waits for.
pub async fn replace_services(
    tx: &mut Tx,
    entry_id: i64,
    services: &[(i64, u32)],
) -> StoreResult<()> {
    with_tx!(tx, c => sqlx::query("DELETE FROM queue_entry_services WHERE entry_id = $1")
        .bind(entry_id).execute(c).await?.rows_affected());
    insert_services(tx, "queue_entry_services", entry_id, services).await
}

/// Adds (service id, quantity) rows of an entry to `table` (`queue_entry_services`: what it
/// waits for, `queue_entry_performed`: what the counter did).
async fn insert_services(
    tx: &mut Tx,
    table: &str,
    entry_id: i64,
    services: &[(i64, u32)],
) -> StoreResult<()> {
    if services.is_empty() {
        return Ok(());
    }
    with_tx!(tx, c => {
        let mut insert = sqlx::QueryBuilder::new(format!(
            "INSERT INTO {table} (entry_id, service_id, quantity) "
        ));
        insert.push_values(services, |mut row, (service_id, quantity)| {
            row.push_bind(entry_id).push_bind(*service_id).push_bind(i64::from(*quantity));
        });
        insert.build().execute(c).await?.rows_affected()
    });
    Ok(())
}

/// A called entry of this office steps aside (fetches a document) until a clerk calls it
/// back; false when it is not called.
pub async fn park(
    tx: &mut Tx,
    office_id: i64,
    entry_id: i64,
    now: DateTime<Utc>,
) -> StoreResult<bool> {
    let sql = "UPDATE queue_entries SET state = 'parked', parked_at = $3 \
               WHERE id = $1 AND office_id = $2 AND state = 'called'";
    let changed = with_tx!(tx, c => sqlx::query(sql)
        .bind(entry_id).bind(office_id).bind(now)
        .execute(c).await?.rows_affected());
    Ok(changed == 1)
}

/// Marks an entry called at this office as not come; false when there is none.
pub async fn mark_no_show(tx: &mut Tx, office_id: i64, entry_id: i64) -> StoreResult<bool> {
    let sql = "UPDATE queue_entries SET state = 'no_show' \
               WHERE id = $1 AND office_id = $2 AND state = 'called'";
    let changed = with_tx!(tx, c => sqlx::query(sql)
        .bind(entry_id).bind(office_id)
        .execute(c).await?.rows_affected());
    Ok(changed == 1)
}

/// Marks an entry of this office that is called as finished, with the services the counter
/// performed; false when there is none.
pub async fn finish(
    tx: &mut Tx,
    office_id: i64,
    entry_id: i64,
    now: DateTime<Utc>,
    performed: &[(i64, u32)],
) -> StoreResult<bool> {
    let sql = "UPDATE queue_entries SET state = 'finished', finished_at = $3 \
               WHERE id = $1 AND office_id = $2 AND state = 'called'";
    let changed = with_tx!(tx, c => sqlx::query(sql)
        .bind(entry_id).bind(office_id).bind(now)
        .execute(c).await?.rows_affected());
    if changed == 1 {
        insert_services(tx, "queue_entry_performed", entry_id, performed).await?;
    }
    Ok(changed == 1)
}

/// The entries of an office's day that are not done yet (waiting, called or parked), in the
/// office's order of calling (so the waiting ones come in the order they will be called).
pub async fn open_on(
    tx: &mut Tx,
    office_id: i64,
    day: NaiveDate,
    now: DateTime<Utc>,
    priority: CallPriority,
) -> StoreResult<Vec<EntryRow>> {
    let sql = format!(
        "SELECT {ENTRY_COLUMNS} FROM queue_entries \
         WHERE office_id = $1 AND day = $2 AND state IN ('waiting', 'called', 'parked') \
         ORDER BY {}",
        call_order("$3", priority)
    );
    Ok(with_tx!(tx, c => sqlx::query_as(AssertSqlSafe(sql.clone()))
        .bind(office_id).bind(day).bind(now).fetch_all(c).await?))
}

/// (entry id, service id, quantity) of the open entries of an office's day.
pub async fn services_of_open(
    tx: &mut Tx,
    office_id: i64,
    day: NaiveDate,
) -> StoreResult<Vec<(i64, i64, u32)>> {
    let sql = "SELECT s.entry_id, s.service_id, s.quantity FROM queue_entry_services s \
               JOIN queue_entries e ON e.id = s.entry_id \
               WHERE e.office_id = $1 AND e.day = $2 AND e.state IN ('waiting', 'called', 'parked') \
               ORDER BY s.entry_id, s.service_id";
    let rows: Vec<(i64, i64, i64)> =
        with_tx!(tx, c => sqlx::query_as(sql).bind(office_id).bind(day).fetch_all(c).await?);
    rows.into_iter()
        .map(|(entry, service, quantity)| Ok((entry, service, count(quantity, "quantity")?)))
        .collect()
}

/// (entry id, booking reference) of the open entries of an office's day that are checked-in
/// appointments.
pub async fn references_of_open(
    tx: &mut Tx,
    office_id: i64,
    day: NaiveDate,
) -> StoreResult<Vec<(i64, String)>> {
    let sql = "SELECT e.id, b.reference FROM queue_entries e \
               JOIN appointments a ON a.id = e.appointment_id \
               JOIN bookings b ON b.id = a.booking_id \
               WHERE e.office_id = $1 AND e.day = $2 AND e.state IN ('waiting', 'called', 'parked')";
    Ok(with_tx!(tx, c => sqlx::query_as(sql).bind(office_id).bind(day).fetch_all(c).await?))
}

/// How many walk-in tickets an office gave out on a day.
pub async fn walk_ins_drawn(tx: &mut Tx, office_id: i64, day: NaiveDate) -> StoreResult<i64> {
    let sql = "SELECT COALESCE(MAX(last), 0) FROM ticket_numbers \
               WHERE office_id = $1 AND day = $2 AND prefix = 'A'";
    Ok(with_tx!(tx, c => sqlx::query_scalar(sql).bind(office_id).bind(day).fetch_one(c).await?))
}

/// (called, finished) of the entries an office finished on a day.
pub async fn served_on(
    tx: &mut Tx,
    office_id: i64,
    day: NaiveDate,
) -> StoreResult<Vec<(DateTime<Utc>, DateTime<Utc>)>> {
    let sql = "SELECT called_at, finished_at FROM queue_entries \
               WHERE office_id = $1 AND day = $2 AND state = 'finished'";
    Ok(with_tx!(tx, c => sqlx::query_as(sql).bind(office_id).bind(day).fetch_all(c).await?))
}

/// Every entry of an office's days `from..=to` with the instants its wait and service are
/// measured from (`domain::queue_figures`), in the order they queued. One read of the range;
/// `queue_entries_waiting` (office, day, …) finds the rows.
pub async fn visits_between(
    tx: &mut Tx,
    office_id: i64,
    from: NaiveDate,
    to: NaiveDate,
) -> StoreResult<Vec<Visit>> {
    let sql = "SELECT day, lane, state, queued_at, first_called_at, called_at, finished_at \
               FROM queue_entries WHERE office_id = $1 AND day BETWEEN $2 AND $3 \
               ORDER BY day, queued_at, id";
    Ok(with_tx!(tx, c => sqlx::query_as(sql)
        .bind(office_id).bind(from).bind(to)
        .fetch_all(c).await?))
}

/// How many counters of an office called someone since `since`.
pub async fn counters_calling_since(
    tx: &mut Tx,
    office_id: i64,
    since: DateTime<Utc>,
) -> StoreResult<i64> {
    let sql = "SELECT COUNT(DISTINCT counter) FROM queue_entries \
               WHERE office_id = $1 AND called_at >= $2";
    Ok(with_tx!(tx, c => sqlx::query_scalar(sql).bind(office_id).bind(since).fetch_one(c).await?))
}

/// The most recent calls of an office's day, newest first: (prefix, number, counter, called).
pub async fn recent_calls(
    tx: &mut Tx,
    office_id: i64,
    day: NaiveDate,
    limit: i64,
) -> StoreResult<Vec<(Prefix, i64, String, DateTime<Utc>)>> {
    let sql = "SELECT prefix, number, counter, called_at FROM queue_entries \
               WHERE office_id = $1 AND day = $2 AND called_at IS NOT NULL \
               ORDER BY called_at DESC, id DESC LIMIT $3";
    Ok(with_tx!(tx, c => sqlx::query_as(sql)
        .bind(office_id).bind(day).bind(limit)
        .fetch_all(c).await?))
}

/// The PostgreSQL channel calls are announced on.
const CALLS_CHANNEL: &str = "terminvergabe_calls";

/// Announces a call once the transaction commits: to this process through its effects, and
/// on PostgreSQL to every process listening (`pg_notify` is delivered on commit, never after
/// a rollback).
pub async fn announce(tx: &mut Tx, call: CallMade) -> StoreResult<()> {
    if tx.is_postgres() {
        let payload = serde_json::to_string(&call)
            .map_err(|e| StoreError::Corrupt(format!("a call as JSON: {e}")))?;
        with_tx!(tx, c => sqlx::query("SELECT pg_notify($1, $2)")
            .bind(CALLS_CHANNEL).bind(payload)
            .execute(c).await?.rows_affected());
    }
    tx.effects().calls.push(call);
    Ok(())
}

/// What a [`CallListener`] heard.
#[derive(Debug)]
pub enum Heard {
    Call(CallMade),
    /// The connection was lost and is being made again: calls may have been missed.
    Gap,
}

/// A PostgreSQL connection listening for the calls of every process.
#[derive(Debug)]
pub struct CallListener(sqlx::postgres::PgListener);

impl CallListener {
    pub(super) async fn connect(pool: &sqlx::PgPool) -> StoreResult<CallListener> {
        let mut listener = sqlx::postgres::PgListener::connect_with(pool).await?;
        listener.listen(CALLS_CHANNEL).await?;
        Ok(CallListener(listener))
    }

    /// The next call announced; [`Heard::Gap`] when the connection broke (the next call
    /// connects again and listens anew).
    pub async fn next(&mut self) -> StoreResult<Heard> {
        match self.0.try_recv().await? {
            Some(notification) => serde_json::from_str(notification.payload())
                .map(Heard::Call)
                .map_err(|e| StoreError::Corrupt(format!("an announced call: {e}"))),
            None => Ok(Heard::Gap),
        }
    }
}
