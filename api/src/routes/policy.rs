//! What each route asks of a request before its handler runs: which per-address budget it
//! counts against, and what an API key needs to call it. Decided from the route template the
//! request matched (`/api/v1/bookings/{reference}/cancel`), never from the raw path, so no
//! spelling of a path can reach a handler with less protection than the plain one.

use actix_web::http::Method;
use shared::portal::ApiScope;

/// The per-address budgets of the public API (`--rate-limit-per-minute`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Budget {
    /// Reading the catalogue, the help page's answers and availability: the full budget.
    Browse,
    /// Challenges, holds, bookings and the waitlist — everything that takes or changes
    /// capacity: a quarter.
    Book,
}

impl Budget {
    pub fn as_str(self) -> &'static str {
        match self {
            Budget::Browse => "browse",
            Budget::Book => "book",
        }
    }
}

/// What a route asks of a request authenticated by API key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyAccess {
    /// Every client may call it (the challenge, health, docs, the SPA).
    Open,
    /// The client needs this scope.
    Needs(ApiScope),
    /// API keys are not accepted here (staff login and the rest of the admin API).
    Refused,
}

/// The policy of one route.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RoutePolicy {
    /// The per-address budget requests count against (API-key requests count against their
    /// client's quota instead).
    pub budget: Option<Budget>,
    pub api_key: KeyAccess,
}

