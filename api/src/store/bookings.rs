//! Bookings, their appointments (which start life as holds or inside a booking), the services
//! and slot units each appointment claims.

use super::{StoreResult, Tx, with_tx};
use crate::domain::redacted;
use crate::domain::schedule::Channel;
use crate::domain::state::{AppointmentState, BookingState};
use chrono::{DateTime, Utc};
use sqlx::AssertSqlSafe;

/// A booking as stored. `Debug` shows neither the citizen nor the token hashes.
#[derive(Clone, sqlx::FromRow)]
pub struct BookingRow {
    pub id: i64,
    pub reference: String,
    pub manage_token_hash: String,
    pub activation_token_hash: Option<String>,
    pub status: BookingState,
    pub locale: String,
    pub citizen_name: Option<String>,
    pub citizen_email: Option<String>,
    pub citizen_phone: Option<String>,
    pub created_at: DateTime<Utc>,
    pub activation_deadline: Option<DateTime<Utc>>,
}

impl std::fmt::Debug for BookingRow {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("BookingRow")
            .field("id", &self.id)
            .field("reference", &self.reference)
            .field("status", &self.status)
            .field("locale", &self.locale)
            .field("citizen_name", &redacted(&self.citizen_name))
            .field("citizen_email", &redacted(&self.citizen_email))
            .field("citizen_phone", &redacted(&self.citizen_phone))
            .field("created_at", &self.created_at)
            .field("activation_deadline", &self.activation_deadline)
            .finish_non_exhaustive()
    }
}

/// What a new booking row needs. `Debug` shows nothing of the citizen.
pub struct NewBooking<'a> {
    pub reference: &'a str,
    pub manage_token_hash: &'a str,
    pub activation_token_hash: Option<&'a str>,
    pub status: BookingState,
    pub locale: &'a str,
    pub citizen_name: &'a str,
    pub citizen_email: &'a str,
    /// What the per-address limit counts (`EmailAddress::limit_key`).
    pub citizen_email_key: &'a str,
    pub citizen_phone: Option<&'a str>,
    pub created_at: DateTime<Utc>,
    pub activation_deadline: Option<DateTime<Utc>>,
}

impl std::fmt::Debug for NewBooking<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("NewBooking")
            .field("reference", &self.reference)
            .field("status", &self.status)
            .finish_non_exhaustive()
    }
}

/// Inserts a booking and returns it as stored, or `None` when its reference is taken (the
/// caller draws another one): one statement for the check and the insert.
pub async fn insert_booking(
    tx: &mut Tx,
    booking: &NewBooking<'_>,
) -> StoreResult<Option<BookingRow>> {
    let sql = format!(
        "INSERT INTO bookings (reference, manage_token_hash, activation_token_hash, status, \
         locale, citizen_name, citizen_email, citizen_phone, created_at, activation_deadline, \
         citizen_email_key) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) \
         ON CONFLICT (reference) DO NOTHING RETURNING {BOOKING_COLUMNS}"
    );
    Ok(with_tx!(tx, c => sqlx::query_as(AssertSqlSafe(sql.clone()))
        .bind(booking.reference).bind(booking.manage_token_hash).bind(booking.activation_token_hash)
        .bind(booking.status).bind(booking.locale).bind(booking.citizen_name)
        .bind(booking.citizen_email).bind(booking.citizen_phone).bind(booking.created_at)
        .bind(booking.activation_deadline).bind(booking.citizen_email_key)
        .fetch_optional(c).await?))
}

const BOOKING_COLUMNS: &str = "id, reference, manage_token_hash, activation_token_hash, status, \
    locale, citizen_name, citizen_email, citizen_phone, created_at, activation_deadline";

pub async fn booking_by_reference(tx: &mut Tx, reference: &str) -> StoreResult<Option<BookingRow>> {
    let sql = format!("SELECT {BOOKING_COLUMNS} FROM bookings WHERE reference = $1");
    Ok(
        with_tx!(tx, c => sqlx::query_as(AssertSqlSafe(sql.clone())).bind(reference).fetch_optional(c).await?),
    )
}

