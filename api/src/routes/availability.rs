//! `GET /api/v1/availability/{days,times,next}`: when can I come?

use super::answer_cache::{Answer, Basis, Turn};
use super::extract::RequestLocale;
use super::portal::PortalClient;
use crate::domain::holidays::holiday_on;
use crate::domain::schedule::{Channel, FreeStart};
use crate::error::{ApiError, Result};
use crate::routes::state::AppState;
use crate::scheduling::availability;
use crate::scheduling::setup::OfficeSetup;
use crate::store::Tx;
use actix_web::{HttpResponse, get, web};
use chrono::{Duration, NaiveDate};
use chrono_tz::Tz;
use serde::Deserialize;
use shared::availability::{
    DayAvailability, FreeTime, NEXT_BOOKABLE_DATE_HEADER, NextFree, PREVIOUS_BOOKABLE_DATE_HEADER,
};
use shared::ids::OfficeId;
use shared::locale::Locale;
use shared::problem::Problem;
use shared::selection::{ServiceQuantity, ServiceSelection};

/// Longest date range one `days` request may ask for.
pub const MAX_DAYS_RANGE: i64 = 366;
/// Most offices one request may name.
pub const MAX_OFFICES_PER_REQUEST: usize = 50;

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct DaysQuery {
    /// One office id, or several separated by commas.
    #[param(example = "1", pattern = r"^[0-9]{1,18}(,[0-9]{1,18}){0,49}$")]
    pub office_id: String,
    /// Services with quantities: `<service id>:<quantity>,…`.
    #[param(
        example = "1:1,5:2",
        pattern = r"^[0-9]{1,18}(:[0-9]{1,9})?(,[0-9]{1,18}(:[0-9]{1,9})?){0,9}$"
    )]
    pub services: String,
    /// First day (default: today at the office).
    #[param(value_type = Option<String>, format = Date)]
    pub from: Option<NaiveDate>,
    /// Last day, inclusive (default: 34 days after `from`); at most 366 days after `from`.
    #[param(value_type = Option<String>, format = Date)]
    pub to: Option<NaiveDate>,
    /// Language of holiday names.
    #[param(value_type = Option<shared::locale::Locale>)]
    pub lang: Option<String>,
}

/// Days with their number of free start times. The nearest bookable dates outside the range
/// are in the `Next-Bookable-Date` and `Previous-Bookable-Date` headers (absent if none).
#[utoipa::path(get, path = "/api/v1/availability/days", tag = "availability", params(DaysQuery),
    security((), ("api_key" = [])),
    responses(
        (status = 200, description = "One entry per office and day in the range", body = Vec<DayAvailability>,
            headers(
                ("Next-Bookable-Date" = String, description = "First date after `to` with a free time (YYYY-MM-DD)"),
                ("Previous-Bookable-Date" = String, description = "Last date before `from` with a free time (YYYY-MM-DD)"),
            )),
        (status = 400, description = "Malformed query", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "With an API key: `scope_missing` or `office_not_allowed`", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Unknown office, service not offered, quantity out of range, range too long", body = Problem, content_type = "application/problem+json"),
    ))]
#[get("/availability/days")]
pub async fn days(
    state: web::Data<AppState>,
    query: web::Query<DaysQuery>,
    locale: RequestLocale,
    portal: Option<PortalClient>,
) -> Result<HttpResponse> {
    let selection = parse_selection(&query.services)?;
    let office_ids = parse_office_ids(&query.office_id)?;
    if let Some(portal) = &portal {
        for office_id in &office_ids {
            portal.require_office(*office_id)?;
        }
    }
    let now = state.clock.now();
    let asked = (
        "days",
        &office_ids,
        &selection,
        query.from,
        query.to,
        locale.0,
    );
    let question = Question::of(&state, asked, portal.as_ref(), now);
    let turn = match question.lookup(&state).await {
        Lookup::Answered(response) => return Ok(response),
        Lookup::Unanswered(turn) => turn,
    };
    let mut tx = state.db.begin_read().await?;
    let mut entries = Vec::new();
    let mut next_bookable: Option<NaiveDate> = None;
    let mut previous_bookable: Option<NaiveDate> = None;
    for office_id in office_ids {
        let (setup, units) = office_and_units(&mut tx, office_id, &selection).await?;
        let from = query.from.unwrap_or_else(|| setup.today(now));
        let to = query.to.unwrap_or(from + Duration::days(34));
        if to < from {
            return Err(ApiError::invalid(
                "to",
                "range_reversed",
                "`to` must not be before `from`",
            ));
        }
        if to - from > Duration::days(MAX_DAYS_RANGE) {
            return Err(ApiError::invalid(
                "to",
                "range_too_long",
                format!("ask for at most {MAX_DAYS_RANGE} days at once"),
            ));
        }
        let overview = availability::days(&mut tx, &setup, units, from, to, now).await?;
        for (date, free_times) in overview.days {
            entries.push(DayAvailability {
                office_id: OfficeId(office_id),
                date,
                free_times,
                holiday: holiday_on(setup.state, date).map(|h| match locale.0 {
                    Locale::De => h.name_de.to_owned(),
                    Locale::En => h.name_en.to_owned(),
                }),
            });
        }
        next_bookable = earliest(next_bookable, overview.next_bookable);
        previous_bookable = previous_bookable.max(overview.previous_bookable);
    }
    let headers = [
        (NEXT_BOOKABLE_DATE_HEADER, next_bookable),
        (PREVIOUS_BOOKABLE_DATE_HEADER, previous_bookable),
    ]
    .into_iter()
    .filter_map(|(name, date)| Some((name, date?.to_string())))
    .collect();
    question.answer(&state, turn, &entries, headers)
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct TimesQuery {
    pub office_id: i64,
    /// Services with quantities: `<service id>:<quantity>,…`.
    #[param(
        example = "1:1,5:2",
        pattern = r"^[0-9]{1,18}(:[0-9]{1,9})?(,[0-9]{1,18}(:[0-9]{1,9})?){0,9}$"
    )]
    pub services: String,
    /// The day, in the office's time zone.
    #[param(value_type = String, format = Date)]
    pub date: NaiveDate,
}

