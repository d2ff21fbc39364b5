//! Cross-cutting HTTP behaviour: every error is problem+json; security headers on every response.

use crate::error::{problem, problem_response};
use actix_web::body::EitherBody;
use actix_web::dev::ServiceResponse;
use actix_web::http::header::{self, HeaderValue};
use actix_web::middleware::{DefaultHeaders, ErrorHandlerResponse, ErrorHandlers};
use shared::problem::PROBLEM_JSON;

/// Rewrites any error response that is not yet problem+json (an unknown route, a wrong method,
/// an extractor's plain-text error) into one, so clients only ever parse one error format.
pub fn problem_for_every_error<B: 'static>() -> ErrorHandlers<B> {
    ErrorHandlers::new().default_handler(|response: ServiceResponse<B>| {
        let is_problem = response
            .headers()
            .get(header::CONTENT_TYPE)
            .is_some_and(|value| value.as_bytes() == PROBLEM_JSON.as_bytes());
        if is_problem {
            return Ok(ErrorHandlerResponse::Response(
                response.map_into_left_body(),
            ));
        }
        let status = response.status();
        let code = match status.as_u16() {
            404 => "not_found",
            405 => "method_not_allowed",
            413 => "payload_too_large",
            415 => "unsupported_media_type",
            400..=499 => "bad_request",
            _ => "internal",
        };
        let (request, original) = response.into_parts();
        let mut replacement = problem_response(&problem(status, code, None, Vec::new()));
        if let Some(allow) = original.headers().get(header::ALLOW) {
            replacement
                .headers_mut()
                .insert(header::ALLOW, allow.clone());
        }
        let response = ServiceResponse::new(request, replacement).map_into_right_body();
        Ok(ErrorHandlerResponse::Response(response))
    })
}

/// Headers that make browsers stricter with everything we serve.
pub fn security_headers() -> DefaultHeaders {
    DefaultHeaders::new()
        .add((
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ))
        .add((
            header::REFERRER_POLICY,
            HeaderValue::from_static("no-referrer"),
        ))
        .add((header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY")))
}

/// Type of the body after [`problem_for_every_error`], for handlers that need to name it.
pub type ProblemBody<B> = EitherBody<B>;
