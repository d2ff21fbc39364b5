//! Who is logged in: the staff account as the server last reported it (memory only — the
//! tokens themselves stay in HttpOnly cookies), and what its role lets it see.

use super::api;
use leptos::prelude::*;
use shared::admin::AdminOffice;
use shared::auth::{StaffAccount, StaffRole};
use shared::ids::OfficeId;

/// What the staff views know about the session.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SessionState {
    /// Not asked yet (page just loaded).
    Unknown,
    LoggedIn,
    LoggedOut,
}

/// The session signal, provided once by the app.
#[derive(Debug, Clone, Copy)]
pub struct StaffSession {
    pub account: RwSignal<Option<StaffAccount>>,
    pub state: RwSignal<SessionState>,
}

impl StaffSession {
    /// Creates the signals; a session that can no longer be refreshed logs the view out.
    pub fn new() -> Self {
        let session = StaffSession {
            account: RwSignal::new(None),
            state: RwSignal::new(SessionState::Unknown),
        };
        api::on_session_lost(move || session.signed_out());
        session
    }

    pub fn signed_in(&self, account: StaffAccount) {
        self.account.set(Some(account));
        self.state.set(SessionState::LoggedIn);
    }

    pub fn signed_out(&self) {
        self.account.set(None);
        self.state.set(SessionState::LoggedOut);
    }

    /// The role (reactive); `None` when logged out.
    pub fn role(&self) -> Option<StaffRole> {
        self.account
            .with(|account| account.as_ref().map(|a| a.role))
    }
}

impl Default for StaffSession {
    fn default() -> Self {
        Self::new()
    }
}

pub fn use_staff_session() -> StaffSession {
    expect_context::<StaffSession>()
}

/// What a role may do, mirroring the server's rules (the server checks again on every request).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Area {
    DayPlan,
    /// Calling the next citizen, walk-in numbers (and, for managers, kiosks).
    Queue,
    Configuration,
    Statistics,
    Accounts,
    Audit,
    /// The questions and answers of the help page.
    Faq,
    /// How an office's waitlist stands.
    Waitlist,
}

/// Whether `role` may use `area` at all.
pub fn may_use(role: StaffRole, area: Area) -> bool {
    match role {
        StaffRole::Admin => true,
        StaffRole::Manager => !matches!(area, Area::Accounts | Area::Audit),
        StaffRole::Clerk => matches!(area, Area::DayPlan | Area::Queue),
    }
}

/// The offices of the list that `account` may use `area` at (all for admins).
pub fn offices_for(
    account: &StaffAccount,
    area: Area,
    offices: &[AdminOffice],
) -> Vec<AdminOffice> {
    if !may_use(account.role, area) {
        return Vec::new();
    }
    offices
        .iter()
        .filter(|office| account.role == StaffRole::Admin || account.offices.contains(&office.id))
        .cloned()
        .collect()
}

/// The office named in the address if allowed, else the first allowed one.
pub fn chosen_office(requested: Option<OfficeId>, allowed: &[AdminOffice]) -> Option<OfficeId> {
    requested
        .filter(|id| allowed.iter().any(|office| office.id == *id))
        .or_else(|| allowed.first().map(|office| office.id))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clerks_see_only_the_day_plan_and_managers_everything_of_their_offices_and_the_help() {
        assert!(may_use(StaffRole::Clerk, Area::DayPlan));
        assert!(!may_use(StaffRole::Clerk, Area::Configuration));
        assert!(!may_use(StaffRole::Clerk, Area::Statistics));
        assert!(may_use(StaffRole::Manager, Area::Statistics));
        assert!(may_use(StaffRole::Admin, Area::Configuration));
        assert!(may_use(StaffRole::Admin, Area::Audit));
        assert!(!may_use(StaffRole::Manager, Area::Audit));
        assert!(may_use(StaffRole::Admin, Area::Accounts));
        assert!(!may_use(StaffRole::Manager, Area::Accounts));
        assert!(!may_use(StaffRole::Clerk, Area::Accounts));
        assert!(!may_use(StaffRole::Clerk, Area::Audit));
        assert!(may_use(StaffRole::Manager, Area::Faq));
        assert!(may_use(StaffRole::Admin, Area::Faq));
        assert!(!may_use(StaffRole::Clerk, Area::Faq));
        assert!(may_use(StaffRole::Manager, Area::Waitlist));
        assert!(!may_use(StaffRole::Clerk, Area::Waitlist));
    }
}
