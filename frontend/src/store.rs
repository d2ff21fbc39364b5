//! State that outlives a single page: the catalogue of offices and services, the booking
//! journey (so nothing typed is lost when going back and forth), and the tokens of email links
//! (memory only).

use crate::api::{self, ApiResult};
use crate::i18n::Locale;
use chrono::NaiveDate;
use leptos::prelude::*;
use shared::bookings::{Booking, Citizen, Hold};
use shared::ids::{OfficeId, ServiceId};
use shared::offices::Office;
use shared::release::ReleaseEntryId;
use shared::selection::ServiceQuantity;
use shared::services::Service;
use shared::waitlist::{WaitlistEntryId, WaitlistOfferId};
use std::collections::{BTreeMap, HashMap};

/// Offices and services in the current language, loaded once and shared by every page.
#[derive(Clone, Copy)]
pub struct Catalog {
    pub offices: LocalResource<ApiResult<Vec<Office>>>,
    pub services: LocalResource<ApiResult<Vec<Service>>>,
}

impl std::fmt::Debug for Catalog {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Catalog").finish_non_exhaustive()
    }
}

impl Catalog {
    pub fn new(locale: RwSignal<Locale>) -> Self {
        Catalog {
            offices: LocalResource::new(move || api::offices(locale.get())),
            services: LocalResource::new(move || api::services(locale.get())),
        }
    }

    pub fn office(&self, id: OfficeId) -> Option<Office> {
        self.offices
            .get()?
            .ok()?
            .into_iter()
            .find(|office| office.id == id)
    }

    /// The services `office` offers (online or only at the counter), in catalogue order.
    pub fn services_at(&self, office: OfficeId) -> Vec<Service> {
        self.services
            .get()
            .and_then(Result::ok)
            .unwrap_or_default()
            .into_iter()
            .filter(|service| service.offices.contains(&office))
            .collect()
    }

    pub fn service(&self, id: ServiceId) -> Option<Service> {
        self.services
            .get()?
            .ok()?
            .into_iter()
            .find(|service| service.id == id)
    }
}

impl Catalog {
    /// The offices where citizens can wait for all of `selection` (see [`waitlist_offices`]).
    pub fn waitlist_offices(&self, selection: &[ServiceQuantity]) -> Vec<Office> {
        waitlist_offices(&self.loaded_offices(), &self.loaded_services(), selection)
    }

    /// The services citizens can wait for somewhere (see [`waitlist_services`]).
    pub fn waitlist_services(&self) -> Vec<Service> {
        waitlist_services(&self.loaded_offices(), &self.loaded_services())
    }

    /// Whether offices and services are both there (reactive).
    pub fn is_loaded(&self) -> bool {
        self.offices.with(|offices| matches!(offices, Some(Ok(_))))
            && self
                .services
                .with(|services| matches!(services, Some(Ok(_))))
    }

    fn loaded_offices(&self) -> Vec<Office> {
        self.offices.get().and_then(Result::ok).unwrap_or_default()
    }

    fn loaded_services(&self) -> Vec<Service> {
        self.services.get().and_then(Result::ok).unwrap_or_default()
    }
}

/// Whether the office keeps a waitlist: its offers are kept for some minutes (0: none).
pub fn keeps_waitlist(office: &Office) -> bool {
    office.booking_rules.waitlist_offer_minutes > 0
}

/// Whether citizens may wait for the service (where an office keeps a waitlist).
fn takes_waiters(service: &Service) -> bool {
    service.waitlist && service.online_bookable
}

/// The offices where citizens can wait for all of `selection`: every chosen service takes
/// waiters, and the office keeps a waitlist and offers every one of them. None for an empty
/// selection or one naming an unknown service.
pub fn waitlist_offices(
    offices: &[Office],
    services: &[Service],
    selection: &[ServiceQuantity],
) -> Vec<Office> {
    let chosen: Option<Vec<&Service>> = selection
        .iter()
        .map(|item| services.iter().find(|s| s.id == item.service_id))
        .collect();
    let Some(chosen) = chosen.filter(|chosen| !chosen.is_empty()) else {
        return Vec::new();
    };
    if !chosen.iter().all(|service| takes_waiters(service)) {
        return Vec::new();
    }
    offices
        .iter()
        .filter(|office| {
            keeps_waitlist(office) && chosen.iter().all(|s| s.offices.contains(&office.id))
        })
        .cloned()
        .collect()
}

/// The services citizens can wait for somewhere: they take waiters and an office that keeps
/// a waitlist offers them.
pub fn waitlist_services(offices: &[Office], services: &[Service]) -> Vec<Service> {
    services
        .iter()
        .filter(|service| {
            takes_waiters(service)
                && offices
                    .iter()
                    .any(|office| keeps_waitlist(office) && service.offices.contains(&office.id))
        })
        .cloned()
        .collect()
}

pub fn use_catalog() -> Catalog {
    expect_context::<Catalog>()
}

/// The steps of the booking journey, in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    Services,
    Time,
    Appointments,
    Details,
    Done,
}

