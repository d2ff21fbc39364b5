//! The test harness: a fresh database per test, the real server on port 0, an adjustable clock.

use chrono::{DateTime, Duration, NaiveDate, TimeZone, Utc};
use client::Client;
use shared::bookings::{AppointmentRequest, Citizen, CreateBooking};
use shared::ids::{OfficeId, ServiceId};
use shared::locale::Locale;
use shared::selection::ServiceQuantity;
use std::sync::{Arc, Mutex};
use terminvergabe::clock::Clock;
use terminvergabe::config::{
    DatabaseArgs, DatabaseUrl, DefenceSettings, MailSettings, MetricsBind, ServeSettings,
    WebhookDeliverySettings,
};
use terminvergabe::startup::Application;

/// A clock the test controls: it stands still (so expectations are exact) unless a test lets it
/// run in real time, e.g. for retries that need time to pass; `advance` jumps either way.
#[derive(Debug)]
pub struct TestClock(Mutex<ClockState>);

#[derive(Debug)]
struct ClockState {
    at: DateTime<Utc>,
    running_since: Option<std::time::Instant>,
}

impl TestClock {
    fn starting_at(at: DateTime<Utc>) -> TestClock {
        TestClock(Mutex::new(ClockState {
            at,
            running_since: None,
        }))
    }

    pub fn set(&self, now: DateTime<Utc>) {
        let mut state = self.0.lock().unwrap();
        state.at = now;
        state.running_since = state.running_since.map(|_| std::time::Instant::now());
    }

    pub fn advance(&self, by: Duration) {
        self.0.lock().unwrap().at += by;
    }

    /// From now on the clock moves with real time.
    pub fn run(&self) {
        let mut state = self.0.lock().unwrap();
        state
            .running_since
            .get_or_insert_with(std::time::Instant::now);
    }
}

impl Clock for TestClock {
    fn now(&self) -> DateTime<Utc> {
        use chrono::SubsecRound;
        let state = self.0.lock().unwrap();
        let elapsed = state.running_since.map_or(Duration::zero(), |since| {
            Duration::from_std(since.elapsed()).unwrap_or_default()
        });
        (state.at + elapsed).trunc_subsecs(0)
    }
}

/// Asserts that two instants are at most a few seconds apart (the test clock runs).
pub fn assert_about(actual: DateTime<Utc>, expected: DateTime<Utc>) {
    assert!(
        (actual - expected).num_seconds().abs() <= 5,
        "{actual} is not about {expected}"
    );
}

/// Monday 30 November 2026, 07:00 in Porta Westfalica: the office opens in an hour.
pub fn monday_morning() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 30, 6, 0, 0).unwrap()
}

pub fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

/// Which database the suite runs against.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

pub fn backend() -> Backend {
    match std::env::var("TERMINVERGABE_TEST_BACKEND").as_deref() {
        Ok("postgres") => Backend::Postgres,
        Ok("sqlite") | Err(_) => Backend::Sqlite,
        Ok(other) => panic!("TERMINVERGABE_TEST_BACKEND must be sqlite or postgres, not {other}"),
    }
}

/// The server under test.
#[derive(Debug)]
pub struct TestApp {
    pub client: Client,
    pub clock: Arc<TestClock>,
    pub database_url: String,
    pub port: u16,
    /// The separate `/metrics` listener.
    pub metrics_port: u16,
    db: terminvergabe::store::Db,
    _dir: tempfile::TempDir,
}

/// A fresh database URL of the configured backend (created empty on PostgreSQL).
pub async fn fresh_database_url(dir: &std::path::Path) -> String {
    match backend() {
        Backend::Sqlite => format!("sqlite://{}", dir.join("test.db").display()),
        Backend::Postgres => {
            let admin = postgres_admin_url();
            let name = format!("tv_test_{}", uuid::Uuid::new_v4().simple());
            let mut connection = <sqlx::PgConnection as sqlx::Connection>::connect(&admin)
                .await
                .expect("PostgreSQL reachable (set TERMINVERGABE_TEST_POSTGRES_URL)");
            sqlx::query(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}")))
                .execute(&mut connection)
                .await
                .expect("create test database");
            format!(
                "{}/{name}",
                admin
                    .rsplit_once('/')
                    .map_or(admin.as_str(), |(server, _)| server)
            )
        }
    }
}

