-- Terminvergabe schema, SQLite flavour. The PostgreSQL twin in ../postgres/ must stay
-- equivalent: same tables, columns, constraints and meaning; only the types differ.
--
-- Conventions: instants (`*_at`, `unit_start`) are UTC timestamps; dates and times of day
-- are local to the office's time zone; statuses are lower-case words checked by a constraint.

-- A citizens' office and the rules under which it takes online bookings.
CREATE TABLE offices (
    id                               INTEGER PRIMARY KEY,
    code                             TEXT    NOT NULL UNIQUE CHECK (length(code) BETWEEN 1 AND 4), -- prefix of booking references ("PW")
    name                             TEXT    NOT NULL,
    address                          TEXT    NOT NULL,
    time_zone                        TEXT    NOT NULL DEFAULT 'Europe/Berlin',
    state                            TEXT    NOT NULL DEFAULT 'NW', -- German state whose public holidays apply
    phone                            TEXT    NOT NULL, -- for urgent matters, which are not for online booking
    email                            TEXT    NOT NULL,
    notice_de                        TEXT    NOT NULL DEFAULT '',
    notice_en                        TEXT    NOT NULL DEFAULT '',
    horizon_days                     INTEGER NOT NULL DEFAULT 60  CHECK (horizon_days BETWEEN 1 AND 730),
    min_notice_minutes               INTEGER NOT NULL DEFAULT 60  CHECK (min_notice_minutes >= 0),
    hold_minutes                     INTEGER NOT NULL DEFAULT 10  CHECK (hold_minutes BETWEEN 1 AND 120),
    max_open_appointments_per_email  INTEGER NOT NULL DEFAULT 3   CHECK (max_open_appointments_per_email >= 1),
    activation_required              BOOLEAN NOT NULL DEFAULT FALSE,
    activation_deadline_minutes      INTEGER NOT NULL DEFAULT 120 CHECK (activation_deadline_minutes >= 1),
    cancellation_cooldown_minutes    INTEGER NOT NULL DEFAULT 0   CHECK (cancellation_cooldown_minutes >= 0)
);

-- What a citizen can book. Texts come in German and English.
CREATE TABLE services (
    id              INTEGER PRIMARY KEY,
    name_de         TEXT    NOT NULL,
    name_en         TEXT    NOT NULL,
    description_de  TEXT    NOT NULL DEFAULT '',
    description_en  TEXT    NOT NULL DEFAULT '',
    fees_de         TEXT    NOT NULL DEFAULT '',
    fees_en         TEXT    NOT NULL DEFAULT '',
    max_quantity    INTEGER NOT NULL DEFAULT 1 CHECK (max_quantity BETWEEN 1 AND 20),
    online_bookable BOOLEAN NOT NULL DEFAULT TRUE,
    position        INTEGER NOT NULL DEFAULT 0 -- display order
);

-- The documents to bring for a service, in display order.
CREATE TABLE service_documents (
    service_id INTEGER NOT NULL REFERENCES services (id) ON DELETE CASCADE,
    position   INTEGER NOT NULL,
    text_de    TEXT    NOT NULL,
    text_en    TEXT    NOT NULL,
    PRIMARY KEY (service_id, position)
);

-- Which office offers which service, and how many consecutive slot units one of it takes there.
CREATE TABLE office_services (
    office_id  INTEGER NOT NULL REFERENCES offices (id) ON DELETE CASCADE,
    service_id INTEGER NOT NULL REFERENCES services (id) ON DELETE CASCADE,
    units      INTEGER NOT NULL CHECK (units BETWEEN 1 AND 32),
    PRIMARY KEY (office_id, service_id)
);

-- When an office is open: on `weekdays` (e.g. 'mon,tue,thu') between `opens` and `closes`,
-- cut into slots of `slot_minutes`, served at `counters` counters of which `offline_counters`
-- are kept for phone and counter bookings by staff.
CREATE TABLE opening_rules (
    id               INTEGER PRIMARY KEY,
    office_id        INTEGER NOT NULL REFERENCES offices (id) ON DELETE CASCADE,
    weekdays         TEXT    NOT NULL,
    valid_from       TEXT,            -- first day the rule applies (inclusive); NULL = always
    valid_until      TEXT,            -- last day the rule applies (inclusive); NULL = open-ended
    opens            TEXT    NOT NULL, -- local time of day, HH:MM:SS
    closes           TEXT    NOT NULL,
    slot_minutes     INTEGER NOT NULL CHECK (slot_minutes BETWEEN 1 AND 480),
    counters         INTEGER NOT NULL CHECK (counters BETWEEN 1 AND 1000),
    offline_counters INTEGER NOT NULL DEFAULT 0 CHECK (offline_counters BETWEEN 0 AND counters)
);
CREATE INDEX opening_rules_by_office ON opening_rules (office_id);

-- Days (or parts of days, when the times are set) on which an office is closed, beyond the
-- public holidays, which are computed from the office's state.
CREATE TABLE closures (
    id         INTEGER PRIMARY KEY,
    office_id  INTEGER NOT NULL REFERENCES offices (id) ON DELETE CASCADE,
    starts_on  TEXT    NOT NULL,
    ends_on    TEXT    NOT NULL CHECK (ends_on >= starts_on),
    from_time  TEXT,  -- NULL with until_time NULL: whole days
    until_time TEXT,
    reason     TEXT    NOT NULL DEFAULT '',
    CHECK ((from_time IS NULL) = (until_time IS NULL))
);
CREATE INDEX closures_by_office ON closures (office_id, ends_on);

