//! The configuration staff maintain — offices, services, which office offers what, opening
//! rules and closures — validated and audited. Every transaction checks the catalogue version
//! that the database changes with each of these writes (`store::catalog`), so a change shows at
//! once.
//!
//! Changes that can take capacity away from booked appointments (a closure, a changed or
//! removed rule) are checked afterwards inside the same transaction: [`settle`] finds the
//! active future appointments that no longer fit and, as asked, previews them (the caller
//! rolls back), refuses the change, cancels them by the office, or keeps them.

use super::appointments::cancel_by_office;
use super::audit::{self, Change};
use super::day_plan;
use crate::domain::audit::{AuditAction, AuditEntity};
use crate::domain::holidays::GermanState;
use crate::domain::schedule::{OpeningRule, RuleError, overlapping_rules};
use crate::domain::staff::StaffIdentity;
use crate::scheduling::links::Links;
use crate::scheduling::setup::{OfficeSetup, format_weekdays, parse_weekdays};
use crate::scheduling::{Error, Result, ensure_valid, field};
use crate::store::catalog::{self, ClosureRow, OfficeRow, OpeningRuleRow};
use crate::store::configuration::{
    self as stored, ClosureValues, OfficeValues, RuleValues, ServiceValues,
};
use crate::store::staff_appointments;
use crate::store::{StoreError, Tx, count};
use chrono::{DateTime, NaiveDate, Utc};
use shared::admin::{
    AdminClosure, AdminOffice, AdminOpeningRule, AdminService, AffectedAppointments,
    CapacityChange, ClosureSettings, DocumentText, OfferSettings, OfficeSettings,
    OpeningRuleSettings, ServiceOffer, ServiceSettings,
};
use shared::ids::{AppointmentId, OfficeId, ServiceId};
use shared::locale::Locale;
use shared::problem::FieldError;
use std::collections::{BTreeMap, BTreeSet, HashMap};

// ---- offices -------------------------------------------------------------------------------

fn office_settings(row: &OfficeRow) -> Result<OfficeSettings> {
    Ok(OfficeSettings {
        code: row.code.clone(),
        name: row.name.clone(),
        address: row.address.clone(),
        time_zone: row.time_zone.clone(),
        state: row.state.clone(),
        phone: row.phone.clone(),
        email: row.email.clone(),
        notice_de: row.notice_de.clone(),
        notice_en: row.notice_en.clone(),
        booking_rules: crate::scheduling::catalog::booking_rules(row)?,
    })
}

/// The offices `actor` sees, with all settings.
#[tracing::instrument(skip_all, fields(actor_id = actor.id))]
pub async fn offices(tx: &mut Tx, actor: &StaffIdentity) -> Result<Vec<AdminOffice>> {
    catalog::offices(tx)
        .await?
        .iter()
        .filter(|row| {
            actor
                .visible_offices()
                .is_none_or(|ids| ids.contains(&row.id))
        })
        .map(|row| {
            Ok(AdminOffice {
                id: OfficeId(row.id),
                settings: office_settings(row)?,
            })
        })
        .collect()
}

