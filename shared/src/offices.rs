//! Offices as citizens and portals see them.

use crate::ids::OfficeId;
use chrono::{NaiveTime, Weekday};
use serde::{Deserialize, Serialize};

/// A citizens' office with its contact for urgent matters (which are not for online booking).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Office {
    pub id: OfficeId,
    pub name: String,
    /// One line, e.g. `Kempstraße 1, 32457 Porta Westfalica`.
    pub address: String,
    /// IANA time zone; every local time of this office is in it.
    #[cfg_attr(feature = "openapi", schema(example = "Europe/Berlin"))]
    pub time_zone: String,
    /// Phone number for urgent matters.
    pub phone: String,
    /// Email address for urgent matters.
    pub email: String,
    /// Notice shown prominently, e.g. that urgent matters are not for online booking.
    pub notice: String,
    /// Regular opening hours, for display (holidays and closures are in the availability).
    pub opening_hours: Vec<OpeningHours>,
    pub booking_rules: BookingRules,
}

/// Opening hours of one rule: on these weekdays from `opens` to `closes` (local time).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OpeningHours {
    #[cfg_attr(feature = "openapi", schema(value_type = Vec<String>, example = json!(["Mon", "Tue"])))]
    pub weekdays: Vec<Weekday>,
    #[cfg_attr(feature = "openapi", schema(value_type = String, example = "08:00:00"))]
    pub opens: NaiveTime,
    #[cfg_attr(feature = "openapi", schema(value_type = String, example = "12:00:00"))]
    pub closes: NaiveTime,
}

/// The rules under which an office accepts online bookings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BookingRules {
    /// How many days ahead appointments can be booked.
    pub horizon_days: u32,
    /// Minimum time between booking and appointment start.
    pub min_notice_minutes: u32,
    /// How long a hold keeps capacity while the citizen types.
    pub hold_minutes: u32,
    /// How many open appointments one email address may have at this office.
    pub max_open_appointments_per_email: u32,
    /// Whether the citizen must confirm the booking by email (double opt-in).
    pub activation_required: bool,
    /// How long an unconfirmed booking keeps its capacity.
    pub activation_deadline_minutes: u32,
    /// How long a cancelled slot stays unavailable before it is offered again.
    pub cancellation_cooldown_minutes: u32,
    /// How long an appointment offered from the waitlist is kept for the citizen it is
    /// offered to (5–1440 minutes); 0: the office keeps no waitlist.
    #[serde(default = "default_waitlist_offer_minutes")]
    pub waitlist_offer_minutes: u32,
    /// Fair release: for this many minutes after a new day opens (at the daily release time),
    /// requests for it are entries in a draw instead of first come, first served (0–720;
    /// 0: no draw).
    #[serde(default)]
    pub release_window_minutes: u32,
    /// The local time at which the day entering the horizon opens each day (and a release
    /// window begins); absent: at midnight.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, example = "08:00:00"))]
    pub daily_release_time: Option<chrono::NaiveTime>,
}

/// Offices that said nothing keep a waitlist with half an hour to accept an offer.
pub const fn default_waitlist_offer_minutes() -> u32 {
    30
}
