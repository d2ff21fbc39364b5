-- Typed states (issue 15): the audit log's action and entity become words of a closed set,
-- like the states of bookings and appointments (0001): a CHECK constraint lists them, and the
-- server reads them into enums (`domain::audit`), so an unknown word is an error, never a
-- silent default. Adding an action means a migration that widens the list.
ALTER TABLE audit_log ADD CONSTRAINT audit_log_action_known CHECK (action IN (
        'api_client.created',
        'api_client.revoked',
        'api_client.updated',
        'api_client.updated_with_new_webhook_secret',
        'appointment.cancelled_by_office',
        'appointment.status_changed',
        'booking.created_by_staff',
        'closure.created',
        'closure.deleted',
        'faq_entry.created',
        'faq_entry.deleted',
        'faq_entry.reordered',
        'faq_entry.updated',
        'offer.removed',
        'offer.set',
        'office.created',
        'office.updated',
        'opening_rule.created',
        'opening_rule.deleted',
        'opening_rule.updated',
        'service.created',
        'service.updated',
        'staff.created',
        'staff.disabled',
        'staff.password_changed',
        'staff.updated',
        'waiting_times.measured'
    ));
ALTER TABLE audit_log ADD CONSTRAINT audit_log_entity_known CHECK (entity IN (
        'api_client',
        'appointment',
        'booking',
        'closure',
        'faq_entry',
        'office',
        'office_service',
        'opening_rule',
        'service',
        'staff_account',
        'waiting_time_snapshot'
    ));
