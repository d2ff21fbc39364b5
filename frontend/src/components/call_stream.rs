//! Listening to an office's calls (`GET /offices/{office_id}/calls`, Server-Sent Events) with
//! the browser's `EventSource`: the board when connected, each new call, and whether the line
//! is up. The browser reconnects by itself after a dropped connection; when it gives up (the
//! server answered an error, e.g. while restarting behind a proxy, or it serves as many
//! streams as it can), this connects again after 3 seconds, then 6, 12, … up to a minute, for
//! as long as the page is open.

use crate::api;
use leptos::prelude::*;
use shared::call_queue::DisplayCall;
use shared::ids::OfficeId;
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::JsCast;
use wasm_bindgen::closure::Closure;
use web_sys::{EventSource, MessageEvent};

/// What the stream told.
#[derive(Debug, Clone, PartialEq)]
pub enum Heard {
    /// The last calls of today, newest first (on every (re)connect).
    Board(Vec<DisplayCall>),
    /// A new call.
    Call(DisplayCall),
    /// The connection dropped; calls may be missed until the next board.
    Lost,
}

/// Wait before connecting anew after the browser gave up, doubled for each failure in a row.
const RECONNECT_AFTER_MS: i32 = 3_000;
const RECONNECT_AT_MOST_MS: i32 = 60_000;

/// The wait before the `failures`-th attempt in a row (1, 2, …).
fn reconnect_after_ms(failures: u32) -> i32 {
    RECONNECT_AFTER_MS
        .saturating_mul(1 << failures.saturating_sub(1).min(5))
        .min(RECONNECT_AT_MOST_MS)
}

struct Connection {
    source: EventSource,
    _listeners: Vec<Closure<dyn FnMut(MessageEvent)>>,
}

struct Listening {
    url: String,
    on_heard: Rc<dyn Fn(Heard)>,
    connection: RefCell<Option<Connection>>,
    stopped: RefCell<bool>,
    /// Attempts in a row that ended without a board.
    failures: RefCell<u32>,
}

/// Listens to `office`'s calls while the calling component lives; `on_heard` hears each.
pub fn listen_to_calls(office: OfficeId, on_heard: impl Fn(Heard) + 'static) {
    let listening = Rc::new(Listening {
        url: api::calls_stream_path(office),
        on_heard: Rc::new(on_heard),
        connection: RefCell::new(None),
        stopped: RefCell::new(false),
        failures: RefCell::new(0),
    });
    connect(&listening);
    let kept = StoredValue::new_local(listening);
    on_cleanup(move || {
        kept.with_value(|listening| {
            *listening.stopped.borrow_mut() = true;
            if let Some(connection) = listening.connection.borrow_mut().take() {
                connection.source.close();
            }
        });
    });
}

fn connect(listening: &Rc<Listening>) {
    if *listening.stopped.borrow() {
        return;
    }
    let Ok(source) = EventSource::new(&listening.url) else {
        return;
    };
    let board = {
        let listening = Rc::downgrade(listening);
        Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
            let Some(listening) = listening.upgrade() else {
                return;
            };
            if let Some(calls) = data_of::<Vec<DisplayCall>>(&event) {
                *listening.failures.borrow_mut() = 0;
                (listening.on_heard)(Heard::Board(calls));
            }
        })
    };
    let call = {
        let on_heard = listening.on_heard.clone();
        Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
            if let Some(call) = data_of::<DisplayCall>(&event) {
                on_heard(Heard::Call(call));
            }
        })
    };
    let error = {
        let listening = Rc::downgrade(listening);
        Closure::<dyn FnMut(MessageEvent)>::new(move |_event: MessageEvent| {
            let Some(listening) = listening.upgrade() else {
                return;
            };
            (listening.on_heard)(Heard::Lost);
            let gave_up = listening
                .connection
                .borrow()
                .as_ref()
                .is_some_and(|c| c.source.ready_state() == EventSource::CLOSED);
            if gave_up {
                let failures = {
                    let mut failures = listening.failures.borrow_mut();
                    *failures += 1;
                    *failures
                };
                let retry = Closure::once_into_js(move || connect(&listening));
                let _ = window().set_timeout_with_callback_and_timeout_and_arguments_0(
                    retry.unchecked_ref(),
                    reconnect_after_ms(failures),
                );
            }
        })
    };
    let _ = source.add_event_listener_with_callback("calls", board.as_ref().unchecked_ref());
    let _ = source.add_event_listener_with_callback("call", call.as_ref().unchecked_ref());
    source.set_onerror(Some(error.as_ref().unchecked_ref()));
    if let Some(previous) = listening.connection.borrow_mut().replace(Connection {
        source,
        _listeners: vec![board, call, error],
    }) {
        previous.source.close();
    }
}

fn data_of<T: serde::de::DeserializeOwned>(event: &MessageEvent) -> Option<T> {
    serde_json::from_str(&event.data().as_string()?).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reconnecting_waits_longer_after_each_failure_up_to_a_minute() {
        let waits: Vec<i32> = (1..=8).map(reconnect_after_ms).collect();
        assert_eq!(
            waits,
            [3_000, 6_000, 12_000, 24_000, 48_000, 60_000, 60_000, 60_000]
        );
    }
}
