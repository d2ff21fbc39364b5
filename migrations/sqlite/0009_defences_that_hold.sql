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
