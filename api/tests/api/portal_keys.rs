//! Third-party portals with API keys: authentication, scopes, offices, quotas, exemption from
//! the bot defences, attribution of bookings, idempotent creates, and the audit trail.

use crate::helpers::*;
use client::Client;
use reqwest::StatusCode;
use shared::bookings::CreateHold;
use shared::ids::OfficeId;
use shared::portal::{ApiClientWithSecrets, ApiScope, NewApiClient};

/// Creates an API client through the admin API and returns it with a client using its key.
pub async fn portal(
    app: &TestApp,
    name: &str,
    scopes: &[ApiScope],
    offices: &[OfficeId],
    requests_per_minute: u32,
    webhook_url: Option<String>,
) -> (Client, ApiClientWithSecrets) {
    let created = admin_client(app)
        .await
        .create_api_client(
            &NewApiClient {
                name: name.into(),
                scopes: scopes.to_vec(),
                offices: offices.to_vec(),
                requests_per_minute,
                webhook_url,
            },
            None,
        )
        .await
        .expect("API client created")
        .value;
    let key = created.key.clone().expect("the key is shown at creation");
    (app.client.clone().with_api_key(key), created)
}

const EVERYTHING: [ApiScope; 3] = [
    ApiScope::AvailabilityRead,
    ApiScope::BookingsWrite,
    ApiScope::StaffRead,
];

