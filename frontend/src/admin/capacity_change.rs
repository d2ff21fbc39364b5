//! Before a change takes capacity away: the booked appointments it affects, and the choice
//! to cancel them (citizens are emailed) or keep them (the office serves them anyway).

use crate::components::StepHeading;
use crate::i18n::admin::{Text, t};
use crate::i18n::{date_time, use_locale};
use leptos::prelude::*;
use shared::admin::{AffectedAppointments, StaffAppointment};

#[component]
pub fn CapacityDecision(
    affected: Vec<StaffAppointment>,
    on_decide: Callback<AffectedAppointments>,
    on_abort: Callback<()>,
) -> impl IntoView {
    let locale = use_locale();
    let choice = RwSignal::new(AffectedAppointments::Cancel);
    let count = affected.len();
    let decide = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        on_decide.run(choice.get_untracked());
    };
    view! {
        <form class="confirm-panel capacity-decision" on:submit=decide>
            <StepHeading>{move || format!("{} {count}", t(Text::AffectedCount)())}</StepHeading>
            <ul class="affected-list">
                {affected
                    .into_iter()
                    .map(|a| {
                        let start = a.start;
                        view! {
                            <li>
                                {move || date_time(locale.get(), start)} " · "
                                <span class="reference">{a.reference.clone()}</span> " · "
                                {a.citizen_name.unwrap_or_else(|| "–".into())}
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
            <fieldset>
                <legend>{t(Text::AffectedQuestion)}</legend>
                <div class="choice">
                    <input
                        type="radio"
                        id="affected-cancel"
                        name="affected"
                        prop:checked=move || choice.get() == AffectedAppointments::Cancel
                        on:change=move |_| choice.set(AffectedAppointments::Cancel)
                    />
                    <label for="affected-cancel">{t(Text::AffectedCancel)}</label>
                </div>
                <div class="choice">
                    <input
                        type="radio"
                        id="affected-keep"
                        name="affected"
                        prop:checked=move || choice.get() == AffectedAppointments::Keep
                        on:change=move |_| choice.set(AffectedAppointments::Keep)
                    />
                    <label for="affected-keep">{t(Text::AffectedKeep)}</label>
                </div>
            </fieldset>
            <div class="button-row">
                <button type="submit" class="button danger">{t(Text::SaveChange)}</button>
                <button type="button" class="button secondary" on:click=move |_| on_abort.run(())>
                    {t(Text::AbortChange)}
                </button>
            </div>
        </form>
    }
}
