//! The month calendar of the booking journey and of rescheduling: month navigation, the grid
//! of one month's days with their free times, keyboard moves between days, and what to do when
//! a month has no free day.

use crate::api::{self, ApiError, DaysPage};
use crate::browser::today;
use crate::components::status::{Announcer, use_announcer};
use crate::components::{ErrorNotice, Loading};
use crate::i18n::{
    Locale, Text, day_label_parts, free_count, holiday_label, long_date, month_name, month_year, t,
    use_locale, weekday_name, weekday_short,
};
use chrono::{Datelike, Days, Months, NaiveDate, Weekday};
use leptos::prelude::*;
use shared::ids::OfficeId;
use shared::selection::ServiceQuantity;
use std::collections::HashMap;
use wasm_bindgen::JsCast;

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

/// The same day one month before (`delta < 0`) or after `date`.
fn month_away(date: NaiveDate, delta: i32) -> Option<NaiveDate> {
    if delta < 0 {
        date.checked_sub_months(Months::new(1))
    } else {
        date.checked_add_months(Months::new(1))
    }
}

/// The name of the month before or after `month`, e.g. "Oktober".
fn neighbour_month(locale: Locale, month: NaiveDate, delta: i32) -> String {
    month_away(month, delta)
        .map(|target| month_name(locale, target.month()).to_string())
        .unwrap_or_default()
}

fn day_id(prefix: &str, date: NaiveDate) -> String {
    format!("{prefix}-day-{date}")
}

/// Where a key pressed on the day `date` moves the focus: arrow keys by day and week,
/// Home/End to the week's start and end, Page Up/Down by month; `None` for other keys.
fn key_target(key: &str, date: NaiveDate) -> Option<NaiveDate> {
    let weekday = date.weekday().num_days_from_monday();
    match key {
        "ArrowLeft" => date.pred_opt(),
        "ArrowRight" => date.succ_opt(),
        "ArrowUp" => date.checked_sub_days(Days::new(7)),
        "ArrowDown" => date.checked_add_days(Days::new(7)),
        "Home" => date.checked_sub_days(Days::new(weekday.into())),
        "End" => date.checked_add_days(Days::new((6 - weekday).into())),
        "PageUp" => month_away(date, -1),
        "PageDown" => month_away(date, 1),
        _ => None,
    }
}

/// A loaded month: the month asked for, and its free days.
type MonthDays = Result<(NaiveDate, DaysPage), ApiError>;

/// The free days of `month`, from `today` to `last_day` only (none outside them).
async fn load_month(
    office: OfficeId,
    services: Vec<ServiceQuantity>,
    month: NaiveDate,
    locale: Locale,
    (today, last_day): (NaiveDate, NaiveDate),
) -> MonthDays {
    let from = month_start(month).max(today);
    let to = month_end(month).min(last_day);
    if to < from {
        return Ok((
            month,
            DaysPage {
                days: Vec::new(),
                next_bookable: None,
                previous_bookable: None,
            },
        ));
    }
    let page = api::available_days(office, &services, from, to, locale).await?;
    Ok((month, page))
}

/// The loaded page of `month`. While another month loads, the resource still holds the last
/// one: that is not this month.
fn page_of(days: LocalResource<MonthDays>, month: RwSignal<NaiveDate>) -> Option<DaysPage> {
    days.get()
        .and_then(Result::ok)
        .filter(|(loaded, _)| *loaded == month.get())
        .map(|(_, page)| page)
}

/// One calendar's state, shared by its parts.
#[derive(Clone, Copy)]
struct Calendar {
    /// The first day of the month shown.
    month: RwSignal<NaiveDate>,
    /// The day that takes the focus (the only one in the tab order).
    focus_day: RwSignal<NaiveDate>,
    selected: RwSignal<Option<NaiveDate>>,
    today: NaiveDate,
    last_day: NaiveDate,
    id_prefix: StoredValue<String>,
    days: LocalResource<MonthDays>,
    /// Free times and holidays of the shown month, by date.
    availability: Memo<HashMap<NaiveDate, (u32, Option<String>)>>,
    locale: RwSignal<Locale>,
    announcer: Announcer,
}

