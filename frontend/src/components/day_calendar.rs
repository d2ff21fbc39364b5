use crate::api;
use crate::components::status::use_announcer;
use crate::components::{ErrorNotice, Loading};
use crate::i18n::{
    Text, day_label_parts, free_count, holiday_label, long_date, month_year, t, use_locale,
    weekday_name, weekday_short,
};
use chrono::{Datelike, Days, Months, NaiveDate, Weekday};
use leptos::prelude::*;
use shared::ids::OfficeId;
use shared::selection::ServiceQuantity;
use std::collections::HashMap;
use wasm_bindgen::JsCast;

/// Today in the browser's time zone.
pub fn today() -> NaiveDate {
    let now = js_sys::Date::new_0();
    NaiveDate::from_ymd_opt(
        now.get_full_year() as i32,
        now.get_month() + 1,
        now.get_date(),
    )
    .unwrap_or_default()
}

fn month_start(date: NaiveDate) -> NaiveDate {
    date.with_day(1).unwrap_or(date)
}

fn month_end(date: NaiveDate) -> NaiveDate {
    month_start(date)
        .checked_add_months(Months::new(1))
        .and_then(|next| next.pred_opt())
        .unwrap_or(date)
}

/// The weeks (Monday first) of a month; days outside the month are `None`.
fn weeks(month: NaiveDate) -> Vec<[Option<NaiveDate>; 7]> {
    let first = month_start(month);
    let last = month_end(month);
    let mut weeks = Vec::new();
    let mut week = [None; 7];
    let mut day = first;
    loop {
        let column = day.weekday().num_days_from_monday() as usize;
        week[column] = Some(day);
        if column == 6 {
            weeks.push(week);
            week = [None; 7];
        }
        if day == last {
            break;
        }
        day = day.succ_opt().unwrap_or(last);
    }
    if week.iter().any(Option::is_some) {
        weeks.push(week);
    }
    weeks
}

/// The name of the month before or after `month`, e.g. "Oktober".
fn neighbour_month(locale: crate::i18n::Locale, month: NaiveDate, delta: i32) -> String {
    let target = if delta < 0 {
        month.checked_sub_months(Months::new(1))
    } else {
        month.checked_add_months(Months::new(1))
    };
    target
        .map(|target| crate::i18n::month_name(locale, target.month()).to_string())
        .unwrap_or_default()
}

fn day_id(prefix: &str, date: NaiveDate) -> String {
    format!("{prefix}-day-{date}")
}

