//! Webhooks to portals: signed deliveries of the events of their bookings, through the outbox,
//! retried after a failing receiver. The receiver is a small HTTP server on loopback that
//! records every request and answers with scripted status codes.

use crate::helpers::*;
use crate::portal_keys::portal;
use hmac::{Hmac, Mac};
use sha2::Sha256;
use shared::admin::{StaffStatus, StatusChange};
use shared::bookings::{AppointmentStatus, RescheduleRequest};
use shared::portal::{ApiScope, WebhookEvent, WebhookEventType};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

/// One request the receiver got.
#[derive(Debug, Clone)]
struct Received {
    headers: HashMap<String, String>,
    body: String,
}

/// A webhook receiver on 127.0.0.1 that answers the n-th request with `statuses[n]` (200 once
/// the script runs out).
#[derive(Debug, Clone)]
struct Receiver {
    url: String,
    received: Arc<Mutex<Vec<Received>>>,
}

impl Receiver {
    async fn start(statuses: Vec<u16>) -> Receiver {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!(
            "http://{}/hooks/terminvergabe",
            listener.local_addr().unwrap()
        );
        let received = Arc::new(Mutex::new(Vec::new()));
        let log = received.clone();
        tokio::spawn(async move {
            loop {
                let Ok((mut stream, _)) = listener.accept().await else {
                    return;
                };
                let Some(request) = read_request(&mut stream).await else {
                    continue;
                };
                let status = {
                    let mut log = log.lock().unwrap();
                    log.push(request);
                    statuses.get(log.len() - 1).copied().unwrap_or(200)
                };
                let answer = format!(
                    "HTTP/1.1 {status} X\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
                );
                let _ = stream.write_all(answer.as_bytes()).await;
                let _ = stream.shutdown().await;
            }
        });
        Receiver { url, received }
    }

    fn received(&self) -> Vec<Received> {
        self.received.lock().unwrap().clone()
    }

