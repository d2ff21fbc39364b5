//! Fair access: per-IP rate limits and the proof-of-work challenge for public holds and
//! bookings. Both can be tuned and switched off per deployment.

use crate::domain::pow;
use crate::error::ApiError;
use crate::startup::AppState;
use crate::store::secrets;
use actix_web::body::MessageBody;
use actix_web::dev::{Payload, ServiceRequest, ServiceResponse};
use actix_web::middleware::Next;
use actix_web::{FromRequest, HttpRequest, HttpResponse, get, web};
use governor::clock::{Clock as _, DefaultClock};
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};
use shared::challenge::{Challenge, PROOF_OF_WORK_HEADER};
use std::net::IpAddr;
use std::num::NonZeroU32;
use std::sync::Arc;

/// How long a challenge may be used.
const CHALLENGE_LIFETIME_MINUTES: i64 = 5;

/// Per-IP limiters: one for reading the catalogue and availability, a stricter one for
/// everything that takes or changes capacity.
#[derive(Debug, Clone, Default)]
pub struct RateLimits {
    reads: Option<Arc<DefaultKeyedRateLimiter<IpAddr>>>,
    writes: Option<Arc<DefaultKeyedRateLimiter<IpAddr>>>,
}

impl RateLimits {
    /// `per_minute` reads per IP, a quarter of it (at least one) for writes; 0 = no limits.
    pub fn new(per_minute: u32) -> RateLimits {
        let limiter =
            |n: u32| NonZeroU32::new(n).map(|n| Arc::new(RateLimiter::keyed(Quota::per_minute(n))));
        RateLimits {
            reads: limiter(per_minute),
            writes: limiter(if per_minute == 0 {
                0
            } else {
                (per_minute / 4).max(1)
            }),
        }
    }

    /// Forgets idle clients (called by the periodic jobs so memory stays bounded).
    pub fn forget_idle(&self) {
        for limiter in [&self.reads, &self.writes].into_iter().flatten() {
            limiter.retain_recent();
            limiter.shrink_to_fit();
        }
    }

    fn limiter_for(
        &self,
        method: &actix_web::http::Method,
        path: &str,
    ) -> Option<&DefaultKeyedRateLimiter<IpAddr>> {
        let rest = path.strip_prefix("/api/v1/")?;
        let public_read =
            rest.starts_with("availability/") || rest == "offices" || rest == "services";
        let public_write =
            rest == "challenge" || rest.starts_with("holds") || rest.starts_with("bookings");
        match (method.as_str(), public_read, public_write) {
            ("GET", true, _) => self.reads.as_deref(),
            (_, _, true) => self.writes.as_deref(),
            _ => None,
        }
    }
}

/// Middleware: answers 429 with `Retry-After` when a client IP is over its budget.
pub async fn rate_limit(
    request: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let limits = request.app_data::<web::Data<RateLimits>>().cloned();
    let ip = request.peer_addr().map(|addr| addr.ip());
    // API clients have their own quota instead (see `routes::portal`).
    let portal = super::portal::is_portal_request(request.request());
    if let (Some(limits), Some(ip), false) = (limits, ip, portal)
        && let Some(limiter) = limits.limiter_for(request.method(), request.path())
        && let Err(not_until) = limiter.check_key(&ip)
    {
        let wait = not_until.wait_time_from(DefaultClock::default().now());
        let retry_after_secs = wait.as_secs() + u64::from(wait.subsec_nanos() > 0);
        return Err(ApiError::TooManyRequests {
            retry_after_secs: retry_after_secs.max(1),
        }
        .into());
    }
    next.call(request).await
}

/// The proof-of-work settings of this server.
#[derive(Debug, Clone)]
pub struct PowSettings {
    pub difficulty: u32,
    pub secret: Vec<u8>,
}

impl PowSettings {
    /// Loads (or creates, once for all processes) the signing secret.
    pub async fn load(
        db: &crate::store::Db,
        difficulty: u32,
        now: chrono::DateTime<chrono::Utc>,
    ) -> anyhow::Result<PowSettings> {
        let mut tx = db.begin().await?;
        let fresh = crate::domain::tokens::new_secret_token();
        let secret = secrets::get_or_create(&mut tx, "pow_signing_key", &fresh, now).await?;
        tx.commit().await?;
        Ok(PowSettings {
            difficulty,
            secret: secret.into_bytes(),
        })
    }
}

/// A fresh challenge to solve before `POST /holds` or `POST /bookings`.
#[utoipa::path(get, path = "/api/v1/challenge", tag = "bookings",
    responses(
        (status = 200, description = "A challenge; `difficulty` 0 means none is needed", body = Challenge),
        (status = 429, description = "Too many requests from this address", body = shared::problem::Problem, content_type = "application/problem+json"),
    ))]
#[get("/challenge")]
pub async fn challenge(state: web::Data<AppState>, pow: web::Data<PowSettings>) -> HttpResponse {
    let issued = pow::issue(
        &pow.secret,
        pow.difficulty,
        state.clock.now(),
        chrono::Duration::minutes(CHALLENGE_LIFETIME_MINUTES),
    );
    HttpResponse::Ok()
        .insert_header((actix_web::http::header::CACHE_CONTROL, "no-store"))
        .json(Challenge {
            token: issued.token,
            difficulty: issued.difficulty,
            expires_at: issued.expires_at,
        })
}

/// Proof that the client did the work (or that none is required: difficulty 0, or a request
/// authenticated by an API key). Extracting it checks the solution and uses the challenge up.
#[derive(Debug, Clone, Copy)]
pub struct ProofOfWork;

impl FromRequest for ProofOfWork {
    type Error = ApiError;
    type Future = futures::future::LocalBoxFuture<'static, Result<Self, ApiError>>;

    fn from_request(request: &HttpRequest, _: &mut Payload) -> Self::Future {
        if super::portal::is_portal_request(request) {
            return Box::pin(async { Ok(ProofOfWork) });
        }
        let pow = request.app_data::<web::Data<PowSettings>>().cloned();
        let state = request.app_data::<web::Data<AppState>>().cloned();
        let solution = request
            .headers()
            .get(PROOF_OF_WORK_HEADER)
            .and_then(|value| value.to_str().ok())
            .map(str::to_owned);
        Box::pin(async move {
            let (Some(pow), Some(state)) = (pow, state) else {
                return Err(ApiError::Internal(anyhow::anyhow!(
                    "proof-of-work settings missing"
                )));
            };
            if pow.difficulty == 0 {
                return Ok(ProofOfWork);
            }
            let refuse = |code: &'static str, detail: &str| ApiError::Denied {
                code,
                detail: format!(
                    "{detail}; get a challenge from GET /api/v1/challenge and send `{PROOF_OF_WORK_HEADER}: <token>:<nonce>`"
                ),
            };
            let solution = solution
                .ok_or_else(|| refuse("pow_required", "this request needs a proof of work"))?;
            let now = state.clock.now();
            let verified =
                pow::verify(&pow.secret, &solution, pow.difficulty, now).map_err(|error| {
                    match error {
                        pow::PowError::Expired => refuse("pow_expired", "the challenge expired"),
                        other => refuse("pow_invalid", &other.to_string()),
                    }
                })?;
            let mut tx = state.db.begin().await?;
            if !secrets::redeem_challenge(&mut tx, &verified.challenge_id, verified.expires_at)
                .await?
            {
                return Err(refuse("pow_reused", "this challenge was already used"));
            }
            tx.commit().await?;
            Ok(ProofOfWork)
        })
    }
}
