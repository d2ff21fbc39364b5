//! Appointments as staff see them: with booking reference and citizen, by office and time,
//! by search, and the status changes of the day plan.

use super::{StoreResult, Tx, with_tx};
use crate::domain::call_queue::Prefix;
use crate::domain::schedule::Channel;
use crate::domain::state::AppointmentState;
use chrono::{DateTime, Utc};
use sqlx::AssertSqlSafe;

/// An appointment of a booking, joined with the booking's reference and citizen.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct PlannedRow {
    pub id: i64,
    pub booking_id: i64,
    pub office_id: i64,
    pub start_at: DateTime<Utc>,
    pub end_at: DateTime<Utc>,
    pub channel: Channel,
    pub status: AppointmentState,
    pub expires_at: Option<DateTime<Utc>>,
    pub released_at: Option<DateTime<Utc>>,
    pub cancel_reason: Option<String>,
    pub reference: String,
    pub citizen_name: Option<String>,
    pub citizen_email: Option<String>,
    pub citizen_phone: Option<String>,
    /// The name of the portal that made the booking, if one did.
    pub booked_via: Option<String>,
    /// Its place in the call queue, once checked in on its day.
    pub queue_prefix: Option<Prefix>,
    pub queue_number: Option<i64>,
}

const PLANNED: &str = "SELECT a.id, a.booking_id, a.office_id, a.start_at, a.end_at, a.channel, \
    a.status, a.expires_at, a.released_at, a.cancel_reason, b.reference, b.citizen_name, \
    b.citizen_email, b.citizen_phone, p.name AS booked_via, \
    q.prefix AS queue_prefix, q.number AS queue_number \
    FROM appointments a JOIN bookings b ON b.id = a.booking_id \
    LEFT JOIN api_clients p ON p.id = b.api_client_id \
    LEFT JOIN queue_entries q ON q.appointment_id = a.id";

/// Appointments of bookings at an office starting in `[from, until)`, by start; holds and
/// expired claims are not part of any plan.
pub async fn in_range(
    tx: &mut Tx,
    office_id: i64,
    from: DateTime<Utc>,
    until: DateTime<Utc>,
) -> StoreResult<Vec<PlannedRow>> {
    let sql = format!(
        "{PLANNED} WHERE a.office_id = $1 AND a.start_at >= $2 AND a.start_at < $3 \
         AND a.status NOT IN ('held', 'expired') ORDER BY a.start_at, a.id"
    );
    Ok(with_tx!(tx, c => sqlx::query_as(AssertSqlSafe(sql.clone()))
        .bind(office_id).bind(from).bind(until).fetch_all(c).await?))
}

/// Appointments at an office whose booking has exactly this reference or whose citizen's
/// name contains `name_pattern` (lower-case, with `%` wildcards); latest first, at most `limit`.
pub async fn search(
    tx: &mut Tx,
    office_id: i64,
    reference: Option<&str>,
    name_pattern: &str,
    limit: i64,
) -> StoreResult<Vec<PlannedRow>> {
    let sql = format!(
        "{PLANNED} WHERE a.office_id = $1 AND a.status NOT IN ('held', 'expired') \
         AND (b.reference = $2 OR LOWER(b.citizen_name) LIKE $3) \
         ORDER BY a.start_at DESC, a.id DESC LIMIT $4"
    );
    Ok(with_tx!(tx, c => sqlx::query_as(AssertSqlSafe(sql.clone()))
        .bind(office_id).bind(reference.unwrap_or("")).bind(name_pattern).bind(limit)
        .fetch_all(c).await?))
}

/// One appointment of a booking; locked on PostgreSQL for a status change.
pub async fn by_id_for_update(tx: &mut Tx, id: i64) -> StoreResult<Option<PlannedRow>> {
    let lock = if tx.is_postgres() {
        " FOR UPDATE OF a"
    } else {
        ""
    };
    let sql = format!("{PLANNED} WHERE a.id = $1{lock}");
    Ok(
        with_tx!(tx, c => sqlx::query_as(AssertSqlSafe(sql.clone())).bind(id).fetch_optional(c).await?),
    )
}