-- A citizen's booking: one or more appointments under one reference and one manage token.
-- Only a SHA-256 hash of each token is stored. Personal data is nulled by the retention job.
CREATE TABLE bookings (
    id                    INTEGER PRIMARY KEY,
    reference             TEXT    NOT NULL UNIQUE,
    manage_token_hash     TEXT    NOT NULL,
    activation_token_hash TEXT,
    status                TEXT    NOT NULL CHECK (status IN ('pending_activation', 'confirmed', 'cancelled', 'expired')),
    locale                TEXT    NOT NULL CHECK (locale IN ('de', 'en')),
    citizen_name          TEXT,
    citizen_email         TEXT,   -- lower-cased, for the per-address limit
    citizen_phone         TEXT,
    created_at            TEXT    NOT NULL,
    activation_deadline   TEXT
);

-- An appointment claims consecutive slot units at one office. It starts life either as a hold
-- (status 'held', no booking yet, `expires_at` set) or directly inside a booking.
-- `channel` says whose capacity it uses: 'online' (citizens, portals) or 'staff' (may also
-- use the counters kept off the online channel).
CREATE TABLE appointments (
    id            INTEGER PRIMARY KEY,
    booking_id    INTEGER REFERENCES bookings (id) ON DELETE CASCADE,
    hold_id       TEXT    UNIQUE,
    office_id     INTEGER NOT NULL REFERENCES offices (id),
    start_at      TEXT    NOT NULL,
    end_at        TEXT    NOT NULL CHECK (end_at > start_at),
    channel       TEXT    NOT NULL CHECK (channel IN ('online', 'staff')),
    status        TEXT    NOT NULL CHECK (status IN ('held', 'pending_activation', 'booked', 'checked_in',
                                                      'completed', 'no_show', 'cancelled_by_citizen',
                                                      'cancelled_by_office', 'expired')),
    expires_at    TEXT,   -- held / pending_activation: when the claim lapses if nothing happens
    released_at   TEXT,   -- when its capacity was given back (cancelled, expired)
    cancel_reason TEXT,
    CHECK ((status = 'held') = (booking_id IS NULL))
);
CREATE INDEX appointments_by_office_start ON appointments (office_id, start_at);
CREATE INDEX appointments_by_booking ON appointments (booking_id);
CREATE INDEX appointments_lapsing ON appointments (office_id, expires_at) WHERE expires_at IS NOT NULL AND released_at IS NULL;

CREATE TABLE appointment_services (
    appointment_id INTEGER NOT NULL REFERENCES appointments (id) ON DELETE CASCADE,
    service_id     INTEGER NOT NULL REFERENCES services (id),
    quantity       INTEGER NOT NULL CHECK (quantity >= 1),
    PRIMARY KEY (appointment_id, service_id)
);

-- Exactly which slot units an appointment counted in `slot_usage`, so that releasing it gives
-- back the same units even if the opening rules changed in between.
CREATE TABLE appointment_units (
    appointment_id INTEGER NOT NULL REFERENCES appointments (id) ON DELETE CASCADE,
    unit_start     TEXT    NOT NULL,
    PRIMARY KEY (appointment_id, unit_start)
);

-- The capacity ledger: per office and slot unit, how many claims each channel holds, and the
-- capacity in force when it was last claimed. The CHECK is what makes a double booking
-- impossible: two concurrent claims on the last counter serialise on this row, and the second
-- fails the constraint instead of overbooking. Releases only decrement, so a row never holds
-- more than its capacity.
CREATE TABLE slot_usage (
    office_id       INTEGER NOT NULL REFERENCES offices (id) ON DELETE CASCADE,
    unit_start      TEXT    NOT NULL,
    online_used     INTEGER NOT NULL DEFAULT 0,
    staff_used      INTEGER NOT NULL DEFAULT 0,
    online_capacity INTEGER NOT NULL,
    total_capacity  INTEGER NOT NULL,
    PRIMARY KEY (office_id, unit_start),
    CONSTRAINT slot_usage_within_capacity CHECK (
        online_used >= 0 AND staff_used >= 0
        AND online_used <= online_capacity
        AND online_used + staff_used <= total_capacity
    )
);

-- Results of POST requests sent with an Idempotency-Key, so that a retry returns the original
-- answer instead of booking twice. Purged after a day.
CREATE TABLE idempotency_keys (
    scope           TEXT    NOT NULL,  -- which endpoint
    key             TEXT    NOT NULL,
    request_hash    TEXT    NOT NULL,  -- a reused key with a different body is refused
    response_status INTEGER NOT NULL,
    response_body   TEXT    NOT NULL,
    created_at      TEXT    NOT NULL,
    PRIMARY KEY (scope, key)
);

-- Staff accounts for the admin views. Passwords are argon2id hashes (PHC strings).
CREATE TABLE staff_accounts (
    id            INTEGER PRIMARY KEY,
    username      TEXT    NOT NULL UNIQUE,
    password_hash TEXT    NOT NULL,
    role          TEXT    NOT NULL CHECK (role IN ('admin', 'manager', 'clerk')),
    created_at    TEXT    NOT NULL
);

-- The offices a manager or clerk works for (admins see all offices).
CREATE TABLE staff_offices (
    staff_id  INTEGER NOT NULL REFERENCES staff_accounts (id) ON DELETE CASCADE,
    office_id INTEGER NOT NULL REFERENCES offices (id) ON DELETE CASCADE,
    PRIMARY KEY (staff_id, office_id)
);
