//! Services: where they are offered and how many slot units they take there (managers of the
//! office), and their texts in both languages, documents, fees, maximum quantity and whether
//! they can be booked online (administrators, for all offices), and new services (administrators).

use super::api;
use super::area::StaffError;
use super::form::{CheckField, NumberField, TextField};
use super::session::use_staff_session;
use crate::api::ApiError;
use crate::components::{Loading, focus_when_mounted, use_announcer};
use crate::i18n::admin::{Text, t};
use crate::i18n::use_locale;
use leptos::prelude::*;
use leptos::task::spawn_local;
use shared::admin::{AdminService, DocumentText, ServiceSettings};
use shared::auth::StaffRole;
use shared::ids::{OfficeId, ServiceId};
use shared::locale::Locale;

#[component]
pub fn Services(office: OfficeId) -> impl IntoView {
    let reload = RwSignal::new(0u32);
    let services = LocalResource::new(move || {
        reload.track();
        api::services()
    });
    let changed = Callback::new(move |_: ()| reload.update(|n| *n += 1));
    let just_created = RwSignal::new(None::<ServiceId>);
    let created = Callback::new(move |id| just_created.set(Some(id)));
    let session = use_staff_session();
    let is_admin = move || session.role() == Some(StaffRole::Admin);
    let next_position = move || {
        services
            .get()
            .and_then(Result::ok)
            .and_then(|list| list.iter().map(|s| s.settings.position).max())
            .map_or(1, |last| last + 1)
    };
    view! {
        <section aria-labelledby="services-title" class="admin-section">
            <h2 id="services-title">{t(Text::ServicesTitle)}</h2>
            <p class="hint">{t(Text::ServicesHint)}</p>
            <Transition fallback=Loading>
                {move || {
                    services.get().map(|result| match result {
                        Ok(list) => view! {
                            <ul class="plain service-admin-list">
                                {list.into_iter().map(|service| {
                                    let focus = just_created.get_untracked() == Some(service.id);
                                    view! { <ServiceRow office service changed focus /> }
                                }).collect_view()}
                            </ul>
                        }
                            .into_any(),
                        Err(error) => view! { <StaffError error /> }.into_any(),
                    })
                }}
            </Transition>
            {move || is_admin().then(|| view! {
                <h3 id="new-service-title">{t(Text::NewServiceTitle)}</h3>
                <details class="card">
                    <summary>{t(Text::NewServiceOpen)}</summary>
                    <ServiceEditor id=None settings=new_service(next_position()) changed created />
                </details>
            })}
        </section>
    }
}

/// The empty settings a new service starts with: bookable online, once per appointment,
/// with a waitlist where the office keeps one.
fn new_service(position: i64) -> ServiceSettings {
    ServiceSettings {
        name_de: String::new(),
        name_en: String::new(),
        description_de: String::new(),
        description_en: String::new(),
        fees_de: String::new(),
        fees_en: String::new(),
        documents: Vec::new(),
        max_quantity: 1,
        online_bookable: true,
        waitlist: true,
        position,
    }
}

fn name_in(service: &AdminService, locale: Locale) -> String {
    match locale {
        Locale::De => service.settings.name_de.clone(),
        Locale::En => service.settings.name_en.clone(),
    }
}

#[component]
fn ServiceRow(
    office: OfficeId,
    service: AdminService,
    changed: Callback<()>,
    focus: bool,
) -> impl IntoView {
    let heading = NodeRef::<leptos::html::H3>::new();
    if focus {
        focus_when_mounted(heading);
    }
    let locale = use_locale();
    let announcer = use_announcer();
    let session = use_staff_session();
    let id = service.id;
    let offer = service
        .offered_at
        .iter()
        .find(|o| o.office_id == office)
        .copied();
    let offered = RwSignal::new(offer.is_some());
    let units = RwSignal::new(offer.map_or(1, |o| o.units));
    let busy = RwSignal::new(false);
    let error = RwSignal::new(None::<ApiError>);
    let title = service.clone();
    let save_offer = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        busy.set(true);
        error.set(None);
        spawn_local(async move {
            let result = if offered.get_untracked() {
                api::set_offer(office, id, units.get_untracked())
                    .await
                    .map(|_| ())
            } else {
                api::remove_offer(office, id).await
            };
            busy.set(false);
            match result {
                Ok(()) => {
                    announcer.say(Text::Saved.get(locale.get_untracked()));
                    changed.run(());
                }
                Err(failure) => error.set(Some(failure)),
            }
        });
    };
    let is_admin = session.role() == Some(StaffRole::Admin);
    view! {
        <li class="card service-admin">
            <h3 tabindex="-1" node_ref=heading>{move || name_in(&title, locale.get())}</h3>
            <form class="offer-form" on:submit=save_offer>
                <CheckField id=format!("offer-{id}") label=Text::OfferedHere value=offered />
                <NumberField id=format!("units-{id}") label=Text::UnitsHere value=units min=1 max=32 />
                <button type="submit" class="button secondary" disabled=move || busy.get()>
                    {t(Text::SaveOffer)}
                </button>
            </form>
            {move || error.get().map(|error| view! { <StaffError error /> })}
            {is_admin.then(|| view! {
                <details>
                    <summary>{t(Text::EditServiceTexts)}</summary>
                    <ServiceEditor id=Some(service.id) settings=service.settings.clone() changed />
                </details>
            })}
        </li>
    }
}

