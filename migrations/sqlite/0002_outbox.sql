-- Email that never gets lost. Every message is written here in the same transaction as the
-- change that causes it (a booking, a cancellation, …), fully rendered, and a background
-- worker delivers it with retries. A crash between sending and marking sent means the
-- message is sent again with the same Message-ID: delivery is at least once.

CREATE TABLE outbox (
    id              INTEGER PRIMARY KEY,
    kind            TEXT    NOT NULL, -- confirmation, activation, cancellation, rescheduled, reminder
    booking_id      INTEGER REFERENCES bookings (id) ON DELETE SET NULL,
    recipient       TEXT    NOT NULL,
    subject         TEXT    NOT NULL,
    body_text       TEXT    NOT NULL,
    body_html       TEXT    NOT NULL,
    ics             TEXT,             -- calendar attachment, if any
    ics_method      TEXT,             -- PUBLISH or CANCEL
    message_id      TEXT    NOT NULL UNIQUE,
    status          TEXT    NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'failed')),
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at TEXT    NOT NULL, -- also the lease: a worker that takes a message pushes this ahead
    last_error      TEXT,
    created_at      TEXT    NOT NULL,
    sent_at         TEXT
);
CREATE INDEX outbox_due ON outbox (next_attempt_at) WHERE status = 'pending';

-- Further manage tokens of a booking. The first one is in bookings.manage_token_hash and is
-- returned when booking; every later email with a manage link (confirmation after activation,
-- reminder) carries a fresh token, because only hashes are stored and a token cannot be
-- recovered to be sent again.
CREATE TABLE manage_tokens (
    token_hash TEXT    PRIMARY KEY,
    booking_id INTEGER NOT NULL REFERENCES bookings (id) ON DELETE CASCADE,
    created_at TEXT    NOT NULL
);
CREATE INDEX manage_tokens_by_booking ON manage_tokens (booking_id);

-- When the reminder of an appointment was queued (at most once), and how often the appointment
-- was moved (the SEQUENCE of its calendar event, so calendars take the newest version).
ALTER TABLE appointments ADD COLUMN reminder_queued_at TEXT;
ALTER TABLE appointments ADD COLUMN ics_sequence INTEGER NOT NULL DEFAULT 0;
