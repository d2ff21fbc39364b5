//! How the office calls — appointments first or one line, from when an appointment is late —
//! and its daily contingent of walk-in tickets (how many, until when), for its managers.

use super::{Today, api};
use crate::admin::area::StaffError;
use crate::api::ApiError;
use crate::i18n::admin::{Text, t};
use chrono::NaiveTime;
use leptos::prelude::*;
use leptos::task::spawn_local;
use shared::call_queue::{CallPriority, MAX_LATE_AFTER_MINUTES, MAX_WALK_IN_LIMIT, QueueSettings};
use shared::ids::OfficeId;

/// The settings as the form holds them (what was typed).
#[derive(Debug, Clone, Copy)]
struct Form {
    priority: RwSignal<CallPriority>,
    late_after: RwSignal<String>,
    limit: RwSignal<String>,
    until: RwSignal<String>,
}

impl Form {
    fn new() -> Form {
        Form {
            priority: RwSignal::new(CallPriority::default()),
            late_after: RwSignal::new(String::new()),
            limit: RwSignal::new(String::new()),
            until: RwSignal::new(String::new()),
        }
    }

    fn show(self, settings: &QueueSettings) {
        self.priority.set(settings.priority);
        self.late_after.set(settings.late_after_minutes.to_string());
        self.limit.set(
            settings
                .walk_in_limit
                .map(|n| n.to_string())
                .unwrap_or_default(),
        );
        self.until.set(
            settings
                .walk_ins_until
                .map(|at| at.format("%H:%M").to_string())
                .unwrap_or_default(),
        );
    }

    /// The settings typed, or which field is not understood.
    fn settings(self) -> Result<QueueSettings, Text> {
        let late_after_minutes = self
            .late_after
            .get_untracked()
            .trim()
            .parse::<u32>()
            .ok()
            .filter(|n| *n <= MAX_LATE_AFTER_MINUTES)
            .ok_or(Text::QueueRulesLateInvalid)?;
        let limit = self.limit.get_untracked();
        let walk_in_limit = match limit.trim() {
            "" => None,
            typed => Some(
                typed
                    .parse::<u32>()
                    .ok()
                    .filter(|n| *n <= MAX_WALK_IN_LIMIT)
                    .ok_or(Text::QueueRulesLimitInvalid)?,
            ),
        };
        let until = self.until.get_untracked();
        let walk_ins_until = match until.trim() {
            "" => None,
            typed => Some(
                NaiveTime::parse_from_str(typed, "%H:%M")
                    .map_err(|_| Text::QueueRulesUntilInvalid)?,
            ),
        };
        Ok(QueueSettings {
            priority: self.priority.get_untracked(),
            late_after_minutes,
            walk_in_limit,
            walk_ins_until,
        })
    }
}

#[component]
pub fn QueueRules(office: OfficeId, today: Today) -> impl IntoView {
    let form = Form::new();
    let error = RwSignal::new(None::<ApiError>);
    let not_understood = RwSignal::new(None::<Text>);
    let saved = RwSignal::new(false);
    let stored = LocalResource::new(move || api::queue_settings(office));
    Effect::new(move |_| {
        if let Some(Ok(settings)) = stored.get() {
            form.show(&settings);
        }
    });
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        saved.set(false);
        let settings = match form.settings() {
            Ok(settings) => settings,
            Err(problem) => {
                not_understood.set(Some(problem));
                return;
            }
        };
        not_understood.set(None);
        spawn_local(async move {
            match api::set_queue_settings(office, &settings).await {
                Ok(stored) => {
                    error.set(None);
                    form.show(&stored);
                    saved.set(true);
                }
                Err(refused) => error.set(Some(refused)),
            }
            today.read_again();
        });
    };
    let priority_choice = move |id: &'static str, priority: CallPriority, label: Text| {
        view! {
            <li>
                <input type="radio" name="queue-priority" id=id
                    prop:checked=move || form.priority.get() == priority
                    on:change=move |_| form.priority.set(priority) />
                <label for=id>{t(label)}</label>
            </li>
        }
    };
    view! {
        <section class="panel" aria-labelledby="queue-rules-heading">
            <h2 id="queue-rules-heading">{t(Text::QueueRulesTitle)}</h2>
            <form on:submit=save>
                <fieldset>
                    <legend>{t(Text::QueueRulesPriority)}</legend>
                    <ul class="plain">
                        {priority_choice("priority-appointments-first", CallPriority::AppointmentsFirst, Text::QueueRulesAppointmentsFirst)}
                        {priority_choice("priority-one-line", CallPriority::OneLine, Text::QueueRulesOneLine)}
                    </ul>
                </fieldset>
                <div class="field">
                    <label for="late-after">{t(Text::QueueRulesLate)}</label>
                    <input id="late-after" type="number" min="0" max=MAX_LATE_AFTER_MINUTES.to_string() required
                        prop:value=move || form.late_after.get()
                        on:input=move |ev| form.late_after.set(event_target_value(&ev)) />
                </div>
                <div class="field">
                    <label for="walk-in-limit">{t(Text::QueueRulesLimit)}</label>
                    <input id="walk-in-limit" type="number" min="0" max=MAX_WALK_IN_LIMIT.to_string()
                        aria-describedby="walk-in-limit-hint"
                        prop:value=move || form.limit.get()
                        on:input=move |ev| form.limit.set(event_target_value(&ev)) />
                    <p class="hint" id="walk-in-limit-hint">{t(Text::QueueRulesEmptyNoLimit)}</p>
                </div>
                <div class="field">
                    <label for="walk-ins-until">{t(Text::QueueRulesUntil)}</label>
                    <input id="walk-ins-until" type="time"
                        aria-describedby="walk-ins-until-hint"
                        prop:value=move || form.until.get()
                        on:input=move |ev| form.until.set(event_target_value(&ev)) />
                    <p class="hint" id="walk-ins-until-hint">{t(Text::QueueRulesEmptyNoLimit)}</p>
                </div>
                <p class="field-error" role="alert" hidden=move || not_understood.with(Option::is_none)>
                    {move || not_understood.get().map(|text| t(text)())}
                </p>
                <button type="submit" id="save-queue-rules" class="button secondary">{t(Text::QueueRulesSave)}</button>
            </form>
            {move || error.get().map(|error| view! { <StaffError error /> })}
            <p role="status" hidden=move || !saved.get()>{t(Text::QueueRulesSaved)}</p>
        </section>
    }
}
