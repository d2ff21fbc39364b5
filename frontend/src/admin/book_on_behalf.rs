//! Booking for a citizen on the phone or at the counter: services with quantities, a day and
//! a time chosen by staff (the staff channel may use the counters kept off the online
//! channel), and the citizen's name, email (for the confirmation) and phone.

use super::api;
use super::area::StaffError;
use crate::api::ApiError;
use crate::components::{Loading, use_announcer};
use crate::i18n::admin::{Text, t};
use crate::i18n::use_locale;
use chrono::{DateTime, FixedOffset, NaiveDate, NaiveTime};
use leptos::prelude::*;
use leptos::task::spawn_local;
use shared::admin::{AdminService, StaffBookingRequest};
use shared::bookings::Citizen;
use shared::ids::{OfficeId, ServiceId};
use shared::locale::Locale;
use shared::selection::ServiceQuantity;
use std::collections::BTreeMap;

/// The office's UTC offset on `date`, read from the capacity the server reports for that day
/// (offices are closed at the night-time DST switch). `None`: the office is closed that day.
async fn office_offset(office: OfficeId, date: NaiveDate) -> ApiResultOffset {
    let days = api::capacity(office, date, date).await?;
    Ok(days
        .first()
        .and_then(|day| day.hours.first())
        .map(|hour| *hour.start.offset()))
}

type ApiResultOffset = Result<Option<FixedOffset>, ApiError>;

fn service_name(service: &AdminService, locale: Locale) -> String {
    match locale {
        Locale::De => service.settings.name_de.clone(),
        Locale::En => service.settings.name_en.clone(),
    }
}

#[component]
pub fn BookOnBehalf(office: OfficeId, date: NaiveDate, on_booked: Callback<()>) -> impl IntoView {
    let locale = use_locale();
    let announcer = use_announcer();
    let services = LocalResource::new(move || async move {
        api::services().await.map(|all| {
            all.into_iter()
                .filter(|s| s.offered_at.iter().any(|o| o.office_id == office))
                .collect::<Vec<_>>()
        })
    });
    let quantities = RwSignal::new(BTreeMap::<ServiceId, u32>::new());
    let day = RwSignal::new(date.to_string());
    let time = RwSignal::new(String::new());
    let name = RwSignal::new(String::new());
    let email = RwSignal::new(String::new());
    let phone = RwSignal::new(String::new());
    let busy = RwSignal::new(false);
    let problem = RwSignal::new(None::<Text>);
    let error = RwSignal::new(None::<ApiError>);
    let booked = RwSignal::new(None::<String>);

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        problem.set(None);
        error.set(None);
        booked.set(None);
        let selection: Vec<ServiceQuantity> = quantities
            .get_untracked()
            .into_iter()
            .filter(|(_, quantity)| *quantity > 0)
            .map(|(service_id, quantity)| ServiceQuantity {
                service_id,
                quantity,
            })
            .collect();
        if selection.is_empty() {
            problem.set(Some(Text::ChooseServiceFirst));
            return;
        }
        let (Ok(date), Ok(start)) = (
            day.get_untracked().parse::<NaiveDate>(),
            NaiveTime::parse_from_str(&time.get_untracked(), "%H:%M"),
        ) else {
            problem.set(Some(Text::ChooseDayAndTime));
            return;
        };
        let citizen = Citizen {
            name: name.get_untracked().trim().to_string(),
            email: email.get_untracked().trim().to_string(),
            phone: Some(phone.get_untracked().trim().to_string()).filter(|p| !p.is_empty()),
        };
        busy.set(true);
        spawn_local(async move {
            let result = async {
                let Some(offset) = office_offset(office, date).await? else {
                    return Ok(None);
                };
                let start: DateTime<FixedOffset> = date
                    .and_time(start)
                    .and_local_timezone(offset)
                    .single()
                    .expect("a fixed offset is never ambiguous");
                let request = StaffBookingRequest {
                    services: selection,
                    start,
                    citizen,
                    locale: locale.get_untracked(),
                };
                api::book_on_behalf(office, &request).await.map(Some)
            }
            .await;
            busy.set(false);
            match result {
                Ok(Some(booking)) => {
                    let message = format!(
                        "{} {}",
                        Text::BookedOnBehalf.get(locale.get_untracked()),
                        booking.reference
                    );
                    announcer.say(message.clone());
                    booked.set(Some(message));
                    quantities.set(BTreeMap::new());
                    name.set(String::new());
                    email.set(String::new());
                    phone.set(String::new());
                    on_booked.run(());
                }
                Ok(None) => problem.set(Some(Text::ClosedThatDay)),
                Err(failure) => error.set(Some(failure)),
            }
        });
    };

    view! {
        <form class="book-on-behalf" on:submit=submit novalidate=true>
            <p class="hint">{t(Text::BookOnBehalfHint)}</p>
            <fieldset>
                <legend>{t(Text::ServicesLabel)}</legend>
                <Suspense fallback=Loading>
                    {move || {
                        services.get().map(|result| match result {
                            Ok(list) => list
                                .into_iter()
                                .map(|service| {
                                    let id = service.id;
                                    let input_id = format!("bob-service-{id}");
                                    let max = service.settings.max_quantity;
                                    let label = service;
                                    view! {
                                        <div class="field inline-field">
                                            <label for=input_id.clone()>{move || service_name(&label, locale.get())}</label>
                                            <input
                                                id=input_id
                                                type="number"
                                                min="0"
                                                max=max.to_string()
                                                inputmode="numeric"
                                                prop:value=move || quantities.with(|q| q.get(&id).copied().unwrap_or(0)).to_string()
                                                on:input=move |ev| {
                                                    let value = event_target_value(&ev).parse::<u32>().unwrap_or(0).min(max);
                                                    quantities.update(|q| { q.insert(id, value); });
                                                }
                                            />
                                        </div>
                                    }
                                })
                                .collect_view()
                                .into_any(),
                            Err(error) => view! { <StaffError error /> }.into_any(),
                        })
                    }}
                </Suspense>
            </fieldset>
            <div class="field-row">
                <div class="field">
                    <label for="bob-date">{t(Text::Date)}</label>
                    <input id="bob-date" type="date" required=true bind:value=day />
                </div>
                <div class="field">
                    <label for="bob-time">{t(Text::StartTime)}</label>
                    <input id="bob-time" type="time" step="300" required=true bind:value=time />
                </div>
            </div>
            <div class="field">
                <label for="bob-name">{t(Text::CitizenName)}</label>
                <input id="bob-name" type="text" autocomplete="off" required=true bind:value=name />
            </div>
            <div class="field">
                <label for="bob-email">{t(Text::CitizenEmail)}</label>
                <input id="bob-email" type="email" autocomplete="off" required=true bind:value=email />
            </div>
            <div class="field">
                <label for="bob-phone">{t(Text::CitizenPhone)}</label>
                <input id="bob-phone" type="tel" autocomplete="off" bind:value=phone />
            </div>
            {move || problem.get().map(|text| view! { <p class="field-error" role="alert">{t(text)}</p> })}
            {move || error.get().map(|error| view! { <StaffError error /> })}
            {move || booked.get().map(|message| view! { <p class="notice notice-success">{message}</p> })}
            <div class="button-row">
                <button type="submit" class="button" disabled=move || busy.get()>{t(Text::BookNow)}</button>
            </div>
        </form>
    }
}
