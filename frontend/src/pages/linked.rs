//! What the pages opened by a link share: the services and office a link from the booking
//! carries (waitlist, draw) and sending the form it opens, and the record an email link opens
//! with its token (waitlist entry, entry in a draw): confirming the address, the one action at
//! a time done on it.

use crate::api::{ApiError, ApiResult};
use crate::browser::{focus_element, take_fragment_value};
use crate::components::{
    ActionOutcome, Announcer, BusyButton, CitizenDetailsFields, CitizenForm, ErrorNotice,
    ErrorSummary, Loading, PageHeading, StepHeading, use_announcer,
};
use crate::i18n::waitlist::confirmation_link_sent;
use crate::i18n::{Locale, Text, error_text, t, use_locale};
use crate::store::{TokenFor, use_link_tokens};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::{use_params_map, use_query_map};
use shared::ids::OfficeId;
use shared::selection::{ServiceQuantity, ServiceSelection};
use std::future::Future;

/// The services and office of the link that opened the page (`?services=1:1,3:2&office=2`);
/// what cannot be read is left out.
pub fn from_link(
    services: Option<&str>,
    office: Option<&str>,
) -> (Vec<ServiceQuantity>, Option<OfficeId>) {
    let services = services
        .and_then(|text| text.parse::<ServiceSelection>().ok())
        .map(|selection| selection.0)
        .unwrap_or_default()
        .into_iter()
        .filter(|item| item.quantity > 0)
        .collect();
    (services, office.and_then(|text| text.parse().ok()))
}

/// [`from_link`] of the current address's query.
pub fn services_and_office_of_query() -> (Vec<ServiceQuantity>, Option<OfficeId>) {
    use_query_map()
        .with_untracked(|q| from_link(q.get("services").as_deref(), q.get("office").as_deref()))
}

/// Sending a form a link opened (waitlist, draw): `busy` while under way, the server's error
/// that belongs to no field, and what screen readers are told.
#[derive(Debug, Clone, Copy)]
pub struct FormSending {
    pub busy: RwSignal<bool>,
    pub general_error: RwSignal<Option<ApiError>>,
    announcer: Announcer,
    locale: RwSignal<Locale>,
}

impl FormSending {
    pub fn new() -> Self {
        FormSending {
            busy: RwSignal::new(false),
            general_error: RwSignal::new(None),
            announcer: use_announcer(),
            locale: use_locale(),
        }
    }

    pub fn announce(self, text: Text) {
        self.announcer.say(text.get(self.locale.get_untracked()));
    }

    /// Says that fields need fixing and moves the focus to the error summary.
    pub fn show_errors(self) {
        self.announce(Text::FormHasErrors);
        request_animation_frame(|| focus_element("error-summary"));
    }

    /// Shows and says a refusal as it is.
    pub fn show_error(self, error: ApiError) {
        self.announce(error_text(&error.code));
        self.general_error.set(Some(error));
    }

    /// Sends the request (`send`: with proof of work), the last general error cleared; on
    /// success says `said` and hands the answer to `accepted`, else the error to `refused`.
    pub fn send<T: 'static>(
        self,
        send: impl Future<Output = ApiResult<T>> + 'static,
        said: Text,
        accepted: impl FnOnce(T) + 'static,
        refused: impl FnOnce(ApiError) + 'static,
    ) {
        self.busy.set(true);
        self.general_error.set(None);
        spawn_local(async move {
            let result = send.await;
            self.busy.set(false);
            match result {
                Ok(answer) => {
                    self.announce(said);
                    accepted(answer);
                }
                Err(error) => refused(error),
            }
        });
    }
}

/// A form a link opened: after a submit its errors (`summary`) and the server's error that
/// belongs to no field, then `children` (what it asks besides), the citizen's details and the
/// submit button `button_id`; `on_submit` checks and sends it.
#[component]
pub fn LinkedForm(
    id: &'static str,
    #[prop(into)] summary: Signal<Vec<(&'static str, Text)>>,
    sending: FormSending,
    citizen: CitizenForm,
    button_id: &'static str,
    label: Text,
    busy_label: Text,
    on_submit: Callback<()>,
    children: Children,
) -> impl IntoView {
    let submitted = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        on_submit.run(());
    };
    view! {
        <ErrorSummary entries=summary />
        {move || sending.general_error.get().map(|error| view! { <ErrorNotice error /> })}
        <form id=id novalidate=true on:submit=submitted>
            {children()}
            <h2>{t(Text::DetailsTitle)}</h2>
            <CitizenDetailsFields form=citizen />
            <div class="button-row">
                <BusyButton
                    kind="submit"
                    id=button_id
                    class="button large"
                    label
                    busy_label
                    busy=sending.busy
                />
            </div>
        </form>
    }
}

