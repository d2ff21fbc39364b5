//! `/admin/offices/{office_id}/tickets`, `…/queue`, `…/call-next`, and
//! `…/queue/{entry_id}/{call,recall,park,redirect,finish,no-show}`: the call queue at the
//! counter.

use crate::admin::call_queue;
use crate::domain::staff::Capability;
use crate::error::Result;
use crate::routes::extract::IdempotencyKey;
use crate::routes::idempotency::Idempotency;
use crate::routes::retry;
use crate::routes::staff_auth::StaffAuth;
use crate::routes::state::AppState;
use actix_web::{HttpResponse, get, post, web};
use shared::call_queue::{
    CallEntry, CallNext, Called, Finish, IssuedTicket, NewTicket, QueueItem, QueueOverview,
    Redirect, Served,
};
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
        (status = 409, description = "`tickets_exhausted`: every number of today is given out; `walk_ins_exhausted`: today's contingent of walk-in tickets is given out; `walk_ins_closed`: no walk-in tickets from this time of day on", body = Problem, content_type = "application/problem+json"),
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

/// The called citizen has been served, with the services `performed` (empty: those they
/// waited for). From the last call to finish is what the waiting estimate of the others and
/// the statistics learn from; a checked-in appointment is completed.
#[utoipa::path(post, path = "/api/v1/admin/offices/{office_id}/queue/{entry_id}/finish", tag = "call queue", request_body = Finish,
    params(
        ("office_id" = i64, Path, description = "Office id"),
        ("entry_id" = i64, Path, description = "The called entry (`id` of the call)"),
    ),
    security(("staff_token" = [])),
    responses(
        (status = 200, description = "Finished", body = Served),
        (status = 403, description = "Not an office of this account", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No entry of this office that is called now", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Performed services unknown here, listed twice or too many", body = Problem, content_type = "application/problem+json"),
    ))]
#[post("/admin/offices/{office_id}/queue/{entry_id}/finish")]
pub async fn finish(
    state: web::Data<AppState>,
    auth: StaffAuth,
    path: web::Path<(i64, i64)>,
    body: web::Json<Finish>,
) -> Result<HttpResponse> {
    let (office_id, entry_id) = entry_of(&auth, path.into_inner())?;
    let served = retry::in_transaction(&state.db, async |tx| {
        let (context, identity) = (state.context(), &auth.identity);
        Ok(call_queue::finish(tx, &context, identity, office_id, entry_id, &body).await?)
    })
    .await?;
    Ok(HttpResponse::Ok().json(served))
}

/// Today's queue of the office: who is called now (with counter — a workstation finds its
/// current call again after a reload), who stepped aside, who waits in the order they will be
/// called, and whether walk-ins get tickets.
#[utoipa::path(get, path = "/api/v1/admin/offices/{office_id}/queue", tag = "call queue",
    params(("office_id" = i64, Path, description = "Office id")),
    security(("staff_token" = [])),
    responses(
        (status = 200, description = "Today's queue", body = QueueOverview),
        (status = 403, description = "Not an office of this account", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such office", body = Problem, content_type = "application/problem+json"),
    ))]
#[get("/admin/offices/{office_id}/queue")]
pub async fn overview(
    state: web::Data<AppState>,
    auth: StaffAuth,
    office_id: web::Path<i64>,
) -> Result<HttpResponse> {
    let office_id = OfficeId(office_id.into_inner());
    auth.require(Capability::HandleAppointments, office_id.0)?;
    let mut tx = state.db.begin_read().await?;
    let overview = call_queue::overview(&mut tx, state.clock.now(), office_id).await?;
    Ok(HttpResponse::Ok().json(overview))
}