/// The same, locking the booking on PostgreSQL: changes to one booking happen one at a time.
pub async fn booking_by_reference_for_update(
    tx: &mut Tx,
    reference: &str,
) -> StoreResult<Option<BookingRow>> {
    let lock = tx.row_lock(true);
    let sql = format!("SELECT {BOOKING_COLUMNS} FROM bookings WHERE reference = $1{lock}");
    Ok(
        with_tx!(tx, c => sqlx::query_as(AssertSqlSafe(sql.clone())).bind(reference).fetch_optional(c).await?),
    )
}

pub async fn booking_by_id(tx: &mut Tx, id: i64) -> StoreResult<BookingRow> {
    let sql = format!("SELECT {BOOKING_COLUMNS} FROM bookings WHERE id = $1");
    Ok(with_tx!(tx, c => sqlx::query_as(AssertSqlSafe(sql.clone())).bind(id).fetch_one(c).await?))
}

pub async fn set_booking_status(
    tx: &mut Tx,
    booking_id: i64,
    status: BookingState,
) -> StoreResult<()> {
    let sql = "UPDATE bookings SET status = $2 WHERE id = $1";
    with_tx!(tx, c => sqlx::query(sql).bind(booking_id).bind(status).execute(c).await?.rows_affected());
    Ok(())
}

/// Marks a pending booking confirmed and uses up its activation token.
pub async fn confirm_booking(tx: &mut Tx, booking_id: i64) -> StoreResult<()> {
    let sql = "UPDATE bookings SET status = 'confirmed', activation_token_hash = NULL, \
               activation_deadline = NULL WHERE id = $1";
    with_tx!(tx, c => sqlx::query(sql).bind(booking_id).execute(c).await?.rows_affected());
    let sql = "UPDATE appointments SET status = 'booked', expires_at = NULL \
               WHERE booking_id = $1 AND status = 'pending_activation' AND released_at IS NULL";
    with_tx!(tx, c => sqlx::query(sql).bind(booking_id).execute(c).await?.rows_affected());
    Ok(())
}

/// An appointment (or hold) as stored.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct AppointmentRow {
    pub id: i64,
    pub booking_id: Option<i64>,
    pub hold_id: Option<String>,
    pub office_id: i64,
    pub start_at: DateTime<Utc>,
    pub end_at: DateTime<Utc>,
    pub channel: Channel,
    pub status: AppointmentState,
    pub expires_at: Option<DateTime<Utc>>,
    pub released_at: Option<DateTime<Utc>>,
}

impl AppointmentRow {
    /// The row `new` became when it was inserted with `id` (nothing released yet).
    pub fn inserted(id: i64, new: &NewAppointment<'_>) -> AppointmentRow {
        AppointmentRow {
            id,
            booking_id: new.booking_id,
            hold_id: new.hold_id.map(str::to_owned),
            office_id: new.office_id,
            start_at: new.start_at,
            end_at: new.end_at,
            channel: new.channel,
            status: new.status,
            expires_at: new.expires_at,
            released_at: None,
        }
    }
}

const APPOINTMENT_COLUMNS: &str = "id, booking_id, hold_id, office_id, start_at, end_at, channel, status, expires_at, released_at";

/// What a new appointment (or hold) row needs.
#[derive(Debug)]
pub struct NewAppointment<'a> {
    pub booking_id: Option<i64>,
    pub hold_id: Option<&'a str>,
    pub office_id: i64,
    pub start_at: DateTime<Utc>,
    pub end_at: DateTime<Utc>,
    pub channel: Channel,
    pub status: AppointmentState,
    pub expires_at: Option<DateTime<Utc>>,
}

