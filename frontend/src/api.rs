//! The typed client of the citizens' API: one function per endpoint (the staff API has its
//! own client, `admin::api`).
//!
//! Every non-2xx answer becomes an [`ApiError`] carrying the stable `code` of the
//! `application/problem+json` body, which the UI translates (see `i18n::error_text`).

use chrono::NaiveDate;
use gloo_net::http::{Request, RequestBuilder, Response};
use serde::Serialize;
use serde::de::DeserializeOwned;
use shared::availability::{
    DayAvailability, FreeTime, NEXT_BOOKABLE_DATE_HEADER, NextFree, PREVIOUS_BOOKABLE_DATE_HEADER,
};
use shared::bookings::{
    Booking, CancelRequest, CreateBooking, CreateHold, Hold, RescheduleRequest,
};
use shared::call_queue::{
    IssuedTicket, KIOSK_TOKEN_HEADER, KioskSession, NewTicket, TicketStatus, WalkIns,
};
use shared::challenge::{self, Challenge, PROOF_OF_WORK_HEADER};
use shared::faq::FaqEntry;
use shared::ids::{AppointmentId, HoldId, OfficeId};
use shared::locale::Locale;
use shared::offices::Office;
use shared::problem::{FieldError, Problem};
use shared::release::{EnterRelease, ReleaseEntered, ReleaseEntry, ReleaseEntryId, ReleaseRound};
use shared::selection::{ServiceQuantity, ServiceSelection};
use shared::services::Service;
use shared::waitlist::{
    JoinWaitlist, WaitlistEntry, WaitlistEntryId, WaitlistJoined, WaitlistOffer, WaitlistOfferId,
};

const BASE: &str = "/api/v1";

/// A failed API call, reduced to what the UI needs.
#[derive(Debug, Clone, PartialEq)]
pub struct ApiError {
    /// HTTP status; 0 when the server could not be reached.
    pub status: u16,
    /// Stable error code from the problem body (`slot_taken`, …); `network` or `internal` otherwise.
    pub code: String,
    /// Invalid fields of a 422 `validation_failed`.
    pub errors: Vec<FieldError>,
}

impl ApiError {
    fn network() -> Self {
        ApiError {
            status: 0,
            code: "network".into(),
            errors: Vec::new(),
        }
    }

    fn unexpected(status: u16) -> Self {
        ApiError {
            status,
            code: match status {
                401 => "unauthorized",
                403 => "forbidden",
                404 => "not_found",
                429 => "rate_limited",
                _ => "internal",
            }
            .into(),
            errors: Vec::new(),
        }
    }
}

impl std::fmt::Display for ApiError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "API error {} ({})", self.code, self.status)
    }
}

impl std::error::Error for ApiError {}

pub type ApiResult<T> = Result<T, ApiError>;

/// Free days of one month-sized range, with the nearest bookable dates outside it.
#[derive(Debug, Clone, PartialEq)]
pub struct DaysPage {
    pub days: Vec<DayAvailability>,
    pub next_bookable: Option<NaiveDate>,
    pub previous_bookable: Option<NaiveDate>,
}

fn url(path: &str) -> String {
    format!("{BASE}{path}")
}

fn selection(services: &[ServiceQuantity]) -> String {
    ServiceSelection(services.to_vec()).to_string()
}

fn bearer(builder: RequestBuilder, token: &str) -> RequestBuilder {
    builder.header("Authorization", &format!("Bearer {token}"))
}

async fn send(builder: RequestBuilder) -> ApiResult<Response> {
    let response = builder.send().await.map_err(|_| ApiError::network())?;
    checked(response).await
}

async fn send_json<B: Serialize>(builder: RequestBuilder, body: &B) -> ApiResult<Response> {
    let request = builder.json(body).map_err(|_| ApiError::unexpected(0))?;
    let response = request.send().await.map_err(|_| ApiError::network())?;
    checked(response).await
}

/// The response if it succeeded, else the API's problem as an error (both clients use it).
pub(crate) async fn checked(response: Response) -> ApiResult<Response> {
    if response.ok() {
        return Ok(response);
    }
    let status = response.status();
    match response.json::<Problem>().await {
        Ok(problem) => Err(ApiError {
            status,
            code: problem.code,
            errors: problem.errors,
        }),
        Err(_) => Err(ApiError::unexpected(status)),
    }
}

async fn decode<T: DeserializeOwned>(response: Response) -> ApiResult<T> {
    let status = response.status();
    response
        .json::<T>()
        .await
        .map_err(|_| ApiError::unexpected(status))
}

fn header_date(response: &Response, name: &str) -> Option<NaiveDate> {
    response.headers().get(name)?.trim().parse().ok()
}

