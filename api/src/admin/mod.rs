//! The use cases of the staff views, on top of store, domain and scheduling: accounts, the
//! audit log, the day plan, handling appointments, configuration, statistics. Like
//! `scheduling`, every function takes the caller's transaction; the HTTP handler commits.

pub mod accounts; // staff accounts: view, create, change, disable, password
pub mod api_clients; // API clients of portals: create (key shown once), change, revoke
pub mod appointments; // status changes, cancelling by the office, booking on behalf
pub mod audit; // recording staff changes and reading the log
pub mod call_queue; // the counter: tickets, the day's queue, call, recall, park, redirect, finish
pub mod configuration; // offices, services, offers, opening rules, closures; affected appointments
pub mod day_plan; // appointments of a day or week, search, capacity per hour
pub mod faq; // editing the help page's questions and answers, audited
pub mod kiosks; // ticket kiosks of an office: issue (token shown once), list, revoke; audited
pub mod queue_settings; // how an office calls: priority, lateness, daily walk-in contingent; audited
pub mod statistics; // anonymous counts per day, utilisation, CSV
pub mod waitlist; // how an office's waitlist stands: who waits for what, what became of offers

use crate::scheduling::{Result, field};
use crate::store::{Tx, catalog};
use shared::ids::OfficeId;
use shared::problem::FieldError;

/// The ids of `offices`, sorted and without repeats; an `unknown_office` error in `errors`
/// for each entry that names no office.
async fn existing_offices(
    tx: &mut Tx,
    offices: &[OfficeId],
    errors: &mut Vec<FieldError>,
) -> Result<Vec<i64>> {
    let known: Vec<i64> = catalog::offices(tx).await?.iter().map(|o| o.id).collect();
    for (i, office) in offices.iter().enumerate() {
        if !known.contains(&office.0) {
            errors.push(field(
                format!("offices[{i}]"),
                "unknown_office",
                "there is no such office",
            ));
        }
    }
    let mut ids: Vec<i64> = offices.iter().map(|o| o.0).collect();
    ids.sort_unstable();
    ids.dedup();
    Ok(ids)
}
