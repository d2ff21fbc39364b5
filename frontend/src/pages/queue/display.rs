//! `/display/:office`: the screen in the waiting room. It fills the screen with the newest call
//! (`A-017 → Schalter 3`) in large, high-contrast type and lists the calls before it; each new
//! call is announced to screen readers and, once switched on, with a chime. Calls arrive
//! through the office's event stream within a second; the page reconnects by itself.

use crate::components::{Heard, listen_to_calls};
use crate::i18n::{Text, call_announcement, t, use_locale};
use crate::store::use_catalog;
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;
use shared::call_queue::DisplayCall;
use shared::ids::OfficeId;

/// How many calls the screen shows.
const SHOWN: usize = 8;

/// The board after `heard`: the newest call first, at most [`SHOWN`].
fn board_after(mut board: Vec<DisplayCall>, heard: Heard) -> Vec<DisplayCall> {
    match heard {
        Heard::Board(calls) => board = calls,
        Heard::Call(call) => {
            board.retain(|shown| shown.number != call.number);
            board.insert(0, call);
        }
        Heard::Lost => {}
    }
    board.truncate(SHOWN);
    board
}

#[component]
pub fn DisplayPage() -> impl IntoView {
    let params = use_params_map();
    let office =
        params.with_untracked(|p| p.get("office").and_then(|v| v.parse::<OfficeId>().ok()));
    let locale = use_locale();
    let catalog = use_catalog();
    let board = RwSignal::new(Vec::<DisplayCall>::new());
    let connected = RwSignal::new(true);
    let announcement = RwSignal::new(String::new());
    let chime = RwSignal::new(false);
    if let Some(office) = office {
        listen_to_calls(office, move |heard| {
            connected.set(!matches!(heard, Heard::Lost));
            if let Heard::Call(call) = &heard {
                announcement.set(call_announcement(
                    locale.get_untracked(),
                    &call.number,
                    &call.counter,
                ));
                if chime.get_untracked() {
                    play_chime();
                }
            }
            board.update(|shown| *shown = board_after(std::mem::take(shown), heard));
        });
    }
    let office_name = move || office.and_then(|id| catalog.office(id)).map(|o| o.name);
    let newest = move || board.with(|calls| calls.first().cloned());
    let earlier = move || board.with(|calls| calls.iter().skip(1).cloned().collect::<Vec<_>>());

    view! {
        <div class="call-display">
            <header class="call-display-header">
                <h1>{t(Text::DisplayTitle)} " " {office_name}</h1>
                <button
                    type="button"
                    class="button secondary"
                    aria-pressed=move || chime.get().to_string()
                    on:click=move |_| chime.update(|on| *on = !*on)
                >
                    {move || if chime.get() { t(Text::DisplayChimeOff)() } else { t(Text::DisplayChimeOn)() }}
                </button>
            </header>
            <p class="call-display-status" role="status" hidden=move || connected.get()>
                {t(Text::DisplayReconnecting)}
            </p>
            <section class="call-now" aria-labelledby="call-now-heading">
                <h2 id="call-now-heading">{t(Text::DisplayNow)}</h2>
                {move || match newest() {
                    Some(call) => view! {
                        <p class="call-now-line">
                            <span class="call-number">{call.number}</span>
                            <span class="call-arrow" aria-hidden="true">" → "</span>
                            <span class="visually-hidden">" – "</span>
                            <span class="call-counter">{call.counter}</span>
                        </p>
                    }.into_any(),
                    None => view! { <p>{t(Text::DisplayNobodyYet)}</p> }.into_any(),
                }}
            </section>
            <section aria-labelledby="call-earlier-heading">
                <h2 id="call-earlier-heading">{t(Text::DisplayEarlier)}</h2>
                <table class="call-list">
                    <thead>
                        <tr>
                            <th scope="col">{t(Text::DisplayNumber)}</th>
                            <th scope="col">{t(Text::DisplayCounter)}</th>
                        </tr>
                    </thead>
                    <tbody>
                        <For each=earlier key=|call| call.number.clone() let:call>
                            <tr>
                                <td>{call.number}</td>
                                <td>{call.counter}</td>
                            </tr>
                        </For>
                    </tbody>
                </table>
            </section>
            <div class="visually-hidden" aria-live="assertive" aria-atomic="true">
                {move || announcement.get()}
            </div>
        </div>
    }
}

/// Two short tones (Web Audio, nothing to download). Browsers play sound only after someone
/// touched the page, which switching the sound on does.
fn play_chime() {
    let Ok(context) = web_sys::AudioContext::new() else {
        return;
    };
    let start = context.current_time();
    for (offset, frequency) in [(0.0, 880.0), (0.25, 660.0)] {
        let (Ok(tone), Ok(gain)) = (context.create_oscillator(), context.create_gain()) else {
            return;
        };
        tone.frequency().set_value(frequency);
        gain.gain().set_value(0.2);
        let _ = tone.connect_with_audio_node(&gain);
        let _ = gain.connect_with_audio_node(&context.destination());
        let _ = tone.start_with_when(start + offset);
        let _ = tone.stop_with_when(start + offset + 0.2);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn call(number: &str, counter: &str) -> DisplayCall {
        DisplayCall {
            number: number.into(),
            counter: counter.into(),
            called_at: chrono::DateTime::parse_from_rfc3339("2026-12-02T09:00:00+01:00").unwrap(),
        }
    }

    #[test]
    fn a_new_call_goes_on_top_and_a_recalled_number_moves_up_instead_of_showing_twice() {
        let board = board_after(
            Vec::new(),
            Heard::Board(vec![call("A-002", "1"), call("A-001", "2")]),
        );
        let board = board_after(board, Heard::Call(call("A-001", "3")));
        let shown: Vec<(&str, &str)> = board
            .iter()
            .map(|c| (c.number.as_str(), c.counter.as_str()))
            .collect();
        assert_eq!(shown, [("A-001", "3"), ("A-002", "1")]);
    }

    #[test]
    fn the_board_keeps_the_newest_calls_and_survives_a_lost_connection() {
        let mut board = Vec::new();
        for n in 1..=10 {
            board = board_after(board, Heard::Call(call(&format!("A-{n:03}"), "1")));
        }
        let board = board_after(board, Heard::Lost);
        assert_eq!(board.len(), SHOWN);
        assert_eq!(board[0].number, "A-010");
    }
}