/// Free start times on one day, with local wall-clock time and unambiguous RFC 3339 instants.
#[utoipa::path(get, path = "/api/v1/availability/times", tag = "availability", params(TimesQuery),
    security((), ("api_key" = [])),
    responses(
        (status = 200, description = "Free start times, earliest first", body = Vec<FreeTime>),
        (status = 400, description = "Malformed query", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "With an API key: `scope_missing` or `office_not_allowed`", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Unknown office, service not offered, quantity out of range", body = Problem, content_type = "application/problem+json"),
    ))]
#[get("/availability/times")]
pub async fn times(
    state: web::Data<AppState>,
    query: web::Query<TimesQuery>,
    portal: Option<PortalClient>,
) -> Result<HttpResponse> {
    if let Some(portal) = &portal {
        portal.require_office(query.office_id)?;
    }
    let selection = parse_selection(&query.services)?;
    let now = state.clock.now();
    let asked = ("times", query.office_id, &selection, query.date);
    let question = Question::of(&state, asked, portal.as_ref(), now);
    let turn = match question.lookup(&state).await {
        Lookup::Answered(response) => return Ok(response),
        Lookup::Unanswered(turn) => turn,
    };
    let mut tx = state.db.begin_read().await?;
    let (setup, units) = office_and_units(&mut tx, query.office_id, &selection).await?;
    let starts = availability::times(&mut tx, &setup, units, query.date, now).await?;
    let times: Vec<FreeTime> = starts
        .iter()
        .map(|start| free_time(query.office_id, setup.time_zone, start))
        .collect();
    question.answer(&state, turn, &times, Vec::new())
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct NextQuery {
    /// Services with quantities: `<service id>:<quantity>,…`.
    #[param(
        example = "1:1",
        pattern = r"^[0-9]{1,18}(:[0-9]{1,9})?(,[0-9]{1,18}(:[0-9]{1,9})?){0,9}$"
    )]
    pub services: String,
    /// Only these offices (comma-separated ids); default: every office offering the services.
    #[param(pattern = r"^[0-9]{1,18}(,[0-9]{1,18}){0,49}$")]
    pub office_id: Option<String>,
}

/// The next free appointment per office, earliest first.
#[utoipa::path(get, path = "/api/v1/availability/next", tag = "availability", params(NextQuery),
    security((), ("api_key" = [])),
    responses(
        (status = 200, description = "At most one entry per office, earliest first; empty if nothing is free within the horizon", body = Vec<NextFree>),
        (status = 400, description = "Malformed query", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "With an API key: `scope_missing` or `office_not_allowed`", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Unknown office, service not offered, quantity out of range", body = Problem, content_type = "application/problem+json"),
    ))]
#[get("/availability/next")]
pub async fn next_free_appointments(
    state: web::Data<AppState>,
    query: web::Query<NextQuery>,
    portal: Option<PortalClient>,
) -> Result<HttpResponse> {
    let selection = parse_selection(&query.services)?;
    let office_ids = query
        .office_id
        .as_deref()
        .map(parse_office_ids)
        .transpose()?;
    if let (Some(portal), Some(ids)) = (&portal, &office_ids) {
        for office_id in ids {
            portal.require_office(*office_id)?;
        }
    }
    let now = state.clock.now();
    let asked = ("next", &office_ids, &selection);
    let question = Question::of(&state, asked, portal.as_ref(), now);
    let turn = match question.lookup(&state).await {
        Lookup::Answered(response) => return Ok(response),
        Lookup::Unanswered(turn) => turn,
    };
    let mut tx = state.db.begin_read().await?;
    let mut candidates = Vec::new();
    match office_ids {
        Some(ids) => {
            for office_id in ids {
                candidates.push(office_and_units(&mut tx, office_id, &selection).await?);
            }
        }
        None => {
            // A portal restricted to some offices looks only at those.
            let allowed = |office_id: i64| {
                portal
                    .as_ref()
                    .is_none_or(|p| p.0.may_use_office(office_id))
            };
            for setup in OfficeSetup::load_all(&mut tx).await? {
                if allowed(setup.id())
                    && setup.offers_all(&selection, Channel::Online)
                    && let Ok(units) = setup.units_needed(&selection, Channel::Online, "services")
                {
                    candidates.push((setup, units));
                }
            }
        }
    }
    let mut found = Vec::new();
    for (setup, units) in &candidates {
        if let Some(start) = availability::next_free(&mut tx, setup, *units, now).await? {
            let time = free_time(setup.id(), setup.time_zone, &start);
            found.push(NextFree {
                office_id: time.office_id,
                start: time.start,
                end: time.end,
                free: time.free,
            });
        }
    }
    found.sort_by_key(|next| next.start);
    question.answer(&state, turn, &found, Vec::new())
}