fn validate_office(settings: &OfficeSettings) -> Vec<FieldError> {
    let mut errors = Vec::new();
    let code_ok = (1..=4).contains(&settings.code.len())
        && settings.code.chars().all(|c| c.is_ascii_uppercase());
    if !code_ok {
        errors.push(field("code", "invalid_code", "use 1 to 4 capital letters"));
    }
    for (name, value) in [
        ("name", &settings.name),
        ("address", &settings.address),
        ("phone", &settings.phone),
        ("email", &settings.email),
    ] {
        if value.trim().is_empty() || value.chars().count() > 300 {
            errors.push(field(name, "required", "enter 1 to 300 characters"));
        }
    }
    if settings.time_zone.parse::<chrono_tz::Tz>().is_err() {
        errors.push(field(
            "time_zone",
            "unknown_time_zone",
            "use an IANA time zone such as Europe/Berlin",
        ));
    }
    if settings.state.parse::<GermanState>().is_err() {
        errors.push(field(
            "state",
            "unknown_state",
            "use the code of a German state, e.g. NW",
        ));
    }
    let rules = &settings.booking_rules;
    let ranges = [
        ("booking_rules.horizon_days", rules.horizon_days, 1, 730),
        (
            "booking_rules.min_notice_minutes",
            rules.min_notice_minutes,
            0,
            525_600,
        ),
        ("booking_rules.hold_minutes", rules.hold_minutes, 1, 120),
        (
            "booking_rules.max_open_appointments_per_email",
            rules.max_open_appointments_per_email,
            1,
            1000,
        ),
        (
            "booking_rules.activation_deadline_minutes",
            rules.activation_deadline_minutes,
            1,
            10_080,
        ),
        (
            "booking_rules.cancellation_cooldown_minutes",
            rules.cancellation_cooldown_minutes,
            0,
            10_080,
        ),
        (
            "booking_rules.release_window_minutes",
            rules.release_window_minutes,
            0,
            720,
        ),
    ];
    if rules.waitlist_offer_minutes != 0 && !(5..=1440).contains(&rules.waitlist_offer_minutes) {
        errors.push(field(
            "booking_rules.waitlist_offer_minutes",
            "out_of_range",
            "choose 0 (no waitlist) or a value from 5 to 1440",
        ));
    }
    for (name, value, min, max) in ranges {
        if !(min..=max).contains(&value) {
            errors.push(field(
                name,
                "out_of_range",
                format!("choose a value from {min} to {max}"),
            ));
        }
    }
    errors
}

fn office_values(settings: &OfficeSettings) -> OfficeValues<'_> {
    let rules = &settings.booking_rules;
    OfficeValues {
        code: &settings.code,
        name: settings.name.trim(),
        address: settings.address.trim(),
        time_zone: &settings.time_zone,
        state: &settings.state,
        phone: settings.phone.trim(),
        email: settings.email.trim(),
        notice_de: &settings.notice_de,
        notice_en: &settings.notice_en,
        horizon_days: i64::from(rules.horizon_days),
        min_notice_minutes: i64::from(rules.min_notice_minutes),
        hold_minutes: i64::from(rules.hold_minutes),
        max_open_appointments_per_email: i64::from(rules.max_open_appointments_per_email),
        activation_required: rules.activation_required,
        activation_deadline_minutes: i64::from(rules.activation_deadline_minutes),
        cancellation_cooldown_minutes: i64::from(rules.cancellation_cooldown_minutes),
        waitlist_offer_minutes: i64::from(rules.waitlist_offer_minutes),
        release_window_minutes: i64::from(rules.release_window_minutes),
        daily_release_time: rules.daily_release_time,
    }
}

#[tracing::instrument(skip_all, fields(actor_id = actor.id))]
pub async fn create_office(
    tx: &mut Tx,
    actor: &StaffIdentity,
    now: DateTime<Utc>,
    settings: &OfficeSettings,
) -> Result<AdminOffice> {
    ensure_valid(validate_office(settings))?;
    let id = stored::insert_office(tx, &office_values(settings))
        .await
        .map_err(|error| match error {
            StoreError::Duplicate(_) => Error::Invalid(vec![field(
                "code",
                "code_taken",
                "another office has this code",
            )]),
            other => other.into(),
        })?;
    let office = AdminOffice {
        id: OfficeId(id),
        settings: settings.clone(),
    };
    record(
        tx,
        actor,
        now,
        AuditAction::OfficeCreated,
        AuditEntity::Office,
        id,
        Some(id),
        None,
        audit::json(&office),
    )
    .await?;
    Ok(office)
}

#[tracing::instrument(skip_all, fields(actor_id = actor.id, office_id = office_id))]
pub async fn update_office(
    tx: &mut Tx,
    actor: &StaffIdentity,
    now: DateTime<Utc>,
    office_id: i64,
    settings: &OfficeSettings,
) -> Result<AdminOffice> {
    let row = catalog::office(tx, office_id)
        .await?
        .ok_or(Error::NotFound)?;
    let before = office_settings(&row)?;
    let mut errors = validate_office(settings);
    if settings.code != row.code {
        errors.push(field(
            "code",
            "code_fixed",
            "the code is part of every booking reference and cannot change",
        ));
    }
    ensure_valid(errors)?;
    stored::update_office(tx, office_id, &office_values(settings)).await?;
    let office = AdminOffice {
        id: OfficeId(office_id),
        settings: settings.clone(),
    };
    record(
        tx,
        actor,
        now,
        AuditAction::OfficeUpdated,
        AuditEntity::Office,
        office_id,
        Some(office_id),
        audit::json(&before),
        audit::json(&office.settings),
    )
    .await?;
    Ok(office)
}

