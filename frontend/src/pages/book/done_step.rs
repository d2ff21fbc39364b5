use crate::components::{BookingConfirmation, StepHeading};
use crate::i18n::{Text, t};
use crate::store::use_booking_store;
use leptos::prelude::*;
use shared::bookings::BookingStatus;

/// Step 5: the booking reference, what was booked, what to bring and what happens next.
#[component]
pub fn DoneStep() -> impl IntoView {
    let store = use_booking_store();
    let Some(booking) = store.booking.get_untracked() else {
        return ().into_any();
    };
    let pending = booking.status == BookingStatus::PendingActivation;
    view! {
        <section>
            <StepHeading>
                {t(if pending { Text::DonePendingTitle } else { Text::DoneTitle })}
            </StepHeading>
            <BookingConfirmation booking />
            <div class="button-row">
                <button type="button" class="button secondary" on:click=move |_| store.start_over()>
                    {t(Text::NewBooking)}
                </button>
            </div>
        </section>
    }
    .into_any()
}
