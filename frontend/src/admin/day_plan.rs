//! `/admin/day?office=&date=&view=week`: the appointments of a day (or seven days) by time,
//! with services, quantities, status, reference and citizen; the capacity used per hour;
//! search by reference or name; status changes; booking on behalf of a citizen.

use super::AdminPage;
use super::api;
use super::area::{AdminArea, StaffError, allowed_offices};
use super::book_on_behalf::BookOnBehalf;
use super::session::{Area, chosen_office};
use super::table::{Column, DataTable};
use crate::api::ApiError;
use crate::browser::today;
use crate::components::{Loading, PageHeading, use_announcer};
use crate::i18n::admin::{Text, channel_name, status_name, t};
use crate::i18n::{clock, long_date, quantity_name, time_range, use_locale};
use chrono::{Days, NaiveDate};
use leptos::html;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::{use_navigate, use_query_map};
use shared::admin::{DayCapacity, StaffAppointment, StaffStatus, StatusChange};
use shared::bookings::AppointmentStatus;
use shared::ids::OfficeId;

#[component]
pub fn DayPlanPage() -> impl IntoView {
    view! {
        <AdminArea area=Area::DayPlan>
            <DayPlan />
        </AdminArea>
    }
}

/// The office, day and view chosen in the address.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct PlanView {
    office: Option<OfficeId>,
    date: NaiveDate,
    week: bool,
}

impl PlanView {
    fn last_day(&self) -> NaiveDate {
        if self.week {
            self.date + Days::new(6)
        } else {
            self.date
        }
    }

    fn page(&self) -> AdminPage {
        AdminPage::DayPlan {
            office: self.office,
            date: Some(self.date),
            week: self.week,
        }
    }
}

