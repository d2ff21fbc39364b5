use crate::i18n::{use_locale, weekday_name, weekday_short};
use chrono::Weekday;
use leptos::prelude::*;

/// Monday to Sunday.
pub const WEEKDAYS: [Weekday; 7] = [
    Weekday::Mon,
    Weekday::Tue,
    Weekday::Wed,
    Weekday::Thu,
    Weekday::Fri,
    Weekday::Sat,
    Weekday::Sun,
];

/// A checkbox per weekday, Monday first, shown short ("Mo") and named in full for screen
/// readers; `days` holds the ticked ones. The checkbox ids are `{id_prefix}-0` (Monday) to
/// `{id_prefix}-6`. Goes inside a `<fieldset>` whose legend says what the days are for.
#[component]
pub fn WeekdayChoices(id_prefix: &'static str, days: RwSignal<Vec<Weekday>>) -> impl IntoView {
    let locale = use_locale();
    view! {
        <div class="weekday-choices">
            {WEEKDAYS
                .into_iter()
                .map(|day| {
                    let id = format!("{id_prefix}-{}", day.num_days_from_monday());
                    view! {
                        <div class="choice">
                            <input
                                id=id.clone()
                                type="checkbox"
                                prop:checked=move || days.with(|d| d.contains(&day))
                                on:change=move |ev| {
                                    let on = event_target_checked(&ev);
                                    days.update(|d| {
                                        d.retain(|x| *x != day);
                                        if on {
                                            d.push(day);
                                        }
                                    });
                                }
                            />
                            <label for=id>
                                <span aria-hidden="true">{move || weekday_short(locale.get(), day)}</span>
                                <span class="visually-hidden">{move || weekday_name(locale.get(), day)}</span>
                            </label>
                        </div>
                    }
                })
                .collect_view()}
        </div>
    }
}
