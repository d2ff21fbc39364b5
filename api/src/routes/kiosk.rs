//! `GET /api/v1/kiosk`, `POST /api/v1/kiosk/tickets`: a ticket kiosk at an office's entrance,
//! known by its `X-Kiosk-Token`.

use super::extract::{IdempotencyKey, KioskCredential};
use super::idempotency::Idempotency;
use super::state::AppState;
use crate::error::Result;
use crate::scheduling::kiosk;
use actix_web::{HttpResponse, get, post, web};
use shared::call_queue::{IssuedTicket, KioskSession, NewTicket};
use shared::problem::Problem;

/// Which office this kiosk stands in, and whether walk-ins get a ticket there now.
#[utoipa::path(get, path = "/api/v1/kiosk", tag = "call queue",
    params(("X-Kiosk-Token" = String, Header, description = "The kiosk's device token (issued by staff)")),
    responses(
        (status = 200, description = "The kiosk's office", body = KioskSession),
        (status = 401, description = "`unauthorized`: no kiosk token, or one that was revoked or never issued", body = Problem, content_type = "application/problem+json"),
    ))]
#[get("/kiosk")]
pub async fn session(
    state: web::Data<AppState>,
    credential: KioskCredential,
) -> Result<HttpResponse> {
    let mut tx = state.db.begin_read().await?;
    let session = kiosk::session(&mut tx, state.clock.now(), credential.0.as_ref()).await?;
    Ok(HttpResponse::Ok().json(session))
}

/// Draws a walk-in ticket at the kiosk's office for one or more of its services. The answer
/// carries the `number` to print and the `token` of the ticket's page (`/ticket/{token}`, the
/// QR code on the printout).
#[utoipa::path(post, path = "/api/v1/kiosk/tickets", tag = "call queue", request_body = NewTicket,
    params(
        ("X-Kiosk-Token" = String, Header, description = "The kiosk's device token (issued by staff)"),
        ("Idempotency-Key" = Option<String>, Header, description = "Client-chosen key (1–255 visible ASCII characters); a retry with the same key and body returns the same ticket"),
    ),
    responses(
        (status = 201, description = "Drawn", body = IssuedTicket),
        (status = 401, description = "`unauthorized`: no kiosk token, or one that was revoked or never issued", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "`tickets_exhausted`: every number of today is given out; `walk_ins_exhausted`: today's contingent of walk-in tickets is given out; `walk_ins_closed`: no walk-in tickets from this time of day on", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Services missing, not offered here, listed twice or too many; `idempotency_key_reused`", body = Problem, content_type = "application/problem+json"),
    ))]
#[post("/kiosk/tickets")]
pub async fn draw_ticket(
    state: web::Data<AppState>,
    credential: KioskCredential,
    key: IdempotencyKey,
    body: web::Json<NewTicket>,
) -> Result<HttpResponse> {
    let token = credential.0.as_ref();
    // Replays stay with the kiosk that drew the ticket.
    let scope = format!(
        "kiosk_tickets:{}",
        token.map(|t| t.hash()).unwrap_or_default()
    );
    let idempotency = Idempotency::new(scope, key, &*body)?;
    idempotency
        .created(&state, async |tx| {
            Ok(kiosk::draw_ticket(tx, state.clock.now(), token, &body).await?)
        })
        .await
}
