//! `/admin/statistics?office=&from=&to=`: an office's anonymous numbers for a period — totals,
//! bookings and utilisation per day as SVG bar charts with the same data as a table, the call
//! queue's measured waiting and service times (the mean wait per hour of the day as a chart
//! per lane, the figures per day, per hour and in total as tables), and both as CSV.

use super::AdminPage;
use super::api;
use super::area::{AdminArea, OfficeSelect, StaffError, allowed_offices};
use super::chart::{Bar, BarChart};
use super::session::{Area, chosen_office};
use super::table::{Column, DataTable};
use crate::api::ApiError;
use crate::browser::{save_file, today};
use crate::components::{Loading, PageHeading};
use crate::i18n::admin::{Text, lane_name, minutes, percent, t};
use crate::i18n::use_locale;
use chrono::{Datelike, NaiveDate};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::{use_navigate, use_query_map};
use shared::admin::{OfficeStatistics, QueueFigures, StatisticsCounts, StatisticsTable};
use shared::call_queue::QueueLane;
use shared::ids::OfficeId;
use shared::locale::Locale;

#[component]
pub fn StatisticsPage() -> impl IntoView {
    view! {
        <AdminArea area=Area::Statistics>
            <Statistics />
        </AdminArea>
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Period {
    office: Option<OfficeId>,
    from: NaiveDate,
    to: NaiveDate,
}

#[component]
fn Statistics() -> impl IntoView {
    let query = use_query_map();
    let navigate = use_navigate();
    let allowed = allowed_offices(Area::Statistics);
    let period = Memo::new(move |_| {
        query.with(|q| {
            let to = q
                .get("to")
                .and_then(|v| v.parse().ok())
                .unwrap_or_else(today);
            let from = q
                .get("from")
                .and_then(|v| v.parse().ok())
                .unwrap_or_else(|| to.with_day(1).unwrap_or(to));
            Period {
                office: chosen_office(q.get("office").and_then(|v| v.parse().ok()), &allowed.get()),
                from,
                to,
            }
        })
    });
    let go = move |p: Period| {
        navigate(
            &AdminPage::Statistics {
                office: p.office,
                from: Some(p.from),
                to: Some(p.to),
            }
            .path(),
            Default::default(),
        )
    };
    let on_office = {
        let go = go.clone();
        Callback::new(move |office| {
            go(Period {
                office: Some(office),
                ..period.get_untracked()
            })
        })
    };
    let office_signal = Signal::derive(move || period.get().office);
    let from = RwSignal::new(period.get_untracked().from.to_string());
    let to = RwSignal::new(period.get_untracked().to.to_string());
    let show = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if let (Ok(from), Ok(to)) = (from.get_untracked().parse(), to.get_untracked().parse()) {
            go(Period {
                from,
                to,
                ..period.get_untracked()
            });
        }
    };
    let stats = LocalResource::new(move || {
        let p = period.get();
        async move {
            match p.office {
                Some(office) => api::statistics(office, p.from, p.to).await.map(Some),
                None => Ok(None),
            }
        }
    });

    view! {
        <PageHeading>{t(Text::StatisticsTitle)}</PageHeading>
        <OfficeSelect id="stats-office" allowed current=office_signal on_change=on_office />
        <form class="period-form" on:submit=show>
            <div class="field-row">
                <div class="field">
                    <label for="stats-from">{t(Text::PeriodFrom)}</label>
                    <input id="stats-from" type="date" required=true bind:value=from />
                </div>
                <div class="field">
                    <label for="stats-to">{t(Text::PeriodTo)}</label>
                    <input id="stats-to" type="date" required=true bind:value=to />
                </div>
            </div>
            <button type="submit" class="button">{t(Text::ShowPeriod)}</button>
        </form>
        {move || {
            let p = period.get();
            p.office.map(|office| view! { <CsvDownload office from=p.from to=p.to /> })
        }}
        <Transition fallback=Loading>
            {move || {
                stats.get().map(|result| match result {
                    Ok(Some(stats)) => view! { <StatisticsView stats /> }.into_any(),
                    Ok(None) => ().into_any(),
                    Err(error) => view! { <StaffError error /> }.into_any(),
                })
            }}
        </Transition>
    }
}

fn rate(locale: Locale, value: Option<f64>) -> String {
    value.map_or_else(|| "–".to_string(), |v| percent(locale, v))
}

fn short_date(date: NaiveDate) -> String {
    format!("{:02}.{:02}.", date.day(), date.month())
}

#[component]
fn Totals(totals: StatisticsCounts) -> impl IntoView {
    let locale = use_locale();
    let StatisticsCounts {
        bookings,
        cancelled_by_citizen,
        cancelled_by_office,
        no_shows,
        no_show_rate,
        online_booked_units,
        staff_booked_units,
        offered_online_units,
        utilisation,
    } = totals;
    view! {
        <dl class="facts stats-totals">
            <dt>{t(Text::StatBookings)}</dt><dd>{bookings}</dd>
            <dt>{t(Text::StatCancelledByCitizen)}</dt><dd>{cancelled_by_citizen}</dd>
            <dt>{t(Text::StatCancelledByOffice)}</dt><dd>{cancelled_by_office}</dd>
            <dt>{t(Text::StatNoShows)}</dt><dd>{no_shows} " (" {move || rate(locale.get(), no_show_rate)} ")"</dd>
            <dt>{t(Text::StatOnlineUnits)}</dt><dd>{format!("{online_booked_units} / {offered_online_units}")}</dd>
            <dt>{t(Text::StatStaffUnits)}</dt><dd>{staff_booked_units}</dd>
            <dt>{t(Text::StatUtilisation)}</dt><dd>{move || rate(locale.get(), utilisation)}</dd>
        </dl>
    }
}

#[component]
fn StatisticsView(stats: OfficeStatistics) -> impl IntoView {
    let locale = use_locale();
    let days = StoredValue::new(stats.days.clone());
    let bookings_chart = move || {
        let bars = days.with_value(|days| {
            days.iter()
                .map(|d| Bar {
                    label: short_date(d.date),
                    value: f64::from(d.counts.bookings),
                    value_text: d.counts.bookings.to_string(),
                })
                .collect::<Vec<_>>()
        });
        view! { <BarChart id="chart-bookings".into() title=Signal::derive(move || t(Text::ChartBookings)().to_string()) bars /> }
    };
    let utilisation_chart = move || {
        let locale = locale.get();
        let bars = days.with_value(|days| {
            days.iter()
                .map(|d| Bar {
                    label: short_date(d.date),
                    value: d.counts.utilisation.unwrap_or(0.0),
                    value_text: rate(locale, d.counts.utilisation),
                })
                .collect::<Vec<_>>()
        });
        view! { <BarChart id="chart-utilisation".into() title=Signal::derive(move || t(Text::ChartUtilisation)().to_string()) bars max=1.0 /> }
    };
    view! {
        <section aria-labelledby="totals-title" class="admin-section">
            <h2 id="totals-title">{t(Text::TotalsTitle)}</h2>
            <Totals totals=stats.totals.clone() />
        </section>
        <section aria-labelledby="charts-title" class="admin-section">
            <h2 id="charts-title">{t(Text::ChartsTitle)}</h2>
            <div class="charts">
                {bookings_chart}
                {utilisation_chart}
            </div>
        </section>
        <section aria-labelledby="days-title" class="admin-section">
            <h2 id="days-title">{t(Text::DaysTableTitle)}</h2>
            <DataTable labelled_by="days-title" class="stats-table" columns=vec![
                Column::Shown(Text::Day),
                Column::Shown(Text::StatBookings),
                Column::Shown(Text::StatCancelledByCitizen),
                Column::Shown(Text::StatCancelledByOffice),
                Column::Shown(Text::StatNoShows),
                Column::Shown(Text::StatOnlineUnits),
                Column::Shown(Text::StatUtilisation),
            ]>
                {move || {
                    let locale = locale.get();
                    days.with_value(|days| {
                        days.iter()
                            .map(|d| {
                                let c = &d.counts;
                                view! {
                                    <tr>
                                        <th scope="row">{d.date.to_string()}</th>
                                        <td>{c.bookings}</td>
                                        <td>{c.cancelled_by_citizen}</td>
                                        <td>{c.cancelled_by_office}</td>
                                        <td>{c.no_shows}</td>
                                        <td>{format!("{} / {}", c.online_booked_units, c.offered_online_units)}</td>
                                        <td>{rate(locale, c.utilisation)}</td>
                                    </tr>
                                }
                            })
                            .collect_view()
                    })
                }}
            </DataTable>
        </section>
        <QueueSections stats />
    }
}

/// "08:00" for the hour starting at 8.
fn hour_label(hour: u8) -> String {
    format!("{hour:02}:00")
}

/// Whether anyone in these lanes was called (days without are left out of the table).
fn anyone_called(lanes: &[QueueFigures]) -> bool {
    lanes.iter().any(|lane| lane.called > 0)
}

/// The call queue's measured figures: a chart of the mean wait per hour of the day for each
/// lane, and the figures in total, per day and per hour as tables.
#[component]
fn QueueSections(stats: OfficeStatistics) -> impl IntoView {
    let locale = use_locale();
    let OfficeStatistics {
        queue_days,
        queue_hours,
        queue_totals,
        ..
    } = stats;
    if !anyone_called(&queue_totals) {
        return view! {
            <section aria-labelledby="queue-title" class="admin-section">
                <h2 id="queue-title">{t(Text::QueueFiguresTitle)}</h2>
                <p class="muted">{t(Text::QueueNobodyCalled)}</p>
            </section>
        }
        .into_any();
    }
    let hours = StoredValue::new(queue_hours);
    let wait_chart = move |lane: QueueLane, id: &'static str, title: Text| {
        move || {
            let locale = locale.get();
            let bars = hours.with_value(|hours| {
                hours
                    .iter()
                    .filter_map(|hour| {
                        let figures = hour.lanes.iter().find(|f| f.lane == lane)?;
                        Some(Bar {
                            label: hour_label(hour.hour),
                            value: figures.mean_wait_minutes.unwrap_or(0.0),
                            value_text: minutes(locale, figures.mean_wait_minutes),
                        })
                    })
                    .collect::<Vec<_>>()
            });
            view! { <BarChart id=id.into() title=Signal::derive(move || t(title)().to_string()) bars /> }
        }
    };
    let days: Vec<(Option<String>, Vec<QueueFigures>)> = queue_days
        .into_iter()
        .filter(|day| anyone_called(&day.lanes))
        .map(|day| (Some(day.date.to_string()), day.lanes))
        .collect();
    let by_hour = hours.with_value(|hours| {
        hours
            .iter()
            .map(|hour| (Some(hour_label(hour.hour)), hour.lanes.clone()))
            .collect::<Vec<_>>()
    });
    view! {
        <section aria-labelledby="queue-title" class="admin-section">
            <h2 id="queue-title">{t(Text::QueueFiguresTitle)}</h2>
            <p class="hint">{t(Text::QueueFiguresIntro)}</p>
            <div class="charts">
                {wait_chart(QueueLane::Appointment, "chart-wait-appointments", Text::ChartWaitAppointments)}
                {wait_chart(QueueLane::WalkIn, "chart-wait-walk-ins", Text::ChartWaitWalkIns)}
            </div>
        </section>
        <section aria-labelledby="queue-totals-title" class="admin-section">
            <h2 id="queue-totals-title">{t(Text::QueueTotalsTitle)}</h2>
            <QueueTable labelled_by="queue-totals-title" first=Text::Period groups=vec![(None, queue_totals)] />
        </section>
        <section aria-labelledby="queue-days-title" class="admin-section">
            <h2 id="queue-days-title">{t(Text::QueueDaysTitle)}</h2>
            <p class="hint">{t(Text::QueueDaysHint)}</p>
            <QueueTable labelled_by="queue-days-title" first=Text::Day groups=days />
        </section>
        <section aria-labelledby="queue-hours-title" class="admin-section">
            <h2 id="queue-hours-title">{t(Text::QueueHoursTitle)}</h2>
            <QueueTable labelled_by="queue-hours-title" first=Text::Hours groups=by_hour />
        </section>
    }
    .into_any()
}

