//! A typed client of the Terminvergabe API. Every method speaks the `shared` wire types, and
//! every error response is decoded into the API's problem document.

use chrono::NaiveDate;
use reqwest::{Method, RequestBuilder, StatusCode};
use serde::de::DeserializeOwned;
use shared::admin::{
    AdminClosure, AdminOffice, AdminOpeningRule, AdminService, AffectedAppointments, AuditPage,
    CapacityChange, ClosureSettings, DayCapacity, NewStaffAccount, OfferSettings, OfficeSettings,
    OfficeStatistics, OpeningRuleSettings, ServiceSettings, StaffAccountUpdate, StaffAppointment,
    StaffBookingRequest, StatisticsTable, StatusChange,
};
use shared::auth::{
    ChangePassword, LoginRequest, RefreshRequest, SessionTransport, StaffAccount, StaffSession,
};
use shared::availability::{
    DayAvailability, FreeTime, NEXT_BOOKABLE_DATE_HEADER, NextFree, PREVIOUS_BOOKABLE_DATE_HEADER,
};
use shared::bookings::{
    Booking, CancelRequest, CreateBooking, CreateHold, Hold, RescheduleRequest,
};
use shared::call_queue::{
    CallEntry, CallNext, Called, Finish, IssuedKiosk, IssuedTicket, KIOSK_TOKEN_HEADER, Kiosk,
    KioskSession, NewKiosk, NewTicket, QueueItem, QueueOverview, QueueSettings, Redirect, Served,
    TicketStatus, WalkIns,
};
use shared::challenge::{Challenge, PROOF_OF_WORK_HEADER, solve};
use shared::faq::{AdminFaqEntry, FaqEntry, FaqEntrySettings, FaqOrder};
use shared::ids::{
    ApiClientId, AppointmentId, FaqEntryId, HoldId, KioskId, OfficeId, QueueEntryId, ServiceId,
    StaffId,
};
use shared::locale::Locale;
use shared::offices::Office;
use shared::portal::{
    API_KEY_HEADER, ApiClient, ApiClientUpdate, ApiClientWithSecrets, NewApiClient,
};
use shared::problem::Problem;
use shared::release::{EnterRelease, ReleaseEntered, ReleaseEntry, ReleaseEntryId, ReleaseRound};
use shared::selection::{ServiceQuantity, ServiceSelection};
use shared::services::Service;
use shared::waitlist::{
    JoinWaitlist, WaitlistEntry, WaitlistEntryId, WaitlistJoined, WaitlistOffer, WaitlistOfferId,
    WaitlistOverview,
};

#[derive(Debug, thiserror::Error)]
pub enum ClientError {
    /// The API answered with an error (problem+json).
    #[error("HTTP {status}: {} ({})", problem.code, problem.detail.as_deref().unwrap_or(""))]
    Problem {
        status: StatusCode,
        problem: Box<Problem>,
    },
    /// The request did not get an answer, or the answer was not what the API documents.
    #[error(transparent)]
    Transport(#[from] reqwest::Error),
    #[error("unexpected response: {0}")]
    Unexpected(String),
}

impl ClientError {
    /// The problem's stable code, if the API answered with one.
    pub fn code(&self) -> Option<&str> {
        match self {
            ClientError::Problem { problem, .. } => Some(&problem.code),
            _ => None,
        }
    }

    pub fn status(&self) -> Option<StatusCode> {
        match self {
            ClientError::Problem { status, .. } => Some(*status),
            _ => None,
        }
    }
}

pub type Result<T, E = ClientError> = std::result::Result<T, E>;

/// Free days plus the nearest bookable dates outside the asked range.
#[derive(Debug, Clone)]
pub struct Days {
    pub days: Vec<DayAvailability>,
    pub next_bookable: Option<NaiveDate>,
    pub previous_bookable: Option<NaiveDate>,
}

/// A booking request's response: the booking and whether it was a replay of an earlier one.
#[derive(Debug, Clone)]
pub struct Booked {
    pub booking: Booking,
    pub status: StatusCode,
    pub replayed: bool,
}

#[derive(Debug, Clone)]
pub struct Client {
    http: reqwest::Client,
    base: String,
    locale: Option<Locale>,
    solve_challenges: bool,
    /// The staff access token after [`Client::login`], sent as bearer on staff requests.
    staff_token: Option<String>,
    /// A portal's API key, sent as `X-Api-Key` on every request.
    api_key: Option<String>,
}

/// A created resource and whether the answer was a replay of an earlier request with the same
/// `Idempotency-Key`.
#[derive(Debug, Clone)]
pub struct Created<T> {
    pub value: T,
    pub status: StatusCode,
    pub replayed: bool,
}

/// How a change that may take capacity from booked appointments is sent.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct CapacityOptions {
    /// Only preview the affected appointments.
    pub dry_run: bool,
    /// What to do with affected appointments.
    pub affected: Option<AffectedAppointments>,
}