pub fn postgres_admin_url() -> String {
    std::env::var("TERMINVERGABE_TEST_POSTGRES_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".to_owned())
}

/// Settings for a server on port 0 with the demo data.
pub fn settings(database_url: &str, mail_dir: &std::path::Path) -> ServeSettings {
    ServeSettings {
        database: DatabaseArgs {
            database_url: database_url.parse::<DatabaseUrl>().unwrap(),
        },
        bind: "127.0.0.1:0".parse().unwrap(),
        metrics_bind: MetricsBind::At("127.0.0.1:0".parse().unwrap()),
        static_dir: None,
        public_url: "http://127.0.0.1:8080".parse().unwrap(),
        demo: true,
        demo_queue: false,
        max_body_bytes: 64 * 1024,
        shutdown_timeout_secs: 1,
        jobs_interval_secs: 1,
        mail: MailSettings {
            smtp_url: None,
            mail_from: "Terminvergabe Test <noreply@test.invalid>".parse().unwrap(),
            mail_dir: mail_dir.to_owned(),
            mail_max_attempts: 10,
            mail_retry_cap_secs: 1,
            reminder_hours: 24,
        },
        // Bot defences are tested on their own (defences.rs); elsewhere they would only add noise.
        defences: DefenceSettings {
            pow_difficulty: Some(0),
            rate_limit_per_minute: 0,
            retention_days: 1,
            redis_url: None,
            trusted_proxies: Vec::new(),
            proxy_header: Default::default(),
        },
        jwt_secret: None,
        webhooks: WebhookDeliverySettings {
            webhook_max_attempts: 8,
            webhook_retry_cap_secs: 1,
            webhook_timeout_secs: 2,
            // The webhook tests' receivers listen on loopback, as an intranet portal would.
            webhook_allowed_networks: vec!["127.0.0.0/8".parse().unwrap()],
        },
    }
}

/// Starts the real server with demo data on a fresh database, with the clock at `monday_morning()`.
pub async fn spawn_app() -> TestApp {
    spawn_app_with(|_| {}).await
}

/// Like [`spawn_app`], with the settings adjusted first.
pub async fn spawn_app_with(adjust: impl FnOnce(&mut ServeSettings)) -> TestApp {
    if std::env::var_os("TEST_LOG").is_some() {
        terminvergabe::telemetry::init(terminvergabe::telemetry::LogFormat::Human);
    }
    let dir = tempfile::tempdir().unwrap();
    let database_url = fresh_database_url(dir.path()).await;
    let mut settings = settings(&database_url, &dir.path().join("mail"));
    adjust(&mut settings);
    let clock = Arc::new(TestClock::starting_at(monday_morning()));
    let app = Application::build(settings, clock.clone())
        .await
        .expect("server starts");
    let port = app.port();
    let metrics_port = app.metrics_port().expect("metrics are served");
    let db = app.db();
    tokio::spawn(app.run_until_stopped());
    TestApp {
        client: Client::new(format!("http://127.0.0.1:{port}")),
        clock,
        database_url,
        port,
        metrics_port,
        db,
        _dir: dir,
    }
}

impl TestApp {
    /// The dev mailbox folder (used when no SMTP server is configured).
    pub fn mail_dir(&self) -> std::path::PathBuf {
        self._dir.path().join("mail")
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{path}", self.port)
    }

    /// A write transaction of the server's own store (to run a use case directly).
    pub async fn begin(&self) -> terminvergabe::store::Tx {
        self.db.begin().await.expect("a write transaction")
    }

