//! Fair release: where an office releases a new day with a window, requests in the window are
//! entries in a draw instead of first come, first served. When the window closes the entries
//! are drawn in a random order (seeded and recorded) and each gets its first still-free
//! acceptable time; what is left is then open to everyone.

use crate::bookings::Citizen;
use crate::ids::OfficeId;
use crate::locale::Locale;
use crate::selection::ServiceQuantity;
use chrono::{DateTime, FixedOffset, NaiveDate};
use serde::{Deserialize, Serialize};
use std::fmt;

/// An entry in a draw. Random, so entries cannot be guessed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema), schema(value_type = uuid::Uuid))]
#[serde(transparent)]
pub struct ReleaseEntryId(pub uuid::Uuid);

impl fmt::Display for ReleaseEntryId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

/// Where today's release of an office stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ReleasePhase {
    /// The window opens at `entries_from`; the day is not bookable yet.
    Upcoming,
    /// Entries are taken until `entries_until`; the day is not bookable meanwhile.
    Open,
    /// The window closed; the draw runs within moments.
    Drawing,
    /// Drawn: what the draw left is bookable by everyone.
    Drawn,
}

/// Today's release of an office with a release window.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReleaseRound {
    pub office_id: OfficeId,
    /// The day that opens (local to the office).
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
    pub day: NaiveDate,
    /// Entries are taken from here …
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub entries_from: DateTime<FixedOffset>,
    /// … until here, when the draw happens.
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub entries_until: DateTime<FixedOffset>,
    pub phase: ReleasePhase,
    /// How many acceptable start times an entry may list.
    pub max_times: u32,
    /// With `services`: the start times the day's opening hours have for them, whether free
    /// or not (what an entry may list); empty without.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[cfg_attr(feature = "openapi", schema(value_type = Vec<String>))]
    pub starts: Vec<DateTime<FixedOffset>>,
    /// The draw, once done.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub draw: Option<ReleaseDraw>,
}

/// A draw as recorded: with the seed and the entrants (confirmed entries by id), anyone can
/// replay the order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReleaseDraw {
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub drawn_at: DateTime<FixedOffset>,
    /// The seed of the order, as 16 hexadecimal digits.
    pub seed: String,
    pub entrants: u32,
    pub booked: u32,
}

/// Enter the draw of the day an office is releasing, for one appointment with these services.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct EnterRelease {
    pub office_id: OfficeId,
    pub services: Vec<ServiceQuantity>,
    /// Acceptable start times on the day, best first (at most `max_times`); empty: any time.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(value_type = Vec<String>))]
    pub times: Vec<DateTime<FixedOffset>>,
    pub citizen: Citizen,
    #[serde(default)]
    pub locale: Locale,
}

/// The answer to entering: an email asks to confirm the address before the window closes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReleaseEntered {
    /// Confirm before this, when the draw happens.
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub confirm_by: DateTime<FixedOffset>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ReleaseEntryStatus {
    /// The address is not confirmed yet; unconfirmed entries take no part in the draw.
    PendingConfirmation,
    /// In the draw.
    Entered,
    /// Drawn and booked: the booking's confirmation email has its manage link.
    Booked,
    /// When its turn came in the draw, none of its times was free any more.
    NotDrawn,
    /// Not confirmed before the window closed.
    Lapsed,
}

/// An entry as its owner sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReleaseEntry {
    pub id: ReleaseEntryId,
    pub office_id: OfficeId,
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
    pub day: NaiveDate,
    pub services: Vec<ServiceQuantity>,
    /// Acceptable start times, best first; empty: any time that day.
    #[cfg_attr(feature = "openapi", schema(value_type = Vec<String>))]
    pub times: Vec<DateTime<FixedOffset>>,
    pub status: ReleaseEntryStatus,
    /// When the window closes and the draw happens.
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub draws_at: DateTime<FixedOffset>,
    /// Its place in the drawn order (1: first), once drawn.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub draw_position: Option<u32>,
    /// The booking it got.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub booking_reference: Option<String>,
}
