//! `/booking/:reference`: the link from the confirmation email.
//!
//! `#token=<manage token>` opens the booking for viewing, cancelling, rescheduling and the
//! calendar file; `#activate=<token>` confirms a booking (double opt-in). The fragment is read
//! once and removed from the address bar; the token stays in memory only.

use crate::api::{self, ApiError};
use crate::browser::{focus_element, take_fragment_value};
use crate::components::{
    ActionOutcome, AppointmentSummary, CalendarDownload, ConfirmBox, DayCalendar,
    DocumentsChecklist, ErrorNotice, FreeTimeList, Loading, PageHeading, documents_by_service,
    use_announcer,
};
use crate::i18n::{Text, date_time, local_date_time, t, use_locale};
use crate::store::{TokenFor, keeps_waitlist, use_catalog, use_link_tokens};
use chrono::NaiveDate;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::use_params_map;
use shared::availability::FreeTime;
use shared::bookings::{Appointment, AppointmentStatus, Booking, BookingStatus, RescheduleRequest};
use shared::ids::AppointmentId;
use shared::selection::ServiceQuantity;

/// What the email link carried in its fragment.
enum Fragment {
    Manage(String),
    Activate(String),
}

/// Reads `#token=` / `#activate=` and removes the fragment from the address bar and history.
fn take_fragment() -> Option<Fragment> {
    match take_fragment_value(&["token", "activate"])? {
        ("activate", token) => Some(Fragment::Activate(token)),
        (_, token) => Some(Fragment::Manage(token)),
    }
}

fn status_text(status: BookingStatus) -> Text {
    match status {
        BookingStatus::PendingActivation => Text::StatusPendingActivation,
        BookingStatus::Confirmed => Text::StatusConfirmed,
        BookingStatus::Cancelled => Text::StatusCancelled,
        BookingStatus::Expired => Text::StatusExpired,
    }
}

fn appointment_status_text(status: AppointmentStatus) -> Text {
    match status {
        AppointmentStatus::PendingActivation => Text::StatusPendingActivation,
        AppointmentStatus::Booked => Text::ApptBooked,
        AppointmentStatus::CheckedIn => Text::ApptCheckedIn,
        AppointmentStatus::Completed => Text::ApptCompleted,
        AppointmentStatus::NoShow => Text::ApptNoShow,
        AppointmentStatus::CancelledByCitizen => Text::ApptCancelledByCitizen,
        AppointmentStatus::CancelledByOffice => Text::ApptCancelledByOffice,
        AppointmentStatus::Expired => Text::StatusExpired,
    }
}

/// Whether the citizen can still cancel or move this appointment.
fn changeable(appointment: &Appointment) -> bool {
    matches!(
        appointment.status,
        AppointmentStatus::Booked | AppointmentStatus::PendingActivation
    ) && appointment.start.timestamp_millis() > js_sys::Date::now() as i64
}

#[component]
pub fn ManagePage() -> impl IntoView {
    let params = use_params_map();
    let tokens = use_link_tokens();
    let reference = params
        .get_untracked()
        .get("reference")
        .unwrap_or_default()
        .trim()
        .to_string();
    let activation = match take_fragment() {
        Some(Fragment::Manage(token)) => {
            tokens.insert(TokenFor::Booking(reference.clone()), token);
            None
        }
        Some(Fragment::Activate(token)) => Some(token),
        None => None,
    };
    let has_activation = activation.is_some();
    let token = {
        let booking = TokenFor::Booking(reference.clone());
        move || tokens.get(&booking)
    };

    view! {
        <PageHeading>{t(Text::ManageTitle)}</PageHeading>
        <p>
            {t(Text::Reference)} ": " <span class="reference">{reference.clone()}</span>
        </p>
        {activation.map(|token| view! { <Activation reference=reference.clone() token /> })}
        {move || match token() {
            Some(token) => view! { <BookingManager reference=reference.clone() token /> }.into_any(),
            None if !has_activation => {
                view! { <p class="notice">{t(Text::ManageNoToken)}</p> }.into_any()
            }
            None => ().into_any(),
        }}
    }
}

