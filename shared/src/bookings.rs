//! Holds, bookings, and what a citizen can do with the manage token.

use crate::ids::{AppointmentId, HoldId, OfficeId, ServiceId};
use crate::locale::Locale;
use crate::selection::ServiceQuantity;
use chrono::{DateTime, FixedOffset, Utc};
use serde::{Deserialize, Serialize};

/// Keep a start time for the office's hold duration while the citizen enters their details.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CreateHold {
    pub office_id: OfficeId,
    pub services: Vec<ServiceQuantity>,
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub start: DateTime<FixedOffset>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Hold {
    pub id: HoldId,
    pub office_id: OfficeId,
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub start: DateTime<FixedOffset>,
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub end: DateTime<FixedOffset>,
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub expires_at: DateTime<Utc>,
}

/// One appointment to book: services at an office at a start time (optionally from a hold).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AppointmentRequest {
    pub office_id: OfficeId,
    pub services: Vec<ServiceQuantity>,
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub start: DateTime<FixedOffset>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hold_id: Option<HoldId>,
}

/// Who the appointments are for. Used for the confirmation and deleted after the appointment.
/// `Debug` shows none of it.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Citizen {
    #[cfg_attr(feature = "openapi", schema(example = "Erika Mustermann"))]
    pub name: String,
    #[cfg_attr(feature = "openapi", schema(example = "erika@example.org"))]
    pub email: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
}

impl std::fmt::Debug for Citizen {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Citizen { .. }")
    }
}

/// Book one or more appointments at once: all or nothing.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CreateBooking {
    pub appointments: Vec<AppointmentRequest>,
    pub citizen: Citizen,
    #[serde(default)]
    pub locale: Locale,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum BookingStatus {
    /// Waiting for the citizen to confirm by email; expires at `activation_deadline`.
    PendingActivation,
    Confirmed,
    /// Every appointment is cancelled.
    Cancelled,
    /// Not confirmed in time; its capacity was released.
    Expired,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum AppointmentStatus {
    PendingActivation,
    Booked,
    CheckedIn,
    Completed,
    NoShow,
    CancelledByCitizen,
    CancelledByOffice,
    Expired,
}

impl AppointmentStatus {
    pub fn is_cancelled(self) -> bool {
        matches!(
            self,
            AppointmentStatus::CancelledByCitizen | AppointmentStatus::CancelledByOffice
        )
    }
}

/// A service inside an appointment, with its name and documents in the booking's language.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BookedService {
    pub service_id: ServiceId,
    pub quantity: u32,
    pub name: String,
    pub documents: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Appointment {
    pub id: AppointmentId,
    pub office_id: OfficeId,
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub start: DateTime<FixedOffset>,
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub end: DateTime<FixedOffset>,
    pub status: AppointmentStatus,
    pub services: Vec<BookedService>,
}

/// A booking. `manage_token` is only present in the response that created it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Booking {
    /// Short, unambiguous reference, e.g. `PW-7K3M-Q9`.
    #[cfg_attr(feature = "openapi", schema(example = "PW-7K3M-Q9"))]
    pub reference: String,
    /// Secret for managing the booking: send it as `Authorization: Bearer <token>`.
    /// Returned once, when the booking is created; only a hash is stored.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub manage_token: Option<String>,
    pub status: BookingStatus,
    pub locale: Locale,
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub created_at: DateTime<Utc>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = DateTime))]
    pub activation_deadline: Option<DateTime<Utc>>,
    pub appointments: Vec<Appointment>,
}

/// Cancel some appointments of a booking, or all when `appointment_ids` is absent.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CancelRequest {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub appointment_ids: Option<Vec<AppointmentId>>,
}

/// Move one appointment to another start time (same office and services).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RescheduleRequest {
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub start: DateTime<FixedOffset>,
}

#[cfg(test)]
mod debug_tests {
    use super::*;

    #[test]
    fn debug_of_a_citizen_shows_nothing_of_them() {
        let citizen = Citizen {
            name: "Erika Mustermann".into(),
            email: "erika@example.org".into(),
            phone: Some("+49 571 123".into()),
        };
        assert_eq!(format!("{citizen:?}"), "Citizen { .. }");
    }
}
