//! Closures of an office (whole days, or hours on each of the days). Adding one first asks
//! the server which booked appointments it would affect (dry run); with none it is saved at
//! once, otherwise staff decide to cancel (citizens are emailed) or keep them.

use super::api::{self, Decision};
use super::area::StaffError;
use super::capacity_change::CapacityDecision;
use crate::api::ApiError;
use crate::browser::parse_time;
use crate::components::{Loading, use_announcer};
use crate::i18n::admin::{Text, closure_saved, t};
use crate::i18n::{clock, long_date, use_locale};
use chrono::NaiveDate;
use leptos::prelude::*;
use leptos::task::spawn_local;
use shared::admin::{AdminClosure, ClosureSettings, StaffAppointment};
use shared::ids::OfficeId;

#[component]
pub fn Closures(office: OfficeId) -> impl IntoView {
    let locale = use_locale();
    let announcer = use_announcer();
    let reload = RwSignal::new(0u32);
    let closures = LocalResource::new(move || {
        reload.track();
        api::closures(office)
    });
    let starts = RwSignal::new(String::new());
    let ends = RwSignal::new(String::new());
    let from_time = RwSignal::new(String::new());
    let until_time = RwSignal::new(String::new());
    let reason = RwSignal::new(String::new());
    let problem = RwSignal::new(None::<Text>);
    let error = RwSignal::new(None::<ApiError>);
    let busy = RwSignal::new(false);
    let pending = RwSignal::new(None::<(ClosureSettings, Vec<StaffAppointment>)>);
    let result = RwSignal::new(None::<String>);

    let send = move |closure: ClosureSettings, decision: Decision| {
        busy.set(true);
        error.set(None);
        spawn_local(async move {
            let answer = api::add_closure(office, &closure, decision).await;
            let answer = match answer {
                Ok(change) if change.dry_run && change.affected.is_empty() => {
                    api::add_closure(office, &closure, Decision::Save(None)).await
                }
                other => other,
            };
            busy.set(false);
            match answer {
                Ok(change) if change.dry_run => pending.set(Some((closure, change.affected))),
                Ok(change) => {
                    pending.set(None);
                    let message = closure_saved(locale.get_untracked(), change.cancelled.len());
                    announcer.say(message.clone());
                    result.set(Some(message));
                    starts.set(String::new());
                    ends.set(String::new());
                    from_time.set(String::new());
                    until_time.set(String::new());
                    reason.set(String::new());
                    reload.update(|n| *n += 1);
                }
                Err(failure) => error.set(Some(failure)),
            }
        });
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        problem.set(None);
        result.set(None);
        let Ok(starts_on) = starts.get_untracked().parse::<NaiveDate>() else {
            problem.set(Some(Text::ClosureDateMissing));
            return;
        };
        let ends_on = ends
            .get_untracked()
            .parse::<NaiveDate>()
            .unwrap_or(starts_on);
        let closure = ClosureSettings {
            starts_on,
            ends_on,
            from_time: parse_time(&from_time.get_untracked()),
            until_time: parse_time(&until_time.get_untracked()),
            reason: reason.get_untracked().trim().to_string(),
        };
        send(closure, Decision::DryRun);
    };
    let remove = move |id: i64| {
        error.set(None);
        spawn_local(async move {
            match api::remove_closure(office, id).await {
                Ok(()) => {
                    announcer.say(Text::Removed.get(locale.get_untracked()));
                    reload.update(|n| *n += 1);
                }
                Err(failure) => error.set(Some(failure)),
            }
        });
    };

    view! {
        <section aria-labelledby="closures-title" class="admin-section">
            <h2 id="closures-title">{t(Text::ClosuresTitle)}</h2>
            <Transition fallback=Loading>
                {move || {
                    closures.get().map(|answer| match answer {
                        Ok(list) if list.is_empty() => view! { <p class="muted">{t(Text::NoClosures)}</p> }.into_any(),
                        Ok(list) => view! {
                            <ul class="plain closure-list">
                                {list.into_iter().map(|closure| view! { <ClosureItem closure remove /> }).collect_view()}
                            </ul>
                        }
                            .into_any(),
                        Err(error) => view! { <StaffError error /> }.into_any(),
                    })
                }}
            </Transition>
            <form class="closure-form" on:submit=submit>
                <h3>{t(Text::AddClosure)}</h3>
                <p class="hint">{t(Text::ClosureHint)}</p>
                <div class="field-row">
                    <div class="field">
                        <label for="closure-starts">{t(Text::FirstDay)} " " <span class="required" aria-hidden="true">"*"</span></label>
                        <input id="closure-starts" type="date" required=true bind:value=starts />
                    </div>
                    <div class="field">
                        <label for="closure-ends">{t(Text::LastDay)}</label>
                        <input id="closure-ends" type="date" bind:value=ends />
                    </div>
                    <div class="field">
                        <label for="closure-from">{t(Text::FromTime)}</label>
                        <input id="closure-from" type="time" bind:value=from_time />
                    </div>
                    <div class="field">
                        <label for="closure-until">{t(Text::UntilTime)}</label>
                        <input id="closure-until" type="time" bind:value=until_time />
                    </div>
                </div>
                <div class="field">
                    <label for="closure-reason">{t(Text::ClosureReason)}</label>
                    <input id="closure-reason" type="text" bind:value=reason />
                </div>
                {move || problem.get().map(|text| view! { <p class="field-error" role="alert">{t(text)}</p> })}
                <button type="submit" class="button" disabled=move || busy.get()>{t(Text::AddClosure)}</button>
            </form>
            {move || error.get().map(|error| view! { <StaffError error /> })}
            {move || result.get().map(|message| view! { <p class="notice notice-success">{message}</p> })}
            {move || {
                pending.get().map(|(closure, affected)| {
                    let closure = StoredValue::new(closure);
                    view! {
                        <CapacityDecision
                            affected
                            on_decide=Callback::new(move |choice| send(closure.get_value(), Decision::Save(Some(choice))))
                            on_abort=Callback::new(move |_| pending.set(None))
                        />
                    }
                })
            }}
        </section>
    }
}

#[component]
fn ClosureItem(
    closure: AdminClosure,
    remove: impl Fn(i64) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let locale = use_locale();
    let id = closure.id;
    let c = closure.closure;
    let reason = c.reason.clone();
    let label = move || {
        let locale = locale.get();
        let days = if c.starts_on == c.ends_on {
            long_date(locale, c.starts_on)
        } else {
            format!(
                "{} – {}",
                long_date(locale, c.starts_on),
                long_date(locale, c.ends_on)
            )
        };
        match (c.from_time, c.until_time) {
            (Some(from), Some(until)) => format!("{days}, {}–{}", clock(from), clock(until)),
            _ => days,
        }
    };
    view! {
        <li class="closure-item">
            <span>{label}</span>
            {(!reason.is_empty()).then(|| view! { <span class="muted">" – " {reason.clone()}</span> })}
            " "
            <button type="button" class="button secondary" on:click=move |_| remove(id)>{t(Text::Remove)}</button>
        </li>
    }
}
