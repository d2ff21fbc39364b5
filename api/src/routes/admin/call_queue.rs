//! `/admin/offices/{office_id}/tickets`, `…/call-next`, `…/queue/{entry_id}/recall`,
//! `…/no-show` and `…/finish`: the call queue at the counter.

use crate::admin::call_queue;
use crate::domain::staff::Capability;
use crate::error::Result;
use crate::routes::extract::IdempotencyKey;
use crate::routes::idempotency::Idempotency;
use crate::routes::retry;
use crate::routes::staff_auth::StaffAuth;
use crate::routes::state::AppState;
use actix_web::{HttpResponse, post, web};
use shared::call_queue::{CallNext, Called, IssuedTicket, NewTicket};
use shared::ids::{OfficeId, QueueEntryId};
use shared::problem::Problem;

/// Issues a walk-in ticket at the front desk for one or more services of this office. The
/// answer's `token` opens the ticket's page on the citizen's phone (`/ticket/{token}`); it is
/// shown only here.
#[utoipa::path(post, path = "/api/v1/admin/offices/{office_id}/tickets", tag = "call queue", request_body = NewTicket,
    params(
        ("office_id" = i64, Path, description = "Office id"),
        ("Idempotency-Key" = Option<String>, Header, description = "Client-chosen key (1–255 visible ASCII characters); a retry with the same key and body returns the same ticket"),
    ),
    security(("staff_token" = [])),
    responses(
        (status = 201, description = "Issued", body = IssuedTicket),
        (status = 403, description = "Not an office of this account", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "`tickets_exhausted`: every number of today is given out", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Services missing, unknown here, listed twice or too many; `idempotency_key_reused`", body = Problem, content_type = "application/problem+json"),
    ))]
#[post("/admin/offices/{office_id}/tickets")]
pub async fn issue_ticket(
    state: web::Data<AppState>,
    auth: StaffAuth,
    key: IdempotencyKey,
    office_id: web::Path<i64>,
    body: web::Json<NewTicket>,
) -> Result<HttpResponse> {
    let office_id = OfficeId(office_id.into_inner());
    auth.require(Capability::HandleAppointments, office_id.0)?;
    let scope = format!("tickets:staff:{}", auth.identity.id);
    let idempotency = Idempotency::new(scope, key, &*body)?;
    idempotency
        .created(&state, async |tx| {
            let (context, identity) = (state.context(), &auth.identity);
            Ok(call_queue::issue_ticket(tx, &context, identity, office_id, &body).await?)
        })
        .await
}

/// Calls the next citizen to the clerk's counter: appointments whose start has come first
/// (earliest start first), then walk-ins and late appointments in the order they came, then
/// appointments checked in early. With `services`, only someone waiting for nothing but these.
/// Two clerks calling at once never get the same citizen.
#[utoipa::path(post, path = "/api/v1/admin/offices/{office_id}/call-next", tag = "call queue", request_body = CallNext,
    params(("office_id" = i64, Path, description = "Office id")),
    security(("staff_token" = [])),
    responses(
        (status = 200, description = "Called", body = Called),
        (status = 204, description = "Nobody (fitting) waits"),
        (status = 403, description = "Not an office of this account", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`invalid_counter`", body = Problem, content_type = "application/problem+json"),
    ))]
#[post("/admin/offices/{office_id}/call-next")]
pub async fn call_next(
    state: web::Data<AppState>,
    auth: StaffAuth,
    office_id: web::Path<i64>,
    body: web::Json<CallNext>,
) -> Result<HttpResponse> {
    let office_id = OfficeId(office_id.into_inner());
    auth.require(Capability::HandleAppointments, office_id.0)?;
    let called = retry::in_transaction(&state.db, async |tx| {
        let (context, identity) = (state.context(), &auth.identity);
        Ok(call_queue::call_next(tx, &context, identity, office_id, &body).await?)
    })
    .await?;
    Ok(match called {
        Some(called) => HttpResponse::Ok().json(called),
        None => HttpResponse::NoContent().finish(),
    })
}

