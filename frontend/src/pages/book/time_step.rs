use super::{service_names, services_in_words};
use crate::api::{self, ApiError};
use crate::components::{
    AppointmentSummary, DayCalendar, ErrorNotice, FreeTimeList, ReleaseNotice, StepHeading,
    WaitlistLink,
};
use crate::i18n::{Text, date_time, long_date, t, use_locale};
use crate::store::{HeldAppointment, Step, use_booking_store, use_catalog};
use leptos::prelude::*;
use leptos::task::spawn_local;
use shared::availability::FreeTime;
use shared::bookings::CreateHold;

/// Step 2: a day in the calendar, then a free time; picking it holds it for the citizen.
#[component]
pub fn TimeStep() -> impl IntoView {
    let store = use_booking_store();
    let catalog = use_catalog();
    let locale = use_locale();
    let announcer = crate::components::use_announcer();
    let busy = RwSignal::new(false);
    let error = RwSignal::new(None::<ApiError>);
    // Bumped to reload the free times after a time was taken by someone else.
    let reload = RwSignal::new(0u32);

    let Some(office_id) = store.office.get_untracked() else {
        store.step.set(Step::Services);
        return ().into_any();
    };
    let services = store.selection();
    let services_for_waitlist = services.clone();
    let services_for_release = services.clone();
    let horizon_days = catalog
        .office(office_id)
        .map(|office| office.booking_rules.horizon_days)
        .unwrap_or(365);
    let what = services_in_words(catalog, &services);
    let office_name = move || {
        catalog
            .office(office_id)
            .map(|office| office.name)
            .unwrap_or_default()
    };

    let pick = {
        let services = services.clone();
        Callback::new(move |time: FreeTime| {
            let request = CreateHold {
                office_id,
                services: services.clone(),
                start: time.start,
            };
            let services = services.clone();
            busy.set(true);
            error.set(None);
            spawn_local(async move {
                let result = api::create_hold(&request).await;
                busy.set(false);
                match result {
                    Ok(hold) => {
                        let held = HeldAppointment {
                            office_id,
                            services,
                            hold,
                        };
                        let replaced = store.replacing.get_untracked().and_then(|index| {
                            store.appointments.try_update(|list| {
                                list.get_mut(index)
                                    .map(|old| std::mem::replace(old, held.clone()).hold.id)
                            })?
                        });
                        match replaced {
                            Some(old_hold) => {
                                spawn_local(async move {
                                    let _ = api::release_hold(old_hold).await;
                                });
                            }
                            None => store.appointments.update(|list| list.push(held)),
                        }
                        store.replacing.set(None);
                        announcer.say(date_time(locale.get_untracked(), time.start));
                        store.step.set(Step::Appointments);
                    }
                    Err(err) => {
                        announcer
                            .say(crate::i18n::error_text(&err.code).get(locale.get_untracked()));
                        error.set(Some(err));
                        reload.update(|n| *n += 1);
                    }
                }
            });
        })
    };

    let back = move |_| {
        if store.replacing.get_untracked().is_some() {
            store.replacing.set(None);
            store.step.set(Step::Appointments);
        } else {
            store.step.set(Step::Services);
        }
    };

    // Replacing an appointment: show which one.
    let replacing = store.replacing.get_untracked().and_then(|index| {
        store
            .appointments
            .with_untracked(|list| list.get(index).cloned())
    });

    view! {
        <section>
            <StepHeading>{t(Text::ChooseTime)}</StepHeading>
            <p>
                <strong>{what}</strong>
                " – "
                {office_name}
            </p>
            {replacing
                .map(|old| {
                    view! {
                        <div class="notice">
                            <p>
                                <strong>{t(Text::RescheduleTitle)}</strong>
                            </p>
                            <AppointmentSummary
                                office_id=old.office_id
                                start=old.hold.start
                                end=old.hold.end
                                services=service_names(catalog, &old.services)
                            />
                        </div>
                    }
                })}
            <ReleaseNotice office=office_id services=services_for_release />
            <div class="time-picker">
                <div>
                    <h3 class="visually-hidden">{t(Text::ChooseDay)}</h3>
                    <DayCalendar
                        office=office_id
                        services=services.clone()
                        selected=store.day
                        horizon_days=horizon_days
                    />
                </div>
                <div>
                    <h3>
                        {t(Text::FreeTimesHeading)}
                        {move || {
                            store
                                .day
                                .get()
                                .map(|day| format!(" – {}", long_date(locale.get(), day)))
                        }}
                    </h3>
                    {move || error.get().map(|error| view! { <ErrorNotice error /> })}
                    {move || {
                        let services = services.clone();
                        let _ = reload.get();
                        match store.day.get() {
                            None => view! { <p class="hint">{t(Text::ChooseDayFirst)}</p> }.into_any(),
                            Some(date) => {
                                view! {
                                    <FreeTimeList
                                        office=office_id
                                        services
                                        date
                                        on_pick=pick
                                        busy=busy
                                    />
                                }
                                    .into_any()
                            }
                        }
                    }}
                    {move || busy.get().then(|| view! { <p role="status">{t(Text::HoldingTime)}</p> })}
                </div>
            </div>
            <WaitlistLink services=services_for_waitlist office=office_id id="waitlist-link" />
            <div class="button-row">
                <button type="button" class="button secondary" on:click=back>
                    {t(Text::Back)}
                </button>
            </div>
        </section>
    }
    .into_any()
}
