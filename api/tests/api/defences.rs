//! Fair access and hardening: proof of work, rate limits, security headers.

use crate::helpers::*;
use chrono::{FixedOffset, TimeZone};
use reqwest::StatusCode;

fn tuesday_nine() -> chrono::DateTime<FixedOffset> {
    FixedOffset::east_opt(3600)
        .unwrap()
        .with_ymd_and_hms(2026, 12, 1, 9, 0, 0)
        .unwrap()
}

#[tokio::test]
async fn public_bookings_need_a_solved_single_use_challenge() {
    let app = spawn_app_with(|s| s.defences.pow_difficulty = Some(8)).await;
    let request = booking_of(MAIN_OFFICE, one(ID_CARD), tuesday_nine(), "pow@example.org");
    let without = app.client.book(&request, None).await.unwrap_err();
    assert_eq!(
        (without.status(), without.code()),
        (Some(StatusCode::FORBIDDEN), Some("pow_required"))
    );

    let challenge = app.client.challenge().await.unwrap();
    assert_eq!(challenge.difficulty, 8);
    let solution = format!(
        "{}:{}",
        challenge.token,
        shared::challenge::solve(&challenge.token, 8)
    );
    let post = |solution: String| {
        reqwest::Client::new()
            .post(app.url("/api/v1/bookings"))
            .header("X-Proof-Of-Work", solution)
            .json(&request)
            .send()
    };
    assert_eq!(
        post(solution.clone()).await.unwrap().status(),
        StatusCode::CREATED
    );
    let again = post(solution).await.unwrap();
    assert_eq!(again.status(), StatusCode::FORBIDDEN);
    let problem: shared::problem::Problem = again.json().await.unwrap();
    assert_eq!(problem.code, "pow_reused");

    let wrong = format!("{}:{}", challenge.token, "not-a-solution");
    let refused: shared::problem::Problem = post(wrong).await.unwrap().json().await.unwrap();
    assert!(["pow_invalid", "pow_reused"].contains(&refused.code.as_str()));

    let solving = app.client.clone().solving_challenges();
    let mut other = request.clone();
    other.appointments[0].start = FixedOffset::east_opt(3600)
        .unwrap()
        .with_ymd_and_hms(2026, 12, 1, 10, 0, 0)
        .unwrap();
    assert!(
        solving.book(&other, None).await.is_ok(),
        "the typed client solves challenges like the SPA"
    );
}

#[tokio::test]
async fn a_client_over_its_budget_gets_429_with_retry_after() {
    let app = spawn_app_with(|s| s.defences.rate_limit_per_minute = 8).await;
    for _ in 0..8 {
        let response = reqwest::get(app.url("/api/v1/offices")).await.unwrap();
        assert_eq!(response.status(), StatusCode::OK);
    }
    let limited = reqwest::get(app.url("/api/v1/offices")).await.unwrap();
    assert_eq!(limited.status(), StatusCode::TOO_MANY_REQUESTS);
    let retry_after: u64 = limited.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((1..=60).contains(&retry_after));
    assert_eq!(
        limited.headers()["content-type"],
        "application/problem+json"
    );
    // Health checks are never limited.
    assert_eq!(
        reqwest::get(app.url("/health/live"))
            .await
            .unwrap()
            .status(),
        StatusCode::OK
    );

    // Writes get a quarter of the budget.
    let request = booking_of(
        MAIN_OFFICE,
        one(ID_CARD),
        tuesday_nine(),
        "busy@example.org",
    );
    let mut statuses = Vec::new();
    for _ in 0..3 {
        statuses.push(
            app.client
                .book(&request, None)
                .await
                .map(|b| b.status)
                .unwrap_or_else(|e| e.status().unwrap()),
        );
    }
    assert_eq!(statuses[2], StatusCode::TOO_MANY_REQUESTS, "{statuses:?}");
}

