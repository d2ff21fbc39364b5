//! Health, errors as problem+json, body limits, backend selection, SPA hosting, API docs.

use crate::helpers::{Backend, backend, spawn_app, spawn_app_with};
use reqwest::StatusCode;
use shared::problem::Problem;

async fn problem_of(response: reqwest::Response) -> Problem {
    let content_type = response
        .headers()
        .get("content-type")
        .unwrap()
        .to_str()
        .unwrap()
        .to_owned();
    assert_eq!(content_type, "application/problem+json");
    response.json().await.unwrap()
}

#[tokio::test]
async fn liveness_and_readiness_answer_ok_on_a_migrated_database() {
    let app = spawn_app().await;
    for path in ["/health/live", "/health/ready"] {
        let response = reqwest::get(app.url(path)).await.unwrap();
        assert_eq!(response.status(), StatusCode::OK, "{path}");
    }
}

#[tokio::test]
async fn readiness_is_503_when_the_database_is_gone_while_liveness_stays_200() {
    let app = spawn_app().await;
    match backend() {
        Backend::Postgres => {
            let name = app.database_url.rsplit('/').next().unwrap().to_owned();
            let admin = crate::helpers::postgres_admin_url();
            let mut c = <sqlx::PgConnection as sqlx::Connection>::connect(&admin)
                .await
                .unwrap();
            sqlx::query(sqlx::AssertSqlSafe(format!(
                "DROP DATABASE {name} WITH (FORCE)"
            )))
            .execute(&mut c)
            .await
            .unwrap();
        }
        // An embedded file cannot become unreachable; losing the migration record is the
        // equivalent "not ready" state.
        Backend::Sqlite => app.execute("DROP TABLE _sqlx_migrations").await,
    }
    let ready = reqwest::get(app.url("/health/ready")).await.unwrap();
    assert_eq!(ready.status(), StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(problem_of(ready).await.code, "service_unavailable");
    let live = reqwest::get(app.url("/health/live")).await.unwrap();
    assert_eq!(live.status(), StatusCode::OK);
}

#[tokio::test]
async fn an_unknown_api_route_is_a_problem_json_404() {
    let app = spawn_app().await;
    let response = reqwest::get(app.url("/api/v1/no-such-thing"))
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    assert_eq!(problem_of(response).await.code, "not_found");
}

#[tokio::test]
async fn a_wrong_method_is_a_problem_json_too() {
    let app = spawn_app().await;
    let response = reqwest::Client::new()
        .delete(app.url("/api/v1/offices"))
        .send()
        .await
        .unwrap();
    assert!(response.status().is_client_error());
    let problem = problem_of(response).await;
    assert!(
        ["method_not_allowed", "not_found"].contains(&problem.code.as_str()),
        "{}",
        problem.code
    );
}

#[tokio::test]
async fn an_oversized_body_is_refused_with_413() {
    let app = spawn_app_with(|settings| settings.max_body_bytes = 1024).await;
    let body = format!("{{\"citizen\": {{\"name\": \"{}\"}}}}", "x".repeat(4096));
    let response = reqwest::Client::new()
        .post(app.url("/api/v1/bookings"))
        .header("content-type", "application/json")
        .body(body)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(problem_of(response).await.code, "payload_too_large");
}

#[tokio::test]
async fn malformed_json_is_a_400_and_json_of_the_wrong_shape_a_422() {
    let app = spawn_app().await;
    let post = |body: &'static str| {
        reqwest::Client::new()
            .post(app.url("/api/v1/bookings"))
            .header("content-type", "application/json")
            .body(body)
            .send()
    };
    let broken = post("{\"appointments\": [").await.unwrap();
    assert_eq!(broken.status(), StatusCode::BAD_REQUEST);
    assert_eq!(problem_of(broken).await.code, "invalid_json");
    let wrong_shape = post("{\"appointments\": 3}").await.unwrap();
    assert_eq!(wrong_shape.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(problem_of(wrong_shape).await.code, "validation_failed");
}

#[tokio::test]
async fn an_unknown_database_scheme_stops_the_server_with_a_clear_message() {
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_terminvergabe"))
        .args([
            "serve",
            "--database-url",
            "mysql://root@localhost/terminvergabe",
            "--bind",
            "127.0.0.1:0",
        ])
        .output()
        .unwrap();
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("unsupported database URL scheme `mysql`"),
        "{stderr}"
    );
}