#[component]
fn DayPlan() -> impl IntoView {
    let query = use_query_map();
    let navigate = use_navigate();
    let locale = use_locale();
    let allowed = allowed_offices(Area::DayPlan);
    let view_of = Memo::new(move |_| {
        query.with(|q| PlanView {
            office: chosen_office(q.get("office").and_then(|v| v.parse().ok()), &allowed.get()),
            date: q
                .get("date")
                .and_then(|v| v.parse().ok())
                .unwrap_or_else(today),
            week: q.get("view").as_deref() == Some("week"),
        })
    });
    let go = move |plan: PlanView| navigate(&plan.page().path(), Default::default());
    let reload = RwSignal::new(0u32);
    let plan = LocalResource::new(move || {
        let plan = view_of.get();
        let locale = locale.get();
        reload.track();
        async move {
            let Some(office) = plan.office else {
                return Ok((Vec::new(), Vec::new()));
            };
            let appointments =
                api::appointments(office, plan.date, plan.last_day(), locale).await?;
            let capacity = api::capacity(office, plan.date, plan.last_day()).await?;
            Ok::<_, ApiError>((appointments, capacity))
        }
    });
    let refresh = Callback::new(move |_: ()| reload.update(|n| *n += 1));

    let shift = {
        let go = go.clone();
        move |days: i64| {
            let mut plan = view_of.get_untracked();
            let step = if plan.week { days * 7 } else { days };
            plan.date = if step >= 0 {
                plan.date + Days::new(step as u64)
            } else {
                plan.date - Days::new(step.unsigned_abs())
            };
            go(plan);
        }
    };
    let on_date = {
        let go = go.clone();
        move |ev: leptos::ev::Event| {
            if let Ok(date) = event_target_value(&ev).parse() {
                go(PlanView {
                    date,
                    ..view_of.get_untracked()
                });
            }
        }
    };
    let on_office = {
        let go = go.clone();
        move |ev: leptos::ev::Event| {
            if let Ok(id) = event_target_value(&ev).parse() {
                go(PlanView {
                    office: Some(OfficeId(id)),
                    ..view_of.get_untracked()
                });
            }
        }
    };
    let set_week = {
        let go = go.clone();
        move |week: bool| {
            go(PlanView {
                week,
                ..view_of.get_untracked()
            })
        }
    };
    let (back, forward) = (shift.clone(), shift);
    let (day_view, week_view) = (set_week.clone(), set_week);
    let go_today = move |_| {
        go(PlanView {
            date: today(),
            ..view_of.get_untracked()
        })
    };
    let booking_open = RwSignal::new(false);

    view! {
        <PageHeading>{t(Text::DayPlanTitle)}</PageHeading>
        <div class="plan-controls">
            <div class="field">
                <label for="plan-office">{t(Text::Office)}</label>
                <select id="plan-office" on:change=on_office>
                    {move || {
                        let current = view_of.get().office;
                        allowed
                            .get()
                            .into_iter()
                            .map(|office| {
                                view! {
                                    <option value=office.id.to_string() selected=current == Some(office.id)>
                                        {office.settings.name}
                                    </option>
                                }
                            })
                            .collect_view()
                    }}
                </select>
            </div>
            <div class="field">
                <label for="plan-date">{t(Text::Date)}</label>
                <input id="plan-date" type="date" prop:value=move || view_of.get().date.to_string() on:change=on_date />
            </div>
            <div class="button-row">
                <button type="button" class="button secondary" on:click=move |_| back(-1)>
                    {move || if view_of.get().week { t(Text::PreviousWeek)() } else { t(Text::PreviousDay)() }}
                </button>
                <button type="button" class="button secondary" on:click=go_today>{t(Text::Today)}</button>
                <button type="button" class="button secondary" on:click=move |_| forward(1)>
                    {move || if view_of.get().week { t(Text::NextWeek)() } else { t(Text::NextDay)() }}
                </button>
            </div>
            <div class="button-row" role="group" aria-label=t(Text::ViewLabel)>
                <button type="button" class="button secondary" aria-pressed=move || (!view_of.get().week).to_string() on:click=move |_| day_view(false)>
                    {t(Text::ViewDay)}
                </button>
                <button type="button" class="button secondary" aria-pressed=move || view_of.get().week.to_string() on:click=move |_| week_view(true)>
                    {t(Text::ViewWeek)}
                </button>
            </div>
        </div>

        {move || view_of.get().office.map(|office| view! { <Search office refresh /> })}

        <section aria-labelledby="book-title" class="admin-section">
            <h2 id="book-title">{t(Text::BookOnBehalfTitle)}</h2>
            <button
                type="button"
                class="button secondary"
                aria-expanded=move || booking_open.get().to_string()
                aria-controls="book-on-behalf"
                on:click=move |_| booking_open.update(|open| *open = !*open)
            >
                {move || if booking_open.get() { t(Text::CloseForm)() } else { t(Text::BookOnBehalfOpen)() }}
            </button>
            <div id="book-on-behalf">
                {move || {
                    let plan = view_of.get();
                    match (booking_open.get(), plan.office) {
                        (true, Some(office)) => view! { <BookOnBehalf office date=plan.date on_booked=refresh /> }.into_any(),
                        _ => ().into_any(),
                    }
                }}
            </div>
        </section>

        <Transition fallback=Loading>
            {move || {
                plan.get()
                    .map(|result| match result {
                        Ok((appointments, capacity)) => {
                            let plan = view_of.get_untracked();
                            view! {
                                <AppointmentsByDay plan appointments refresh />
                                <CapacityTable week=plan.week capacity />
                            }
                                .into_any()
                        }
                        Err(error) => view! { <StaffError error /> }.into_any(),
                    })
            }}
        </Transition>
    }
}

/// The appointments grouped by day, earliest first.
#[component]
fn AppointmentsByDay(
    plan: PlanView,
    appointments: Vec<StaffAppointment>,
    refresh: Callback<()>,
) -> impl IntoView {
    let locale = use_locale();
    let days: Vec<NaiveDate> = plan
        .date
        .iter_days()
        .take(if plan.week { 7 } else { 1 })
        .collect();
    let count = appointments.len();
    view! {
        <section aria-labelledby="appointments-title" class="admin-section">
            <h2 id="appointments-title">
                {move || {
                    let range = if plan.week {
                        format!("{} – {}", long_date(locale.get(), plan.date), long_date(locale.get(), plan.last_day()))
                    } else {
                        long_date(locale.get(), plan.date)
                    };
                    format!("{}: {range} ({count})", t(Text::AppointmentsHeading)())
                }}
            </h2>
            {days
                .into_iter()
                .map(|day| {
                    let of_day: Vec<StaffAppointment> = appointments
                        .iter()
                        .filter(|a| a.start.date_naive() == day)
                        .cloned()
                        .collect();
                    view! {
                        {plan.week.then(|| view! { <h3>{move || long_date(locale.get(), day)}</h3> })}
                        <AppointmentList appointments=of_day refresh />
                    }
                })
                .collect_view()}
        </section>
    }
}

