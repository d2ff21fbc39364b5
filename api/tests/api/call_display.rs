//! The waiting room's display: `GET /offices/{office_id}/calls` as Server-Sent Events — the
//! board first, then each call of its office as it is made, by whichever server process.

use crate::helpers::*;
use shared::call_queue::{CallNext, NewTicket};
use std::time::Duration;

/// Longest wait for an event before the test fails (a failure guard, not a speed check: the
/// benchmark measures how fast calls arrive).
const PATIENCE: Duration = Duration::from_secs(10);

/// A display's connection, read event by event.
struct Display {
    response: reqwest::Response,
    buffered: String,
}

impl Display {
    async fn open(url: String) -> Display {
        let response = reqwest::Client::new()
            .get(url)
            .header("Accept", "text/event-stream")
            .header("Accept-Encoding", "gzip, br")
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 200);
        Display {
            response,
            buffered: String::new(),
        }
    }

    fn header(&self, name: &str) -> Option<&str> {
        self.response.headers().get(name)?.to_str().ok()
    }

    /// The next event's name and data; comments (keep-alives) and `retry` are skipped.
    /// `None` when the server ended the stream.
    async fn next_event(&mut self) -> Option<(String, serde_json::Value)> {
        loop {
            if let Some(end) = self.buffered.find("\n\n") {
                let block: String = self.buffered.drain(..end + 2).collect();
                let (mut name, mut data) = (None, None);
                for line in block.lines() {
                    if let Some(value) = line.strip_prefix("event: ") {
                        name = Some(value.to_owned());
                    } else if let Some(value) = line.strip_prefix("data: ") {
                        data = Some(serde_json::from_str(value).unwrap());
                    }
                }
                if let (Some(name), Some(data)) = (name, data) {
                    return Some((name, data));
                }
                continue;
            }
            let chunk = tokio::time::timeout(PATIENCE, self.response.chunk())
                .await
                .expect("an event within the patience of the test")
                .unwrap()?;
            self.buffered.push_str(std::str::from_utf8(&chunk).unwrap());
        }
    }

    async fn expect(&mut self, name: &str) -> serde_json::Value {
        let (heard, data) = self.next_event().await.expect("the stream goes on");
        assert_eq!(heard, name, "{data}");
        data
    }
}

fn display_of(base: impl Fn(&str) -> String, office: shared::ids::OfficeId) -> String {
    base(&format!("/api/v1/offices/{}/calls", office.0))
}

async fn call(clerk: &client::Client, office: shared::ids::OfficeId, counter: &str) -> String {
    clerk
        .call_next(
            office,
            &CallNext {
                counter: counter.into(),
                services: Vec::new(),
            },
        )
        .await
        .unwrap()
        .expect("someone waits")
        .number
}

async fn walk_in(clerk: &client::Client, office: shared::ids::OfficeId) -> String {
    let service = if office == MAIN_OFFICE {
        ID_CARD
    } else {
        REGISTRATION
    };
    clerk
        .issue_ticket(
            office,
            &NewTicket {
                services: one(service),
            },
        )
        .await
        .unwrap()
        .number
}

#[tokio::test]
async fn the_display_shows_the_board_then_each_call_with_its_number_and_counter() {
    let app = spawn_app().await;
    let clerk = admin_client(&app).await;
    let mut display = Display::open(display_of(|p| app.url(p), MAIN_OFFICE)).await;
    assert_eq!(display.header("content-type"), Some("text/event-stream"));
    assert_eq!(
        display.header("content-encoding"),
        Some("identity"),
        "compressed events would wait for a full block"
    );
    assert_eq!(display.header("cache-control"), Some("no-store"));
    assert_eq!(display.expect("calls").await, serde_json::json!([]));

    walk_in(&clerk, MAIN_OFFICE).await;
    assert_eq!(call(&clerk, MAIN_OFFICE, "Schalter 3").await, "A-001");
    let shown = display.expect("call").await;
    assert_eq!(shown["number"], "A-001");
    assert_eq!(shown["counter"], "Schalter 3");
    assert!(shown["called_at"].as_str().unwrap().ends_with("+01:00"));
}

