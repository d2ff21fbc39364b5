//! Weekly opening rules of an office: weekdays, hours, slot length, counters (some kept for
//! staff bookings), validity. Removing one previews the affected appointments first.

use super::api::{self, Decision};
use super::area::StaffError;
use super::capacity_change::CapacityDecision;
use super::form::NumberField;
use super::table::{Column, DataTable};
use crate::api::ApiError;
use crate::browser::parse_time;
use crate::components::{Loading, WeekdayChoices, use_announcer};
use crate::i18n::admin::{Text, t};
use crate::i18n::{time_range, use_locale, weekdays_list};
use chrono::{NaiveDate, Weekday};
use leptos::prelude::*;
use leptos::task::spawn_local;
use shared::admin::{AdminOpeningRule, OpeningRuleSettings, StaffAppointment};
use shared::ids::OfficeId;

#[component]
pub fn OpeningRules(office: OfficeId) -> impl IntoView {
    let locale = use_locale();
    let announcer = use_announcer();
    let reload = RwSignal::new(0u32);
    let rules = LocalResource::new(move || {
        reload.track();
        api::opening_rules(office)
    });
    let error = RwSignal::new(None::<ApiError>);
    let pending = RwSignal::new(None::<(i64, Vec<StaffAppointment>)>);
    let done = move || {
        announcer.say(Text::Saved.get(locale.get_untracked()));
        reload.update(|n| *n += 1);
    };
    let remove = move |rule: i64, decision: Decision| {
        error.set(None);
        spawn_local(async move {
            match api::remove_opening_rule(office, rule, decision).await {
                Ok(change) if change.dry_run && !change.affected.is_empty() => {
                    pending.set(Some((rule, change.affected)));
                }
                Ok(change) if change.dry_run => {
                    match api::remove_opening_rule(office, rule, Decision::Save(None)).await {
                        Ok(_) => done(),
                        Err(failure) => error.set(Some(failure)),
                    }
                }
                Ok(_) => {
                    pending.set(None);
                    done();
                }
                Err(failure) => error.set(Some(failure)),
            }
        });
    };
    let added = Callback::new(move |_: ()| done());

    view! {
        <section aria-labelledby="rules-title" class="admin-section">
            <h2 id="rules-title">{t(Text::OpeningRulesTitle)}</h2>
            <Transition fallback=Loading>
                {move || {
                    rules.get().map(|result| match result {
                        Ok(list) if list.is_empty() => view! { <p class="muted">{t(Text::NoRules)}</p> }.into_any(),
                        Ok(list) => view! {
                            <DataTable labelled_by="rules-title" columns=vec![
                                Column::Shown(Text::Weekdays),
                                Column::Shown(Text::Hours),
                                Column::Shown(Text::SlotMinutes),
                                Column::Shown(Text::Counters),
                                Column::Shown(Text::Validity),
                                Column::ForScreenReaders(Text::Actions),
                            ]>
                                {list.into_iter().map(|rule| view! { <RuleRow rule remove /> }).collect_view()}
                            </DataTable>
                        }
                            .into_any(),
                        Err(error) => view! { <StaffError error /> }.into_any(),
                    })
                }}
            </Transition>
            {move || error.get().map(|error| view! { <StaffError error /> })}
            {move || {
                pending.get().map(|(rule, affected)| {
                    view! {
                        <CapacityDecision
                            affected
                            on_decide=Callback::new(move |choice| remove(rule, Decision::Save(Some(choice))))
                            on_abort=Callback::new(move |_| pending.set(None))
                        />
                    }
                })
            }}
            <NewRuleForm office added />
        </section>
    }
}