#[component]
fn AppointmentList(appointments: Vec<StaffAppointment>, refresh: Callback<()>) -> impl IntoView {
    if appointments.is_empty() {
        return view! { <p class="muted">{t(Text::NoAppointments)}</p> }.into_any();
    }
    view! {
        <ol class="plain plan-list">
            {appointments
                .into_iter()
                .map(|appointment| view! { <AppointmentCard appointment refresh /> })
                .collect_view()}
        </ol>
    }
    .into_any()
}

/// The status changes that make sense from `status` (the server checks again).
fn possible_changes(status: AppointmentStatus) -> Vec<StaffStatus> {
    match status {
        AppointmentStatus::Booked => vec![
            StaffStatus::CheckedIn,
            StaffStatus::Completed,
            StaffStatus::NoShow,
            StaffStatus::CancelledByOffice,
        ],
        AppointmentStatus::PendingActivation => vec![StaffStatus::CancelledByOffice],
        AppointmentStatus::CheckedIn => vec![StaffStatus::Completed],
        AppointmentStatus::NoShow => vec![StaffStatus::CheckedIn],
        _ => Vec::new(),
    }
}

fn action_text(status: StaffStatus) -> Text {
    match status {
        StaffStatus::CheckedIn => Text::ActionCheckIn,
        StaffStatus::Completed => Text::ActionComplete,
        StaffStatus::NoShow => Text::ActionNoShow,
        StaffStatus::CancelledByOffice => Text::ActionCancel,
    }
}

