//! Terminvergabe in the browser (Leptos CSR, built with Trunk): two apps over the same
//! modules, so citizens never download the staff views.
//!
//! - binary `frontend` ([`CitizenApp`], `index.html`): start page, booking, manage, help;
//! - binary `staff` ([`StaffApp`], `staff.html`, served under `/admin`): login, day plan,
//!   configuration, statistics, the help page editor.

mod admin; // the staff views at /admin (login, day plan, configuration, statistics, help)
mod api; // the typed client of the citizens' API (the staff one: admin::api)
mod app; // the two apps, routes (`Page`) and the page layout
mod browser; // what both apps ask of the browser: today's date, saving a file
mod components; // small components named for what the citizen sees
mod i18n; // every user-facing text in German and English, dates and times
mod pages; // one module per page
mod percent; // percent-encoding of the parts of an address (RFC 3986)
mod store; // catalogue, booking journey state, manage tokens (memory only)

pub use app::{CitizenApp, StaffApp};
use leptos::IntoView;

/// Mounts `app` into the page body; panics go to the browser console instead of vanishing.
pub fn start<V: IntoView + 'static>(app: fn() -> V) {
    std::panic::set_hook(Box::new(|info| {
        leptos::logging::error!("{info}");
    }));
    leptos::mount::mount_to_body(app);
}
