//! `/admin/offices/{office_id}/waitlist`: how the office's waitlist stands.

use crate::admin::waitlist;
use crate::domain::staff::Capability;
use crate::error::Result;
use crate::routes::extract::RequestLocale;
use crate::routes::staff_auth::StaffAuth;
use crate::routes::state::AppState;
use actix_web::{HttpResponse, get, web};
use shared::ids::OfficeId;
use shared::problem::Problem;
use shared::waitlist::WaitlistOverview;

/// Who waits at the office for which service and since when, and what became of the offers
/// of the last 30 days. Whether the office keeps a waitlist is set in its booking rules
/// (`waitlist_offer_minutes`), per service in the service (`waitlist`).
#[utoipa::path(get, path = "/api/v1/admin/offices/{office_id}/waitlist", tag = "waitlist",
    params(
        ("office_id" = i64, Path, description = "Office id"),
        ("lang" = Option<String>, Query, description = "Language of the service names: de or en"),
    ),
    security(("staff_token" = [])),
    responses(
        (status = 200, description = "The office's waitlist", body = WaitlistOverview),
        (status = 403, description = "Not an office of this account", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such office", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Unsupported language", body = Problem, content_type = "application/problem+json"),
    ))]
#[get("/admin/offices/{office_id}/waitlist")]
pub async fn overview(
    state: web::Data<AppState>,
    auth: StaffAuth,
    office_id: web::Path<i64>,
    locale: RequestLocale,
) -> Result<HttpResponse> {
    let office_id = OfficeId(office_id.into_inner());
    auth.require(Capability::ViewStatistics, office_id.0)?;
    let mut tx = state.db.begin_read().await?;
    let overview = waitlist::overview(&mut tx, state.clock.now(), office_id, locale.0).await?;
    Ok(HttpResponse::Ok().json(overview))
}
