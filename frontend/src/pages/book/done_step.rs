use crate::app::Page;
use crate::components::{AppointmentSummary, CalendarDownload, DocumentsChecklist, StepHeading};
use crate::i18n::{Text, local_date_time, t, use_locale};
use crate::store::use_booking_store;
use leptos::prelude::*;
use leptos_router::components::A;
use shared::bookings::{Booking, BookingStatus};

/// Services of a booking with their documents, each service once.
pub(crate) fn documents_by_service(booking: &Booking) -> Vec<(String, Vec<String>)> {
    let mut seen = Vec::new();
    let mut out = Vec::new();
    for appointment in &booking.appointments {
        for service in &appointment.services {
            if !seen.contains(&service.service_id) {
                seen.push(service.service_id);
                out.push((service.name.clone(), service.documents.clone()));
            }
        }
    }
    out
}

/// Step 5: the booking reference, what was booked, what to bring and what happens next.
#[component]
pub fn DoneStep() -> impl IntoView {
    let store = use_booking_store();
    let locale = use_locale();
    let Some(booking) = store.booking.get_untracked() else {
        return ().into_any();
    };
    let pending = booking.status == BookingStatus::PendingActivation;
    let deadline = booking.activation_deadline;
    let manage = Page::Manage {
        reference: booking.reference.clone(),
    }
    .path();
    view! {
        <section>
            <StepHeading>
                {t(if pending { Text::DonePendingTitle } else { Text::DoneTitle })}
            </StepHeading>
            <div class=if pending { "notice notice-warning" } else { "notice notice-success" }>
                <p>
                    {t(Text::Reference)} ": " <br />
                    <span class="reference">{booking.reference.clone()}</span>
                </p>
                <p>{t(Text::ReferenceHint)}</p>
            </div>
            <h3>{t(Text::AppointmentsTitle)}</h3>
            <ul class="plain">
                {booking
                    .appointments
                    .iter()
                    .map(|appointment| {
                        view! {
                            <li class="appointment">
                                <AppointmentSummary
                                    office_id=appointment.office_id
                                    start=appointment.start
                                    end=appointment.end
                                    services=appointment
                                        .services
                                        .iter()
                                        .map(|s| (s.name.clone(), s.quantity))
                                        .collect()
                                />
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
            <h3>{t(Text::WhatsNext)}</h3>
            <ol>
                {pending
                    .then(|| {
                        view! {
                            <li>
                                <strong>{t(Text::NextActivate)}</strong>
                                {deadline
                                    .map(|deadline| {
                                        view! {
                                            " " {t(Text::ConfirmBy)} " "
                                            <strong>{move || local_date_time(locale.get(), deadline)}</strong>
                                            "."
                                        }
                                    })}
                            </li>
                        }
                    })}
                <li>{t(Text::NextEmail)}</li>
                <li>{t(Text::NextBring)}</li>
                <li>{t(Text::NextCancel)}</li>
            </ol>
            <div class="button-row">
                {booking
                    .manage_token
                    .clone()
                    .map(|token| view! { <CalendarDownload reference=booking.reference.clone() token /> })}
                <A href=manage attr:class="button secondary">{t(Text::ManageBooking)}</A>
            </div>
            <DocumentsChecklist services=documents_by_service(&booking) />
            <div class="button-row">
                <button type="button" class="button secondary" on:click=move |_| store.start_over()>
                    {t(Text::NewBooking)}
                </button>
            </div>
        </section>
    }
    .into_any()
}
