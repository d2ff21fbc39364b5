//! Who may do what: the roles of staff accounts and the check every admin endpoint makes.

use shared::auth::StaffRole;

/// What an endpoint does at an office.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Capability {
    /// Day plan, search, status changes, booking on behalf of a citizen.
    HandleAppointments,
    /// Office settings, offered services, opening rules, closures.
    Configure,
    /// Statistics, the call queue's measured figures included.
    ViewStatistics,
}

/// An authenticated staff account as the permission checks see it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StaffIdentity {
    pub id: i64,
    pub username: String,
    pub role: StaffRole,
    /// The offices a manager or clerk works for; ignored for admins, who see all.
    pub offices: Vec<i64>,
}

impl StaffIdentity {
    pub fn is_admin(&self) -> bool {
        self.role == StaffRole::Admin
    }

    /// Admins may do everything everywhere; managers everything at their offices; clerks
    /// handle the appointments of their offices.
    pub fn may(&self, capability: Capability, office_id: i64) -> bool {
        match self.role {
            StaffRole::Admin => true,
            StaffRole::Manager => self.offices.contains(&office_id),
            StaffRole::Clerk => {
                capability == Capability::HandleAppointments && self.offices.contains(&office_id)
            }
        }
    }

    /// Whether the account may change help entries about `office_id` (`None`: entries for
    /// every office, which only administrators may change). Clerks change none.
    pub fn may_edit_help(&self, office_id: Option<i64>) -> bool {
        match office_id {
            None => self.is_admin(),
            Some(office_id) => self.may(Capability::Configure, office_id),
        }
    }

    /// The offices this account sees at all (`None`: every office).
    pub fn visible_offices(&self) -> Option<&[i64]> {
        (!self.is_admin()).then_some(self.offices.as_slice())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn account(role: StaffRole, offices: Vec<i64>) -> StaffIdentity {
        StaffIdentity {
            id: 1,
            username: "x".into(),
            role,
            offices,
        }
    }

    #[test]
    fn a_clerk_handles_appointments_of_their_office_only_and_configures_nothing() {
        let clerk = account(StaffRole::Clerk, vec![1]);
        assert!(clerk.may(Capability::HandleAppointments, 1));
        assert!(!clerk.may(Capability::HandleAppointments, 2));
        assert!(!clerk.may(Capability::Configure, 1));
        assert!(!clerk.may(Capability::ViewStatistics, 1));
    }

    #[test]
    fn a_manager_does_everything_at_their_offices_and_nothing_elsewhere() {
        let manager = account(StaffRole::Manager, vec![2]);
        for capability in [
            Capability::HandleAppointments,
            Capability::Configure,
            Capability::ViewStatistics,
        ] {
            assert!(manager.may(capability, 2));
            assert!(!manager.may(capability, 1));
        }
        assert!(!manager.is_admin());
    }

    #[test]
    fn help_entries_for_every_office_are_for_admins_and_office_entries_for_their_managers() {
        let admin = account(StaffRole::Admin, Vec::new());
        let manager = account(StaffRole::Manager, vec![2]);
        let clerk = account(StaffRole::Clerk, vec![2]);
        assert!(admin.may_edit_help(None) && admin.may_edit_help(Some(7)));
        assert!(manager.may_edit_help(Some(2)));
        assert!(!manager.may_edit_help(Some(1)) && !manager.may_edit_help(None));
        assert!(!clerk.may_edit_help(Some(2)) && !clerk.may_edit_help(None));
    }

    #[test]
    fn an_admin_may_everything_at_every_office() {
        let admin = account(StaffRole::Admin, Vec::new());
        assert!(admin.may(Capability::Configure, 42));
        assert_eq!(admin.visible_offices(), None);
    }
}
