//! The waitlist: citizens who found nothing that fits are offered freed appointments in the
//! order they joined. An offer keeps its appointment for them for the office's offer time;
//! one click (a POST) books it.

use crate::bookings::{BookedService, Citizen};
use crate::ids::{OfficeId, ServiceId};
use crate::locale::Locale;
use crate::selection::ServiceQuantity;
use chrono::{DateTime, FixedOffset, NaiveDate, NaiveTime, Utc, Weekday};
use serde::{Deserialize, Serialize};
use std::fmt;

/// A place on the waitlist. Random, so entries cannot be guessed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema), schema(value_type = uuid::Uuid))]
#[serde(transparent)]
pub struct WaitlistEntryId(pub uuid::Uuid);

/// An appointment offered to one waiting citizen. Random, so offers cannot be guessed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema), schema(value_type = uuid::Uuid))]
#[serde(transparent)]
pub struct WaitlistOfferId(pub uuid::Uuid);

impl fmt::Display for WaitlistEntryId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

impl fmt::Display for WaitlistOfferId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

/// Local times of day that suit, `from` inclusive, `until` exclusive: an appointment must
/// start at or after `from` and before `until`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TimesOfDay {
    #[cfg_attr(feature = "openapi", schema(value_type = String, example = "08:00:00"))]
    pub from: NaiveTime,
    #[cfg_attr(feature = "openapi", schema(value_type = String, example = "12:00:00"))]
    pub until: NaiveTime,
}

/// Join the waitlist for one appointment with these services.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct JoinWaitlist {
    pub services: Vec<ServiceQuantity>,
    /// Offices whose appointments suit; empty: every office that offers all the services
    /// and keeps a waitlist.
    #[serde(default)]
    pub offices: Vec<OfficeId>,
    /// First day that suits (local to the office).
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
    pub earliest: NaiveDate,
    /// Last day that suits; the entry ends after it.
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
    pub latest: NaiveDate,
    /// Weekdays that suit; empty: any.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(value_type = Vec<String>, example = json!(["Mon", "Tue"])))]
    pub weekdays: Vec<Weekday>,
    /// Times of day that suit; absent: any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub times: Option<TimesOfDay>,
    pub citizen: Citizen,
    #[serde(default)]
    pub locale: Locale,
}

/// The answer to joining: an email asks to confirm the address before anything is offered.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct WaitlistJoined {
    /// Unconfirmed entries are deleted after this.
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub confirm_by: DateTime<Utc>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum WaitlistStatus {
    /// The email address is not confirmed yet; nothing is offered.
    PendingConfirmation,
    /// In line for a freed appointment.
    Waiting,
    /// An appointment is offered and kept until the offer's `expires_at`.
    Offered,
    /// An offer was accepted: the entry became a booking.
    Booked,
    /// The citizen left the waitlist.
    Left,
    /// Its last day passed (or it was never confirmed).
    Expired,
}

impl WaitlistStatus {
    /// Whether the entry can still lead to an offer.
    pub fn is_open(self) -> bool {
        matches!(
            self,
            WaitlistStatus::PendingConfirmation | WaitlistStatus::Waiting | WaitlistStatus::Offered
        )
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum OfferStatus {
    /// Kept for the citizen until `expires_at`.
    Open,
    Accepted,
    Declined,
    /// Not accepted in time; the appointment went to the next in line.
    Lapsed,
}

/// A service the entry waits for, named in the entry's language.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct WaitedService {
    pub service_id: ServiceId,
    pub quantity: u32,
    pub name: String,
}

/// An appointment offered from the waitlist.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct WaitlistOffer {
    pub id: WaitlistOfferId,
    pub status: OfferStatus,
    pub office_id: OfficeId,
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub start: DateTime<FixedOffset>,
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub end: DateTime<FixedOffset>,
    /// The appointment is kept until then.
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub expires_at: DateTime<Utc>,
    /// With the documents to bring, in the entry's language.
    pub services: Vec<BookedService>,
    pub locale: Locale,
    /// Once accepted: the reference of the booking it became.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub booking_reference: Option<String>,
}

/// A waitlist entry as its owner sees it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct WaitlistEntry {
    pub id: WaitlistEntryId,
    pub status: WaitlistStatus,
    pub services: Vec<WaitedService>,
    /// The offices whose appointments are offered.
    pub offices: Vec<OfficeId>,
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
    pub earliest: NaiveDate,
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
    pub latest: NaiveDate,
    #[cfg_attr(feature = "openapi", schema(value_type = Vec<String>, example = json!(["Mon", "Tue"])))]
    pub weekdays: Vec<Weekday>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub times: Option<TimesOfDay>,
    pub locale: Locale,
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub joined_at: DateTime<Utc>,
    /// While unconfirmed: when the entry is deleted unless confirmed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = DateTime))]
    pub confirm_by: Option<DateTime<Utc>>,
    /// The open offer, while there is one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub offer: Option<WaitlistOffer>,
    /// For a wish for an earlier appointment: the start of the one an accepted offer moves
    /// (only earlier starts are offered).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = DateTime))]
    pub earlier_than: Option<DateTime<FixedOffset>>,
}

/// How an office's waitlist stands, for staff.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct WaitlistOverview {
    /// Whether the office keeps a waitlist (its `waitlist_offer_minutes` is above 0).
    pub enabled: bool,
    pub offer_minutes: u32,
    /// Per service offered at the office: who waits (confirmed entries in line or with an
    /// open offer).
    pub services: Vec<WaitingForService>,
    /// Offers made at the office since `since`.
    pub offers: OfferCounts,
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub since: DateTime<Utc>,
    /// Median minutes from an offer to its acceptance, over the accepted ones since `since`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub median_minutes_to_accept: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct WaitingForService {
    pub service_id: ServiceId,
    pub name: String,
    /// Whether this service takes waitlist entries at all.
    pub enabled: bool,
    pub waiting: u64,
    /// When the longest-waiting of them joined.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = DateTime))]
    pub oldest_since: Option<DateTime<Utc>>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OfferCounts {
    pub sent: u64,
    pub open: u64,
    pub accepted: u64,
    pub declined: u64,
    pub lapsed: u64,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_join_request_without_offices_weekdays_or_times_means_any() {
        let join: JoinWaitlist = serde_json::from_str(
            r#"{"services":[{"service_id":1,"quantity":1}],"earliest":"2026-12-01",
                "latest":"2026-12-31","citizen":{"name":"Erika","email":"e@example.org"}}"#,
        )
        .unwrap();
        assert!(join.offices.is_empty() && join.weekdays.is_empty() && join.times.is_none());
        assert_eq!(join.locale, Locale::De);
    }

    #[test]
    fn only_entries_that_are_pending_waiting_or_offered_are_open() {
        let open: Vec<_> = [
            WaitlistStatus::PendingConfirmation,
            WaitlistStatus::Waiting,
            WaitlistStatus::Offered,
            WaitlistStatus::Booked,
            WaitlistStatus::Left,
            WaitlistStatus::Expired,
        ]
        .into_iter()
        .filter(|status| status.is_open())
        .collect();
        assert_eq!(open.len(), 3);
    }
}
