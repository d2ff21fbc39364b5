-- Fair access and privacy.

-- Secrets the server generates once and all its processes share (e.g. the key that signs
-- proof-of-work challenges), unless an operator configures one.
CREATE TABLE server_secrets (
    name       TEXT PRIMARY KEY,
    value      TEXT NOT NULL,
    created_at TIMESTAMPTZ NOT NULL
);

-- Proof-of-work challenges that were used: each solves exactly one request. Rows are purged
-- once the challenge has expired anyway.
CREATE TABLE pow_redemptions (
    challenge_id TEXT PRIMARY KEY,
    expires_at   TIMESTAMPTZ NOT NULL
);

-- Staggered release: a day that enters the booking horizon becomes bookable at this local
-- time of day instead of at midnight (NULL = midnight).
ALTER TABLE offices ADD COLUMN daily_release_time TIME;

-- When a booking's personal data was deleted (retention, or at once when cancelled).
ALTER TABLE bookings ADD COLUMN personal_data_deleted_at TIMESTAMPTZ;