/// One appointment with its status buttons; cancelling asks for a reason and a confirmation.
#[component]
fn AppointmentCard(appointment: StaffAppointment, refresh: Callback<()>) -> impl IntoView {
    let locale = use_locale();
    let announcer = use_announcer();
    let id = appointment.id;
    let title_id = format!("appt-{id}-title");
    let busy = RwSignal::new(false);
    let error = RwSignal::new(None::<ApiError>);
    let cancelling = RwSignal::new(false);
    let reason = RwSignal::new(String::new());
    let reason_missing = RwSignal::new(false);
    let reason_node = NodeRef::<html::Textarea>::new();
    let status = appointment.status;
    let reference = appointment.reference.clone();

    let change = move |target: StaffStatus, reason: Option<String>| {
        busy.set(true);
        error.set(None);
        spawn_local(async move {
            let result = api::change_status(
                id,
                &StatusChange {
                    status: target,
                    reason,
                },
            )
            .await;
            busy.set(false);
            match result {
                Ok(changed) => {
                    announcer.say(format!(
                        "{} {}",
                        Text::StatusChanged.get(locale.get_untracked()),
                        status_name(locale.get_untracked(), changed.status)
                    ));
                    cancelling.set(false);
                    refresh.run(());
                }
                Err(failure) => error.set(Some(failure)),
            }
        });
    };
    let open_cancel = move || {
        cancelling.set(true);
        reason_missing.set(false);
        request_animation_frame(move || {
            if let Some(node) = reason_node.get_untracked() {
                let _ = node.focus();
            }
        });
    };
    let confirm_cancel = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let text = reason.get_untracked().trim().to_string();
        if text.is_empty() {
            reason_missing.set(true);
            return;
        }
        change(StaffStatus::CancelledByOffice, Some(text));
    };
    let services = appointment
        .services
        .iter()
        .map(|s| quantity_name(s.quantity, &s.name))
        .collect::<Vec<_>>();
    let described_by = title_id.clone();
    let reason_id = format!("appt-{id}-reason");
    let reason_error_id = format!("appt-{id}-reason-error");

    view! {
        <li class="plan-item" class:inactive=status.is_cancelled() id=format!("appt-{id}")>
            <h3 class="plan-title" id=title_id>
                <span class="plan-time">
                    {
                        let (start, end) = (appointment.start.time(), appointment.end.time());
                        move || time_range(locale.get(), start, end)
                    }
                </span>
                " "
                <span class="reference">{reference}</span>
            </h3>
            <dl class="facts compact">
                <dt>{t(Text::CitizenName)}</dt>
                <dd class="citizen-name">
                    {appointment.citizen_name.clone().unwrap_or_else(|| "–".into())}
                </dd>
                <dt>{t(Text::ServicesLabel)}</dt>
                <dd>{services.join(", ")}</dd>
                <dt>{t(Text::StatusLabel)}</dt>
                <dd>
                    <span class={format!("status status-{}", serde_json::to_value(status).ok().and_then(|v| v.as_str().map(str::to_owned)).unwrap_or_default())}>
                        {move || status_name(locale.get(), status)}
                    </span>
                    {appointment.cancel_reason.clone().map(|reason| view! { " – " {reason} })}
                </dd>
                {appointment.queue_number.clone().map(|number| view! {
                    <dt>{t(Text::QueueNumberLabel)}</dt>
                    <dd class="queue-number"><strong>{number}</strong></dd>
                })}
                <dt>{t(Text::Channel)}</dt>
                <dd>{move || channel_name(locale.get(), appointment.channel)}</dd>
                {appointment.citizen_email.clone().map(|email| view! {
                    <dt>{t(Text::Contact)}</dt>
                    <dd>
                        <a href=format!("mailto:{email}")>{email.clone()}</a>
                        {appointment.citizen_phone.clone().map(|phone| view! { " · " <a href=format!("tel:{phone}")>{phone.clone()}</a> })}
                    </dd>
                })}
            </dl>
            <div class="button-row status-actions">
                {possible_changes(status)
                    .into_iter()
                    .map(|target| {
                        let described_by = described_by.clone();
                        let class = if target == StaffStatus::CancelledByOffice { "button danger" } else { "button secondary" };
                        view! {
                            <button
                                type="button"
                                class=class
                                aria-describedby=described_by
                                disabled=move || busy.get()
                                on:click=move |_| {
                                    if target == StaffStatus::CancelledByOffice {
                                        open_cancel();
                                    } else {
                                        change(target, None);
                                    }
                                }
                            >
                                {t(action_text(target))}
                            </button>
                        }
                    })
                    .collect_view()}
            </div>
            {move || {
                cancelling.get().then(|| {
                    let reason_id = reason_id.clone();
                    let reason_error_id = reason_error_id.clone();
                    view! {
                        <form class="confirm-panel" on:submit=confirm_cancel>
                            <p><strong>{t(Text::CancelByOfficeQuestion)}</strong></p>
                            <p>{t(Text::CancelByOfficeHint)}</p>
                            <div class="field" class:invalid=move || reason_missing.get()>
                                <label for=reason_id.clone()>{t(Text::CancelReason)} " " <span class="required" aria-hidden="true">"*"</span></label>
                                <textarea
                                    id=reason_id
                                    rows="3"
                                    required=true
                                    aria-invalid=move || reason_missing.get().to_string()
                                    aria-describedby=reason_error_id.clone()
                                    node_ref=reason_node
                                    bind:value=reason
                                ></textarea>
                                <p class="field-error" id=reason_error_id hidden=move || !reason_missing.get()>
                                    {t(Text::CancelReasonMissing)}
                                </p>
                            </div>
                            <div class="button-row">
                                <button type="submit" class="button danger" disabled=move || busy.get()>
                                    {t(Text::ConfirmCancel)}
                                </button>
                                <button type="button" class="button secondary" on:click=move |_| cancelling.set(false)>
                                    {t(Text::KeepIt)}
                                </button>
                            </div>
                        </form>
                    }
                })
            }}
            {move || error.get().map(|error| view! { <StaffError error /> })}
        </li>
    }
}

