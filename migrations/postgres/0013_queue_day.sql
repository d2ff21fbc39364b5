-- The whole day of the call queue (issue 16): each office's rules of calling, a citizen parked
-- at the counter (fetching a document), what the counter actually did, and the measured
-- figures the statistics read. PostgreSQL flavour; the SQLite twin in
-- ../sqlite/0013_queue_day.sql must stay equivalent.

-- How an office calls, and how many walk-ins it takes a day. No row: the defaults
-- (appointments due first, late after 15 minutes, no contingent).
CREATE TABLE office_queue_settings (
    office_id          BIGINT      PRIMARY KEY REFERENCES offices (id) ON DELETE CASCADE,
    -- appointments_first: appointments whose start has come before walk-ins;
    -- one_line: appointments join the walk-ins' line at their start.
    priority           TEXT        NOT NULL CHECK (priority IN ('appointments_first', 'one_line')),
    late_after_minutes BIGINT      NOT NULL CHECK (late_after_minutes BETWEEN 0 AND 240),
    -- The daily contingent of walk-in tickets: at most this many, and none from this local
    -- time on. NULL: no limit.
    walk_in_limit      BIGINT      CHECK (walk_in_limit BETWEEN 0 AND 999),
    walk_ins_until     TIME,
    updated_at         TIMESTAMPTZ NOT NULL
);
-- They are configuration: read with the catalogue (migration 0008), whose version they change.
CREATE TRIGGER office_queue_settings_change_catalog
    AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON office_queue_settings
    FOR EACH STATEMENT EXECUTE FUNCTION change_catalog_version();

-- A parked citizen stepped aside (to fetch a document) and is called back by a clerk. The
-- first call is kept for the measured wait (arrival or check-in until the first call); the
-- last call (`called_at`) starts the measured service time.
ALTER TABLE queue_entries DROP CONSTRAINT queue_entries_state_check;
ALTER TABLE queue_entries ADD CONSTRAINT queue_entries_state_check
    CHECK (state IN ('waiting', 'called', 'parked', 'finished', 'no_show'));
ALTER TABLE queue_entries ADD COLUMN first_called_at TIMESTAMPTZ;
ALTER TABLE queue_entries ADD COLUMN parked_at TIMESTAMPTZ;
UPDATE queue_entries SET first_called_at = called_at;
ALTER TABLE queue_entries ADD CONSTRAINT queue_entries_first_call
    CHECK (first_called_at IS NOT NULL OR called_at IS NULL);
ALTER TABLE queue_entries ADD CONSTRAINT queue_entries_parked_since
    CHECK ((state = 'parked') = (parked_at IS NOT NULL));

-- The services a counter actually performed for a finished entry (may differ from those
-- asked for).
CREATE TABLE queue_entry_performed (
    entry_id   BIGINT NOT NULL REFERENCES queue_entries (id) ON DELETE CASCADE,
    service_id BIGINT NOT NULL REFERENCES services (id),
    quantity   BIGINT NOT NULL CHECK (quantity BETWEEN 1 AND 20),
    PRIMARY KEY (entry_id, service_id)
);

-- The daily snapshots of the wait for the next free online appointment give way to the
-- measured waiting and service times of the queue.
DROP TABLE waiting_time_snapshots;

-- Changing an office's rules of calling is audited: the audit log's lists of words grow.
ALTER TABLE audit_log DROP CONSTRAINT audit_log_action_known;
ALTER TABLE audit_log DROP CONSTRAINT audit_log_entity_known;
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
        'kiosk.issued',
        'kiosk.revoked',
        'offer.removed',
        'offer.set',
        'office.created',
        'office.updated',
        'opening_rule.created',
        'opening_rule.deleted',
        'opening_rule.updated',
        'queue_settings.updated',
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
        'kiosk',
        'office',
        'office_service',
        'opening_rule',
        'queue_settings',
        'service',
        'staff_account',
        'waiting_time_snapshot'
    ));
