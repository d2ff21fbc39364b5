//! `GET /api/v1/tickets/{token}`: a ticket's page on the citizen's phone;
//! `GET /api/v1/offices/{office_id}/walk-ins`: whether walk-ins get a ticket today.

use super::state::AppState;
use crate::error::Result;
use crate::scheduling::call_queue;
use actix_web::{HttpResponse, get, web};
use shared::call_queue::{TicketStatus, WalkIns};
use shared::ids::OfficeId;
use shared::problem::Problem;

/// Where a ticket is in line: how many will be called before it and the estimated wait (from
/// today's measured service times), or the counter it was called to. No personal data.
#[utoipa::path(get, path = "/api/v1/tickets/{token}", tag = "call queue",
    params(("token" = String, Path, description = "The ticket's token (from its QR code)")),
    responses(
        (status = 200, description = "The ticket", body = TicketStatus),
        (status = 404, description = "No such ticket", body = Problem, content_type = "application/problem+json"),
        (status = 410, description = "`ticket_expired`: the ticket was for an earlier day", body = Problem, content_type = "application/problem+json"),
    ))]
#[get("/tickets/{token}")]
pub async fn show(state: web::Data<AppState>, token: web::Path<String>) -> Result<HttpResponse> {
    let mut tx = state.db.begin_read().await?;
    let status = call_queue::status(&mut tx, state.clock.now(), &token).await?;
    Ok(HttpResponse::Ok().json(status))
}

/// Whether walk-ins get a ticket at the office now: the daily contingent left and until when
/// tickets are given out (the kiosk and the start page show it).
#[utoipa::path(get, path = "/api/v1/offices/{office_id}/walk-ins", tag = "call queue",
    params(("office_id" = i64, Path, description = "Office id")),
    responses(
        (status = 200, description = "Walk-ins today", body = WalkIns),
        (status = 404, description = "No such office", body = Problem, content_type = "application/problem+json"),
    ))]
#[get("/offices/{office_id}/walk-ins")]
pub async fn walk_ins(
    state: web::Data<AppState>,
    office_id: web::Path<i64>,
) -> Result<HttpResponse> {
    let office_id = OfficeId(office_id.into_inner());
    let mut tx = state.db.begin_read().await?;
    let walk_ins = call_queue::walk_ins(&mut tx, state.clock.now(), office_id).await?;
    Ok(HttpResponse::Ok().json(walk_ins))
}
