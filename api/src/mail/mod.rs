//! What we send citizens: emails (rendered into the outbox, delivered by a worker) and calendar
//! files.

pub mod ics; // RFC 5545 calendar files, one event per appointment
pub mod templates; // the emails in German and English, text and HTML
pub mod transport; // SMTP (lettre) or the dev mailbox of .eml files
pub mod waitlist; // the waitlist's emails: confirm an entry, an offered appointment
pub mod worker; // the mail courier: sends one queued email (`delivery` runs the loop)