/// Inserts the appointment with its services and claimed units; returns its id.
pub async fn insert_appointment(
    tx: &mut Tx,
    appointment: &NewAppointment<'_>,
    services: &[(i64, u32)],
    units: &[DateTime<Utc>],
) -> StoreResult<i64> {
    let sql = "INSERT INTO appointments (booking_id, hold_id, office_id, start_at, end_at, channel, \
               status, expires_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id";
    let id: i64 = with_tx!(tx, c => sqlx::query_scalar(sql)
        .bind(appointment.booking_id).bind(appointment.hold_id).bind(appointment.office_id)
        .bind(appointment.start_at).bind(appointment.end_at).bind(appointment.channel)
        .bind(appointment.status).bind(appointment.expires_at)
        .fetch_one(c).await?);
    if !services.is_empty() {
        with_tx!(tx, c => {
            let mut insert = sqlx::QueryBuilder::new(
                "INSERT INTO appointment_services (appointment_id, service_id, quantity) ",
            );
            insert.push_values(services, |mut row, &(service_id, quantity)| {
                row.push_bind(id).push_bind(service_id).push_bind(i64::from(quantity));
            });
            insert.build().execute(c).await?.rows_affected()
        });
    }
    insert_units(tx, id, units).await?;
    Ok(id)
}

async fn insert_units(
    tx: &mut Tx,
    appointment_id: i64,
    units: &[DateTime<Utc>],
) -> StoreResult<()> {
    if units.is_empty() {
        return Ok(());
    }
    with_tx!(tx, c => {
        let mut insert =
            sqlx::QueryBuilder::new("INSERT INTO appointment_units (appointment_id, unit_start) ");
        insert.push_values(units, |mut row, unit| {
            row.push_bind(appointment_id).push_bind(*unit);
        });
        insert.build().execute(c).await?.rows_affected()
    });
    Ok(())
}

/// Moves an appointment to new times and units (the ledger is updated by the caller).
pub async fn move_appointment(
    tx: &mut Tx,
    appointment_id: i64,
    start_at: DateTime<Utc>,
    end_at: DateTime<Utc>,
    units: &[DateTime<Utc>],
) -> StoreResult<()> {
    let sql = "UPDATE appointments SET start_at = $2, end_at = $3 WHERE id = $1";
    with_tx!(tx, c => sqlx::query(sql).bind(appointment_id).bind(start_at).bind(end_at).execute(c).await?.rows_affected());
    let sql = "DELETE FROM appointment_units WHERE appointment_id = $1";
    with_tx!(tx, c => sqlx::query(sql).bind(appointment_id).execute(c).await?.rows_affected());
    insert_units(tx, appointment_id, units).await
}

/// A hold by its public id. Locks the row on PostgreSQL so that two requests cannot use it twice.
pub async fn hold_for_update(tx: &mut Tx, hold_id: &str) -> StoreResult<Option<AppointmentRow>> {
    let lock = tx.row_lock(true);
    let sql = format!("SELECT {APPOINTMENT_COLUMNS} FROM appointments WHERE hold_id = $1{lock}");
    Ok(
        with_tx!(tx, c => sqlx::query_as(AssertSqlSafe(sql.clone())).bind(hold_id).fetch_optional(c).await?),
    )
}

/// An appointment by its id; locked on PostgreSQL with `for_update`, like [`hold_for_update`].
pub async fn appointment_by_id(
    tx: &mut Tx,
    appointment_id: i64,
    for_update: bool,
) -> StoreResult<Option<AppointmentRow>> {
    let lock = tx.row_lock(for_update);
    let sql = format!("SELECT {APPOINTMENT_COLUMNS} FROM appointments WHERE id = $1{lock}");
    Ok(
        with_tx!(tx, c => sqlx::query_as(AssertSqlSafe(sql.clone())).bind(appointment_id).fetch_optional(c).await?),
    )
}

/// Turns a hold into an appointment of a booking.
pub async fn attach_hold(
    tx: &mut Tx,
    appointment_id: i64,
    booking_id: i64,
    status: AppointmentState,
    expires_at: Option<DateTime<Utc>>,
) -> StoreResult<()> {
    let sql = "UPDATE appointments SET booking_id = $2, status = $3, expires_at = $4 \
               WHERE id = $1 AND status = 'held' AND released_at IS NULL";
    with_tx!(tx, c => sqlx::query(sql).bind(appointment_id).bind(booking_id).bind(status)
        .bind(expires_at).execute(c).await?.rows_affected());
    Ok(())
}

