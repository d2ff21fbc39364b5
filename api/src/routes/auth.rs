//! `/api/v1/auth/…`: staff login, refresh, logout, who am I, change password.
//!
//! Login and refresh answer with the tokens in the body (for API clients) or only as cookies
//! (for the SPA, which asks for `transport: cookies` and refreshes with the cookie): the
//! access and refresh tokens HttpOnly and SameSite=Strict, the CSRF token readable by the SPA.
//! Cookies are `Secure` when the public URL is https.

use super::defences::{self, proof_of_work_header};
use super::edge::RequestFacts;
use super::retry;
use super::staff_auth::{StaffAuth, csrf_matches};
use crate::admin::accounts;
use crate::auth::access_token::{ACCESS_TOKEN_LIFETIME, Subject};
use crate::auth::sessions::{self, REFRESH_TOKEN_LIFETIME, RefreshGrant};
use crate::auth::throttle::{self, AttemptKeys};
use crate::domain::password;
use crate::domain::staff::StaffIdentity;
use crate::domain::tokens::new_secret_token;
use crate::error::{ApiError, Result};
use crate::limits::proof_of_work::PowSettings;
use crate::routes::state::AppState;
use actix_web::cookie::{Cookie, SameSite, time};
use actix_web::{HttpRequest, HttpResponse, get, post, web};
use chrono::{DateTime, Utc};
use shared::auth::{
    ACCESS_COOKIE, CSRF_COOKIE, ChangePassword, LoginRequest, REFRESH_COOKIE, RefreshRequest,
    SessionTransport, StaffAccount, StaffSession,
};
use shared::problem::Problem;

/// Verifies a password against a hash (or the dummy hash) off the async worker threads.
async fn verify_password(password: String, stored: Option<String>) -> Result<bool> {
    web::block(move || password::verify_or_waste_time(&password, stored.as_deref()))
        .await
        .map_err(|error| ApiError::Internal(error.into()))
}

async fn hash_password(password: String) -> Result<String> {
    web::block(move || password::hash(&password))
        .await
        .map_err(|error| ApiError::Internal(error.into()))?
        .map_err(ApiError::Internal)
}

fn cookie(
    name: &'static str,
    value: String,
    path: &'static str,
    http_only: bool,
    secure: bool,
    max_age: chrono::Duration,
) -> Cookie<'static> {
    Cookie::build(name, value)
        .path(path)
        .http_only(http_only)
        .secure(secure)
        .same_site(SameSite::Strict)
        .max_age(time::Duration::seconds(max_age.num_seconds()))
        .finish()
}

const ACCESS_COOKIE_PATH: &str = "/api";
const REFRESH_COOKIE_PATH: &str = "/api/v1/auth";
const CSRF_COOKIE_PATH: &str = "/";

/// Issues an access token for the session and answers with both tokens: in the body, or
/// (for the SPA) only in cookies.
fn session_response(
    state: &AppState,
    identity: &StaffIdentity,
    account: StaffAccount,
    grant: RefreshGrant,
    transport: SessionTransport,
    now: DateTime<Utc>,
) -> Result<HttpResponse> {
    let (access_token, expires_at) = state
        .signing_keys
        .issue(
            Subject {
                staff_id: identity.id,
                session_id: grant.session_id,
                role: identity.role.as_str(),
                offices: &identity.offices,
            },
            now,
        )
        .map_err(ApiError::Internal)?;
    let csrf_token = new_secret_token();
    let mut response = HttpResponse::Ok();
    response.insert_header((actix_web::http::header::CACHE_CONTROL, "no-store"));
    let in_body = match transport {
        SessionTransport::Body => true,
        SessionTransport::Cookies => {
            let secure = state.secure_cookies;
            response
                .cookie(cookie(
                    ACCESS_COOKIE,
                    access_token.clone(),
                    ACCESS_COOKIE_PATH,
                    true,
                    secure,
                    ACCESS_TOKEN_LIFETIME,
                ))
                .cookie(cookie(
                    REFRESH_COOKIE,
                    grant.refresh_token.clone(),
                    REFRESH_COOKIE_PATH,
                    true,
                    secure,
                    REFRESH_TOKEN_LIFETIME,
                ))
                .cookie(cookie(
                    CSRF_COOKIE,
                    csrf_token.clone(),
                    CSRF_COOKIE_PATH,
                    false,
                    secure,
                    REFRESH_TOKEN_LIFETIME,
                ));
            false
        }
    };
    Ok(response.json(StaffSession {
        access_token: in_body.then_some(access_token),
        token_type: "Bearer".into(),
        expires_at,
        refresh_token: in_body.then_some(grant.refresh_token),
        refresh_expires_at: grant.expires_at,
        csrf_token,
        account,
    }))
}