#[allow(clippy::too_many_arguments)]
async fn record(
    tx: &mut Tx,
    actor: &StaffIdentity,
    now: DateTime<Utc>,
    action: AuditAction,
    entity: AuditEntity,
    entity_id: impl ToString,
    office_id: Option<i64>,
    before: Option<String>,
    after: Option<String>,
) -> Result<()> {
    audit::record(
        tx,
        actor,
        now,
        Change {
            action,
            entity,
            entity_id: Some(entity_id.to_string()),
            office_id,
            before,
            after,
        },
    )
    .await
}

// ---- services ------------------------------------------------------------------------------

/// Every service with both languages and where it is offered.
#[tracing::instrument(skip_all)]
pub async fn services(tx: &mut Tx) -> Result<Vec<AdminService>> {
    let documents = catalog::service_documents(tx).await?;
    let offers = stored::offers(tx).await?;
    catalog::services(tx)
        .await?
        .into_iter()
        .map(|row| {
            Ok(AdminService {
                id: ServiceId(row.id),
                offered_at: offers
                    .iter()
                    .filter(|(_, service, _)| *service == row.id)
                    .map(|&(office, _, units)| {
                        Ok(ServiceOffer {
                            office_id: OfficeId(office),
                            units: count(units, "office_services.units")?,
                        })
                    })
                    .collect::<Result<_, StoreError>>()?,
                settings: ServiceSettings {
                    documents: documents
                        .iter()
                        .filter(|d| d.service_id == row.id)
                        .map(|d| DocumentText {
                            de: d.text_de.clone(),
                            en: d.text_en.clone(),
                        })
                        .collect(),
                    max_quantity: count(row.max_quantity, "services.max_quantity")?,
                    online_bookable: row.online_bookable,
                    waitlist: row.waitlist,
                    position: row.position,
                    name_de: row.name_de,
                    name_en: row.name_en,
                    description_de: row.description_de,
                    description_en: row.description_en,
                    fees_de: row.fees_de,
                    fees_en: row.fees_en,
                },
            })
        })
        .collect()
}

async fn service(tx: &mut Tx, id: i64) -> Result<AdminService> {
    services(tx)
        .await?
        .into_iter()
        .find(|s| s.id.0 == id)
        .ok_or(Error::NotFound)
}

fn validate_service(settings: &ServiceSettings) -> Vec<FieldError> {
    let mut errors = Vec::new();
    for (name, value) in [
        ("name_de", &settings.name_de),
        ("name_en", &settings.name_en),
    ] {
        if value.trim().is_empty() || value.chars().count() > 200 {
            errors.push(field(name, "required", "enter 1 to 200 characters"));
        }
    }
    if !(1..=20).contains(&settings.max_quantity) {
        errors.push(field("max_quantity", "out_of_range", "choose 1 to 20"));
    }
    for (i, document) in settings.documents.iter().enumerate() {
        if document.de.trim().is_empty() || document.en.trim().is_empty() {
            errors.push(field(
                format!("documents[{i}]"),
                "required",
                "give each document in German and English",
            ));
        }
    }
    errors
}

fn service_values(settings: &ServiceSettings) -> ServiceValues<'_> {
    ServiceValues {
        name_de: settings.name_de.trim(),
        name_en: settings.name_en.trim(),
        description_de: &settings.description_de,
        description_en: &settings.description_en,
        fees_de: &settings.fees_de,
        fees_en: &settings.fees_en,
        max_quantity: i64::from(settings.max_quantity),
        online_bookable: settings.online_bookable,
        waitlist: settings.waitlist,
        position: settings.position,
    }
}

fn document_pairs(settings: &ServiceSettings) -> Vec<(&str, &str)> {
    settings
        .documents
        .iter()
        .map(|d| (d.de.trim(), d.en.trim()))
        .collect()
}

