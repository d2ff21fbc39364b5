//! `GET /api/v1/offices/{office_id}/calls`: the calls of an office as Server-Sent Events, for
//! the display in its waiting room.
//!
//! The stream opens with `retry: 1000` (reconnect after a second) and a `calls` event — the
//! board: the last calls of today, newest first —, then sends a `call` event for each new call
//! of this office, whichever process made it (`call_feed`). When calls may have been missed
//! (the database connection broke, or this display fell behind) it sends the board again. A
//! comment every 15 seconds keeps proxies from closing an idle stream; the stream ends when
//! the process is asked to stop, and the display connects again to the next one.

use super::state::AppState;
use crate::call_feed::FeedEvent;
use crate::error::{ApiError, Result};
use crate::scheduling::call_queue;
use actix_web::http::header;
use actix_web::web::Bytes;
use actix_web::{HttpResponse, get, web};
use serde::Serialize;
use shared::call_queue::DisplayCall;
use shared::ids::OfficeId;
use shared::problem::Problem;
use std::time::Duration;
use tokio::sync::broadcast::{self, error::RecvError};
use tokio::sync::watch;

/// How often an idle stream says it is alive.
const KEEP_ALIVE: Duration = Duration::from_secs(15);

/// The calls of an office, live: a `calls` event with the last calls of today (a JSON array
/// of `DisplayCall`, newest first), then a `call` event (one `DisplayCall`) for each new call,
/// within milliseconds of it; `calls` again whenever calls may have been missed. Reconnect
/// after the stream ends: the board comes first again.
#[utoipa::path(get, path = "/api/v1/offices/{office_id}/calls", tag = "call queue",
    params(("office_id" = i64, Path, description = "Office id")),
    responses(
        (status = 200, description = "`text/event-stream` of `calls` (array of DisplayCall) and `call` (DisplayCall) events", body = String, content_type = "text/event-stream"),
        (status = 404, description = "No such office", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "This process serves as many displays as it can; try again later", body = Problem, content_type = "application/problem+json"),
    ))]
#[get("/offices/{office_id}/calls")]
pub async fn stream(state: web::Data<AppState>, office_id: web::Path<i64>) -> Result<HttpResponse> {
    let office_id = OfficeId(office_id.into_inner());
    let board = board_of(&state, office_id).await?;
    let receiver = state
        .streams
        .calls
        .subscribe()
        .ok_or(ApiError::TooManyRequests {
            retry_after_secs: 30,
        })?;
    let display = Display {
        office_id,
        pending: Some(event_bytes("calls", &board)),
        receiver,
        keep_alive: tokio::time::interval_at(tokio::time::Instant::now() + KEEP_ALIVE, KEEP_ALIVE),
        closing: state.streams.closing.clone(),
        state: state.clone(),
    };
    let events = futures::stream::unfold(display, |mut display| async move {
        let chunk = display.next_chunk().await?;
        Some((Ok::<_, actix_web::Error>(chunk), display))
    });
    Ok(HttpResponse::Ok()
        .content_type("text/event-stream")
        .insert_header((header::CACHE_CONTROL, "no-store"))
        // Compression would hold events back until a block is full; nginx would buffer them.
        .insert_header((header::CONTENT_ENCODING, "identity"))
        .insert_header(("X-Accel-Buffering", "no"))
        .streaming(events))
}

async fn board_of(state: &AppState, office_id: OfficeId) -> Result<Vec<DisplayCall>> {
    let mut tx = state.db.begin_read().await?;
    Ok(call_queue::board(&mut tx, state.clock.now(), office_id).await?)
}

/// One display's stream.
struct Display {
    office_id: OfficeId,
    /// Sent before anything else.
    pending: Option<Bytes>,
    receiver: broadcast::Receiver<FeedEvent>,
    keep_alive: tokio::time::Interval,
    closing: watch::Receiver<bool>,
    state: web::Data<AppState>,
}

impl Display {
    /// The next bytes to send; `None` ends the stream.
    async fn next_chunk(&mut self) -> Option<Bytes> {
        if let Some(first) = self.pending.take() {
            return Some(first);
        }
        loop {
            if *self.closing.borrow() {
                return None;
            }
            let heard = tokio::select! {
                _ = self.closing.changed() => return None,
                _ = self.keep_alive.tick() => return Some(Bytes::from_static(b": alive\n\n")),
                heard = self.receiver.recv() => heard,
            };
            match heard {
                Ok(FeedEvent::Call(made)) if made.office_id == self.office_id.0 => {
                    return Some(event_bytes("call", &made.call));
                }
                Ok(FeedEvent::Call(_)) => {}
                Ok(FeedEvent::Gap) | Err(RecvError::Lagged(_)) => {
                    return match board_of(&self.state, self.office_id).await {
                        Ok(board) => Some(event_bytes("calls", &board)),
                        Err(error) => {
                            tracing::warn!(%error, "cannot read the board again; the display reconnects");
                            None
                        }
                    };
                }
                Err(RecvError::Closed) => return None,
            }
        }
    }
}

/// One Server-Sent Event; the first of a stream also asks for reconnecting after a second.
fn event_bytes(name: &str, data: &impl Serialize) -> Bytes {
    let data = serde_json::to_string(data).unwrap_or_else(|_| "null".to_owned());
    let retry = if name == "calls" { "retry: 1000\n" } else { "" };
    Bytes::from(format!("{retry}event: {name}\ndata: {data}\n\n"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_event_is_one_json_line_after_its_name_and_a_board_asks_for_quick_reconnects() {
        let call = serde_json::json!({"number": "A-017", "counter": "Schalter\n3"});
        assert_eq!(
            event_bytes("call", &call),
            Bytes::from(
                "event: call\ndata: {\"counter\":\"Schalter\\n3\",\"number\":\"A-017\"}\n\n"
            )
        );
        assert!(event_bytes("calls", &[call]).starts_with(b"retry: 1000\nevent: calls\n"));
    }
}
