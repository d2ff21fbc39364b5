//! The first thing every request meets (after the log span is opened): its path is made
//! canonical or refused, the route it will reach and the client's address are established
//! once, and every later check — API-key scopes, rate limits, the login throttle, metrics,
//! logs — reads them from [`RequestFacts`] instead of looking at the raw request again.

pub mod canonical_path; // one spelling per path, or a refusal
pub mod client_address; // the client behind trusted reverse proxies; budgets per address or /64

use crate::domain::network::ClientKey;
use crate::error::ApiError;
use crate::routes::policy::{self, RoutePolicy};
use actix_web::body::{EitherBody, MessageBody};
use actix_web::dev::{Payload, ServiceRequest, ServiceResponse};
use actix_web::http::uri::{PathAndQuery, Uri};
use actix_web::middleware::Next;
use actix_web::{FromRequest, HttpMessage, HttpRequest, web};
use client_address::TrustedProxies;
use std::borrow::Cow;
use std::future::{Ready, ready};
use std::net::{IpAddr, Ipv4Addr};
use tracing_actix_web::{RequestId, RootSpanBuilder};

/// What is known about a request once it passed the edge.
#[derive(Debug, Clone)]
pub struct RequestFacts {
    /// The template of the route it reaches (`/api/v1/holds/{id}`); `None`: no route matched.
    pub route: Option<String>,
    /// The client's address (see [`client_address`]).
    pub client: IpAddr,
}

impl RequestFacts {
    /// What the matched route asks of the request.
    pub fn policy(&self, method: &actix_web::http::Method) -> RoutePolicy {
        policy::of(method, self.route.as_deref())
    }

    /// What the client's budgets are counted under.
    pub fn client_key(&self) -> ClientKey {
        ClientKey::of(self.client)
    }

    /// The facts of a request that passed the edge.
    pub fn of(request: &HttpRequest) -> Result<RequestFacts, ApiError> {
        request
            .extensions()
            .get::<RequestFacts>()
            .cloned()
            .ok_or_else(|| ApiError::Internal(anyhow::anyhow!("the request skipped the edge")))
    }
}

impl FromRequest for RequestFacts {
    type Error = ApiError;
    type Future = Ready<Result<Self, ApiError>>;

    fn from_request(request: &HttpRequest, _: &mut Payload) -> Self::Future {
        ready(RequestFacts::of(request))
    }
}

/// Middleware: canonical path (or 400/414), matched route, client address.
pub async fn establish(
    mut request: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<EitherBody<impl MessageBody>>, actix_web::Error> {
    let rewritten = match canonical_path::canonical(request.path()) {
        Ok(Cow::Borrowed(_)) => None,
        Ok(Cow::Owned(path)) => Some(path),
        Err(refusal) => {
            return Ok(request
                .error_response(ApiError::PathRefused(refusal))
                .map_into_right_body());
        }
    };
    if let Some(path) = rewritten {
        rewrite_path(&mut request, &path)?;
    }
    let route = request.match_pattern();
    let peer = request
        .peer_addr()
        .map_or(IpAddr::V4(Ipv4Addr::UNSPECIFIED), |peer| peer.ip());
    let client = match request.app_data::<web::Data<TrustedProxies>>() {
        Some(proxies) => proxies.client(peer, request.headers()),
        None => peer.to_canonical(),
    };
    let span = tracing::Span::current();
    span.record("http.route", route.as_deref().unwrap_or("unmatched"));
    span.record("client.address", tracing::field::display(client));
    request
        .extensions_mut()
        .insert(RequestFacts { route, client });
    next.call(request)
        .await
        .map(ServiceResponse::map_into_left_body)
}

/// Replaces the request's path, for the router and for everything after this middleware.
fn rewrite_path(request: &mut ServiceRequest, path: &str) -> Result<(), actix_web::Error> {
    let path_and_query = match request.query_string() {
        "" => path.to_owned(),
        query => format!("{path}?{query}"),
    };
    let mut parts = request.head().uri.clone().into_parts();
    parts.path_and_query = Some(
        PathAndQuery::try_from(path_and_query)
            .map_err(|error| ApiError::Internal(anyhow::anyhow!("canonical path: {error}")))?,
    );
    let uri = Uri::from_parts(parts)
        .map_err(|error| ApiError::Internal(anyhow::anyhow!("canonical path: {error}")))?;
    request.match_info_mut().get_mut().update(&uri);
    request.head_mut().uri = uri;
    Ok(())
}

/// The log span of a request: method, route template and client address (recorded by
/// [`establish`]), status, and a request id — never the query string, which may carry
/// citizens' names (staff search), nor the raw path.
#[derive(Debug)]
pub struct RequestSpan;

impl RootSpanBuilder for RequestSpan {
    fn on_request_start(request: &ServiceRequest) -> tracing::Span {
        let request_id = request
            .extensions()
            .get::<RequestId>()
            .map(ToString::to_string)
            .unwrap_or_default();
        tracing::info_span!(
            "request",
            request_id = %request_id,
            http.method = %request.method(),
            http.route = tracing::field::Empty,
            client.address = tracing::field::Empty,
            http.status_code = tracing::field::Empty,
            otel.status_code = tracing::field::Empty,
            exception.message = tracing::field::Empty,
            exception.details = tracing::field::Empty,
        )
    }

    fn on_request_end<B: MessageBody>(
        span: tracing::Span,
        outcome: &Result<ServiceResponse<B>, actix_web::Error>,
    ) {
        tracing_actix_web::DefaultRootSpanBuilder::on_request_end(span, outcome);
    }
}