#[tracing::instrument(skip_all, fields(actor_id = actor.id))]
pub async fn create_service(
    tx: &mut Tx,
    actor: &StaffIdentity,
    now: DateTime<Utc>,
    settings: &ServiceSettings,
) -> Result<AdminService> {
    ensure_valid(validate_service(settings))?;
    let id = stored::insert_service(tx, &service_values(settings)).await?;
    stored::replace_documents(tx, id, &document_pairs(settings)).await?;
    let created = service(tx, id).await?;
    record(
        tx,
        actor,
        now,
        AuditAction::ServiceCreated,
        AuditEntity::Service,
        id,
        None,
        None,
        audit::json(&created),
    )
    .await?;
    Ok(created)
}

#[tracing::instrument(skip_all, fields(actor_id = actor.id, id = id))]
pub async fn update_service(
    tx: &mut Tx,
    actor: &StaffIdentity,
    now: DateTime<Utc>,
    id: i64,
    settings: &ServiceSettings,
) -> Result<AdminService> {
    let before = service(tx, id).await?;
    ensure_valid(validate_service(settings))?;
    stored::update_service(tx, id, &service_values(settings)).await?;
    stored::replace_documents(tx, id, &document_pairs(settings)).await?;
    let after = service(tx, id).await?;
    record(
        tx,
        actor,
        now,
        AuditAction::ServiceUpdated,
        AuditEntity::Service,
        id,
        None,
        audit::json(&before),
        audit::json(&after),
    )
    .await?;
    Ok(after)
}

/// Offers a service at an office (or changes its units there).
#[tracing::instrument(skip_all, fields(actor_id = actor.id, office_id = office_id, service_id = service_id))]
pub async fn set_offer(
    tx: &mut Tx,
    actor: &StaffIdentity,
    now: DateTime<Utc>,
    office_id: i64,
    service_id: i64,
    offer: OfferSettings,
) -> Result<AdminService> {
    service(tx, service_id).await?;
    if !(1..=32).contains(&offer.units) {
        return Err(Error::Invalid(vec![field(
            "units",
            "out_of_range",
            "a service takes 1 to 32 slot units",
        )]));
    }
    let before = stored::upsert_offer(tx, office_id, service_id, i64::from(offer.units)).await?;
    record(
        tx,
        actor,
        now,
        AuditAction::OfferSet,
        AuditEntity::OfficeService,
        format!("{office_id}/{service_id}"),
        Some(office_id),
        before.and_then(|units| audit::json(&serde_json::json!({ "units": units }))),
        audit::json(&offer),
    )
    .await?;
    service(tx, service_id).await
}

/// Stops offering a service at an office. Booked appointments keep their time.
#[tracing::instrument(skip_all, fields(actor_id = actor.id, office_id = office_id, service_id = service_id))]
pub async fn remove_offer(
    tx: &mut Tx,
    actor: &StaffIdentity,
    now: DateTime<Utc>,
    office_id: i64,
    service_id: i64,
) -> Result<()> {
    let before = stored::delete_offer(tx, office_id, service_id)
        .await?
        .ok_or(Error::NotFound)?;
    record(
        tx,
        actor,
        now,
        AuditAction::OfferRemoved,
        AuditEntity::OfficeService,
        format!("{office_id}/{service_id}"),
        Some(office_id),
        audit::json(&serde_json::json!({ "units": before })),
        None,
    )
    .await
}

// ---- opening rules -------------------------------------------------------------------------

fn rule_settings(row: &OpeningRuleRow) -> Result<OpeningRuleSettings> {
    Ok(OpeningRuleSettings {
        weekdays: parse_weekdays(&row.weekdays).ok_or_else(|| {
            Error::Store(StoreError::Corrupt(format!("rule {} weekdays", row.id)))
        })?,
        valid_from: row.valid_from,
        valid_until: row.valid_until,
        opens: row.opens,
        closes: row.closes,
        slot_minutes: count(row.slot_minutes, "slot_minutes")?,
        counters: count(row.counters, "counters")?,
        offline_counters: count(row.offline_counters, "offline_counters")?,
    })
}

fn domain_rule(settings: &OpeningRuleSettings) -> OpeningRule {
    OpeningRule {
        weekdays: settings.weekdays.clone(),
        valid_from: settings.valid_from,
        valid_until: settings.valid_until,
        opens: settings.opens,
        closes: settings.closes,
        slot_minutes: settings.slot_minutes,
        counters: settings.counters,
        offline_counters: settings.offline_counters,
    }
}

