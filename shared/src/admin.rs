//! The staff views: the day plan and handling of appointments, booking on behalf of a
//! citizen, staff accounts, the configuration of offices and services, statistics and the
//! audit log. Texts of the configuration come in both languages.

use crate::auth::StaffRole;
use crate::bookings::{AppointmentStatus, Citizen};
use crate::call_queue::QueueLane;
use crate::ids::{AppointmentId, OfficeId, ServiceId, StaffId};
use crate::locale::Locale;
use crate::offices::BookingRules;
use crate::selection::ServiceQuantity;
use chrono::{DateTime, FixedOffset, NaiveDate, NaiveTime, Utc, Weekday};
use serde::{Deserialize, Serialize};

/// Through which channel an appointment was booked, and so whose capacity it uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum BookingChannel {
    /// Citizens and portals.
    Online,
    /// Staff, on the phone or at the counter.
    Staff,
}

/// A service inside an appointment of the day plan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PlannedService {
    pub service_id: ServiceId,
    pub name: String,
    pub quantity: u32,
}

/// An appointment as staff see it in the day plan, with the citizen's contact.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StaffAppointment {
    pub id: AppointmentId,
    pub reference: String,
    pub office_id: OfficeId,
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub start: DateTime<FixedOffset>,
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub end: DateTime<FixedOffset>,
    pub status: AppointmentStatus,
    pub channel: BookingChannel,
    pub services: Vec<PlannedService>,
    /// `None` once the retention period removed it.
    pub citizen_name: Option<String>,
    pub citizen_email: Option<String>,
    pub citizen_phone: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cancel_reason: Option<String>,
    /// The name of the portal (API client) that booked it, if one did.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub booked_via: Option<String>,
    /// Once checked in on its day: the number the display calls (`T-004`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub queue_number: Option<String>,
}

/// The statuses staff may set.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum StaffStatus {
    CheckedIn,
    Completed,
    NoShow,
    /// Needs a `reason`; gives the capacity back and notifies the citizen.
    CancelledByOffice,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StatusChange {
    pub status: StaffStatus,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

/// Book one appointment on behalf of a citizen (phone or counter). Staff may use the counters
/// kept off the online channel and book any time still ahead.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StaffBookingRequest {
    pub services: Vec<ServiceQuantity>,
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub start: DateTime<FixedOffset>,
    pub citizen: Citizen,
    #[serde(default)]
    pub locale: Locale,
}

/// Capacity of one hour of a day, in counter-units (one counter for one slot unit).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct HourCapacity {
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub start: DateTime<FixedOffset>,
    pub online_capacity: u32,
    pub online_used: u32,
    pub total_capacity: u32,
    pub total_used: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DayCapacity {
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
    pub date: NaiveDate,
    pub hours: Vec<HourCapacity>,
}

/// Create a staff account.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NewStaffAccount {
    pub username: String,
    /// At least 12 characters.
    pub password: String,
    pub role: StaffRole,
    /// Required for managers and clerks.
    #[serde(default)]
    pub offices: Vec<OfficeId>,
}

/// Change an account's role and offices.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StaffAccountUpdate {
    pub role: StaffRole,
    #[serde(default)]
    pub offices: Vec<OfficeId>,
}

/// One staff action that changed data.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AuditEntry {
    pub id: i64,
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub at: DateTime<Utc>,
    pub staff_id: Option<StaffId>,
    pub username: String,
    /// E.g. `appointment.status_changed`, `closure.created`.
    pub action: String,
    pub entity: String,
    pub entity_id: Option<String>,
    pub office_id: Option<OfficeId>,
    /// The entity before the change, as a JSON document (text).
    pub before: Option<String>,
    /// The entity after the change, as a JSON document (text).
    pub after: Option<String>,
}

/// A page of the audit log, newest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AuditPage {
    pub entries: Vec<AuditEntry>,
    pub page: u32,
    pub per_page: u32,
    pub total: u64,
}

/// Everything about an office that staff configure.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OfficeSettings {
    /// 1–4 capital letters; prefix of booking references. Fixed after creation.
    pub code: String,
    pub name: String,
    pub address: String,
    #[cfg_attr(feature = "openapi", schema(example = "Europe/Berlin"))]
    pub time_zone: String,
    /// German state whose public holidays apply, e.g. `NW`.
    pub state: String,
    pub phone: String,
    pub email: String,
    pub notice_de: String,
    pub notice_en: String,
    pub booking_rules: BookingRules,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AdminOffice {
    pub id: OfficeId,
    pub settings: OfficeSettings,
}

/// A document to bring, in both languages.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DocumentText {
    pub de: String,
    pub en: String,
}

/// Everything about a service that staff configure (for all offices).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ServiceSettings {
    pub name_de: String,
    pub name_en: String,
    #[serde(default)]
    pub description_de: String,
    #[serde(default)]
    pub description_en: String,
    #[serde(default)]
    pub fees_de: String,
    #[serde(default)]
    pub fees_en: String,
    #[serde(default)]
    pub documents: Vec<DocumentText>,
    pub max_quantity: u32,
    pub online_bookable: bool,
    /// Whether citizens may join a waitlist for it (at offices that keep one).
    #[serde(default = "waitlist_by_default")]
    pub waitlist: bool,
    /// Display order.
    #[serde(default)]
    pub position: i64,
}

/// A service offered at an office, taking `units` consecutive slot units there.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ServiceOffer {
    pub office_id: OfficeId,
    pub units: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AdminService {
    pub id: ServiceId,
    pub settings: ServiceSettings,
    pub offered_at: Vec<ServiceOffer>,
}

/// Offer a service at an office (or change how long it takes there).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OfferSettings {
    /// Consecutive slot units one of the service takes (1–32).
    pub units: u32,
}

