//! The typed client of the staff API (`/api/v1/auth/…`, `/api/v1/admin/…`).
//!
//! Tokens live only in the HttpOnly cookies the server sets; the SPA never sees or stores them.
//! State-changing requests echo the readable `tv_csrf` cookie in `X-CSRF-Token`. A 401 is
//! answered by one refresh (which rotates the cookies) and one retry; when that fails too the
//! session is over and [`on_session_lost`] is told.

use crate::api::{ApiError, ApiResult, checked};
use chrono::NaiveDate;
use gloo_net::http::{Method, RequestBuilder, Response};
use serde::Serialize;
use serde::de::DeserializeOwned;
use shared::admin::{
    AdminClosure, AdminOffice, AdminOpeningRule, AdminService, AffectedAppointments, AuditPage,
    CapacityChange, ClosureSettings, DayCapacity, NewStaffAccount, OfferSettings, OfficeSettings,
    OfficeStatistics, OpeningRuleSettings, ServiceSettings, StaffAccountUpdate, StaffAppointment,
    StaffBookingRequest, StatisticsTable, StatusChange,
};
use shared::auth::{
    CSRF_COOKIE, CSRF_HEADER, LoginRequest, SessionTransport, StaffAccount, StaffSession,
};
use shared::bookings::Booking;
use shared::call_queue::{
    CallEntry, CallNext, Called, Finish, IssuedKiosk, IssuedTicket, Kiosk, NewKiosk, NewTicket,
    QueueItem, QueueOverview, QueueSettings, Redirect, Served,
};
use shared::challenge::PROOF_OF_WORK_HEADER;
use shared::faq::{AdminFaqEntry, FaqEntrySettings, FaqOrder};
use shared::ids::{AppointmentId, FaqEntryId, KioskId, OfficeId, QueueEntryId, ServiceId, StaffId};
use shared::locale::Locale;
use shared::waitlist::WaitlistOverview;
use std::cell::RefCell;

const BASE: &str = "/api/v1";

thread_local! {
    static SESSION_LOST: RefCell<Option<Box<dyn Fn()>>> = const { RefCell::new(None) };
}

/// Registers what happens when the session cannot be refreshed any more (the login page).
pub fn on_session_lost(callback: impl Fn() + 'static) {
    SESSION_LOST.with(|slot| *slot.borrow_mut() = Some(Box::new(callback)));
}

fn session_lost() {
    SESSION_LOST.with(|slot| {
        if let Some(callback) = slot.borrow().as_ref() {
            callback();
        }
    });
}

/// The value of the readable CSRF cookie, if any.
fn csrf_token() -> Option<String> {
    let document = leptos::prelude::document();
    let cookies = js_sys::Reflect::get(&document, &"cookie".into())
        .ok()?
        .as_string()?;
    cookies.split(';').find_map(|pair| {
        let (name, value) = pair.trim().split_once('=')?;
        (name == CSRF_COOKIE).then(|| value.to_string())
    })
}

