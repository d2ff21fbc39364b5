//! `/api/v1/admin/…`: everything staff do. Every handler takes [`StaffAuth`] and checks the
//! permission for the office concerned before touching anything.
//!
//! [`StaffAuth`]: super::staff_auth::StaffAuth

pub mod accounts; // /admin/staff: list, create, change role and offices, disable
pub mod api_clients; // /admin/api-clients: API keys of portals: list, create, change, revoke
pub mod appointments; // day plan, week, capacity per hour, search, status, booking on behalf
pub mod audit; // /admin/audit
pub mod call_queue; // walk-in tickets, the day's queue, call, recall, park, redirect, finish
pub mod configuration; // offices, services, offers, opening rules, closures
pub mod faq; // /admin/faq: the help page's questions and answers
pub mod kiosks; // /admin/offices/{id}/kiosks: ticket kiosks of an office: issue, list, revoke
pub mod queue_settings; // /admin/offices/{id}/queue-settings: order of calling, lateness, walk-in contingent
pub mod statistics;
pub mod waitlist; // /admin/offices/{id}/waitlist: who waits, what became of the offers // statistics (JSON and CSV)

use crate::error::Result;
use crate::scheduling::setup::OfficeSetup;
use crate::store::Tx;
use actix_web::web;

/// Registers the admin routes inside the `/api/v1` scope.
pub fn configure(config: &mut web::ServiceConfig) {
    config
        .service(appointments::day_plan)
        .service(appointments::search)
        .service(appointments::capacity)
        .service(appointments::book_on_behalf)
        .service(appointments::change_status)
        .service(call_queue::issue_ticket)
        .service(call_queue::overview)
        .service(call_queue::call_next)
        .service(call_queue::call_entry)
        .service(call_queue::recall)
        .service(call_queue::park)
        .service(call_queue::redirect)
        .service(call_queue::no_show)
        .service(call_queue::finish)
        .service(queue_settings::show)
        .service(queue_settings::update)
        .service(waitlist::overview)
        .service(kiosks::list)
        .service(kiosks::issue)
        .service(kiosks::revoke)
        .service(configuration::list_offices)
        .service(configuration::create_office)
        .service(configuration::update_office)
        .service(configuration::list_services)
        .service(configuration::create_service)
        .service(configuration::update_service)
        .service(configuration::set_offer)
        .service(configuration::remove_offer)
        .service(configuration::list_rules)
        .service(configuration::add_rule)
        .service(configuration::change_rule)
        .service(configuration::remove_rule)
        .service(configuration::list_closures)
        .service(configuration::add_closure)
        .service(configuration::remove_closure)
        .service(statistics::statistics)
        .service(statistics::statistics_csv)
        .service(accounts::list)
        .service(accounts::create)
        .service(accounts::update)
        .service(accounts::disable)
        .service(api_clients::list)
        .service(api_clients::create)
        .service(api_clients::update)
        .service(api_clients::revoke)
        .service(audit::list)
        .service(faq::list)
        .service(faq::create)
        // Before `faq::update`, whose `{entry_id}` would otherwise take `order`.
        .service(faq::reorder)
        .service(faq::update)
        .service(faq::remove);
}

/// The office's configuration, or 404.
pub async fn office_setup(tx: &mut Tx, office_id: i64) -> Result<OfficeSetup> {
    Ok(OfficeSetup::existing(tx, office_id).await?)
}
