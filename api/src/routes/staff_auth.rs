//! The authenticated staff account of a request. Accepted are `Authorization: Bearer <JWT>`
//! or the access cookie; a state-changing request authenticated by cookie must also echo the
//! CSRF cookie in `X-CSRF-Token` (double submit), so another site cannot make the browser
//! send it. The session and account are looked up on every request, so logging out,
//! disabling an account or changing its offices takes effect at once.

use crate::admin::accounts;
use crate::domain::staff::{Capability, StaffIdentity};
use crate::error::ApiError;
use crate::routes::state::AppState;
use actix_web::dev::Payload;
use actix_web::http::{Method, header};
use actix_web::{FromRequest, HttpRequest, web};
use futures::future::LocalBoxFuture;
use shared::auth::{ACCESS_COOKIE, CSRF_COOKIE, CSRF_HEADER};

/// A staff account, authenticated for this request.
#[derive(Debug, Clone)]
pub struct StaffAuth {
    pub identity: StaffIdentity,
    /// The login session the access token belongs to.
    pub session_id: i64,
}

impl StaffAuth {
    /// 403 unless the account may do `capability` at `office_id`.
    pub fn require(&self, capability: Capability, office_id: i64) -> Result<(), ApiError> {
        if self.identity.may(capability, office_id) {
            Ok(())
        } else {
            Err(ApiError::Forbidden)
        }
    }

    /// 403 unless the account is an administrator.
    pub fn require_admin(&self) -> Result<(), ApiError> {
        if self.identity.is_admin() {
            Ok(())
        } else {
            Err(ApiError::Forbidden)
        }
    }
}

impl FromRequest for StaffAuth {
    type Error = ApiError;
    type Future = LocalBoxFuture<'static, Result<Self, ApiError>>;

    fn from_request(request: &HttpRequest, _: &mut Payload) -> Self::Future {
        let request = request.clone();
        Box::pin(async move { authenticate(&request).await })
    }
}

fn bearer(request: &HttpRequest) -> Option<String> {
    request
        .headers()
        .get(header::AUTHORIZATION)?
        .to_str()
        .ok()?
        .strip_prefix("Bearer ")
        .map(|token| token.trim().to_owned())
        .filter(|token| !token.is_empty() && token.len() <= 4096)
}

/// Whether the request's method can change state (everything but GET, HEAD, OPTIONS).
fn changes_state(method: &Method) -> bool {
    !matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS)
}

/// True when `X-CSRF-Token` equals the CSRF cookie (compared in constant time).
pub fn csrf_matches(request: &HttpRequest) -> bool {
    let Some(cookie) = request.cookie(CSRF_COOKIE) else {
        return false;
    };
    let Some(header) = request
        .headers()
        .get(CSRF_HEADER)
        .and_then(|value| value.to_str().ok())
    else {
        return false;
    };
    let (a, b) = (cookie.value().as_bytes(), header.as_bytes());
    !a.is_empty() && a.len() == b.len() && a.iter().zip(b).fold(0, |acc, (x, y)| acc | (x ^ y)) == 0
}

async fn authenticate(request: &HttpRequest) -> Result<StaffAuth, ApiError> {
    let state = request
        .app_data::<web::Data<AppState>>()
        .ok_or_else(|| ApiError::Internal(anyhow::anyhow!("application state missing")))?;
    let (token, by_cookie) = match bearer(request) {
        Some(token) => (token, false),
        None => match request.cookie(ACCESS_COOKIE) {
            Some(cookie) => (cookie.value().to_owned(), true),
            None => return Err(ApiError::Unauthorized),
        },
    };
    let now = state.clock.now();
    let claims = state
        .signing_keys
        .verify(&token, now)
        .ok_or(ApiError::Unauthorized)?;
    let staff_id = claims.staff_id().ok_or(ApiError::Unauthorized)?;
    if by_cookie && changes_state(request.method()) && !csrf_matches(request) {
        return Err(ApiError::CsrfRejected);
    }
    let mut tx = state.db.begin_read().await?;
    let identity = accounts::identity_of_session(&mut tx, claims.sid, staff_id, now)
        .await?
        .ok_or(ApiError::Unauthorized)?;
    Ok(StaffAuth {
        identity,
        session_id: claims.sid,
    })
}