/// The policy of `method` on the route `template` (`None`: no route matched, the router will
/// answer 404 or 405, and nothing needs protecting).
pub fn of(method: &Method, template: Option<&str>) -> RoutePolicy {
    let Some(template) = template else {
        return RoutePolicy {
            budget: None,
            api_key: KeyAccess::Open,
        };
    };
    let get = method == Method::GET;
    let (budget, api_key) = match template {
        "/api/v1/offices"
        | "/api/v1/services"
        | "/api/v1/faq"
        | "/api/v1/availability/days"
        | "/api/v1/availability/times"
        | "/api/v1/availability/next"
        | "/api/v1/offices/{office_id}/walk-ins"
        | "/api/v1/offices/{office_id}/release" => {
            if get {
                (
                    Some(Budget::Browse),
                    KeyAccess::Needs(ApiScope::AvailabilityRead),
                )
            } else {
                (None, KeyAccess::Refused)
            }
        }
        "/api/v1/challenge" => (Some(Budget::Book), KeyAccess::Open),
        "/api/v1/holds"
        | "/api/v1/holds/{id}"
        | "/api/v1/bookings"
        | "/api/v1/bookings/{reference}"
        | "/api/v1/bookings/{reference}/cancel"
        | "/api/v1/bookings/{reference}/activate"
        | "/api/v1/bookings/{reference}/calendar.ics"
        | "/api/v1/bookings/{reference}/appointments/{id}/reschedule" => (
            Some(Budget::Book),
            KeyAccess::Needs(ApiScope::BookingsWrite),
        ),
        // The waitlist is the citizens' own: portals book, citizens wait.
        "/api/v1/waitlist"
        | "/api/v1/bookings/{reference}/appointments/{appointment_id}/earlier"
        | "/api/v1/waitlist/{entry_id}"
        | "/api/v1/waitlist/{entry_id}/confirm"
        | "/api/v1/waitlist/offers/{offer_id}"
        | "/api/v1/waitlist/offers/{offer_id}/accept"
        | "/api/v1/waitlist/offers/{offer_id}/decline"
        // So is a draw: one entry per confirmed address, not per portal.
        | "/api/v1/release-entries"
        | "/api/v1/release-entries/{entry_id}"
        | "/api/v1/release-entries/{entry_id}/confirm" => (Some(Budget::Book), KeyAccess::Refused),
        "/api/v1/tickets/{token}" | "/api/v1/offices/{office_id}/calls" if get => {
            (Some(Budget::Browse), KeyAccess::Refused)
        }
        // A kiosk proves itself with its device token; the budget bounds guessing.
        "/api/v1/kiosk" | "/api/v1/kiosk/tickets" => (Some(Budget::Browse), KeyAccess::Refused),
        "/api/v1/admin/offices/{office_id}/appointments" if get => {
            (None, KeyAccess::Needs(ApiScope::StaffRead))
        }
        api if api.starts_with("/api/v1/") => (None, KeyAccess::Refused),
        _ => (None, KeyAccess::Open),
    };
    RoutePolicy { budget, api_key }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn policy(method: &Method, template: &str) -> (Option<Budget>, KeyAccess) {
        let policy = of(method, Some(template));
        (policy.budget, policy.api_key)
    }

    #[test]
    fn reading_availability_counts_against_browsing_and_needs_availability_read() {
        for template in [
            "/api/v1/offices",
            "/api/v1/services",
            "/api/v1/faq",
            "/api/v1/availability/days",
            "/api/v1/availability/times",
            "/api/v1/availability/next",
        ] {
            assert_eq!(
                policy(&Method::GET, template),
                (
                    Some(Budget::Browse),
                    KeyAccess::Needs(ApiScope::AvailabilityRead)
                ),
                "{template}"
            );
        }
        assert_eq!(
            policy(&Method::POST, "/api/v1/offices"),
            (None, KeyAccess::Refused)
        );
    }

    #[test]
    fn holds_and_bookings_count_against_booking_and_need_bookings_write() {
        let book = (
            Some(Budget::Book),
            KeyAccess::Needs(ApiScope::BookingsWrite),
        );
        assert_eq!(policy(&Method::POST, "/api/v1/holds"), book);
        assert_eq!(policy(&Method::DELETE, "/api/v1/holds/{id}"), book);
        assert_eq!(policy(&Method::POST, "/api/v1/bookings"), book);
        assert_eq!(
            policy(&Method::POST, "/api/v1/bookings/{reference}/cancel"),
            book
        );
        assert_eq!(
            policy(
                &Method::POST,
                "/api/v1/bookings/{reference}/appointments/{id}/reschedule"
            ),
            book
        );
        assert_eq!(
            policy(&Method::GET, "/api/v1/challenge"),
            (Some(Budget::Book), KeyAccess::Open)
        );
    }

    #[test]
    fn staff_routes_refuse_keys_except_the_day_plan_for_staff_read() {
        assert_eq!(
            policy(
                &Method::GET,
                "/api/v1/admin/offices/{office_id}/appointments"
            ),
            (None, KeyAccess::Needs(ApiScope::StaffRead))
        );
        for (method, template) in [
            (Method::POST, "/api/v1/admin/offices/{office_id}/bookings"),
            (
                Method::GET,
                "/api/v1/admin/offices/{office_id}/appointments/search",
            ),
            (Method::GET, "/api/v1/admin/api-clients"),
            (Method::POST, "/api/v1/auth/login"),
        ] {
            assert_eq!(policy(&method, template), (None, KeyAccess::Refused));
        }
    }

    #[test]
    fn a_ticket_page_and_a_display_count_against_browsing_and_are_not_for_api_keys() {
        assert_eq!(
            policy(&Method::GET, "/api/v1/tickets/{token}"),
            (Some(Budget::Browse), KeyAccess::Refused)
        );
        assert_eq!(
            policy(&Method::GET, "/api/v1/offices/{office_id}/calls"),
            (Some(Budget::Browse), KeyAccess::Refused)
        );
        assert_eq!(
            policy(&Method::POST, "/api/v1/admin/offices/{office_id}/call-next"),
            (None, KeyAccess::Refused)
        );
    }

    #[test]
    fn health_docs_the_spa_and_unmatched_requests_are_open() {
        assert_eq!(
            policy(&Method::GET, "/health/live"),
            (None, KeyAccess::Open)
        );
        assert_eq!(
            of(&Method::POST, None),
            RoutePolicy {
                budget: None,
                api_key: KeyAccess::Open
            }
        );
    }
}