/// Joined or entered: the email just sent links to where the address is confirmed (valid
/// `until`, in words); only then comes what `next` says.
#[component]
pub fn ConfirmationSent(
    id: &'static str,
    title: Text,
    #[prop(into)] until: Signal<String>,
    next: Text,
) -> impl IntoView {
    let locale = use_locale();
    view! {
        <section id=id class="notice notice-success">
            <StepHeading>{t(title)}</StepHeading>
            <p>{move || confirmation_link_sent(locale.get(), &until.get())}</p>
            <p>{t(next)}</p>
        </section>
    }
}

/// Before a record counts, the citizen confirms the address the email went to: `ask`, by
/// when (`deadline` in words, if there is one) and the button `button_id`.
#[component]
pub fn ConfirmAddress(
    title: Text,
    ask: Text,
    #[prop(into)] deadline: Signal<Option<String>>,
    button_id: &'static str,
    label: Text,
    busy: RwSignal<bool>,
    on_confirm: Callback<()>,
) -> impl IntoView {
    let title_id = format!("{button_id}-title");
    let labelledby = title_id.clone();
    view! {
        <section aria-labelledby=labelledby>
            <h2 id=title_id>{t(title)}</h2>
            <p>{t(ask)}</p>
            {move || {
                deadline
                    .get()
                    .map(|deadline| {
                        view! {
                            <p class="notice notice-warning">
                                {t(Text::ConfirmBy)} " " <strong>{deadline}</strong> "."
                            </p>
                        }
                    })
            }}
            <BusyButton
                id=button_id
                class="button large"
                label
                busy_label=Text::WaitlistConfirming
                busy
                on_click=on_confirm
            />
        </section>
    }
}

/// The id in the route parameter `name` with its token: the token of the email link's
/// fragment (taken out of the address and kept in memory), or one kept from an earlier visit
/// (reactive; changes only with them, not with other tokens kept meanwhile, such as the
/// manage token of a booking just made). `None` without an id or a token.
pub fn id_with_token<Id: Copy + PartialEq + Send + Sync + 'static>(
    name: &str,
    id: fn(uuid::Uuid) -> Id,
    token_for: fn(Id) -> TokenFor,
) -> Memo<Option<(Id, String)>> {
    let tokens = use_link_tokens();
    let found = use_params_map()
        .get_untracked()
        .get(name)
        .and_then(|text| uuid::Uuid::parse_str(text.trim()).ok())
        .map(id);
    if let (Some(found), Some((_, token))) = (found, take_fragment_value(&["token"])) {
        tokens.insert(token_for(found), token);
    }
    Memo::new(move |_| {
        let found = found?;
        Some((found, tokens.get(&token_for(found))?))
    })
}

/// The page of an email link: its heading `title`, then what `open` makes of the id and token
/// that `opened` found (see [`id_with_token`]) — or, without them, `no_token`.
pub fn email_link_page<Id: Copy + PartialEq + Send + Sync + 'static>(
    title: Text,
    no_token: Text,
    opened: Memo<Option<(Id, String)>>,
    open: impl Fn(Id, String) -> AnyView + Send + Sync + 'static,
) -> impl IntoView {
    view! {
        <PageHeading>{t(title)}</PageHeading>
        {move || match opened.get() {
            Some((id, token)) => open(id, token),
            None => view! { <p class="notice">{t(no_token)}</p> }.into_any(),
        }}
    }
}

/// A record an email link opens (`T`, by its id and the link's token), loaded, and what the
/// last action on it did: its success in words (shown at `outcome_id`, focused and
/// announced), or its failure.
#[derive(Debug)]
pub struct LinkedRecord<Id: 'static, T: 'static> {
    pub id: Id,
    token: StoredValue<String>,
    pub record: RwSignal<Option<Result<T, ApiError>>>,
    pub busy: RwSignal<bool>,
    pub done: RwSignal<Option<Text>>,
    pub action_error: RwSignal<Option<ApiError>>,
    pub outcome_id: &'static str,
    announcer: Announcer,
    locale: RwSignal<Locale>,
}