impl Step {
    pub const ALL: [Step; 5] = [
        Step::Services,
        Step::Time,
        Step::Appointments,
        Step::Details,
        Step::Done,
    ];

    pub fn number(self) -> usize {
        Step::ALL.iter().position(|s| *s == self).unwrap_or(0) + 1
    }
}

/// One appointment whose time is held for the citizen while they finish the booking.
#[derive(Debug, Clone, PartialEq)]
pub struct HeldAppointment {
    pub office_id: OfficeId,
    pub services: Vec<ServiceQuantity>,
    pub hold: Hold,
}

/// Everything the citizen has chosen and typed in the booking journey.
#[derive(Debug, Clone, Copy)]
pub struct BookingStore {
    pub step: RwSignal<Step>,
    /// The office of the appointment being put together.
    pub office: RwSignal<Option<OfficeId>>,
    /// The services (with quantities) of the appointment being put together.
    pub quantities: RwSignal<BTreeMap<ServiceId, u32>>,
    /// The day shown in the time step.
    pub day: RwSignal<Option<NaiveDate>>,
    /// Appointments with a held time, in the order they were chosen.
    pub appointments: RwSignal<Vec<HeldAppointment>>,
    /// When picking a time replaces an appointment (expired hold, taken slot), its index.
    pub replacing: RwSignal<Option<usize>>,
    /// Who is coming (also what the waitlist form starts with).
    pub citizen: CitizenInput,
    /// Generated once per checkout; cleared when the appointments change.
    pub idempotency_key: RwSignal<Option<String>>,
    /// The booking made, for the done page (holds the manage token, memory only).
    pub booking: RwSignal<Option<Booking>>,
}

impl BookingStore {
    pub fn new() -> Self {
        let store = BookingStore {
            step: RwSignal::new(Step::Services),
            office: RwSignal::new(None),
            quantities: RwSignal::new(BTreeMap::new()),
            day: RwSignal::new(None),
            appointments: RwSignal::new(Vec::new()),
            replacing: RwSignal::new(None),
            citizen: CitizenInput::new(),
            idempotency_key: RwSignal::new(None),
            booking: RwSignal::new(None),
        };
        // A different set of appointments is a different checkout.
        Effect::new(move |previous: Option<Vec<String>>| {
            let keys: Vec<String> = store
                .appointments
                .with(|list| list.iter().map(|a| a.hold.id.to_string()).collect());
            if previous.is_some_and(|previous| previous != keys) {
                store.idempotency_key.set(None);
            }
            keys
        });
        store
    }

    /// The services of the appointment being put together.
    pub fn selection(&self) -> Vec<ServiceQuantity> {
        self.quantities.with(selection_of)
    }

    /// The idempotency key of this checkout, creating it on first use.
    pub fn checkout_key(&self) -> String {
        if let Some(key) = self.idempotency_key.get_untracked() {
            return key;
        }
        let key = random_key();
        self.idempotency_key.set(Some(key.clone()));
        key
    }

    /// Forget the finished booking's choices (the citizen's details stay for convenience).
    pub fn start_over(&self) {
        self.quantities.set(BTreeMap::new());
        self.day.set(None);
        self.appointments.set(Vec::new());
        self.replacing.set(None);
        self.citizen.consent.set(false);
        self.idempotency_key.set(None);
        self.booking.set(None);
        self.step.set(Step::Services);
    }
}

impl Default for BookingStore {
    fn default() -> Self {
        Self::new()
    }
}

pub fn use_booking_store() -> BookingStore {
    expect_context::<BookingStore>()
}

/// The chosen services (quantity above 0) of a form's quantities, in id order.
pub fn selection_of(quantities: &BTreeMap<ServiceId, u32>) -> Vec<ServiceQuantity> {
    quantities
        .iter()
        .filter(|(_, quantity)| **quantity > 0)
        .map(|(service_id, quantity)| ServiceQuantity {
            service_id: *service_id,
            quantity: *quantity,
        })
        .collect()
}

/// 128 random bits as hex, from the browser's CSPRNG.
pub(crate) fn random_key() -> String {
    let mut bytes = [0u8; 16];
    if let Ok(crypto) = window().crypto() {
        let _ = crypto.get_random_values_with_u8_array(&mut bytes);
    }
    if bytes.iter().all(|b| *b == 0) {
        // No crypto (very old browser): still unique enough for an idempotency key.
        let now = js_sys::Date::now().to_bits().to_le_bytes();
        let random = js_sys::Math::random().to_bits().to_le_bytes();
        bytes[..8].copy_from_slice(&now);
        bytes[8..].copy_from_slice(&random);
    }
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// What the citizen types about themselves: name, email twice, phone, consent.
#[derive(Debug, Clone, Copy)]
pub struct CitizenInput {
    pub name: RwSignal<String>,
    pub email: RwSignal<String>,
    pub email_repeat: RwSignal<String>,
    pub phone: RwSignal<String>,
    pub consent: RwSignal<bool>,
}

impl CitizenInput {
    pub fn new() -> Self {
        CitizenInput {
            name: RwSignal::new(String::new()),
            email: RwSignal::new(String::new()),
            email_repeat: RwSignal::new(String::new()),
            phone: RwSignal::new(String::new()),
            consent: RwSignal::new(false),
        }
    }

    /// The details as the API takes them: trimmed, no phone when none was typed.
    pub fn citizen(&self) -> Citizen {
        let phone = self.phone.get_untracked().trim().to_string();
        Citizen {
            name: self.name.get_untracked().trim().to_string(),
            email: self.email.get_untracked().trim().to_string(),
            phone: (!phone.is_empty()).then_some(phone),
        }
    }
}

impl Default for CitizenInput {
    fn default() -> Self {
        Self::new()
    }
}

/// What the token of an email link opens.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum TokenFor {
    /// A booking, by its reference (the manage token).
    Booking(String),
    WaitlistEntry(WaitlistEntryId),
    WaitlistOffer(WaitlistOfferId),
    ReleaseEntry(ReleaseEntryId),
}

