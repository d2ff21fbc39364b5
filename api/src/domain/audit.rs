//! What the audit log records: which staff action changed what kind of thing. Stored as
//! text under CHECK constraints that list exactly these words (migrations 0010, 0012); reading any
//! other word is an error.

use serde::{Deserialize, Serialize};

/// A staff action that changed data.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, sqlx::Type)]
#[sqlx(type_name = "text")]
pub enum AuditAction {
    #[sqlx(rename = "api_client.created")]
    ApiClientCreated,
    #[sqlx(rename = "api_client.revoked")]
    ApiClientRevoked,
    #[sqlx(rename = "api_client.updated")]
    ApiClientUpdated,
    #[sqlx(rename = "api_client.updated_with_new_webhook_secret")]
    ApiClientUpdatedWithNewWebhookSecret,
    #[sqlx(rename = "appointment.cancelled_by_office")]
    AppointmentCancelledByOffice,
    #[sqlx(rename = "appointment.status_changed")]
    AppointmentStatusChanged,
    #[sqlx(rename = "booking.created_by_staff")]
    BookingCreatedByStaff,
    #[sqlx(rename = "closure.created")]
    ClosureCreated,
    #[sqlx(rename = "closure.deleted")]
    ClosureDeleted,
    #[sqlx(rename = "faq_entry.created")]
    FaqEntryCreated,
    #[sqlx(rename = "faq_entry.deleted")]
    FaqEntryDeleted,
    #[sqlx(rename = "faq_entry.reordered")]
    FaqEntryReordered,
    #[sqlx(rename = "faq_entry.updated")]
    FaqEntryUpdated,
    #[sqlx(rename = "kiosk.issued")]
    KioskIssued,
    #[sqlx(rename = "kiosk.revoked")]
    KioskRevoked,
    #[sqlx(rename = "offer.removed")]
    OfferRemoved,
    #[sqlx(rename = "offer.set")]
    OfferSet,
    #[sqlx(rename = "office.created")]
    OfficeCreated,
    #[sqlx(rename = "office.updated")]
    OfficeUpdated,
    #[sqlx(rename = "opening_rule.created")]
    OpeningRuleCreated,
    #[sqlx(rename = "opening_rule.deleted")]
    OpeningRuleDeleted,
    #[sqlx(rename = "opening_rule.updated")]
    OpeningRuleUpdated,
    #[sqlx(rename = "queue_settings.updated")]
    QueueSettingsUpdated,
    #[sqlx(rename = "service.created")]
    ServiceCreated,
    #[sqlx(rename = "service.updated")]
    ServiceUpdated,
    #[sqlx(rename = "staff.created")]
    StaffCreated,
    #[sqlx(rename = "staff.disabled")]
    StaffDisabled,
    #[sqlx(rename = "staff.password_changed")]
    StaffPasswordChanged,
    #[sqlx(rename = "staff.updated")]
    StaffUpdated,
    /// Historical: a measurement on demand of the old waiting-time snapshots (the wait for the
    /// next free online appointment), replaced by the call queue's measured figures in the
    /// statistics. Nothing records it any more; old rows still read.
    #[sqlx(rename = "waiting_times.measured")]
    WaitingTimesMeasured,
}

impl AuditAction {
    pub const ALL: [AuditAction; 30] = [
        AuditAction::ApiClientCreated,
        AuditAction::ApiClientRevoked,
        AuditAction::ApiClientUpdated,
        AuditAction::ApiClientUpdatedWithNewWebhookSecret,
        AuditAction::AppointmentCancelledByOffice,
        AuditAction::AppointmentStatusChanged,
        AuditAction::BookingCreatedByStaff,
        AuditAction::ClosureCreated,
        AuditAction::ClosureDeleted,
        AuditAction::FaqEntryCreated,
        AuditAction::FaqEntryDeleted,
        AuditAction::FaqEntryReordered,
        AuditAction::FaqEntryUpdated,
        AuditAction::KioskIssued,
        AuditAction::KioskRevoked,
        AuditAction::OfferRemoved,
        AuditAction::OfferSet,
        AuditAction::OfficeCreated,
        AuditAction::OfficeUpdated,
        AuditAction::OpeningRuleCreated,
        AuditAction::OpeningRuleDeleted,
        AuditAction::OpeningRuleUpdated,
        AuditAction::QueueSettingsUpdated,
        AuditAction::ServiceCreated,
        AuditAction::ServiceUpdated,
        AuditAction::StaffCreated,
        AuditAction::StaffDisabled,
        AuditAction::StaffPasswordChanged,
        AuditAction::StaffUpdated,
        AuditAction::WaitingTimesMeasured,
    ];