    /// Replaces the main office's opening rules by one online counter from `opens` to `closes`
    /// (`HH:MM:SS`) on every weekday, so free times are near whatever the real date is.
    pub async fn open_main_office_every_day(&self, opens: &str, closes: &str) {
        self.execute("DELETE FROM opening_rules WHERE office_id = 1")
            .await;
        self.execute(&format!(
            "INSERT INTO opening_rules (office_id, weekdays, opens, closes, slot_minutes, counters, offline_counters) \
             VALUES (1, 'mon,tue,wed,thu,fri,sat,sun', '{opens}', '{closes}', 15, 1, 0)"
        ))
        .await;
    }

    /// Runs SQL against the test database (to arrange states the API cannot reach quickly),
    /// in a write transaction of the server's own store, so its caches see the change at once.
    pub async fn execute(&self, sql: &str) {
        let mut tx = self.db.begin().await.expect("a write transaction");
        let sql = sqlx::AssertSqlSafe(sql.to_owned());
        terminvergabe::store::with_tx!(&mut tx, c => sqlx::query(sql).execute(c).await.expect("the arranging SQL runs").rows_affected());
        tx.commit().await.expect("the arranging SQL commits");
    }
}

/// Runs SQL on a connection of its own, as another server process sharing the database (or an
/// operator at the SQL prompt) would: the server's caches learn of it only from the database.
pub async fn execute_elsewhere(database_url: &str, sql: &str) {
    let sql = sqlx::AssertSqlSafe(sql.to_owned());
    if database_url.starts_with("sqlite") {
        let mut c = <sqlx::SqliteConnection as sqlx::Connection>::connect(database_url)
            .await
            .unwrap();
        sqlx::query(sql).execute(&mut c).await.unwrap();
    } else {
        let mut c = <sqlx::PgConnection as sqlx::Connection>::connect(database_url)
            .await
            .unwrap();
        sqlx::query(sql).execute(&mut c).await.unwrap();
    }
}

/// The single number a counting query returns, on either backend.
pub async fn count(database_url: &str, sql: &str) -> i64 {
    scalar(database_url, sql).await
}

/// The single text a query returns, on either backend.
pub async fn text(database_url: &str, sql: &str) -> String {
    scalar(database_url, sql).await
}

/// The single value a query returns, on either backend.
pub async fn scalar<T>(database_url: &str, sql: &str) -> T
where
    T: Send
        + Unpin
        + sqlx::Type<sqlx::Sqlite>
        + for<'r> sqlx::Decode<'r, sqlx::Sqlite>
        + sqlx::Type<sqlx::Postgres>
        + for<'r> sqlx::Decode<'r, sqlx::Postgres>,
{
    let sql = sqlx::AssertSqlSafe(sql.to_owned());
    if database_url.starts_with("sqlite") {
        let mut c = <sqlx::SqliteConnection as sqlx::Connection>::connect(database_url)
            .await
            .unwrap();
        sqlx::query_scalar(sql).fetch_one(&mut c).await.unwrap()
    } else {
        let mut c = <sqlx::PgConnection as sqlx::Connection>::connect(database_url)
            .await
            .unwrap();
        sqlx::query_scalar(sql).fetch_one(&mut c).await.unwrap()
    }
}

/// Demo data ids (assigned in insertion order).
pub const MAIN_OFFICE: OfficeId = OfficeId(1);
pub const BRANCH_OFFICE: OfficeId = OfficeId(2);
pub const ID_CARD: ServiceId = ServiceId(1);
pub const PASSPORT: ServiceId = ServiceId(2);
pub const REGISTRATION: ServiceId = ServiceId(4);
pub const CERTIFICATE_OF_REGISTRATION: ServiceId = ServiceId(5);
pub const CERTIFIED_COPIES: ServiceId = ServiceId(7);

pub fn one(service: ServiceId) -> Vec<ServiceQuantity> {
    vec![ServiceQuantity {
        service_id: service,
        quantity: 1,
    }]
}

pub fn citizen(email: &str) -> Citizen {
    Citizen {
        name: "Erika Mustermann".into(),
        email: email.into(),
        phone: None,
    }
}

