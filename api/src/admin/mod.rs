//! The use cases of the staff views, on top of store, domain and scheduling: accounts, the
//! audit log, the day plan, handling appointments, configuration, statistics. Like
//! `scheduling`, every function takes the caller's transaction; the HTTP handler commits.

pub mod accounts; // staff accounts: view, create, change, disable, password
pub mod api_clients; // API clients of portals: create (key shown once), change, revoke
pub mod appointments; // status changes, cancelling by the office, booking on behalf
pub mod audit; // recording staff changes and reading the log
pub mod configuration; // offices, services, offers, opening rules, closures; affected appointments
pub mod day_plan; // appointments of a day or week, search, capacity per hour
pub mod faq; // editing the help page's questions and answers, audited
pub mod statistics; // anonymous counts per day, utilisation, CSV
pub mod waiting_times; // daily snapshots of the wait for the next free appointment