impl Calendar {
    fn new(
        office: OfficeId,
        services: Vec<ServiceQuantity>,
        selected: RwSignal<Option<NaiveDate>>,
        horizon_days: u32,
        id_prefix: String,
    ) -> Self {
        let locale = use_locale();
        let today = today();
        let last_day = today
            .checked_add_days(Days::new(horizon_days.into()))
            .unwrap_or(today);
        let initial = selected.get_untracked().unwrap_or(today);
        let month = RwSignal::new(month_start(initial));
        let days = LocalResource::new(move || {
            load_month(
                office,
                services.clone(),
                month.get(),
                locale.get(),
                (today, last_day),
            )
        });
        let availability = Memo::new(move |_| {
            page_of(days, month)
                .map(|page| {
                    page.days
                        .into_iter()
                        .map(|day| (day.date, (day.free_times, day.holiday)))
                        .collect::<HashMap<_, _>>()
                })
                .unwrap_or_default()
        });
        Calendar {
            month,
            focus_day: RwSignal::new(initial),
            selected,
            today,
            last_day,
            id_prefix: StoredValue::new(id_prefix),
            days,
            availability,
            locale,
            announcer: use_announcer(),
        }
    }

    fn loaded_page(self) -> Option<DaysPage> {
        page_of(self.days, self.month)
    }

    fn loading(self) -> bool {
        match self.days.get() {
            None => true,
            Some(Ok((loaded, _))) => loaded != self.month.get(),
            Some(Err(_)) => false,
        }
    }

    fn month_has_free(self) -> bool {
        self.availability
            .with(|days| days.values().any(|(n, _)| *n > 0))
    }

    fn id(self, suffix: &str) -> String {
        format!("{}-{suffix}", self.id_prefix.get_value())
    }

    fn day_id(self, date: NaiveDate) -> String {
        self.id_prefix.with_value(|prefix| day_id(prefix, date))
    }

    fn bookable(self, date: NaiveDate) -> bool {
        date >= self.today && date <= self.last_day
    }

    /// On first load, skips ahead to the month of the first free day (unless a day was
    /// already chosen).
    fn skip_to_first_free(self) {
        let jumped = StoredValue::new(self.selected.get_untracked().is_some());
        Effect::new(move |_| {
            if let Some(page) = self.loaded_page()
                && !jumped.get_value()
            {
                jumped.set_value(true);
                let free_here = page
                    .days
                    .iter()
                    .find(|day| day.free_times > 0)
                    .map(|d| d.date);
                match (free_here, page.next_bookable) {
                    (Some(first), _) => self.focus_day.set(first),
                    (None, Some(next)) => {
                        self.month.set(month_start(next));
                        self.focus_day.set(next);
                    }
                    (None, None) => {}
                }
            }
        });
    }

    /// Moves the focus to `target` (within the bookable days), showing its month.
    fn move_focus(self, target: NaiveDate) {
        let target = target.clamp(self.today, self.last_day);
        self.focus_day.set(target);
        if month_start(target) != self.month.get_untracked() {
            self.month.set(month_start(target));
        }
        let id = self.day_id(target);
        request_animation_frame(move || {
            if let Some(element) = document().get_element_by_id(&id)
                && let Ok(element) = element.dyn_into::<web_sys::HtmlElement>()
            {
                let _ = element.focus();
            }
        });
    }

    /// The keyboard on the day `date` (see [`key_target`]).
    fn on_key(self, ev: &leptos::ev::KeyboardEvent, date: NaiveDate) {
        if let Some(target) = key_target(&ev.key(), date) {
            ev.prevent_default();
            self.move_focus(target);
        }
    }

