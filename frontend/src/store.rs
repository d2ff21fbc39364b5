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
use shared::selection::ServiceQuantity;
use shared::services::Service;
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
        self.quantities.with(|quantities| {
            quantities
                .iter()
                .filter(|(_, quantity)| **quantity > 0)
                .map(|(service_id, quantity)| ServiceQuantity {
                    service_id: *service_id,
                    quantity: *quantity,
                })
                .collect()
        })
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
