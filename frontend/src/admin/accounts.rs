//! `/admin/accounts`: staff accounts for administrators — who may sign in, with which role and
//! for which offices; new accounts, a changed role or offices, and disabling an account (its
//! sessions end at once; the server keeps it for the audit log).

use super::api;
use super::area::{AdminArea, StaffError, use_staff_offices};
use super::session::{Area, use_staff_session};
use super::table::{Column, DataTable};
use crate::api::ApiError;
use crate::components::{Loading, PageHeading, use_announcer};
use crate::i18n::admin::{Text, role_name, t};
use crate::i18n::{local_date_time, use_locale};
use leptos::prelude::*;
use leptos::task::spawn_local;
use shared::admin::{NewStaffAccount, StaffAccountUpdate};
use shared::auth::{StaffAccount, StaffRole};
use shared::ids::OfficeId;

const ROLES: [StaffRole; 3] = [StaffRole::Clerk, StaffRole::Manager, StaffRole::Admin];

#[component]
pub fn AccountsPage() -> impl IntoView {
    view! {
        <AdminArea area=Area::Accounts>
            <Accounts />
        </AdminArea>
    }
}

#[component]
fn Accounts() -> impl IntoView {
    let reloads = RwSignal::new(0_u32);
    let accounts = LocalResource::new(move || {
        reloads.track();
        api::staff_accounts()
    });
    let changed = Callback::new(move |()| reloads.update(|n| *n += 1));
    view! {
        <PageHeading>{t(Text::AccountsTitle)}</PageHeading>
        <p class="lead">{t(Text::AccountsIntro)}</p>
        <NewAccountForm created=changed />
        <Transition fallback=Loading>
            {move || {
                accounts
                    .get()
                    .map(|result| match result {
                        Ok(list) => view! { <AccountTable accounts=list changed /> }.into_any(),
                        Err(error) => view! { <StaffError error /> }.into_any(),
                    })
            }}
        </Transition>
    }
}

/// The role of an account and, for managers and clerks, its offices, as form state.
#[derive(Debug, Clone, Copy)]
struct RoleAndOffices {
    role: RwSignal<StaffRole>,
    offices: RwSignal<Vec<OfficeId>>,
}

impl RoleAndOffices {
    fn new(role: StaffRole, offices: Vec<OfficeId>) -> Self {
        RoleAndOffices {
            role: RwSignal::new(role),
            offices: RwSignal::new(offices),
        }
    }

    /// Administrators work for every office, so none are sent for them.
    fn offices_to_send(&self) -> Vec<OfficeId> {
        match self.role.get_untracked() {
            StaffRole::Admin => Vec::new(),
            _ => self.offices.get_untracked(),
        }
    }
}

/// A role select and one checkbox per office (hidden for administrators).
#[component]
fn RoleAndOfficesFields(prefix: String, value: RoleAndOffices) -> impl IntoView {
    let locale = use_locale();
    let all_offices = use_staff_offices();
    let role_id = format!("{prefix}-role");
    let prefix = StoredValue::new(prefix);
    let on_role = move |ev: leptos::ev::Event| {
        let chosen = event_target_value(&ev);
        if let Some(role) = ROLES.into_iter().find(|role| role.as_str() == chosen) {
            value.role.set(role);
        }
    };
    let options = ROLES
        .into_iter()
        .map(|role| {
            view! {
                <option value=role.as_str() selected=move || value.role.get() == role>
                    {move || role_name(locale.get(), role)}
                </option>
            }
        })
        .collect_view();
    let office_choices = move || {
        all_offices.0.with(|list| {
            list.iter()
                .map(|office| {
                    let id = office.id;
                    let input_id = prefix.with_value(|prefix| format!("{prefix}-office-{id}"));
                    let checked = move || value.offices.with(|chosen| chosen.contains(&id));
                    let toggle = move |ev: leptos::ev::Event| {
                        let on = event_target_checked(&ev);
                        value.offices.update(|chosen| {
                            chosen.retain(|office| *office != id);
                            if on {
                                chosen.push(id);
                            }
                        });
                    };
                    view! {
                        <div class="choice">
                            <input id=input_id.clone() type="checkbox" prop:checked=checked on:change=toggle />
                            <label for=input_id>{office.settings.name.clone()}</label>
                        </div>
                    }
                })
                .collect_view()
        })
    };
    view! {
        <div class="field">
            <label for=role_id.clone()>{t(Text::AccountRole)}</label>
            <select id=role_id on:change=on_role>{options}</select>
        </div>
        {move || {
            (value.role.get() != StaffRole::Admin)
                .then(|| {
                    view! {
                        <fieldset class="office-choices">
                            <legend>{t(Text::AccountOffices)}</legend>
                            {office_choices}
                        </fieldset>
                    }
                })
        }}
    }
}