#[component]
fn RuleRow(
    rule: AdminOpeningRule,
    remove: impl Fn(i64, Decision) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let locale = use_locale();
    let r = rule.rule;
    let id = rule.id;
    let validity = match (r.valid_from, r.valid_until) {
        (None, None) => None,
        (from, until) => Some(format!(
            "{} – {}",
            from.map(|d| d.to_string()).unwrap_or_default(),
            until.map(|d| d.to_string()).unwrap_or_default()
        )),
    };
    let weekdays = r.weekdays.clone();
    let (opens, closes) = (r.opens, r.closes);
    view! {
        <tr>
            <td>{move || weekdays_list(locale.get(), &weekdays)}</td>
            <td>{move || time_range(locale.get(), opens, closes)}</td>
            <td>{r.slot_minutes}</td>
            <td>{format!("{} ({} offline)", r.counters, r.offline_counters)}</td>
            <td>{validity.unwrap_or_else(|| t(Text::Always)().to_string())}</td>
            <td>
                <button type="button" class="button secondary" on:click=move |_| remove(id, Decision::DryRun)>
                    {t(Text::Remove)}
                </button>
            </td>
        </tr>
    }
}

#[component]
fn NewRuleForm(office: OfficeId, added: Callback<()>) -> impl IntoView {
    let days = RwSignal::new(vec![
        Weekday::Mon,
        Weekday::Tue,
        Weekday::Wed,
        Weekday::Thu,
        Weekday::Fri,
    ]);
    let opens = RwSignal::new("08:00".to_string());
    let closes = RwSignal::new("12:00".to_string());
    let slot = RwSignal::new(15u32);
    let counters = RwSignal::new(1u32);
    let offline = RwSignal::new(0u32);
    let valid_from = RwSignal::new(String::new());
    let valid_until = RwSignal::new(String::new());
    let problem = RwSignal::new(None::<Text>);
    let error = RwSignal::new(None::<ApiError>);
    let busy = RwSignal::new(false);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        problem.set(None);
        error.set(None);
        let (Some(open), Some(close)) = (
            parse_time(&opens.get_untracked()),
            parse_time(&closes.get_untracked()),
        ) else {
            problem.set(Some(Text::TimesMissing));
            return;
        };
        let weekdays = days.get_untracked();
        if weekdays.is_empty() {
            problem.set(Some(Text::WeekdaysMissing));
            return;
        }
        let rule = OpeningRuleSettings {
            weekdays,
            valid_from: valid_from.get_untracked().parse::<NaiveDate>().ok(),
            valid_until: valid_until.get_untracked().parse::<NaiveDate>().ok(),
            opens: open,
            closes: close,
            slot_minutes: slot.get_untracked(),
            counters: counters.get_untracked(),
            offline_counters: offline.get_untracked(),
        };
        busy.set(true);
        spawn_local(async move {
            let result = api::add_opening_rule(office, &rule).await;
            busy.set(false);
            match result {
                Ok(_) => added.run(()),
                Err(failure) => error.set(Some(failure)),
            }
        });
    };
    view! {
        <form class="rule-form" on:submit=submit>
            <h3>{t(Text::AddRule)}</h3>
            <fieldset>
                <legend>{t(Text::Weekdays)}</legend>
                <WeekdayChoices id_prefix="rule-day" days />
            </fieldset>
            <div class="field-row">
                <div class="field">
                    <label for="rule-opens">{t(Text::Opens)}</label>
                    <input id="rule-opens" type="time" required=true bind:value=opens />
                </div>
                <div class="field">
                    <label for="rule-closes">{t(Text::Closes)}</label>
                    <input id="rule-closes" type="time" required=true bind:value=closes />
                </div>
                <NumberField id="rule-slot".into() label=Text::SlotMinutes value=slot min=5 max=240 />
                <NumberField id="rule-counters".into() label=Text::CountersTotal value=counters min=1 max=100 />
                <NumberField id="rule-offline".into() label=Text::CountersOffline value=offline max=100 />
            </div>
            <div class="field-row">
                <div class="field">
                    <label for="rule-from">{t(Text::ValidFrom)}</label>
                    <input id="rule-from" type="date" bind:value=valid_from />
                </div>
                <div class="field">
                    <label for="rule-until">{t(Text::ValidUntil)}</label>
                    <input id="rule-until" type="date" bind:value=valid_until />
                </div>
            </div>
            {move || problem.get().map(|text| view! { <p class="field-error" role="alert">{t(text)}</p> })}
            {move || error.get().map(|error| view! { <StaffError error /> })}
            <button type="submit" class="button" disabled=move || busy.get()>{t(Text::AddRule)}</button>
        </form>
    }
}