    /// Waits (at most 15 s) until `count` requests arrived.
    async fn wait_for(&self, count: usize) -> Vec<Received> {
        for _ in 0..150 {
            let received = self.received();
            if received.len() >= count {
                return received;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        panic!(
            "expected {count} webhook requests, got {:?}",
            self.received()
        );
    }
}

async fn read_request(stream: &mut tokio::net::TcpStream) -> Option<Received> {
    let mut buffer = Vec::new();
    let mut chunk = [0_u8; 4096];
    let header_end = loop {
        let n = stream.read(&mut chunk).await.ok()?;
        if n == 0 {
            return None;
        }
        buffer.extend_from_slice(&chunk[..n]);
        if let Some(at) = buffer.windows(4).position(|w| w == b"\r\n\r\n") {
            break at + 4;
        }
    };
    let head = String::from_utf8_lossy(&buffer[..header_end]).into_owned();
    let headers: HashMap<String, String> = head
        .lines()
        .skip(1)
        .filter_map(|line| line.split_once(':'))
        .map(|(name, value)| (name.trim().to_ascii_lowercase(), value.trim().to_owned()))
        .collect();
    let length: usize = headers.get("content-length")?.parse().ok()?;
    while buffer.len() < header_end + length {
        let n = stream.read(&mut chunk).await.ok()?;
        if n == 0 {
            return None;
        }
        buffer.extend_from_slice(&chunk[..n]);
    }
    Some(Received {
        headers,
        body: String::from_utf8(buffer[header_end..header_end + length].to_vec()).ok()?,
    })
}

/// Checks the signature as a receiver would: HMAC-SHA256 over "{timestamp}.{body}".
fn assert_signed(request: &Received, secret: &str) -> WebhookEvent {
    let timestamp = &request.headers["terminvergabe-timestamp"];
    let mut mac = Hmac::<Sha256>::new_from_slice(secret.as_bytes()).unwrap();
    mac.update(format!("{timestamp}.{}", request.body).as_bytes());
    let expected: String = mac
        .finalize()
        .into_bytes()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    assert_eq!(
        request.headers["terminvergabe-signature"],
        format!("v1={expected}")
    );
    let _: i64 = timestamp.parse().expect("Unix seconds");
    assert_eq!(request.headers["content-type"], "application/json");
    serde_json::from_str(&request.body).unwrap()
}

#[tokio::test]
async fn a_portal_gets_signed_events_for_its_own_bookings_only() {
    let app = spawn_app().await;
    let receiver = Receiver::start(Vec::new()).await;
    let (portal, created) = portal(
        &app,
        "Serviceportal",
        &[ApiScope::AvailabilityRead, ApiScope::BookingsWrite],
        &[],
        100,
        Some(receiver.url.clone()),
    )
    .await;
    let secret = created.webhook_secret.unwrap();

    let mut request = booking_of(
        MAIN_OFFICE,
        one(ID_CARD),
        winter_time(2026, 12, 1, 9, 0),
        "w@example.org",
    );
    let mut second = request.appointments[0].clone();
    second.start = winter_time(2026, 12, 1, 10, 0);
    request.appointments.push(second);
    let booked = portal
        .book(&request, Some("two-at-once"))
        .await
        .unwrap()
        .booking;
    let token = booked.manage_token.clone().unwrap();
    // A citizen's own booking is none of the portal's business.
    book_id_card(&app, winter_time(2026, 12, 1, 11, 0), "citizen@example.org").await;

    let created_event = assert_signed(&receiver.wait_for(1).await[0], &secret);
    assert_eq!(created_event.event_type, WebhookEventType::BookingCreated);
    assert!(created_event.id.starts_with("evt_"));
    assert_eq!(created_event.data.reference, booked.reference);
    assert_eq!(created_event.data.appointment_ids.len(), 2);
    assert_eq!(
        created_event.data.booking.manage_token, None,
        "never in a webhook"
    );

    let first_id = booked.appointments[0].id;
    let second_id = booked.appointments[1].id;
    portal
        .cancel(&booked.reference, &token, Some(vec![first_id]))
        .await
        .unwrap();
    let cancelled = assert_signed(&receiver.wait_for(2).await[1], &secret);
    assert_eq!(cancelled.event_type, WebhookEventType::BookingCancelled);
    assert_eq!(cancelled.data.appointment_ids, vec![first_id]);

    portal
        .reschedule(
            &booked.reference,
            &token,
            second_id,
            &RescheduleRequest {
                start: winter_time(2026, 12, 1, 10, 30),
            },
        )
        .await
        .unwrap();
    let moved = assert_signed(&receiver.wait_for(3).await[2], &secret);
    assert_eq!(moved.event_type, WebhookEventType::BookingRescheduled);
    assert_eq!(
        moved.data.booking.appointments[1].start,
        winter_time(2026, 12, 1, 10, 30)
    );

    admin_client(&app)
        .await
        .change_status(
            second_id,
            &StatusChange {
                status: StaffStatus::CancelledByOffice,
                reason: Some("Wasserschaden im Bürgeramt".into()),
            },
        )
        .await
        .unwrap();
    let status = assert_signed(&receiver.wait_for(4).await[3], &secret);
    assert_eq!(
        status.event_type,
        WebhookEventType::AppointmentStatusChanged
    );
    assert_eq!(
        status.data.status,
        Some(AppointmentStatus::CancelledByOffice)
    );
    assert_eq!(status.data.appointment_ids, vec![second_id]);

    tokio::time::sleep(Duration::from_millis(1500)).await;
    assert_eq!(
        receiver.received().len(),
        4,
        "nothing about the citizen's booking"
    );
}

#[tokio::test]
async fn an_event_refused_by_the_receiver_is_delivered_once_after_a_retry() {
    let app = spawn_app().await;
    app.clock.run(); // the retry waits for its backoff to pass
    let receiver = Receiver::start(vec![500]).await;
    let (portal, created) = portal(
        &app,
        "Wackelportal",
        &[ApiScope::BookingsWrite],
        &[],
        100,
        Some(receiver.url.clone()),
    )
    .await;
    let secret = created.webhook_secret.unwrap();
    portal
        .book(
            &booking_of(
                MAIN_OFFICE,
                one(ID_CARD),
                winter_time(2026, 12, 1, 9, 0),
                "r@example.org",
            ),
            None,
        )
        .await
        .unwrap();
    let received = receiver.wait_for(2).await;
    let failed = assert_signed(&received[0], &secret);
    let retried = assert_signed(&received[1], &secret);
    assert_eq!(failed.id, retried.id, "the same event, not a new one");
    let first_at: i64 = received[0].headers["terminvergabe-timestamp"]
        .parse()
        .unwrap();
    let second_at: i64 = received[1].headers["terminvergabe-timestamp"]
        .parse()
        .unwrap();
    assert!(
        second_at > first_at,
        "signed anew at each attempt, after a backoff"
    );

    tokio::time::sleep(Duration::from_millis(2500)).await;
    assert_eq!(
        receiver.received().len(),
        2,
        "delivered once the receiver said 200"
    );
}

/// An administrator client of a server that allows no intranet networks (the default).
async fn without_intranet() -> (TestApp, client::Client) {
    let app = spawn_app_with(|s| s.webhooks.webhook_allowed_networks.clear()).await;
    let admin = admin_client(&app).await;
    (app, admin)
}

#[tokio::test]
async fn webhooks_aimed_inside_the_network_or_over_plain_http_are_refused_at_registration() {
    let (_app, admin) = without_intranet().await;
    for url in [
        "http://127.0.0.1:9000/hook",
        "https://127.0.0.1/hook",
        "https://169.254.169.254/latest/meta-data/",
        "https://[::1]/hook",
        "https://localhost/hook",
        "https://2130706433/hook",
        "https://0177.0.0.1/hook",
        "https://10.0.0.1/hook",
        "https://192.168.178.1/hook",
        "https://100.64.1.1/hook",
        "https://[::ffff:127.0.0.1]/hook",
        "https://[fe80::1]/hook",
        "https://239.1.1.1/hook",
        "https://0.0.0.0/hook",
        "http://8.8.8.8/hook",
    ] {
        let refused = admin
            .create_api_client(
                &shared::portal::NewApiClient {
                    name: format!("Portal {url}"),
                    scopes: vec![ApiScope::BookingsWrite],
                    offices: Vec::new(),
                    requests_per_minute: 10,
                    webhook_url: Some(url.into()),
                },
                None,
            )
            .await;
        let problem = expect_problem(refused, 422, "validation_failed");
        assert_eq!(
            (
                problem.errors[0].field.as_str(),
                problem.errors[0].code.as_str()
            ),
            ("webhook_url", "webhook_target_refused"),
            "{url}"
        );
    }
    let public = admin
        .create_api_client(
            &shared::portal::NewApiClient {
                name: "Öffentlich".into(),
                scopes: vec![ApiScope::BookingsWrite],
                offices: Vec::new(),
                requests_per_minute: 10,
                webhook_url: Some("https://8.8.8.8/hook".into()),
            },
            None,
        )
        .await;
    assert!(
        public.is_ok(),
        "a public https receiver is fine: {public:?}"
    );
}

#[tokio::test]
async fn a_receiver_that_now_resolves_inside_the_network_gets_no_delivery() {
    let (app, _admin) = without_intranet().await;
    let receiver = Receiver::start(Vec::new()).await;
    let (portal, _) = portal(
        &app,
        "Umgezogen",
        &[ApiScope::BookingsWrite],
        &[],
        100,
        None,
    )
    .await;
    // Registered while its name still pointed elsewhere; now `localhost` leads to loopback.
    let port = receiver
        .url
        .rsplit_once(':')
        .unwrap()
        .1
        .split('/')
        .next()
        .unwrap()
        .to_owned();
    app.execute(&format!(
        "UPDATE api_clients SET webhook_url = 'http://localhost:{port}/hooks', webhook_secret = 'whsec_x'"
    ))
    .await;
    portal
        .book(
            &booking_of(
                MAIN_OFFICE,
                one(ID_CARD),
                winter_time(2026, 12, 1, 9, 0),
                "moved@example.org",
            ),
            None,
        )
        .await
        .unwrap();
    let mut last_error = String::new();
    for _ in 0..50 {
        tokio::time::sleep(Duration::from_millis(100)).await;
        last_error = text(
            &app.database_url,
            "SELECT COALESCE(MAX(last_error), '') FROM webhook_deliveries",
        )
        .await;
        if !last_error.is_empty() {
            break;
        }
    }
    assert!(last_error.contains("not a public address"), "{last_error}");
    assert!(
        receiver.received().is_empty(),
        "nothing reached the loopback receiver"
    );
}
