//! Labelled form fields of the configuration forms, each bound to a signal.

use crate::i18n::admin::{Text, t};
use leptos::prelude::*;
use shared::offices::BookingRules;

/// A one-line (or, with `multiline`, several-line) text field.
#[component]
pub fn TextField(
    id: String,
    label: Text,
    value: RwSignal<String>,
    #[prop(optional)] multiline: bool,
    #[prop(optional)] required: bool,
    #[prop(default = "text")] kind: &'static str,
) -> impl IntoView {
    let input = if multiline {
        view! { <textarea id=id.clone() rows="3" required=required bind:value=value></textarea> }
            .into_any()
    } else {
        view! { <input id=id.clone() type=kind required=required bind:value=value /> }.into_any()
    };
    view! {
        <div class="field">
            <label for=id>
                {t(label)}
                {required.then(|| view! { " " <span class="required" aria-hidden="true">"*"</span> })}
            </label>
            {input}
        </div>
    }
}

/// A whole number between `min` and `max`.
#[component]
pub fn NumberField(
    id: String,
    label: Text,
    value: RwSignal<u32>,
    #[prop(default = 0)] min: u32,
    #[prop(default = 100_000)] max: u32,
) -> impl IntoView {
    view! {
        <div class="field">
            <label for=id.clone()>{t(label)}</label>
            <input
                id=id
                type="number"
                inputmode="numeric"
                min=min.to_string()
                max=max.to_string()
                prop:value=move || value.get().to_string()
                on:input=move |ev| {
                    if let Ok(n) = event_target_value(&ev).parse::<u32>() {
                        value.set(n.clamp(min, max));
                    }
                }
            />
        </div>
    }
}

/// A checkbox with its label after it.
#[component]
pub fn CheckField(id: String, label: Text, value: RwSignal<bool>) -> impl IntoView {
    view! {
        <div class="choice">
            <input id=id.clone() type="checkbox" bind:checked=value />
            <label for=id>{t(label)}</label>
        </div>
    }
}

/// The booking rules of an office as form state.
#[derive(Debug, Clone, Copy)]
pub struct BookingRulesInput {
    horizon: RwSignal<u32>,
    min_notice: RwSignal<u32>,
    hold: RwSignal<u32>,
    max_open: RwSignal<u32>,
    activation: RwSignal<bool>,
    activation_deadline: RwSignal<u32>,
    cooldown: RwSignal<u32>,
    waitlist_offer: RwSignal<u32>,
    release_window: RwSignal<u32>,
    /// `HH:MM`, or empty for midnight.
    release_time: RwSignal<String>,
}

impl BookingRulesInput {
    pub fn new(rules: BookingRules) -> Self {
        BookingRulesInput {
            horizon: RwSignal::new(rules.horizon_days),
            min_notice: RwSignal::new(rules.min_notice_minutes),
            hold: RwSignal::new(rules.hold_minutes),
            max_open: RwSignal::new(rules.max_open_appointments_per_email),
            activation: RwSignal::new(rules.activation_required),
            activation_deadline: RwSignal::new(rules.activation_deadline_minutes),
            cooldown: RwSignal::new(rules.cancellation_cooldown_minutes),
            waitlist_offer: RwSignal::new(rules.waitlist_offer_minutes),
            release_window: RwSignal::new(rules.release_window_minutes),
            release_time: RwSignal::new(
                rules
                    .daily_release_time
                    .map(|time| time.format("%H:%M").to_string())
                    .unwrap_or_default(),
            ),
        }
    }

    /// The rules as entered.
    pub fn value(&self) -> BookingRules {
        BookingRules {
            horizon_days: self.horizon.get_untracked(),
            min_notice_minutes: self.min_notice.get_untracked(),
            hold_minutes: self.hold.get_untracked(),
            max_open_appointments_per_email: self.max_open.get_untracked(),
            activation_required: self.activation.get_untracked(),
            activation_deadline_minutes: self.activation_deadline.get_untracked(),
            cancellation_cooldown_minutes: self.cooldown.get_untracked(),
            waitlist_offer_minutes: self.waitlist_offer.get_untracked(),
            release_window_minutes: self.release_window.get_untracked(),
            daily_release_time: chrono::NaiveTime::parse_from_str(
                &self.release_time.get_untracked(),
                "%H:%M",
            )
            .ok(),
        }
    }
}

/// The booking-rules fieldset of the office forms; field ids start with `prefix`.
#[component]
pub fn BookingRulesFieldset(prefix: &'static str, rules: BookingRulesInput) -> impl IntoView {
    let f = move |name: &str| format!("{prefix}-{name}");
    view! {
        <fieldset>
            <legend>{t(Text::BookingRulesTitle)}</legend>
            <div class="field-row">
                <NumberField id=f("horizon") label=Text::HorizonDays value=rules.horizon min=1 max=730 />
                <NumberField id=f("min-notice") label=Text::MinNoticeMinutes value=rules.min_notice />
                <NumberField id=f("hold") label=Text::HoldMinutes value=rules.hold min=1 max=120 />
                <NumberField id=f("max-open") label=Text::MaxOpenPerEmail value=rules.max_open min=1 max=100 />
                <NumberField id=f("activation-deadline") label=Text::ActivationDeadlineMinutes value=rules.activation_deadline min=1 max=10_080 />
                <NumberField id=f("cooldown") label=Text::CooldownMinutes value=rules.cooldown max=10_080 />
                <NumberField id=f("waitlist-offer") label=Text::WaitlistOfferMinutes value=rules.waitlist_offer max=1440 />
                <TextField id=f("release-time") label=Text::DailyReleaseTime value=rules.release_time kind="time" />
                <NumberField id=f("release-window") label=Text::ReleaseWindowMinutes value=rules.release_window max=720 />
            </div>
            <CheckField id=f("activation") label=Text::ActivationRequired value=rules.activation />
        </fieldset>
    }
}