#[tokio::test]
async fn a_portal_books_without_proof_of_work_or_address_limit_and_the_booking_names_it() {
    let app = spawn_app_with(|s| {
        s.defences.pow_difficulty = Some(12);
        s.defences.rate_limit_per_minute = 4;
    })
    .await;
    let (portal, created) = portal(&app, "Serviceportal NRW", &EVERYTHING, &[], 100, None).await;
    assert!(created.client.key_prefix.starts_with("tv_key_"));
    assert_eq!(created.webhook_secret, None);

    for _ in 0..6 {
        portal
            .next_free(&one(ID_CARD), None)
            .await
            .expect("no per-address limit for portals");
    }
    let first = portal
        .book(
            &booking_of(
                MAIN_OFFICE,
                one(ID_CARD),
                winter_time(2026, 12, 1, 9, 0),
                "a@example.org",
            ),
            None,
        )
        .await
        .expect("a portal needs no proof of work");
    portal
        .book(
            &booking_of(
                MAIN_OFFICE,
                one(ID_CARD),
                winter_time(2026, 12, 1, 9, 15),
                "b@example.org",
            ),
            None,
        )
        .await
        .expect("nor is it limited per address");
    assert_eq!(first.status, StatusCode::CREATED);
    assert!(first.booking.manage_token.is_some());

    let citizen = app
        .client
        .book(
            &booking_of(
                MAIN_OFFICE,
                one(ID_CARD),
                winter_time(2026, 12, 1, 9, 30),
                "c@example.org",
            ),
            None,
        )
        .await;
    expect_problem(citizen, 403, "pow_required");

    let booked = planned(&app, date(2026, 12, 1), &first.booking.reference).await;
    assert_eq!(booked.booked_via.as_deref(), Some("Serviceportal NRW"));

    // The citizen still gets the confirmation email of a portal booking.
    let mut mails = 0;
    for _ in 0..50 {
        mails = std::fs::read_dir(app.mail_dir()).map_or(0, |dir| dir.count());
        if mails >= 2 {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert_eq!(mails, 2);
}

#[tokio::test]
async fn unknown_and_revoked_keys_get_401() {
    let app = spawn_app().await;
    let unknown = app
        .client
        .clone()
        .with_api_key("tv_key_not-a-key-we-issued")
        .offices()
        .await;
    expect_problem(unknown, 401, "invalid_api_key");

    let (portal, created) = portal(&app, "Kreisportal", &EVERYTHING, &[], 100, None).await;
    assert!(portal.offices().await.is_ok());
    let revoked = admin_client(&app)
        .await
        .revoke_api_client(created.client.id)
        .await
        .unwrap();
    assert!(revoked.revoked_at.is_some());
    expect_problem(portal.offices().await, 401, "invalid_api_key");
}

#[tokio::test]
async fn a_key_without_the_scope_gets_403_and_staff_endpoints_refuse_keys() {
    let app = spawn_app().await;
    let (reader, _) = portal(
        &app,
        "Nur lesen",
        &[ApiScope::AvailabilityRead],
        &[],
        100,
        None,
    )
    .await;
    assert!(
        reader
            .times(MAIN_OFFICE, &one(ID_CARD), date(2026, 12, 1))
            .await
            .is_ok()
    );
    let booking = reader
        .book(
            &booking_of(
                MAIN_OFFICE,
                one(ID_CARD),
                winter_time(2026, 12, 1, 9, 0),
                "s@example.org",
            ),
            None,
        )
        .await;
    expect_problem(booking, 403, "scope_missing");
    expect_problem(
        reader.day_plan(MAIN_OFFICE, date(2026, 12, 1)).await,
        403,
        "scope_missing",
    );
    expect_problem(reader.api_clients().await, 403, "api_key_not_accepted");
}

#[tokio::test]
async fn a_key_restricted_to_an_office_cannot_use_another() {
    let app = spawn_app().await;
    let (branch, _) = portal(&app, "Ortsportal", &EVERYTHING, &[BRANCH_OFFICE], 100, None).await;
    expect_problem(
        branch
            .times(MAIN_OFFICE, &one(REGISTRATION), date(2026, 12, 1))
            .await,
        403,
        "office_not_allowed",
    );
    let times = branch
        .times(BRANCH_OFFICE, &one(REGISTRATION), date(2026, 12, 1))
        .await
        .unwrap();
    assert!(!times.is_empty());
    let next = branch.next_free(&one(REGISTRATION), None).await.unwrap();
    assert_eq!(
        next.iter().map(|n| n.office_id).collect::<Vec<_>>(),
        vec![BRANCH_OFFICE],
        "only its own office is searched"
    );
    expect_problem(
        branch
            .book(
                &booking_of(
                    MAIN_OFFICE,
                    one(REGISTRATION),
                    winter_time(2026, 12, 1, 9, 0),
                    "o@example.org",
                ),
                None,
            )
            .await,
        403,
        "office_not_allowed",
    );
    expect_problem(
        branch.day_plan(MAIN_OFFICE, date(2026, 12, 1)).await,
        403,
        "office_not_allowed",
    );
    assert!(
        branch
            .day_plan(BRANCH_OFFICE, date(2026, 12, 1))
            .await
            .is_ok()
    );
    let booked = branch
        .book(
            &booking_of(
                BRANCH_OFFICE,
                one(REGISTRATION),
                times[0].start,
                "o@example.org",
            ),
            None,
        )
        .await
        .unwrap();
    let plan = branch
        .day_plan(BRANCH_OFFICE, date(2026, 12, 1))
        .await
        .unwrap();
    assert!(plan.iter().any(|a| a.reference == booked.booking.reference));
}

#[tokio::test]
async fn a_portal_over_its_quota_gets_429_with_retry_after() {
    let app = spawn_app().await;
    let (portal, _) = portal(&app, "Sparsam", &EVERYTHING, &[], 3, None).await;
    for _ in 0..3 {
        portal.offices().await.expect("within the quota");
    }
    let over = reqwest::Client::new()
        .get(app.url("/api/v1/offices"))
        .header("X-Api-Key", portal.api_key().unwrap())
        .send()
        .await
        .unwrap();
    assert_eq!(over.status(), StatusCode::TOO_MANY_REQUESTS);
    let retry_after: u64 = over.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((1..=60).contains(&retry_after), "{retry_after}");
    let problem: shared::problem::Problem = over.json().await.unwrap();
    assert_eq!(problem.code, "quota_exceeded");
    assert!(
        app.client.offices().await.is_ok(),
        "citizens are not affected"
    );
}

#[tokio::test]
async fn creating_holds_bookings_and_api_clients_honours_the_idempotency_key() {
    let app = spawn_app().await;
    let (portal_a, _) = portal(&app, "Portal A", &EVERYTHING, &[], 100, None).await;
    let (portal_b, _) = portal(&app, "Portal B", &EVERYTHING, &[], 100, None).await;

    let hold = CreateHold {
        office_id: MAIN_OFFICE,
        services: one(ID_CARD),
        start: winter_time(2026, 12, 1, 10, 0),
    };
    let first = portal_a.hold_with_key(&hold, "hold-1").await.unwrap();
    let again = portal_a.hold_with_key(&hold, "hold-1").await.unwrap();
    assert_eq!((first.status, first.replayed), (StatusCode::CREATED, false));
    assert_eq!((again.status, again.replayed), (StatusCode::CREATED, true));
    assert_eq!(first.value.id, again.value.id);
    let other_portal = portal_b.hold_with_key(&hold, "hold-1").await.unwrap();
    assert!(
        !other_portal.replayed,
        "keys of different clients never collide"
    );
    assert_ne!(other_portal.value.id, first.value.id);

    let request = booking_of(
        MAIN_OFFICE,
        one(ID_CARD),
        winter_time(2026, 12, 1, 11, 0),
        "i@example.org",
    );
    let booked = portal_a.book(&request, Some("book-1")).await.unwrap();
    let replay = portal_a.book(&request, Some("book-1")).await.unwrap();
    assert!(replay.replayed && !booked.replayed);
    assert_eq!(booked.booking.reference, replay.booking.reference);
    let mut changed = request.clone();
    changed.citizen.email = "other@example.org".into();
    let reused = portal_a.book(&changed, Some("book-1")).await;
    let problem = expect_problem(reused, 422, "validation_failed");
    assert_eq!(problem.errors[0].code, "idempotency_key_reused");

    let admin = admin_client(&app).await;
    let new_client = NewApiClient {
        name: "Portal C".into(),
        scopes: vec![ApiScope::AvailabilityRead],
        offices: Vec::new(),
        requests_per_minute: 60,
        webhook_url: None,
    };
    let created = admin
        .create_api_client(&new_client, Some("client-1"))
        .await
        .unwrap();
    let replayed = admin
        .create_api_client(&new_client, Some("client-1"))
        .await
        .unwrap();
    assert!(replayed.replayed);
    assert_eq!(created.value.client.id, replayed.value.client.id);
    assert_eq!(created.value.key, replayed.value.key);
    assert_eq!(admin.api_clients().await.unwrap().len(), 3);
}

#[tokio::test]
async fn api_client_changes_are_validated_and_audited_without_secrets() {
    let app = spawn_app().await;
    let admin = admin_client(&app).await;
    let invalid = admin
        .create_api_client(
            &NewApiClient {
                name: " ".into(),
                scopes: Vec::new(),
                offices: vec![OfficeId(99)],
                requests_per_minute: 0,
                webhook_url: Some("ftp://example.org/hook".into()),
            },
            None,
        )
        .await;
    let problem = expect_problem(invalid, 422, "validation_failed");
    let fields: Vec<_> = problem.errors.iter().map(|e| e.field.as_str()).collect();
    assert_eq!(
        fields,
        vec![
            "name",
            "scopes",
            "requests_per_minute",
            "webhook_url",
            "offices[0]"
        ]
    );

    let (_, created) = portal(
        &app,
        "Audited",
        &EVERYTHING,
        &[],
        10,
        Some("https://portal.example.org/hook".into()),
    )
    .await;
    let secret = created
        .webhook_secret
        .clone()
        .expect("a webhook secret is issued with the URL");
    assert!(secret.starts_with("whsec_"));
    let duplicate = admin
        .create_api_client(
            &NewApiClient {
                name: "Audited".into(),
                scopes: vec![ApiScope::AvailabilityRead],
                offices: Vec::new(),
                requests_per_minute: 10,
                webhook_url: None,
            },
            None,
        )
        .await;
    expect_problem(duplicate, 409, "name_taken");
    let updated = admin
        .update_api_client(
            created.client.id,
            &shared::portal::ApiClientUpdate {
                name: "Audited".into(),
                scopes: vec![ApiScope::AvailabilityRead],
                offices: vec![MAIN_OFFICE],
                requests_per_minute: 20,
                webhook_url: Some("https://portal.example.org/hook".into()),
                rotate_webhook_secret: true,
            },
        )
        .await
        .unwrap();
    let rotated = updated.webhook_secret.expect("rotated secret shown once");
    assert_ne!(rotated, secret);
    assert_eq!(updated.client.offices, vec![MAIN_OFFICE]);
    assert_eq!(updated.key, None);
    admin.revoke_api_client(created.client.id).await.unwrap();

    let log = admin.audit(1, Some("api_client")).await.unwrap();
    let actions: Vec<_> = log.entries.iter().map(|e| e.action.as_str()).collect();
    assert_eq!(
        actions,
        vec![
            "api_client.revoked",
            "api_client.updated_with_new_webhook_secret",
            "api_client.created"
        ]
    );
    let key = created.key.unwrap();
    for entry in &log.entries {
        for text in [&entry.before, &entry.after].into_iter().flatten() {
            assert!(!text.contains(&key) && !text.contains(&secret) && !text.contains(&rotated));
        }
    }
}
