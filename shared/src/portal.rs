//! Third-party portals: API clients with their key, scopes, offices and quota (managed by
//! administrators), and the webhook events sent to them.

use crate::bookings::{AppointmentStatus, Booking};
use crate::ids::{ApiClientId, AppointmentId, OfficeId};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// The request header that carries an API key (`tv_key_…`). A header of its own, so a portal
/// can send its key and a booking's manage token (`Authorization: Bearer …`) together.
pub const API_KEY_HEADER: &str = "X-Api-Key";
/// Every API key starts with this.
pub const API_KEY_PREFIX: &str = "tv_key_";
/// Unix seconds of the delivery attempt; part of the signed text.
pub const WEBHOOK_TIMESTAMP_HEADER: &str = "Terminvergabe-Timestamp";
/// `v1=<hex HMAC-SHA256 of "{timestamp}.{body}" keyed with the webhook secret>`.
pub const WEBHOOK_SIGNATURE_HEADER: &str = "Terminvergabe-Signature";

/// What an API key may do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum ApiScope {
    /// Offices, services and availability.
    #[serde(rename = "availability:read")]
    AvailabilityRead,
    /// Holds, bookings, and managing bookings with their manage token.
    #[serde(rename = "bookings:write")]
    BookingsWrite,
    /// The read-only day plan of the client's offices (with the citizens' contact details).
    #[serde(rename = "staff:read")]
    StaffRead,
}

impl ApiScope {
    pub const ALL: [ApiScope; 3] = [
        ApiScope::AvailabilityRead,
        ApiScope::BookingsWrite,
        ApiScope::StaffRead,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ApiScope::AvailabilityRead => "availability:read",
            ApiScope::BookingsWrite => "bookings:write",
            ApiScope::StaffRead => "staff:read",
        }
    }

    pub fn parse(value: &str) -> Option<ApiScope> {
        ApiScope::ALL
            .into_iter()
            .find(|scope| scope.as_str() == value)
    }
}

/// An API client as administrators see it (never with its key or webhook secret).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ApiClient {
    pub id: ApiClientId,
    #[cfg_attr(feature = "openapi", schema(example = "Serviceportal NRW"))]
    pub name: String,
    /// The first characters of the key, to recognise it.
    #[cfg_attr(feature = "openapi", schema(example = "tv_key_Xq3v"))]
    pub key_prefix: String,
    pub scopes: Vec<ApiScope>,
    /// The offices the client may work with; empty means every office.
    pub offices: Vec<OfficeId>,
    #[cfg_attr(feature = "openapi", schema(example = 600))]
    pub requests_per_minute: u32,
    #[cfg_attr(
        feature = "openapi",
        schema(example = "https://portal.example.org/hooks/terminvergabe")
    )]
    pub webhook_url: Option<String>,
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub created_at: DateTime<Utc>,
    /// Set once the key was revoked; it is refused from then on.
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = DateTime))]
    pub revoked_at: Option<DateTime<Utc>>,
}

/// A new API client.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NewApiClient {
    /// 1–100 characters, unique.
    #[cfg_attr(feature = "openapi", schema(example = "Serviceportal NRW"))]
    pub name: String,
    /// At least one scope.
    pub scopes: Vec<ApiScope>,
    /// Restrict the client to these offices (empty or absent: every office).
    #[serde(default)]
    pub offices: Vec<OfficeId>,
    /// Requests per minute (1–100000) before `429 quota_exceeded`.
    #[cfg_attr(feature = "openapi", schema(example = 600))]
    pub requests_per_minute: u32,
    /// `http://` or `https://` URL that receives the webhook events; a signing secret is
    /// generated with it. Register only receivers you trust.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub webhook_url: Option<String>,
}

/// The new settings of an API client (everything is replaced).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ApiClientUpdate {
    pub name: String,
    pub scopes: Vec<ApiScope>,
    #[serde(default)]
    pub offices: Vec<OfficeId>,
    pub requests_per_minute: u32,
    /// `None` removes the webhook (pending deliveries then fail).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub webhook_url: Option<String>,
    /// Issue a new webhook secret (shown once in the answer). A secret is also issued when a
    /// webhook URL is set for the first time.
    #[serde(default)]
    pub rotate_webhook_secret: bool,
}

/// An API client with the secrets issued by this request. They are shown only here: the
/// server keeps a hash of the key, so a lost key means a new client.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ApiClientWithSecrets {
    pub client: ApiClient,
    /// The API key, only when the client was created.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(
        feature = "openapi",
        schema(example = "tv_key_Xq3vN0p5c2m8Jt1WkT6yR9hB4fL7sD0aE3gK5uI8oP2")
    )]
    pub key: Option<String>,
    /// The webhook signing secret, when one was issued now.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(
        feature = "openapi",
        schema(example = "whsec_4fL7sD0aE3gK5uI8oP2Xq3vN0p5c2m8Jt1WkT6yR9hB")
    )]
    pub webhook_secret: Option<String>,
}

/// The kinds of webhook events.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum WebhookEventType {
    #[serde(rename = "booking.created")]
    BookingCreated,
    /// Appointments cancelled with the manage token (by the portal or the citizen).
    #[serde(rename = "booking.cancelled")]
    BookingCancelled,
    #[serde(rename = "booking.rescheduled")]
    BookingRescheduled,
    /// Staff changed an appointment's status (checked in, completed, no-show, cancelled by
    /// the office).
    #[serde(rename = "appointment.status_changed")]
    AppointmentStatusChanged,
}

impl WebhookEventType {
    pub fn as_str(self) -> &'static str {
        match self {
            WebhookEventType::BookingCreated => "booking.created",
            WebhookEventType::BookingCancelled => "booking.cancelled",
            WebhookEventType::BookingRescheduled => "booking.rescheduled",
            WebhookEventType::AppointmentStatusChanged => "appointment.status_changed",
        }
    }
}

/// The body POSTed to a client's webhook URL.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct WebhookEvent {
    /// Unique per event and stable across retries: receivers deduplicate on it.
    #[cfg_attr(
        feature = "openapi",
        schema(example = "evt_0f8e4c2a9b7d4e61a3c5b2d1e0f9a8b7")
    )]
    pub id: String,
    #[serde(rename = "type")]
    pub event_type: WebhookEventType,
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub created_at: DateTime<Utc>,
    pub data: WebhookData,
}

/// What an event is about.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct WebhookData {
    #[cfg_attr(feature = "openapi", schema(example = "PW-7K3M-Q9"))]
    pub reference: String,
    /// The appointments the event concerns (all of the booking for `booking.created`).
    pub appointment_ids: Vec<AppointmentId>,
    /// The new status, for `appointment.status_changed`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<AppointmentStatus>,
    /// The booking after the change (without manage token or personal data).
    pub booking: Booking,
}