/// An opening rule: on `weekdays` from `opens` to `closes`, cut into slots of `slot_minutes`,
/// at `counters` counters of which `offline_counters` are kept for staff bookings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OpeningRuleSettings {
    #[cfg_attr(feature = "openapi", schema(value_type = Vec<String>, example = json!(["Mon", "Tue"])))]
    pub weekdays: Vec<Weekday>,
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = Date))]
    pub valid_from: Option<NaiveDate>,
    /// Inclusive.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = Date))]
    pub valid_until: Option<NaiveDate>,
    #[cfg_attr(feature = "openapi", schema(value_type = String, example = "08:00:00"))]
    pub opens: NaiveTime,
    #[cfg_attr(feature = "openapi", schema(value_type = String, example = "12:30:00"))]
    pub closes: NaiveTime,
    pub slot_minutes: u32,
    pub counters: u32,
    #[serde(default)]
    pub offline_counters: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AdminOpeningRule {
    pub id: i64,
    pub rule: OpeningRuleSettings,
}

/// Closed on the days `starts_on..=ends_on`: whole days without times, else daily between
/// `from_time` and `until_time`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ClosureSettings {
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
    pub starts_on: NaiveDate,
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
    pub ends_on: NaiveDate,
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, example = "10:00:00"))]
    pub from_time: Option<NaiveTime>,
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, example = "12:00:00"))]
    pub until_time: Option<NaiveTime>,
    #[serde(default)]
    pub reason: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AdminClosure {
    pub id: i64,
    pub closure: ClosureSettings,
}

/// What to do with booked appointments that a change removes capacity from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum AffectedAppointments {
    /// Cancel them by the office and notify the citizens.
    Cancel,
    /// Keep them (the office serves them anyway).
    Keep,
}

/// The outcome (or, with `dry_run`, the preview) of a change to an office's capacity.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CapacityChange {
    /// True when nothing was saved.
    pub dry_run: bool,
    /// The id of the created or changed rule or closure (absent for a dry run of a creation).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<i64>,
    /// Active future appointments that no longer fit.
    pub affected: Vec<StaffAppointment>,
    /// Those of them that were cancelled by the office.
    pub cancelled: Vec<AppointmentId>,
}

/// Anonymous counts of one day or a whole range.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StatisticsCounts {
    /// Appointments booked for the day (through any channel; not counting expired ones).
    pub bookings: u32,
    pub cancelled_by_citizen: u32,
    pub cancelled_by_office: u32,
    pub no_shows: u32,
    /// No-shows among the appointments that were not cancelled; `None` without any.
    pub no_show_rate: Option<f64>,
    /// Slot units claimed by active online and staff appointments.
    pub online_booked_units: u32,
    pub staff_booked_units: u32,
    /// Counter-units the opening rules offered online (after holidays and closures).
    pub offered_online_units: u32,
    /// `online_booked_units / offered_online_units`; `None` when nothing was offered.
    pub utilisation: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DayStatistics {
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
    pub date: NaiveDate,
    pub counts: StatisticsCounts,
}

/// The measured figures of the call queue in one lane: how many were called, served and did
/// not come, how long they waited from arrival or check-in to their first call, and how long
/// a counter took from the (last) call to finishing.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct QueueFigures {
    pub lane: QueueLane,
    /// Entries called at least once (their wait is measured).
    pub called: u32,
    /// Entries a counter finished.
    pub served: u32,
    /// Entries called but marked as not come.
    pub no_shows: u32,
    /// Mean minutes from the ticket drawn or the appointment checked in to the first call;
    /// `None` when nobody was called.
    pub mean_wait_minutes: Option<f64>,
    /// The median of the same waits; `None` when nobody was called.
    pub median_wait_minutes: Option<f64>,
    /// Mean minutes from the last call to finishing, of the entries served; `None` without any.
    pub mean_service_minutes: Option<f64>,
}

/// The queue's figures of one day, for each lane (appointments first).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct QueueDay {
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
    pub date: NaiveDate,
    pub lanes: Vec<QueueFigures>,
}

/// The queue's figures of one hour of the day over the whole range, by when the entries
/// queued (local time of the office), for each lane (appointments first).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct QueueHour {
    /// 0–23: the hour starting at `hour:00`.
    #[cfg_attr(feature = "openapi", schema(minimum = 0, maximum = 23))]
    pub hour: u8,
    pub lanes: Vec<QueueFigures>,
}

/// Which table `…/statistics.csv` holds.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum StatisticsTable {
    /// One line per day and a `total` line: bookings, cancellations, no-shows, utilisation.
    #[default]
    Days,
    /// The call queue's measured figures per day, per hour of the day and in total, one line
    /// per lane.
    Queue,
}

impl StatisticsTable {
    /// How it is written in the query (`table=queue`).
    pub fn code(self) -> &'static str {
        match self {
            StatisticsTable::Days => "days",
            StatisticsTable::Queue => "queue",
        }
    }
}

/// An office's anonymous numbers of the days `from..=to`: the appointments' counts per day and
/// in total, and the call queue's measured waiting and service times.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OfficeStatistics {
    pub office_id: OfficeId,
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
    pub from: NaiveDate,
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
    pub to: NaiveDate,
    pub days: Vec<DayStatistics>,
    pub totals: StatisticsCounts,
    /// The call queue's measured figures on every day of the range.
    pub queue_days: Vec<QueueDay>,
    /// The same per hour of the day over the range; only hours in which someone queued.
    pub queue_hours: Vec<QueueHour>,
    /// The same over the whole range, for each lane (appointments first).
    pub queue_totals: Vec<QueueFigures>,
}

fn waitlist_by_default() -> bool {
    true
}