/// `GET /offices?lang=`
pub async fn offices(locale: Locale) -> ApiResult<Vec<Office>> {
    decode(send(Request::get(&url("/offices")).query([("lang", locale.code())])).await?).await
}

/// `GET /services?lang=`
pub async fn services(locale: Locale) -> ApiResult<Vec<Service>> {
    decode(send(Request::get(&url("/services")).query([("lang", locale.code())])).await?).await
}

/// `GET /availability/days` for `from..=to`.
pub async fn available_days(
    office: OfficeId,
    services: &[ServiceQuantity],
    from: NaiveDate,
    to: NaiveDate,
    locale: Locale,
) -> ApiResult<DaysPage> {
    let response = send(Request::get(&url("/availability/days")).query([
        ("office_id", office.to_string()),
        ("services", selection(services)),
        ("from", from.to_string()),
        ("to", to.to_string()),
        ("lang", locale.code().to_string()),
    ]))
    .await?;
    let next_bookable = header_date(&response, NEXT_BOOKABLE_DATE_HEADER);
    let previous_bookable = header_date(&response, PREVIOUS_BOOKABLE_DATE_HEADER);
    Ok(DaysPage {
        days: decode(response).await?,
        next_bookable,
        previous_bookable,
    })
}

/// `GET /availability/times` of one day.
pub async fn free_times(
    office: OfficeId,
    services: &[ServiceQuantity],
    date: NaiveDate,
) -> ApiResult<Vec<FreeTime>> {
    decode(
        send(Request::get(&url("/availability/times")).query([
            ("office_id", office.to_string()),
            ("services", selection(services)),
            ("date", date.to_string()),
        ]))
        .await?,
    )
    .await
}

/// `GET /availability/next`: the earliest free appointment per office, earliest first.
pub async fn next_free(
    services: &[ServiceQuantity],
    office: Option<OfficeId>,
) -> ApiResult<Vec<NextFree>> {
    let mut query = vec![("services", selection(services))];
    if let Some(office) = office {
        query.push(("office_id", office.to_string()));
    }
    decode(send(Request::get(&url("/availability/next")).query(query)).await?).await
}

/// `GET /challenge`, solved: the `X-Proof-Of-Work` value, or `None` when no work is needed
/// (difficulty 0, or a server without challenges).
pub(crate) async fn proof_of_work() -> ApiResult<Option<String>> {
    let response = Request::get(&url("/challenge"))
        .send()
        .await
        .map_err(|_| ApiError::network())?;
    if response.status() == 404 {
        return Ok(None);
    }
    let challenge: Challenge = decode(checked(response).await?).await?;
    if challenge.difficulty == 0 {
        return Ok(None);
    }
    let nonce = solve(&challenge.token, challenge.difficulty).await;
    Ok(Some(format!("{}:{nonce}", challenge.token)))
}

/// Finds a nonce with `shared::challenge::solves` (the server's own check), yielding to the
/// browser now and then so the page (countdowns, status messages) stays responsive.
async fn solve(token: &str, difficulty: u32) -> u64 {
    let mut nonce: u64 = 0;
    loop {
        for _ in 0..20_000 {
            if challenge::solves(token, &nonce.to_string(), difficulty) {
                return nonce;
            }
            nonce += 1;
        }
        yield_to_browser().await;
    }
}

