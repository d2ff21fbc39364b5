//! The router, the route table as the [`Page`] enum, and the layout around every page.

use crate::admin::{
    AccountsPage, AdminHomePage, AuditPage, ConfigurationPage, DayPlanPage, FaqPage, LoginPage,
    QueuePage, StaffSession, StatisticsPage, WaitlistPage,
};
use crate::components::{Announcer, LanguageSwitch, LiveRegion};
use crate::i18n::{Text, provide_locale, t};
use crate::pages::{
    BookPage, DisplayPage, HelpPage, HomePage, KioskPage, ManagePage, NotFoundPage,
    ReleaseEnterPage, ReleaseEntryPage, TicketPage, WaitlistEntryPage, WaitlistJoinPage,
    WaitlistOfferPage,
};
use crate::percent;
use crate::store::{BookingStore, Catalog, LinkTokens};
use leptos::prelude::*;
use leptos_router::components::{A, Route, Router, Routes};
use leptos_router::path;
use shared::ids::{OfficeId, ServiceId};
use shared::selection::ServiceSelection;

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
    /// The ticket kiosk at an office's entrance.
    Kiosk {
        office: OfficeId,
    },
    /// The call display of an office's waiting room.
    Display {
        office: OfficeId,
    },
    /// A ticket's place in line (the QR code on the ticket).
    Ticket {
        token: String,
    },
    /// Joining the waitlist, optionally for these services at this office (from the booking).
    /// Its entries (`/waitlist/{entry}`) and offers (`/waitlist/offers/{offer}`) are opened
    /// only from the links the server emails.
    Waitlist {
        services: ServiceSelection,
        office: Option<OfficeId>,
    },
    /// Entering the draw of the day `office` is releasing, for these services (from the
    /// booking). An entry (`/release/{entry}`) is opened only from the link the server emails.
    Release {
        office: OfficeId,
        services: ServiceSelection,
    },
}

/// `path` with the query of `parts` that are there (`name=value`), in their order.
fn with_query(path: &str, parts: [Option<String>; 2]) -> String {
    let query: Vec<String> = parts.into_iter().flatten().collect();
    if query.is_empty() {
        path.into()
    } else {
        format!("{path}?{}", query.join("&"))
    }
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
            Page::Book { office, service } => with_query(
                "/book",
                [
                    office.map(|office| format!("office={office}")),
                    service.map(|service| format!("service={service}")),
                ],
            ),
            Page::Manage { reference } => format!("/booking/{}", percent::encode(reference)),
            Page::Help | Page::HelpFor { office: None } => "/help".into(),
            Page::HelpFor {
                office: Some(office),
            } => format!("/help?office={office}"),
            Page::Kiosk { office } => format!("/kiosk/{office}"),
            Page::Display { office } => format!("/display/{office}"),
            Page::Ticket { token } => format!("/ticket/{}", percent::encode(token)),
            Page::Waitlist { services, office } => with_query(
                "/waitlist",
                [
                    services_part(services),
                    office.map(|office| format!("office={office}")),
                ],
            ),
            Page::Release { office, services } => with_query(
                "/release",
                [Some(format!("office={office}")), services_part(services)],
            ),
        }
    }
}

/// `services=1:1,3:2`, or nothing for no services.
fn services_part(services: &ServiceSelection) -> Option<String> {
    (!services.0.is_empty()).then(|| format!("services={services}"))
}

/// The citizens' app (binary `frontend`, served for every path outside `/admin`).
#[component]
pub fn CitizenApp() -> impl IntoView {
    let locale = provide_locale();
    provide_context(Catalog::new(locale));
    provide_context(BookingStore::new());
    provide_context(LinkTokens::new());
    view! {
        <Layout citizen_pages_are_here=true>
            <Routes fallback=NotFoundPage>
                <Route path=path!("/") view=HomePage />
                <Route path=path!("/book") view=BookPage />
                <Route path=path!("/booking/:reference") view=ManagePage />
                <Route path=path!("/help") view=HelpPage />
                <Route path=path!("/help/:slug") view=HelpPage />
                <Route path=path!("/kiosk/:office") view=KioskPage />
                <Route path=path!("/display/:office") view=DisplayPage />
                <Route path=path!("/ticket/:token") view=TicketPage />
                <Route path=path!("/waitlist") view=WaitlistJoinPage />
                <Route path=path!("/waitlist/offers/:offer") view=WaitlistOfferPage />
                <Route path=path!("/waitlist/:entry") view=WaitlistEntryPage />
                <Route path=path!("/release") view=ReleaseEnterPage />
                <Route path=path!("/release/:entry") view=ReleaseEntryPage />
            </Routes>
        </Layout>
    }
}

