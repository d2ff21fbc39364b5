use crate::i18n::{Text, max_quantity_hint, quantity_label, use_locale};
use leptos::prelude::*;
use shared::ids::ServiceId;
use shared::services::Service;
use std::collections::BTreeMap;

/// One service with a quantity stepper (0 = not chosen, at most `max_quantity`).
#[component]
pub fn ServiceQuantityChoice(
    service: Service,
    /// The chosen services and how many of each (absent: not chosen).
    quantities: RwSignal<BTreeMap<ServiceId, u32>>,
) -> impl IntoView {
    let locale = use_locale();
    let id = service.id;
    let max = service.max_quantity.max(1);
    let input_id = format!("quantity-{id}");
    let hint_id = format!("quantity-hint-{id}");
    let quantity = move || quantities.with(|q| q.get(&id).copied().unwrap_or(0));
    let set = move |value: u32| {
        quantities.update(|q| {
            let value = value.min(max);
            if value == 0 {
                q.remove(&id);
            } else {
                q.insert(id, value);
            }
        });
    };
    let name = service.name.clone();
    let name_for_label = name.clone();
    let name_minus = name.clone();
    let name_plus = name.clone();
    view! {
        <div class="service-choice" class:chosen=move || { quantity() > 0 }>
            <div class="info">
                <h3>{name}</h3>
                <p class="hint">{service.fees}</p>
            </div>
            <div class="stepper">
                <button
                    type="button"
                    aria-label=move || format!("{}: {}", Text::Decrease.get(locale.get()), name_minus)
                    aria-controls=input_id.clone()
                    disabled=move || quantity() == 0
                    on:click=move |_| set(quantity().saturating_sub(1))
                >
                    "−"
                </button>
                <label for=input_id.clone() class="visually-hidden">
                    {move || quantity_label(locale.get(), &name_for_label)}
                </label>
                <input
                    id=input_id.clone()
                    type="number"
                    inputmode="numeric"
                    min="0"
                    max=max.to_string()
                    aria-describedby=hint_id.clone()
                    prop:value=move || quantity().to_string()
                    on:change=move |ev| set(event_target_value(&ev).trim().parse().unwrap_or(0))
                />
                <button
                    type="button"
                    aria-label=move || format!("{}: {}", Text::Increase.get(locale.get()), name_plus)
                    aria-controls=input_id
                    disabled=move || { quantity() >= max }
                    on:click=move |_| set(quantity() + 1)
                >
                    "+"
                </button>
            </div>
            <p id=hint_id class="hint">
                {move || max_quantity_hint(locale.get(), max)}
            </p>
        </div>
    }
}