#[tracing::instrument(skip_all, fields(office_id = office_id))]
pub async fn rules(tx: &mut Tx, office_id: i64) -> Result<Vec<AdminOpeningRule>> {
    catalog::opening_rules_of_office(tx, office_id)
        .await?
        .iter()
        .map(|row| {
            Ok(AdminOpeningRule {
                id: row.id,
                rule: rule_settings(row)?,
            })
        })
        .collect()
}

/// The field a rule error belongs to.
fn rule_error(error: RuleError) -> FieldError {
    let (name, code) = match error {
        RuleError::NoWeekdays => ("weekdays", "required"),
        RuleError::OpensNotBeforeCloses { .. } => ("closes", "closes_before_opens"),
        RuleError::InvalidSlotLength(_) => ("slot_minutes", "out_of_range"),
        RuleError::WindowShorterThanSlot { .. } => ("slot_minutes", "longer_than_opening_hours"),
        RuleError::InvalidCounterCount(_) => ("counters", "out_of_range"),
        RuleError::OfflineCountersExceedCounters { .. } => {
            ("offline_counters", "more_than_counters")
        }
        RuleError::ValidUntilBeforeValidFrom { .. } => ("valid_until", "before_valid_from"),
    };
    field(name, code, error.to_string())
}

/// Checks `candidate` on its own and together with the office's other rules.
async fn validate_rule(
    tx: &mut Tx,
    office_id: i64,
    replacing: Option<i64>,
    candidate: &OpeningRuleSettings,
) -> Result<()> {
    let rule = domain_rule(candidate);
    rule.validate()
        .map_err(|e| Error::Invalid(vec![rule_error(e)]))?;
    let others: Vec<AdminOpeningRule> = rules(tx, office_id)
        .await?
        .into_iter()
        .filter(|r| Some(r.id) != replacing)
        .collect();
    let mut all: Vec<OpeningRule> = others.iter().map(|r| domain_rule(&r.rule)).collect();
    all.push(rule);
    if let Some((i, _)) = overlapping_rules(&all) {
        let other = others.get(i).map_or(0, |r| r.id);
        return Err(Error::Invalid(vec![field(
            "weekdays",
            "overlapping_rule",
            format!("these opening hours overlap opening rule {other} on a common weekday"),
        )]));
    }
    Ok(())
}

fn rule_values(settings: &OpeningRuleSettings) -> RuleValues {
    RuleValues {
        weekdays: format_weekdays(&settings.weekdays),
        valid_from: settings.valid_from,
        valid_until: settings.valid_until,
        opens: settings.opens,
        closes: settings.closes,
        slot_minutes: i64::from(settings.slot_minutes),
        counters: i64::from(settings.counters),
        offline_counters: i64::from(settings.offline_counters),
    }
}

#[tracing::instrument(skip_all, fields(actor_id = actor.id, office_id = office_id))]
pub async fn add_rule(
    tx: &mut Tx,
    actor: &StaffIdentity,
    now: DateTime<Utc>,
    office_id: i64,
    settings: &OpeningRuleSettings,
) -> Result<i64> {
    validate_rule(tx, office_id, None, settings).await?;
    let id = stored::insert_rule(tx, office_id, &rule_values(settings)).await?;
    record(
        tx,
        actor,
        now,
        AuditAction::OpeningRuleCreated,
        AuditEntity::OpeningRule,
        id,
        Some(office_id),
        None,
        audit::json(settings),
    )
    .await?;
    Ok(id)
}

#[tracing::instrument(skip_all, fields(actor_id = actor.id, office_id = office_id, rule_id = rule_id))]
pub async fn change_rule(
    tx: &mut Tx,
    actor: &StaffIdentity,
    now: DateTime<Utc>,
    office_id: i64,
    rule_id: i64,
    settings: &OpeningRuleSettings,
) -> Result<()> {
    let before = stored::rule_of_office(tx, office_id, rule_id)
        .await?
        .ok_or(Error::NotFound)?;
    validate_rule(tx, office_id, Some(rule_id), settings).await?;
    stored::update_rule(tx, rule_id, &rule_values(settings)).await?;
    record(
        tx,
        actor,
        now,
        AuditAction::OpeningRuleUpdated,
        AuditEntity::OpeningRule,
        rule_id,
        Some(office_id),
        audit::json(&rule_settings(&before)?),
        audit::json(settings),
    )
    .await
}