/// The appointments of a booking, by start.
pub async fn appointments_of_booking(
    tx: &mut Tx,
    booking_id: i64,
) -> StoreResult<Vec<AppointmentRow>> {
    let sql = format!(
        "SELECT {APPOINTMENT_COLUMNS} FROM appointments WHERE booking_id = $1 ORDER BY start_at, id"
    );
    Ok(
        with_tx!(tx, c => sqlx::query_as(AssertSqlSafe(sql.clone())).bind(booking_id).fetch_all(c).await?),
    )
}

/// (appointment id, service id, quantity) of every appointment of a booking.
pub async fn services_of_booking(
    tx: &mut Tx,
    booking_id: i64,
) -> StoreResult<Vec<(i64, i64, i64)>> {
    let sql = "SELECT s.appointment_id, s.service_id, s.quantity FROM appointment_services s \
               JOIN appointments a ON a.id = s.appointment_id WHERE a.booking_id = $1 \
               ORDER BY s.appointment_id, s.service_id";
    Ok(with_tx!(tx, c => sqlx::query_as(sql).bind(booking_id).fetch_all(c).await?))
}

/// (service id, quantity) of one appointment.
pub async fn services_of_appointment(
    tx: &mut Tx,
    appointment_id: i64,
) -> StoreResult<Vec<(i64, i64)>> {
    let sql = "SELECT service_id, quantity FROM appointment_services WHERE appointment_id = $1 \
               ORDER BY service_id";
    Ok(with_tx!(tx, c => sqlx::query_as(sql).bind(appointment_id).fetch_all(c).await?))
}

/// The units an appointment counted in the ledger.
pub async fn units_of_appointment(
    tx: &mut Tx,
    appointment_id: i64,
) -> StoreResult<Vec<DateTime<Utc>>> {
    let sql =
        "SELECT unit_start FROM appointment_units WHERE appointment_id = $1 ORDER BY unit_start";
    Ok(with_tx!(tx, c => sqlx::query_scalar(sql).bind(appointment_id).fetch_all(c).await?))
}

/// Marks an appointment released (cancelled or expired). Returns false if it already was —
/// the caller then must not give its capacity back a second time.
pub async fn mark_released(
    tx: &mut Tx,
    appointment_id: i64,
    status: AppointmentState,
    released_at: DateTime<Utc>,
    reason: Option<&str>,
) -> StoreResult<bool> {
    let sql = "UPDATE appointments SET status = $2, released_at = $3, cancel_reason = $4, expires_at = NULL \
               WHERE id = $1 AND released_at IS NULL";
    let changed = with_tx!(tx, c => sqlx::query(sql).bind(appointment_id).bind(status)
        .bind(released_at).bind(reason).execute(c).await?.rows_affected());
    Ok(changed == 1)
}

/// Claims at an office whose `expires_at` has passed and that still count in the ledger:
/// marks them released (holds stay 'held', unconfirmed appointments become 'expired') and
/// returns (id, channel) of each, so the caller gives back their units. Row locks make two
/// concurrent callers agree on who releases what.
pub async fn take_lapsed_claims(
    tx: &mut Tx,
    office_id: i64,
    now: DateTime<Utc>,
) -> StoreResult<Vec<(i64, Channel)>> {
    let sql = "UPDATE appointments \
               SET released_at = $2, \
                   status = CASE WHEN status = 'held' THEN 'held' ELSE 'expired' END \
               WHERE office_id = $1 AND released_at IS NULL \
                 AND expires_at IS NOT NULL AND expires_at <= $2 \
               RETURNING id, channel";
    Ok(with_tx!(tx, c => sqlx::query_as(sql).bind(office_id).bind(now).fetch_all(c).await?))
}

/// Bookings whose activation deadline passed become 'expired'.
pub async fn expire_unconfirmed_bookings(tx: &mut Tx, now: DateTime<Utc>) -> StoreResult<u64> {
    let sql = "UPDATE bookings SET status = 'expired' \
               WHERE status = 'pending_activation' AND activation_deadline <= $1";
    Ok(with_tx!(tx, c => sqlx::query(sql).bind(now).execute(c).await?.rows_affected()))
}

