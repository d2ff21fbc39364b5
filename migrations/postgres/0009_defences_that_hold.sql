-- Defences that hold across instances (issue 14).
--
-- Request budgets per client address and per API client, shared by every instance on this
-- database (`store::rate_cells`): one row per budget with its theoretical arrival time in
-- microseconds of the database clock (GCRA, see `limits::gcra`). UNLOGGED: budgets are
-- ephemeral, so they need no write-ahead log and are simply empty after a crash. Only
-- PostgreSQL has this table: a SQLite file serves one instance, which counts in memory.
CREATE UNLOGGED TABLE rate_limit_cells (
    key    TEXT   PRIMARY KEY, -- 'browse:192.0.2.7', 'book:2001:db8:1:2::/64', 'portal:3'
    tat_us BIGINT NOT NULL
);