#[tracing::instrument(skip_all, fields(actor_id = actor.id, office_id = office_id, rule_id = rule_id))]
pub async fn remove_rule(
    tx: &mut Tx,
    actor: &StaffIdentity,
    now: DateTime<Utc>,
    office_id: i64,
    rule_id: i64,
) -> Result<()> {
    let before = stored::rule_of_office(tx, office_id, rule_id)
        .await?
        .ok_or(Error::NotFound)?;
    stored::delete_rule(tx, rule_id).await?;
    record(
        tx,
        actor,
        now,
        AuditAction::OpeningRuleDeleted,
        AuditEntity::OpeningRule,
        rule_id,
        Some(office_id),
        audit::json(&rule_settings(&before)?),
        None,
    )
    .await
}

// ---- closures ------------------------------------------------------------------------------

fn closure_settings(row: &ClosureRow) -> ClosureSettings {
    ClosureSettings {
        starts_on: row.starts_on,
        ends_on: row.ends_on,
        from_time: row.from_time,
        until_time: row.until_time,
        reason: row.reason.clone(),
    }
}

#[tracing::instrument(skip_all, fields(office_id = office_id))]
pub async fn closures(tx: &mut Tx, office_id: i64) -> Result<Vec<AdminClosure>> {
    Ok(stored::closures_of_office(tx, office_id)
        .await?
        .iter()
        .map(|row| AdminClosure {
            id: row.id,
            closure: closure_settings(row),
        })
        .collect())
}

fn validate_closure(settings: &ClosureSettings) -> Vec<FieldError> {
    let mut errors = Vec::new();
    if settings.ends_on < settings.starts_on {
        errors.push(field(
            "ends_on",
            "before_starts_on",
            "the closure must end on or after its first day",
        ));
    }
    if (settings.ends_on - settings.starts_on).num_days() > 366 {
        errors.push(field(
            "ends_on",
            "range_too_long",
            "a closure spans at most a year",
        ));
    }
    match (settings.from_time, settings.until_time) {
        (None, None) => {}
        (Some(from), Some(until)) if from < until => {}
        (Some(_), Some(_)) => errors.push(field(
            "until_time",
            "before_from_time",
            "the closure must end after it starts",
        )),
        _ => errors.push(field(
            "until_time",
            "both_or_neither",
            "give both times for part of a day, or neither for whole days",
        )),
    }
    if settings.reason.chars().count() > 200 {
        errors.push(field("reason", "too_long", "at most 200 characters"));
    }
    errors
}

#[tracing::instrument(skip_all, fields(actor_id = actor.id, office_id = office_id))]
pub async fn add_closure(
    tx: &mut Tx,
    actor: &StaffIdentity,
    now: DateTime<Utc>,
    office_id: i64,
    settings: &ClosureSettings,
) -> Result<i64> {
    ensure_valid(validate_closure(settings))?;
    let id = stored::insert_closure(
        tx,
        office_id,
        &ClosureValues {
            starts_on: settings.starts_on,
            ends_on: settings.ends_on,
            from_time: settings.from_time,
            until_time: settings.until_time,
            reason: settings.reason.trim(),
        },
    )
    .await?;
    record(
        tx,
        actor,
        now,
        AuditAction::ClosureCreated,
        AuditEntity::Closure,
        id,
        Some(office_id),
        None,
        audit::json(settings),
    )
    .await?;
    Ok(id)
}

#[tracing::instrument(skip_all, fields(actor_id = actor.id, office_id = office_id, closure_id = closure_id))]
pub async fn remove_closure(
    tx: &mut Tx,
    actor: &StaffIdentity,
    now: DateTime<Utc>,
    office_id: i64,
    closure_id: i64,
) -> Result<()> {
    let before = stored::closure_of_office(tx, office_id, closure_id)
        .await?
        .ok_or(Error::NotFound)?;
    stored::delete_closure(tx, closure_id).await?;
    record(
        tx,
        actor,
        now,
        AuditAction::ClosureDeleted,
        AuditEntity::Closure,
        closure_id,
        Some(office_id),
        audit::json(&closure_settings(&before)),
        None,
    )
    .await
}