/// Offices that have lapsed claims still counted (for the background sweep).
pub async fn offices_with_lapsed_claims(tx: &mut Tx, now: DateTime<Utc>) -> StoreResult<Vec<i64>> {
    let sql = "SELECT DISTINCT office_id FROM appointments \
               WHERE released_at IS NULL AND expires_at IS NOT NULL AND expires_at <= $1";
    Ok(with_tx!(tx, c => sqlx::query_scalar(sql).bind(now).fetch_all(c).await?))
}

/// Open (not yet past, not cancelled) appointments of an email address (its limit key) at an
/// office.
pub async fn open_appointments_of_email(
    tx: &mut Tx,
    office_id: i64,
    email_key: &str,
    now: DateTime<Utc>,
) -> StoreResult<i64> {
    // Start from the address (a handful of bookings), not the office (thousands of
    // appointments): the unary `+` keeps SQLite's planner off the office index.
    let sql = "SELECT COUNT(*) FROM appointments a JOIN bookings b ON b.id = a.booking_id \
               WHERE b.citizen_email_key = $2 AND +a.office_id = $1 AND a.start_at > $3 \
                 AND a.status IN ('pending_activation', 'booked', 'checked_in') \
                 AND a.released_at IS NULL";
    Ok(
        with_tx!(tx, c => sqlx::query_scalar(sql).bind(office_id).bind(email_key).bind(now).fetch_one(c).await?),
    )
}

/// Another valid manage token for a booking (one per email that carries a manage link).
pub async fn add_manage_token(
    tx: &mut Tx,
    booking_id: i64,
    token_hash: &str,
    now: DateTime<Utc>,
) -> StoreResult<()> {
    let sql = "INSERT INTO manage_tokens (token_hash, booking_id, created_at) VALUES ($1, $2, $3)";
    with_tx!(tx, c => sqlx::query(sql).bind(token_hash).bind(booking_id).bind(now).execute(c).await?.rows_affected());
    Ok(())
}

/// Whether a token hash is one of the booking's additional manage tokens.
pub async fn has_manage_token(tx: &mut Tx, booking_id: i64, token_hash: &str) -> StoreResult<bool> {
    let sql = "SELECT COUNT(*) FROM manage_tokens WHERE booking_id = $1 AND token_hash = $2";
    let found: i64 = with_tx!(tx, c => sqlx::query_scalar(sql).bind(booking_id).bind(token_hash).fetch_one(c).await?);
    Ok(found > 0)
}

/// How often each appointment of a booking was moved (its calendar SEQUENCE).
pub async fn sequences_of_booking(tx: &mut Tx, booking_id: i64) -> StoreResult<Vec<(i64, i64)>> {
    let sql = "SELECT id, ics_sequence FROM appointments WHERE booking_id = $1";
    Ok(with_tx!(tx, c => sqlx::query_as(sql).bind(booking_id).fetch_all(c).await?))
}

pub async fn bump_sequence(tx: &mut Tx, appointment_id: i64) -> StoreResult<()> {
    let sql = "UPDATE appointments SET ics_sequence = ics_sequence + 1 WHERE id = $1";
    with_tx!(tx, c => sqlx::query(sql).bind(appointment_id).execute(c).await?.rows_affected());
    Ok(())
}

/// Booked appointments starting in `(now, until]` whose reminder is not queued yet:
/// (appointment id, booking id).
pub async fn due_reminders(
    tx: &mut Tx,
    now: DateTime<Utc>,
    until: DateTime<Utc>,
) -> StoreResult<Vec<(i64, i64)>> {
    let sql = "SELECT a.id, a.booking_id FROM appointments a \
               WHERE a.status = 'booked' AND a.released_at IS NULL AND a.reminder_queued_at IS NULL \
                 AND a.booking_id IS NOT NULL AND a.start_at > $1 AND a.start_at <= $2 \
               ORDER BY a.start_at LIMIT 100";
    Ok(with_tx!(tx, c => sqlx::query_as(sql).bind(now).bind(until).fetch_all(c).await?))
}

/// Marks the reminder queued; false if another worker was first.
pub async fn mark_reminder_queued(
    tx: &mut Tx,
    appointment_id: i64,
    now: DateTime<Utc>,
) -> StoreResult<bool> {
    let sql = "UPDATE appointments SET reminder_queued_at = $2 WHERE id = $1 AND reminder_queued_at IS NULL";
    let changed = with_tx!(tx, c => sqlx::query(sql).bind(appointment_id).bind(now).execute(c).await?.rows_affected());
    Ok(changed == 1)
}

