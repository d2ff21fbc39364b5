//! Terminvergabe: online appointments for citizens' offices.
//!
//! `main.rs` is thin; everything lives here so that tests run the real server on port 0.

pub mod admin; // use cases of the staff views: accounts, audit, day plan, configuration, statistics
pub mod auth; // staff authentication: access tokens, sessions, login throttle, signing key
pub mod background; // what the background loops share: pause, backoff, waking after commits
pub mod call_feed; // the calls the waiting rooms' displays hear: one broadcast per process, fed by commits or LISTEN
pub mod call_listening; // the loop feeding the call feed from PostgreSQL LISTEN
pub mod cli; // the subcommands: serve, migrate, seed-demo, create-staff, openapi
pub mod clock; // the current time, injectable for tests
pub mod config; // typed settings from flags and environment; secrets redacted
pub mod delivery; // the delivery loop of both outboxes: lease, attempt, backoff, give up
pub mod domain; // pure rules without I/O: schedule, holidays, states, tokens, networks
pub mod error; // the API error type → RFC 9457 problem+json
pub mod idempotency; // answers to Idempotency-Key requests, sealed, replayed to the key holder
pub mod jobs; // background work: reminders, sweeping lapsed claims
pub mod limits; // request budgets counted in memory, PostgreSQL or Redis, one rule for all
pub mod mail; // emails (templates, SMTP, the mail courier) and calendar files
pub mod metrics; // Prometheus metrics at /metrics
pub mod portal; // third-party portals at run time: API keys, webhook events and their delivery
pub mod routes; // HTTP: one module per resource; the only place that knows actix-web
pub mod scheduling; // use cases over store + domain: availability, holds, bookings
pub mod startup; // build the app, bind, run, shut down gracefully
pub mod store; // SQLite and PostgreSQL behind one interface
pub mod telemetry; // tracing setup

#[cfg(test)]
mod architecture_tests; // the invariants the source shows: no import circles, HTTP only in routes
