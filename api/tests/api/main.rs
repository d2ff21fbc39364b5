//! One integration-test binary: every test starts the real server on port 0 with its own fresh
//! database — SQLite by default, PostgreSQL with `TERMINVERGABE_TEST_BACKEND=postgres` — and
//! talks to it through the typed client, in the same wire types the SPA uses.

mod availability;
mod booking;
mod call_display;
mod call_queue;
mod concurrency;
mod defences;
mod email;
mod faq;
mod faults;
mod foundation;
mod helpers;
mod kiosks;
mod portal_keys;
mod portal_webhooks;
mod privacy;
mod queue_day;
mod raw_http;
mod release;
mod reverse_proxy;
mod route_defences;
mod shared_budgets;
mod staff_auth;
mod staff_config;
mod staff_day;
mod staff_stats;
mod waitlist;