    /// The stored (and shown) code, `entity.verb`.
    pub fn as_str(self) -> &'static str {
        match self {
            AuditAction::ApiClientCreated => "api_client.created",
            AuditAction::ApiClientRevoked => "api_client.revoked",
            AuditAction::ApiClientUpdated => "api_client.updated",
            AuditAction::ApiClientUpdatedWithNewWebhookSecret => {
                "api_client.updated_with_new_webhook_secret"
            }
            AuditAction::AppointmentCancelledByOffice => "appointment.cancelled_by_office",
            AuditAction::AppointmentStatusChanged => "appointment.status_changed",
            AuditAction::BookingCreatedByStaff => "booking.created_by_staff",
            AuditAction::ClosureCreated => "closure.created",
            AuditAction::ClosureDeleted => "closure.deleted",
            AuditAction::FaqEntryCreated => "faq_entry.created",
            AuditAction::FaqEntryDeleted => "faq_entry.deleted",
            AuditAction::FaqEntryReordered => "faq_entry.reordered",
            AuditAction::FaqEntryUpdated => "faq_entry.updated",
            AuditAction::KioskIssued => "kiosk.issued",
            AuditAction::KioskRevoked => "kiosk.revoked",
            AuditAction::OfferRemoved => "offer.removed",
            AuditAction::OfferSet => "offer.set",
            AuditAction::OfficeCreated => "office.created",
            AuditAction::OfficeUpdated => "office.updated",
            AuditAction::OpeningRuleCreated => "opening_rule.created",
            AuditAction::OpeningRuleDeleted => "opening_rule.deleted",
            AuditAction::OpeningRuleUpdated => "opening_rule.updated",
            AuditAction::QueueSettingsUpdated => "queue_settings.updated",
            AuditAction::ServiceCreated => "service.created",
            AuditAction::ServiceUpdated => "service.updated",
            AuditAction::StaffCreated => "staff.created",
            AuditAction::StaffDisabled => "staff.disabled",
            AuditAction::StaffPasswordChanged => "staff.password_changed",
            AuditAction::StaffUpdated => "staff.updated",
            AuditAction::WaitingTimesMeasured => "waiting_times.measured",
        }
    }
}

/// The kind of thing an action changed.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, sqlx::Type, utoipa::ToSchema,
)]
#[serde(rename_all = "snake_case")]
#[sqlx(type_name = "text", rename_all = "snake_case")]
pub enum AuditEntity {
    ApiClient,
    Appointment,
    Booking,
    Closure,
    FaqEntry,
    Kiosk,
    Office,
    OfficeService,
    OpeningRule,
    QueueSettings,
    Service,
    StaffAccount,
    /// Historical: a day's snapshot of the wait for the next free online appointment (table
    /// dropped in migration 0013); only old rows name it.
    WaitingTimeSnapshot,
}

impl AuditEntity {
    pub const ALL: [AuditEntity; 13] = [
        AuditEntity::ApiClient,
        AuditEntity::Appointment,
        AuditEntity::Booking,
        AuditEntity::Closure,
        AuditEntity::FaqEntry,
        AuditEntity::Kiosk,
        AuditEntity::Office,
        AuditEntity::OfficeService,
        AuditEntity::OpeningRule,
        AuditEntity::QueueSettings,
        AuditEntity::Service,
        AuditEntity::StaffAccount,
        AuditEntity::WaitingTimeSnapshot,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            AuditEntity::ApiClient => "api_client",
            AuditEntity::Appointment => "appointment",
            AuditEntity::Booking => "booking",
            AuditEntity::Closure => "closure",
            AuditEntity::FaqEntry => "faq_entry",
            AuditEntity::Kiosk => "kiosk",
            AuditEntity::Office => "office",
            AuditEntity::OfficeService => "office_service",
            AuditEntity::OpeningRule => "opening_rule",
            AuditEntity::QueueSettings => "queue_settings",
            AuditEntity::Service => "service",
            AuditEntity::StaffAccount => "staff_account",
            AuditEntity::WaitingTimeSnapshot => "waiting_time_snapshot",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_action_is_named_after_an_entity_and_a_verb() {
        for action in AuditAction::ALL {
            let (entity, verb) = action.as_str().split_once('.').unwrap();
            assert!(!entity.is_empty() && !verb.is_empty(), "{action:?}");
        }
    }

    #[test]
    fn the_stored_words_are_unique() {
        let mut actions: Vec<_> = AuditAction::ALL.iter().map(|a| a.as_str()).collect();
        actions.dedup();
        assert_eq!(actions.len(), AuditAction::ALL.len());
        let entities: std::collections::BTreeSet<_> =
            AuditEntity::ALL.iter().map(|e| e.as_str()).collect();
        assert_eq!(entities.len(), AuditEntity::ALL.len());
    }
}