/// A booking request for one appointment.
pub fn booking_of(
    office_id: OfficeId,
    services: Vec<ServiceQuantity>,
    start: chrono::DateTime<chrono::FixedOffset>,
    email: &str,
) -> CreateBooking {
    CreateBooking {
        appointments: vec![AppointmentRequest {
            office_id,
            services,
            start,
            hold_id: None,
        }],
        citizen: citizen(email),
        locale: Locale::De,
    }
}

/// Makes the main office tiny for races: one counter on Tuesdays 08:00–09:00, nothing else.
pub async fn one_counter_on_tuesday_mornings(app: &TestApp) {
    app.execute("DELETE FROM opening_rules WHERE office_id = 1")
        .await;
    app.execute(
        "INSERT INTO opening_rules (office_id, weekdays, opens, closes, slot_minutes, counters, offline_counters) \
         VALUES (1, 'tue', '08:00:00', '09:00:00', 15, 1, 0)",
    )
    .await;
}

/// The main office with one counter on Tuesday 1 December 2026, 08:00–09:00 (two ID-card
/// appointments), both booked; returns the two bookings.
pub async fn a_full_tuesday(
    app: &TestApp,
) -> (shared::bookings::Booking, shared::bookings::Booking) {
    one_counter_on_tuesday_mornings(app).await;
    let first = book_id_card(app, winter_time(2026, 12, 1, 8, 0), "first@example.org").await;
    let second = book_id_card(app, winter_time(2026, 12, 1, 8, 30), "second@example.org").await;
    (first, second)
}

/// Cancels the booking as its citizen does, with its manage token through the public API.
pub async fn cancel(app: &TestApp, booking: &shared::bookings::Booking) {
    app.client
        .cancel(
            &booking.reference,
            booking.manage_token.as_ref().unwrap(),
            None,
        )
        .await
        .expect("cancelled");
}

/// Local time at the demo offices (CET in winter).
pub fn winter_time(
    y: i32,
    m: u32,
    d: u32,
    hour: u32,
    minute: u32,
) -> chrono::DateTime<chrono::FixedOffset> {
    chrono::FixedOffset::east_opt(3600)
        .unwrap()
        .with_ymd_and_hms(y, m, d, hour, minute, 0)
        .unwrap()
}

// Fair release.

/// Monday 30 November 2026 at this local time (the demo offices' winter time), as the clock
/// takes it.
pub fn monday_at(hour: u32, minute: u32) -> DateTime<Utc> {
    winter_time(2026, 11, 30, hour, minute).with_timezone(&Utc)
}

/// The main office opens every day 08:00–10:00 with one counter (four ID-card appointments
/// a day) and releases tomorrow at 08:00 with a 30-minute window: on Monday, Tuesday
/// 1 December 2026 is drawn at 08:30.
pub async fn releasing_tomorrow_at_eight(app: &TestApp) {
    app.open_main_office_every_day("08:00:00", "10:00:00").await;
    // As an administrator sets it in the office's booking rules.
    let admin = admin_client(app).await;
    let office = admin
        .admin_offices()
        .await
        .unwrap()
        .into_iter()
        .find(|office| office.id == MAIN_OFFICE)
        .expect("the main office");
    let mut settings = office.settings;
    settings.booking_rules.horizon_days = 1;
    settings.booking_rules.daily_release_time = chrono::NaiveTime::from_hms_opt(8, 0, 0);
    settings.booking_rules.release_window_minutes = 30;
    let saved = admin.update_office(MAIN_OFFICE, &settings).await.unwrap();
    assert_eq!(saved.settings.booking_rules, settings.booking_rules);
}