impl CapacityOptions {
    fn query(self) -> Vec<(&'static str, String)> {
        let mut query = Vec::new();
        if self.dry_run {
            query.push(("dry_run", "true".to_owned()));
        }
        match self.affected {
            Some(AffectedAppointments::Cancel) => query.push(("affected", "cancel".to_owned())),
            Some(AffectedAppointments::Keep) => query.push(("affected", "keep".to_owned())),
            None => {}
        }
        query
    }
}

impl Client {
    /// `base` is the server's root URL, e.g. `http://127.0.0.1:8080`.
    pub fn new(base: impl Into<String>) -> Self {
        Client {
            http: reqwest::Client::new(),
            base: base.into().trim_end_matches('/').to_owned(),
            locale: None,
            solve_challenges: false,
            staff_token: None,
            api_key: None,
        }
    }

    /// The same client, authenticated as a portal with its API key (`X-Api-Key`). Portals need
    /// no proof of work; their own quota applies.
    pub fn with_api_key(mut self, key: impl Into<String>) -> Self {
        self.api_key = Some(key.into());
        self
    }

    /// The API key this client sends, if any.
    pub fn api_key(&self) -> Option<&str> {
        self.api_key.as_deref()
    }

    /// The same client, solving the server's proof-of-work challenge before each hold and
    /// booking (what the SPA does; portals with API keys do not need it).
    pub fn solving_challenges(mut self) -> Self {
        self.solve_challenges = true;
        self
    }

    pub async fn challenge(&self) -> Result<Challenge> {
        fetch(self.request(Method::GET, "/api/v1/challenge")).await
    }

    /// Adds a solved challenge to a hold or booking request, if this client solves them.
    async fn with_proof(&self, builder: RequestBuilder) -> Result<RequestBuilder> {
        if !self.solve_challenges {
            return Ok(builder);
        }
        let challenge = self.challenge().await?;
        let nonce = solve(&challenge.token, challenge.difficulty);
        Ok(builder.header(PROOF_OF_WORK_HEADER, format!("{}:{nonce}", challenge.token)))
    }

    /// The same client, asking for texts in `locale`.
    pub fn with_locale(mut self, locale: Locale) -> Self {
        self.locale = Some(locale);
        self
    }

    pub fn base_url(&self) -> &str {
        &self.base
    }

    fn request(&self, method: Method, path: &str) -> RequestBuilder {
        let mut builder = self.http.request(method, format!("{}{path}", self.base));
        if let Some(key) = &self.api_key {
            builder = builder.header(API_KEY_HEADER, key);
        }
        match self.locale {
            Some(locale) => builder.header(reqwest::header::ACCEPT_LANGUAGE, locale.code()),
            None => builder,
        }
    }

    pub async fn offices(&self) -> Result<Vec<Office>> {
        fetch(self.request(Method::GET, "/api/v1/offices")).await
    }

    pub async fn services(&self) -> Result<Vec<Service>> {
        fetch(self.request(Method::GET, "/api/v1/services")).await
    }

    /// `GET /api/v1/faq`: the visible help entries in `locale`, for every office plus `office`.
    pub async fn faq(&self, locale: Locale, office: Option<OfficeId>) -> Result<Vec<FaqEntry>> {
        let mut query = vec![("lang", locale.code().to_owned())];
        if let Some(office) = office {
            query.push(("office_id", office.to_string()));
        }
        fetch(self.request(Method::GET, "/api/v1/faq").query(&query)).await
    }