// ---- appointments a change affects ---------------------------------------------------------

/// Active future appointments at the office that no longer fit its configuration as it is in
/// this transaction: a unit they claim is gone (closed, no rule, another grid), or a unit has
/// fewer counters than claims — then the latest bookings are the ones that do not fit.
#[tracing::instrument(skip_all, fields(office_id = office_id))]
pub async fn affected_appointments(
    tx: &mut Tx,
    office_id: i64,
    now: DateTime<Utc>,
) -> Result<Vec<i64>> {
    let setup = OfficeSetup::existing(tx, office_id).await?;
    let claims = staff_appointments::future_claims(tx, office_id, now).await?;
    let mut by_appointment: BTreeMap<i64, Vec<DateTime<Utc>>> = BTreeMap::new();
    let mut dates = BTreeSet::new();
    for claim in &claims {
        by_appointment
            .entry(claim.id)
            .or_default()
            .push(claim.unit_start);
        dates.insert(setup.today(claim.start_at));
    }
    let (Some(&first), Some(&last)) = (dates.first(), dates.last()) else {
        return Ok(Vec::new());
    };
    let closures = setup.closures(tx, first, last).await?;
    let calendar = setup.calendar(&closures);
    let capacity: HashMap<DateTime<Utc>, u32> = dates
        .iter()
        .flat_map(|date: &NaiveDate| calendar.day(*date).windows.into_iter().flatten())
        .map(|unit| (unit.start, unit.total_capacity))
        .collect();
    let mut used: HashMap<DateTime<Utc>, u32> = HashMap::new();
    let mut affected = Vec::new();
    for (id, units) in by_appointment {
        let fits = units.iter().all(|unit| {
            capacity
                .get(unit)
                .is_some_and(|cap| used.get(unit).copied().unwrap_or(0) < *cap)
        });
        if fits {
            for unit in units {
                *used.entry(unit).or_default() += 1;
            }
        } else {
            affected.push(id);
        }
    }
    Ok(affected)
}

/// After a change that may take capacity: previews, refuses, cancels or keeps the affected
/// appointments. With `dry_run` the caller must roll back.
#[allow(clippy::too_many_arguments)]
#[tracing::instrument(skip_all, fields(actor_id = actor.id, office_id = office_id, changed_id = ?changed_id))]
pub async fn settle(
    tx: &mut Tx,
    actor: &StaffIdentity,
    now: DateTime<Utc>,
    links: &Links,
    office_id: i64,
    changed_id: Option<i64>,
    dry_run: bool,
    decision: Option<AffectedAppointments>,
    reason: &str,
) -> Result<CapacityChange> {
    let ids = affected_appointments(tx, office_id, now).await?;
    let setup = OfficeSetup::existing(tx, office_id).await?;
    let mut rows = Vec::with_capacity(ids.len());
    let mut affected = Vec::with_capacity(ids.len());
    for id in &ids {
        let row = staff_appointments::by_id(tx, *id)
            .await?
            .ok_or(Error::NotFound)?;
        affected.push(day_plan::appointment(tx, &row, setup.time_zone, Locale::De, now).await?);
        rows.push(row);
    }
    let mut cancelled = Vec::new();
    if !dry_run && !rows.is_empty() {
        match decision {
            None => {
                return Err(Error::Conflict(
                    "appointments_affected",
                    format!(
                        "{} booked appointment(s) no longer fit; preview them with ?dry_run=true, \
                         then repeat with ?affected=cancel or ?affected=keep",
                        rows.len()
                    ),
                ));
            }
            Some(AffectedAppointments::Keep) => {}
            Some(AffectedAppointments::Cancel) => {
                for row in &rows {
                    cancel_by_office(tx, actor, now, links, row, reason).await?;
                    cancelled.push(AppointmentId(row.id));
                }
            }
        }
    }
    Ok(CapacityChange {
        dry_run,
        id: changed_id.filter(|_| !dry_run),
        affected,
        cancelled,
    })
}
