use crate::api;
use crate::app::Page;
use crate::i18n::{Text, t, time_range, use_locale, walk_ins_text, weekdays_list};
use leptos::prelude::*;
use leptos_router::components::A;
use shared::offices::Office;

/// An office: address, opening hours, today's walk-in contingent if it has one, and –
/// prominently – whom to contact for urgent matters.
#[component]
pub fn OfficeCard(office: Office) -> impl IntoView {
    let Office {
        id,
        name,
        address,
        phone,
        email,
        notice,
        opening_hours: hours,
        ..
    } = office;
    let locale = use_locale();
    let walk_ins = LocalResource::new(move || api::walk_ins(id));
    let heading_id = format!("office-{id}");
    let phone_href = format!(
        "tel:{}",
        phone
            .chars()
            .filter(|c| c.is_ascii_digit() || *c == '+')
            .collect::<String>()
    );
    let mail_href = format!("mailto:{email}");
    let notice = (!notice.trim().is_empty()).then_some(notice);
    let book = Page::Book {
        office: Some(id),
        service: None,
    }
    .path();
    view! {
        <article class="card office" aria-labelledby=heading_id>
            <h3 id=heading_id.clone()>{name}</h3>
            <div class="urgent" role="note">
                <p class="urgent-title">
                    <span aria-hidden="true" class="urgent-icon">"!"</span>
                    {t(Text::UrgentTitle)}
                </p>
                {match notice {
                    Some(notice) => view! { <p>{notice}</p> }.into_any(),
                    None => {
                        view! {
                            <p>
                                {t(Text::UrgentCall)} " " {phone.clone()} " " {t(Text::UrgentOr)} " "
                                {email.clone()} "."
                            </p>
                        }
                            .into_any()
                    }
                }}
                <ul class="plain contact">
                    <li>
                        {t(Text::PhoneShort)} ": " <a href=phone_href>{phone}</a>
                    </li>
                    <li>
                        {t(Text::EmailShort)} ": " <a href=mail_href>{email}</a>
                    </li>
                </ul>
            </div>
            <dl class="facts">
                <dt>{t(Text::Address)}</dt>
                <dd>{address}</dd>
                <dt>{t(Text::OpeningHours)}</dt>
                <dd>
                    <ul class="plain">
                        {hours
                            .into_iter()
                            .map(|rule| {
                                view! {
                                    <li>
                                        {move || weekdays_list(locale.get(), &rule.weekdays)} ": "
                                        {move || time_range(locale.get(), rule.opens, rule.closes)}
                                    </li>
                                }
                            })
                            .collect_view()}
                    </ul>
                </dd>
            </dl>
            {move || walk_ins
                .get()
                .and_then(Result::ok)
                .and_then(|today| walk_ins_text(locale.get(), &today))
                .map(|text| view! { <p class="walk-ins">{text}</p> })}
            <p>
                <A href=book attr:class="button">{t(Text::StartBooking)}</A>
            </p>
        </article>
    }
}
