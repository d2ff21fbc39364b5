//! Fair access: per-address rate limits and the proof-of-work challenge for public holds and
//! bookings. Both can be tuned and switched off per deployment.

use crate::domain::network::ClientKey;
use crate::error::ApiError;
use crate::limits::Budgets;
use crate::limits::proof_of_work::{PowSettings, Refused};
use crate::routes::edge::RequestFacts;
use crate::routes::policy::Budget;
use crate::routes::state::AppState;
use actix_web::body::{EitherBody, MessageBody};
use actix_web::dev::{Payload, ServiceRequest, ServiceResponse};
use actix_web::middleware::Next;
use actix_web::{FromRequest, HttpRequest, HttpResponse, get, web};
use shared::challenge::{Challenge, PROOF_OF_WORK_HEADER};
use std::num::NonZeroU32;
use std::sync::Arc;

/// The per-address budgets of the public API: browsing the catalogue and availability, and a
/// quarter of that for everything that takes or changes capacity (see `routes::policy`).
#[derive(Debug, Clone)]
pub struct RateLimits {
    browse: Option<NonZeroU32>,
    book: Option<NonZeroU32>,
    budgets: Arc<Budgets>,
}

impl RateLimits {
    /// `per_minute` requests per address for browsing, a quarter of it (at least one) for
    /// booking; 0 = no limits.
    pub fn new(per_minute: u32, budgets: Arc<Budgets>) -> RateLimits {
        RateLimits {
            browse: NonZeroU32::new(per_minute),
            book: NonZeroU32::new(per_minute)
                .map(|n| NonZeroU32::new(n.get() / 4).unwrap_or(NonZeroU32::MIN)),
            budgets,
        }
    }

    fn per_minute(&self, budget: Budget) -> Option<NonZeroU32> {
        match budget {
            Budget::Browse => self.browse,
            Budget::Book => self.book,
        }
    }

    /// Takes one request of `client` from `budget`.
    async fn take(&self, budget: Budget, client: ClientKey) -> Result<(), ApiError> {
        let Some(per_minute) = self.per_minute(budget) else {
            return Ok(());
        };
        let key = format!("{}:{client}", budget.as_str());
        self.budgets
            .take(&key, per_minute)
            .await
            .map_err(|exhausted| ApiError::TooManyRequests {
                retry_after_secs: exhausted.retry_after_secs,
            })
    }
}

/// Middleware: answers 429 with `Retry-After` when a client address is over the budget of
/// the route it asks for.
pub async fn rate_limit(
    request: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<EitherBody<impl MessageBody>>, actix_web::Error> {
    let facts = RequestFacts::of(request.request())?;
    // API clients have their own quota instead (see `routes::portal`).
    let portal = super::portal::is_portal_request(request.request());
    let limits = request.app_data::<web::Data<RateLimits>>().cloned();
    if let (Some(limits), Some(budget), false) =
        (limits, facts.policy(request.method()).budget, portal)
        && let Err(refused) = limits.take(budget, facts.client_key()).await
    {
        return Ok(request.error_response(refused).map_into_right_body());
    }
    next.call(request)
        .await
        .map(ServiceResponse::map_into_left_body)
}

/// A fresh challenge to solve before `POST /holds` or `POST /bookings`.
#[utoipa::path(get, path = "/api/v1/challenge", tag = "bookings",
    responses(
        (status = 200, description = "A challenge; `difficulty` 0 means none is needed", body = Challenge),
        (status = 429, description = "Too many requests from this address", body = shared::problem::Problem, content_type = "application/problem+json"),
    ))]
#[get("/challenge")]
pub async fn challenge(state: web::Data<AppState>, pow: web::Data<PowSettings>) -> HttpResponse {
    let issued = pow.issue(state.clock.now());
    HttpResponse::Ok()
        .insert_header((actix_web::http::header::CACHE_CONTROL, "no-store"))
        .json(Challenge {
            token: issued.token,
            difficulty: issued.difficulty,
            expires_at: issued.expires_at,
        })
}

/// The `X-Proof-Of-Work` value of a request.
pub fn proof_of_work_header(request: &HttpRequest) -> Option<String> {
    request
        .headers()
        .get(PROOF_OF_WORK_HEADER)
        .and_then(|value| value.to_str().ok())
        .map(str::to_owned)
}

/// Checks a request's solution (see `PowSettings::redeem`); a refusal says how to solve one.
pub async fn redeem(
    pow: &PowSettings,
    state: &AppState,
    solution: Option<&str>,
) -> Result<(), ApiError> {
    pow.redeem(&state.db, solution, state.clock.now())
        .await
        .map_err(|refused| match refused {
            Refused::Store(store) => store.into(),
            refused => ApiError::Denied {
                code: refused.code(),
                detail: format!(
                    "{refused}; get a challenge from GET /api/v1/challenge and send `{PROOF_OF_WORK_HEADER}: <token>:<nonce>`"
                ),
            },
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
        let solution = proof_of_work_header(request);
        Box::pin(async move {
            let (Some(pow), Some(state)) = (pow, state) else {
                return Err(ApiError::Internal(anyhow::anyhow!(
                    "proof-of-work settings missing"
                )));
            };
            redeem(&pow, &state, solution.as_deref())
                .await
                .map(|()| ProofOfWork)
        })
    }
}
