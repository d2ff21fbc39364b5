//! The call queue of an office's day: walk-in tickets and checked-in appointments waiting to
//! be called to a counter, what a clerk calls, and what a ticket's holder sees on their phone.

use crate::ids::{KioskId, OfficeId, QueueEntryId, ServiceId};
use crate::selection::ServiceQuantity;
use chrono::{DateTime, FixedOffset, NaiveTime, Utc};
use serde::{Deserialize, Serialize};

/// Which lane an entry waits in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum QueueLane {
    /// A booked appointment, checked in on time: called when its start has come.
    Appointment,
    /// A walk-in ticket, or an appointment checked in too late: called in the order they came.
    WalkIn,
}

/// Where an entry is in its day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum TicketState {
    Waiting,
    /// Called to a counter (`counter` says which).
    Called,
    /// Stepped aside at the counter (e.g. to fetch a document); a clerk calls them back.
    Parked,
    Finished,
    /// Called but did not come.
    NoShow,
}

/// A walk-in ticket for one or more services (staff at the front desk, or the kiosk).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NewTicket {
    pub services: Vec<ServiceQuantity>,
}

impl NewTicket {
    /// A ticket for one of each of `services` (what a kiosk or the front desk asks for).
    pub fn one_of_each(services: &[ServiceId]) -> NewTicket {
        NewTicket {
            services: services
                .iter()
                .map(|&service_id| ServiceQuantity {
                    service_id,
                    quantity: 1,
                })
                .collect(),
        }
    }
}

/// A ticket just drawn: its number to read out and the token of its page on the citizen's
/// phone (`/ticket/{token}`, shown only here, e.g. as a QR code).
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct IssuedTicket {
    pub id: QueueEntryId,
    /// `A-017`: prefix, dash, three digits; counted per office and day.
    pub number: String,
    pub token: String,
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub issued_at: DateTime<FixedOffset>,
}

impl std::fmt::Debug for IssuedTicket {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("IssuedTicket")
            .field("id", &self.id)
            .field("number", &self.number)
            .field("token", &"…")
            .field("issued_at", &self.issued_at)
            .finish()
    }
}

/// In which order an office calls.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum CallPriority {
    /// Appointments whose start has come first (earliest start first), then walk-ins and late
    /// appointments in the order they came, then appointments checked in early.
    #[default]
    AppointmentsFirst,
    /// One line: an appointment takes its place among the walk-ins at its start, a walk-in
    /// when it came; appointments checked in early still wait for their start.
    OneLine,
}

/// How an office runs its queue (staff with the right to configure it change this).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct QueueSettings {
    pub priority: CallPriority,
    /// An appointment checked in more than this many minutes after its start waits with the
    /// walk-ins (0 to 240).
    pub late_after_minutes: u32,
    /// The daily contingent: at most this many walk-in tickets a day (0 to 999; none: no limit).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub walk_in_limit: Option<u32>,
    /// No walk-in tickets from this local time on (none: until the day ends).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, example = "12:00:00"))]
    pub walk_ins_until: Option<NaiveTime>,
}

impl Default for QueueSettings {
    fn default() -> Self {
        QueueSettings {
            priority: CallPriority::AppointmentsFirst,
            late_after_minutes: DEFAULT_LATE_AFTER_MINUTES,
            walk_in_limit: None,
            walk_ins_until: None,
        }
    }
}

/// Minutes after its start from which a checked-in appointment counts as late, unless the
/// office says otherwise.
pub const DEFAULT_LATE_AFTER_MINUTES: u32 = 15;
/// Most minutes an office may set for [`QueueSettings::late_after_minutes`].
pub const MAX_LATE_AFTER_MINUTES: u32 = 240;
/// Largest daily contingent of walk-in tickets (numbers have three digits).
pub const MAX_WALK_IN_LIMIT: u32 = 999;

/// Whether walk-ins get a ticket today.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum WalkInState {
    Open,
    /// Today's contingent of tickets is given out.
    LimitReached,
    /// It is past the time until which walk-ins get a ticket.
    Closed,
}

/// Walk-ins at an office today, as the kiosk and the start page show them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct WalkIns {
    pub state: WalkInState,
    /// Tickets left today under the contingent (none: no limit).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub remaining: Option<u32>,
    /// Tickets until this local time (none: until the day ends).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, example = "12:00:00"))]
    pub until: Option<NaiveTime>,
}

/// A called citizen may be marked as not come only after this many calls (one recall at least).
pub const NO_SHOW_AFTER_CALLS: u32 = 2;

/// Longest counter name (`Schalter 3`, `Raum 1.12`).
pub const MAX_COUNTER_CHARS: usize = 40;

