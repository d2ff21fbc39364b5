-- Defences that hold across instances (issue 14).
--
-- (PostgreSQL also gets `rate_limit_cells` here, request budgets shared by several instances;
-- a SQLite file serves one instance, which counts them in memory.)

-- The login throttle (auth::throttle) counts attempts *before* the password is checked, in
-- one upsert per attempt, so parallel guesses cannot all read the count before any of them
-- wrote it. One row per key — an account at one address ('pair:192.0.2.7|admin'), an address
-- ('address:192.0.2.7'), an account from anywhere ('account:admin') — counting attempts in a
-- window that starts with the first one. Rows whose window ended are deleted by the periodic
-- jobs, so names and addresses are kept for 15 minutes at most.
CREATE TABLE login_throttle (
    key            TEXT   PRIMARY KEY,
    attempts       BIGINT NOT NULL CHECK (attempts >= 0),
    window_ends_at TEXT NOT NULL
);

-- Replaced by login_throttle; it kept every failed login's name and address for ever.
DROP TABLE login_failures;

-- Idempotency records held manage tokens, API keys and webhook secrets in clear for a day.
-- Now the answer is sealed under a key derived from the Idempotency-Key (`domain::sealed`)
-- and found by a value derived the same way. Records written before this release still hold
-- the Idempotency-Key in clear, so the server can seal them: it does so at startup
-- (`store::idempotency::seal_earlier_records`), and until then `sealed` is false.
ALTER TABLE idempotency_keys RENAME COLUMN key TO key_hash;
ALTER TABLE idempotency_keys RENAME COLUMN request_hash TO request_mac;
ALTER TABLE idempotency_keys RENAME COLUMN response_body TO sealed_response;
ALTER TABLE idempotency_keys ADD COLUMN sealed BOOLEAN NOT NULL DEFAULT FALSE;

-- The per-address limit counts a normalised address, so that `erika+1@…` and `Erika@…`
-- share one budget: lower-cased (as `citizen_email` already is), without a `+tag` in the
-- local part (`domain::citizen::EmailAddress::limit_key`). Deleted with the other personal
-- data.
ALTER TABLE bookings ADD COLUMN citizen_email_key TEXT;
UPDATE bookings SET citizen_email_key =
    CASE WHEN instr(citizen_email, '+') BETWEEN 1 AND instr(citizen_email, '@')
         THEN substr(citizen_email, 1, instr(citizen_email, '+') - 1)
              || substr(citizen_email, instr(citizen_email, '@'))
         ELSE citizen_email END
    WHERE citizen_email IS NOT NULL;
DROP INDEX bookings_by_email;
CREATE INDEX bookings_by_email_key ON bookings (citizen_email_key) WHERE citizen_email_key IS NOT NULL;