#[tokio::test]
async fn a_display_that_connects_again_sees_todays_last_calls_newest_first() {
    let app = spawn_app().await;
    let clerk = admin_client(&app).await;
    for _ in 0..2 {
        walk_in(&clerk, MAIN_OFFICE).await;
    }
    call(&clerk, MAIN_OFFICE, "Schalter 1").await;
    call(&clerk, MAIN_OFFICE, "Raum 1.12").await;
    let mut display = Display::open(display_of(|p| app.url(p), MAIN_OFFICE)).await;
    let board = display.expect("calls").await;
    let shown: Vec<(&str, &str)> = board
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["number"].as_str().unwrap(),
                c["counter"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(shown, [("A-002", "Raum 1.12"), ("A-001", "Schalter 1")]);
}

#[tokio::test]
async fn a_display_hears_only_the_calls_of_its_own_office() {
    let app = spawn_app().await;
    let clerk = admin_client(&app).await;
    let mut display = Display::open(display_of(|p| app.url(p), MAIN_OFFICE)).await;
    display.expect("calls").await;
    walk_in(&clerk, BRANCH_OFFICE).await;
    walk_in(&clerk, MAIN_OFFICE).await;
    call(&clerk, BRANCH_OFFICE, "Zweigstelle 1").await;
    call(&clerk, MAIN_OFFICE, "Schalter 2").await;
    let shown = display.expect("call").await;
    assert_eq!(shown["counter"], "Schalter 2");
}

#[tokio::test]
async fn an_office_that_does_not_exist_or_is_misspelled_has_no_display() {
    let app = spawn_app().await;
    for path in [
        "/api/v1/offices/999999/calls",
        "/api/v1/offices/x/calls",
        "/api/v1/offices/-1/calls",
    ] {
        let response = reqwest::get(app.url(path)).await.unwrap();
        assert!(
            matches!(response.status().as_u16(), 400 | 404),
            "{path}: {}",
            response.status()
        );
        assert_eq!(
            response.headers()["content-type"],
            "application/problem+json"
        );
    }
}

#[tokio::test]
async fn a_display_stream_ends_when_its_server_is_asked_to_stop_so_shutdown_waits_for_none() {
    let app = spawn_app().await;
    // Without ending the stream, the server would wait the whole minute for it.
    let patient = [&NO_DEFENCES[..], &["--shutdown-timeout-secs", "60"]].concat();
    let process = ServerProcess::start(&app.database_url, None, &patient).await;
    let mut display = Display::open(display_of(|p| process.url(p), MAIN_OFFICE)).await;
    display.expect("calls").await;
    process.terminate();
    assert!(
        display.next_event().await.is_none(),
        "the stream ends instead of holding the shutdown up"
    );
}

#[tokio::test]
async fn a_call_made_by_one_server_process_reaches_the_displays_of_the_others() {
    if backend() != Backend::Postgres {
        eprintln!("runs with TERMINVERGABE_TEST_BACKEND=postgres (processes share one database)");
        return;
    }
    let app = spawn_app().await;
    let processes = three_processes_with_clerks(&app).await;
    let clerk = &processes[0].1;
    let mut displays = Vec::new();
    for (process, _) in &processes {
        let mut display = Display::open(display_of(|p| process.url(p), MAIN_OFFICE)).await;
        display.expect("calls").await;
        displays.push(display);
    }
    walk_in(clerk, MAIN_OFFICE).await;
    let number = call(clerk, MAIN_OFFICE, "Schalter 7").await;
    for display in &mut displays {
        let shown = display.expect("call").await;
        assert_eq!(
            (shown["number"].as_str(), shown["counter"].as_str()),
            (Some(number.as_str()), Some("Schalter 7"))
        );
    }
}

#[tokio::test]
async fn a_recall_is_shown_on_the_display_again() {
    let app = spawn_app().await;
    let clerk = admin_client(&app).await;
    let mut display = Display::open(display_of(|p| app.url(p), MAIN_OFFICE)).await;
    display.expect("calls").await;
    walk_in(&clerk, MAIN_OFFICE).await;
    let called = clerk
        .call_next(
            MAIN_OFFICE,
            &CallNext {
                counter: "Schalter 5".into(),
                services: Vec::new(),
            },
        )
        .await
        .unwrap()
        .expect("someone waits");
    assert_eq!(display.expect("call").await["number"], "A-001");
    clerk.recall(MAIN_OFFICE, called.id).await.unwrap();
    let again = display.expect("call").await;
    assert_eq!(
        (again["number"].as_str(), again["counter"].as_str()),
        (Some("A-001"), Some("Schalter 5"))
    );
}

/// How many connections of the test's database listen for calls now (PostgreSQL).
async fn listening(app: &TestApp) -> i64 {
    count(
        &app.database_url,
        "SELECT COUNT(*) FROM pg_stat_activity \
         WHERE datname = current_database() AND query LIKE 'LISTEN%'",
    )
    .await
}

#[tokio::test]
async fn a_display_gets_the_board_again_when_the_listening_connection_breaks_and_hears_calls_after()
{
    if backend() != Backend::Postgres {
        eprintln!("runs with TERMINVERGABE_TEST_BACKEND=postgres (calls travel by LISTEN/NOTIFY)");
        return;
    }
    let app = spawn_app().await;
    let clerk = admin_client(&app).await;
    let mut display = Display::open(display_of(|p| app.url(p), MAIN_OFFICE)).await;
    display.expect("calls").await;
    walk_in(&clerk, MAIN_OFFICE).await;
    let first = call(&clerk, MAIN_OFFICE, "Schalter 1").await;
    assert_eq!(display.expect("call").await["number"], first.as_str());

    // The database drops the process's listening connection (a restart, a failover, a proxy).
    let dropped = count(
        &app.database_url,
        "SELECT COUNT(pg_terminate_backend(pid)) FROM pg_stat_activity \
         WHERE datname = current_database() AND query LIKE 'LISTEN%'",
    )
    .await;
    assert_eq!(dropped, 1, "one process, one listening connection");
    let board = display.expect("calls").await;
    assert_eq!(
        board[0]["number"],
        first.as_str(),
        "calls may have been missed meanwhile: the display gets the board again"
    );

    // It listens again by itself; the next call reaches the display as before.
    let deadline = tokio::time::Instant::now() + PATIENCE;
    while listening(&app).await == 0 {
        assert!(tokio::time::Instant::now() < deadline, "listens again");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    walk_in(&clerk, MAIN_OFFICE).await;
    let second = call(&clerk, MAIN_OFFICE, "Schalter 2").await;
    let shown = display.expect("call").await;
    assert_eq!(
        (shown["number"].as_str(), shown["counter"].as_str()),
        (Some(second.as_str()), Some("Schalter 2"))
    );
}