#[component]
fn NewAccountForm(created: Callback<()>) -> impl IntoView {
    let locale = use_locale();
    let announcer = use_announcer();
    let username = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let access = RoleAndOffices::new(StaffRole::Clerk, Vec::new());
    let busy = RwSignal::new(false);
    let error = RwSignal::new(None::<ApiError>);
    let create = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let request = NewStaffAccount {
            username: username.get_untracked().trim().to_string(),
            password: password.get_untracked(),
            role: access.role.get_untracked(),
            offices: access.offices_to_send(),
        };
        busy.set(true);
        error.set(None);
        spawn_local(async move {
            let result = api::create_staff_account(&request).await;
            busy.set(false);
            match result {
                Ok(_) => {
                    username.set(String::new());
                    password.set(String::new());
                    announcer.say(Text::AccountCreated.get(locale.get_untracked()));
                    created.run(());
                }
                Err(failure) => error.set(Some(failure)),
            }
        });
    };
    view! {
        <section aria-labelledby="new-account-title" class="admin-section">
            <h2 id="new-account-title">{t(Text::NewAccountTitle)}</h2>
            <details>
                <summary>{t(Text::NewAccountOpen)}</summary>
                <form class="new-account-form" on:submit=create>
                    <div class="field-row">
                        <div class="field">
                            <label for="new-account-username">{t(Text::AccountUsername)}</label>
                            <input id="new-account-username" type="text" autocomplete="off" required=true maxlength="64" bind:value=username />
                        </div>
                        <div class="field">
                            <label for="new-account-password">{t(Text::AccountPassword)}</label>
                            <input id="new-account-password" type="password" autocomplete="new-password" required=true minlength="12" aria-describedby="new-account-password-hint" bind:value=password />
                            <p class="hint" id="new-account-password-hint">{t(Text::AccountPasswordHint)}</p>
                        </div>
                    </div>
                    <RoleAndOfficesFields prefix="new-account".to_string() value=access />
                    {move || error.get().map(|error| view! { <StaffError error /> })}
                    <div class="button-row">
                        <button type="submit" class="button" disabled=move || busy.get()>{t(Text::CreateAccount)}</button>
                    </div>
                </form>
            </details>
        </section>
    }
}

#[component]
fn AccountTable(accounts: Vec<StaffAccount>, changed: Callback<()>) -> impl IntoView {
    let rows = accounts
        .into_iter()
        .map(|account| view! { <AccountRow account changed /> })
        .collect_view();
    view! {
        <section aria-labelledby="accounts-list" class="admin-section">
            <h2 id="accounts-list">{t(Text::AccountsListTitle)}</h2>
            <DataTable labelled_by="accounts-list" class="accounts-table" columns=vec![
                Column::Shown(Text::AccountUsername),
                Column::Shown(Text::AccountRole),
                Column::Shown(Text::OfficesLabel),
                Column::Shown(Text::StatusLabel),
                Column::Shown(Text::AccountActions),
            ]>
                {rows}
            </DataTable>
        </section>
    }
}