/// A clerk calls the next citizen to their counter; with `services`, only someone waiting for
/// nothing but these.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CallNext {
    pub counter: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub services: Vec<ServiceId>,
}

/// A clerk calls one particular waiting or parked citizen (a parked one back) to their counter.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CallEntry {
    pub counter: String,
}

/// A clerk sends a called citizen on: to another counter (called there at once, the display
/// shows it), or back into line for other services (keeping their place), or both.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Redirect {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub counter: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub services: Option<Vec<ServiceQuantity>>,
}

/// A called citizen has been served; `performed` lists the services actually done (empty:
/// those they waited for).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Finish {
    #[serde(default)]
    pub performed: Vec<ServiceQuantity>,
}

/// A citizen just served.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Served {
    pub id: QueueEntryId,
    pub number: String,
    /// The services performed (recorded for the statistics).
    pub performed: Vec<ServiceQuantity>,
    /// The last call; from it to `finished_at` is the measured service time.
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub called_at: DateTime<FixedOffset>,
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub finished_at: DateTime<FixedOffset>,
}

/// One entry of today's queue as the workstation lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct QueueItem {
    pub id: QueueEntryId,
    pub number: String,
    pub lane: QueueLane,
    pub state: TicketState,
    pub services: Vec<ServiceQuantity>,
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub queued_at: DateTime<FixedOffset>,
    /// When it is their turn: the appointment's start, else when they came.
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub due_at: DateTime<FixedOffset>,
    /// The booking of a checked-in appointment.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub booking_reference: Option<String>,
    /// Where they were called to last.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub counter: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = DateTime))]
    pub called_at: Option<DateTime<FixedOffset>>,
    pub calls: u32,
}

/// Today's queue of an office: who is called now, who stepped aside, who waits (in the order
/// they will be called).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct QueueOverview {
    pub called: Vec<QueueItem>,
    pub parked: Vec<QueueItem>,
    pub waiting: Vec<QueueItem>,
    pub walk_ins: WalkIns,
}

/// Whom a clerk called.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Called {
    pub id: QueueEntryId,
    pub number: String,
    pub lane: QueueLane,
    pub counter: String,
    /// The booking of a checked-in appointment.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub booking_reference: Option<String>,
    pub services: Vec<ServiceQuantity>,
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub queued_at: DateTime<FixedOffset>,
    /// The last call.
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub called_at: DateTime<FixedOffset>,
    /// How often they were called (recalls included); from [`NO_SHOW_AFTER_CALLS`] on they may
    /// be marked as not come.
    pub calls: u32,
}

/// What the holder of a ticket sees on their phone.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TicketStatus {
    /// The office whose display (`GET /offices/{office_id}/calls`) tells of new calls.
    pub office_id: OfficeId,
    pub number: String,
    pub state: TicketState,
    /// While waiting: how many will be called before this ticket (0: next).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ahead: Option<u32>,
    /// While waiting: the estimated wait in minutes, from today's measured service times.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub estimated_wait_minutes: Option<u32>,
    /// Once called: where to go.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub counter: Option<String>,
}

/// A call as the waiting room's display shows it: `A-017 → Schalter 3`. Sent by
/// `GET /offices/{office_id}/calls` (Server-Sent Events): first the last calls of today as
/// one `calls` event (a JSON array, newest first), then each new call as a `call` event.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DisplayCall {
    pub number: String,
    pub counter: String,
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub called_at: DateTime<FixedOffset>,
}

/// The header a kiosk sends its device token in.
pub const KIOSK_TOKEN_HEADER: &str = "X-Kiosk-Token";

/// Longest kiosk name (`Eingang Rathaus`).
pub const MAX_KIOSK_NAME_CHARS: usize = 60;

/// A new kiosk: a tablet at the office's entrance that draws walk-in tickets.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NewKiosk {
    pub name: String,
}

/// A kiosk as staff see it (never with its token).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Kiosk {
    pub id: KioskId,
    pub office_id: OfficeId,
    pub name: String,
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub created_at: DateTime<Utc>,
    /// When it last drew a ticket.
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = DateTime))]
    pub last_used_at: Option<DateTime<Utc>>,
}

/// A kiosk just issued, with its device token (shown only here; `X-Kiosk-Token`).
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct IssuedKiosk {
    pub kiosk: Kiosk,
    pub token: String,
}

impl std::fmt::Debug for IssuedKiosk {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("IssuedKiosk")
            .field("kiosk", &self.kiosk)
            .field("token", &"…")
            .finish()
    }
}

/// What a kiosk learns from its token: where it stands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct KioskSession {
    pub office_id: OfficeId,
    pub name: String,
    /// Whether it can draw tickets now.
    pub walk_ins: WalkIns,
}