fn fake_spa() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("index.html"),
        "<!doctype html><title>Terminvergabe</title>",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("frontend-0123456789abcdef_bg.wasm"),
        b"\0asm\x01\0\0\0",
    )
    .unwrap();
    dir
}

#[tokio::test]
async fn client_routes_get_the_spa_but_api_routes_never_do() {
    let spa = fake_spa();
    let app = spawn_app_with(|settings| settings.static_dir = Some(spa.path().to_owned())).await;
    let page = reqwest::get(app.url("/booking/PW-7K3M-Q9")).await.unwrap();
    assert_eq!(page.status(), StatusCode::OK);
    assert_eq!(page.headers()["cache-control"], "no-cache");
    assert!(
        page.text()
            .await
            .unwrap()
            .contains("<title>Terminvergabe</title>")
    );

    let api = reqwest::get(app.url("/api/v1/unknown")).await.unwrap();
    assert_eq!(api.status(), StatusCode::NOT_FOUND);
    assert_eq!(problem_of(api).await.code, "not_found");

    let missing_asset = reqwest::get(app.url("/frontend-ffffffffffffffff.js"))
        .await
        .unwrap();
    assert_eq!(missing_asset.status(), StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn wasm_is_served_as_application_wasm_and_cached_for_a_year() {
    let spa = fake_spa();
    let app = spawn_app_with(|settings| settings.static_dir = Some(spa.path().to_owned())).await;
    let response = reqwest::get(app.url("/frontend-0123456789abcdef_bg.wasm"))
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.headers()["content-type"], "application/wasm");
    assert_eq!(
        response.headers()["cache-control"],
        "public, max-age=31536000, immutable"
    );
}

#[tokio::test]
async fn the_openapi_document_and_an_offline_reference_page_are_served() {
    let app = spawn_app().await;
    let json: serde_json::Value = reqwest::get(app.url("/api/openapi.json"))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(json["paths"]["/api/v1/bookings"]["post"].is_object());
    let yaml = reqwest::get(app.url("/api/openapi.yaml"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(yaml.starts_with("openapi: 3.1"));
    let docs = reqwest::get(app.url("/api/docs/")).await.unwrap();
    assert_eq!(docs.status(), StatusCode::OK);
    let html = docs.text().await.unwrap();
    assert!(html.contains("swagger"), "{html}");
    assert!(
        !html.contains("https://"),
        "the reference page must not load anything from the internet"
    );
}

#[tokio::test]
async fn every_response_carries_the_security_headers() {
    let app = spawn_app().await;
    let response = reqwest::get(app.url("/api/v1/offices")).await.unwrap();
    assert_eq!(response.headers()["x-content-type-options"], "nosniff");
    assert_eq!(response.headers()["x-frame-options"], "DENY");
    assert_eq!(response.headers()["referrer-policy"], "no-referrer");
}

#[tokio::test]
async fn the_demo_office_lists_its_services_with_documents_in_german_and_english() {
    let app = spawn_app().await;
    let offices = app.client.offices().await.unwrap();
    assert_eq!(offices.len(), 2);
    assert_eq!(offices[0].name, "Bürgeramt Porta Westfalica");
    assert_eq!(offices[0].phone, "(05 71) 79 12 23");
    let german = app.client.services().await.unwrap();
    let english = app
        .client
        .clone()
        .with_locale(shared::locale::Locale::En)
        .services()
        .await
        .unwrap();
    assert_eq!(german.len(), 8);
    assert_eq!(german[0].name, "Personalausweis beantragen");
    assert_eq!(english[0].name, "Apply for an ID card");
    assert!(german.iter().all(|s| !s.documents.is_empty()));
    let branch_services = german
        .iter()
        .filter(|s| s.offices.contains(&crate::helpers::BRANCH_OFFICE))
        .count();
    assert!(branch_services > 0 && branch_services < german.len());
}
