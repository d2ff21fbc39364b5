-- Third-party portals (state and regional service portals) that book for their users through
-- the API. SQLite flavour; the PostgreSQL twin in ../postgres/0005_portal.sql must stay equivalent.

-- An API client: one portal, managed by administrators. The key is shown once when the client
-- is created; only its SHA-256 hash is kept (`key_prefix` lets people recognise a key in
-- logs and lists without revealing it). A revoked client's key stops working at once.
CREATE TABLE api_clients (
    id                  INTEGER PRIMARY KEY,
    name                TEXT    NOT NULL UNIQUE,
    key_hash            TEXT    NOT NULL UNIQUE,
    key_prefix          TEXT    NOT NULL,
    scopes              TEXT    NOT NULL, -- space-separated: availability:read bookings:write staff:read
    requests_per_minute INTEGER  NOT NULL CHECK (requests_per_minute >= 1),
    -- Where events about the client's bookings are POSTed, and the secret that signs them
    -- (kept in plain text: the server needs it to sign; shown to administrators once).
    webhook_url         TEXT,
    webhook_secret      TEXT,
    created_at          TEXT NOT NULL,
    revoked_at          TEXT,
    CHECK ((webhook_url IS NULL) = (webhook_secret IS NULL))
);

-- The offices a client may work with; none at all means every office.
CREATE TABLE api_client_offices (
    api_client_id INTEGER NOT NULL REFERENCES api_clients (id) ON DELETE CASCADE,
    office_id     INTEGER NOT NULL REFERENCES offices (id) ON DELETE CASCADE,
    PRIMARY KEY (api_client_id, office_id)
);

-- Which portal made a booking (NULL: the citizen in our SPA, or staff).
ALTER TABLE bookings ADD COLUMN api_client_id INTEGER REFERENCES api_clients (id);
CREATE INDEX bookings_by_api_client ON bookings (api_client_id) WHERE api_client_id IS NOT NULL;

-- Webhook events waiting for delivery: written in the same transaction as the change they
-- report, fully rendered, and delivered by a background worker with retries — exactly like
-- the email outbox. Signed at delivery time (the signature covers the delivery timestamp).
CREATE TABLE webhook_deliveries (
    id              INTEGER PRIMARY KEY,
    api_client_id   INTEGER  NOT NULL REFERENCES api_clients (id) ON DELETE CASCADE,
    event_id        TEXT    NOT NULL UNIQUE, -- the `id` in the body, stable across retries
    event_type      TEXT    NOT NULL,
    body            TEXT    NOT NULL,
    status          TEXT    NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'delivered', 'failed')),
    attempts        INTEGER  NOT NULL DEFAULT 0,
    next_attempt_at TEXT NOT NULL, -- also the lease: a worker that takes an event pushes this ahead
    last_error      TEXT,
    created_at      TEXT NOT NULL,
    delivered_at    TEXT
);
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (next_attempt_at) WHERE status = 'pending';