/// The tokens of email links by what they open. Kept in memory only, never in storage.
#[derive(Debug, Clone, Copy)]
pub struct LinkTokens(RwSignal<HashMap<TokenFor, String>>);

impl LinkTokens {
    pub fn new() -> Self {
        LinkTokens(RwSignal::new(HashMap::new()))
    }

    /// The token for `what` (reactive).
    pub fn get(&self, what: &TokenFor) -> Option<String> {
        self.0.with(|tokens| tokens.get(what).cloned())
    }

    pub fn insert(&self, what: TokenFor, token: String) {
        self.0.update(|tokens| {
            tokens.insert(what, token);
        });
    }
}

impl Default for LinkTokens {
    fn default() -> Self {
        Self::new()
    }
}

pub fn use_link_tokens() -> LinkTokens {
    expect_context::<LinkTokens>()
}

#[cfg(test)]
mod tests {
    use super::*;
    use shared::offices::{BookingRules, default_waitlist_offer_minutes};

    fn office(id: i64, offer_minutes: u32) -> Office {
        Office {
            id: OfficeId(id),
            name: format!("Office {id}"),
            address: String::new(),
            time_zone: "Europe/Berlin".into(),
            phone: String::new(),
            email: String::new(),
            notice: String::new(),
            opening_hours: Vec::new(),
            booking_rules: BookingRules {
                horizon_days: 90,
                min_notice_minutes: 60,
                hold_minutes: 10,
                max_open_appointments_per_email: 3,
                activation_required: true,
                activation_deadline_minutes: 30,
                cancellation_cooldown_minutes: 0,
                waitlist_offer_minutes: offer_minutes,
                release_window_minutes: 0,
                daily_release_time: None,
            },
        }
    }

    fn service(id: i64, waitlist: bool, offices: &[i64]) -> Service {
        Service {
            id: ServiceId(id),
            name: format!("Service {id}"),
            description: String::new(),
            documents: Vec::new(),
            fees: String::new(),
            max_quantity: 1,
            online_bookable: true,
            waitlist,
            offices: offices.iter().copied().map(OfficeId).collect(),
            durations: Vec::new(),
        }
    }

    fn one_of(ids: &[i64]) -> Vec<ServiceQuantity> {
        ids.iter()
            .map(|id| ServiceQuantity {
                service_id: ServiceId(*id),
                quantity: 1,
            })
            .collect()
    }

    fn ids(offices: &[Office]) -> Vec<i64> {
        offices.iter().map(|office| office.id.0).collect()
    }

    #[test]
    fn citizens_wait_only_at_offices_that_keep_a_waitlist_and_offer_every_chosen_service() {
        let offices = [
            office(1, default_waitlist_offer_minutes()),
            office(2, 0),
            office(3, 60),
        ];
        let services = [service(10, true, &[1, 2, 3]), service(11, true, &[1, 2])];
        assert_eq!(
            ids(&waitlist_offices(&offices, &services, &one_of(&[10]))),
            [1, 3]
        );
        assert_eq!(
            ids(&waitlist_offices(&offices, &services, &one_of(&[10, 11]))),
            [1]
        );
    }

    #[test]
    fn a_service_without_waitlist_an_unknown_one_or_none_leaves_no_office_to_wait_at() {
        let offices = [office(1, 30)];
        let services = [service(10, true, &[1]), service(12, false, &[1])];
        assert!(waitlist_offices(&offices, &services, &one_of(&[10, 12])).is_empty());
        assert!(waitlist_offices(&offices, &services, &one_of(&[99])).is_empty());
        assert!(waitlist_offices(&offices, &services, &[]).is_empty());
    }

    #[test]
    fn the_services_to_wait_for_take_waiters_at_some_office_with_a_waitlist() {
        let offices = [office(1, 30), office(2, 0)];
        let mut not_online = service(13, true, &[1]);
        not_online.online_bookable = false;
        let services = [
            service(10, true, &[1]),
            service(11, true, &[2]),
            service(12, false, &[1]),
            not_online,
        ];
        let waitable: Vec<i64> = waitlist_services(&offices, &services)
            .iter()
            .map(|service| service.id.0)
            .collect();
        assert_eq!(waitable, [10]);
    }
}
