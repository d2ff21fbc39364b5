//! Services a citizen can book, in the language asked for.

use crate::ids::{OfficeId, ServiceId};
use serde::{Deserialize, Serialize};

/// A service with what to bring. Texts are in the language of the request.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Service {
    pub id: ServiceId,
    pub name: String,
    pub description: String,
    /// Documents to bring to the appointment.
    pub documents: Vec<String>,
    /// Fees, as a text (e.g. `37,00 € (ab 24 Jahren)`).
    pub fees: String,
    /// How many of this service one appointment may hold (e.g. 5 passports for a family).
    pub max_quantity: u32,
    /// Whether citizens can book it online (others only by phone or at the counter).
    pub online_bookable: bool,
    /// Whether citizens may join a waitlist for it, at the offices that keep one.
    #[serde(default)]
    pub waitlist: bool,
    /// The offices that offer this service.
    pub offices: Vec<OfficeId>,
    /// How long one unit of this service takes at each office.
    pub durations: Vec<ServiceDuration>,
}

/// Duration of one of this service at one office.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ServiceDuration {
    pub office_id: OfficeId,
    /// Consecutive slot units one of this service takes.
    pub units: u32,
    /// The same in minutes, with the office's usual slot length.
    pub minutes: u32,
}
