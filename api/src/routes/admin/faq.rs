//! `/api/v1/admin/faq`: editing the help page. Managers edit the entries of their offices and
//! see those for every office; administrators edit all; clerks get 403.

use crate::admin::faq::{self, UpdateError};
use crate::error::{ApiError, Result};
use crate::routes::retry;
use crate::routes::staff_auth::StaffAuth;
use crate::routes::state::AppState;
use actix_web::{HttpResponse, delete, get, post, put, web};
use shared::auth::StaffRole;
use shared::faq::{AdminFaqEntry, FaqEntrySettings, FaqOrder};
use shared::problem::Problem;

/// 403 for clerks, who do not edit the help.
fn require_editor(auth: &StaffAuth) -> Result<()> {
    if auth.identity.role == StaffRole::Clerk {
        Err(ApiError::Forbidden)
    } else {
        Ok(())
    }
}

fn refused(error: UpdateError) -> ApiError {
    match error {
        UpdateError::NotAllowed => ApiError::Forbidden,
        UpdateError::Failed(error) => error.into(),
    }
}

/// Every entry this account sees, hidden ones included, with both languages and the answers'
/// markup source.
#[utoipa::path(get, path = "/api/v1/admin/faq", tag = "help", security(("staff_token" = [])),
    responses(
        (status = 200, description = "Entries in display order", body = Vec<AdminFaqEntry>),
        (status = 401, description = "Not logged in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "A clerk", body = Problem, content_type = "application/problem+json"),
    ))]
#[get("/admin/faq")]
pub async fn list(state: web::Data<AppState>, auth: StaffAuth) -> Result<HttpResponse> {
    require_editor(&auth)?;
    let mut tx = state.db.begin_read().await?;
    Ok(HttpResponse::Ok().json(faq::entries(&mut tx, &auth.identity).await?))
}

/// Adds an entry at the end (entries for every office: administrators only).
#[utoipa::path(post, path = "/api/v1/admin/faq", tag = "help", request_body = FaqEntrySettings,
    security(("staff_token" = [])),
    responses(
        (status = 201, description = "Created", body = AdminFaqEntry),
        (status = 403, description = "Not allowed for this office", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid: `invalid_slug`, `slug_taken`, `required`, `unsafe_link`, `unknown_office`", body = Problem, content_type = "application/problem+json"),
    ))]
#[post("/admin/faq")]
pub async fn create(
    state: web::Data<AppState>,
    auth: StaffAuth,
    body: web::Json<FaqEntrySettings>,
) -> Result<HttpResponse> {
    if !auth.identity.may_edit_help(body.office_id.map(|id| id.0)) {
        return Err(ApiError::Forbidden);
    }
    let entry = retry::in_transaction(&state.db, async |tx| {
        Ok(faq::create(tx, &auth.identity, state.clock.now(), &body).await?)
    })
    .await?;
    Ok(HttpResponse::Created().json(entry))
}

/// Changes an entry (the account must be allowed both for its office and the new one).
#[utoipa::path(put, path = "/api/v1/admin/faq/{entry_id}", tag = "help", request_body = FaqEntrySettings,
    params(("entry_id" = i64, Path, description = "Entry id")),
    security(("staff_token" = [])),
    responses(
        (status = 200, description = "Changed", body = AdminFaqEntry),
        (status = 403, description = "Not allowed for this entry or office", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such entry", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid", body = Problem, content_type = "application/problem+json"),
    ))]
#[put("/admin/faq/{entry_id}")]
pub async fn update(
    state: web::Data<AppState>,
    auth: StaffAuth,
    entry_id: web::Path<i64>,
    body: web::Json<FaqEntrySettings>,
) -> Result<HttpResponse> {
    require_editor(&auth)?;
    if !auth.identity.may_edit_help(body.office_id.map(|id| id.0)) {
        return Err(ApiError::Forbidden);
    }
    let entry_id = entry_id.into_inner();
    let entry = retry::in_transaction(&state.db, async |tx| {
        faq::update(tx, &auth.identity, state.clock.now(), entry_id, &body)
            .await
            .map_err(refused)
    })
    .await?;
    Ok(HttpResponse::Ok().json(entry))
}

/// Deletes an entry.
#[utoipa::path(delete, path = "/api/v1/admin/faq/{entry_id}", tag = "help",
    params(("entry_id" = i64, Path, description = "Entry id")),
    security(("staff_token" = [])),
    responses(
        (status = 204, description = "Deleted"),
        (status = 403, description = "Not allowed for this entry", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such entry", body = Problem, content_type = "application/problem+json"),
    ))]
#[delete("/admin/faq/{entry_id}")]
pub async fn remove(
    state: web::Data<AppState>,
    auth: StaffAuth,
    entry_id: web::Path<i64>,
) -> Result<HttpResponse> {
    require_editor(&auth)?;
    let entry_id = entry_id.into_inner();
    retry::in_transaction(&state.db, async |tx| {
        faq::delete(tx, &auth.identity, state.clock.now(), entry_id)
            .await
            .map_err(refused)
    })
    .await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Reorders entries: the listed ones take the positions they occupy now, in the given order.
#[utoipa::path(put, path = "/api/v1/admin/faq/order", tag = "help", request_body = FaqOrder,
    security(("staff_token" = [])),
    responses(
        (status = 200, description = "All entries this account sees, in the new order", body = Vec<AdminFaqEntry>),
        (status = 403, description = "Not allowed for one of the entries", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`invalid_order` (empty or repeated ids) or `unknown_entry`", body = Problem, content_type = "application/problem+json"),
    ))]
#[put("/admin/faq/order")]
pub async fn reorder(
    state: web::Data<AppState>,
    auth: StaffAuth,
    body: web::Json<FaqOrder>,
) -> Result<HttpResponse> {
    require_editor(&auth)?;
    let entries = retry::in_transaction(&state.db, async |tx| {
        faq::reorder(tx, &auth.identity, state.clock.now(), &body)
            .await
            .map_err(refused)
    })
    .await?;
    Ok(HttpResponse::Ok().json(entries))
}