/// The staff app (binary `staff`, served under `/admin`): a separate download, so citizens
/// never load the staff views.
#[component]
pub fn StaffApp() -> impl IntoView {
    let locale = provide_locale();
    provide_context(Catalog::new(locale));
    provide_context(StaffSession::new());
    view! {
        <Layout citizen_pages_are_here=false>
            <Routes fallback=NotFoundPage>
                <Route path=path!("/admin") view=AdminHomePage />
                <Route path=path!("/admin/login") view=LoginPage />
                <Route path=path!("/admin/day") view=DayPlanPage />
                <Route path=path!("/admin/queue") view=QueuePage />
                <Route path=path!("/admin/config") view=ConfigurationPage />
                <Route path=path!("/admin/statistics") view=StatisticsPage />
                <Route path=path!("/admin/accounts") view=AccountsPage />
                <Route path=path!("/admin/audit") view=AuditPage />
                <Route path=path!("/admin/faq") view=FaqPage />
                <Route path=path!("/admin/waitlist") view=WaitlistPage />
            </Routes>
        </Layout>
    }
}

/// Header, main landmark, footer and live region around the routes of either app.
#[component]
fn Layout(citizen_pages_are_here: bool, children: Children) -> impl IntoView {
    provide_context(Announcer::new());
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
            <SiteHeader citizen_pages_are_here=citizen_pages_are_here />
            <main id="main" tabindex="-1" class="wrap">
                {children()}
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

/// The header links to the citizens' pages: inside the citizens' app through the router,
/// from the staff app as ordinary links that load the citizens' app. Inside `<Router>`.
#[component]
fn SiteHeader(citizen_pages_are_here: bool) -> impl IntoView {
    let link = move |page: Page, content: AnyView, class: Option<&'static str>| {
        if citizen_pages_are_here {
            let exact = page == Page::Home;
            view! { <A href=page.path() exact=exact attr:class=class>{content}</A> }.into_any()
        } else {
            view! { <a href=page.path() class=class rel="external">{content}</a> }.into_any()
        }
    };
    let nav_item = move |page: Page, text: Text| link(page, t(text).into_any(), None);
    view! {
        <header class="site-header">
            <div class="wrap header-inner">
                {link(Page::Home, view! { <BrandName /> }.into_any(), Some("brand"))}
                <nav aria-label=t(Text::MainNavigation) class="main-nav">
                    <ul>
                        <li>{nav_item(Page::Home, Text::NavHome)}</li>
                        <li>{nav_item(Page::book(), Text::NavBook)}</li>
                        <li>{nav_item(Page::Help, Text::NavHelp)}</li>
                    </ul>
                </nav>
                <LanguageSwitch />
            </div>
        </header>
    }
}

#[component]
fn BrandName() -> impl IntoView {
    view! {
        <span class="brand-mark" aria-hidden="true">"▣"</span>
        {t(Text::AppName)}
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
        assert_eq!(
            Page::Kiosk {
                office: OfficeId(1)
            }
            .path(),
            "/kiosk/1"
        );
        assert_eq!(
            Page::Display {
                office: OfficeId(2)
            }
            .path(),
            "/display/2"
        );
        assert_eq!(
            Page::Ticket {
                token: "ab_c-9".into()
            }
            .path(),
            "/ticket/ab_c-9"
        );
        assert_eq!(
            Page::Manage {
                reference: "a/b c".into()
            }
            .path(),
            "/booking/a%2Fb%20c"
        );
    }

    #[test]
    fn the_waitlist_form_carries_the_chosen_services_and_office() {
        let services: ServiceSelection = "1:1,3:2".parse().unwrap();
        assert_eq!(
            Page::Waitlist {
                services,
                office: Some(OfficeId(2))
            }
            .path(),
            "/waitlist?services=1:1,3:2&office=2"
        );
        assert_eq!(
            Page::Waitlist {
                services: ServiceSelection::default(),
                office: None
            }
            .path(),
            "/waitlist"
        );
    }

    #[test]
    fn the_entry_to_a_draw_carries_the_office_and_the_chosen_services() {
        assert_eq!(
            Page::Release {
                office: OfficeId(1),
                services: "1:1".parse().unwrap(),
            }
            .path(),
            "/release?office=1&services=1:1"
        );
        assert_eq!(
            Page::Release {
                office: OfficeId(2),
                services: ServiceSelection::default(),
            }
            .path(),
            "/release?office=2"
        );
    }
}