/// Removes the three cookies.
fn signed_out(mut response: HttpResponse) -> HttpResponse {
    for (name, path) in [
        (ACCESS_COOKIE, ACCESS_COOKIE_PATH),
        (REFRESH_COOKIE, REFRESH_COOKIE_PATH),
        (CSRF_COOKIE, CSRF_COOKIE_PATH),
    ] {
        let cookie = Cookie::build(name, "").path(path).finish();
        let _ = response.add_removal_cookie(&cookie);
    }
    response
}

/// Logs a staff member in. A wrong password and an unknown (or disabled) username get the
/// same answer after the same work. The attempt is counted before the password is checked
/// (see `auth::throttle`): 5 for an account from one address, or 20 failures from one address,
/// within 15 minutes give 429 with `Retry-After`; after 10 failures for an account from
/// anywhere, its login needs a proof of work.
#[utoipa::path(post, path = "/api/v1/auth/login", tag = "staff auth", request_body = LoginRequest,
    params(("X-Proof-Of-Work" = Option<String>, Header, description = "`token:nonce`, needed after repeated failures for the account (403 `pow_required` says so)")),
    responses(
        (status = 200, description = "Logged in; with `transport: cookies` the tokens are only in the cookies (`tv_access`, `tv_refresh` HttpOnly; `tv_csrf` for the X-CSRF-Token header)", body = StaffSession),
        (status = 401, description = "`invalid_credentials`: unknown username or wrong password (the same answer)", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "`pow_required` (or `pow_invalid`, `pow_expired`, `pow_reused`): this account failed often lately; solve a challenge", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "`rate_limited`: too many attempts; see `Retry-After`", body = Problem, content_type = "application/problem+json"),
    ))]
#[post("/auth/login")]
pub async fn login(
    state: web::Data<AppState>,
    pow: web::Data<PowSettings>,
    facts: RequestFacts,
    request: HttpRequest,
    body: web::Json<LoginRequest>,
) -> Result<HttpResponse> {
    let LoginRequest {
        username,
        password,
        transport,
    } = body.into_inner();
    let username = username.trim().to_owned();
    let keys = AttemptKeys::new(&username, facts.client_key());
    let now = state.clock.now();
    let needs_proof = {
        let mut tx = state.db.begin_read().await?;
        throttle::needs_proof_of_work(&mut tx, &keys, now).await?
    };
    if needs_proof {
        defences::redeem(&pow, &state, proof_of_work_header(&request).as_deref()).await?;
    }
    count_attempt(&state, &keys).await?;
    let account = {
        let mut tx = state.db.begin_read().await?;
        accounts::login_candidate(&mut tx, &username).await?
    };
    let stored = account.as_ref().map(|(_, hash)| hash.clone());
    let verified = verify_password(password, stored).await?;
    let signed_in = retry::in_transaction(&state.db, async |tx| {
        let identity = match &account {
            Some((id, _)) if verified => accounts::identity(tx, *id).await?,
            _ => None,
        };
        let Some(identity) = identity else {
            return Ok(None);
        };
        throttle::succeeded(tx, &keys).await?;
        let grant = sessions::start(tx, identity.id, now).await?;
        let view = accounts::account(tx, identity.id).await?;
        Ok(Some((identity, view, grant)))
    })
    .await?;
    let Some((identity, view, grant)) = signed_in else {
        tracing::info!("staff login failed");
        return Err(ApiError::InvalidCredentials);
    };
    tracing::info!(staff_id = identity.id, "staff logged in");
    session_response(&state, &identity, view, grant, transport, now)
}

/// Counts a password attempt before the password is checked (see `auth::throttle`); 429 when
/// it is one too many.
async fn count_attempt(state: &AppState, keys: &AttemptKeys) -> Result<()> {
    let now = state.clock.now();
    let wait = retry::in_transaction(&state.db, async |tx| {
        Ok(throttle::count_attempt(tx, keys, now).await?)
    })
    .await?;
    match wait {
        Some(retry_after_secs) => Err(ApiError::TooManyRequests { retry_after_secs }),
        None => Ok(()),
    }
}

/// Exchanges the refresh token (from the body, or else the `tv_refresh` cookie together with
/// the CSRF header) for a new access token and a new refresh token. The old refresh token is
/// used up; presenting it again revokes the session.
#[utoipa::path(post, path = "/api/v1/auth/refresh", tag = "staff auth", request_body(content = Option<RefreshRequest>),
    responses(
        (status = 200, description = "New tokens (and cookies)", body = StaffSession),
        (status = 401, description = "Unknown, expired, revoked or reused refresh token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "`csrf_rejected`: the refresh cookie came without the matching X-CSRF-Token", body = Problem, content_type = "application/problem+json"),
    ))]