/// Documents as lines of "Deutsch | English".
fn documents_text(documents: &[DocumentText]) -> String {
    documents
        .iter()
        .map(|d| format!("{} | {}", d.de, d.en))
        .collect::<Vec<_>>()
        .join("\n")
}

fn parse_documents(text: &str) -> Vec<DocumentText> {
    text.lines()
        .map(str::trim)
        .filter(|line| !line.is_empty())
        .map(|line| {
            let (de, en) = line.split_once('|').unwrap_or((line, line));
            DocumentText {
                de: de.trim().to_string(),
                en: en.trim().to_string(),
            }
        })
        .collect()
}

/// Edits the service `id`, or with `None` creates a new one (then the form empties again).
#[component]
fn ServiceEditor(
    id: Option<ServiceId>,
    settings: ServiceSettings,
    changed: Callback<()>,
    #[prop(optional)] created: Option<Callback<ServiceId>>,
) -> impl IntoView {
    let locale = use_locale();
    let announcer = use_announcer();
    let s = settings;
    let position = s.position;
    let name_de = RwSignal::new(s.name_de);
    let name_en = RwSignal::new(s.name_en);
    let description_de = RwSignal::new(s.description_de);
    let description_en = RwSignal::new(s.description_en);
    let fees_de = RwSignal::new(s.fees_de);
    let fees_en = RwSignal::new(s.fees_en);
    let documents = RwSignal::new(documents_text(&s.documents));
    let max_quantity = RwSignal::new(s.max_quantity);
    let online = RwSignal::new(s.online_bookable);
    let waitlist = RwSignal::new(s.waitlist);
    let busy = RwSignal::new(false);
    let error = RwSignal::new(None::<ApiError>);
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let settings = ServiceSettings {
            name_de: name_de.get_untracked(),
            name_en: name_en.get_untracked(),
            description_de: description_de.get_untracked(),
            description_en: description_en.get_untracked(),
            fees_de: fees_de.get_untracked(),
            fees_en: fees_en.get_untracked(),
            documents: parse_documents(&documents.get_untracked()),
            max_quantity: max_quantity.get_untracked(),
            online_bookable: online.get_untracked(),
            waitlist: waitlist.get_untracked(),
            position,
        };
        busy.set(true);
        error.set(None);
        spawn_local(async move {
            let result = match id {
                Some(id) => api::update_service(id, &settings).await,
                None => api::create_service(&settings).await,
            };
            busy.set(false);
            match result {
                Ok(service) => {
                    if let Some(created) = created {
                        created.run(service.id);
                    }
                    let said = if id.is_some() {
                        Text::Saved
                    } else {
                        Text::ServiceCreated
                    };
                    announcer.say(said.get(locale.get_untracked()));
                    changed.run(());
                }
                Err(failure) => error.set(Some(failure)),
            }
        });
    };
    let key = id.map_or_else(|| "new".to_string(), |id| id.to_string());
    let f = move |name: &str| format!("service-{key}-{name}");
    view! {
        <form class="service-editor" on:submit=save>
            <div class="field-row">
                <TextField id=f("name-de") label=Text::NameDe value=name_de required=true />
                <TextField id=f("name-en") label=Text::NameEn value=name_en required=true />
            </div>
            <div class="field-row">
                <TextField id=f("description-de") label=Text::DescriptionDe value=description_de multiline=true />
                <TextField id=f("description-en") label=Text::DescriptionEn value=description_en multiline=true />
            </div>
            <div class="field-row">
                <TextField id=f("fees-de") label=Text::FeesDe value=fees_de />
                <TextField id=f("fees-en") label=Text::FeesEn value=fees_en />
            </div>
            <TextField id=f("documents") label=Text::DocumentsLines value=documents multiline=true />
            <NumberField id=f("max") label=Text::MaxQuantity value=max_quantity min=1 max=20 />
            <CheckField id=f("online") label=Text::OnlineBookable value=online />
            <CheckField id=f("waitlist") label=Text::WaitlistPossible value=waitlist />
            {move || error.get().map(|error| view! { <StaffError error /> })}
            <button type="submit" class="button" disabled=move || busy.get()>
                {t(if id.is_some() { Text::SaveService } else { Text::CreateService })}
            </button>
        </form>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn documents_survive_the_two_language_lines() {
        let documents = vec![
            DocumentText {
                de: "Pass".into(),
                en: "Passport".into(),
            },
            DocumentText {
                de: "Foto".into(),
                en: "Photo".into(),
            },
        ];
        assert_eq!(parse_documents(&documents_text(&documents)), documents);
        assert_eq!(parse_documents("Nur deutsch\n\n")[0].en, "Nur deutsch");
    }
}