/// A month calendar of bookable days for an appointment (office + services).
///
/// Keyboard: arrow keys move by day and week, Home/End to the week's start and end,
/// Page Up/Down by month; Enter or Space chooses the day. Days without free times stay
/// focusable (so the arrow keys never get stuck) but are marked unavailable.
#[component]
pub fn DayCalendar(
    office: OfficeId,
    services: Vec<ServiceQuantity>,
    /// The chosen day.
    selected: RwSignal<Option<NaiveDate>>,
    /// Days ahead that can be booked (the office's horizon); limits "next month".
    #[prop(default = 365)]
    horizon_days: u32,
    /// Makes the element ids unique if two calendars are on one page.
    #[prop(default = "cal".to_string(), into)]
    id_prefix: String,
) -> impl IntoView {
    let locale = use_locale();
    let announcer = use_announcer();
    let today = today();
    let last_day = today
        .checked_add_days(Days::new(horizon_days.into()))
        .unwrap_or(today);
    let initial = selected.get_untracked().unwrap_or(today);
    let month = RwSignal::new(month_start(initial));
    let focus_day = RwSignal::new(initial);
    let id_prefix = StoredValue::new(id_prefix);
    let jumped = StoredValue::new(selected.get_untracked().is_some());

    let days = LocalResource::new(move || {
        let services = services.clone();
        let month = month.get();
        let locale = locale.get();
        async move {
            let from = month_start(month).max(today);
            let to = month_end(month).min(last_day);
            if to < from {
                return Ok((
                    month,
                    api::DaysPage {
                        days: Vec::new(),
                        next_bookable: None,
                        previous_bookable: None,
                    },
                ));
            }
            let page = api::available_days(office, &services, from, to, locale).await?;
            Ok((month, page))
        }
    });
    // While another month loads, the resource still holds the last one: that is not this month.
    let loaded_page = move || {
        days.get()
            .and_then(Result::ok)
            .filter(|(loaded, _)| *loaded == month.get())
            .map(|(_, page)| page)
    };
    let loading = move || match days.get() {
        None => true,
        Some(Ok((loaded, _))) => loaded != month.get(),
        Some(Err(_)) => false,
    };

    // Free times and holidays of the shown month, by date.
    let availability = Memo::new(move |_| {
        loaded_page()
            .map(|page| {
                page.days
                    .into_iter()
                    .map(|day| (day.date, (day.free_times, day.holiday)))
                    .collect::<HashMap<_, _>>()
            })
            .unwrap_or_default()
    });
    let month_has_free = move || availability.with(|days| days.values().any(|(n, _)| *n > 0));

    // On first load, skip ahead to the month of the first free day.
    Effect::new(move |_| {
        if let Some(page) = loaded_page()
            && !jumped.get_value()
        {
            {
                jumped.set_value(true);
                let free_here = page
                    .days
                    .iter()
                    .find(|day| day.free_times > 0)
                    .map(|d| d.date);
                match (free_here, page.next_bookable) {
                    (Some(first), _) => focus_day.set(first),
                    (None, Some(next)) => {
                        month.set(month_start(next));
                        focus_day.set(next);
                    }
                    (None, None) => {}
                }
            }
        }
    });

    let move_focus = move |target: NaiveDate| {
        let target = target.clamp(today, last_day);
        focus_day.set(target);
        if month_start(target) != month.get_untracked() {
            month.set(month_start(target));
        }
        let id = id_prefix.with_value(|prefix| day_id(prefix, target));
        request_animation_frame(move || {
            if let Some(element) = document().get_element_by_id(&id)
                && let Ok(element) = element.dyn_into::<web_sys::HtmlElement>()
            {
                let _ = element.focus();
            }
        });
    };

    let on_key = move |ev: leptos::ev::KeyboardEvent, date: NaiveDate| {
        let target = match ev.key().as_str() {
            "ArrowLeft" => date.pred_opt(),
            "ArrowRight" => date.succ_opt(),
            "ArrowUp" => date.checked_sub_days(Days::new(7)),
            "ArrowDown" => date.checked_add_days(Days::new(7)),
            "Home" => {
                date.checked_sub_days(Days::new(date.weekday().num_days_from_monday().into()))
            }
            "End" => date.checked_add_days(Days::new(
                (6 - date.weekday().num_days_from_monday()).into(),
            )),
            "PageUp" => date.checked_sub_months(Months::new(1)),
            "PageDown" => date.checked_add_months(Months::new(1)),
            _ => None,
        };
        if let Some(target) = target {
            ev.prevent_default();
            move_focus(target);
        }
    };

    let choose = move |date: NaiveDate| {
        let free = availability.with(|days| days.get(&date).map(|(n, _)| *n).unwrap_or(0));
        if free > 0 {
            focus_day.set(date);
            selected.set(Some(date));
            announcer.say(long_date(locale.get_untracked(), date));
        }
    };

    let show_month = move |delta: i32| {
        let current = month.get_untracked();
        let target = if delta < 0 {
            current.checked_sub_months(Months::new(1))
        } else {
            current.checked_add_months(Months::new(1))
        };
        if let Some(target) = target {
            month.set(target);
            focus_day.set(target.max(today));
        }
    };
    let can_go_back = move || month.get() > month_start(today);
    let can_go_forward = move || month.get() < month_start(last_day);

    let title_id = format!("{}-title", id_prefix.get_value());
    let hint_id = format!("{}-hint", id_prefix.get_value());

    // The button's accessible name comes from its content: the visible day number and free
    // count, completed by visually hidden words ("Dienstag, 3. März 2026, 5 freie Termine").
    let day_cell = move |date: NaiveDate| {
        let info = move || availability.with(|days| days.get(&date).cloned());
        let free = move || info().map(|(n, _)| n).unwrap_or(0);
        let parts = move || day_label_parts(locale.get(), date, free());
        let holiday = move || {
            info()
                .and_then(|(_, holiday)| holiday)
                .map(|holiday| holiday_label(locale.get(), &holiday))
        };
        let is_selected = move || selected.get() == Some(date);
        view! {
            <td>
                <button
                    type="button"
                    id=id_prefix.with_value(|prefix| day_id(prefix, date))
                    class="day"
                    class:free=move || { free() > 0 }
                    class:selected=is_selected
                    class:today=move || date == today
                    tabindex=move || if focus_day.get() == date { "0" } else { "-1" }
                    aria-pressed=move || is_selected().to_string()
                    aria-disabled=move || (free() == 0).to_string()
                    aria-current=move || (date == today).then_some("date")
                    on:click=move |_| choose(date)
                    on:keydown=move |ev| on_key(ev, date)
                >
                    <span class="visually-hidden">{move || parts().0}</span>
                    <span class="day-number">{date.day()}</span>
                    <span class="visually-hidden">{move || parts().1}</span>
                    {move || match free() {
                        0 => {
                            view! {
                                <span class="day-free" aria-hidden="true">"–"</span>
                                <span class="visually-hidden">
                                    {move || free_count(locale.get(), 0)}
                                </span>
                            }
                                .into_any()
                        }
                        n => {
                            view! {
                                <span class="day-free">{n}</span>
                                <span class="visually-hidden">{move || parts().2}</span>
                            }
                                .into_any()
                        }
                    }}
                    <span class="visually-hidden">{holiday}</span>
                </button>
            </td>
        }
    };

    view! {
        <div class="calendar">
            <div class="calendar-header">
                <button
                    type="button"
                    class="button secondary month-nav"
                    disabled=move || !can_go_back()
                    on:click=move |_| show_month(-1)
                >
                    <span aria-hidden="true">"‹ "</span>
                    <span class="visually-hidden">{t(Text::PreviousMonth)} ": "</span>
                    {move || neighbour_month(locale.get(), month.get(), -1)}
                </button>
                <h3 id=title_id.clone() aria-live="polite">
                    {move || month_year(locale.get(), month.get())}
                </h3>
                <button
                    type="button"
                    class="button secondary month-nav"
                    disabled=move || !can_go_forward()
                    on:click=move |_| show_month(1)
                >
                    <span class="visually-hidden">{t(Text::NextMonth)} ": "</span>
                    {move || neighbour_month(locale.get(), month.get(), 1)}
                    <span aria-hidden="true">" ›"</span>
                </button>
            </div>
            <p id=hint_id.clone() class="hint">{t(Text::CalendarHint)}</p>
            <table
                class="month"
                aria-labelledby=title_id
                aria-describedby=hint_id
                aria-busy=move || loading().to_string()
            >
                <thead>
                    <tr>
                        {[
                            Weekday::Mon,
                            Weekday::Tue,
                            Weekday::Wed,
                            Weekday::Thu,
                            Weekday::Fri,
                            Weekday::Sat,
                            Weekday::Sun,
                        ]
                            .into_iter()
                            .map(|day| {
                                view! {
                                    <th scope="col" abbr=move || weekday_name(locale.get(), day)>
                                        {move || weekday_short(locale.get(), day)}
                                    </th>
                                }
                            })
                            .collect_view()}
                    </tr>
                </thead>
                <tbody>
                    {move || {
                        weeks(month.get())
                            .into_iter()
                            .map(|week| {
                                view! {
                                    <tr>
                                        {week
                                            .into_iter()
                                            .map(|day| match day {
                                                Some(date) if date >= today && date <= last_day => {
                                                    day_cell(date).into_any()
                                                }
                                                Some(date) => {
                                                    view! {
                                                        <td class="past">
                                                            <span aria-hidden="true">{date.day()}</span>
                                                        </td>
                                                    }
                                                        .into_any()
                                                }
                                                None => view! { <td></td> }.into_any(),
                                            })
                                            .collect_view()}
                                    </tr>
                                }
                            })
                            .collect_view()
                    }}
                </tbody>
            </table>
            {move || match days.get() {
                _ if loading() => view! { <Loading /> }.into_any(),
                None => ().into_any(),
                Some(Err(error)) => {
                    view! { <ErrorNotice error retry=Callback::new(move |()| days.refetch()) /> }
                        .into_any()
                }
                Some(Ok((_, page))) if !month_has_free() => {
                    match page.next_bookable {
                        Some(next) => {
                            view! {
                                <div class="notice">
                                    <p>{t(Text::NoFreeDaysInMonth)}</p>
                                    <button
                                        type="button"
                                        class="button"
                                        on:click=move |_| {
                                            month.set(month_start(next));
                                            focus_day.set(next);
                                            selected.set(Some(next));
                                            announcer.say(long_date(locale.get_untracked(), next));
                                        }
                                    >
                                        {t(Text::JumpToNextFree)}
                                        ": "
                                        {move || long_date(locale.get(), next)}
                                    </button>
                                </div>
                            }
                                .into_any()
                        }
                        None if page.previous_bookable.is_none() => {
                            view! { <p class="notice">{t(Text::NoFreeDaysAtAll)}</p> }.into_any()
                        }
                        None => view! { <p class="notice">{t(Text::NoFreeDaysInMonth)}</p> }.into_any(),
                    }
                }
                Some(Ok(_)) => ().into_any(),
            }}
            <p class="legend">
                <span class="legend-title">{t(Text::Legend)} ": "</span>
                <span class="legend-item">
                    <span class="swatch free" aria-hidden="true">"3"</span>
                    {t(Text::LegendFree)}
                </span>
                <span class="legend-item">
                    <span class="swatch" aria-hidden="true">"–"</span>
                    {t(Text::LegendNone)}
                </span>
                <span class="legend-item">
                    <span class="swatch selected" aria-hidden="true">"✓"</span>
                    {t(Text::LegendSelected)}
                </span>
            </p>
        </div>
    }
}
