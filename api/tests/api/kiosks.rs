//! Ticket kiosks: staff issue a kiosk (its device token shown once) and revoke it; a kiosk
//! draws walk-in tickets at its own office only while its token is valid.

use crate::helpers::*;
use crate::raw_http::RawRequest;
use reqwest::StatusCode;
use shared::auth::StaffRole;
use shared::call_queue::{NewKiosk, NewTicket};

fn entrance() -> NewKiosk {
    NewKiosk {
        name: "  Eingang Rathaus ".into(),
    }
}

fn ticket_for(service: shared::ids::ServiceId) -> NewTicket {
    NewTicket {
        services: one(service),
    }
}

#[tokio::test]
async fn a_kiosk_draws_numbered_tickets_at_its_office_and_nowhere_after_it_is_revoked() {
    let app = spawn_app().await;
    let admin = admin_client(&app).await;
    let issued = admin.issue_kiosk(MAIN_OFFICE, &entrance()).await.unwrap();
    assert_eq!(issued.kiosk.name, "Eingang Rathaus");
    assert!(issued.token.starts_with("tv_kiosk_"));
    let stored = count(
        &app.database_url,
        &format!(
            "SELECT COUNT(*) FROM kiosk_devices WHERE token_hash LIKE '%{}%'",
            &issued.token["tv_kiosk_".len()..]
        ),
    )
    .await;
    assert_eq!(stored, 0, "only the token's hash is stored");

    let session = app.client.kiosk_session(&issued.token).await.unwrap();
    assert_eq!(session.office_id, MAIN_OFFICE);
    let first = app
        .client
        .kiosk_ticket(&issued.token, &ticket_for(ID_CARD))
        .await
        .unwrap();
    let at_desk = admin
        .issue_ticket(MAIN_OFFICE, &ticket_for(PASSPORT))
        .await
        .unwrap();
    assert_eq!([&first.number, &at_desk.number], ["A-001", "A-002"]);
    let status = app.client.ticket(&first.token).await.unwrap();
    assert_eq!(status.ahead, Some(0));
    let listed = admin.kiosks(MAIN_OFFICE).await.unwrap();
    assert_eq!(listed.len(), 1);
    assert!(listed[0].last_used_at.is_some());

    admin
        .revoke_kiosk(MAIN_OFFICE, issued.kiosk.id)
        .await
        .unwrap();
    let refused = app
        .client
        .kiosk_ticket(&issued.token, &ticket_for(ID_CARD))
        .await
        .unwrap_err();
    assert_eq!(refused.status(), Some(StatusCode::UNAUTHORIZED));
    assert!(admin.kiosks(MAIN_OFFICE).await.unwrap().is_empty());
    let again = admin.revoke_kiosk(MAIN_OFFICE, issued.kiosk.id).await;
    assert_eq!(again.unwrap_err().status(), Some(StatusCode::NOT_FOUND));

    let log = admin.audit(1, Some("kiosk")).await.unwrap();
    let actions: Vec<&str> = log.entries.iter().map(|e| e.action.as_str()).collect();
    assert_eq!(actions, ["kiosk.revoked", "kiosk.issued"]);
    let logged = serde_json::to_string(&log).unwrap();
    assert!(!logged.contains(&issued.token[9..]), "never the token");
}

#[tokio::test]
async fn a_kiosk_offers_only_the_services_of_its_own_office() {
    let app = spawn_app().await;
    let admin = admin_client(&app).await;
    let issued = admin.issue_kiosk(BRANCH_OFFICE, &entrance()).await.unwrap();
    let refused = app
        .client
        .kiosk_ticket(&issued.token, &ticket_for(PASSPORT))
        .await
        .unwrap_err();
    assert_eq!(refused.status(), Some(StatusCode::UNPROCESSABLE_ENTITY));
    let drawn = app
        .client
        .kiosk_ticket(&issued.token, &ticket_for(REGISTRATION))
        .await
        .unwrap();
    assert_eq!(drawn.number, "A-001");
}