impl<Id: Copy, T> Clone for LinkedRecord<Id, T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<Id: Copy, T> Copy for LinkedRecord<Id, T> {}

impl<Id, T> LinkedRecord<Id, T>
where
    Id: Copy + Send + Sync + 'static,
    T: Clone + Send + Sync + 'static,
{
    pub fn new(id: Id, token: String, outcome_id: &'static str) -> Self {
        LinkedRecord {
            id,
            token: StoredValue::new(token),
            record: RwSignal::new(None),
            busy: RwSignal::new(false),
            done: RwSignal::new(None),
            action_error: RwSignal::new(None),
            outcome_id,
            announcer: use_announcer(),
            locale: use_locale(),
        }
    }

    pub fn say(self, text: Text) {
        self.announcer.say(text.get(self.locale.get_untracked()));
    }

    /// (Re)loads the record with `fetch(id, token)`.
    pub fn load<F>(self, fetch: impl FnOnce(Id, String) -> F + 'static)
    where
        F: Future<Output = ApiResult<T>> + 'static,
    {
        spawn_local(async move {
            let result = fetch(self.id, self.token.get_value()).await;
            self.record.set(Some(result));
        });
    }

    /// Runs `action(id, token)` unless one is under way. Its answer `Ok(Some(record))`
    /// replaces the record, `Ok(None)` keeps it for `changed` to adjust; then `done` is shown
    /// and announced. A failure goes to `refused`, which gives it back to be shown (or `None`
    /// when it dealt with it).
    pub fn act<F>(
        self,
        action: impl FnOnce(Id, String) -> F + 'static,
        done: Text,
        changed: impl FnOnce(&mut T) + 'static,
        refused: impl FnOnce(ApiError) -> Option<ApiError> + 'static,
    ) where
        F: Future<Output = ApiResult<Option<T>>> + 'static,
    {
        if self.busy.get_untracked() {
            return;
        }
        self.busy.set(true);
        self.action_error.set(None);
        spawn_local(async move {
            let result = action(self.id, self.token.get_value()).await;
            self.busy.set(false);
            match result {
                Ok(Some(record)) => self.record.set(Some(Ok(record))),
                Ok(None) => self.record.update(|record| {
                    if let Some(Ok(record)) = record {
                        changed(record);
                    }
                }),
                Err(error) => {
                    self.say(error_text(&error.code));
                    if let Some(error) = refused(error) {
                        self.action_error.set(Some(error));
                    }
                    return;
                }
            }
            self.done.set(Some(done));
            self.say(done);
            let outcome_id = self.outcome_id;
            request_animation_frame(move || focus_element(outcome_id));
        });
    }
}

/// The outcome of the record's last action, then the record as `show` shows it — or that it
/// is loading, or why it could not be loaded (with "try again", which runs `reload`).
pub fn linked_view<Id, T>(
    linked: LinkedRecord<Id, T>,
    reload: impl Fn() + Copy + Send + Sync + 'static,
    show: impl Fn(T) -> AnyView + Send + Sync + 'static,
) -> impl IntoView
where
    Id: Copy + Send + Sync + 'static,
    T: Clone + Send + Sync + 'static,
{
    view! {
        <ActionOutcome id=linked.outcome_id done=linked.done error=linked.action_error />
        {move || match linked.record.get() {
            None => view! { <Loading /> }.into_any(),
            Some(Err(error)) => {
                view! { <ErrorNotice error retry=Callback::new(move |()| reload()) /> }.into_any()
            }
            Some(Ok(record)) => show(record),
        }}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_link_from_the_booking_preselects_services_and_office() {
        let (services, office) = from_link(Some("1:1,3:2"), Some("2"));
        assert_eq!(services.len(), 2);
        assert_eq!(services[1].quantity, 2);
        assert_eq!(office, Some(OfficeId(2)));
        assert_eq!(from_link(Some("x"), Some("y")), (Vec::new(), None));
        assert_eq!(from_link(None, None), (Vec::new(), None));
        assert!(from_link(Some("4:0"), None).0.is_empty());
    }
}
