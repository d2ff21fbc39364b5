//! `/admin/login`: staff sign in with username and password. The server sets the session
//! cookies; afterwards the page goes on to where the visitor wanted to go (`?next=`).

use super::session::use_staff_session;
use super::{AdminPage, api};
use crate::api::ApiError;
use crate::components::PageHeading;
use crate::i18n::admin::{Text, login_error, t};
use crate::i18n::use_locale;
use leptos::html;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::{use_navigate, use_query_map};

/// Only paths inside the staff area are followed after login (no open redirect).
fn next_path(next: Option<String>) -> String {
    next.filter(|path| path.starts_with("/admin") && !path.starts_with("/admin/login"))
        .unwrap_or_else(|| AdminPage::Home.path())
}

#[component]
pub fn LoginPage() -> impl IntoView {
    let session = use_staff_session();
    let locale = use_locale();
    let navigate = use_navigate();
    let query = use_query_map();
    let username = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let busy = RwSignal::new(false);
    let error = RwSignal::new(None::<ApiError>);
    let error_node = NodeRef::<html::Div>::new();

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        busy.set(true);
        error.set(None);
        let navigate = navigate.clone();
        let next = next_path(query.with_untracked(|q| q.get("next")));
        spawn_local(async move {
            let result = api::login(&username.get_untracked(), &password.get_untracked()).await;
            busy.set(false);
            match result {
                Ok(account) => {
                    password.set(String::new());
                    session.signed_in(account);
                    navigate(&next, Default::default());
                }
                Err(failure) => {
                    error.set(Some(failure));
                    request_animation_frame(move || {
                        if let Some(node) = error_node.get_untracked() {
                            let _ = node.focus();
                        }
                    });
                }
            }
        });
    };

    view! {
        <div class="admin-login">
            <PageHeading>{t(Text::LoginTitle)}</PageHeading>
            <p>{t(Text::LoginIntro)}</p>
            <div tabindex="-1" node_ref=error_node>
                {move || {
                    error
                        .get()
                        .map(|failure| {
                            view! {
                                <div class="notice notice-error" role="alert" id="login-error">
                                    <p>{move || login_error(&failure.code).get(locale.get())}</p>
                                </div>
                            }
                        })
                }}
            </div>
            <form on:submit=submit novalidate=true>
                <div class="field">
                    <label for="username">{t(Text::Username)}</label>
                    <input
                        id="username"
                        name="username"
                        type="text"
                        autocomplete="username"
                        autocapitalize="none"
                        spellcheck="false"
                        required=true
                        bind:value=username
                    />
                </div>
                <div class="field">
                    <label for="password">{t(Text::Password)}</label>
                    <input
                        id="password"
                        name="password"
                        type="password"
                        autocomplete="current-password"
                        required=true
                        bind:value=password
                    />
                </div>
                <div class="button-row">
                    <button type="submit" class="button" disabled=move || busy.get()>
                        {move || if busy.get() { t(Text::SigningIn)() } else { t(Text::SignIn)() }}
                    </button>
                </div>
            </form>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_staff_paths_are_followed_after_login() {
        assert_eq!(
            next_path(Some("/admin/day?office=1".into())),
            "/admin/day?office=1"
        );
        assert_eq!(next_path(Some("https://evil.example".into())), "/admin");
        assert_eq!(next_path(Some("/admin/login".into())), "/admin");
        assert_eq!(next_path(None), "/admin");
    }
}
