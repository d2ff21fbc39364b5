//! `/api/v1/admin/api-clients`: API clients of third-party portals, for administrators. The
//! key (and a webhook secret) is shown once, in the answer that issued it.

use crate::admin::api_clients;
use crate::domain::network::WebhookTargets;
use crate::error::Result;
use crate::routes::extract::IdempotencyKey;
use crate::routes::idempotency::{Idempotency, Saved, json_response, to_body};
use crate::routes::retry;
use crate::routes::staff_auth::StaffAuth;
use crate::routes::state::AppState;
use actix_web::http::StatusCode;
use actix_web::{HttpResponse, get, post, put, web};
use shared::portal::{ApiClient, ApiClientUpdate, ApiClientWithSecrets, NewApiClient};
use shared::problem::Problem;

/// Every API client, revoked ones included (never with keys or secrets).
#[utoipa::path(get, path = "/api/v1/admin/api-clients", tag = "api clients", security(("staff_token" = [])),
    responses(
        (status = 200, description = "All API clients, by name", body = Vec<ApiClient>),
        (status = 401, description = "Not logged in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an administrator", body = Problem, content_type = "application/problem+json"),
    ))]
#[get("/admin/api-clients")]
pub async fn list(state: web::Data<AppState>, auth: StaffAuth) -> Result<HttpResponse> {
    auth.require_admin()?;
    let mut tx = state.db.begin_read().await?;
    Ok(HttpResponse::Ok().json(api_clients::list(&mut tx).await?))
}

/// Creates an API client. The answer carries its key — the only time it is shown — and, with
/// a webhook URL, the webhook signing secret. With an `Idempotency-Key`, a retry returns the
/// same answer (kept for a day; only the same administrator can replay it).
#[utoipa::path(post, path = "/api/v1/admin/api-clients", tag = "api clients", request_body = NewApiClient,
    params(("Idempotency-Key" = Option<String>, Header, description = "Client-chosen key (1–255 visible ASCII characters); a retry with the same key and body returns the original answer")),
    security(("staff_token" = [])),
    responses(
        (status = 201, description = "Created; `key` (and `webhook_secret`) are shown only here", body = ApiClientWithSecrets),
        (status = 401, description = "Not logged in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an administrator, or `csrf_rejected`", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "`name_taken`", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`validation_failed`: name, scopes, quota, `invalid_webhook_url`, `webhook_target_refused` (not a public https receiver), `unknown_office`; or `idempotency_key_reused`", body = Problem, content_type = "application/problem+json"),
    ))]
#[post("/admin/api-clients")]
pub async fn create(
    state: web::Data<AppState>,
    targets: web::Data<WebhookTargets>,
    auth: StaffAuth,
    key: IdempotencyKey,
    body: web::Json<NewApiClient>,
) -> Result<HttpResponse> {
    auth.require_admin()?;
    let request = body.into_inner();
    api_clients::check_webhook_target(request.webhook_url.as_deref(), &targets).await?;
    let idempotency = Idempotency::new(
        format!("api_clients:staff:{}", auth.identity.id),
        key,
        &request,
    )?;
    retry::on_contention(async || {
        let now = state.clock.now();
        let mut tx = state.db.begin().await?;
        if let Some(replayed) = idempotency.replay(&mut tx).await? {
            return Ok(replayed);
        }
        let created = api_clients::create(&mut tx, &auth.identity, now, &request).await?;
        let body = to_body(&created)?;
        let saved = idempotency.save(&state.db, tx, StatusCode::CREATED, &body, now);
        match saved.await? {
            Saved::Fresh(tx) => tx.commit().await?,
            Saved::Replayed(response) => return Ok(response),
        }
        tracing::info!(api_client = created.client.id.0, key_prefix = %created.client.key_prefix, "API client created");
        Ok(json_response(StatusCode::CREATED, body))
    })
    .await
}

/// Replaces an API client's name, scopes, offices, quota and webhook URL. A webhook secret is
/// issued (and shown once) when a URL is set for the first time or `rotate_webhook_secret`
/// is true. Changes apply to the next request.
#[utoipa::path(put, path = "/api/v1/admin/api-clients/{api_client_id}", tag = "api clients", request_body = ApiClientUpdate,
    params(("api_client_id" = i64, Path, description = "API client id")),
    security(("staff_token" = [])),
    responses(
        (status = 200, description = "Changed; `webhook_secret` only if one was issued now", body = ApiClientWithSecrets),
        (status = 401, description = "Not logged in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an administrator, or `csrf_rejected`", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such API client", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "`name_taken`", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`validation_failed`: name, scopes, quota, `invalid_webhook_url`, `webhook_target_refused` (not a public https receiver), `unknown_office`", body = Problem, content_type = "application/problem+json"),
    ))]
#[put("/admin/api-clients/{api_client_id}")]
pub async fn update(
    state: web::Data<AppState>,
    targets: web::Data<WebhookTargets>,
    auth: StaffAuth,
    api_client_id: web::Path<i64>,
    body: web::Json<ApiClientUpdate>,
) -> Result<HttpResponse> {
    auth.require_admin()?;
    api_clients::check_webhook_target(body.webhook_url.as_deref(), &targets).await?;
    let api_client_id = api_client_id.into_inner();
    let updated = retry::in_transaction(&state.db, async |tx| {
        Ok(
            api_clients::update(tx, &auth.identity, state.clock.now(), api_client_id, &body)
                .await?,
        )
    })
    .await?;
    Ok(HttpResponse::Ok().json(updated))
}

/// Revokes an API client's key: every later request with it gets `401 invalid_api_key`, and
/// its pending webhook events are not delivered.
#[utoipa::path(post, path = "/api/v1/admin/api-clients/{api_client_id}/revoke", tag = "api clients",
    params(("api_client_id" = i64, Path, description = "API client id")),
    security(("staff_token" = [])),
    responses(
        (status = 200, description = "Revoked (revoking again changes nothing)", body = ApiClient),
        (status = 401, description = "Not logged in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an administrator, or `csrf_rejected`", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such API client", body = Problem, content_type = "application/problem+json"),
    ))]
#[post("/admin/api-clients/{api_client_id}/revoke")]
pub async fn revoke(
    state: web::Data<AppState>,
    auth: StaffAuth,
    api_client_id: web::Path<i64>,
) -> Result<HttpResponse> {
    auth.require_admin()?;
    let api_client_id = api_client_id.into_inner();
    let revoked = retry::in_transaction(&state.db, async |tx| {
        Ok(api_clients::revoke(tx, &auth.identity, state.clock.now(), api_client_id).await?)
    })
    .await?;
    tracing::info!(api_client = revoked.id.0, "API client revoked");
    Ok(HttpResponse::Ok().json(revoked))
}
