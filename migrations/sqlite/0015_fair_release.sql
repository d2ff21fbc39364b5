-- Fair release (issue 17): when an office's new day opens at its daily release time,
-- requests in the first `release_window_minutes` are collected as entries instead of being
-- served first come, first served; when the window closes they are drawn in a random order
-- (seeded and recorded) and each gets its first still-free acceptable time.
-- SQLite flavour; the PostgreSQL twin in ../postgres/0015_fair_release.sql must stay equivalent.

-- 0: the office releases its days first come, first served.
ALTER TABLE offices ADD COLUMN release_window_minutes INTEGER NOT NULL DEFAULT 0
    CHECK (release_window_minutes BETWEEN 0 AND 720);

-- One citizen's entry in the draw of one office's newly released day: these services, at
-- one of these local start times ('09:00,09:15'; empty: any time that day). Managed with its
-- own token (only its hash is stored); only entries confirmed before the window closes take
-- part, one per address. What the draw gave it stays: its place in the drawn order and the
-- reference of the booking it got. Personal data is deleted with the row by the retention
-- job.
CREATE TABLE release_entries (
    id                INTEGER PRIMARY KEY,
    public_id         TEXT    NOT NULL UNIQUE,
    token_hash        TEXT    NOT NULL,
    office_id         INTEGER NOT NULL REFERENCES offices (id) ON DELETE CASCADE,
    day               TEXT    NOT NULL,
    status            TEXT    NOT NULL CHECK (status IN ('pending_confirmation', 'entered', 'booked',
                                                         'not_drawn', 'lapsed')),
    locale            TEXT    NOT NULL CHECK (locale IN ('de', 'en')),
    times             TEXT    NOT NULL DEFAULT '',
    citizen_name      TEXT    NOT NULL,
    citizen_email     TEXT    NOT NULL,
    citizen_email_key TEXT    NOT NULL,
    citizen_phone     TEXT,
    entered_at        TEXT    NOT NULL,
    confirmed_at      TEXT,
    draws_at          TEXT    NOT NULL, -- when the window closes
    draw_position     INTEGER,
    booking_reference TEXT,
    CHECK ((confirmed_at IS NULL) = (status IN ('pending_confirmation', 'lapsed'))),
    CHECK ((draw_position IS NULL) = (status IN ('pending_confirmation', 'entered', 'lapsed')))
);
CREATE INDEX release_entries_of_round ON release_entries (office_id, day, id);
-- One address takes part once per draw.
CREATE UNIQUE INDEX release_entries_one_per_address ON release_entries (office_id, day, citizen_email_key)
    WHERE confirmed_at IS NOT NULL;

CREATE TABLE release_entry_services (
    entry_id   INTEGER NOT NULL REFERENCES release_entries (id) ON DELETE CASCADE,
    service_id INTEGER NOT NULL REFERENCES services (id) ON DELETE CASCADE,
    quantity   INTEGER NOT NULL CHECK (quantity BETWEEN 1 AND 20),
    PRIMARY KEY (entry_id, service_id)
);

-- The draw of one office's released day, done once (the primary key is the last word when
-- several server processes close the window at once). `seed` replays the order: the
-- entrants confirmed in time, by id, shuffled by `domain::release::draw_order(seed, n)`.
CREATE TABLE release_draws (
    office_id INTEGER NOT NULL REFERENCES offices (id) ON DELETE CASCADE,
    day       TEXT   NOT NULL,
    seed      TEXT   NOT NULL,
    drawn_at  TEXT    NOT NULL,
    entrants  INTEGER NOT NULL DEFAULT 0,
    booked    INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (office_id, day)
);
