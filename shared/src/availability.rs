//! When can I come? Free days, free start times and the next free appointment.

use crate::ids::OfficeId;
use chrono::{DateTime, FixedOffset, NaiveDate};
use serde::{Deserialize, Serialize};

/// Response header naming the first bookable date after the requested range (absent if none).
pub const NEXT_BOOKABLE_DATE_HEADER: &str = "Next-Bookable-Date";
/// Response header naming the last bookable date before the requested range (absent if none).
pub const PREVIOUS_BOOKABLE_DATE_HEADER: &str = "Previous-Bookable-Date";

/// One day at one office.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DayAvailability {
    pub office_id: OfficeId,
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date, example = "2026-12-01"))]
    pub date: NaiveDate,
    /// How many start times on this day can still take the requested appointment.
    pub free_times: u32,
    /// Name of the public holiday on this day, if any (in the language of the request).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub holiday: Option<String>,
}

/// A start time with room for the requested appointment.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FreeTime {
    pub office_id: OfficeId,
    /// RFC 3339 with the office's UTC offset: unambiguous, also on daylight-saving days.
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime, example = "2026-12-01T08:30:00+01:00"))]
    pub start: DateTime<FixedOffset>,
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime, example = "2026-12-01T08:45:00+01:00"))]
    pub end: DateTime<FixedOffset>,
    /// Wall-clock time at the office, `HH:MM`.
    #[cfg_attr(feature = "openapi", schema(example = "08:30"))]
    pub local_time: String,
    /// How many more such appointments fit at this start.
    pub free: u32,
}

/// The earliest free appointment at one office.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NextFree {
    pub office_id: OfficeId,
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime, example = "2026-12-01T08:30:00+01:00"))]
    pub start: DateTime<FixedOffset>,
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub end: DateTime<FixedOffset>,
    pub free: u32,
}