/// The queue's figures as a table: one row per group (a day, an hour; `None`: the whole
/// period) and lane, the group and the lane as row headers; `first` names the groups' column.
#[component]
fn QueueTable(
    labelled_by: &'static str,
    first: Text,
    groups: Vec<(Option<String>, Vec<QueueFigures>)>,
) -> impl IntoView {
    let locale = use_locale();
    let groups = StoredValue::new(groups);
    view! {
        <DataTable labelled_by class="stats-table" columns=vec![
            Column::Shown(first),
            Column::Shown(Text::LaneColumn),
            Column::Shown(Text::QueueCalledCount),
            Column::Shown(Text::QueueServedCount),
            Column::Shown(Text::StatNoShows),
            Column::Shown(Text::QueueMeanWait),
            Column::Shown(Text::QueueMedianWait),
            Column::Shown(Text::QueueMeanService),
        ]>
            {move || {
                let locale = locale.get();
                groups.with_value(|groups| {
                    groups
                        .iter()
                        .flat_map(|(label, lanes)| lanes.iter().map(move |f| (label, f)))
                        .map(|(label, f)| {
                            let label = label
                                .clone()
                                .unwrap_or_else(|| Text::WholePeriod.get(locale).to_owned());
                            view! {
                                <tr>
                                    <th scope="row">{label}</th>
                                    <th scope="row">{t(lane_name(f.lane))}</th>
                                    <td>{f.called}</td>
                                    <td>{f.served}</td>
                                    <td>{f.no_shows}</td>
                                    <td>{minutes(locale, f.mean_wait_minutes)}</td>
                                    <td>{minutes(locale, f.median_wait_minutes)}</td>
                                    <td>{minutes(locale, f.mean_service_minutes)}</td>
                                </tr>
                            }
                        })
                        .collect_view()
                })
            }}
        </DataTable>
    }
}

