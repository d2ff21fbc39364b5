//! `/admin/statistics?office=&from=&to=`: an office's anonymous numbers for a period — totals,
//! bookings and utilisation per day as SVG bar charts with the same data as a table, waiting
//! times until the next free appointment, and the CSV download.

use super::AdminPage;
use super::api;
use super::area::{AdminArea, OfficeSelect, StaffError, allowed_offices};
use super::chart::{Bar, BarChart};
use super::session::{Area, chosen_office};
use super::table::{Column, DataTable};
use crate::api::ApiError;
use crate::browser::{save_file, today};
use crate::components::{Loading, PageHeading};
use crate::i18n::admin::{Text, percent, t};
use crate::i18n::{date_time, use_locale};
use chrono::{Datelike, NaiveDate};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::{use_navigate, use_query_map};
use shared::admin::{OfficeStatistics, StatisticsCounts};
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
    let locale = use_locale();
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
        let locale = locale.get();
        async move {
            match p.office {
                Some(office) => api::statistics(office, p.from, p.to, locale)
                    .await
                    .map(Some),
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
    let waiting = stats.waiting_times.clone();
    view! {
        <section aria-labelledby="totals-title" class="admin-section">
            <h2 id="totals-title">{t(Text::TotalsTitle)}</h2>
            <Totals totals=stats.totals />
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
        <section aria-labelledby="waiting-title" class="admin-section">
            <h2 id="waiting-title">{t(Text::WaitingTitle)}</h2>
            {if waiting.is_empty() {
                view! { <p class="muted">{t(Text::NoWaitingTimes)}</p> }.into_any()
            } else {
                view! {
                    <DataTable labelled_by="waiting-title" columns=vec![
                        Column::Shown(Text::Day),
                        Column::Shown(Text::ServicesLabel),
                        Column::Shown(Text::NextFreeAt),
                        Column::Shown(Text::WaitDays),
                    ]>
                        {waiting
                            .into_iter()
                            .map(|w| {
                                let next = w.next_free;
                                view! {
                                    <tr>
                                        <th scope="row">{w.date.to_string()}</th>
                                        <td>{w.service_name.clone()}</td>
                                        <td>{move || next.map_or_else(|| "–".to_string(), |at| date_time(locale.get(), at))}</td>
                                        <td>{w.wait_minutes.map_or_else(|| "–".to_string(), |m| format!("{:.1}", f64::from(m) / 1440.0))}</td>
                                    </tr>
                                }
                            })
                            .collect_view()}
                    </DataTable>
                }
                    .into_any()
            }}
        </section>
    }
}

/// Fetches the CSV (through the client, so an expired access token is refreshed) and saves it.
#[component]
fn CsvDownload(office: OfficeId, from: NaiveDate, to: NaiveDate) -> impl IntoView {
    let error = RwSignal::new(None::<ApiError>);
    let busy = RwSignal::new(false);
    let download = move |_| {
        busy.set(true);
        error.set(None);
        spawn_local(async move {
            let result = api::statistics_csv(office, from, to).await;
            busy.set(false);
            match result {
                Ok(csv) => {
                    let _ = save_file(
                        &csv,
                        &format!("statistik-{office}-{from}-{to}.csv"),
                        "text/csv;charset=utf-8",
                    );
                }
                Err(failure) => error.set(Some(failure)),
            }
        });
    };
    view! {
        <div class="button-row">
            <button type="button" class="button secondary" on:click=download disabled=move || busy.get()>
                {t(Text::DownloadCsv)}
            </button>
        </div>
        {move || error.get().map(|error| view! { <StaffError error /> })}
    }
}