/// One request, described so that it can be sent again after a refresh.
struct Call<'a> {
    method: Method,
    path: String,
    query: Vec<(&'a str, String)>,
    headers: Vec<(&'static str, String)>,
    body: Option<String>,
}

impl<'a> Call<'a> {
    fn new(method: Method, path: impl Into<String>) -> Self {
        Call {
            method,
            path: path.into(),
            query: Vec::new(),
            headers: Vec::new(),
            body: None,
        }
    }

    fn get(path: impl Into<String>) -> Self {
        Self::new(Method::GET, path)
    }

    fn query(mut self, name: &'a str, value: impl std::fmt::Display) -> Self {
        self.query.push((name, format!("{value}")));
        self
    }

    fn header(mut self, name: &'static str, value: String) -> Self {
        self.headers.push((name, value));
        self
    }

    fn json<B: Serialize>(mut self, body: &B) -> ApiResult<Self> {
        self.body = Some(serde_json::to_string(body).map_err(|_| error(0, "internal"))?);
        Ok(self)
    }

    fn builder(&self) -> RequestBuilder {
        let mut builder = RequestBuilder::new(&format!("{BASE}{}", self.path))
            .method(self.method.clone())
            .query(self.query.iter().map(|(k, v)| (*k, v.as_str())));
        if self.method != Method::GET
            && let Some(csrf) = csrf_token()
        {
            builder = builder.header(CSRF_HEADER, &csrf);
        }
        for (name, value) in &self.headers {
            builder = builder.header(name, value);
        }
        builder
    }

    async fn send_once(&self) -> ApiResult<Response> {
        let builder = self.builder();
        let sent = match &self.body {
            Some(body) => {
                builder
                    .header("Content-Type", "application/json")
                    .body(body.clone())
                    .map_err(|_| error(0, "internal"))?
                    .send()
                    .await
            }
            None => builder.send().await,
        };
        sent.map_err(|_| error(0, "network"))
    }

    /// Sends; after a 401 refreshes the session once and sends again.
    async fn send(&self) -> ApiResult<Response> {
        let response = self.send_once().await?;
        if response.status() != 401 {
            return checked(response).await;
        }
        if refresh().await {
            let response = self.send_once().await?;
            if response.status() != 401 {
                return checked(response).await;
            }
        }
        session_lost();
        checked(response).await
    }

    async fn decode<T: DeserializeOwned>(&self) -> ApiResult<T> {
        let response = self.send().await?;
        let status = response.status();
        response
            .json::<T>()
            .await
            .map_err(|_| error(status, "internal"))
    }
}

fn error(status: u16, code: &str) -> ApiError {
    ApiError {
        status,
        code: code.into(),
        errors: Vec::new(),
    }
}

/// `POST /auth/refresh` with the refresh cookie: true when the cookies were renewed.
async fn refresh() -> bool {
    match Call::new(Method::POST, "/auth/refresh").send_once().await {
        Ok(response) => response.ok(),
        Err(_) => false,
    }
}

/// `POST /auth/login`: the cookies are set by the server; only the account is kept. After
/// repeated failures for the account the server asks for a proof of work; it is solved and
/// the login sent once more.
pub async fn login(username: &str, password: &str) -> ApiResult<StaffAccount> {
    let mut call = Call::new(Method::POST, "/auth/login").json(&LoginRequest {
        username: username.into(),
        password: password.into(),
        transport: SessionTransport::Cookies,
    })?;
    let mut answer = checked(call.send_once().await?).await;
    if matches!(&answer, Err(error) if error.code == "pow_required") {
        if let Some(proof) = crate::api::proof_of_work().await? {
            call = call.header(PROOF_OF_WORK_HEADER, proof);
        }
        answer = checked(call.send_once().await?).await;
    }
    let response = answer?;
    let status = response.status();
    let session: StaffSession = response
        .json()
        .await
        .map_err(|_| error(status, "internal"))?;
    Ok(session.account)
}

/// `GET /auth/me`
pub async fn me() -> ApiResult<StaffAccount> {
    Call::get("/auth/me").decode().await
}

/// `POST /auth/logout`: ends the session and removes the cookies.
pub async fn logout() -> ApiResult<()> {
    checked(Call::new(Method::POST, "/auth/logout").send_once().await?)
        .await
        .map(|_| ())
}

/// `GET /admin/offices`: the offices this account sees.
pub async fn offices() -> ApiResult<Vec<AdminOffice>> {
    Call::get("/admin/offices").decode().await
}

/// `GET /admin/offices/{id}/appointments` for one day or `from..=to`.
pub async fn appointments(
    office: OfficeId,
    from: NaiveDate,
    to: NaiveDate,
    locale: Locale,
) -> ApiResult<Vec<StaffAppointment>> {
    let call = Call::get(format!("/admin/offices/{office}/appointments"));
    let call = if from == to {
        call.query("date", from)
    } else {
        call.query("from", from).query("to", to)
    };
    call.query("lang", locale.code()).decode().await
}

/// `GET /admin/offices/{id}/appointments/search?q=`
pub async fn search(
    office: OfficeId,
    query: &str,
    locale: Locale,
) -> ApiResult<Vec<StaffAppointment>> {
    Call::get(format!("/admin/offices/{office}/appointments/search"))
        .query("q", query)
        .query("lang", locale.code())
        .decode()
        .await
}

/// `GET /admin/offices/{id}/capacity` for `from..=to`.
pub async fn capacity(
    office: OfficeId,
    from: NaiveDate,
    to: NaiveDate,
) -> ApiResult<Vec<DayCapacity>> {
    Call::get(format!("/admin/offices/{office}/capacity"))
        .query("from", from)
        .query("to", to)
        .decode()
        .await
}

/// `POST /admin/appointments/{id}/status`
pub async fn change_status(
    appointment: AppointmentId,
    change: &StatusChange,
) -> ApiResult<StaffAppointment> {
    Call::new(
        Method::POST,
        format!("/admin/appointments/{appointment}/status"),
    )
    .json(change)?
    .decode()
    .await
}

/// `POST /admin/offices/{id}/bookings`: book on behalf of a citizen.
pub async fn book_on_behalf(office: OfficeId, request: &StaffBookingRequest) -> ApiResult<Booking> {
    Call::new(Method::POST, format!("/admin/offices/{office}/bookings"))
        .json(request)?
        .decode()
        .await
}

/// `POST /admin/offices` (administrators): a new office, without services or opening hours yet.
pub async fn create_office(settings: &OfficeSettings) -> ApiResult<AdminOffice> {
    Call::new(Method::POST, "/admin/offices")
        .json(settings)?
        .decode()
        .await
}

/// `PUT /admin/offices/{id}`
pub async fn update_office(office: OfficeId, settings: &OfficeSettings) -> ApiResult<AdminOffice> {
    Call::new(Method::PUT, format!("/admin/offices/{office}"))
        .json(settings)?
        .decode()
        .await
}

/// `GET /admin/services`: every service in both languages with its offers.
pub async fn services() -> ApiResult<Vec<AdminService>> {
    Call::get("/admin/services").decode().await
}

/// `POST /admin/services` (administrators): a new service, offered nowhere yet.
pub async fn create_service(settings: &ServiceSettings) -> ApiResult<AdminService> {
    Call::new(Method::POST, "/admin/services")
        .json(settings)?
        .decode()
        .await
}

/// `PUT /admin/services/{id}` (administrators).
pub async fn update_service(
    service: ServiceId,
    settings: &ServiceSettings,
) -> ApiResult<AdminService> {
    Call::new(Method::PUT, format!("/admin/services/{service}"))
        .json(settings)?
        .decode()
        .await
}

/// `PUT /admin/offices/{office}/services/{service}`: offer it there, taking `units`.
pub async fn set_offer(
    office: OfficeId,
    service: ServiceId,
    units: u32,
) -> ApiResult<AdminService> {
    Call::new(
        Method::PUT,
        format!("/admin/offices/{office}/services/{service}"),
    )
    .json(&OfferSettings { units })?
    .decode()
    .await
}

/// `DELETE /admin/offices/{office}/services/{service}`
pub async fn remove_offer(office: OfficeId, service: ServiceId) -> ApiResult<()> {
    Call::new(
        Method::DELETE,
        format!("/admin/offices/{office}/services/{service}"),
    )
    .send()
    .await
    .map(|_| ())
}

/// `GET /admin/offices/{id}/opening-rules`
pub async fn opening_rules(office: OfficeId) -> ApiResult<Vec<AdminOpeningRule>> {
    Call::get(format!("/admin/offices/{office}/opening-rules"))
        .decode()
        .await
}

/// `POST /admin/offices/{id}/opening-rules` (adds capacity, so no decision is needed).
pub async fn add_opening_rule(
    office: OfficeId,
    rule: &OpeningRuleSettings,
) -> ApiResult<AdminOpeningRule> {
    Call::new(
        Method::POST,
        format!("/admin/offices/{office}/opening-rules"),
    )
    .json(rule)?
    .decode()
    .await
}

/// How a capacity-removing change is sent: a preview, or saved with a decision (or none).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    DryRun,
    Save(Option<AffectedAppointments>),
}

