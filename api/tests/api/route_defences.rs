//! Every route of the route table (as the served OpenAPI document lists it), spelled every
//! way an attacker might: encoded letters, every character encoded, encoded slashes, double
//! encoding, mixed case, trailing and doubled slashes, dot segments, oversized paths. Each
//! spelling gets the protection of the plain path — the same per-address budget, the same
//! API-key scope — or is refused before any handler runs (400, 404, 405, 414).

use crate::helpers::*;
use crate::portal_keys::portal;
use crate::raw_http::{RawRequest, RawResponse};
use actix_web::http::Method;
use shared::portal::ApiScope;
use terminvergabe::routes::policy::{self, KeyAccess};

/// One documented operation.
#[derive(Debug, Clone)]
struct Operation {
    method: String,
    template: String,
}

impl Operation {
    fn policy(&self) -> policy::RoutePolicy {
        let method = Method::from_bytes(self.method.as_bytes()).unwrap();
        policy::of(&method, Some(&self.template))
    }

    /// The template with every `{parameter}` filled in.
    fn path(&self) -> String {
        let mut path = String::new();
        let mut rest = self.template.as_str();
        while let Some(open) = rest.find('{') {
            path.push_str(&rest[..open]);
            let close = rest[open..].find('}').unwrap() + open;
            path.push('1');
            rest = &rest[close + 1..];
        }
        path.push_str(rest);
        path
    }
}

/// The route table, from the OpenAPI document the server serves (generated from the handlers).
async fn operations(app: &TestApp) -> Vec<Operation> {
    let document: serde_json::Value = reqwest::get(app.url("/api/openapi.json"))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let mut operations = Vec::new();
    for (template, item) in document["paths"].as_object().unwrap() {
        for method in item.as_object().unwrap().keys() {
            operations.push(Operation {
                method: method.to_uppercase(),
                template: template.clone(),
            });
        }
    }
    assert!(operations.len() > 50, "the route table is complete");
    operations
}

/// Other spellings of `path` (which starts with `/`).
fn spellings(path: &str) -> Vec<String> {
    let segments: Vec<String> = path[1..].split('/').map(str::to_owned).collect();
    let join = |segments: &[String]| format!("/{}", segments.join("/"));
    let mut spelled = Vec::new();
    for (index, segment) in segments.iter().enumerate() {
        let Some(position) = segment.find(|c: char| c.is_ascii_alphabetic()) else {
            continue;
        };
        let letter = segment.as_bytes()[position];
        let mut with = |replacement: String| {
            let mut changed = segments.clone();
            changed[index] = format!(
                "{}{replacement}{}",
                &segment[..position],
                &segment[position + 1..]
            );
            spelled.push(join(&changed));
        };
        with(format!("%{letter:02x}"));
        with(format!("%{letter:02X}"));
        with(format!("%25{letter:02x}"));
        with(char::from(letter).to_ascii_uppercase().to_string());
    }
    let every_character: String = path[1..]
        .split('/')
        .map(|segment| {
            segment
                .bytes()
                .map(|b| format!("%{b:02x}"))
                .collect::<String>()
        })
        .collect::<Vec<_>>()
        .join("/");
    spelled.push(format!("/{every_character}"));
    spelled.push(path.to_uppercase());
    for index in 1..segments.len() {
        for separator in ["%2F", "%2f", "%5C", "//", "/./", "/x/../"] {
            spelled.push(format!(
                "/{}{separator}{}",
                segments[..index].join("/"),
                segments[index..].join("/")
            ));
        }
    }
    spelled.push(format!("{path}/"));
    spelled.push(format!("/{path}"));
    spelled.push(format!("{path}/.."));
    spelled.push(format!("{path}/{}", "a".repeat(3000)));
    spelled.push(format!("/{}{path}", "%61/..".repeat(400)));
    spelled
}

fn refused_before_routing(response: &RawResponse) -> bool {
    matches!(response.status, 400 | 404 | 405 | 414)
}