/// Calls one particular citizen who waits or stepped aside to the clerk's counter: a parked
/// one back, or someone out of turn. The display shows the call.
#[utoipa::path(post, path = "/api/v1/admin/offices/{office_id}/queue/{entry_id}/call", tag = "call queue", request_body = CallEntry,
    params(
        ("office_id" = i64, Path, description = "Office id"),
        ("entry_id" = i64, Path, description = "A waiting or parked entry"),
    ),
    security(("staff_token" = [])),
    responses(
        (status = 200, description = "Called", body = Called),
        (status = 403, description = "Not an office of this account", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No entry of this office that waits or is parked now (another clerk may have called it)", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`invalid_counter`", body = Problem, content_type = "application/problem+json"),
    ))]
#[post("/admin/offices/{office_id}/queue/{entry_id}/call")]
pub async fn call_entry(
    state: web::Data<AppState>,
    auth: StaffAuth,
    path: web::Path<(i64, i64)>,
    body: web::Json<CallEntry>,
) -> Result<HttpResponse> {
    let (office_id, entry_id) = entry_of(&auth, path.into_inner())?;
    let called = retry::in_transaction(&state.db, async |tx| {
        let (context, identity) = (state.context(), &auth.identity);
        Ok(call_queue::call_entry(tx, &context, identity, office_id, entry_id, &body).await?)
    })
    .await?;
    Ok(HttpResponse::Ok().json(called))
}

/// The called citizen steps aside (fetches a document) until a clerk calls them back.
#[utoipa::path(post, path = "/api/v1/admin/offices/{office_id}/queue/{entry_id}/park", tag = "call queue",
    params(
        ("office_id" = i64, Path, description = "Office id"),
        ("entry_id" = i64, Path, description = "The called entry (`id` of the call)"),
    ),
    security(("staff_token" = [])),
    responses(
        (status = 204, description = "Parked"),
        (status = 403, description = "Not an office of this account", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No entry of this office that is called now", body = Problem, content_type = "application/problem+json"),
    ))]
#[post("/admin/offices/{office_id}/queue/{entry_id}/park")]
pub async fn park(
    state: web::Data<AppState>,
    auth: StaffAuth,
    path: web::Path<(i64, i64)>,
) -> Result<HttpResponse> {
    let (office_id, entry_id) = entry_of(&auth, path.into_inner())?;
    retry::in_transaction(&state.db, async |tx| {
        let (context, identity) = (state.context(), &auth.identity);
        Ok(call_queue::park(tx, &context, identity, office_id, entry_id).await?)
    })
    .await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Sends the called citizen on: with `counter`, called to that counter at once (the display
/// shows it); with `services`, they now wait for these instead — alone, back in line at their
/// old place for whoever handles them.
#[utoipa::path(post, path = "/api/v1/admin/offices/{office_id}/queue/{entry_id}/redirect", tag = "call queue", request_body = Redirect,
    params(
        ("office_id" = i64, Path, description = "Office id"),
        ("entry_id" = i64, Path, description = "The called entry (`id` of the call)"),
    ),
    security(("staff_token" = [])),
    responses(
        (status = 200, description = "Sent on: called at the new counter, or waiting again", body = QueueItem),
        (status = 403, description = "Not an office of this account", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No entry of this office that is called now", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`redirect_where`: neither counter nor services; `invalid_counter`; services unknown here", body = Problem, content_type = "application/problem+json"),
    ))]
#[post("/admin/offices/{office_id}/queue/{entry_id}/redirect")]
pub async fn redirect(
    state: web::Data<AppState>,
    auth: StaffAuth,
    path: web::Path<(i64, i64)>,
    body: web::Json<Redirect>,
) -> Result<HttpResponse> {
    let (office_id, entry_id) = entry_of(&auth, path.into_inner())?;
    let item = retry::in_transaction(&state.db, async |tx| {
        let (context, identity) = (state.context(), &auth.identity);
        Ok(call_queue::redirect(tx, &context, identity, office_id, entry_id, &body).await?)
    })
    .await?;
    Ok(HttpResponse::Ok().json(item))
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
        let (context, identity) = (state.context(), &auth.identity);
        Ok(call_queue::no_show(tx, &context, identity, office_id, entry_id).await?)
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