#[tokio::test]
async fn tokens_that_are_missing_forged_spoofed_or_oversized_draw_no_ticket() {
    let app = spawn_app().await;
    let admin = admin_client(&app).await;
    let issued = admin.issue_kiosk(MAIN_OFFICE, &entrance()).await.unwrap();
    let token = issued.token.as_str();
    let body = serde_json::to_string(&ticket_for(ID_CARD)).unwrap();
    let forged = format!("tv_kiosk_{}", "A".repeat(43));
    let oversized = format!("{token}{}", "a".repeat(10_000));
    let spellings: Vec<Option<String>> = vec![
        None,
        Some(String::new()),
        Some(forged),
        Some(token.to_uppercase()),
        Some(format!("Bearer {token}")),
        Some(format!("{token},{token}")),
        Some(token.replace('_', "%5F")),
        Some(oversized),
        Some(admin_api_key_like(token)),
    ];
    for spelling in spellings {
        let mut request = RawRequest::new("POST", "/api/v1/kiosk/tickets").json(&body);
        if let Some(value) = &spelling {
            request = request.header("X-Kiosk-Token", value.clone());
        }
        let response = request.send(app.port).await;
        assert!(
            matches!(response.status, 401 | 431 | 400),
            "{spelling:?} answered {}: {}",
            response.status,
            response.body
        );
    }
    let drawn = count(&app.database_url, "SELECT COUNT(*) FROM queue_entries").await;
    assert_eq!(drawn, 0, "no ticket was drawn");
    // Two headers, one of them right: the first one counts, so the answer is stable.
    let doubled = RawRequest::new("POST", "/api/v1/kiosk/tickets")
        .json(&body)
        .header("X-Kiosk-Token", "tv_kiosk_wrong")
        .header("X-Kiosk-Token", token.to_owned())
        .send(app.port)
        .await;
    assert_eq!(doubled.status, 401, "{}", doubled.body);
}

/// What a confused operator might paste: an API key's shape with the kiosk token's secret.
fn admin_api_key_like(token: &str) -> String {
    token.replace("tv_kiosk_", "tv_key_")
}

#[tokio::test]
async fn only_managers_of_the_office_issue_and_revoke_its_kiosks_and_names_are_checked() {
    let app = spawn_app().await;
    let clerk = staff_client(&app, StaffRole::Clerk, &[MAIN_OFFICE]).await;
    let refused = clerk
        .issue_kiosk(MAIN_OFFICE, &entrance())
        .await
        .unwrap_err();
    assert_eq!(refused.status(), Some(StatusCode::FORBIDDEN));
    let other_manager = staff_client(&app, StaffRole::Manager, &[BRANCH_OFFICE]).await;
    let refused = other_manager
        .issue_kiosk(MAIN_OFFICE, &entrance())
        .await
        .unwrap_err();
    assert_eq!(refused.status(), Some(StatusCode::FORBIDDEN));
    let manager = staff_client(&app, StaffRole::Manager, &[MAIN_OFFICE]).await;
    for name in ["", "   ", "Eingang\nRathaus", &"x".repeat(61)] {
        let refused = manager
            .issue_kiosk(MAIN_OFFICE, &NewKiosk { name: name.into() })
            .await
            .unwrap_err();
        assert_eq!(refused.code(), Some("validation_failed"), "{name:?}");
    }
    let issued = manager.issue_kiosk(MAIN_OFFICE, &entrance()).await.unwrap();
    let refused = other_manager
        .revoke_kiosk(BRANCH_OFFICE, issued.kiosk.id)
        .await
        .unwrap_err();
    assert_eq!(
        refused.status(),
        Some(StatusCode::NOT_FOUND),
        "a kiosk of another office is not found there"
    );
    manager
        .revoke_kiosk(MAIN_OFFICE, issued.kiosk.id)
        .await
        .unwrap();
}

#[tokio::test]
async fn a_kiosk_that_sends_its_ticket_request_again_gets_the_same_ticket_not_a_second_one() {
    let app = spawn_app().await;
    let admin = admin_client(&app).await;
    let issued = admin.issue_kiosk(MAIN_OFFICE, &entrance()).await.unwrap();
    let body = serde_json::to_string(&ticket_for(ID_CARD)).unwrap();
    let draw = || {
        RawRequest::new("POST", "/api/v1/kiosk/tickets")
            .json(&body)
            .header("X-Kiosk-Token", issued.token.clone())
            .header("Idempotency-Key", "kiosk-press-0001")
    };
    let first = draw().send(app.port).await;
    let again = draw().send(app.port).await;
    assert_eq!((first.status, again.status), (201, 201), "{}", again.body);
    assert_eq!(first.body, again.body);
    assert_eq!(again.header("idempotent-replayed"), Some("true"));
    let other = admin.issue_kiosk(MAIN_OFFICE, &entrance()).await.unwrap();
    let elsewhere = RawRequest::new("POST", "/api/v1/kiosk/tickets")
        .json(&body)
        .header("X-Kiosk-Token", other.token.clone())
        .header("Idempotency-Key", "kiosk-press-0001")
        .send(app.port)
        .await;
    assert_ne!(elsewhere.body, first.body, "another kiosk's key is its own");
    let drawn = count(&app.database_url, "SELECT COUNT(*) FROM queue_entries").await;
    assert_eq!(drawn, 2);
}
