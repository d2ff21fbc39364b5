//! Requests of third-party portals: the API key in `X-Api-Key` is checked before anything
//! else (unknown or revoked → 401 `invalid_api_key`), the client's own quota applies (429
//! `quota_exceeded` with `Retry-After`; counted in memory per server process), and the
//! endpoint's scope is required (403 `scope_missing`). The identified client then rides in the
//! request's extensions: the per-IP rate limit and the proof of work step aside for it, and
//! handlers check its offices through [`PortalClient`].

use crate::domain::portal::{KeyAccess, PortalIdentity, required_scope};
use crate::domain::staff::Capability;
use crate::error::ApiError;
use crate::portal;
use crate::routes::staff_auth::StaffAuth;
use crate::startup::AppState;
use actix_web::body::MessageBody;
use actix_web::dev::{Payload, ServiceRequest, ServiceResponse};
use actix_web::middleware::Next;
use actix_web::{FromRequest, HttpMessage, HttpRequest, web};
use futures::future::LocalBoxFuture;
use governor::clock::{Clock as _, DefaultClock};
use governor::{DefaultDirectRateLimiter, Quota, RateLimiter};
use shared::portal::{API_KEY_HEADER, ApiScope};
use std::collections::HashMap;
use std::future::{Ready, ready};
use std::num::NonZeroU32;
use std::sync::{Arc, Mutex};

/// Each client's request quota, in memory per server process: with several processes behind
/// a load balancer a client may get up to that many times its quota.
#[derive(Debug, Default)]
pub struct PortalQuotas {
    limiters: Mutex<HashMap<i64, (u32, Arc<DefaultDirectRateLimiter>)>>,
}

impl PortalQuotas {
    /// Counts one request of `client`; 429 `quota_exceeded` when it is over its quota. A
    /// changed quota takes effect with a fresh budget.
    pub fn check(&self, client: &PortalIdentity) -> Result<(), ApiError> {
        let per_minute = NonZeroU32::new(client.requests_per_minute).unwrap_or(NonZeroU32::MIN);
        let limiter = {
            let mut limiters = self
                .limiters
                .lock()
                .map_err(|_| ApiError::Internal(anyhow::anyhow!("quota table poisoned")))?;
            let entry = limiters.entry(client.id).or_insert_with(|| {
                (
                    per_minute.get(),
                    Arc::new(RateLimiter::direct(Quota::per_minute(per_minute))),
                )
            });
            if entry.0 != per_minute.get() {
                *entry = (
                    per_minute.get(),
                    Arc::new(RateLimiter::direct(Quota::per_minute(per_minute))),
                );
            }
            entry.1.clone()
        };
        limiter.check().map_err(|not_until| {
            let wait = not_until.wait_time_from(DefaultClock::default().now());
            ApiError::QuotaExceeded {
                retry_after_secs: (wait.as_secs() + u64::from(wait.subsec_nanos() > 0)).max(1),
            }
        })
    }
}

/// Middleware: identifies the API client of a request that carries `X-Api-Key`, applies its
/// quota and the endpoint's scope. Requests without the header pass unchanged.
pub async fn authenticate(
    request: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let Some(raw) = request.headers().get(API_KEY_HEADER) else {
        return next.call(request).await;
    };
    let key = raw
        .to_str()
        .ok()
        .map(str::trim)
        .filter(|key| !key.is_empty() && key.len() <= 256)
        .ok_or(ApiError::InvalidApiKey)?
        .to_owned();
    let state = request
        .app_data::<web::Data<AppState>>()
        .cloned()
        .ok_or_else(|| ApiError::Internal(anyhow::anyhow!("application state missing")))?;
    let quotas = request
        .app_data::<web::Data<PortalQuotas>>()
        .cloned()
        .ok_or_else(|| ApiError::Internal(anyhow::anyhow!("portal quotas missing")))?;
    let identity = {
        let mut tx = state.db.begin_read().await.map_err(ApiError::from)?;
        portal::identify(&mut tx, &key)
            .await
            .map_err(ApiError::from)?
            .ok_or(ApiError::InvalidApiKey)?
    };
    quotas.check(&identity)?;
    match required_scope(request.method().as_str(), request.path()) {
        KeyAccess::Refused => {
            return Err(ApiError::Denied {
                code: "api_key_not_accepted",
                detail: "this endpoint is for staff; API keys are not accepted here".into(),
            }
            .into());
        }
        KeyAccess::Needs(scope) if !identity.has(scope) => {
            return Err(ApiError::Denied {
                code: "scope_missing",
                detail: format!("this API key lacks the scope `{}`", scope.as_str()),
            }
            .into());
        }
        KeyAccess::Needs(_) | KeyAccess::Open => {}
    }
    request.extensions_mut().insert(identity);
    next.call(request).await
}

