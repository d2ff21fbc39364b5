-- Fair access and privacy.

-- (The signing key of proof-of-work challenges lives in server_secrets, see 0003.)

-- Proof-of-work challenges that were used: each solves exactly one request. Rows are purged
-- once the challenge has expired anyway.
CREATE TABLE pow_redemptions (
    challenge_id TEXT PRIMARY KEY,
    expires_at   TEXT NOT NULL
);

-- Staggered release: a day that enters the booking horizon becomes bookable at this local
-- time of day instead of at midnight (NULL = midnight).
ALTER TABLE offices ADD COLUMN daily_release_time TEXT;

-- When a booking's personal data was deleted (retention, or at once when cancelled).
ALTER TABLE bookings ADD COLUMN personal_data_deleted_at TEXT;
