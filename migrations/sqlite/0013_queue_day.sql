-- The whole day of the call queue (issue 16): each office's rules of calling, a citizen parked
-- at the counter (fetching a document), what the counter actually did, and the measured
-- figures the statistics read. SQLite flavour; the PostgreSQL twin in
-- ../postgres/0013_queue_day.sql must stay equivalent.

-- How an office calls, and how many walk-ins it takes a day. No row: the defaults
-- (appointments due first, late after 15 minutes, no contingent).
CREATE TABLE office_queue_settings (
    office_id          INTEGER PRIMARY KEY REFERENCES offices (id) ON DELETE CASCADE,
    -- appointments_first: appointments whose start has come before walk-ins;
    -- one_line: appointments join the walk-ins' line at their start.
    priority           TEXT    NOT NULL CHECK (priority IN ('appointments_first', 'one_line')),
    late_after_minutes INTEGER NOT NULL CHECK (late_after_minutes BETWEEN 0 AND 240),
    -- The daily contingent of walk-in tickets: at most this many, and none from this local
    -- time on (HH:MM:SS). NULL: no limit.
    walk_in_limit      INTEGER CHECK (walk_in_limit BETWEEN 0 AND 999),
    walk_ins_until     TEXT,
    updated_at         TEXT    NOT NULL
);
-- They are configuration: read with the catalogue (migration 0008), whose version they change.
CREATE TRIGGER office_queue_settings_insert_changes_catalog AFTER INSERT ON office_queue_settings
BEGIN
    UPDATE catalog_version SET version = random() WHERE id = 1;
END;
CREATE TRIGGER office_queue_settings_update_changes_catalog AFTER UPDATE ON office_queue_settings
BEGIN
    UPDATE catalog_version SET version = random() WHERE id = 1;
END;
CREATE TRIGGER office_queue_settings_delete_changes_catalog AFTER DELETE ON office_queue_settings
BEGIN
    UPDATE catalog_version SET version = random() WHERE id = 1;
END;

-- A parked citizen stepped aside (to fetch a document) and is called back by a clerk. The
-- first call is kept for the measured wait (arrival or check-in until the first call); the
-- last call (`called_at`) starts the measured service time. SQLite changes a constraint only
-- by building the table anew; its services move along.
CREATE TABLE queue_entries_day (
    id              INTEGER PRIMARY KEY,
    office_id       INTEGER     NOT NULL REFERENCES offices (id) ON DELETE CASCADE,
    day             TEXT        NOT NULL, -- local to the office
    prefix          TEXT        NOT NULL CHECK (prefix IN ('A', 'T')),
    number          INTEGER     NOT NULL CHECK (number BETWEEN 1 AND 999),
    lane            TEXT        NOT NULL CHECK (lane IN ('appointment', 'walk_in')),
    appointment_id  INTEGER     UNIQUE REFERENCES appointments (id) ON DELETE SET NULL,
    token_hash      TEXT        NOT NULL UNIQUE,
    state           TEXT        NOT NULL DEFAULT 'waiting'
                    CONSTRAINT queue_entries_state_check
                    CHECK (state IN ('waiting', 'called', 'parked', 'finished', 'no_show')),
    queued_at       TEXT        NOT NULL,
    due_at          TEXT        NOT NULL,
    called_at       TEXT,
    counter         TEXT        CHECK (length(counter) BETWEEN 1 AND 40),
    called_by       INTEGER     REFERENCES staff_accounts (id) ON DELETE SET NULL,
    calls           INTEGER     NOT NULL DEFAULT 0 CHECK (calls >= 0),
    finished_at     TEXT,
    first_called_at TEXT,
    parked_at       TEXT,
    UNIQUE (office_id, day, prefix, number),
    CHECK ((state = 'waiting') = (called_at IS NULL)),
    CHECK ((state = 'finished') = (finished_at IS NOT NULL)),
    CONSTRAINT queue_entries_first_call CHECK (first_called_at IS NOT NULL OR called_at IS NULL),
    CONSTRAINT queue_entries_parked_since CHECK ((state = 'parked') = (parked_at IS NOT NULL))
);
INSERT INTO queue_entries_day (id, office_id, day, prefix, number, lane, appointment_id,
                               token_hash, state, queued_at, due_at, called_at, counter,
                               called_by, calls, finished_at, first_called_at)
    SELECT id, office_id, day, prefix, number, lane, appointment_id, token_hash, state,
           queued_at, due_at, called_at, counter, called_by, calls, finished_at, called_at
    FROM queue_entries;
CREATE TABLE queue_entry_services_day (
    entry_id   INTEGER NOT NULL REFERENCES queue_entries_day (id) ON DELETE CASCADE,
    service_id INTEGER NOT NULL REFERENCES services (id),
    quantity   INTEGER NOT NULL CHECK (quantity BETWEEN 1 AND 20),
    PRIMARY KEY (entry_id, service_id)
);
INSERT INTO queue_entry_services_day (entry_id, service_id, quantity)
    SELECT entry_id, service_id, quantity FROM queue_entry_services;
DROP TABLE queue_entry_services;
DROP TABLE queue_entries;
ALTER TABLE queue_entries_day RENAME TO queue_entries;
ALTER TABLE queue_entry_services_day RENAME TO queue_entry_services;
CREATE INDEX queue_entries_waiting ON queue_entries (office_id, day, state, due_at);

-- The services a counter actually performed for a finished entry (may differ from those
-- asked for).
CREATE TABLE queue_entry_performed (
    entry_id   INTEGER NOT NULL REFERENCES queue_entries (id) ON DELETE CASCADE,
    service_id INTEGER NOT NULL REFERENCES services (id),
    quantity   INTEGER NOT NULL CHECK (quantity BETWEEN 1 AND 20),
    PRIMARY KEY (entry_id, service_id)
);

-- The daily snapshots of the wait for the next free online appointment give way to the
-- measured waiting and service times of the queue.
DROP TABLE waiting_time_snapshots;

-- Changing an office's rules of calling is audited: the audit log's lists of words grow
-- (SQLite adds a constraint only by building the table anew, as in 0012).
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
        'queue_settings.updated',
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
        'queue_settings',
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