    /// Chooses `date` if it has free times.
    fn choose(self, date: NaiveDate) {
        let free = self
            .availability
            .with(|days| days.get(&date).map(|(n, _)| *n).unwrap_or(0));
        if free > 0 {
            self.focus_day.set(date);
            self.selected.set(Some(date));
            self.announcer
                .say(long_date(self.locale.get_untracked(), date));
        }
    }

    /// Shows and chooses `date`, the next bookable day after a month without free days.
    fn jump_to(self, date: NaiveDate) {
        self.month.set(month_start(date));
        self.focus_day.set(date);
        self.selected.set(Some(date));
        self.announcer
            .say(long_date(self.locale.get_untracked(), date));
    }

    /// Whether the month before (`delta < 0`) or after the shown one has bookable days.
    fn can_show(self, delta: i32) -> bool {
        if delta < 0 {
            self.month.get() > month_start(self.today)
        } else {
            self.month.get() < month_start(self.last_day)
        }
    }

    fn show_month(self, delta: i32) {
        if let Some(target) = month_away(self.month.get_untracked(), delta) {
            self.month.set(target);
            self.focus_day.set(target.max(self.today));
        }
    }
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
    let calendar = Calendar::new(office, services, selected, horizon_days, id_prefix);
    calendar.skip_to_first_free();
    let hint_id = calendar.id("hint");
    view! {
        <div class="calendar">
            <MonthNavigation calendar />
            <p id=hint_id class="hint">{t(Text::CalendarHint)}</p>
            <MonthGrid calendar />
            <MonthNotice calendar />
            <Legend />
        </div>
    }
}

/// The shown month's name between buttons to the month before and after.
#[component]
fn MonthNavigation(calendar: Calendar) -> impl IntoView {
    let locale = calendar.locale;
    let month = calendar.month;
    view! {
        <div class="calendar-header">
            <button
                type="button"
                class="button secondary month-nav"
                disabled=move || !calendar.can_show(-1)
                on:click=move |_| calendar.show_month(-1)
            >
                <span aria-hidden="true">"‹ "</span>
                <span class="visually-hidden">{t(Text::PreviousMonth)} ": "</span>
                {move || neighbour_month(locale.get(), month.get(), -1)}
            </button>
            <h3 id=calendar.id("title") aria-live="polite">
                {move || month_year(locale.get(), month.get())}
            </h3>
            <button
                type="button"
                class="button secondary month-nav"
                disabled=move || !calendar.can_show(1)
                on:click=move |_| calendar.show_month(1)
            >
                <span class="visually-hidden">{t(Text::NextMonth)} ": "</span>
                {move || neighbour_month(locale.get(), month.get(), 1)}
                <span aria-hidden="true">" ›"</span>
            </button>
        </div>
    }
}

/// The days of the shown month as a table, a week a row, Monday first.
#[component]
fn MonthGrid(calendar: Calendar) -> impl IntoView {
    let locale = calendar.locale;
    let weekdays = std::iter::successors(Some(Weekday::Mon), |day| Some(day.succ())).take(7);
    let cell = move |day: Option<NaiveDate>| match day {
        Some(date) if calendar.bookable(date) => view! { <DayCell calendar date /> }.into_any(),
        Some(date) => view! {
            <td class="past">
                <span aria-hidden="true">{date.day()}</span>
            </td>
        }
        .into_any(),
        None => view! { <td></td> }.into_any(),
    };
    view! {
        <table
            class="month"
            aria-labelledby=calendar.id("title")
            aria-describedby=calendar.id("hint")
            aria-busy=move || calendar.loading().to_string()
        >
            <thead>
                <tr>
                    {weekdays
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
                    weeks(calendar.month.get())
                        .into_iter()
                        .map(|week| view! { <tr>{week.into_iter().map(cell).collect_view()}</tr> })
                        .collect_view()
                }}
            </tbody>
        </table>
    }
}