async fn yield_to_browser() {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        let _ = leptos::prelude::window().set_timeout_with_callback(&resolve);
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

/// Sends a capacity-taking request with a fresh proof of work; once more if the challenge
/// expired or was used up meanwhile.
async fn send_with_proof<B: Serialize>(
    build: impl Fn() -> RequestBuilder,
    body: &B,
) -> ApiResult<Response> {
    let mut attempt = 0;
    loop {
        attempt += 1;
        let mut builder = build();
        if let Some(proof) = proof_of_work().await? {
            builder = builder.header(PROOF_OF_WORK_HEADER, &proof);
        }
        match send_json(builder, body).await {
            Err(error)
                if attempt == 1 && matches!(error.code.as_str(), "pow_expired" | "pow_reused") => {}
            result => return result,
        }
    }
}

/// `POST /holds`
pub async fn create_hold(hold: &CreateHold) -> ApiResult<Hold> {
    decode(send_with_proof(|| Request::post(&url("/holds")), hold).await?).await
}

/// `DELETE /holds/{id}`
pub async fn release_hold(id: HoldId) -> ApiResult<()> {
    send(Request::delete(&url(&format!("/holds/{id}"))))
        .await
        .map(|_| ())
}

/// `POST /bookings` with an `Idempotency-Key`, so a repeated submit cannot book twice.
pub async fn create_booking(booking: &CreateBooking, idempotency_key: &str) -> ApiResult<Booking> {
    let build = || Request::post(&url("/bookings")).header("Idempotency-Key", idempotency_key);
    decode(send_with_proof(build, booking).await?).await
}

fn booking_path(reference: &str) -> String {
    url(&format!("/bookings/{}", crate::percent::encode(reference)))
}

/// `GET /bookings/{reference}` with the manage token.
pub async fn booking(reference: &str, token: &str) -> ApiResult<Booking> {
    decode(send(bearer(Request::get(&booking_path(reference)), token)).await?).await
}

/// `POST /bookings/{reference}/cancel`: some appointments, or all when `ids` is `None`.
pub async fn cancel(
    reference: &str,
    token: &str,
    ids: Option<Vec<AppointmentId>>,
) -> ApiResult<Booking> {
    let builder = bearer(
        Request::post(&format!("{}/cancel", booking_path(reference))),
        token,
    );
    let body = CancelRequest {
        appointment_ids: ids,
    };
    decode(send_json(builder, &body).await?).await
}

/// `POST /bookings/{reference}/appointments/{id}/reschedule`
pub async fn reschedule(
    reference: &str,
    token: &str,
    appointment: AppointmentId,
    request: &RescheduleRequest,
) -> ApiResult<Booking> {
    let builder = bearer(
        Request::post(&format!(
            "{}/appointments/{appointment}/reschedule",
            booking_path(reference)
        )),
        token,
    );
    decode(send_json(builder, request).await?).await
}

/// `POST /bookings/{reference}/appointments/{id}/earlier`: waits for an earlier time.
pub async fn ask_for_earlier(
    reference: &str,
    token: &str,
    appointment: AppointmentId,
) -> ApiResult<shared::waitlist::WaitlistEntry> {
    let builder = bearer(
        Request::post(&format!(
            "{}/appointments/{appointment}/earlier",
            booking_path(reference)
        )),
        token,
    );
    decode(send(builder).await?).await
}

/// `GET /bookings/{reference}/calendar.ics` (text/calendar).
pub async fn calendar_ics(reference: &str, token: &str) -> ApiResult<String> {
    let response = send(bearer(
        Request::get(&format!("{}/calendar.ics", booking_path(reference))),
        token,
    ))
    .await?;
    let status = response.status();
    response
        .text()
        .await
        .map_err(|_| ApiError::unexpected(status))
}

/// `POST /bookings/{reference}/activate` with the activation token from the email.
/// Success is the 2xx status; the booking in the body is shown when there is one.
pub async fn activate(reference: &str, activation_token: &str) -> ApiResult<Option<Booking>> {
    let builder = bearer(
        Request::post(&format!("{}/activate", booking_path(reference))),
        activation_token,
    );
    let response = send(builder).await?;
    Ok(response.json::<Booking>().await.ok())
}

/// `POST /waitlist` with a fresh proof of work (like a booking): the entry waits until the
/// citizen confirms the email address by `confirm_by`.
pub async fn join_waitlist(join: &JoinWaitlist) -> ApiResult<WaitlistJoined> {
    decode(send_with_proof(|| Request::post(&url("/waitlist")), join).await?).await
}

fn waitlist_entry_path(entry: WaitlistEntryId) -> String {
    url(&format!("/waitlist/{entry}"))
}

/// `GET /waitlist/{entry}` with the entry's token from the email link.
pub async fn waitlist_entry(entry: WaitlistEntryId, token: &str) -> ApiResult<WaitlistEntry> {
    decode(send(bearer(Request::get(&waitlist_entry_path(entry)), token)).await?).await
}

/// `POST /waitlist/{entry}/confirm`: the email address is the citizen's; the entry waits
/// (or already has an offer).
pub async fn confirm_waitlist_entry(
    entry: WaitlistEntryId,
    token: &str,
) -> ApiResult<WaitlistEntry> {
    let path = format!("{}/confirm", waitlist_entry_path(entry));
    decode(send(bearer(Request::post(&path), token)).await?).await
}

/// `DELETE /waitlist/{entry}`: leave the waitlist.
pub async fn leave_waitlist(entry: WaitlistEntryId, token: &str) -> ApiResult<()> {
    send(bearer(Request::delete(&waitlist_entry_path(entry)), token))
        .await
        .map(|_| ())
}

fn offer_path(offer: WaitlistOfferId) -> String {
    url(&format!("/waitlist/offers/{offer}"))
}

/// `GET /waitlist/offers/{offer}` with the offer's own token from its email.
pub async fn waitlist_offer(offer: WaitlistOfferId, token: &str) -> ApiResult<WaitlistOffer> {
    decode(send(bearer(Request::get(&offer_path(offer)), token)).await?).await
}

/// `POST /waitlist/offers/{offer}/accept`: the offered appointment becomes a booking (with
/// its manage token).
pub async fn accept_offer(offer: WaitlistOfferId, token: &str) -> ApiResult<Booking> {
    let path = format!("{}/accept", offer_path(offer));
    decode(send(bearer(Request::post(&path), token)).await?).await
}

/// `POST /waitlist/offers/{offer}/decline`: the appointment goes to the next in line.
pub async fn decline_offer(offer: WaitlistOfferId, token: &str) -> ApiResult<WaitlistOffer> {
    let path = format!("{}/decline", offer_path(offer));
    decode(send(bearer(Request::post(&path), token)).await?).await
}

/// `GET /offices/{office}/release`: today's release of an office with a release window
/// (`not_found` for an office that releases first come, first served).
pub async fn release_round(office: OfficeId) -> ApiResult<ReleaseRound> {
    decode(send(Request::get(&url(&format!("/offices/{office}/release")))).await?).await
}

/// The round with the start times its day has for `services` (what an entry may list).
pub async fn release_round_for(
    office: OfficeId,
    services: &[ServiceQuantity],
) -> ApiResult<ReleaseRound> {
    let request = Request::get(&url(&format!("/offices/{office}/release")))
        .query([("services", selection(services))]);
    decode(send(request).await?).await
}

/// `POST /release-entries` with a fresh proof of work (like a booking): the entry takes part
/// once the citizen confirms the email address by `confirm_by`.
pub async fn enter_release(entry: &EnterRelease) -> ApiResult<ReleaseEntered> {
    decode(send_with_proof(|| Request::post(&url("/release-entries")), entry).await?).await
}

fn release_entry_path(entry: ReleaseEntryId) -> String {
    url(&format!("/release-entries/{entry}"))
}

/// `GET /release-entries/{entry}` with the entry's token from the email link.
pub async fn release_entry(entry: ReleaseEntryId, token: &str) -> ApiResult<ReleaseEntry> {
    decode(send(bearer(Request::get(&release_entry_path(entry)), token)).await?).await
}

/// `POST /release-entries/{entry}/confirm`: the email address is the citizen's; the entry
/// takes part in the draw.
pub async fn confirm_release_entry(entry: ReleaseEntryId, token: &str) -> ApiResult<ReleaseEntry> {
    let path = format!("{}/confirm", release_entry_path(entry));
    decode(send(bearer(Request::post(&path), token)).await?).await
}

/// `GET /faq?lang=[&office_id=]`: the visible help entries.
pub async fn faq(locale: Locale, office: Option<OfficeId>) -> ApiResult<Vec<FaqEntry>> {
    let mut query = vec![("lang", locale.code().to_string())];
    if let Some(office) = office {
        query.push(("office_id", office.to_string()));
    }
    decode(send(Request::get(&url("/faq")).query(query)).await?).await
}

/// `GET /tickets/{token}`: where a ticket is in line.
pub async fn ticket(token: &str) -> ApiResult<TicketStatus> {
    let path = url(&format!("/tickets/{}", crate::percent::encode(token)));
    decode(send(Request::get(&path)).await?).await
}

/// `GET /offices/{office}/walk-ins`: whether walk-ins get a ticket there now.
pub async fn walk_ins(office: OfficeId) -> ApiResult<WalkIns> {
    decode(send(Request::get(&url(&format!("/offices/{office}/walk-ins")))).await?).await
}

/// The path of an office's call stream (`text/event-stream`) for an `EventSource`.
pub fn calls_stream_path(office: OfficeId) -> String {
    url(&format!("/offices/{office}/calls"))
}

fn kiosk(builder: RequestBuilder, device_token: &str) -> RequestBuilder {
    builder.header(KIOSK_TOKEN_HEADER, device_token)
}

/// `GET /kiosk`: the office this kiosk stands in.
pub async fn kiosk_session(device_token: &str) -> ApiResult<KioskSession> {
    decode(send(kiosk(Request::get(&url("/kiosk")), device_token)).await?).await
}

/// `POST /kiosk/tickets` with an `Idempotency-Key`, so a repeated press draws one ticket.
pub async fn kiosk_ticket(
    device_token: &str,
    ticket: &NewTicket,
    idempotency_key: &str,
) -> ApiResult<IssuedTicket> {
    let builder = kiosk(Request::post(&url("/kiosk/tickets")), device_token)
        .header("Idempotency-Key", idempotency_key);
    decode(send_json(builder, ticket).await?).await
}
