//! Request parts every resource needs: the language, the bearer token, the idempotency key,
//! a kiosk's device token.

use crate::domain::call_queue::KioskToken;
use crate::error::ApiError;
use actix_web::dev::Payload;
use actix_web::http::header;
use actix_web::{FromRequest, HttpRequest};
use shared::call_queue::KIOSK_TOKEN_HEADER;
use shared::locale::Locale;
use std::future::{Ready, ready};

/// The language of the response: `?lang=de|en`, else `Accept-Language`, else German.
#[derive(Debug, Clone, Copy)]
pub struct RequestLocale(pub Locale);

impl FromRequest for RequestLocale {
    type Error = ApiError;
    type Future = Ready<Result<Self, ApiError>>;

    fn from_request(request: &HttpRequest, _: &mut Payload) -> Self::Future {
        let from_query = url::form_urlencoded::parse(request.query_string().as_bytes())
            .find(|(key, _)| key == "lang")
            .map(|(_, value)| value.into_owned());
        if let Some(lang) = from_query {
            return ready(Locale::from_tag(&lang).map(RequestLocale).ok_or_else(|| {
                ApiError::invalid("lang", "unsupported_language", "use lang=de or lang=en")
            }));
        }
        let from_header = request
            .headers()
            .get(header::ACCEPT_LANGUAGE)
            .and_then(|value| value.to_str().ok())
            .and_then(|value| {
                value
                    .split(',')
                    .filter_map(|part| Locale::from_tag(part.split(';').next().unwrap_or("")))
                    .next()
            });
        ready(Ok(RequestLocale(from_header.unwrap_or_default())))
    }
}

/// `Authorization: Bearer <token>`; missing or malformed → 401.
#[derive(Debug, Clone)]
pub struct BearerToken(pub String);

impl FromRequest for BearerToken {
    type Error = ApiError;
    type Future = Ready<Result<Self, ApiError>>;

    fn from_request(request: &HttpRequest, _: &mut Payload) -> Self::Future {
        let token = request
            .headers()
            .get(header::AUTHORIZATION)
            .and_then(|value| value.to_str().ok())
            .and_then(|value| value.strip_prefix("Bearer "))
            .map(str::trim)
            .filter(|token| !token.is_empty() && token.len() <= 512);
        ready(
            token
                .map(|t| BearerToken(t.to_owned()))
                .ok_or(ApiError::Unauthorized),
        )
    }
}

/// The optional `Idempotency-Key` header: 1–255 visible ASCII characters.
#[derive(Debug, Clone)]
pub struct IdempotencyKey(pub Option<String>);

pub const IDEMPOTENCY_KEY_HEADER: &str = "Idempotency-Key";

impl FromRequest for IdempotencyKey {
    type Error = ApiError;
    type Future = Ready<Result<Self, ApiError>>;

    fn from_request(request: &HttpRequest, _: &mut Payload) -> Self::Future {
        let Some(value) = request.headers().get(IDEMPOTENCY_KEY_HEADER) else {
            return ready(Ok(IdempotencyKey(None)));
        };
        let key = value.to_str().ok().map(str::trim).filter(|key| {
            (1..=255).contains(&key.len()) && key.chars().all(|c| c.is_ascii_graphic())
        });
        ready(
            key.map(|key| IdempotencyKey(Some(key.to_owned())))
                .ok_or_else(|| {
                    ApiError::bad_request(
                        "invalid_idempotency_key",
                        "Idempotency-Key must be 1 to 255 visible ASCII characters",
                    )
                }),
        )
    }
}

/// The `X-Kiosk-Token` of a kiosk, if one that is shaped like a token was sent (anything else
/// opens nothing, like a missing one).
#[derive(Debug, Clone)]
pub struct KioskCredential(pub Option<KioskToken>);

impl FromRequest for KioskCredential {
    type Error = ApiError;
    type Future = Ready<Result<Self, ApiError>>;

    fn from_request(request: &HttpRequest, _: &mut Payload) -> Self::Future {
        let token = request
            .headers()
            .get(KIOSK_TOKEN_HEADER)
            .and_then(|value| value.to_str().ok())
            .and_then(KioskToken::parse);
        ready(Ok(KioskCredential(token)))
    }
}