    pub async fn days(
        &self,
        office_ids: &[OfficeId],
        services: &[ServiceQuantity],
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<Days> {
        let offices: Vec<_> = office_ids.iter().map(ToString::to_string).collect();
        let response = self
            .request(Method::GET, "/api/v1/availability/days")
            .query(&[
                ("office_id", offices.join(",")),
                ("services", selection(services)),
                ("from", from.to_string()),
                ("to", to.to_string()),
            ])
            .send()
            .await?;
        let header_date = |name: &str| {
            response
                .headers()
                .get(name)
                .and_then(|value| value.to_str().ok())
                .and_then(|value| value.parse().ok())
        };
        let next_bookable = header_date(NEXT_BOOKABLE_DATE_HEADER);
        let previous_bookable = header_date(PREVIOUS_BOOKABLE_DATE_HEADER);
        Ok(Days {
            days: decode(response).await?,
            next_bookable,
            previous_bookable,
        })
    }

    pub async fn times(
        &self,
        office_id: OfficeId,
        services: &[ServiceQuantity],
        date: NaiveDate,
    ) -> Result<Vec<FreeTime>> {
        fetch(
            self.request(Method::GET, "/api/v1/availability/times")
                .query(&[
                    ("office_id", office_id.to_string()),
                    ("services", selection(services)),
                    ("date", date.to_string()),
                ]),
        )
        .await
    }

    pub async fn next_free(
        &self,
        services: &[ServiceQuantity],
        office_ids: Option<&[OfficeId]>,
    ) -> Result<Vec<NextFree>> {
        let mut query = vec![("services", selection(services))];
        if let Some(ids) = office_ids {
            let ids: Vec<_> = ids.iter().map(ToString::to_string).collect();
            query.push(("office_id", ids.join(",")));
        }
        fetch(
            self.request(Method::GET, "/api/v1/availability/next")
                .query(&query),
        )
        .await
    }

    pub async fn hold(&self, request: &CreateHold) -> Result<Hold> {
        fetch(self.request(Method::POST, "/api/v1/holds").json(request)).await
    }

    /// Holds a time; with `idempotency_key`, a retry returns the first hold.
    pub async fn hold_with_key(
        &self,
        request: &CreateHold,
        idempotency_key: &str,
    ) -> Result<Created<Hold>> {
        let builder = self
            .with_proof(self.request(Method::POST, "/api/v1/holds").json(request))
            .await?
            .header("Idempotency-Key", idempotency_key);
        created(builder.send().await?).await
    }

    pub async fn release_hold(&self, id: HoldId) -> Result<()> {
        let response = self
            .request(Method::DELETE, &format!("/api/v1/holds/{id}"))
            .send()
            .await?;
        expect_empty(response).await
    }

    /// Books; with `idempotency_key`, a retry returns the first response.
    pub async fn book(
        &self,
        request: &CreateBooking,
        idempotency_key: Option<&str>,
    ) -> Result<Booked> {
        let mut builder = self
            .with_proof(self.request(Method::POST, "/api/v1/bookings").json(request))
            .await?;
        if let Some(key) = idempotency_key {
            builder = builder.header("Idempotency-Key", key);
        }
        let response = builder.send().await?;
        let status = response.status();
        let replayed = response.headers().contains_key("Idempotent-Replayed");
        Ok(Booked {
            booking: decode(response).await?,
            status,
            replayed,
        })
    }

    pub async fn booking(&self, reference: &str, manage_token: &str) -> Result<Booking> {
        fetch(
            self.request(Method::GET, &format!("/api/v1/bookings/{reference}"))
                .bearer_auth(manage_token),
        )
        .await
    }

    pub async fn cancel(
        &self,
        reference: &str,
        manage_token: &str,
        appointment_ids: Option<Vec<AppointmentId>>,
    ) -> Result<Booking> {
        fetch(
            self.request(
                Method::POST,
                &format!("/api/v1/bookings/{reference}/cancel"),
            )
            .bearer_auth(manage_token)
            .json(&CancelRequest { appointment_ids }),
        )
        .await
    }

    pub async fn reschedule(
        &self,
        reference: &str,
        manage_token: &str,
        appointment_id: AppointmentId,
        request: &RescheduleRequest,
    ) -> Result<Booking> {
        fetch(
            self.request(
                Method::POST,
                &format!("/api/v1/bookings/{reference}/appointments/{appointment_id}/reschedule"),
            )
            .bearer_auth(manage_token)
            .json(request),
        )
        .await
    }

    /// The booking's calendar file (text/calendar).
    pub async fn calendar(&self, reference: &str, manage_token: &str) -> Result<String> {
        let response = self
            .request(
                Method::GET,
                &format!("/api/v1/bookings/{reference}/calendar.ics"),
            )
            .bearer_auth(manage_token)
            .send()
            .await?;
        if response.status().is_success() {
            Ok(response.text().await?)
        } else {
            Err(problem(response).await)
        }
    }

    pub async fn activate(&self, reference: &str, activation_token: &str) -> Result<Booking> {
        fetch(
            self.request(
                Method::POST,
                &format!("/api/v1/bookings/{reference}/activate"),
            )
            .bearer_auth(activation_token),
        )
        .await
    }

    // ---- waitlist ------------------------------------------------------------------------

    /// Joins the waitlist (with a proof of work); the token comes by email.
    pub async fn join_waitlist(&self, request: &JoinWaitlist) -> Result<WaitlistJoined> {
        let builder = self
            .with_proof(self.request(Method::POST, "/api/v1/waitlist").json(request))
            .await?;
        decode(builder.send().await?).await
    }

    /// Waits for an earlier time of one appointment (201; the entry's link comes by email).
    pub async fn ask_for_earlier(
        &self,
        reference: &str,
        appointment: AppointmentId,
        manage_token: &str,
    ) -> Result<WaitlistEntry> {
        let path = format!(
            "/api/v1/bookings/{reference}/appointments/{}/earlier",
            appointment.0
        );
        let response = self
            .request(Method::POST, &path)
            .bearer_auth(manage_token)
            .send()
            .await?;
        Ok(created(response).await?.value)
    }

    pub async fn waitlist_entry(&self, id: WaitlistEntryId, token: &str) -> Result<WaitlistEntry> {
        fetch(
            self.request(Method::GET, &format!("/api/v1/waitlist/{id}"))
                .bearer_auth(token),
        )
        .await
    }

    pub async fn confirm_waitlist(
        &self,
        id: WaitlistEntryId,
        token: &str,
    ) -> Result<WaitlistEntry> {
        fetch(
            self.request(Method::POST, &format!("/api/v1/waitlist/{id}/confirm"))
                .bearer_auth(token),
        )
        .await
    }

    pub async fn leave_waitlist(&self, id: WaitlistEntryId, token: &str) -> Result<()> {
        let response = self
            .request(Method::DELETE, &format!("/api/v1/waitlist/{id}"))
            .bearer_auth(token)
            .send()
            .await?;
        expect_empty(response).await
    }

    pub async fn waitlist_offer(&self, id: WaitlistOfferId, token: &str) -> Result<WaitlistOffer> {
        fetch(
            self.request(Method::GET, &format!("/api/v1/waitlist/offers/{id}"))
                .bearer_auth(token),
        )
        .await
    }

    /// Books the offered appointment (201 with the manage token).
    pub async fn accept_offer(&self, id: WaitlistOfferId, token: &str) -> Result<Created<Booking>> {
        let response = self
            .request(
                Method::POST,
                &format!("/api/v1/waitlist/offers/{id}/accept"),
            )
            .bearer_auth(token)
            .send()
            .await?;
        created(response).await
    }

    pub async fn decline_offer(&self, id: WaitlistOfferId, token: &str) -> Result<WaitlistOffer> {
        fetch(
            self.request(
                Method::POST,
                &format!("/api/v1/waitlist/offers/{id}/decline"),
            )
            .bearer_auth(token),
        )
        .await
    }

    // ---- fair release --------------------------------------------------------------------

    /// Today's release at an office with a release window.
    pub async fn release_round(&self, office: OfficeId) -> Result<ReleaseRound> {
        fetch(self.request(
            Method::GET,
            &format!("/api/v1/offices/{}/release", office.0),
        ))
        .await
    }

    /// Today's release with the start times its day has for `services` (what an entry lists).
    pub async fn release_round_for(
        &self,
        office: OfficeId,
        services: &[ServiceQuantity],
    ) -> Result<ReleaseRound> {
        let selection = ServiceSelection(services.to_vec()).to_string();
        fetch(
            self.request(
                Method::GET,
                &format!("/api/v1/offices/{}/release", office.0),
            )
            .query(&[("services", selection)]),
        )
        .await
    }

    /// Enters the draw the office holds now (202; the confirmation email follows).
    pub async fn enter_release(&self, request: &EnterRelease) -> Result<ReleaseEntered> {
        let builder = self
            .with_proof(
                self.request(Method::POST, "/api/v1/release-entries")
                    .json(request),
            )
            .await?;
        decode(builder.send().await?).await
    }

    pub async fn release_entry(&self, id: ReleaseEntryId, token: &str) -> Result<ReleaseEntry> {
        fetch(
            self.request(Method::GET, &format!("/api/v1/release-entries/{id}"))
                .bearer_auth(token),
        )
        .await
    }

    pub async fn confirm_release_entry(
        &self,
        id: ReleaseEntryId,
        token: &str,
    ) -> Result<ReleaseEntry> {
        fetch(
            self.request(
                Method::POST,
                &format!("/api/v1/release-entries/{id}/confirm"),
            )
            .bearer_auth(token),
        )
        .await
    }

    // ---- staff ---------------------------------------------------------------------------

    /// The staff access token, if logged in.
    pub fn staff_token(&self) -> Option<&str> {
        self.staff_token.as_deref()
    }

    /// Uses this access token for the staff requests that follow.
    pub fn set_staff_token(&mut self, token: Option<String>) {
        self.staff_token = token;
    }

    fn staff(&self, method: Method, path: &str) -> RequestBuilder {
        let builder = self.request(method, path);
        match &self.staff_token {
            Some(token) => builder.bearer_auth(token),
            None => builder,
        }
    }

    /// Logs in and keeps the access token for the staff requests that follow.
    pub async fn login(&mut self, username: &str, password: &str) -> Result<StaffSession> {
        let response = self
            .request(Method::POST, "/api/v1/auth/login")
            .json(&LoginRequest {
                username: username.to_owned(),
                password: password.to_owned(),
                transport: SessionTransport::Body,
            })
            .send()
            .await?;
        let session: StaffSession = decode(response).await?;
        self.staff_token.clone_from(&session.access_token);
        Ok(session)
    }

    /// Exchanges a refresh token for new tokens and keeps the new access token.
    pub async fn refresh_session(&mut self, refresh_token: &str) -> Result<StaffSession> {
        let response = self
            .request(Method::POST, "/api/v1/auth/refresh")
            .json(&RefreshRequest {
                refresh_token: Some(refresh_token.to_owned()),
            })
            .send()
            .await?;
        let session: StaffSession = decode(response).await?;
        self.staff_token.clone_from(&session.access_token);
        Ok(session)
    }

    pub async fn logout(&self) -> Result<()> {
        expect_empty(
            self.staff(Method::POST, "/api/v1/auth/logout")
                .send()
                .await?,
        )
        .await
    }

    pub async fn me(&self) -> Result<StaffAccount> {
        fetch(self.staff(Method::GET, "/api/v1/auth/me")).await
    }

    pub async fn change_password(&self, current: &str, new: &str) -> Result<()> {
        let body = ChangePassword {
            current_password: current.to_owned(),
            new_password: new.to_owned(),
        };
        let response = self
            .staff(Method::POST, "/api/v1/auth/password")
            .json(&body)
            .send()
            .await?;
        expect_empty(response).await
    }

    /// The day plan of an office.
    pub async fn day_plan(
        &self,
        office_id: OfficeId,
        date: NaiveDate,
    ) -> Result<Vec<StaffAppointment>> {
        fetch(
            self.staff(
                Method::GET,
                &format!("/api/v1/admin/offices/{office_id}/appointments"),
            )
            .query(&[("date", date.to_string())]),
        )
        .await
    }

    /// The appointments of the days `from..=to` (at most 31).
    pub async fn appointments_between(
        &self,
        office_id: OfficeId,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<Vec<StaffAppointment>> {
        fetch(
            self.staff(
                Method::GET,
                &format!("/api/v1/admin/offices/{office_id}/appointments"),
            )
            .query(&[("from", from.to_string()), ("to", to.to_string())]),
        )
        .await
    }

    pub async fn search_appointments(
        &self,
        office_id: OfficeId,
        q: &str,
    ) -> Result<Vec<StaffAppointment>> {
        fetch(
            self.staff(
                Method::GET,
                &format!("/api/v1/admin/offices/{office_id}/appointments/search"),
            )
            .query(&[("q", q)]),
        )
        .await
    }

    pub async fn capacity(
        &self,
        office_id: OfficeId,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<Vec<DayCapacity>> {
        fetch(
            self.staff(
                Method::GET,
                &format!("/api/v1/admin/offices/{office_id}/capacity"),
            )
            .query(&[("from", from.to_string()), ("to", to.to_string())]),
        )
        .await
    }

    pub async fn change_status(
        &self,
        appointment_id: AppointmentId,
        change: &StatusChange,
    ) -> Result<StaffAppointment> {
        fetch(
            self.staff(
                Method::POST,
                &format!("/api/v1/admin/appointments/{appointment_id}/status"),
            )
            .json(change),
        )
        .await
    }

    pub async fn book_on_behalf(
        &self,
        office_id: OfficeId,
        request: &StaffBookingRequest,
    ) -> Result<Booking> {
        fetch(
            self.staff(
                Method::POST,
                &format!("/api/v1/admin/offices/{office_id}/bookings"),
            )
            .json(request),
        )
        .await
    }

    /// A walk-in ticket from the front desk.
    pub async fn issue_ticket(
        &self,
        office_id: OfficeId,
        ticket: &NewTicket,
    ) -> Result<IssuedTicket> {
        fetch(
            self.staff(
                Method::POST,
                &format!("/api/v1/admin/offices/{office_id}/tickets"),
            )
            .json(ticket),
        )
        .await
    }

    /// Calls the next citizen to a counter; `None` when nobody (fitting) waits.
    pub async fn call_next(&self, office_id: OfficeId, call: &CallNext) -> Result<Option<Called>> {
        let response = self
            .staff(
                Method::POST,
                &format!("/api/v1/admin/offices/{office_id}/call-next"),
            )
            .json(call)
            .send()
            .await?;
        if response.status() == StatusCode::NO_CONTENT {
            return Ok(None);
        }
        decode(response).await.map(Some)
    }

    /// Calls a called citizen once more.
    pub async fn recall(&self, office_id: OfficeId, entry_id: QueueEntryId) -> Result<Called> {
        let path = format!("/api/v1/admin/offices/{office_id}/queue/{entry_id}/recall");
        fetch(self.staff(Method::POST, &path)).await
    }

    /// The called citizen did not come (after a recall).
    pub async fn no_show(&self, office_id: OfficeId, entry_id: QueueEntryId) -> Result<()> {
        let path = format!("/api/v1/admin/offices/{office_id}/queue/{entry_id}/no-show");
        expect_empty(self.staff(Method::POST, &path).send().await?).await
    }

    /// The called citizen has been served, with the services performed (empty: those they
    /// waited for).
    pub async fn finish_call(
        &self,
        office_id: OfficeId,
        entry_id: QueueEntryId,
        finish: &Finish,
    ) -> Result<Served> {
        let path = format!("/api/v1/admin/offices/{office_id}/queue/{entry_id}/finish");
        fetch(self.staff(Method::POST, &path).json(finish)).await
    }

    /// Today's queue of an office: called, parked, waiting (in call order).
    pub async fn queue(&self, office_id: OfficeId) -> Result<QueueOverview> {
        let path = format!("/api/v1/admin/offices/{office_id}/queue");
        fetch(self.staff(Method::GET, &path)).await
    }

    /// Calls one waiting or parked citizen to `counter`.
    pub async fn call_entry(
        &self,
        office_id: OfficeId,
        entry_id: QueueEntryId,
        counter: &str,
    ) -> Result<Called> {
        let path = format!("/api/v1/admin/offices/{office_id}/queue/{entry_id}/call");
        let body = CallEntry {
            counter: counter.to_owned(),
        };
        fetch(self.staff(Method::POST, &path).json(&body)).await
    }

    /// The called citizen steps aside until called back.
    pub async fn park(&self, office_id: OfficeId, entry_id: QueueEntryId) -> Result<()> {
        let path = format!("/api/v1/admin/offices/{office_id}/queue/{entry_id}/park");
        expect_empty(self.staff(Method::POST, &path).send().await?).await
    }

    /// Sends the called citizen to another counter or back in line for other services.
    pub async fn redirect(
        &self,
        office_id: OfficeId,
        entry_id: QueueEntryId,
        redirect: &Redirect,
    ) -> Result<QueueItem> {
        let path = format!("/api/v1/admin/offices/{office_id}/queue/{entry_id}/redirect");
        fetch(self.staff(Method::POST, &path).json(redirect)).await
    }

    /// How the office runs its queue.
    pub async fn waitlist_overview(&self, office_id: OfficeId) -> Result<WaitlistOverview> {
        fetch(self.staff(
            Method::GET,
            &format!("/api/v1/admin/offices/{office_id}/waitlist"),
        ))
        .await
    }

    pub async fn queue_settings(&self, office_id: OfficeId) -> Result<QueueSettings> {
        let path = format!("/api/v1/admin/offices/{office_id}/queue-settings");
        fetch(self.staff(Method::GET, &path)).await
    }

    /// Replaces how the office runs its queue.
    pub async fn set_queue_settings(
        &self,
        office_id: OfficeId,
        settings: &QueueSettings,
    ) -> Result<QueueSettings> {
        let path = format!("/api/v1/admin/offices/{office_id}/queue-settings");
        fetch(self.staff(Method::PUT, &path).json(settings)).await
    }

    /// Whether walk-ins get a ticket at the office now.
    pub async fn walk_ins(&self, office_id: OfficeId) -> Result<WalkIns> {
        let path = format!("/api/v1/offices/{office_id}/walk-ins");
        fetch(self.request(Method::GET, &path)).await
    }

    /// A ticket's page, as the citizen's phone reads it.
    pub async fn ticket(&self, token: &str) -> Result<TicketStatus> {
        fetch(self.request(Method::GET, &format!("/api/v1/tickets/{token}"))).await
    }

    /// The kiosks of an office that were not revoked.
    pub async fn kiosks(&self, office_id: OfficeId) -> Result<Vec<Kiosk>> {
        let path = format!("/api/v1/admin/offices/{office_id}/kiosks");
        fetch(self.staff(Method::GET, &path)).await
    }

    /// Issues a kiosk; the answer carries its device token, shown only here.
    pub async fn issue_kiosk(&self, office_id: OfficeId, kiosk: &NewKiosk) -> Result<IssuedKiosk> {
        let path = format!("/api/v1/admin/offices/{office_id}/kiosks");
        fetch(self.staff(Method::POST, &path).json(kiosk)).await
    }

    pub async fn revoke_kiosk(&self, office_id: OfficeId, kiosk_id: KioskId) -> Result<()> {
        let path = format!("/api/v1/admin/offices/{office_id}/kiosks/{kiosk_id}");
        expect_empty(self.staff(Method::DELETE, &path).send().await?).await
    }

    /// What a kiosk learns from its device token.
    pub async fn kiosk_session(&self, device_token: &str) -> Result<KioskSession> {
        fetch(
            self.request(Method::GET, "/api/v1/kiosk")
                .header(KIOSK_TOKEN_HEADER, device_token),
        )
        .await
    }

    /// A walk-in ticket drawn at a kiosk.
    pub async fn kiosk_ticket(
        &self,
        device_token: &str,
        ticket: &NewTicket,
    ) -> Result<IssuedTicket> {
        fetch(
            self.request(Method::POST, "/api/v1/kiosk/tickets")
                .header(KIOSK_TOKEN_HEADER, device_token)
                .json(ticket),
        )
        .await
    }

    pub async fn admin_offices(&self) -> Result<Vec<AdminOffice>> {
        fetch(self.staff(Method::GET, "/api/v1/admin/offices")).await
    }

    pub async fn create_office(&self, settings: &OfficeSettings) -> Result<AdminOffice> {
        fetch(
            self.staff(Method::POST, "/api/v1/admin/offices")
                .json(settings),
        )
        .await
    }

    pub async fn update_office(
        &self,
        office_id: OfficeId,
        settings: &OfficeSettings,
    ) -> Result<AdminOffice> {
        fetch(
            self.staff(Method::PUT, &format!("/api/v1/admin/offices/{office_id}"))
                .json(settings),
        )
        .await
    }

    pub async fn admin_services(&self) -> Result<Vec<AdminService>> {
        fetch(self.staff(Method::GET, "/api/v1/admin/services")).await
    }

    pub async fn create_service(&self, settings: &ServiceSettings) -> Result<AdminService> {
        fetch(
            self.staff(Method::POST, "/api/v1/admin/services")
                .json(settings),
        )
        .await
    }

    pub async fn set_offer(
        &self,
        office_id: OfficeId,
        service_id: ServiceId,
        offer: OfferSettings,
    ) -> Result<AdminService> {
        fetch(
            self.staff(
                Method::PUT,
                &format!("/api/v1/admin/offices/{office_id}/services/{service_id}"),
            )
            .json(&offer),
        )
        .await
    }

    pub async fn opening_rules(&self, office_id: OfficeId) -> Result<Vec<AdminOpeningRule>> {
        fetch(self.staff(
            Method::GET,
            &format!("/api/v1/admin/offices/{office_id}/opening-rules"),
        ))
        .await
    }

    pub async fn add_opening_rule(
        &self,
        office_id: OfficeId,
        rule: &OpeningRuleSettings,
    ) -> Result<AdminOpeningRule> {
        fetch(
            self.staff(
                Method::POST,
                &format!("/api/v1/admin/offices/{office_id}/opening-rules"),
            )
            .json(rule),
        )
        .await
    }

    pub async fn change_opening_rule(
        &self,
        office_id: OfficeId,
        rule_id: i64,
        rule: &OpeningRuleSettings,
        options: CapacityOptions,
    ) -> Result<CapacityChange> {
        fetch(
            self.staff(
                Method::PUT,
                &format!("/api/v1/admin/offices/{office_id}/opening-rules/{rule_id}"),
            )
            .query(&options.query())
            .json(rule),
        )
        .await
    }

    pub async fn remove_opening_rule(
        &self,
        office_id: OfficeId,
        rule_id: i64,
        options: CapacityOptions,
    ) -> Result<CapacityChange> {
        fetch(
            self.staff(
                Method::DELETE,
                &format!("/api/v1/admin/offices/{office_id}/opening-rules/{rule_id}"),
            )
            .query(&options.query()),
        )
        .await
    }

    pub async fn closures(&self, office_id: OfficeId) -> Result<Vec<AdminClosure>> {
        fetch(self.staff(
            Method::GET,
            &format!("/api/v1/admin/offices/{office_id}/closures"),
        ))
        .await
    }

    pub async fn add_closure(
        &self,
        office_id: OfficeId,
        closure: &ClosureSettings,
        options: CapacityOptions,
    ) -> Result<CapacityChange> {
        fetch(
            self.staff(
                Method::POST,
                &format!("/api/v1/admin/offices/{office_id}/closures"),
            )
            .query(&options.query())
            .json(closure),
        )
        .await
    }

    pub async fn remove_closure(&self, office_id: OfficeId, closure_id: i64) -> Result<()> {
        let response = self
            .staff(
                Method::DELETE,
                &format!("/api/v1/admin/offices/{office_id}/closures/{closure_id}"),
            )
            .send()
            .await?;
        expect_empty(response).await
    }

    pub async fn statistics(
        &self,
        office_id: OfficeId,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<OfficeStatistics> {
        fetch(
            self.staff(
                Method::GET,
                &format!("/api/v1/admin/offices/{office_id}/statistics"),
            )
            .query(&[("from", from.to_string()), ("to", to.to_string())]),
        )
        .await
    }

    /// One table of the statistics as CSV text.
    pub async fn statistics_csv(
        &self,
        office_id: OfficeId,
        from: NaiveDate,
        to: NaiveDate,
        table: StatisticsTable,
    ) -> Result<String> {
        let response = self
            .staff(
                Method::GET,
                &format!("/api/v1/admin/offices/{office_id}/statistics.csv"),
            )
            .query(&[
                ("from", from.to_string()),
                ("to", to.to_string()),
                ("table", table.code().to_owned()),
            ])
            .send()
            .await?;
        if response.status().is_success() {
            Ok(response.text().await?)
        } else {
            Err(problem(response).await)
        }
    }

    pub async fn staff_accounts(&self) -> Result<Vec<StaffAccount>> {
        fetch(self.staff(Method::GET, "/api/v1/admin/staff")).await
    }

    pub async fn create_staff_account(&self, account: &NewStaffAccount) -> Result<StaffAccount> {
        fetch(
            self.staff(Method::POST, "/api/v1/admin/staff")
                .json(account),
        )
        .await
    }

    pub async fn update_staff_account(
        &self,
        staff_id: StaffId,
        update: &StaffAccountUpdate,
    ) -> Result<StaffAccount> {
        fetch(
            self.staff(Method::PUT, &format!("/api/v1/admin/staff/{staff_id}"))
                .json(update),
        )
        .await
    }

    pub async fn disable_staff_account(&self, staff_id: StaffId) -> Result<StaffAccount> {
        fetch(self.staff(
            Method::POST,
            &format!("/api/v1/admin/staff/{staff_id}/disable"),
        ))
        .await
    }

    pub async fn admin_faq(&self) -> Result<Vec<AdminFaqEntry>> {
        fetch(self.staff(Method::GET, "/api/v1/admin/faq")).await
    }

    pub async fn create_faq_entry(&self, settings: &FaqEntrySettings) -> Result<AdminFaqEntry> {
        fetch(self.staff(Method::POST, "/api/v1/admin/faq").json(settings)).await
    }

    pub async fn update_faq_entry(
        &self,
        id: FaqEntryId,
        settings: &FaqEntrySettings,
    ) -> Result<AdminFaqEntry> {
        fetch(
            self.staff(Method::PUT, &format!("/api/v1/admin/faq/{id}"))
                .json(settings),
        )
        .await
    }

    /// Every API client of portals (administrators only).
    pub async fn api_clients(&self) -> Result<Vec<ApiClient>> {
        fetch(self.staff(Method::GET, "/api/v1/admin/api-clients")).await
    }

    /// Creates an API client; the answer carries its key (shown only this once).
    pub async fn create_api_client(
        &self,
        client: &NewApiClient,
        idempotency_key: Option<&str>,
    ) -> Result<Created<ApiClientWithSecrets>> {
        let mut builder = self
            .staff(Method::POST, "/api/v1/admin/api-clients")
            .json(client);
        if let Some(key) = idempotency_key {
            builder = builder.header("Idempotency-Key", key);
        }
        created(builder.send().await?).await
    }

    pub async fn update_api_client(
        &self,
        id: ApiClientId,
        update: &ApiClientUpdate,
    ) -> Result<ApiClientWithSecrets> {
        fetch(
            self.staff(Method::PUT, &format!("/api/v1/admin/api-clients/{id}"))
                .json(update),
        )
        .await
    }

    pub async fn delete_faq_entry(&self, id: FaqEntryId) -> Result<()> {
        let response = self
            .staff(Method::DELETE, &format!("/api/v1/admin/faq/{id}"))
            .send()
            .await?;
        expect_empty(response).await
    }

    /// Puts the listed entries, in this order, onto the positions they occupy now.
    pub async fn reorder_faq(&self, ids: &[FaqEntryId]) -> Result<Vec<AdminFaqEntry>> {
        fetch(
            self.staff(Method::PUT, "/api/v1/admin/faq/order")
                .json(&FaqOrder { ids: ids.to_vec() }),
        )
        .await
    }

    /// Revokes an API client's key at once.
    pub async fn revoke_api_client(&self, id: ApiClientId) -> Result<ApiClient> {
        fetch(self.staff(
            Method::POST,
            &format!("/api/v1/admin/api-clients/{id}/revoke"),
        ))
        .await
    }

    /// A page of the audit log, optionally of one kind of entity.
    pub async fn audit(&self, page: u32, entity: Option<&str>) -> Result<AuditPage> {
        let mut query = vec![("page", page.to_string())];
        if let Some(entity) = entity {
            query.push(("entity", entity.to_owned()));
        }
        fetch(self.staff(Method::GET, "/api/v1/admin/audit").query(&query)).await
    }
}

fn selection(services: &[ServiceQuantity]) -> String {
    ServiceSelection(services.to_vec()).to_string()
}

/// Sends a request and decodes its JSON answer (or its problem).
async fn fetch<T: DeserializeOwned>(request: RequestBuilder) -> Result<T> {
    decode(request.send().await?).await
}

async fn decode<T: DeserializeOwned>(response: reqwest::Response) -> Result<T> {
    if response.status().is_success() {
        let bytes = response.bytes().await?;
        serde_json::from_slice(&bytes).map_err(|error| {
            ClientError::Unexpected(format!(
                "{error}: {}",
                String::from_utf8_lossy(&bytes[..bytes.len().min(300)])
            ))
        })
    } else {
        Err(problem(response).await)
    }
}

async fn created<T: DeserializeOwned>(response: reqwest::Response) -> Result<Created<T>> {
    let status = response.status();
    let replayed = response.headers().contains_key("Idempotent-Replayed");
    Ok(Created {
        value: decode(response).await?,
        status,
        replayed,
    })
}

async fn expect_empty(response: reqwest::Response) -> Result<()> {
    if response.status().is_success() {
        Ok(())
    } else {
        Err(problem(response).await)
    }
}

async fn problem(response: reqwest::Response) -> ClientError {
    let status = response.status();
    let is_problem = response
        .headers()
        .get(reqwest::header::CONTENT_TYPE)
        .is_some_and(|value| {
            value
                .as_bytes()
                .starts_with(shared::problem::PROBLEM_JSON.as_bytes())
        });
    match response.bytes().await {
        Ok(bytes) if is_problem => match serde_json::from_slice::<Problem>(&bytes) {
            Ok(problem) => ClientError::Problem {
                status,
                problem: Box::new(problem),
            },
            Err(error) => ClientError::Unexpected(format!(
                "HTTP {status} with an unreadable problem: {error}"
            )),
        },
        Ok(bytes) => ClientError::Unexpected(format!(
            "HTTP {status} without problem+json: {}",
            String::from_utf8_lossy(&bytes[..bytes.len().min(300)])
        )),
        Err(error) => ClientError::Transport(error),
    }
}