/// Deletes the citizen's name, email and phone from a booking (idempotent).
pub async fn forget_citizen(tx: &mut Tx, booking_id: i64, now: DateTime<Utc>) -> StoreResult<()> {
    let sql = "UPDATE bookings SET citizen_name = NULL, citizen_email = NULL, \
               citizen_email_key = NULL, citizen_phone = NULL, personal_data_deleted_at = $2 \
               WHERE id = $1 AND personal_data_deleted_at IS NULL";
    with_tx!(tx, c => sqlx::query(sql).bind(booking_id).bind(now).execute(c).await?.rows_affected());
    // A reason may say more about the citizen than the office meant to keep.
    let sql = "UPDATE appointments SET cancel_reason = NULL \
               WHERE booking_id = $1 AND cancel_reason IS NOT NULL";
    with_tx!(tx, c => sqlx::query(sql).bind(booking_id).execute(c).await?.rows_affected());
    Ok(())
}

/// Bookings whose last appointment ended before `cutoff` and that still hold personal data
/// (or manage tokens): everything about them is in the past.
pub async fn bookings_past_retention(tx: &mut Tx, cutoff: DateTime<Utc>) -> StoreResult<Vec<i64>> {
    let sql = "SELECT b.id FROM bookings b \
               WHERE (b.personal_data_deleted_at IS NULL OR b.manage_token_hash <> '') \
                 AND NOT EXISTS (SELECT 1 FROM appointments a WHERE a.booking_id = b.id AND a.end_at >= $1) \
               ORDER BY b.id LIMIT 500";
    Ok(with_tx!(tx, c => sqlx::query_scalar(sql).bind(cutoff).fetch_all(c).await?))
}

/// Ends a past booking's manageability: its tokens are used up.
pub async fn retire_tokens(tx: &mut Tx, booking_id: i64) -> StoreResult<()> {
    let sql =
        "UPDATE bookings SET manage_token_hash = '', activation_token_hash = NULL WHERE id = $1";
    with_tx!(tx, c => sqlx::query(sql).bind(booking_id).execute(c).await?.rows_affected());
    let sql = "DELETE FROM manage_tokens WHERE booking_id = $1";
    with_tx!(tx, c => sqlx::query(sql).bind(booking_id).execute(c).await?.rows_affected());
    Ok(())
}

/// Forgets idempotency records and lapsed holds older than `cutoff`.
pub async fn purge_stale(tx: &mut Tx, cutoff: DateTime<Utc>) -> StoreResult<u64> {
    let keys = super::idempotency::purge_before(tx, cutoff).await?;
    // Holds that kept a waitlist offer stay as long as the offer (its entry's retention).
    let sql = "DELETE FROM appointments WHERE status = 'held' AND released_at IS NOT NULL \
               AND released_at < $1 \
               AND NOT EXISTS (SELECT 1 FROM waitlist_offers w WHERE w.appointment_id = appointments.id)";
    let holds = with_tx!(tx, c => sqlx::query(sql).bind(cutoff).execute(c).await?.rows_affected());
    Ok(keys + holds)
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    pub(crate) fn row() -> BookingRow {
        BookingRow {
            id: 7,
            reference: "PW-7K3M-Q9".into(),
            manage_token_hash: "hash-of-the-token".into(),
            activation_token_hash: None,
            status: BookingState::Confirmed,
            locale: "de".into(),
            citizen_name: Some("Erika Mustermann".into()),
            citizen_email: Some("erika@example.org".into()),
            citizen_phone: Some("+49 571 123".into()),
            created_at: chrono::Utc::now(),
            activation_deadline: None,
        }
    }

    #[test]
    fn debug_of_a_booking_row_shows_neither_the_citizen_nor_the_token_hash() {
        let shown = format!("{:?}", row());
        for hidden in ["Mustermann", "erika@", "123", "hash-of"] {
            assert!(!shown.contains(hidden), "{shown}");
        }
        assert!(shown.contains("PW-7K3M-Q9"));
    }
}
