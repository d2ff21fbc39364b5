use crate::i18n::{Text, appointment_time, quantity_name, t, use_locale};
use crate::store::use_catalog;
use chrono::{DateTime, FixedOffset};
use leptos::prelude::*;
use shared::ids::OfficeId;

/// When, where and what: one appointment in a few lines.
#[component]
pub fn AppointmentSummary(
    office_id: OfficeId,
    start: DateTime<FixedOffset>,
    end: DateTime<FixedOffset>,
    /// Service names with quantities.
    services: Vec<(String, u32)>,
) -> impl IntoView {
    let locale = use_locale();
    let catalog = use_catalog();
    let office = move || catalog.office(office_id);
    view! {
        <div class="appointment-summary">
            <p class="when">
                <time datetime=start.to_rfc3339()>
                    {move || appointment_time(locale.get(), start, end)}
                </time>
            </p>
            <dl class="facts compact">
                <dt>{t(Text::Office)}</dt>
                <dd>
                    {move || {
                        office()
                            .map(|office| format!("{}, {}", office.name, office.address))
                            .unwrap_or_default()
                    }}
                </dd>
                <dt>{t(Text::Services)}</dt>
                <dd>
                    {services
                        .into_iter()
                        .map(|(name, quantity)| quantity_name(quantity, &name))
                        .collect::<Vec<_>>()
                        .join(", ")}
                </dd>
            </dl>
        </div>
    }
}