/// Confirms a booking with the activation token when the citizen clicks, and shows the
/// result. Never on loading the page: mail scanners that render links would confirm bookings
/// nobody wanted, defeating the double opt-in.
#[component]
fn Activation(reference: String, token: String) -> impl IntoView {
    let result = RwSignal::new(None::<Result<Option<Booking>, ApiError>>);
    let busy = RwSignal::new(false);
    let announcer = use_announcer();
    let locale = use_locale();
    let reference = StoredValue::new(reference);
    let token = StoredValue::new(token);
    let (activating, activate) = (t(Text::Activating), t(Text::ActivateButton));
    let confirm = move |_| {
        busy.set(true);
        spawn_local(async move {
            let outcome = api::activate(&reference.get_value(), &token.get_value()).await;
            announcer.say(match &outcome {
                Ok(_) => Text::Activated.get(locale.get_untracked()),
                Err(error) => crate::i18n::error_text(&error.code).get(locale.get_untracked()),
            });
            result.set(Some(outcome));
            busy.set(false);
        });
    };
    view! {
        <section aria-labelledby="activate-title">
            <h2 id="activate-title">{t(Text::ActivateTitle)}</h2>
            {move || match result.get() {
                None => {
                    view! {
                        <p>{t(Text::ActivateAsk)}</p>
                        <button
                            type="button"
                            class="button large"
                            id="activate-confirm"
                            on:click=confirm
                            disabled=move || busy.get()
                        >
                            {move || if busy.get() { activating() } else { activate() }}
                        </button>
                    }
                        .into_any()
                }
                Some(Ok(booking)) => {
                    view! {
                        <div class="notice notice-success">
                            <p>
                                <strong>{t(Text::Activated)}</strong>
                            </p>
                        </div>
                        {booking.map(|booking| view! { <BookingAppointments booking actions=false /> })}
                    }
                        .into_any()
                }
                Some(Err(error)) => view! { <ErrorNotice error /> }.into_any(),
            }}
        </section>
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Confirm {
    CancelOne(AppointmentId),
    CancelAll,
}

/// Actions on the shown booking, shared with its appointment cards.
#[derive(Debug, Clone, Copy)]
struct ManageState {
    booking: RwSignal<Option<Result<Booking, ApiError>>>,
    confirming: RwSignal<Option<Confirm>>,
    rescheduling: RwSignal<Option<AppointmentId>>,
    busy: RwSignal<bool>,
    /// The last successful action, shown and announced.
    done: RwSignal<Option<Text>>,
    action_error: RwSignal<Option<ApiError>>,
}

impl ManageState {
    /// The safe answer of a confirmation: nothing is cancelled or moved.
    fn stop_confirming(self) -> Callback<()> {
        Callback::new(move |()| {
            self.confirming.set(None);
            self.rescheduling.set(None);
        })
    }
}

/// The booking, loaded with the manage token, with cancel / reschedule / calendar file.
#[component]
fn BookingManager(reference: String, token: String) -> impl IntoView {
    let announcer = use_announcer();
    let locale = use_locale();
    let state = ManageState {
        booking: RwSignal::new(None),
        confirming: RwSignal::new(None),
        rescheduling: RwSignal::new(None),
        busy: RwSignal::new(false),
        done: RwSignal::new(None),
        action_error: RwSignal::new(None),
    };
    provide_context(state);
    let reference = StoredValue::new(reference);
    let token = StoredValue::new(token);

    let load = move || {
        spawn_local(async move {
            let result = api::booking(&reference.get_value(), &token.get_value()).await;
            state.booking.set(Some(result));
        });
    };
    load();

    let cancel = Callback::new(move |ids: Option<Vec<AppointmentId>>| {
        let all = ids.is_none();
        state.busy.set(true);
        state.action_error.set(None);
        spawn_local(async move {
            let result = api::cancel(&reference.get_value(), &token.get_value(), ids).await;
            state.busy.set(false);
            state.confirming.set(None);
            match result {
                Ok(booking) => {
                    let text = if all {
                        Text::AllCancelled
                    } else {
                        Text::Cancelled
                    };
                    state.booking.set(Some(Ok(booking)));
                    state.done.set(Some(text));
                    announcer.say(text.get(locale.get_untracked()));
                    request_animation_frame(|| focus_element("manage-status"));
                }
                Err(error) => {
                    announcer.say(crate::i18n::error_text(&error.code).get(locale.get_untracked()));
                    state.action_error.set(Some(error));
                }
            }
        });
    });

    let reschedule = Callback::new(move |(id, time): (AppointmentId, FreeTime)| {
        state.busy.set(true);
        state.action_error.set(None);
        spawn_local(async move {
            let request = RescheduleRequest { start: time.start };
            let result =
                api::reschedule(&reference.get_value(), &token.get_value(), id, &request).await;
            state.busy.set(false);
            match result {
                Ok(booking) => {
                    state.booking.set(Some(Ok(booking)));
                    state.rescheduling.set(None);
                    state.done.set(Some(Text::Rescheduled));
                    announcer.say(format!(
                        "{} {}",
                        Text::Rescheduled.get(locale.get_untracked()),
                        date_time(locale.get_untracked(), time.start)
                    ));
                    request_animation_frame(|| focus_element("manage-status"));
                }
                Err(error) => {
                    announcer.say(crate::i18n::error_text(&error.code).get(locale.get_untracked()));
                    state.action_error.set(Some(error));
                }
            }
        });
    });
    let ask_for_earlier = Callback::new(move |id: AppointmentId| {
        state.busy.set(true);
        state.action_error.set(None);
        spawn_local(async move {
            let result = api::ask_for_earlier(&reference.get_value(), &token.get_value(), id).await;
            state.busy.set(false);
            match result {
                Ok(_) => {
                    state.done.set(Some(Text::EarlierRequested));
                    announcer.say(Text::EarlierRequested.get(locale.get_untracked()));
                    request_animation_frame(|| focus_element("manage-status"));
                }
                Err(error) => {
                    announcer.say(crate::i18n::error_text(&error.code).get(locale.get_untracked()));
                    state.action_error.set(Some(error));
                }
            }
        });
    });
    provide_context(ManageActions {
        cancel,
        reschedule,
        ask_for_earlier,
    });

    view! {
        <ActionOutcome id="manage-status" done=state.done error=state.action_error />
        {move || match state.booking.get() {
            None => view! { <Loading /> }.into_any(),
            Some(Err(error)) => {
                view! { <ErrorNotice error retry=Callback::new(move |()| load()) /> }.into_any()
            }
            Some(Ok(booking)) => {
                let any_changeable = booking.appointments.iter().filter(|a| changeable(a)).count();
                let deadline = booking.activation_deadline;
                let pending = booking.status == BookingStatus::PendingActivation;
                let documents = documents_by_service(&booking);
                let active = matches!(
                    booking.status,
                    BookingStatus::PendingActivation | BookingStatus::Confirmed
                );
                view! {
                    <p>
                        {t(Text::Status)} ": "
                        <span class="status-badge">{t(status_text(booking.status))}</span>
                    </p>
                    {(pending && deadline.is_some())
                        .then(|| {
                            let deadline = deadline.unwrap_or_default();
                            view! {
                                <p class="notice notice-warning">
                                    {t(Text::NextActivate)} " " {t(Text::ConfirmBy)} " "
                                    <strong>{move || local_date_time(locale.get(), deadline)}</strong> "."
                                </p>
                            }
                        })}
                    <BookingAppointments booking actions=true />
                    <div class="button-row">
                        {active
                            .then(|| {
                                view! {
                                    <CalendarDownload
                                        reference=reference.get_value()
                                        token=token.get_value()
                                    />
                                }
                            })}
                        {(any_changeable > 1)
                            .then(|| {
                                view! {
                                    <button
                                        type="button"
                                        class="button secondary"
                                        on:click=move |_| {
                                            state.confirming.set(Some(Confirm::CancelAll));
                                            request_animation_frame(|| focus_element("confirm-all"));
                                        }
                                    >
                                        {t(Text::CancelAll)}
                                    </button>
                                }
                            })}
                    </div>
                    {move || {
                        (state.confirming.get() == Some(Confirm::CancelAll))
                            .then(|| {
                                view! {
                                    <ConfirmBox
                                        id="confirm-all"
                                        busy=state.busy
                                        on_no=state.stop_confirming()
                                        question=Text::CancelConfirmAll
                                        yes=Text::YesCancel
                                        no=Text::KeepAppointment
                                        on_yes=Callback::new(move |()| cancel.run(None))
                                    />
                                }
                            })
                    }}
                    {active.then(|| view! { <DocumentsChecklist services=documents /> })}
                }
                    .into_any()
            }
        }}
    }
}

#[derive(Debug, Clone, Copy)]
struct ManageActions {
    cancel: Callback<Option<Vec<AppointmentId>>>,
    reschedule: Callback<(AppointmentId, FreeTime)>,
    /// Waits for an earlier time of the appointment (the waitlist offers it by email).
    ask_for_earlier: Callback<AppointmentId>,
}

/// The appointments of a booking; with `actions`, each can be cancelled or moved.
#[component]
fn BookingAppointments(booking: Booking, actions: bool) -> impl IntoView {
    booking
        .appointments
        .into_iter()
        .map(|appointment| {
            view! { <AppointmentCard appointment actions /> }
        })
        .collect_view()
}

#[component]
fn AppointmentCard(appointment: Appointment, actions: bool) -> impl IntoView {
    let id = appointment.id;
    let cancelled = appointment.status.is_cancelled();
    let can_change = actions && changeable(&appointment);
    let services: Vec<ServiceQuantity> = appointment
        .services
        .iter()
        .map(|s| ServiceQuantity {
            service_id: s.service_id,
            quantity: s.quantity,
        })
        .collect();
    let names = appointment
        .services
        .iter()
        .map(|s| (s.name.clone(), s.quantity))
        .collect::<Vec<_>>();
    let controls = can_change.then(|| {
        view! {
            <AppointmentControls
                id
                office_id=appointment.office_id
                start=appointment.start
                services
            />
        }
    });
    view! {
        <article class="appointment" class:cancelled=cancelled>
            <AppointmentSummary
                office_id=appointment.office_id
                start=appointment.start
                end=appointment.end
                services=names
            />
            <p>
                {t(Text::Status)} ": "
                <span class="status-badge">{t(appointment_status_text(appointment.status))}</span>
            </p>
            {controls}
        </article>
    }
}

#[component]
fn AppointmentControls(
    id: AppointmentId,
    office_id: shared::ids::OfficeId,
    start: chrono::DateTime<chrono::FixedOffset>,
    services: Vec<ServiceQuantity>,
) -> impl IntoView {
    let state = expect_context::<ManageState>();
    let actions = expect_context::<ManageActions>();
    let locale = use_locale();
    let confirm_id = move || format!("confirm-{id}");
    let reschedule_id = move || format!("reschedule-{id}");
    let catalog = use_catalog();
    let day = RwSignal::new(Some::<NaiveDate>(start.date_naive()));
    let chosen = RwSignal::new(None::<FreeTime>);
    view! {
        <div class="button-row">
            <button
                type="button"
                class="button secondary"
                aria-expanded=move || (state.rescheduling.get() == Some(id)).to_string()
                on:click=move |_| {
                    state.confirming.set(None);
                    chosen.set(None);
                    state.rescheduling.set(Some(id));
                    request_animation_frame(move || focus_element(&reschedule_id()));
                }
            >
                {t(Text::Reschedule)}
            </button>
            <button
                type="button"
                class="button secondary"
                on:click=move |_| {
                    state.rescheduling.set(None);
                    state.confirming.set(Some(Confirm::CancelOne(id)));
                    request_animation_frame(move || focus_element(&confirm_id()));
                }
            >
                {t(Text::CancelAppointment)}
            </button>
            {move || catalog.office(office_id).is_some_and(|office| keeps_waitlist(&office))
                .then(|| {
                    view! {
                        <button
                            type="button"
                            class="button secondary"
                            id=format!("earlier-{id}")
                            disabled=move || state.busy.get()
                            on:click=move |_| {
                                state.rescheduling.set(None);
                                state.confirming.set(None);
                                actions.ask_for_earlier.run(id);
                            }
                        >
                            {t(Text::AskForEarlier)}
                        </button>
                    }
                })}
        </div>
        {move || {
            (state.confirming.get() == Some(Confirm::CancelOne(id)))
                .then(|| {
                    view! {
                        <ConfirmBox
                            id=confirm_id()
                            busy=state.busy
                            on_no=state.stop_confirming()
                            question=Text::CancelConfirmOne
                            yes=Text::YesCancel
                            no=Text::KeepAppointment
                            on_yes=Callback::new(move |()| actions.cancel.run(Some(vec![id])))
                        />
                    }
                })
        }}
        {move || {
            let services = services.clone();
            (state.rescheduling.get() == Some(id))
                .then(|| {
                    view! {
                        <section class="reschedule" aria-labelledby=reschedule_id()>
                            <h3 id=reschedule_id() tabindex="-1">{t(Text::RescheduleTitle)}</h3>
                            <div class="time-picker">
                                <DayCalendar
                                    office=office_id
                                    services=services.clone()
                                    selected=day
                                    id_prefix=format!("cal-{id}")
                                />
                                <div>
                                    <h4>{t(Text::FreeTimesHeading)}</h4>
                                    {move || {
                                        let services = services.clone();
                                        day.get()
                                            .map(|date| {
                                                view! {
                                                    <FreeTimeList
                                                        office=office_id
                                                        services
                                                        date
                                                        busy=state.busy
                                                        on_pick=Callback::new(move |time: FreeTime| {
                                                            chosen.set(Some(time));
                                                            request_animation_frame(move || {
                                                                focus_element(&confirm_id())
                                                            });
                                                        })
                                                    />
                                                }
                                            })
                                    }}
                                </div>
                            </div>
                            {move || {
                                chosen
                                    .get()
                                    .map(|time| {
                                        let detail = date_time(locale.get_untracked(), time.start);
                                        view! {
                                            <ConfirmBox
                                                id=confirm_id()
                                                busy=state.busy
                                                on_no=state.stop_confirming()
                                                question=Text::RescheduleConfirm
                                                yes=Text::YesReschedule
                                                no=Text::CancelAction
                                                detail=detail
                                                on_yes=Callback::new(move |()| {
                                                    actions.reschedule.run((id, time.clone()))
                                                })
                                            />
                                        }
                                    })
                            }}
                        </section>
                    }
                })
        }}
    }
}
