//! The router, the route table as the [`Page`] enum, and the layout around every page.

use crate::admin::{
    AdminHomePage, ConfigurationPage, DayPlanPage, LoginPage, StaffSession, StatisticsPage,
};
use crate::components::{Announcer, LanguageSwitch, LiveRegion};
use crate::i18n::{Text, provide_locale, t};
use crate::pages::{AdminFaqPage, BookPage, HelpPage, HomePage, ManagePage, NotFoundPage};
use crate::store::{BookingStore, Catalog, ManageTokens};
use leptos::prelude::*;
use leptos_router::components::{A, Route, Router, Routes};
use leptos_router::path;
use shared::ids::{OfficeId, ServiceId};

/// Every page of the app. Links are built with [`Page::path`], never written by hand.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Page {
    Home,
    /// The booking journey, optionally starting with an office and a service chosen.
    Book {
        office: Option<OfficeId>,
        service: Option<ServiceId>,
    },
    /// One booking, managed with the token from the email link.
    Manage {
        reference: String,
    },
    /// Questions and answers (linked from every email).
    Help,
    /// The questions and answers for every office plus `office` (linked from the booking
    /// journey once an office is chosen).
    HelpFor {
        office: Option<OfficeId>,
    },
}

impl Page {
    pub fn book() -> Self {
        Page::Book {
            office: None,
            service: None,
        }
    }

    pub fn path(&self) -> String {
        match self {
            Page::Home => "/".into(),
            Page::Book { office, service } => {
                let mut query = Vec::new();
                if let Some(office) = office {
                    query.push(format!("office={office}"));
                }
                if let Some(service) = service {
                    query.push(format!("service={service}"));
                }
                if query.is_empty() {
                    "/book".into()
                } else {
                    format!("/book?{}", query.join("&"))
                }
            }
            Page::Manage { reference } => format!("/booking/{}", encode_segment(reference)),
            Page::Help | Page::HelpFor { office: None } => "/help".into(),
            Page::HelpFor {
                office: Some(office),
            } => format!("/help?office={office}"),
        }
    }
}

/// Percent-encodes one path segment (booking references come from outside, e.g. emails).
pub fn encode_segment(segment: &str) -> String {
    let mut out = String::with_capacity(segment.len());
    for byte in segment.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~".contains(&byte) {
            out.push(byte as char);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

#[component]
pub fn App() -> impl IntoView {
    let locale = provide_locale();
    provide_context(Catalog::new(locale));
    provide_context(BookingStore::new());
    provide_context(ManageTokens::new());
    provide_context(Announcer::new());
    provide_context(StaffSession::new());

    let skip_to_main = |ev: leptos::ev::MouseEvent| {
        ev.prevent_default();
        if let Some(main) = document().get_element_by_id("main") {
            use wasm_bindgen::JsCast;
            if let Ok(main) = main.dyn_into::<web_sys::HtmlElement>() {
                let _ = main.focus();
            }
        }
    };

    view! {
        <Router>
            <a class="skip-link" href="#main" on:click=skip_to_main>
                {t(Text::SkipToContent)}
            </a>
            <header class="site-header">
                <div class="wrap header-inner">
                    <A href=Page::Home.path() attr:class="brand">
                        <span class="brand-mark" aria-hidden="true">"▣"</span>
                        {t(Text::AppName)}
                    </A>
                    <nav aria-label=t(Text::MainNavigation) class="main-nav">
                        <ul>
                            <li>
                                <A href=Page::Home.path() exact=true>{t(Text::NavHome)}</A>
                            </li>
                            <li>
                                <A href=Page::book().path()>{t(Text::NavBook)}</A>
                            </li>
                            <li>
                                <A href=Page::Help.path()>{t(Text::NavHelp)}</A>
                            </li>
                        </ul>
                    </nav>
                    <LanguageSwitch />
                </div>
            </header>
            <main id="main" tabindex="-1" class="wrap">
                <Routes fallback=NotFoundPage>
                    <Route path=path!("/") view=HomePage />
                    <Route path=path!("/book") view=BookPage />
                    <Route path=path!("/booking/:reference") view=ManagePage />
                    <Route path=path!("/help") view=HelpPage />
                    <Route path=path!("/admin") view=AdminHomePage />
                    <Route path=path!("/admin/login") view=LoginPage />
                    <Route path=path!("/admin/day") view=DayPlanPage />
                    <Route path=path!("/admin/config") view=ConfigurationPage />
                    <Route path=path!("/admin/statistics") view=StatisticsPage />
                    <Route path=path!("/help/:slug") view=HelpPage />
                    <Route path=path!("/admin/faq") view=AdminFaqPage />
                </Routes>
            </main>
            <footer class="site-footer">
                <div class="wrap">
                    <p>{t(Text::FooterNote)}</p>
                    <p>{t(Text::FooterPrivacy)}</p>
                </div>
            </footer>
            <LiveRegion />
        </Router>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_know_their_paths() {
        assert_eq!(Page::Home.path(), "/");
        assert_eq!(Page::book().path(), "/book");
        assert_eq!(
            Page::Book {
                office: Some(OfficeId(1)),
                service: Some(ServiceId(3))
            }
            .path(),
            "/book?office=1&service=3"
        );
        assert_eq!(
            Page::Manage {
                reference: "PW-7K3M-Q9".into()
            }
            .path(),
            "/booking/PW-7K3M-Q9"
        );
        assert_eq!(Page::Help.path(), "/help");
        assert_eq!(
            Page::HelpFor {
                office: Some(OfficeId(2))
            }
            .path(),
            "/help?office=2"
        );

        assert_eq!(encode_segment("a/b c"), "a%2Fb%20c");
    }
}
