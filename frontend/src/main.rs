//! Terminvergabe: the citizen single-page app (Leptos CSR, built with Trunk).

mod admin; // the staff views at /admin (login, day plan, configuration, statistics)
mod api; // the one typed API client
mod app; // router, routes (`Page`) and the page layout
mod components; // small components named for what the citizen sees
mod i18n; // every user-facing text in German and English, dates and times
mod pages; // one module per page
mod store; // catalogue, booking journey state, manage tokens (memory only)

fn main() {
    console_error_panic_hook_lite();
    leptos::mount::mount_to_body(app::App);
}

/// Panics go to the browser console instead of vanishing silently.
fn console_error_panic_hook_lite() {
    std::panic::set_hook(Box::new(|info| {
        leptos::logging::error!("{info}");
    }));
}