pub async fn by_id(tx: &mut Tx, id: i64) -> StoreResult<Option<PlannedRow>> {
    let sql = format!("{PLANNED} WHERE a.id = $1");
    Ok(
        with_tx!(tx, c => sqlx::query_as(AssertSqlSafe(sql.clone())).bind(id).fetch_optional(c).await?),
    )
}

/// (appointment id, service id, quantity) for the appointments at an office starting in
/// `[from, until)`.
pub async fn services_in_range(
    tx: &mut Tx,
    office_id: i64,
    from: DateTime<Utc>,
    until: DateTime<Utc>,
) -> StoreResult<Vec<(i64, i64, i64)>> {
    let sql = "SELECT s.appointment_id, s.service_id, s.quantity FROM appointment_services s \
               JOIN appointments a ON a.id = s.appointment_id \
               WHERE a.office_id = $1 AND a.start_at >= $2 AND a.start_at < $3 \
               ORDER BY s.appointment_id, s.service_id";
    Ok(
        with_tx!(tx, c => sqlx::query_as(sql).bind(office_id).bind(from).bind(until).fetch_all(c).await?),
    )
}

/// Sets a status that keeps the capacity (checked in, completed, no-show), if the
/// appointment still has the status the caller saw. True if it changed.
pub async fn set_status(
    tx: &mut Tx,
    id: i64,
    expected: AppointmentState,
    status: AppointmentState,
) -> StoreResult<bool> {
    let sql = "UPDATE appointments SET status = $3 \
               WHERE id = $1 AND status = $2 AND released_at IS NULL";
    let changed = with_tx!(tx, c => sqlx::query(sql).bind(id).bind(expected).bind(status)
        .execute(c).await?.rows_affected());
    Ok(changed == 1)
}

/// An appointment that still holds capacity in the future, with the units it claims.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ActiveClaim {
    pub id: i64,
    pub start_at: DateTime<Utc>,
    pub unit_start: DateTime<Utc>,
}

/// Every unit claimed by a live appointment of a booking at an office starting after `now`,
/// by appointment id (booking order) then unit.
pub async fn future_claims(
    tx: &mut Tx,
    office_id: i64,
    now: DateTime<Utc>,
) -> StoreResult<Vec<ActiveClaim>> {
    let sql = "SELECT a.id, a.start_at, u.unit_start FROM appointments a \
               JOIN appointment_units u ON u.appointment_id = a.id \
               WHERE a.office_id = $1 AND a.booking_id IS NOT NULL AND a.released_at IS NULL \
                 AND a.start_at > $2 AND a.status IN ('pending_activation', 'booked') \
                 AND (a.expires_at IS NULL OR a.expires_at > $2) \
               ORDER BY a.id, u.unit_start";
    Ok(with_tx!(tx, c => sqlx::query_as(sql).bind(office_id).bind(now).fetch_all(c).await?))
}

/// One appointment for the statistics: when, in which status, through which channel, and
/// how many units it claims.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct CountedAppointment {
    pub start_at: DateTime<Utc>,
    pub status: AppointmentState,
    pub channel: Channel,
    pub expires_at: Option<DateTime<Utc>>,
    pub units: i64,
}

pub async fn for_statistics(
    tx: &mut Tx,
    office_id: i64,
    from: DateTime<Utc>,
    until: DateTime<Utc>,
) -> StoreResult<Vec<CountedAppointment>> {
    let sql = "SELECT a.start_at, a.status, a.channel, a.expires_at, \
                   (SELECT COUNT(*) FROM appointment_units u WHERE u.appointment_id = a.id) AS units \
               FROM appointments a \
               WHERE a.office_id = $1 AND a.booking_id IS NOT NULL \
                 AND a.start_at >= $2 AND a.start_at < $3 AND a.status <> 'expired'";
    Ok(
        with_tx!(tx, c => sqlx::query_as(sql).bind(office_id).bind(from).bind(until).fetch_all(c).await?),
    )
}
