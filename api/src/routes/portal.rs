//! Requests of third-party portals: the API key in `X-Api-Key` is checked before anything
//! else (unknown or revoked → 401 `invalid_api_key`), the client's own quota applies (429
//! `quota_exceeded` with `Retry-After`; counted where every instance sees it, see `limits`),
//! and the route's scope is required (403 `scope_missing`). The identified client then rides in the
//! request's extensions: the per-IP rate limit and the proof of work step aside for it, and
//! handlers check its offices through [`PortalClient`].

use crate::domain::portal::PortalIdentity;
use crate::domain::staff::Capability;
use crate::error::ApiError;
use crate::limits::Budgets;
use crate::portal;
use crate::routes::edge::RequestFacts;
use crate::routes::policy::KeyAccess;
use crate::routes::staff_auth::StaffAuth;
use crate::routes::state::AppState;
use actix_web::body::{EitherBody, MessageBody};
use actix_web::dev::{Payload, ServiceRequest, ServiceResponse};
use actix_web::middleware::Next;
use actix_web::{FromRequest, HttpMessage, HttpRequest, web};
use futures::future::LocalBoxFuture;
use shared::portal::{API_KEY_HEADER, ApiScope};
use std::future::{Ready, ready};
use std::num::NonZeroU32;
use std::sync::Arc;

/// Each client's request quota per minute, counted in the installation's [`Budgets`], so
/// several instances share it.
#[derive(Debug, Clone)]
pub struct PortalQuotas {
    budgets: Arc<Budgets>,
}

impl PortalQuotas {
    pub fn new(budgets: Arc<Budgets>) -> PortalQuotas {
        PortalQuotas { budgets }
    }

    /// Counts one request of `client`; 429 `quota_exceeded` when it is over its quota.
    pub async fn check(&self, client: &PortalIdentity) -> Result<(), ApiError> {
        let per_minute = NonZeroU32::new(client.requests_per_minute).unwrap_or(NonZeroU32::MIN);
        self.budgets
            .take(&format!("portal:{}", client.id), per_minute)
            .await
            .map_err(|exhausted| ApiError::QuotaExceeded {
                retry_after_secs: exhausted.retry_after_secs,
            })
    }
}

/// Middleware: identifies the API client of a request that carries `X-Api-Key`, applies its
/// quota and the route's scope. Requests without the header pass unchanged.
pub async fn authenticate(
    request: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<EitherBody<impl MessageBody>>, actix_web::Error> {
    let Some(raw) = request.headers().get(API_KEY_HEADER) else {
        return next
            .call(request)
            .await
            .map(ServiceResponse::map_into_left_body);
    };
    let key = raw.to_str().ok().map(str::trim).map(str::to_owned);
    match admit(&request, key.as_deref()).await {
        Ok(identity) => {
            request.extensions_mut().insert(identity);
            next.call(request)
                .await
                .map(ServiceResponse::map_into_left_body)
        }
        Err(refused) => Ok(request.error_response(refused).map_into_right_body()),
    }
}

/// The client of `key`, if it is known, within its quota and allowed on this route.
async fn admit(request: &ServiceRequest, key: Option<&str>) -> Result<PortalIdentity, ApiError> {
    let key = key
        .filter(|key| !key.is_empty() && key.len() <= 256)
        .ok_or(ApiError::InvalidApiKey)?;
    let state = request
        .app_data::<web::Data<AppState>>()
        .ok_or_else(|| ApiError::Internal(anyhow::anyhow!("application state missing")))?;
    let quotas = request
        .app_data::<web::Data<PortalQuotas>>()
        .ok_or_else(|| ApiError::Internal(anyhow::anyhow!("portal quotas missing")))?;
    let identity = {
        let mut tx = state.db.begin_read().await?;
        portal::identify(&mut tx, key)
            .await?
            .ok_or(ApiError::InvalidApiKey)?
    };
    quotas.check(&identity).await?;
    let facts = RequestFacts::of(request.request())?;
    match facts.policy(request.method()).api_key {
        KeyAccess::Refused => Err(ApiError::Denied {
            code: "api_key_not_accepted",
            detail: "this endpoint is for staff; API keys are not accepted here".into(),
        }),
        KeyAccess::Needs(scope) if !identity.has(scope) => Err(ApiError::Denied {
            code: "scope_missing",
            detail: format!("this API key lacks the scope `{}`", scope.as_str()),
        }),
        KeyAccess::Needs(_) | KeyAccess::Open => Ok(identity),
    }
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