/// Search by reference or name; results replace nothing, they are listed above the plan.
#[component]
fn Search(office: OfficeId, refresh: Callback<()>) -> impl IntoView {
    let locale = use_locale();
    let text = RwSignal::new(String::new());
    let results = RwSignal::new(None::<Result<Vec<StaffAppointment>, ApiError>>);
    let busy = RwSignal::new(false);
    let search = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let q = text.get_untracked().trim().to_string();
        if q.is_empty() {
            results.set(None);
            return;
        }
        busy.set(true);
        spawn_local(async move {
            let found = api::search(office, &q, locale.get_untracked()).await;
            busy.set(false);
            results.set(Some(found));
        });
    };
    let again = Callback::new(move |_: ()| {
        refresh.run(());
        results.set(None);
    });
    view! {
        <section aria-labelledby="search-title" class="admin-section">
            <h2 id="search-title">{t(Text::SearchTitle)}</h2>
            <form class="search-form" role="search" on:submit=search>
                <div class="field">
                    <label for="plan-search">{t(Text::SearchLabel)}</label>
                    <input id="plan-search" type="search" bind:value=text />
                </div>
                <button type="submit" class="button" disabled=move || busy.get()>{t(Text::SearchButton)}</button>
            </form>
            {move || {
                results
                    .get()
                    .map(|found| match found {
                        Ok(found) => {
                            let n = found.len();
                            view! {
                                <div class="search-results">
                                    <p role="status">{move || format!("{} {n}", t(Text::SearchResults)())}</p>
                                    <AppointmentList appointments=found refresh=again />
                                    <button type="button" class="link-button" on:click=move |_| results.set(None)>
                                        {t(Text::SearchClear)}
                                    </button>
                                </div>
                            }
                                .into_any()
                        }
                        Err(error) => view! { <StaffError error /> }.into_any(),
                    })
            }}
        </section>
    }
}

/// Capacity per hour (a day) or per day (a week): counter-units used and offered.
#[component]
fn CapacityTable(week: bool, capacity: Vec<DayCapacity>) -> impl IntoView {
    let locale = use_locale();
    struct Row {
        label: String,
        online_used: u32,
        online: u32,
        used: u32,
        total: u32,
    }
    let rows = move |locale| -> Vec<Row> {
        if week {
            capacity
                .iter()
                .map(|day| Row {
                    label: long_date(locale, day.date),
                    online_used: day.hours.iter().map(|h| h.online_used).sum(),
                    online: day.hours.iter().map(|h| h.online_capacity).sum(),
                    used: day.hours.iter().map(|h| h.total_used).sum(),
                    total: day.hours.iter().map(|h| h.total_capacity).sum(),
                })
                .collect()
        } else {
            capacity
                .iter()
                .flat_map(|day| day.hours.iter())
                .map(|hour| Row {
                    label: clock(hour.start.time()),
                    online_used: hour.online_used,
                    online: hour.online_capacity,
                    used: hour.total_used,
                    total: hour.total_capacity,
                })
                .collect()
        }
    };
    view! {
        <section aria-labelledby="capacity-title" class="admin-section">
            <h2 id="capacity-title">{t(Text::CapacityTitle)}</h2>
            <p class="hint">{t(Text::CapacityHint)}</p>
            <DataTable labelled_by="capacity-title" columns=vec![
                Column::Shown(if week { Text::Day } else { Text::Hour }),
                Column::Shown(Text::OnlineUsed),
                Column::Shown(Text::AllUsed),
            ]>
                {move || {
                    let rows = rows(locale.get());
                    if rows.is_empty() {
                        return view! { <tr><td colspan="3">{t(Text::Closed)}</td></tr> }.into_any();
                    }
                    rows.into_iter()
                        .map(|row| {
                            let label = format!("{}: {} / {}", row.label, row.used, row.total);
                            view! {
                                <tr>
                                    <th scope="row">{row.label.clone()}</th>
                                    <td>{format!("{} / {}", row.online_used, row.online)}</td>
                                    <td>
                                        {format!("{} / {}", row.used, row.total)} " "
                                        <meter min="0" max=row.total.max(1).to_string() value=row.used.to_string() aria-label=label></meter>
                                    </td>
                                </tr>
                            }
                        })
                        .collect_view()
                        .into_any()
                }}
            </DataTable>
        </section>
    }
}