/// The called citizen has been served: from call to finish is what the waiting estimate of
/// the others learns from.
#[utoipa::path(post, path = "/api/v1/admin/offices/{office_id}/queue/{entry_id}/finish", tag = "call queue",
    params(
        ("office_id" = i64, Path, description = "Office id"),
        ("entry_id" = i64, Path, description = "The called entry (`id` of the call)"),
    ),
    security(("staff_token" = [])),
    responses(
        (status = 204, description = "Finished"),
        (status = 403, description = "Not an office of this account", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No entry of this office that is called now", body = Problem, content_type = "application/problem+json"),
    ))]
#[post("/admin/offices/{office_id}/queue/{entry_id}/finish")]
pub async fn finish(
    state: web::Data<AppState>,
    auth: StaffAuth,
    path: web::Path<(i64, i64)>,
) -> Result<HttpResponse> {
    let (office_id, entry_id) = entry_of(&auth, path.into_inner())?;
    retry::in_transaction(&state.db, async |tx| {
        let (context, identity) = (state.context(), &auth.identity);
        Ok(call_queue::finish(tx, &context, identity, office_id, entry_id).await?)
    })
    .await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Calls a called citizen who has not come yet once more, to the same counter: the display
/// shows the call again.
#[utoipa::path(post, path = "/api/v1/admin/offices/{office_id}/queue/{entry_id}/recall", tag = "call queue",
    params(
        ("office_id" = i64, Path, description = "Office id"),
        ("entry_id" = i64, Path, description = "The called entry (`id` of the call)"),
    ),
    security(("staff_token" = [])),
    responses(
        (status = 200, description = "Called again (`calls` counts the calls)", body = Called),
        (status = 403, description = "Not an office of this account", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No entry of this office that is called now", body = Problem, content_type = "application/problem+json"),
    ))]
#[post("/admin/offices/{office_id}/queue/{entry_id}/recall")]
pub async fn recall(
    state: web::Data<AppState>,
    auth: StaffAuth,
    path: web::Path<(i64, i64)>,
) -> Result<HttpResponse> {
    let (office_id, entry_id) = entry_of(&auth, path.into_inner())?;
    let called = retry::in_transaction(&state.db, async |tx| {
        let (context, identity) = (state.context(), &auth.identity);
        Ok(call_queue::recall(tx, &context, identity, office_id, entry_id).await?)
    })
    .await?;
    Ok(HttpResponse::Ok().json(called))
}

/// The called citizen did not come, after being called at least twice (one recall): their
/// ticket page says so, and the clerk calls the next one.
#[utoipa::path(post, path = "/api/v1/admin/offices/{office_id}/queue/{entry_id}/no-show", tag = "call queue",
    params(
        ("office_id" = i64, Path, description = "Office id"),
        ("entry_id" = i64, Path, description = "The called entry (`id` of the call)"),
    ),
    security(("staff_token" = [])),
    responses(
        (status = 204, description = "Marked as not come"),
        (status = 403, description = "Not an office of this account", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No entry of this office that is called now", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "`called_too_few_times`: recall them first", body = Problem, content_type = "application/problem+json"),
    ))]
#[post("/admin/offices/{office_id}/queue/{entry_id}/no-show")]
pub async fn no_show(
    state: web::Data<AppState>,
    auth: StaffAuth,
    path: web::Path<(i64, i64)>,
) -> Result<HttpResponse> {
    let (office_id, entry_id) = entry_of(&auth, path.into_inner())?;
    retry::in_transaction(&state.db, async |tx| {
        Ok(call_queue::no_show(tx, &auth.identity, office_id, entry_id).await?)
    })
    .await?;
    Ok(HttpResponse::NoContent().finish())
}

/// The office and queue entry of a path, once the account may handle that office's queue.
fn entry_of(
    auth: &StaffAuth,
    (office_id, entry_id): (i64, i64),
) -> Result<(OfficeId, QueueEntryId)> {
    auth.require(Capability::HandleAppointments, office_id)?;
    Ok((OfficeId(office_id), QueueEntryId(entry_id)))
}
