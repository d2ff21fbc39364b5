-- The waitlist (issue 17): citizens who found nothing that fits wait in line, in the order
-- they confirmed their address, and freed appointments are offered to them one at a time.
-- SQLite flavour; the PostgreSQL twin in ../postgres/0014_waitlist.sql must stay equivalent.

-- How long an offered appointment is kept for the citizen it is offered to; 0: the office
-- keeps no waitlist. Services say whether they take waiters at all.
ALTER TABLE offices ADD COLUMN waitlist_offer_minutes INTEGER NOT NULL DEFAULT 30
    CHECK (waitlist_offer_minutes = 0 OR waitlist_offer_minutes BETWEEN 5 AND 1440);
ALTER TABLE services ADD COLUMN waitlist BOOLEAN NOT NULL DEFAULT TRUE;

-- One citizen waiting for one appointment with these services at one of these offices, on
-- a day in [earliest, latest] (local), on these weekdays (empty: any), starting in
-- [from_time, until_time) (NULL: any time). Managed with its own token (only its hash is
-- stored), confirmed by email before it takes a place in line. `queued_at` is that place:
-- set on confirmation and moved to the back after an offer was declined or lapsed. Personal
-- data is deleted with the row by the retention job.
CREATE TABLE waitlist_entries (
    id                INTEGER PRIMARY KEY,
    public_id         TEXT    NOT NULL UNIQUE,
    token_hash        TEXT    NOT NULL,
    status            TEXT    NOT NULL CHECK (status IN ('pending_confirmation', 'waiting', 'offered',
                                                         'booked', 'left', 'expired')),
    locale            TEXT    NOT NULL CHECK (locale IN ('de', 'en')),
    earliest          TEXT    NOT NULL,
    latest            TEXT    NOT NULL CHECK (latest >= earliest),
    weekdays          TEXT    NOT NULL DEFAULT '', -- 'mon,tue'; empty: any
    from_time         TEXT,
    until_time        TEXT,
    citizen_name      TEXT    NOT NULL,
    citizen_email     TEXT    NOT NULL,
    citizen_email_key TEXT    NOT NULL, -- what the per-address limit counts
    citizen_phone     TEXT,
    joined_at         TEXT    NOT NULL,
    confirm_by        TEXT    NOT NULL,
    queued_at         TEXT,
    ended_at          TEXT,   -- booked, left or expired
    CHECK ((from_time IS NULL) = (until_time IS NULL)),
    CHECK (from_time IS NULL OR from_time < until_time),
    CHECK ((status = 'pending_confirmation') = (queued_at IS NULL)),
    CHECK ((status IN ('booked', 'left', 'expired')) = (ended_at IS NOT NULL))
);
CREATE INDEX waitlist_entries_in_line ON waitlist_entries (queued_at, id) WHERE status = 'waiting';
CREATE INDEX waitlist_entries_by_email ON waitlist_entries (citizen_email_key)
    WHERE status IN ('pending_confirmation', 'waiting', 'offered');

CREATE TABLE waitlist_entry_services (
    entry_id   INTEGER NOT NULL REFERENCES waitlist_entries (id) ON DELETE CASCADE,
    service_id INTEGER NOT NULL REFERENCES services (id) ON DELETE CASCADE,
    quantity   INTEGER NOT NULL CHECK (quantity BETWEEN 1 AND 20),
    PRIMARY KEY (entry_id, service_id)
);

-- The offices whose appointments the entry takes, fixed when it is made ("any" becomes every
-- office that offered all its services and kept a waitlist then).
CREATE TABLE waitlist_entry_offices (
    entry_id  INTEGER NOT NULL REFERENCES waitlist_entries (id) ON DELETE CASCADE,
    office_id INTEGER NOT NULL REFERENCES offices (id) ON DELETE CASCADE,
    PRIMARY KEY (entry_id, office_id)
);
CREATE INDEX waitlist_entry_offices_by_office ON waitlist_entry_offices (office_id, entry_id);

-- An appointment offered to an entry. Its capacity is claimed in the ledger by an appointment
-- held until `expires_at` (a hold like any other, lapsing by itself; the booking's appointment
-- once accepted). Only the hash of the offer's own token is stored. An entry has at most one
-- open offer; a stored 'open' past `expires_at` is lapsed, whether or not a job said so yet.
CREATE TABLE waitlist_offers (
    id             INTEGER PRIMARY KEY,
    public_id      TEXT    NOT NULL UNIQUE,
    entry_id       INTEGER NOT NULL REFERENCES waitlist_entries (id) ON DELETE CASCADE,
    office_id      INTEGER NOT NULL REFERENCES offices (id) ON DELETE CASCADE,
    appointment_id INTEGER NOT NULL UNIQUE REFERENCES appointments (id) ON DELETE CASCADE,
    token_hash     TEXT    NOT NULL,
    status         TEXT    NOT NULL CHECK (status IN ('open', 'accepted', 'declined', 'lapsed')),
    offered_at     TEXT    NOT NULL,
    expires_at     TEXT    NOT NULL CHECK (expires_at > offered_at),
    decided_at     TEXT,
    CHECK ((status = 'open') = (decided_at IS NULL))
);
CREATE UNIQUE INDEX waitlist_offers_one_open_per_entry ON waitlist_offers (entry_id) WHERE status = 'open';
CREATE INDEX waitlist_offers_by_office ON waitlist_offers (office_id, offered_at);
