//! Staff login, tokens, cookies with CSRF protection, refresh rotation, logout, the login
//! throttle, and who may do what at which office.

use crate::helpers::*;
use chrono::Duration;
use reqwest::StatusCode;
use reqwest::header::{HeaderMap, SET_COOKIE};
use shared::admin::{ClosureSettings, StaffAccountUpdate, StaffStatus, StatusChange};
use shared::auth::{CSRF_HEADER, StaffRole, StaffSession};
use shared::problem::Problem;

/// A login as the SPA sends it: the session in cookies.
async fn raw_login(app: &TestApp, username: &str, password: &str) -> reqwest::Response {
    reqwest::Client::new()
        .post(app.url("/api/v1/auth/login"))
        .json(&serde_json::json!({ "username": username, "password": password, "transport": "cookies" }))
        .send()
        .await
        .unwrap()
}

/// A login from the loopback address `127.0.0.{from}`, as API clients send it.
async fn login_from(
    app: &TestApp,
    from: u8,
    username: &str,
    password: &str,
    proof: Option<String>,
) -> crate::raw_http::RawResponse {
    let body = serde_json::json!({ "username": username, "password": password }).to_string();
    let mut request = crate::raw_http::RawRequest::new("POST", "/api/v1/auth/login").json(&body);
    if let Some(proof) = proof {
        request = request.header("X-Proof-Of-Work", proof);
    }
    request
        .send_to(
            std::net::SocketAddr::from(([127, 0, 0, 1], app.port)),
            Some(std::net::IpAddr::from([127, 0, 0, from])),
        )
        .await
}

fn set_cookies(headers: &HeaderMap) -> Vec<String> {
    headers
        .get_all(SET_COOKIE)
        .iter()
        .map(|v| v.to_str().unwrap().to_owned())
        .collect()
}

fn cookie<'a>(cookies: &'a [String], name: &str) -> &'a str {
    cookies
        .iter()
        .find(|c| c.starts_with(&format!("{name}=")))
        .unwrap_or_else(|| panic!("no {name} cookie in {cookies:?}"))
}

fn value(set_cookie: &str) -> &str {
    set_cookie
        .split(';')
        .next()
        .unwrap()
        .split_once('=')
        .unwrap()
        .1
}

#[tokio::test]
async fn the_spas_login_sets_http_only_strict_cookies_and_no_token_in_the_body() {
    let app = spawn_app().await;
    let response = raw_login(&app, "admin", "Porta-Westfalica-2026").await;
    assert_eq!(response.status(), StatusCode::OK);
    let cookies = set_cookies(response.headers());
    let session: StaffSession = response.json().await.unwrap();
    assert_eq!(session.account.role, StaffRole::Admin);
    assert_eq!(session.token_type, "Bearer");
    let access = cookie(&cookies, "tv_access");
    assert!(
        access.contains("HttpOnly") && access.contains("SameSite=Strict"),
        "{access}"
    );
    assert!(
        !access.contains("Secure"),
        "http public URL: no Secure flag"
    );
    assert!(cookie(&cookies, "tv_refresh").contains("HttpOnly"));
    let csrf = cookie(&cookies, "tv_csrf");
    assert!(!csrf.contains("HttpOnly"), "the SPA must read it: {csrf}");
    assert_eq!(value(csrf), session.csrf_token);
    assert_eq!(
        (session.access_token, session.refresh_token),
        (None, None),
        "the SPA's script never sees a token"
    );

    let mut client = app.client.clone();
    client.set_staff_token(Some(value(access).to_owned()));
    assert_eq!(client.me().await.unwrap().username, "admin");
}

#[tokio::test]
async fn an_api_clients_login_answers_with_tokens_in_the_body_and_sets_no_cookie() {
    let app = spawn_app().await;
    let response = reqwest::Client::new()
        .post(app.url("/api/v1/auth/login"))
        .json(&serde_json::json!({ "username": "admin", "password": "Porta-Westfalica-2026" }))
        .send()
        .await
        .unwrap();
    assert!(set_cookies(response.headers()).is_empty());
    let session: StaffSession = response.json().await.unwrap();
    assert!(session.access_token.is_some() && session.refresh_token.is_some());
    assert!(!format!("{session:?}").contains(session.access_token.as_deref().unwrap()));
}

