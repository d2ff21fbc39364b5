//! `/admin/offices/{office_id}/kiosks`: the ticket kiosks of an office — issue one (its device
//! token is shown once), list them, revoke one.

use crate::admin::kiosks;
use crate::domain::staff::Capability;
use crate::error::Result;
use crate::routes::extract::IdempotencyKey;
use crate::routes::idempotency::Idempotency;
use crate::routes::retry;
use crate::routes::staff_auth::StaffAuth;
use crate::routes::state::AppState;
use actix_web::{HttpResponse, delete, get, post, web};
use shared::call_queue::{IssuedKiosk, Kiosk, NewKiosk};
use shared::ids::{KioskId, OfficeId};
use shared::problem::Problem;

/// The kiosks of an office that were not revoked (never with their tokens).
#[utoipa::path(get, path = "/api/v1/admin/offices/{office_id}/kiosks", tag = "call queue",
    params(("office_id" = i64, Path, description = "Office id")),
    security(("staff_token" = [])),
    responses(
        (status = 200, description = "The kiosks, oldest first", body = Vec<Kiosk>),
        (status = 403, description = "Not a manager of this office", body = Problem, content_type = "application/problem+json"),
    ))]
#[get("/admin/offices/{office_id}/kiosks")]
pub async fn list(
    state: web::Data<AppState>,
    auth: StaffAuth,
    office_id: web::Path<i64>,
) -> Result<HttpResponse> {
    let office_id = OfficeId(office_id.into_inner());
    auth.require(Capability::Configure, office_id.0)?;
    let mut tx = state.db.begin_read().await?;
    Ok(HttpResponse::Ok().json(kiosks::list(&mut tx, office_id).await?))
}

/// Issues a kiosk: a tablet at the entrance that draws walk-in tickets with the answer's
/// `token` (sent as `X-Kiosk-Token`; shown only here). Audited without the token.
#[utoipa::path(post, path = "/api/v1/admin/offices/{office_id}/kiosks", tag = "call queue", request_body = NewKiosk,
    params(
        ("office_id" = i64, Path, description = "Office id"),
        ("Idempotency-Key" = Option<String>, Header, description = "Client-chosen key (1–255 visible ASCII characters); a retry with the same key and body returns the same kiosk and token"),
    ),
    security(("staff_token" = [])),
    responses(
        (status = 201, description = "Issued; `token` is shown only here", body = IssuedKiosk),
        (status = 403, description = "Not a manager of this office", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`invalid_name`; `idempotency_key_reused`", body = Problem, content_type = "application/problem+json"),
    ))]
#[post("/admin/offices/{office_id}/kiosks")]
pub async fn issue(
    state: web::Data<AppState>,
    auth: StaffAuth,
    key: IdempotencyKey,
    office_id: web::Path<i64>,
    body: web::Json<NewKiosk>,
) -> Result<HttpResponse> {
    let office_id = OfficeId(office_id.into_inner());
    auth.require(Capability::Configure, office_id.0)?;
    let scope = format!("kiosks:staff:{}", auth.identity.id);
    let idempotency = Idempotency::new(scope, key, &*body)?;
    idempotency
        .created(&state, async |tx| {
            let now = state.clock.now();
            Ok(kiosks::issue(tx, &auth.identity, now, office_id, &body).await?)
        })
        .await
}

/// Revokes a kiosk: its token draws no ticket from now on. Audited.
#[utoipa::path(delete, path = "/api/v1/admin/offices/{office_id}/kiosks/{kiosk_id}", tag = "call queue",
    params(
        ("office_id" = i64, Path, description = "Office id"),
        ("kiosk_id" = i64, Path, description = "Kiosk id"),
    ),
    security(("staff_token" = [])),
    responses(
        (status = 204, description = "Revoked"),
        (status = 403, description = "Not a manager of this office", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No kiosk of this office, or revoked already", body = Problem, content_type = "application/problem+json"),
    ))]
#[delete("/admin/offices/{office_id}/kiosks/{kiosk_id}")]
pub async fn revoke(
    state: web::Data<AppState>,
    auth: StaffAuth,
    path: web::Path<(i64, i64)>,
) -> Result<HttpResponse> {
    let (office_id, kiosk_id) = path.into_inner();
    let (office_id, kiosk_id) = (OfficeId(office_id), KioskId(kiosk_id));
    auth.require(Capability::Configure, office_id.0)?;
    retry::in_transaction(&state.db, async |tx| {
        let now = state.clock.now();
        Ok(kiosks::revoke(tx, &auth.identity, now, office_id, kiosk_id).await?)
    })
    .await?;
    Ok(HttpResponse::NoContent().finish())
}
