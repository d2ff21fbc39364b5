use crate::app::Page;
use crate::components::{AppointmentSummary, CalendarDownload, DocumentsChecklist};
use crate::i18n::{Text, local_date_time, t, use_locale};
use leptos::prelude::*;
use leptos_router::components::A;
use shared::bookings::{BookedService, Booking, BookingStatus};

/// Services of a booking with their documents, each service once.
pub fn documents_by_service(booking: &Booking) -> Vec<(String, Vec<String>)> {
    documents_of(booking.appointments.iter().flat_map(|a| &a.services))
}

/// The services with their documents, each service once.
pub fn documents_of<'a>(
    services: impl IntoIterator<Item = &'a BookedService>,
) -> Vec<(String, Vec<String>)> {
    let mut seen = Vec::new();
    let mut out = Vec::new();
    for service in services {
        if !seen.contains(&service.service_id) {
            seen.push(service.service_id);
            out.push((service.name.clone(), service.documents.clone()));
        }
    }
    out
}

/// A booking just made: its reference, what was booked, what happens next (confirming it
/// first, if the office asks for that), the calendar file, the way to manage it and what to
/// bring. The manage link opens with the token kept in memory.
#[component]
pub fn BookingConfirmation(booking: Booking) -> impl IntoView {
    let locale = use_locale();
    let pending = booking.status == BookingStatus::PendingActivation;
    let deadline = booking.activation_deadline;
    let documents = documents_by_service(&booking);
    let calendar = booking.manage_token.map(|token| {
        view! { <CalendarDownload reference=booking.reference.clone() token /> }
    });
    let manage = Page::Manage {
        reference: booking.reference.clone(),
    }
    .path();
    view! {
        <div class=if pending { "notice notice-warning" } else { "notice notice-success" }>
            <p>
                {t(Text::Reference)} ": " <br />
                <span class="reference">{booking.reference}</span>
            </p>
            <p>{t(Text::ReferenceHint)}</p>
        </div>
        <h3>{t(Text::AppointmentsTitle)}</h3>
        <ul class="plain">
            {booking
                .appointments
                .into_iter()
                .map(|appointment| {
                    view! {
                        <li class="appointment">
                            <AppointmentSummary
                                office_id=appointment.office_id
                                start=appointment.start
                                end=appointment.end
                                services=appointment
                                    .services
                                    .into_iter()
                                    .map(|s| (s.name, s.quantity))
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
            {calendar}
            <A href=manage attr:class="button secondary" attr:id="manage-booking">
                {t(Text::ManageBooking)}
            </A>
        </div>
        <DocumentsChecklist services=documents />
    }
}