#[component]
fn AccountRow(account: StaffAccount, changed: Callback<()>) -> impl IntoView {
    let locale = use_locale();
    let offices = use_staff_offices();
    let session = use_staff_session();
    let StaffAccount {
        id,
        username,
        role,
        offices: office_ids,
        disabled,
        created_at,
    } = account;
    let office_names = {
        let office_ids = office_ids.clone();
        move || {
            if role == StaffRole::Admin {
                return Text::AllOffices.get(locale.get()).to_string();
            }
            offices.0.with(|list| {
                list.iter()
                    .filter(|office| office_ids.contains(&office.id))
                    .map(|office| office.settings.name.clone())
                    .collect::<Vec<_>>()
                    .join(", ")
            })
        }
    };
    let status = move || {
        let text = if disabled {
            Text::AccountDisabledStatus
        } else {
            Text::AccountActiveStatus
        };
        format!(
            "{} ({} {})",
            text.get(locale.get()),
            Text::AccountSince.get(locale.get()),
            local_date_time(locale.get(), created_at)
        )
    };
    // Nobody lowers their own role or disables themselves (the server refuses it too).
    let own = session
        .account
        .with_untracked(|account| account.as_ref().is_some_and(|me| me.id == id));
    let actions = if own {
        Some(view! { <p class="muted">{t(Text::OwnAccount)}</p> }.into_any())
    } else if disabled {
        None
    } else {
        Some(
            view! {
                <EditAccount id username=username.clone() role offices=office_ids changed />
                <DisableAccount id username=username.clone() changed />
            }
            .into_any(),
        )
    };
    view! {
        <tr>
            <td>{username}</td>
            <td>{move || role_name(locale.get(), role)}</td>
            <td>{office_names}</td>
            <td>{status}</td>
            <td>{actions}</td>
        </tr>
    }
}

#[component]
fn EditAccount(
    id: shared::ids::StaffId,
    username: String,
    role: StaffRole,
    offices: Vec<OfficeId>,
    changed: Callback<()>,
) -> impl IntoView {
    let locale = use_locale();
    let announcer = use_announcer();
    let access = RoleAndOffices::new(role, offices);
    let busy = RwSignal::new(false);
    let error = RwSignal::new(None::<ApiError>);
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let update = StaffAccountUpdate {
            role: access.role.get_untracked(),
            offices: access.offices_to_send(),
        };
        busy.set(true);
        error.set(None);
        spawn_local(async move {
            let result = api::update_staff_account(id, &update).await;
            busy.set(false);
            match result {
                Ok(_) => {
                    announcer.say(Text::Saved.get(locale.get_untracked()));
                    changed.run(());
                }
                Err(failure) => error.set(Some(failure)),
            }
        });
    };
    let summary = move || format!("{} {username}", Text::EditAccount.get(locale.get()));
    view! {
        <details class="account-edit">
            <summary>{summary}</summary>
            <form on:submit=save>
                <RoleAndOfficesFields prefix=format!("account-{id}") value=access />
                {move || error.get().map(|error| view! { <StaffError error /> })}
                <button type="submit" class="button" disabled=move || busy.get()>{t(Text::SaveAccount)}</button>
            </form>
        </details>
    }
}

#[component]
fn DisableAccount(
    id: shared::ids::StaffId,
    username: String,
    changed: Callback<()>,
) -> impl IntoView {
    let locale = use_locale();
    let announcer = use_announcer();
    let asking = RwSignal::new(false);
    let error = RwSignal::new(None::<ApiError>);
    let disable = move |_| {
        error.set(None);
        spawn_local(async move {
            match api::disable_staff_account(id).await {
                Ok(_) => {
                    asking.set(false);
                    announcer.say(Text::AccountDisabled.get(locale.get_untracked()));
                    changed.run(());
                }
                Err(failure) => error.set(Some(failure)),
            }
        });
    };
    let label = move || format!("{} {username}", Text::DisableAccount.get(locale.get()));
    view! {
        <div class="account-disable">
            {move || {
                if asking.get() {
                    view! {
                        <p>{t(Text::DisableAccountQuestion)}</p>
                        <div class="button-row">
                            <button type="button" class="button danger" on:click=disable>{t(Text::ConfirmDisable)}</button>
                            <button type="button" class="button secondary" on:click=move |_| asking.set(false)>{t(Text::KeepAccount)}</button>
                        </div>
                    }
                        .into_any()
                } else {
                    view! {
                        <button type="button" class="button secondary" on:click=move |_| asking.set(true)>{label.clone()}</button>
                    }
                        .into_any()
                }
            }}
            {move || error.get().map(|error| view! { <StaffError error /> })}
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn administrators_are_sent_without_offices_and_others_with_theirs() {
        let owner = Owner::new();
        owner.with(|| {
            let access = RoleAndOffices::new(StaffRole::Clerk, vec![OfficeId(2)]);
            assert_eq!(access.offices_to_send(), vec![OfficeId(2)]);
            access.role.set(StaffRole::Admin);
            assert!(access.offices_to_send().is_empty());
        });
    }
}