/// Waits (up to ten seconds) until a job round has drawn the main office's release.
pub async fn drawn(client: &Client) -> shared::release::ReleaseDraw {
    for _ in 0..100 {
        let round = client.release_round(MAIN_OFFICE).await.unwrap();
        if let Some(draw) = round.draw {
            assert_eq!(round.phase, shared::release::ReleasePhase::Drawn);
            return draw;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    panic!("the release was not drawn");
}

/// The password of every staff account the tests create.
pub const STAFF_PASSWORD: &str = "Weserbergland-2026!";

/// A client logged in as the demo administrator.
pub async fn admin_client(app: &TestApp) -> Client {
    let (username, password) = terminvergabe::startup::DEMO_ADMIN;
    let mut client = app.client.clone();
    client
        .login(username, password)
        .await
        .expect("demo admin logs in");
    client
}

/// The appointment of booking `reference` at the main office on `day`, as the day plan shows
/// it to staff.
pub async fn planned(
    app: &TestApp,
    day: NaiveDate,
    reference: &str,
) -> shared::admin::StaffAppointment {
    let plan = admin_client(app)
        .await
        .day_plan(MAIN_OFFICE, day)
        .await
        .unwrap();
    plan.iter()
        .find(|appointment| appointment.reference == reference)
        .cloned()
        .unwrap_or_else(|| panic!("{reference} is in the day plan: {plan:?}"))
}

/// Creates a staff account of `role` for `offices` (through the admin API) and returns a
/// client logged in as it.
pub async fn staff_client(
    app: &TestApp,
    role: shared::auth::StaffRole,
    offices: &[OfficeId],
) -> Client {
    let username = format!(
        "{}-{}-{}",
        role.as_str(),
        offices
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join("-"),
        uuid::Uuid::new_v4().simple()
    );
    admin_client(app)
        .await
        .create_staff_account(&shared::admin::NewStaffAccount {
            username: username.clone(),
            password: STAFF_PASSWORD.into(),
            role,
            offices: offices.to_vec(),
        })
        .await
        .expect("staff account created");
    let mut client = app.client.clone();
    client
        .login(&username, STAFF_PASSWORD)
        .await
        .expect("staff logs in");
    client
}

/// Books one ID card appointment online at the main office and returns the booking.
pub async fn book_id_card(
    app: &TestApp,
    start: chrono::DateTime<chrono::FixedOffset>,
    email: &str,
) -> shared::bookings::Booking {
    app.client
        .book(&booking_of(MAIN_OFFICE, one(ID_CARD), start, email), None)
        .await
        .expect("booked")
        .booking
}

/// Asserts the problem status and code of a failed client call.
pub fn expect_problem<T: std::fmt::Debug>(
    result: Result<T, client::ClientError>,
    status: u16,
    code: &str,
) -> shared::problem::Problem {
    match result {
        Err(client::ClientError::Problem {
            status: got,
            problem,
        }) => {
            assert_eq!(
                (got.as_u16(), problem.code.as_str()),
                (status, code),
                "{problem:?}"
            );
            *problem
        }
        other => panic!("expected {status} {code}, got {other:?}"),
    }
}

/// Bot defences off, for tests that send many requests from one address.
pub const NO_DEFENCES: [&str; 4] = ["--pow-difficulty", "0", "--rate-limit-per-minute", "0"];

/// A server process of the real binary (`terminvergabe serve`), killed when dropped.
#[derive(Debug)]
pub struct ServerProcess {
    child: std::process::Child,
    pub port: u16,
    _mail_dir: tempfile::TempDir,
}

impl ServerProcess {
    /// Starts one on `database_url` at `port` (`None`: a free one), with `args` added (e.g.
    /// [`NO_DEFENCES`]), and waits until it is ready.
    pub async fn start(database_url: &str, port: Option<u16>, args: &[&str]) -> ServerProcess {
        Self::start_logging_to(database_url, port, args, None).await
    }

    /// Three processes without defences on `database_url`, as a city runs them behind a proxy.
    pub async fn start_three(database_url: &str) -> [ServerProcess; 3] {
        [
            Self::start(database_url, None, &NO_DEFENCES).await,
            Self::start(database_url, None, &NO_DEFENCES).await,
            Self::start(database_url, None, &NO_DEFENCES).await,
        ]
    }

    /// Like [`ServerProcess::start`], with the server's log written to `log`.
    pub async fn start_logging_to(
        database_url: &str,
        port: Option<u16>,
        args: &[&str],
        log: Option<&std::path::Path>,
    ) -> ServerProcess {
        let port = port.unwrap_or_else(free_port);
        let mail_dir = tempfile::tempdir().unwrap();
        let stderr = log.map_or_else(std::process::Stdio::null, |path| {
            std::fs::File::create(path).unwrap().into()
        });
        let child = std::process::Command::new(env!("CARGO_BIN_EXE_terminvergabe"))
            .args(["serve", "--database-url", database_url])
            .args(["--bind", &format!("127.0.0.1:{port}")])
            .args(["--metrics-bind", "127.0.0.1:0"])
            .arg("--mail-dir")
            .arg(mail_dir.path())
            .args(args)
            .stdout(std::process::Stdio::null())
            .stderr(stderr)
            .spawn()
            .unwrap();
        let process = ServerProcess {
            child,
            port,
            _mail_dir: mail_dir,
        };
        for _ in 0..100 {
            if let Ok(response) = reqwest::get(process.url("/health/ready")).await
                && response.status() == reqwest::StatusCode::OK
            {
                return process;
            }
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
        panic!("server process on port {port} did not become ready");
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{path}", self.port)
    }

    pub fn client(&self) -> Client {
        Client::new(self.url(""))
    }

    /// The dev mailbox folder of this process (what its mail worker sent).
    pub fn mail_dir(&self) -> std::path::PathBuf {
        self._mail_dir.path().to_owned()
    }

    /// SIGTERM, as an operator stops it: it drains its connections and exits.
    pub fn terminate(&self) {
        let status = std::process::Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status()
            .unwrap();
        assert!(status.success(), "kill -TERM failed");
    }

    /// SIGKILL: no graceful shutdown, as in a crash.
    pub fn kill(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for ServerProcess {
    fn drop(&mut self) {
        self.kill();
    }
}

/// Three server processes on the test app's PostgreSQL database, each with the demo
/// administrator logged in.
pub async fn three_processes_with_clerks(app: &TestApp) -> Vec<(ServerProcess, Client)> {
    let (username, password) = terminvergabe::startup::DEMO_ADMIN;
    let mut started = Vec::new();
    for _ in 0..3 {
        let process = ServerProcess::start(&app.database_url, None, &NO_DEFENCES).await;
        let mut clerk = process.client();
        clerk.login(username, password).await.expect("logs in");
        started.push((process, clerk));
    }
    started
}

/// A port nothing listens on right now.
pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

// The call queue.

/// A walk-in ticket for one of `service`.
pub fn walk_in(service: ServiceId) -> shared::call_queue::NewTicket {
    shared::call_queue::NewTicket {
        services: one(service),
    }
}

/// A call to `counter` of whoever waits for any service.
pub fn at_counter(counter: &str) -> shared::call_queue::CallNext {
    shared::call_queue::CallNext {
        counter: counter.into(),
        services: Vec::new(),
    }
}

/// The app clock set to `hour:minute` office time on Monday, 30 November 2026, and a member
/// of staff of the main office logged in then (access tokens last 15 minutes).
pub async fn staff_at(app: &TestApp, hour: u32, minute: u32) -> client::Client {
    app.clock
        .set(winter_time(2026, 11, 30, hour, minute).with_timezone(&chrono::Utc));
    admin_client(app).await
}

/// Checks the booking's first appointment in; the number the display will call it by.
pub async fn check_in(
    clerk: &client::Client,
    booking: &shared::bookings::Booking,
) -> Option<String> {
    clerk
        .change_status(
            booking.appointments[0].id,
            &shared::admin::StatusChange {
                status: shared::admin::StaffStatus::CheckedIn,
                reason: None,
            },
        )
        .await
        .expect("checked in")
        .queue_number
}