#[tokio::test]
async fn the_spa_is_served_with_a_strict_content_security_policy() {
    let spa = tempfile::tempdir().unwrap();
    std::fs::write(
        spa.path().join("index.html"),
        "<!doctype html><script type=module>import init from '/app.js';</script>",
    )
    .unwrap();
    let app = spawn_app_with(|s| s.static_dir = Some(spa.path().to_owned())).await;
    let page = reqwest::get(app.url("/")).await.unwrap();
    let csp = page.headers()["content-security-policy"]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(csp.contains("default-src 'self'"), "{csp}");
    assert!(
        csp.contains("'wasm-unsafe-eval'") && csp.contains("'sha256-"),
        "{csp}"
    );
    assert!(
        csp.contains("frame-ancestors 'none'") && !csp.contains("unsafe-inline"),
        "{csp}"
    );
    let api = reqwest::get(app.url("/api/v1/offices")).await.unwrap();
    assert!(api.headers().contains_key("content-security-policy"));
}

#[tokio::test]
async fn metrics_are_not_served_to_the_public_listener() {
    let app = spawn_app().await;
    let public = reqwest::get(app.url("/metrics")).await.unwrap();
    assert_eq!(public.status(), StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn metrics_count_requests_by_route_template_and_bookings_and_the_outbox() {
    let app = spawn_app().await;
    app.client
        .book(
            &booking_of(
                MAIN_OFFICE,
                one(ID_CARD),
                tuesday_nine(),
                "metrics@example.org",
            ),
            None,
        )
        .await
        .unwrap();
    let invented = crate::raw_http::RawRequest::new("BREW", "/api/v1/offices")
        .send(app.port)
        .await;
    assert_eq!(invented.status, 404);
    let text = reqwest::get(format!("http://127.0.0.1:{}/metrics", app.metrics_port))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        text.contains(r#"terminvergabe_http_requests_total{method="other",route="/api/v1/offices",status="404"} 1"#),
        "an invented method is labelled `other`: {text}"
    );
    assert!(!text.contains("BREW"));
    assert!(
        text.contains("terminvergabe_bookings_created_total 1"),
        "{text}"
    );
    assert!(text.contains("terminvergabe_appointments_booked_total 1"));
    assert!(text.contains(r#"terminvergabe_http_requests_total{method="POST",route="/api/v1/bookings",status="201"} 1"#), "{text}");
    assert!(text.contains("terminvergabe_http_request_duration_seconds_bucket"));
    assert!(text.contains("terminvergabe_outbox_pending"));
    assert!(!text.contains("PW-"), "no references in labels");
}

#[tokio::test]
async fn request_logs_name_the_route_and_the_client_but_never_the_query_string() {
    let dir = tempfile::tempdir().unwrap();
    let database_url = fresh_database_url(dir.path()).await;
    let log = dir.path().join("server.log");
    let args = ["--demo", "--log-format", "json", "--pow-difficulty", "0"];
    let server = ServerProcess::start_logging_to(&database_url, None, &args, Some(&log)).await;
    let failed = reqwest::Client::new()
        .post(server.url("/api/v1/auth/login?q=Erika+Mustermann&email=erika%40example.org"))
        .json(&serde_json::json!({ "username": "admin", "password": "wrong" }))
        .send()
        .await
        .unwrap();
    assert_eq!(failed.status(), StatusCode::UNAUTHORIZED);
    let mut written = String::new();
    for _ in 0..50 {
        written = std::fs::read_to_string(&log).unwrap();
        if written.contains("staff login failed") {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    let line = written
        .lines()
        .find(|line| line.contains("staff login failed"))
        .unwrap_or_else(|| panic!("no log line of the failed login: {written}"));
    assert!(
        line.contains(r#""http.route":"/api/v1/auth/login""#),
        "{line}"
    );
    assert!(line.contains(r#""client.address":"127.0.0.1""#), "{line}");
    assert!(line.contains(r#""request_id":""#), "{line}");
    for secret in ["Mustermann", "erika", "q="] {
        assert!(!written.contains(secret), "{secret} in the log: {written}");
    }
}