enum Lookup {
    Answered(HttpResponse),
    Unanswered(Turn),
}

/// One availability request as the answer cache sees it: the same parsed question, from the
/// same portal (whose offices may limit the answer), at the same moment.
struct Question {
    key: String,
    basis: Basis,
}

impl Question {
    /// `asked` is the parsed request, so that spelling the same question differently (or
    /// adding unknown parameters) cannot bypass the cache.
    fn of(
        state: &AppState,
        asked: impl std::fmt::Debug,
        portal: Option<&PortalClient>,
        now: chrono::DateTime<chrono::Utc>,
    ) -> Question {
        let portal_id = portal.map(|portal| portal.0.id);
        let key = format!("{asked:?} {portal_id:?}");
        Question {
            key,
            basis: Basis::now(&state.db, now),
        }
    }

    /// The cached answer, or the turn to compute it (after whoever computes it now).
    async fn lookup(&self, state: &AppState) -> Lookup {
        let cached = || {
            state
                .answers
                .get(&self.key, &self.basis)
                .map(|answer| answer.to_response())
        };
        if let Some(response) = cached() {
            return Lookup::Answered(response);
        }
        let turn = state.answers.turn(&self.key).await;
        match cached() {
            Some(response) => Lookup::Answered(response),
            None => Lookup::Unanswered(turn),
        }
    }

    /// Answers with `body` and keeps the answer for the same question.
    fn answer(
        self,
        state: &AppState,
        turn: Turn,
        body: &impl serde::Serialize,
        headers: Vec<(&'static str, String)>,
    ) -> Result<HttpResponse> {
        let answer = Answer::json(body, headers).map_err(|e| ApiError::Internal(e.into()))?;
        let response = answer.to_response();
        state.answers.put(self.key, self.basis, answer);
        // Whoever waits for the same question finds the answer now.
        drop(turn);
        Ok(response)
    }
}

fn free_time(office_id: i64, time_zone: Tz, start: &FreeStart) -> FreeTime {
    let local = start.start.with_timezone(&time_zone);
    FreeTime {
        office_id: OfficeId(office_id),
        start: local.fixed_offset(),
        end: start.end.with_timezone(&time_zone).fixed_offset(),
        local_time: local.format("%H:%M").to_string(),
        free: start.free,
    }
}

fn earliest(a: Option<NaiveDate>, b: Option<NaiveDate>) -> Option<NaiveDate> {
    match (a, b) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    }
}

/// Reads `services=<id>:<qty>,…`.
pub fn parse_selection(raw: &str) -> Result<Vec<ServiceQuantity>> {
    let selection: ServiceSelection =
        raw.parse()
            .map_err(|error: shared::selection::SelectionSyntaxError| {
                ApiError::invalid("services", "invalid_selection", error.to_string())
            })?;
    if selection.0.len() > crate::scheduling::setup::MAX_SERVICES_PER_APPOINTMENT {
        return Err(ApiError::invalid(
            "services",
            "too_many",
            "choose at most 10 services",
        ));
    }
    Ok(selection.0)
}

fn parse_office_ids(raw: &str) -> Result<Vec<i64>> {
    let ids: Vec<i64> = raw
        .split(',')
        .map(|id| id.trim().parse::<i64>())
        .collect::<Result<_, _>>()
        .map_err(|_| {
            ApiError::invalid(
                "office_id",
                "invalid_office_id",
                "use office ids separated by commas",
            )
        })?;
    if ids.len() > MAX_OFFICES_PER_REQUEST {
        return Err(ApiError::invalid(
            "office_id",
            "too_many",
            format!("name at most {MAX_OFFICES_PER_REQUEST} offices"),
        ));
    }
    Ok(ids)
}

/// The office's setup and the units the selection needs there, or 422.
async fn office_and_units(
    tx: &mut Tx,
    office_id: i64,
    selection: &[ServiceQuantity],
) -> Result<(OfficeSetup, u32)> {
    let setup = OfficeSetup::load(tx, office_id).await?.ok_or_else(|| {
        ApiError::invalid(
            "office_id",
            "unknown_office",
            "there is no office with this id",
        )
    })?;
    let units = setup
        .units_needed(selection, Channel::Online, "services")
        .map_err(ApiError::Validation)?;
    Ok((setup, units))
}