/// Sends `operation` under every spelling and checks each answer against the plain one.
async fn assert_every_spelling_is_protected_like(
    app: &TestApp,
    operation: &Operation,
    plain: &RawResponse,
    headers: &[(&'static str, String)],
) {
    for spelling in spellings(&operation.path()) {
        let mut request = RawRequest::new(&operation.method, &spelling);
        for (name, value) in headers {
            request = request.header(name, value.clone());
        }
        let response = request.send(app.port).await;
        assert!(
            (response.status == plain.status && response.code() == plain.code())
                || refused_before_routing(&response),
            "{} {spelling} answered {} {:?}, the plain path {} {:?}",
            operation.method,
            response.status,
            response.code(),
            plain.status,
            plain.code()
        );
    }
}

/// Spends this address's budgets of a server with `--rate-limit-per-minute 4`: 4 requests to
/// browse, 1 to book.
async fn spend_both_budgets(app: &TestApp) {
    for _ in 0..4 {
        RawRequest::new("GET", "/api/v1/offices")
            .send(app.port)
            .await;
    }
    RawRequest::new("GET", "/api/v1/challenge")
        .send(app.port)
        .await;
}

#[tokio::test]
async fn every_spelling_of_a_rate_limited_route_counts_against_the_same_budget() {
    let app = spawn_app_with(|s| s.defences.rate_limit_per_minute = 4).await;
    spend_both_budgets(&app).await;

    let mut limited = 0;
    for operation in operations(&app).await {
        let plain = RawRequest::new(&operation.method, &operation.path())
            .send(app.port)
            .await;
        if operation.policy().budget.is_none() {
            assert_ne!(plain.status, 429, "{operation:?} has no budget");
            continue;
        }
        assert_eq!(
            (plain.status, plain.code().as_deref()),
            (429, Some("rate_limited")),
            "{operation:?}"
        );
        assert!(plain.header("retry-after").is_some());
        assert_every_spelling_is_protected_like(&app, &operation, &plain, &[]).await;
        limited += 1;
    }
    assert!(limited >= 13, "only {limited} routes are rate-limited");
}

#[tokio::test]
async fn the_paths_that_escaped_the_limit_before_are_limited_now() {
    let app = spawn_app_with(|s| s.defences.rate_limit_per_minute = 4).await;
    spend_both_budgets(&app).await;
    for (method, path) in [
        ("POST", "/api/v1/%68olds"),
        ("POST", "/api/v1/%62ookings"),
        (
            "GET",
            "/api/v1/%61vailability/days?office_id=1&services=1:1",
        ),
        ("POST", "/api/%761/holds"),
        ("GET", "/%61pi/v1/challenge"),
    ] {
        let response = RawRequest::new(method, path)
            .json("{}")
            .send(app.port)
            .await;
        assert_eq!(response.status, 429, "{method} {path}: {}", response.body);
    }
}

#[tokio::test]
async fn an_api_key_reaches_only_the_routes_of_its_scopes_by_any_spelling() {
    let app = spawn_app().await;
    let (reader, _) = portal(
        &app,
        "Nur lesen",
        &[ApiScope::AvailabilityRead],
        &[],
        100_000,
        None,
    )
    .await;
    let key = [("X-Api-Key", reader.api_key().unwrap().to_owned())];

    let mut refused = 0;
    for operation in operations(&app).await {
        let plain = RawRequest::new(&operation.method, &operation.path())
            .header("X-Api-Key", key[0].1.clone())
            .send(app.port)
            .await;
        let expected = match operation.policy().api_key {
            KeyAccess::Needs(ApiScope::AvailabilityRead) | KeyAccess::Open => None,
            KeyAccess::Needs(_) => Some("scope_missing"),
            KeyAccess::Refused => Some("api_key_not_accepted"),
        };
        match expected {
            Some(code) => {
                assert_eq!(
                    (plain.status, plain.code().as_deref()),
                    (403, Some(code)),
                    "{operation:?}"
                );
                assert_every_spelling_is_protected_like(&app, &operation, &plain, &key).await;
                refused += 1;
            }
            None => assert!(
                !matches!(
                    plain.code().as_deref(),
                    Some("scope_missing" | "api_key_not_accepted")
                ),
                "{operation:?} is open to this key: {}",
                plain.body
            ),
        }
    }
    assert!(refused >= 40, "only {refused} routes refuse this key");
}

#[tokio::test]
async fn a_reading_key_cannot_hold_through_an_encoded_path() {
    let app = spawn_app_with(|s| s.defences.pow_difficulty = Some(20)).await;
    let (reader, _) = portal(
        &app,
        "Nur lesen",
        &[ApiScope::AvailabilityRead],
        &[],
        100,
        None,
    )
    .await;
    let start = winter_time(2026, 12, 1, 9, 0).to_rfc3339();
    let hold = format!(
        r#"{{"office_id":1,"services":[{{"service_id":1,"quantity":1}}],"start":"{start}"}}"#
    );
    for path in ["/api/%761/holds", "/api/v1/%68olds", "/%61pi/v1/holds"] {
        let response = RawRequest::new("POST", path)
            .header("X-Api-Key", reader.api_key().unwrap())
            .json(&hold)
            .send(app.port)
            .await;
        assert_eq!(
            (response.status, response.code().as_deref()),
            (403, Some("scope_missing")),
            "{path}: {}",
            response.body
        );
    }
    let without_key = RawRequest::new("POST", "/api/%761/holds")
        .json(&hold)
        .send(app.port)
        .await;
    assert_eq!(without_key.code().as_deref(), Some("pow_required"));
}

#[tokio::test]
async fn a_path_without_one_meaning_is_refused_as_problem_json_with_security_headers() {
    let app = spawn_app().await;
    for (path, status, code) in [
        ("/api/v1%2Foffices", 400, "invalid_path"),
        ("/api/v1/%2568olds", 400, "invalid_path"),
        ("/api/v1/x/../offices", 400, "invalid_path"),
        ("/api//v1/offices", 400, "invalid_path"),
        ("/api/v1/%ff", 400, "invalid_path"),
        ("/api/v1/%0d%0aSet-Cookie:x", 400, "invalid_path"),
    ] {
        let response = RawRequest::new("GET", path).send(app.port).await;
        assert_eq!(
            (response.status, response.code().as_deref()),
            (status, Some(code)),
            "{path}"
        );
        assert_eq!(
            response.header("content-type"),
            Some("application/problem+json")
        );
        assert_eq!(response.header("x-content-type-options"), Some("nosniff"));
    }
    let long = format!("/api/v1/{}", "a".repeat(3000));
    let response = RawRequest::new("GET", &long).send(app.port).await;
    assert_eq!(
        (response.status, response.code().as_deref()),
        (414, Some("uri_too_long"))
    );
    // The canonical spelling is served as usual.
    let fine = RawRequest::new("GET", "/api/v1/%6Fffices")
        .send(app.port)
        .await;
    assert_eq!(fine.status, 200);
}