/// Whether the request was authenticated by an API key (the per-IP limit and the proof of
/// work do not apply to it).
pub fn is_portal_request(request: &HttpRequest) -> bool {
    request.extensions().contains::<PortalIdentity>()
}

/// The API client of a key-authenticated request. Use `Option<PortalClient>` in handlers that
/// also serve citizens.
#[derive(Debug, Clone)]
pub struct PortalClient(pub PortalIdentity);

impl PortalClient {
    /// 403 `office_not_allowed` unless the client may work with the office.
    pub fn require_office(&self, office_id: i64) -> Result<(), ApiError> {
        if self.0.may_use_office(office_id) {
            Ok(())
        } else {
            Err(office_not_allowed(office_id))
        }
    }

    /// The idempotency scope of an endpoint for this client, so keys never collide between
    /// clients or with citizens.
    pub fn idempotency_scope(client: Option<&PortalClient>, endpoint: &str) -> String {
        match client {
            Some(client) => format!("{endpoint}:api_client:{}", client.0.id),
            None => endpoint.to_owned(),
        }
    }
}

fn office_not_allowed(office_id: i64) -> ApiError {
    ApiError::Denied {
        code: "office_not_allowed",
        detail: format!("this API key may not be used for office {office_id}"),
    }
}

impl FromRequest for PortalClient {
    type Error = ApiError;
    type Future = Ready<Result<Self, ApiError>>;

    fn from_request(request: &HttpRequest, _: &mut Payload) -> Self::Future {
        ready(
            request
                .extensions()
                .get::<PortalIdentity>()
                .cloned()
                .map(PortalClient)
                .ok_or(ApiError::Unauthorized),
        )
    }
}

/// Who reads a day plan: a staff account, or an API client with `staff:read`.
#[derive(Debug, Clone)]
pub enum PlanReader {
    Staff(StaffAuth),
    Portal(PortalIdentity),
}

impl PlanReader {
    /// 403 unless the reader may see the plan of this office.
    pub fn require_office(&self, office_id: i64) -> Result<(), ApiError> {
        match self {
            PlanReader::Staff(auth) => auth.require(Capability::HandleAppointments, office_id),
            PlanReader::Portal(client) if !client.has(ApiScope::StaffRead) => {
                Err(ApiError::Forbidden)
            }
            PlanReader::Portal(client) if !client.may_use_office(office_id) => {
                Err(office_not_allowed(office_id))
            }
            PlanReader::Portal(_) => Ok(()),
        }
    }
}

impl FromRequest for PlanReader {
    type Error = ApiError;
    type Future = LocalBoxFuture<'static, Result<Self, ApiError>>;

    fn from_request(request: &HttpRequest, payload: &mut Payload) -> Self::Future {
        if let Some(identity) = request.extensions().get::<PortalIdentity>().cloned() {
            return Box::pin(async move { Ok(PlanReader::Portal(identity)) });
        }
        let staff = StaffAuth::from_request(request, payload);
        Box::pin(async move { staff.await.map(PlanReader::Staff) })
    }
}
