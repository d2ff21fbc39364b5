use super::service_names;
use crate::api;
use crate::components::{AppointmentSummary, HoldCountdown, StepHeading};
use crate::i18n::{Text, t, use_locale};
use crate::store::{HeldAppointment, Step, use_booking_store, use_catalog};
use leptos::prelude::*;
use leptos::task::spawn_local;
use shared::ids::HoldId;
use std::collections::HashSet;

pub(crate) fn hold_expired(appointment: &HeldAppointment) -> bool {
    appointment.hold.expires_at.timestamp_millis() <= js_sys::Date::now() as i64
}

/// Step 3: the appointments held so far; add another one or go on to the details.
#[component]
pub fn AppointmentsStep() -> impl IntoView {
    let store = use_booking_store();
    let catalog = use_catalog();
    let locale = use_locale();
    let expired = RwSignal::new(
        store
            .appointments
            .get_untracked()
            .iter()
            .filter(|a| hold_expired(a))
            .map(|a| a.hold.id)
            .collect::<HashSet<HoldId>>(),
    );
    let show_error = RwSignal::new(false);

    let add_another = move |_| {
        store.quantities.set(Default::default());
        store.replacing.set(None);
        store.step.set(Step::Services);
    };
    let continue_ = move |_| {
        let any_expired = expired.with(|set| !set.is_empty());
        if store.appointments.with(Vec::is_empty) || any_expired {
            show_error.set(true);
        } else {
            store.step.set(Step::Details);
        }
    };

    view! {
        <section>
            <StepHeading>{t(Text::AppointmentsTitle)}</StepHeading>
            <p>{t(Text::AppointmentsHint)}</p>
            {move || {
                let list = store.appointments.get();
                if list.is_empty() {
                    return view! { <p class="notice">{t(Text::NoAppointmentsYet)}</p> }.into_any();
                }
                view! {
                    <ol class="plain">
                        {list
                            .into_iter()
                            .enumerate()
                            .map(|(index, appointment)| {
                                let hold_id = appointment.hold.id;
                                let is_expired = move || expired.with(|set| set.contains(&hold_id));
                                let retime = {
                                    let appointment = appointment.clone();
                                    move |_| {
                                        store.office.set(Some(appointment.office_id));
                                        store.quantities.set(
                                            appointment
                                                .services
                                                .iter()
                                                .map(|s| (s.service_id, s.quantity))
                                                .collect(),
                                        );
                                        store.day.set(Some(appointment.hold.start.date_naive()));
                                        store.replacing.set(Some(index));
                                        store.step.set(Step::Time);
                                    }
                                };
                                let remove = move |_| {
                                    store.appointments.update(|list| {
                                        list.retain(|a| a.hold.id != hold_id);
                                    });
                                    spawn_local(async move {
                                        let _ = api::release_hold(hold_id).await;
                                    });
                                };
                                let heading = move || match locale.get() {
                                    crate::i18n::Locale::De => format!("Termin {}", index + 1),
                                    crate::i18n::Locale::En => format!("Appointment {}", index + 1),
                                };
                                view! {
                                    <li class="appointment">
                                        <h3>{heading}</h3>
                                        <AppointmentSummary
                                            office_id=appointment.office_id
                                            start=appointment.hold.start
                                            end=appointment.hold.end
                                            services=service_names(catalog, &appointment.services)
                                        />
                                        {move || {
                                            if is_expired() {
                                                view! {
                                                    <p class="field-error" role="alert">
                                                        {t(Text::ReservationExpired)}
                                                    </p>
                                                }
                                                    .into_any()
                                            } else {
                                                view! {
                                                    <HoldCountdown
                                                        expires_at=appointment.hold.expires_at
                                                        on_expired=Callback::new(move |()| {
                                                            expired.update(|set| {
                                                                set.insert(hold_id);
                                                            })
                                                        })
                                                    />
                                                }
                                                    .into_any()
                                            }
                                        }}
                                        <div class="button-row">
                                            <button type="button" class="button secondary" on:click=retime>
                                                {move || {
                                                    if is_expired() {
                                                        t(Text::ChooseNewTime)()
                                                    } else {
                                                        t(Text::Reschedule)()
                                                    }
                                                }}
                                            </button>
                                            <button type="button" class="button secondary" on:click=remove>
                                                {t(Text::RemoveAppointment)}
                                            </button>
                                        </div>
                                    </li>
                                }
                            })
                            .collect_view()}
                    </ol>
                }
                    .into_any()
            }}
            <p class="field-error" role="alert" hidden=move || !show_error.get()>
                {move || {
                    if store.appointments.with(Vec::is_empty) {
                        t(Text::NoAppointmentsYet)()
                    } else {
                        t(Text::ReservationExpired)()
                    }
                }}
            </p>
            <div class="button-row">
                <button type="button" class="button secondary" on:click=add_another>
                    <span aria-hidden="true">"+ "</span>
                    {t(Text::AddAnother)}
                </button>
                <button type="button" class="button" on:click=continue_>
                    {t(Text::ContinueToDetails)}
                </button>
            </div>
        </section>
    }
}
