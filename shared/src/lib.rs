//! The wire format of Terminvergabe: every JSON body the API sends or accepts.
//!
//! Only serde (and, behind the `openapi` feature, utoipa schema derives) — this crate is
//! compiled into the WASM SPA, so it must never pull in a database or server crate.

pub mod admin; // the staff views: day plan, appointment handling, configuration, statistics, audit
pub mod auth; // staff login, sessions and accounts
pub mod availability; // free days, free start times, next free appointment
pub mod bookings; // holds, booking requests, bookings, cancel and reschedule
pub mod call_queue; // walk-in tickets and checked-in appointments waiting to be called
pub mod challenge; // the proof-of-work challenge for public holds and bookings
pub mod citizen; // what a citizen types (name, email, phone): one set of rules for SPA and server
pub mod faq; // questions and answers of the help page, public and as staff edit them
pub mod format; // dates and times as people read them (de/en), shared by SPA and emails
pub mod ids; // typed identifiers of offices, services, appointments, holds
pub mod locale; // the languages we speak (German first)
pub mod markup; // the tiny safe markup of help texts, parsed into blocks the SPA renders
pub mod offices; // offices with address, contact for urgent matters and opening hours
pub mod portal; // API clients of third-party portals and their webhook events
pub mod problem; // RFC 9457 problem details with stable error codes
pub mod release; // fair release: entries in the draw of a newly released day, the draw
pub mod selection; // `services=<id>:<qty>,…` selections
pub mod services; // the services a citizen can book, with documents to bring
pub mod waitlist; // waiting for a freed appointment: joining, offers, the staff overview
