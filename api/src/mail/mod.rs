//! What we send citizens: calendar files now; confirmation emails and their outbox later.

pub mod ics; // RFC 5545 calendar files, one event per appointment
