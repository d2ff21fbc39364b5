use crate::api;
use crate::components::{ErrorNotice, Loading};
use crate::i18n::{Text, clock, free_count, t, time_label, use_locale};
use chrono::{DateTime, FixedOffset, NaiveDate};
use leptos::prelude::*;
use shared::availability::FreeTime;
use shared::ids::OfficeId;
use shared::selection::ServiceQuantity;

/// The free start times of one day as buttons; choosing one calls `on_pick`.
///
/// With `near`, only the few times closest to it are shown (after a time was taken).
#[component]
pub fn FreeTimeList(
    office: OfficeId,
    services: Vec<ServiceQuantity>,
    date: NaiveDate,
    on_pick: Callback<FreeTime>,
    /// While a pick is being processed, the buttons are disabled.
    #[prop(into)]
    busy: Signal<bool>,
    #[prop(optional)] near: Option<DateTime<FixedOffset>>,
) -> impl IntoView {
    let locale = use_locale();
    let times = LocalResource::new(move || {
        let services = services.clone();
        async move {
            let mut times = api::free_times(office, &services, date).await?;
            if let Some(near) = near {
                times.retain(|time| time.start != near);
                times.sort_by_key(|time| (time.start - near).num_seconds().abs());
                times.truncate(6);
                times.sort_by_key(|time| time.start);
            }
            Ok::<_, api::ApiError>(times)
        }
    });
    view! {
        {move || match times.get() {
            None => view! { <Loading /> }.into_any(),
            Some(Err(error)) => {
                view! { <ErrorNotice error retry=Callback::new(move |()| times.refetch()) /> }
                    .into_any()
            }
            Some(Ok(list)) if list.is_empty() => {
                let text = if near.is_some() { Text::ConflictNone } else { Text::NoFreeTimesThatDay };
                view! { <p class="notice">{t(text)}</p> }.into_any()
            }
            Some(Ok(list)) => {
                view! {
                    <ul class="times">
                        {list
                            .into_iter()
                            .map(|time| {
                                let start = time.start;
                                let free = time.free;
                                let visible = if time.local_time.is_empty() {
                                    clock(start.time())
                                } else {
                                    time.local_time.clone()
                                };
                                view! {
                                    <li>
                                        <button
                                            type="button"
                                            class="time"
                                            disabled=move || busy.get()
                                            aria-label=move || {
                                                format!(
                                                    "{}, {}",
                                                    time_label(locale.get(), start),
                                                    free_count(locale.get(), free),
                                                )
                                            }
                                            on:click=move |_| on_pick.run(time.clone())
                                        >
                                            {visible}
                                        </button>
                                    </li>
                                }
                            })
                            .collect_view()}
                    </ul>
                }
                    .into_any()
            }
        }}
    }
}
