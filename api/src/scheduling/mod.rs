//! The use cases of booking, on top of the store (data) and the domain (rules): what is free,
//! holding a time, booking, cancelling, rescheduling, activating. Each request has one
//! use-case function that does all of it — emails, webhook events, counted effects — and
//! returns the finished answer; it takes the caller's transaction, and the HTTP handler
//! commits.

pub mod availability; // free days, free times, next free appointment
pub mod booking; // book one or more appointments: the citizen's or a portal's request
pub mod call_queue; // a place in line (walk-in ticket, checked-in appointment), the ticket page
pub mod catalog; // offices and services as citizens see them, in their language
pub mod faq; // the questions and answers of the help page, in the citizen's language
pub mod holds; // keep a time while the citizen types; give it back
pub mod kiosk; // a kiosk at the entrance: its office from its token, walk-in tickets drawn there
pub mod ledger; // claiming and giving back capacity in the lock order
pub mod links; // the public addresses emails and calendar entries link to
pub mod manage; // what a manage token allows: view, calendar, cancel, move; activation
pub mod notifications; // which email a change causes, queued with the change
pub mod plan; // a booking request checked: citizen parsed, every appointment planned
pub mod release; // fair release: a new day drawn among the entries of its window
pub mod setup; // one office's scheduling configuration, loaded in one go
pub mod view; // a booking as its owner sees it, from stored or just-written rows
pub mod waitlist; // waiting for a freed appointment: entries, offers in the order of the line

use crate::error::ApiError;
use crate::store::StoreError;
use chrono::{DateTime, Utc};
use links::Links;
use shared::citizen::Refusal;
use shared::problem::FieldError;

/// What every use case needs besides its transaction and input: the time of the request and
/// where links point to.
#[derive(Debug, Clone, Copy)]
pub struct Context<'a> {
    pub now: DateTime<Utc>,
    pub links: &'a Links,
}

/// What can go wrong in a use case.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("invalid input")]
    Invalid(Vec<FieldError>),
    #[error("not found")]
    NotFound,
    /// Credentials that open nothing (a revoked or unknown kiosk token).
    #[error("unauthorized")]
    Unauthorized,
    /// The capacity is gone (taken meanwhile); the field names the appointment when known.
    #[error("slot taken")]
    SlotTaken(Option<String>),
    /// A business rule refuses the change in the current state.
    #[error("{1}")]
    Conflict(&'static str, String),
    /// The thing existed but its time is over (an expired hold or activation); the field
    /// names the part of the request concerned, when there is one.
    #[error("{1}")]
    Gone(&'static str, String, Option<String>),
    /// The code asked for something it never should (a bug); logged, answered with 500.
    #[error("bug: {0}")]
    Bug(&'static str),
    #[error(transparent)]
    Store(StoreError),
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

impl From<StoreError> for Error {
    fn from(error: StoreError) -> Self {
        match error {
            StoreError::CapacityExceeded => Error::SlotTaken(None),
            other => Error::Store(other),
        }
    }
}

impl From<Error> for ApiError {
    fn from(error: Error) -> Self {
        match error {
            Error::Invalid(errors) => ApiError::Validation(errors),
            Error::NotFound => ApiError::NotFound,
            Error::Unauthorized => ApiError::Unauthorized,
            Error::SlotTaken(field_name) => ApiError::slot_taken(field_name),
            Error::Conflict(code, detail) => ApiError::conflict(code, detail),
            Error::Gone(code, detail, field_name) => ApiError::Gone {
                fields: field_name
                    .map(|f| field(f, code, detail.clone()))
                    .into_iter()
                    .collect(),
                code,
                detail,
            },
            Error::Bug(what) => ApiError::Internal(anyhow::anyhow!("bug: {what}")),
            Error::Store(store) => store.into(),
        }
    }
}

/// A field error from a domain refusal.
pub fn field_error(field: impl Into<String>, refusal: Refusal) -> FieldError {
    FieldError {
        field: field.into(),
        code: refusal.code().to_owned(),
        message: refusal.message().to_owned(),
    }
}

/// A field error with its own code and message.
pub fn field(field: impl Into<String>, code: &str, message: impl Into<String>) -> FieldError {
    FieldError {
        field: field.into(),
        code: code.to_owned(),
        message: message.into(),
    }
}

/// Fails with all collected field errors, if any.
pub fn ensure_valid(errors: Vec<FieldError>) -> Result<()> {
    if errors.is_empty() {
        Ok(())
    } else {
        Err(Error::Invalid(errors))
    }
}