#[post("/auth/refresh")]
pub async fn refresh(
    state: web::Data<AppState>,
    request: HttpRequest,
    body: Option<web::Json<RefreshRequest>>,
) -> Result<HttpResponse> {
    let from_body = body.and_then(|b| b.into_inner().refresh_token);
    let (presented, transport) = match from_body {
        Some(token) => (token, SessionTransport::Body),
        None => {
            let cookie = request
                .cookie(REFRESH_COOKIE)
                .ok_or(ApiError::Unauthorized)?;
            if !csrf_matches(&request) {
                return Err(ApiError::CsrfRejected);
            }
            (cookie.value().to_owned(), SessionTransport::Cookies)
        }
    };
    let now = state.clock.now();
    let (identity, view, grant) = retry::on_contention(async || {
        let mut tx = state.db.begin().await?;
        let Some(grant) = sessions::refresh(&mut tx, &presented, now).await? else {
            // A reused token revoked its session: that must stick.
            tx.commit().await?;
            return Err(ApiError::Unauthorized);
        };
        let Some(identity) = accounts::identity(&mut tx, grant.staff_id).await? else {
            sessions::end(&mut tx, grant.session_id, now).await?;
            tx.commit().await?;
            return Err(ApiError::Unauthorized);
        };
        let view = accounts::account(&mut tx, identity.id).await?;
        tx.commit().await?;
        Ok((identity, view, grant))
    })
    .await?;
    session_response(&state, &identity, view, grant, transport, now)
}

/// Ends the session: its refresh token and every access token of it stop working at once.
#[utoipa::path(post, path = "/api/v1/auth/logout", tag = "staff auth",
    security(("staff_token" = [])),
    responses(
        (status = 204, description = "Logged out; the cookies are removed"),
        (status = 401, description = "Not logged in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "`csrf_rejected`", body = Problem, content_type = "application/problem+json"),
    ))]
#[post("/auth/logout")]
pub async fn logout(state: web::Data<AppState>, auth: StaffAuth) -> Result<HttpResponse> {
    retry::in_transaction(&state.db, async |tx| {
        Ok(sessions::end(tx, auth.session_id, state.clock.now()).await?)
    })
    .await?;
    Ok(signed_out(HttpResponse::NoContent().finish()))
}

/// The logged-in account.
#[utoipa::path(get, path = "/api/v1/auth/me", tag = "staff auth",
    security(("staff_token" = [])),
    responses(
        (status = 200, description = "The account", body = StaffAccount),
        (status = 401, description = "Not logged in", body = Problem, content_type = "application/problem+json"),
    ))]
#[get("/auth/me")]
pub async fn me(state: web::Data<AppState>, auth: StaffAuth) -> Result<HttpResponse> {
    let mut tx = state.db.begin_read().await?;
    let account = accounts::account(&mut tx, auth.identity.id).await?;
    Ok(HttpResponse::Ok().json(account))
}

/// Changes the own password (the current one is needed). Other sessions of the account end.
#[utoipa::path(post, path = "/api/v1/auth/password", tag = "staff auth", request_body = ChangePassword,
    security(("staff_token" = [])),
    responses(
        (status = 204, description = "Changed"),
        (status = 401, description = "Not logged in", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`wrong_password` for the current password, or the new one is `password_too_short` or `password_too_weak` (common or guessable)", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too many wrong passwords", body = Problem, content_type = "application/problem+json"),
    ))]
#[post("/auth/password")]
pub async fn change_password(
    state: web::Data<AppState>,
    facts: RequestFacts,
    auth: StaffAuth,
    body: web::Json<ChangePassword>,
) -> Result<HttpResponse> {
    let ChangePassword {
        current_password,
        new_password,
    } = body.into_inner();
    if let Err(refused) = password::check(&new_password, &auth.identity.username) {
        return Err(ApiError::invalid(
            "new_password",
            refused.code(),
            refused.to_string(),
        ));
    }
    let now = state.clock.now();
    let keys = AttemptKeys::new(&auth.identity.username, facts.client_key());
    count_attempt(&state, &keys).await?;
    let stored = {
        let mut tx = state.db.begin_read().await?;
        accounts::password_hash(&mut tx, auth.identity.id).await?
    };
    if !verify_password(current_password, stored).await? {
        return Err(ApiError::invalid(
            "current_password",
            "wrong_password",
            "the current password is not right",
        ));
    }
    let new_hash = hash_password(new_password).await?;
    retry::in_transaction(&state.db, async |tx| {
        throttle::succeeded(tx, &keys).await?;
        let (identity, session) = (&auth.identity, auth.session_id);
        Ok(accounts::set_password(tx, identity, now, session, &new_hash).await?)
    })
    .await?;
    Ok(HttpResponse::NoContent().finish())
}
