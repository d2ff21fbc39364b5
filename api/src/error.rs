//! The one error type of the HTTP layer, rendered as RFC 9457 problem+json with a stable `code`.
//! Internal errors are logged with their cause chain and never shown to clients.

use crate::routes::edge::canonical_path::PathRefusal;
use crate::store::StoreError;
use actix_web::http::StatusCode;
use actix_web::http::header::{self, HeaderValue};
use actix_web::{HttpResponse, ResponseError};
use shared::problem::{FieldError, PROBLEM_JSON, Problem};

pub type Result<T, E = ApiError> = std::result::Result<T, E>;

#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    /// One or more fields are invalid (422 `validation_failed`).
    #[error("validation failed")]
    Validation(Vec<FieldError>),
    /// The request cannot be read at all (400).
    #[error("{detail}")]
    BadRequest { code: &'static str, detail: String },
    /// A request path without one canonical spelling (400 `invalid_path`, or 414
    /// `uri_too_long`); see `routes::edge::canonical_path`.
    #[error("{0}")]
    PathRefused(PathRefusal),
    /// Not found, or not yours: deliberately the same answer (404 `not_found`).
    #[error("not found")]
    NotFound,
    /// Credentials missing or wrong (401 `unauthorized`).
    #[error("unauthorized")]
    Unauthorized,
    /// An `X-Api-Key` that is unknown or revoked (401 `invalid_api_key`).
    #[error("invalid api key")]
    InvalidApiKey,
    /// A login with a wrong username or password — deliberately the same answer for both
    /// (401 `invalid_credentials`).
    #[error("invalid credentials")]
    InvalidCredentials,
    /// Authenticated, but not allowed (403 `forbidden`).
    #[error("forbidden")]
    Forbidden,
    /// Refused for a stated reason (403), e.g. `pow_required`.
    #[error("{detail}")]
    Denied { code: &'static str, detail: String },
    /// A state-changing request authenticated by cookie without the matching CSRF token
    /// (403 `csrf_rejected`).
    #[error("csrf token missing or wrong")]
    CsrfRejected,
    /// A business rule conflicts with the current state (409), e.g. `slot_taken`; `fields`
    /// names the parts of the request concerned, where known (`appointments[1].start`).
    #[error("{detail}")]
    Conflict {
        code: &'static str,
        detail: String,
        fields: Vec<FieldError>,
    },
    /// Something existed but is gone for good (410), e.g. `hold_expired`.
    #[error("{detail}")]
    Gone {
        code: &'static str,
        detail: String,
        fields: Vec<FieldError>,
    },
    /// The transaction lost a database race (409 `contention`); `routes::retry` runs the
    /// request again, and a client may too.
    #[error("contention")]
    Contention,
    /// Too many requests (429); clients retry after the given seconds.
    #[error("too many requests")]
    TooManyRequests { retry_after_secs: u64 },
    /// An API client over its own request quota (429 `quota_exceeded`); it retries after the
    /// given seconds.
    #[error("api client quota exceeded")]
    QuotaExceeded { retry_after_secs: u64 },
    /// The database cannot be reached right now (503).
    #[error("service unavailable")]
    Unavailable(#[source] StoreError),
    /// A bug or an unexpected failure (500). Logged, never shown.
    #[error("internal error")]
    Internal(#[source] anyhow::Error),
}

impl ApiError {
    pub fn bad_request(code: &'static str, detail: impl Into<String>) -> Self {
        ApiError::BadRequest {
            code,
            detail: detail.into(),
        }
    }

    pub fn conflict(code: &'static str, detail: impl Into<String>) -> Self {
        ApiError::Conflict {
            code,
            detail: detail.into(),
            fields: Vec::new(),
        }
    }

    /// `409 slot_taken`, the one answer for a time someone else took meanwhile; `field` names
    /// the appointment concerned when known (`appointments[1].start`).
    pub fn slot_taken(field: Option<String>) -> Self {
        let message = "this time was taken meanwhile";
        ApiError::Conflict {
            code: "slot_taken",
            detail: format!("{message}; please choose another one"),
            fields: field
                .map(|field| FieldError {
                    field,
                    code: "slot_taken".to_owned(),
                    message: message.to_owned(),
                })
                .into_iter()
                .collect(),
        }
    }

    /// A single invalid field.
    pub fn invalid(field: impl Into<String>, code: &str, message: impl Into<String>) -> Self {
        ApiError::Validation(vec![FieldError {
            field: field.into(),
            code: code.to_owned(),
            message: message.into(),
        }])
    }

    /// The stable code clients translate.
    pub fn code(&self) -> &'static str {
        match self {
            ApiError::Validation(_) => "validation_failed",
            ApiError::BadRequest { code, .. }
            | ApiError::Denied { code, .. }
            | ApiError::Conflict { code, .. }
            | ApiError::Gone { code, .. } => code,
            ApiError::PathRefused(PathRefusal::TooLong) => "uri_too_long",
            ApiError::PathRefused(_) => "invalid_path",
            ApiError::NotFound => "not_found",
            ApiError::Unauthorized => "unauthorized",
            ApiError::InvalidCredentials => "invalid_credentials",
            ApiError::InvalidApiKey => "invalid_api_key",
            ApiError::Forbidden => "forbidden",
            ApiError::CsrfRejected => "csrf_rejected",
            ApiError::Contention => "contention",
            ApiError::TooManyRequests { .. } => "rate_limited",
            ApiError::QuotaExceeded { .. } => "quota_exceeded",
            ApiError::Unavailable(_) => "service_unavailable",
            ApiError::Internal(_) => "internal",
        }
    }

    fn detail(&self) -> Option<String> {
        match self {
            ApiError::Contention => {
                Some("too many changes at the same moment; please try again".into())
            }
            ApiError::BadRequest { detail, .. }
            | ApiError::Denied { detail, .. }
            | ApiError::Conflict { detail, .. }
            | ApiError::Gone { detail, .. } => Some(detail.clone()),
            ApiError::PathRefused(refusal) => Some(refusal.to_string()),
            ApiError::Validation(errors) => Some(
                errors
                    .iter()
                    .map(|e| format!("{}: {}", e.field, e.message))
                    .collect::<Vec<_>>()
                    .join("; "),
            ),
            _ => None,
        }
    }

    pub fn to_problem(&self) -> Problem {
        let status = self.status_code();
        problem(status, self.code(), self.detail(), self.field_errors())
    }

    fn field_errors(&self) -> Vec<FieldError> {
        match self {
            ApiError::Validation(errors)
            | ApiError::Conflict { fields: errors, .. }
            | ApiError::Gone { fields: errors, .. } => errors.clone(),
            _ => Vec::new(),
        }
    }
}

/// Builds a problem document; `title` is the HTTP reason phrase.
pub fn problem(
    status: StatusCode,
    code: &str,
    detail: Option<String>,
    errors: Vec<FieldError>,
) -> Problem {
    Problem {
        problem_type: format!("urn:terminvergabe:problem:{code}"),
        title: status.canonical_reason().unwrap_or("Error").to_owned(),
        status: status.as_u16(),
        detail,
        code: code.to_owned(),
        errors,
    }
}

/// Serialises a problem as `application/problem+json`.
pub fn problem_response(problem: &Problem) -> HttpResponse {
    let status = StatusCode::from_u16(problem.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    HttpResponse::build(status)
        .insert_header((header::CONTENT_TYPE, HeaderValue::from_static(PROBLEM_JSON)))
        .json(problem)
}

impl ResponseError for ApiError {
    fn status_code(&self) -> StatusCode {
        match self {
            ApiError::Validation(_) => StatusCode::UNPROCESSABLE_ENTITY,
            ApiError::BadRequest { .. } => StatusCode::BAD_REQUEST,
            ApiError::PathRefused(PathRefusal::TooLong) => StatusCode::URI_TOO_LONG,
            ApiError::PathRefused(_) => StatusCode::BAD_REQUEST,
            ApiError::NotFound => StatusCode::NOT_FOUND,
            ApiError::Unauthorized | ApiError::InvalidCredentials | ApiError::InvalidApiKey => {
                StatusCode::UNAUTHORIZED
            }
            ApiError::Forbidden | ApiError::Denied { .. } | ApiError::CsrfRejected => {
                StatusCode::FORBIDDEN
            }
            ApiError::Conflict { .. } | ApiError::Contention => StatusCode::CONFLICT,
            ApiError::Gone { .. } => StatusCode::GONE,
            ApiError::TooManyRequests { .. } | ApiError::QuotaExceeded { .. } => {
                StatusCode::TOO_MANY_REQUESTS
            }
            ApiError::Unavailable(_) => StatusCode::SERVICE_UNAVAILABLE,
            ApiError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    fn error_response(&self) -> HttpResponse {
        match self {
            ApiError::Internal(cause) => {
                tracing::error!(error = format!("{cause:#}"), "internal error");
            }
            ApiError::Unavailable(cause) => {
                tracing::warn!(error = %cause, "database unavailable");
            }
            _ => {}
        }
        let mut response = problem_response(&self.to_problem());
        if let ApiError::TooManyRequests { retry_after_secs }
        | ApiError::QuotaExceeded { retry_after_secs } = self
        {
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(*retry_after_secs));
        }
        response
    }
}

impl From<StoreError> for ApiError {
    fn from(error: StoreError) -> Self {
        match error {
            StoreError::Unavailable(_) => ApiError::Unavailable(error),
            StoreError::CapacityExceeded => ApiError::slot_taken(None),
            StoreError::Contention => ApiError::Contention,
            other => ApiError::Internal(other.into()),
        }
    }
}
