-- Kiosks (issue 16): a tablet at an office's entrance draws walk-in tickets with a device
-- token that staff issue and revoke, so strangers cannot fill the queue from home. Only the
-- token's hash is stored, as for API keys. SQLite flavour; the PostgreSQL twin in
-- ../postgres/0012_kiosks.sql must stay equivalent.
CREATE TABLE kiosk_devices (
    id           INTEGER PRIMARY KEY,
    office_id    INTEGER NOT NULL REFERENCES offices (id) ON DELETE CASCADE,
    name         TEXT    NOT NULL CHECK (length(name) BETWEEN 1 AND 60),
    token_hash   TEXT    NOT NULL UNIQUE,
    created_by   INTEGER REFERENCES staff_accounts (id) ON DELETE SET NULL,
    created_at   TEXT    NOT NULL,
    last_used_at TEXT,
    revoked_at   TEXT
);
CREATE INDEX kiosk_devices_of_office ON kiosk_devices (office_id);

-- Issuing and revoking a kiosk are audited: the audit log's lists of words grow by them
-- (SQLite adds a constraint only by building the table anew, as in 0010).
CREATE TABLE audit_log_checked (
    id          INTEGER PRIMARY KEY,
    at          TEXT    NOT NULL,
    staff_id    INTEGER REFERENCES staff_accounts (id) ON DELETE SET NULL,
    username    TEXT    NOT NULL,
    action      TEXT    NOT NULL,
    entity      TEXT    NOT NULL,
    entity_id   TEXT,
    office_id   INTEGER,
    before_json TEXT,
    after_json  TEXT,
    CONSTRAINT audit_log_action_known CHECK (action IN (
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
        'kiosk.issued',
        'kiosk.revoked',
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
    )),
    CONSTRAINT audit_log_entity_known CHECK (entity IN (
        'api_client',
        'appointment',
        'booking',
        'closure',
        'faq_entry',
        'kiosk',
        'office',
        'office_service',
        'opening_rule',
        'service',
        'staff_account',
        'waiting_time_snapshot'
    ))
);
INSERT INTO audit_log_checked (id, at, staff_id, username, action, entity, entity_id, office_id,
                               before_json, after_json)
    SELECT id, at, staff_id, username, action, entity, entity_id, office_id, before_json, after_json
    FROM audit_log;
DROP TABLE audit_log;
ALTER TABLE audit_log_checked RENAME TO audit_log;
CREATE INDEX audit_log_newest_first ON audit_log (at DESC, id DESC);
