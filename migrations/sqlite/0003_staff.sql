-- Staff work: sessions, login throttling, the signing secret, the audit log and the daily
-- waiting-time snapshots of the statistics. SQLite flavour; the PostgreSQL twin in
-- ../postgres/0003_staff.sql must stay equivalent.

-- A disabled account cannot log in, and its sessions stop working at once.
ALTER TABLE staff_accounts ADD COLUMN disabled_at TEXT;

-- One row per login. The refresh token is opaque and random; only its SHA-256 hash is stored.
-- Refreshing rotates the token in place: the previous hash is kept so that a stolen, already
-- rotated token is recognised when it comes back, and then the whole session is revoked.
-- Access tokens (JWTs) name their session (`sid`), so revoking a session ends them too.
CREATE TABLE staff_sessions (
    id                  INTEGER PRIMARY KEY,
    staff_id            INTEGER NOT NULL REFERENCES staff_accounts (id) ON DELETE CASCADE,
    token_hash          TEXT    NOT NULL UNIQUE,
    previous_token_hash TEXT,
    created_at          TEXT    NOT NULL,
    refreshed_at        TEXT    NOT NULL,
    expires_at          TEXT    NOT NULL,
    revoked_at          TEXT
);
CREATE INDEX staff_sessions_by_staff ON staff_sessions (staff_id);
CREATE INDEX staff_sessions_by_previous_token ON staff_sessions (previous_token_hash);

-- Failed logins, counted per account name and per client address over a sliding window, so
-- that the limit holds across server processes. Old rows are purged on the next login.
CREATE TABLE login_failures (
    id        INTEGER PRIMARY KEY,
    username  TEXT    NOT NULL, -- lower-cased, whether or not such an account exists
    client_ip TEXT    NOT NULL,
    failed_at TEXT    NOT NULL
);
CREATE INDEX login_failures_by_username ON login_failures (username, failed_at);
CREATE INDEX login_failures_by_ip ON login_failures (client_ip, failed_at);

-- Secrets the server generates itself, e.g. the JWT signing key when none is configured.
-- The first process to start inserts it; every other process reads the same value.
CREATE TABLE server_secrets (
    name       TEXT PRIMARY KEY,
    value      TEXT NOT NULL,
    created_at TEXT NOT NULL
);

-- Every change staff make, written in the same transaction as the change. `before` and
-- `after` are JSON documents of the changed entity (never password hashes).
CREATE TABLE audit_log (
    id          INTEGER PRIMARY KEY,
    at          TEXT    NOT NULL,
    staff_id    INTEGER REFERENCES staff_accounts (id) ON DELETE SET NULL,
    username    TEXT    NOT NULL, -- kept even if the account is deleted later
    action      TEXT    NOT NULL, -- e.g. 'appointment.status_changed'
    entity      TEXT    NOT NULL, -- e.g. 'appointment'
    entity_id   TEXT,
    office_id   INTEGER,
    before_json TEXT,
    after_json  TEXT
);
CREATE INDEX audit_log_newest_first ON audit_log (at DESC, id DESC);

-- How long a citizen had to wait for the next free online appointment, per office, service
-- and day (the first measurement of the day, or the latest one asked for on demand).
-- Anonymous by construction.
CREATE TABLE waiting_time_snapshots (
    office_id    INTEGER NOT NULL REFERENCES offices (id) ON DELETE CASCADE,
    service_id   INTEGER NOT NULL REFERENCES services (id) ON DELETE CASCADE,
    taken_on     TEXT    NOT NULL, -- local date at the office
    taken_at     TEXT    NOT NULL,
    next_free_at TEXT,             -- NULL: nothing free within the booking horizon
    PRIMARY KEY (office_id, service_id, taken_on)
);
