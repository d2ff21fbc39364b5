//! The staff views at `/admin/…`: login, and behind it the day plan (all roles), the
//! configuration, the statistics and the waitlist (managers and administrators), each for one office, the
//! help page's questions and answers (managers and administrators), and the staff accounts and
//! the audit log (administrators).

mod accounts; // /admin/accounts: staff accounts, their roles and offices (administrators)
mod api; // the typed client of the staff API: cookies, CSRF header, one refresh on 401
mod area; // the guarded frame: who is logged in, navigation by role, logout
mod audit; // /admin/audit: who changed what and when (administrators)
mod book_on_behalf; // booking for a citizen on the phone or at the counter
mod capacity_change; // preview of affected appointments and the decision cancel / keep
mod chart; // accessible SVG bar charts with a data table
mod closures; // closing days or hours
mod configuration; // /admin/config: one office's settings, services, opening rules, closures
mod day_plan; // /admin/day: appointments of a day or week, capacity, search, status
mod faq; // /admin/faq: the help page's entries, listed, moved and deleted
mod faq_editor; // one help entry edited in both languages, with a preview of the answers
mod form; // labelled fields of the configuration forms
mod home; // /admin: what this account may do
mod login; // /admin/login
mod new_office; // administrators: a new office, then its configuration
mod office_settings; // contact, notices and booking rules of an office
mod opening_rules; // weekly opening hours and counters
mod queue; // /admin/queue: call the next citizen, walk-in numbers, kiosks
mod services; // services: texts, documents, fees, where offered and how long
mod session; // the logged-in account (memory only) and what its role may see
mod statistics; // /admin/statistics: charts, table and CSV of an office's numbers
mod table; // data tables in a scrollable region labelled by their heading
mod waitlist; // /admin/waitlist: who waits for which service, how the offers went

pub use accounts::AccountsPage;
pub use audit::AuditPage;
pub use configuration::ConfigurationPage;
pub use day_plan::DayPlanPage;
pub use faq::FaqPage;
pub use home::AdminHomePage;
pub use login::LoginPage;
pub use queue::QueuePage;
pub use session::StaffSession;
pub use statistics::StatisticsPage;
pub use waitlist::WaitlistPage;

use chrono::NaiveDate;
use shared::ids::OfficeId;

/// Every staff page. Links are built with [`AdminPage::path`], never written by hand.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AdminPage {
    Login,
    Home,
    /// The day plan of an office; `week` shows the seven days from `date`.
    DayPlan {
        office: Option<OfficeId>,
        date: Option<NaiveDate>,
        week: bool,
    },
    Configuration {
        office: Option<OfficeId>,
    },
    /// The clerk's workstation: calling, walk-in numbers, kiosks.
    Queue {
        office: Option<OfficeId>,
    },
    Statistics {
        office: Option<OfficeId>,
        from: Option<NaiveDate>,
        to: Option<NaiveDate>,
    },
    /// Staff accounts (administrators).
    Accounts,
    /// The audit log, optionally of one kind of entity; `page` from 1.
    Audit {
        entity: Option<String>,
        page: Option<u32>,
    },
    /// The questions and answers of the help page (managers and administrators).
    Faq,
    /// How an office's waitlist stands (managers and administrators).
    Waitlist {
        office: Option<OfficeId>,
    },
}

impl AdminPage {
    pub fn day_plan() -> Self {
        AdminPage::DayPlan {
            office: None,
            date: None,
            week: false,
        }
    }

    pub fn path(&self) -> String {
        let mut query = Vec::new();
        let base = match self {
            AdminPage::Login => "/admin/login",
            AdminPage::Home => "/admin",
            AdminPage::DayPlan { office, date, week } => {
                push(&mut query, "office", office);
                push(&mut query, "date", date);
                if *week {
                    query.push("view=week".to_string());
                }
                "/admin/day"
            }
            AdminPage::Configuration { office } => {
                push(&mut query, "office", office);
                "/admin/config"
            }
            AdminPage::Queue { office } => {
                push(&mut query, "office", office);
                "/admin/queue"
            }
            AdminPage::Statistics { office, from, to } => {
                push(&mut query, "office", office);
                push(&mut query, "from", from);
                push(&mut query, "to", to);
                "/admin/statistics"
            }
            AdminPage::Accounts => "/admin/accounts",
            AdminPage::Audit { entity, page } => {
                push(&mut query, "entity", entity);
                push(&mut query, "page", page);
                "/admin/audit"
            }
            AdminPage::Faq => "/admin/faq",
            AdminPage::Waitlist { office } => {
                push(&mut query, "office", office);
                "/admin/waitlist"
            }
        };
        if query.is_empty() {
            base.to_string()
        } else {
            format!("{base}?{}", query.join("&"))
        }
    }
}

fn push(query: &mut Vec<String>, name: &str, value: &Option<impl std::fmt::Display>) {
    if let Some(value) = value {
        query.push(format!("{name}={value}"));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn staff_pages_know_their_paths() {
        assert_eq!(AdminPage::Login.path(), "/admin/login");
        assert_eq!(AdminPage::day_plan().path(), "/admin/day");
        assert_eq!(
            AdminPage::DayPlan {
                office: Some(OfficeId(1)),
                date: NaiveDate::from_ymd_opt(2026, 12, 1),
                week: true
            }
            .path(),
            "/admin/day?office=1&date=2026-12-01&view=week"
        );
        assert_eq!(
            AdminPage::Statistics {
                office: Some(OfficeId(2)),
                from: None,
                to: NaiveDate::from_ymd_opt(2026, 12, 31)
            }
            .path(),
            "/admin/statistics?office=2&to=2026-12-31"
        );
        assert_eq!(AdminPage::Faq.path(), "/admin/faq");
        assert_eq!(
            AdminPage::Queue {
                office: Some(OfficeId(3))
            }
            .path(),
            "/admin/queue?office=3"
        );
        assert_eq!(
            AdminPage::Waitlist {
                office: Some(OfficeId(2))
            }
            .path(),
            "/admin/waitlist?office=2"
        );
    }
}