#[tokio::test]
async fn cookies_are_secure_when_the_public_url_is_https() {
    let app =
        spawn_app_with(|s| s.public_url = "https://termine.example.de".parse().unwrap()).await;
    let response = raw_login(&app, "admin", "Porta-Westfalica-2026").await;
    let cookies = set_cookies(response.headers());
    for name in ["tv_access", "tv_refresh", "tv_csrf"] {
        assert!(cookie(&cookies, name).contains("Secure"), "{name}");
    }
}

#[tokio::test]
async fn an_unknown_user_and_a_wrong_password_get_the_identical_401() {
    let app = spawn_app().await;
    let unknown = raw_login(&app, "nobody", "Porta-Westfalica-2026").await;
    let wrong = raw_login(&app, "admin", "wrong password!").await;
    assert_eq!(unknown.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(wrong.status(), StatusCode::UNAUTHORIZED);
    assert!(set_cookies(wrong.headers()).is_empty());
    let unknown: Problem = unknown.json().await.unwrap();
    let wrong: Problem = wrong.json().await.unwrap();
    assert_eq!(unknown, wrong);
    assert_eq!(wrong.code, "invalid_credentials");
}

#[tokio::test]
async fn five_failed_logins_from_one_address_block_the_account_there_until_the_window_passes() {
    let app = spawn_app().await;
    for _ in 0..5 {
        let response = raw_login(&app, "admin", "not the password").await;
        assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
    }
    let blocked = raw_login(&app, "Admin", "Porta-Westfalica-2026").await;
    assert_eq!(blocked.status(), StatusCode::TOO_MANY_REQUESTS);
    let retry_after: u64 = blocked.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((1..=15 * 60).contains(&retry_after), "{retry_after}");
    let problem: Problem = blocked.json().await.unwrap();
    assert_eq!(problem.code, "rate_limited");

    app.clock.advance(Duration::minutes(16));
    let again = raw_login(&app, "admin", "Porta-Westfalica-2026").await;
    assert_eq!(again.status(), StatusCode::OK);
}

#[tokio::test]
async fn a_strangers_failures_do_not_lock_the_owner_out_from_another_address() {
    let app = spawn_app().await;
    for _ in 0..5 {
        assert_eq!(
            login_from(&app, 2, "admin", "guess", None).await.status,
            401
        );
    }
    let stranger = login_from(&app, 2, "admin", "Porta-Westfalica-2026", None).await;
    assert_eq!(
        (stranger.status, stranger.code().as_deref()),
        (429, Some("rate_limited"))
    );
    let owner = login_from(&app, 3, "admin", "Porta-Westfalica-2026", None).await;
    assert_eq!(owner.status, 200, "{}", owner.body);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn parallel_wrong_passwords_are_counted_before_checking_so_those_beyond_five_get_429() {
    let app = spawn_app().await;
    let attempts = (0..8).map(|_| login_from(&app, 2, "admin", "guess", None));
    let mut statuses: Vec<u16> = futures::future::join_all(attempts)
        .await
        .iter()
        .map(|response| response.status)
        .collect();
    statuses.sort_unstable();
    assert_eq!(statuses, [401, 401, 401, 401, 401, 429, 429, 429]);
}

#[tokio::test]
async fn twenty_failures_from_one_address_over_many_accounts_block_the_address() {
    let app = spawn_app().await;
    for n in 0..20 {
        let name = format!("sprayed-{}", n % 5);
        assert_eq!(
            login_from(&app, 2, &name, "Sommer2026!", None).await.status,
            401
        );
    }
    assert_eq!(
        login_from(&app, 2, "someone-else", "x", None).await.status,
        429
    );
    assert_eq!(
        login_from(&app, 3, "admin", "Porta-Westfalica-2026", None)
            .await
            .status,
        200
    );
}

#[tokio::test]
async fn after_ten_failures_from_anywhere_the_accounts_login_needs_a_proof_of_work() {
    let app = spawn_app_with(|s| s.defences.pow_difficulty = Some(8)).await;
    for from in 10..20 {
        assert_eq!(
            login_from(&app, from, "admin", "guess", None).await.status,
            401
        );
    }
    let without = login_from(&app, 3, "admin", "Porta-Westfalica-2026", None).await;
    assert_eq!(
        (without.status, without.code().as_deref()),
        (403, Some("pow_required"))
    );
    let challenge = app.client.challenge().await.unwrap();
    let proof = format!(
        "{}:{}",
        challenge.token,
        shared::challenge::solve(&challenge.token, challenge.difficulty)
    );
    let with = login_from(&app, 3, "admin", "Porta-Westfalica-2026", Some(proof)).await;
    assert_eq!(with.status, 200, "{}", with.body);
    let afterwards = login_from(&app, 4, "admin", "Porta-Westfalica-2026", None).await;
    assert_eq!(
        afterwards.status, 200,
        "a success starts the account afresh"
    );
}

#[tokio::test]
async fn a_write_authenticated_by_cookie_needs_the_matching_csrf_header() {
    let app = spawn_app().await;
    let response = raw_login(&app, "admin", "Porta-Westfalica-2026").await;
    let cookies = set_cookies(response.headers());
    let access = value(cookie(&cookies, "tv_access")).to_owned();
    let csrf = value(cookie(&cookies, "tv_csrf")).to_owned();
    let http = reqwest::Client::new();
    let cookie_header = format!("tv_access={access}; tv_csrf={csrf}");

    let read = http
        .get(app.url("/api/v1/auth/me"))
        .header("Cookie", &cookie_header)
        .send()
        .await
        .unwrap();
    assert_eq!(read.status(), StatusCode::OK, "reads need no CSRF token");

    let closure = ClosureSettings {
        starts_on: date(2026, 12, 2),
        ends_on: date(2026, 12, 2),
        from_time: None,
        until_time: None,
        reason: "Betriebsausflug".into(),
    };
    let url = app.url("/api/v1/admin/offices/1/closures");
    let without = http
        .post(&url)
        .header("Cookie", &cookie_header)
        .json(&closure)
        .send()
        .await
        .unwrap();
    assert_eq!(without.status(), StatusCode::FORBIDDEN);
    assert_eq!(
        without.json::<Problem>().await.unwrap().code,
        "csrf_rejected"
    );
    let wrong = http
        .post(&url)
        .header("Cookie", &cookie_header)
        .header(CSRF_HEADER, "guessed")
        .json(&closure)
        .send()
        .await
        .unwrap();
    assert_eq!(wrong.status(), StatusCode::FORBIDDEN);
    let with = http
        .post(&url)
        .header("Cookie", &cookie_header)
        .header(CSRF_HEADER, &csrf)
        .json(&closure)
        .send()
        .await
        .unwrap();
    assert_eq!(with.status(), StatusCode::CREATED);
}

#[tokio::test]
async fn a_bearer_token_writes_without_a_csrf_token() {
    let app = spawn_app().await;
    let admin = admin_client(&app).await;
    let change = admin
        .add_closure(
            MAIN_OFFICE,
            &ClosureSettings {
                starts_on: date(2026, 12, 2),
                ends_on: date(2026, 12, 2),
                from_time: None,
                until_time: None,
                reason: String::new(),
            },
            client::CapacityOptions::default(),
        )
        .await
        .unwrap();
    assert!(!change.dry_run && change.id.is_some());
}

#[tokio::test]
async fn refreshing_rotates_the_token_and_a_reused_one_ends_the_session() {
    let app = spawn_app().await;
    let mut client = app.client.clone();
    let first = client
        .login("admin", "Porta-Westfalica-2026")
        .await
        .unwrap();
    let second = client
        .refresh_session(first.refresh_token.as_deref().unwrap())
        .await
        .unwrap();
    assert_ne!(second.refresh_token, first.refresh_token);
    assert_ne!(second.access_token, first.access_token);
    assert_eq!(client.me().await.unwrap().username, "admin");

    let mut thief = app.client.clone();
    expect_problem(
        thief
            .refresh_session(first.refresh_token.as_deref().unwrap())
            .await,
        401,
        "unauthorized",
    );
    // The reuse revoked the session: the current tokens are dead too.
    expect_problem(
        client
            .refresh_session(second.refresh_token.as_deref().unwrap())
            .await,
        401,
        "unauthorized",
    );
    expect_problem(client.me().await, 401, "unauthorized");
}

#[tokio::test]
async fn an_expired_access_token_is_refused_and_the_refresh_token_renews_it() {
    let app = spawn_app().await;
    let mut client = app.client.clone();
    let session = client
        .login("admin", "Porta-Westfalica-2026")
        .await
        .unwrap();
    app.clock.advance(Duration::minutes(16));
    expect_problem(client.me().await, 401, "unauthorized");
    client
        .refresh_session(session.refresh_token.as_deref().unwrap())
        .await
        .unwrap();
    assert_eq!(client.me().await.unwrap().username, "admin");
}

#[tokio::test]
async fn logout_ends_the_access_and_the_refresh_token() {
    let app = spawn_app().await;
    let mut client = app.client.clone();
    let session = client
        .login("admin", "Porta-Westfalica-2026")
        .await
        .unwrap();
    client.logout().await.unwrap();
    expect_problem(client.me().await, 401, "unauthorized");
    expect_problem(
        client
            .refresh_session(session.refresh_token.as_deref().unwrap())
            .await,
        401,
        "unauthorized",
    );
}

#[tokio::test]
async fn without_credentials_staff_endpoints_answer_401() {
    let app = spawn_app().await;
    expect_problem(
        app.client.day_plan(MAIN_OFFICE, date(2026, 12, 1)).await,
        401,
        "unauthorized",
    );
    expect_problem(app.client.me().await, 401, "unauthorized");
    let mut forged = app.client.clone();
    forged.set_staff_token(Some("eyJhbGciOiJIUzI1NiJ9.e30.bm90IHNpZ25lZA".into()));
    expect_problem(forged.staff_accounts().await, 401, "unauthorized");
}

#[tokio::test]
async fn a_clerk_of_one_office_gets_403_for_the_other_office_and_for_configuration() {
    let app = spawn_app().await;
    let clerk = staff_client(&app, StaffRole::Clerk, &[MAIN_OFFICE]).await;
    let at_branch = app
        .client
        .book(
            &booking_of(
                BRANCH_OFFICE,
                one(REGISTRATION),
                winter_time(2026, 12, 1, 9, 0),
                "b@example.org",
            ),
            None,
        )
        .await
        .unwrap()
        .booking;

    assert!(clerk.day_plan(MAIN_OFFICE, date(2026, 12, 1)).await.is_ok());
    expect_problem(
        clerk.day_plan(BRANCH_OFFICE, date(2026, 12, 1)).await,
        403,
        "forbidden",
    );
    let check_in = StatusChange {
        status: StaffStatus::CheckedIn,
        reason: None,
    };
    // Another office's appointment and one that does not exist get the same answer, so a
    // clerk cannot tell which ids exist elsewhere.
    let elsewhere = expect_problem(
        clerk
            .change_status(at_branch.appointments[0].id, &check_in)
            .await,
        404,
        "not_found",
    );
    let missing = expect_problem(
        clerk
            .change_status(shared::ids::AppointmentId(987_654), &check_in)
            .await,
        404,
        "not_found",
    );
    assert_eq!(elsewhere, missing);
    let closure = ClosureSettings {
        starts_on: date(2026, 12, 2),
        ends_on: date(2026, 12, 2),
        from_time: None,
        until_time: None,
        reason: String::new(),
    };
    for office in [MAIN_OFFICE, BRANCH_OFFICE] {
        expect_problem(
            clerk
                .add_closure(office, &closure, client::CapacityOptions::default())
                .await,
            403,
            "forbidden",
        );
        expect_problem(clerk.opening_rules(office).await, 403, "forbidden");
        expect_problem(
            clerk
                .statistics(office, date(2026, 12, 1), date(2026, 12, 1))
                .await,
            403,
            "forbidden",
        );
    }
    expect_problem(clerk.staff_accounts().await, 403, "forbidden");
    expect_problem(clerk.audit(1, None).await, 403, "forbidden");
    let offices: Vec<_> = clerk
        .admin_offices()
        .await
        .unwrap()
        .iter()
        .map(|o| o.id)
        .collect();
    assert_eq!(offices, vec![MAIN_OFFICE]);
}

#[tokio::test]
async fn a_manager_configures_and_analyses_their_office_only_and_has_no_admin_rights() {
    let app = spawn_app().await;
    let manager = staff_client(&app, StaffRole::Manager, &[BRANCH_OFFICE]).await;
    let closure = ClosureSettings {
        starts_on: date(2026, 12, 3),
        ends_on: date(2026, 12, 3),
        from_time: None,
        until_time: None,
        reason: String::new(),
    };
    assert!(
        manager
            .add_closure(BRANCH_OFFICE, &closure, client::CapacityOptions::default())
            .await
            .is_ok()
    );
    assert!(
        manager
            .statistics(BRANCH_OFFICE, date(2026, 12, 1), date(2026, 12, 7))
            .await
            .is_ok()
    );
    assert!(
        manager
            .day_plan(BRANCH_OFFICE, date(2026, 12, 1))
            .await
            .is_ok()
    );
    expect_problem(
        manager
            .add_closure(MAIN_OFFICE, &closure, client::CapacityOptions::default())
            .await,
        403,
        "forbidden",
    );
    expect_problem(
        manager.day_plan(MAIN_OFFICE, date(2026, 12, 1)).await,
        403,
        "forbidden",
    );
    expect_problem(manager.staff_accounts().await, 403, "forbidden");
    let offices = manager.admin_offices().await.unwrap();
    let mut settings = offices[0].settings.clone();
    settings.notice_en = "Closed for renovation on Thursday.".into();
    assert!(
        manager
            .update_office(BRANCH_OFFICE, &settings)
            .await
            .is_ok()
    );
    expect_problem(manager.create_office(&settings).await, 403, "forbidden");
}

#[tokio::test]
async fn an_admin_changes_and_disables_accounts_and_a_disabled_account_is_locked_out_at_once() {
    let app = spawn_app().await;
    let admin = admin_client(&app).await;
    let clerk = staff_client(&app, StaffRole::Clerk, &[MAIN_OFFICE]).await;
    let me = clerk.me().await.unwrap();

    let promoted = admin
        .update_staff_account(
            me.id,
            &StaffAccountUpdate {
                role: StaffRole::Manager,
                offices: vec![MAIN_OFFICE, BRANCH_OFFICE],
            },
        )
        .await
        .unwrap();
    assert_eq!(promoted.role, StaffRole::Manager);
    assert!(
        clerk
            .statistics(BRANCH_OFFICE, date(2026, 12, 1), date(2026, 12, 1))
            .await
            .is_ok(),
        "takes effect at once"
    );

    let disabled = admin.disable_staff_account(me.id).await.unwrap();
    assert!(disabled.disabled);
    expect_problem(clerk.me().await, 401, "unauthorized");
    let login = raw_login(&app, &me.username, STAFF_PASSWORD).await;
    assert_eq!(login.status(), StatusCode::UNAUTHORIZED);
    let own = admin.me().await.unwrap();
    expect_problem(
        admin.disable_staff_account(own.id).await,
        409,
        "cannot_disable_self",
    );

    let log = admin.audit(1, Some("staff_account")).await.unwrap();
    let actions: Vec<_> = log.entries.iter().map(|e| e.action.as_str()).collect();
    assert_eq!(
        actions,
        vec!["staff.disabled", "staff.updated", "staff.created"]
    );
    assert!(log.entries.iter().all(|e| e.username == "admin"));
    assert!(
        log.entries
            .iter()
            .all(|e| !e.after.as_deref().unwrap_or("").contains("argon2"))
    );
}

#[tokio::test]
async fn changing_the_password_needs_the_current_one_and_then_only_the_new_one_works() {
    let app = spawn_app().await;
    let clerk = staff_client(&app, StaffRole::Clerk, &[MAIN_OFFICE]).await;
    let username = clerk.me().await.unwrap().username;
    expect_problem(
        clerk
            .change_password("wrong password", "Neues-Passwort-2026")
            .await,
        422,
        "validation_failed",
    );
    expect_problem(
        clerk.change_password(STAFF_PASSWORD, "short").await,
        422,
        "validation_failed",
    );
    clerk
        .change_password(STAFF_PASSWORD, "Neues-Passwort-2026")
        .await
        .unwrap();
    assert_eq!(
        raw_login(&app, &username, STAFF_PASSWORD).await.status(),
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        raw_login(&app, &username, "Neues-Passwort-2026")
            .await
            .status(),
        StatusCode::OK
    );
}

#[tokio::test]
async fn common_passwords_and_user_names_with_control_characters_are_refused() {
    let app = spawn_app().await;
    let admin = admin_client(&app).await;
    let account = |username: &str, password: &str| shared::admin::NewStaffAccount {
        username: username.into(),
        password: password.into(),
        role: StaffRole::Clerk,
        offices: vec![MAIN_OFFICE],
    };
    let weak = expect_problem(
        admin
            .create_staff_account(&account("neu", "Passwort2026!"))
            .await,
        422,
        "validation_failed",
    );
    assert_eq!(weak.errors[0].code, "password_too_weak");
    for name in ["clerk\r\nX-Admin: 1", "tab\there", "null\0byte"] {
        let refused = expect_problem(
            admin
                .create_staff_account(&account(name, STAFF_PASSWORD))
                .await,
            422,
            "validation_failed",
        );
        assert_eq!(refused.errors[0].code, "invalid_username", "{name:?}");
    }
    let weak_change = expect_problem(
        admin
            .change_password("Porta-Westfalica-2026", "qwertzuiop12")
            .await,
        422,
        "validation_failed",
    );
    assert_eq!(weak_change.errors[0].code, "password_too_weak");
}