/// One bookable day. The button's accessible name comes from its content: the visible day
/// number and free count, completed by visually hidden words ("Dienstag, 3. März 2026, 5 freie
/// Termine").
#[component]
fn DayCell(calendar: Calendar, date: NaiveDate) -> impl IntoView {
    let Calendar {
        locale,
        selected,
        focus_day,
        today,
        availability,
        ..
    } = calendar;
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
                id=calendar.day_id(date)
                class="day"
                class:free=move || { free() > 0 }
                class:selected=is_selected
                class:today=move || date == today
                tabindex=move || if focus_day.get() == date { "0" } else { "-1" }
                aria-pressed=move || is_selected().to_string()
                aria-disabled=move || (free() == 0).to_string()
                aria-current=move || (date == today).then_some("date")
                on:click=move |_| calendar.choose(date)
                on:keydown=move |ev| calendar.on_key(&ev, date)
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
}

/// Below the grid: loading, a failure to retry, or what to do in a month without free days.
#[component]
fn MonthNotice(calendar: Calendar) -> impl IntoView {
    let days = calendar.days;
    move || match days.get() {
        _ if calendar.loading() => view! { <Loading /> }.into_any(),
        None => ().into_any(),
        Some(Err(error)) => {
            view! { <ErrorNotice error retry=Callback::new(move |()| days.refetch()) /> }.into_any()
        }
        Some(Ok((_, page))) if !calendar.month_has_free() => {
            view! { <NoFreeDays calendar page /> }.into_any()
        }
        Some(Ok(_)) => ().into_any(),
    }
}

/// A month without free days: the next bookable day to jump to, or that there is none.
#[component]
fn NoFreeDays(calendar: Calendar, page: DaysPage) -> impl IntoView {
    let locale = calendar.locale;
    match page.next_bookable {
        Some(next) => view! {
            <div class="notice">
                <p>{t(Text::NoFreeDaysInMonth)}</p>
                <button type="button" class="button" on:click=move |_| calendar.jump_to(next)>
                    {t(Text::JumpToNextFree)}
                    ": "
                    {move || long_date(locale.get(), next)}
                </button>
            </div>
        }
        .into_any(),
        None if page.previous_bookable.is_none() => {
            view! { <p class="notice">{t(Text::NoFreeDaysAtAll)}</p> }.into_any()
        }
        None => view! { <p class="notice">{t(Text::NoFreeDaysInMonth)}</p> }.into_any(),
    }
}

/// What the marks on the days mean.
#[component]
fn Legend() -> impl IntoView {
    view! {
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
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A date written as `2026-12-30`.
    fn date(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }

    #[test]
    fn keys_move_by_day_week_and_month_and_to_the_weeks_ends() {
        // Wednesday, 30 December 2026.
        let day = date("2026-12-30");
        assert_eq!(key_target("ArrowLeft", day), Some(date("2026-12-29")));
        assert_eq!(key_target("ArrowRight", day), Some(date("2026-12-31")));
        assert_eq!(key_target("ArrowUp", day), Some(date("2026-12-23")));
        assert_eq!(key_target("ArrowDown", day), Some(date("2027-01-06")));
        assert_eq!(key_target("Home", day), Some(date("2026-12-28")));
        assert_eq!(key_target("End", day), Some(date("2027-01-03")));
        assert_eq!(key_target("PageUp", day), Some(date("2026-11-30")));
        assert_eq!(key_target("PageDown", day), Some(date("2027-01-30")));
        assert_eq!(key_target("Enter", day), None);
    }

    #[test]
    fn a_month_is_split_into_weeks_starting_on_monday() {
        let weeks = weeks(date("2026-03-15"));
        assert_eq!(weeks.len(), 6);
        assert_eq!(weeks[0][..6], [None; 6]);
        assert_eq!(weeks[0][6], Some(date("2026-03-01")));
        assert_eq!(weeks[5][1], Some(date("2026-03-31")));
        assert_eq!(weeks[5][2], None);
    }
}
