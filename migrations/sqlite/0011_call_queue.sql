-- The call queue (issue 16): walk-in tickets and checked-in appointments wait in one queue per
-- office and day until a clerk calls them to a counter. SQLite flavour; the PostgreSQL twin in
-- ../postgres/0011_call_queue.sql must stay equivalent.
--
-- A ticket's number is short and readable (`A-017`: walk-ins, `T-004`: appointments), counted
-- per office, day and prefix in `ticket_numbers`. The citizen's phone follows the ticket with a
-- secret token, of which only the hash is stored. No personal data lives here: a walk-in needs
-- none, and an appointment's entry points at the appointment.
--
-- Who is called next is decided by the database: a call takes one waiting row and turns it
-- `called` in one statement (SQLite runs one write transaction at a time), so two clerks never call
-- the same citizen.
CREATE TABLE ticket_numbers (
    office_id INTEGER NOT NULL REFERENCES offices (id) ON DELETE CASCADE,
    day       TEXT   NOT NULL, -- local to the office
    prefix    TEXT   NOT NULL CHECK (prefix IN ('A', 'T')),
    last      INTEGER NOT NULL,
    CONSTRAINT ticket_numbers_within_day CHECK (last BETWEEN 1 AND 999),
    PRIMARY KEY (office_id, day, prefix)
);

CREATE TABLE queue_entries (
    id             INTEGER PRIMARY KEY,
    office_id      INTEGER     NOT NULL REFERENCES offices (id) ON DELETE CASCADE,
    day            TEXT        NOT NULL, -- local to the office
    prefix         TEXT        NOT NULL CHECK (prefix IN ('A', 'T')),
    number         INTEGER     NOT NULL CHECK (number BETWEEN 1 AND 999),
    -- Which lane it waits in: an appointment on time, or walk-ins (and appointments that came
    -- too late), in the order they arrived.
    lane           TEXT        NOT NULL CHECK (lane IN ('appointment', 'walk_in')),
    appointment_id INTEGER     UNIQUE REFERENCES appointments (id) ON DELETE SET NULL,
    token_hash     TEXT        NOT NULL UNIQUE,
    state          TEXT        NOT NULL DEFAULT 'waiting'
                               CHECK (state IN ('waiting', 'called', 'finished', 'no_show')),
    queued_at      TEXT        NOT NULL, -- the ticket drawn, or the appointment checked in
    due_at         TEXT        NOT NULL, -- when it is its turn: the appointment's start, else queued_at
    called_at      TEXT,
    counter        TEXT        CHECK (length(counter) BETWEEN 1 AND 40),
    called_by      INTEGER     REFERENCES staff_accounts (id) ON DELETE SET NULL,
    calls          INTEGER     NOT NULL DEFAULT 0 CHECK (calls >= 0),
    finished_at    TEXT,
    UNIQUE (office_id, day, prefix, number),
    CHECK ((state = 'waiting') = (called_at IS NULL)),
    CHECK ((state = 'finished') = (finished_at IS NOT NULL))
);
CREATE INDEX queue_entries_waiting ON queue_entries (office_id, day, state, due_at);

CREATE TABLE queue_entry_services (
    entry_id   INTEGER NOT NULL REFERENCES queue_entries (id) ON DELETE CASCADE,
    service_id INTEGER NOT NULL REFERENCES services (id),
    quantity   INTEGER NOT NULL CHECK (quantity BETWEEN 1 AND 20),
    PRIMARY KEY (entry_id, service_id)
);
