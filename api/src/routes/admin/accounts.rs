//! `/api/v1/admin/staff`: staff accounts, for administrators.

use crate::admin::accounts;
use crate::domain::password;
use crate::error::{ApiError, Result};
use crate::routes::retry;
use crate::routes::staff_auth::StaffAuth;
use crate::routes::state::AppState;
use actix_web::{HttpResponse, get, post, put, web};
use shared::admin::{NewStaffAccount, StaffAccountUpdate};
use shared::auth::StaffAccount;
use shared::problem::Problem;

/// Every staff account.
#[utoipa::path(get, path = "/api/v1/admin/staff", tag = "staff accounts", security(("staff_token" = [])),
    responses(
        (status = 200, description = "All accounts", body = Vec<StaffAccount>),
        (status = 401, description = "Not logged in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an administrator", body = Problem, content_type = "application/problem+json"),
    ))]
#[get("/admin/staff")]
pub async fn list(state: web::Data<AppState>, auth: StaffAuth) -> Result<HttpResponse> {
    auth.require_admin()?;
    let mut tx = state.db.begin_read().await?;
    Ok(HttpResponse::Ok().json(accounts::list(&mut tx).await?))
}

/// Creates an account (managers and clerks need at least one office).
#[utoipa::path(post, path = "/api/v1/admin/staff", tag = "staff accounts", request_body = NewStaffAccount,
    security(("staff_token" = [])),
    responses(
        (status = 201, description = "Created", body = StaffAccount),
        (status = 403, description = "Not an administrator", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "`username_taken`", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`invalid_username` (also with control characters), `password_too_short`, `password_too_weak` (common or guessable), missing or unknown offices", body = Problem, content_type = "application/problem+json"),
    ))]
#[post("/admin/staff")]
pub async fn create(
    state: web::Data<AppState>,
    auth: StaffAuth,
    body: web::Json<NewStaffAccount>,
) -> Result<HttpResponse> {
    auth.require_admin()?;
    let request = body.into_inner();
    let hash = if password::check(&request.password, &request.username).is_ok() {
        let password = request.password.clone();
        web::block(move || password::hash(&password))
            .await
            .map_err(|error| ApiError::Internal(error.into()))?
            .map_err(ApiError::Internal)?
    } else {
        String::new()
    };
    let account = retry::in_transaction(&state.db, async |tx| {
        Ok(accounts::create(tx, &auth.identity, state.clock.now(), &request, &hash).await?)
    })
    .await?;
    Ok(HttpResponse::Created().json(account))
}

/// Changes an account's role and offices.
#[utoipa::path(put, path = "/api/v1/admin/staff/{staff_id}", tag = "staff accounts", request_body = StaffAccountUpdate,
    params(("staff_id" = i64, Path, description = "Staff account id")),
    security(("staff_token" = [])),
    responses(
        (status = 200, description = "Changed", body = StaffAccount),
        (status = 403, description = "Not an administrator", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such account", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "`cannot_demote_self`", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Missing or unknown offices", body = Problem, content_type = "application/problem+json"),
    ))]
#[put("/admin/staff/{staff_id}")]
pub async fn update(
    state: web::Data<AppState>,
    auth: StaffAuth,
    staff_id: web::Path<i64>,
    body: web::Json<StaffAccountUpdate>,
) -> Result<HttpResponse> {
    auth.require_admin()?;
    let staff_id = staff_id.into_inner();
    let account = retry::in_transaction(&state.db, async |tx| {
        Ok(accounts::update(tx, &auth.identity, state.clock.now(), staff_id, &body).await?)
    })
    .await?;
    Ok(HttpResponse::Ok().json(account))
}

/// Disables an account; its sessions end at once.
#[utoipa::path(post, path = "/api/v1/admin/staff/{staff_id}/disable", tag = "staff accounts",
    params(("staff_id" = i64, Path, description = "Staff account id")),
    security(("staff_token" = [])),
    responses(
        (status = 200, description = "Disabled", body = StaffAccount),
        (status = 403, description = "Not an administrator", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such account", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "`cannot_disable_self`", body = Problem, content_type = "application/problem+json"),
    ))]
#[post("/admin/staff/{staff_id}/disable")]
pub async fn disable(
    state: web::Data<AppState>,
    auth: StaffAuth,
    staff_id: web::Path<i64>,
) -> Result<HttpResponse> {
    auth.require_admin()?;
    let staff_id = staff_id.into_inner();
    let account = retry::in_transaction(&state.db, async |tx| {
        Ok(accounts::disable(tx, &auth.identity, state.clock.now(), staff_id).await?)
    })
    .await?;
    Ok(HttpResponse::Ok().json(account))
}