/// Fetches a CSV table (through the client, so an expired access token is refreshed) and
/// saves it: the per-day counts or the call queue's figures.
#[component]
fn CsvDownload(office: OfficeId, from: NaiveDate, to: NaiveDate) -> impl IntoView {
    let error = RwSignal::new(None::<ApiError>);
    let busy = RwSignal::new(false);
    let download = move |table: StatisticsTable| {
        busy.set(true);
        error.set(None);
        spawn_local(async move {
            let result = api::statistics_csv(office, from, to, table).await;
            busy.set(false);
            let name = match table {
                StatisticsTable::Days => "statistik",
                StatisticsTable::Queue => "warteschlange",
            };
            match result {
                Ok(csv) => {
                    let _ = save_file(
                        &csv,
                        &format!("{name}-{office}-{from}-{to}.csv"),
                        "text/csv;charset=utf-8",
                    );
                }
                Err(failure) => error.set(Some(failure)),
            }
        });
    };
    view! {
        <div class="button-row">
            <button type="button" class="button secondary" on:click=move |_| download(StatisticsTable::Days) disabled=move || busy.get()>
                {t(Text::DownloadCsv)}
            </button>
            <button type="button" class="button secondary" on:click=move |_| download(StatisticsTable::Queue) disabled=move || busy.get()>
                {t(Text::DownloadQueueCsv)}
            </button>
        </div>
        {move || error.get().map(|error| view! { <StaffError error /> })}
    }
}