impl Decision {
    fn apply(self, call: Call<'_>) -> Call<'_> {
        match self {
            Decision::DryRun => call.query("dry_run", true),
            Decision::Save(Some(AffectedAppointments::Cancel)) => call.query("affected", "cancel"),
            Decision::Save(Some(AffectedAppointments::Keep)) => call.query("affected", "keep"),
            Decision::Save(None) => call,
        }
    }
}

/// `DELETE /admin/offices/{id}/opening-rules/{rule}` with `dry_run` / `affected`.
pub async fn remove_opening_rule(
    office: OfficeId,
    rule: i64,
    decision: Decision,
) -> ApiResult<CapacityChange> {
    decision
        .apply(Call::new(
            Method::DELETE,
            format!("/admin/offices/{office}/opening-rules/{rule}"),
        ))
        .decode()
        .await
}

/// `GET /admin/offices/{id}/closures`
pub async fn closures(office: OfficeId) -> ApiResult<Vec<AdminClosure>> {
    Call::get(format!("/admin/offices/{office}/closures"))
        .decode()
        .await
}

/// `POST /admin/offices/{id}/closures` with `dry_run` / `affected`.
pub async fn add_closure(
    office: OfficeId,
    closure: &ClosureSettings,
    decision: Decision,
) -> ApiResult<CapacityChange> {
    decision
        .apply(Call::new(
            Method::POST,
            format!("/admin/offices/{office}/closures"),
        ))
        .json(closure)?
        .decode()
        .await
}

/// `DELETE /admin/offices/{id}/closures/{closure}`
pub async fn remove_closure(office: OfficeId, closure: i64) -> ApiResult<()> {
    Call::new(
        Method::DELETE,
        format!("/admin/offices/{office}/closures/{closure}"),
    )
    .send()
    .await
    .map(|_| ())
}

/// `GET /admin/staff` (administrators): every staff account.
pub async fn staff_accounts() -> ApiResult<Vec<StaffAccount>> {
    Call::get("/admin/staff").decode().await
}

/// `POST /admin/staff` (administrators)
pub async fn create_staff_account(account: &NewStaffAccount) -> ApiResult<StaffAccount> {
    Call::new(Method::POST, "/admin/staff")
        .json(account)?
        .decode()
        .await
}

/// `PUT /admin/staff/{id}` (administrators): role and offices.
pub async fn update_staff_account(
    id: StaffId,
    update: &StaffAccountUpdate,
) -> ApiResult<StaffAccount> {
    Call::new(Method::PUT, format!("/admin/staff/{id}"))
        .json(update)?
        .decode()
        .await
}

/// `POST /admin/staff/{id}/disable` (administrators)
pub async fn disable_staff_account(id: StaffId) -> ApiResult<StaffAccount> {
    Call::new(Method::POST, format!("/admin/staff/{id}/disable"))
        .decode()
        .await
}

/// `GET /admin/audit?page=&entity=`: one page of the audit log, newest first.
pub async fn audit(entity: Option<&str>, page: u32) -> ApiResult<AuditPage> {
    let mut call = Call::get("/admin/audit").query("page", page);
    if let Some(entity) = entity {
        call = call.query("entity", entity);
    }
    call.decode().await
}

/// `GET /admin/offices/{id}/statistics?from=&to=`
pub async fn statistics(
    office: OfficeId,
    from: NaiveDate,
    to: NaiveDate,
) -> ApiResult<OfficeStatistics> {
    Call::get(format!("/admin/offices/{office}/statistics"))
        .query("from", from)
        .query("to", to)
        .decode()
        .await
}

/// `GET /admin/offices/{id}/statistics.csv?table=`: the CSV text of one table (saved by the
/// page as a file).
pub async fn statistics_csv(
    office: OfficeId,
    from: NaiveDate,
    to: NaiveDate,
    table: StatisticsTable,
) -> ApiResult<String> {
    let response = Call::get(format!("/admin/offices/{office}/statistics.csv"))
        .query("from", from)
        .query("to", to)
        .query("table", table.code())
        .send()
        .await?;
    let status = response.status();
    response.text().await.map_err(|_| error(status, "internal"))
}

/// `GET /admin/faq` (managers and administrators): every help entry this account sees,
/// hidden ones too, in display order.
pub async fn faq_entries() -> ApiResult<Vec<AdminFaqEntry>> {
    Call::get("/admin/faq").decode().await
}

/// `POST /admin/faq`: a new help entry at the end.
pub async fn create_faq_entry(settings: &FaqEntrySettings) -> ApiResult<AdminFaqEntry> {
    Call::new(Method::POST, "/admin/faq")
        .json(settings)?
        .decode()
        .await
}

/// `PUT /admin/faq/{id}`
pub async fn update_faq_entry(
    id: FaqEntryId,
    settings: &FaqEntrySettings,
) -> ApiResult<AdminFaqEntry> {
    Call::new(Method::PUT, format!("/admin/faq/{id}"))
        .json(settings)?
        .decode()
        .await
}

/// `DELETE /admin/faq/{id}`
pub async fn delete_faq_entry(id: FaqEntryId) -> ApiResult<()> {
    Call::new(Method::DELETE, format!("/admin/faq/{id}"))
        .send()
        .await
        .map(|_| ())
}

/// `PUT /admin/faq/order`: the listed entries take their current positions in this order.
pub async fn reorder_faq(ids: Vec<FaqEntryId>) -> ApiResult<Vec<AdminFaqEntry>> {
    Call::new(Method::PUT, "/admin/faq/order")
        .json(&FaqOrder { ids })?
        .decode()
        .await
}

/// `POST /admin/offices/{id}/tickets`: a walk-in ticket at the front desk.
pub async fn issue_ticket(
    office: OfficeId,
    ticket: &NewTicket,
    idempotency_key: &str,
) -> ApiResult<IssuedTicket> {
    Call::new(Method::POST, format!("/admin/offices/{office}/tickets"))
        .header("Idempotency-Key", idempotency_key.to_owned())
        .json(ticket)?
        .decode()
        .await
}

/// `POST /admin/offices/{id}/call-next`: whom the clerk called, `None` when nobody waits.
pub async fn call_next(office: OfficeId, call: &CallNext) -> ApiResult<Option<Called>> {
    let response = Call::new(Method::POST, format!("/admin/offices/{office}/call-next"))
        .json(call)?
        .send()
        .await?;
    let status = response.status();
    if status == 204 {
        return Ok(None);
    }
    response
        .json::<Called>()
        .await
        .map(Some)
        .map_err(|_| error(status, "internal"))
}

/// `POST /admin/offices/{id}/queue/{entry}/recall`: the same citizen called once more.
pub async fn recall(office: OfficeId, entry: QueueEntryId) -> ApiResult<Called> {
    Call::new(
        Method::POST,
        format!("/admin/offices/{office}/queue/{entry}/recall"),
    )
    .decode()
    .await
}

/// `POST /admin/offices/{id}/queue/{entry}/no-show`
pub async fn no_show(office: OfficeId, entry: QueueEntryId) -> ApiResult<()> {
    Call::new(
        Method::POST,
        format!("/admin/offices/{office}/queue/{entry}/no-show"),
    )
    .send()
    .await
    .map(|_| ())
}

/// `POST /admin/offices/{id}/queue/{entry}/finish`, with the services performed.
pub async fn finish_call(
    office: OfficeId,
    entry: QueueEntryId,
    finish: &Finish,
) -> ApiResult<Served> {
    Call::new(
        Method::POST,
        format!("/admin/offices/{office}/queue/{entry}/finish"),
    )
    .json(finish)?
    .decode()
    .await
}

/// `GET /admin/offices/{id}/queue`: today's queue.
pub async fn queue(office: OfficeId) -> ApiResult<QueueOverview> {
    Call::get(format!("/admin/offices/{office}/queue"))
        .decode()
        .await
}

/// `POST /admin/offices/{id}/queue/{entry}/call`: this waiting or parked citizen to `counter`.
pub async fn call_entry(
    office: OfficeId,
    entry: QueueEntryId,
    call: &CallEntry,
) -> ApiResult<Called> {
    Call::new(
        Method::POST,
        format!("/admin/offices/{office}/queue/{entry}/call"),
    )
    .json(call)?
    .decode()
    .await
}

/// `POST /admin/offices/{id}/queue/{entry}/park`
pub async fn park(office: OfficeId, entry: QueueEntryId) -> ApiResult<()> {
    Call::new(
        Method::POST,
        format!("/admin/offices/{office}/queue/{entry}/park"),
    )
    .send()
    .await
    .map(|_| ())
}

/// `POST /admin/offices/{id}/queue/{entry}/redirect`
pub async fn redirect(
    office: OfficeId,
    entry: QueueEntryId,
    redirect: &Redirect,
) -> ApiResult<QueueItem> {
    Call::new(
        Method::POST,
        format!("/admin/offices/{office}/queue/{entry}/redirect"),
    )
    .json(redirect)?
    .decode()
    .await
}

/// `GET /admin/offices/{id}/queue-settings`
pub async fn queue_settings(office: OfficeId) -> ApiResult<QueueSettings> {
    Call::get(format!("/admin/offices/{office}/queue-settings"))
        .decode()
        .await
}

/// `PUT /admin/offices/{id}/queue-settings`
pub async fn set_queue_settings(
    office: OfficeId,
    settings: &QueueSettings,
) -> ApiResult<QueueSettings> {
    Call::new(
        Method::PUT,
        format!("/admin/offices/{office}/queue-settings"),
    )
    .json(settings)?
    .decode()
    .await
}

/// `GET /admin/offices/{id}/kiosks`
pub async fn kiosks(office: OfficeId) -> ApiResult<Vec<Kiosk>> {
    Call::get(format!("/admin/offices/{office}/kiosks"))
        .decode()
        .await
}

/// `POST /admin/offices/{id}/kiosks`: the answer's token is shown only now.
pub async fn issue_kiosk(office: OfficeId, kiosk: &NewKiosk) -> ApiResult<IssuedKiosk> {
    Call::new(Method::POST, format!("/admin/offices/{office}/kiosks"))
        .json(kiosk)?
        .decode()
        .await
}

/// `DELETE /admin/offices/{id}/kiosks/{kiosk}`
pub async fn revoke_kiosk(office: OfficeId, kiosk: KioskId) -> ApiResult<()> {
    Call::new(
        Method::DELETE,
        format!("/admin/offices/{office}/kiosks/{kiosk}"),
    )
    .send()
    .await
    .map(|_| ())
}

/// `GET /admin/offices/{id}/waitlist?lang=`: who waits for which service at the office, and
/// how its offers went.
pub async fn waitlist(office: OfficeId, locale: Locale) -> ApiResult<WaitlistOverview> {
    Call::get(format!("/admin/offices/{office}/waitlist"))
        .query("lang", locale.code())
        .decode()
        .await
}
