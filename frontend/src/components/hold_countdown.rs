use crate::components::status::use_announcer;
use crate::i18n::{Text, countdown, hold_warning, t, use_locale};
use chrono::{DateTime, Utc};
use leptos::prelude::*;
use std::time::Duration;

fn seconds_left(expires_at: DateTime<Utc>) -> i64 {
    (expires_at.timestamp_millis() - js_sys::Date::now() as i64) / 1000
}

/// "Reserved for another 9:05" – ticking down to `expires_at`; calls `on_expired` once at zero.
/// Screen readers hear a warning at two minutes, not every tick.
#[component]
pub fn HoldCountdown(expires_at: DateTime<Utc>, on_expired: Callback<()>) -> impl IntoView {
    let locale = use_locale();
    let announcer = use_announcer();
    let left = RwSignal::new(seconds_left(expires_at));
    let warned = StoredValue::new(left.get_untracked() <= 120);
    let expired = StoredValue::new(false);
    let tick = move || {
        let now_left = seconds_left(expires_at);
        left.set(now_left);
        if now_left <= 120 && !warned.get_value() {
            warned.set_value(true);
            announcer.say(hold_warning(locale.get_untracked(), 2));
        }
        if now_left <= 0 && !expired.get_value() {
            expired.set_value(true);
            on_expired.run(());
        }
    };
    if let Ok(handle) = set_interval_with_handle(tick, Duration::from_secs(1)) {
        on_cleanup(move || handle.clear());
    }
    view! {
        <p class="countdown" class:urgent=move || { left.get() <= 120 } role="timer">
            {t(Text::ReservedFor)}
            " "
            <strong aria-hidden="true">{move || countdown(locale.get(), left.get()).0}</strong>
            <span class="visually-hidden">{move || countdown(locale.get(), left.get()).1}</span>
        </p>
    }
}
