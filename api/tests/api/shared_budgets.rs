//! Request budgets with several instances: three server processes on one PostgreSQL database
//! (counted in PostgreSQL, or in Redis with `--redis-url`) give a client exactly its budget,
//! not three times it; and a Redis that goes away lets requests pass instead of failing them.

use crate::helpers::*;
use crate::portal_keys::portal;
use shared::portal::ApiScope;

/// Redis for the tests (`TERMINVERGABE_TEST_REDIS_URL`, default the local one).
fn redis_url() -> String {
    std::env::var("TERMINVERGABE_TEST_REDIS_URL")
        .unwrap_or_else(|_| "redis://127.0.0.1:6379".to_owned())
}

/// Sends `total` requests spread round-robin over the processes; how many passed and how
/// many were refused with 429.
async fn spread(
    processes: &[ServerProcess],
    total: usize,
    api_key: Option<&str>,
) -> (usize, usize) {
    let http = reqwest::Client::new();
    let mut passed = 0;
    let mut refused = 0;
    for n in 0..total {
        let mut request = http.get(processes[n % processes.len()].url("/api/v1/offices"));
        if let Some(key) = api_key {
            request = request.header("X-Api-Key", key);
        }
        match request.send().await.unwrap().status().as_u16() {
            200 => passed += 1,
            429 => refused += 1,
            other => panic!("unexpected status {other}"),
        }
    }
    (passed, refused)
}

async fn three_processes(database_url: &str, args: &[&str]) -> Vec<ServerProcess> {
    let mut processes = Vec::new();
    for _ in 0..3 {
        processes.push(ServerProcess::start(database_url, None, args).await);
    }
    processes
}

fn postgres_only() -> bool {
    if backend() != Backend::Postgres {
        eprintln!(
            "runs with TERMINVERGABE_TEST_BACKEND=postgres (several processes share one database)"
        );
        return false;
    }
    true
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn three_instances_on_one_postgres_database_give_a_portal_exactly_its_quota() {
    if !postgres_only() {
        return;
    }
    let app = spawn_app().await;
    let (client, _) = portal(
        &app,
        "Verteilt",
        &[ApiScope::AvailabilityRead],
        &[],
        10,
        None,
    )
    .await;
    let processes = three_processes(&app.database_url, &NO_DEFENCES).await;
    let outcome = spread(&processes, 30, client.api_key()).await;
    assert_eq!(outcome, (10, 20));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn three_instances_on_one_postgres_database_give_an_address_exactly_its_budget() {
    if !postgres_only() {
        return;
    }
    let app = spawn_app().await;
    let processes = three_processes(
        &app.database_url,
        &["--pow-difficulty", "0", "--rate-limit-per-minute", "12"],
    )
    .await;
    assert_eq!(spread(&processes, 36, None).await, (12, 24));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn three_instances_counting_in_redis_give_a_portal_and_an_address_exactly_their_budgets() {
    if !postgres_only() {
        return;
    }
    let app = spawn_app().await;
    let (client, _) = portal(
        &app,
        "Über Redis",
        &[ApiScope::AvailabilityRead],
        &[],
        10,
        None,
    )
    .await;
    let redis = redis_url();
    let processes = three_processes(
        &app.database_url,
        &[
            "--pow-difficulty",
            "0",
            "--rate-limit-per-minute",
            "12",
            "--redis-url",
            &redis,
        ],
    )
    .await;
    assert_eq!(spread(&processes, 30, client.api_key()).await, (10, 20));
    assert_eq!(spread(&processes, 36, None).await, (12, 24));
}

/// A Redis server of this test's own, on a free port, stopped when dropped.
struct OwnRedis(std::process::Child, u16);

impl OwnRedis {
    async fn start() -> Option<OwnRedis> {
        let port = free_port();
        let child = std::process::Command::new("redis-server")
            .args([
                "--port",
                &port.to_string(),
                "--save",
                "",
                "--appendonly",
                "no",
            ])
            .stdout(std::process::Stdio::null())
            .spawn()
            .ok()?;
        let redis = OwnRedis(child, port);
        for _ in 0..50 {
            if std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
                return Some(redis);
            }
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        }
        None
    }
}

impl Drop for OwnRedis {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

#[tokio::test]
async fn when_redis_goes_away_requests_pass_uncounted_instead_of_failing() {
    let Some(redis) = OwnRedis::start().await else {
        assert!(
            std::env::var_os("CI").is_none(),
            "redis-server is needed for this test under CI"
        );
        eprintln!("redis-server is not installed: skipped");
        return;
    };
    let url = format!("redis://127.0.0.1:{}", redis.1);
    let app = spawn_app_with(|s| {
        s.defences.rate_limit_per_minute = 4;
        s.defences.redis_url = Some(url.parse().unwrap());
    })
    .await;
    let get = || reqwest::get(app.url("/api/v1/offices"));
    for _ in 0..4 {
        assert_eq!(get().await.unwrap().status(), 200);
    }
    assert_eq!(get().await.unwrap().status(), 429, "counted in Redis");
    drop(redis);
    for _ in 0..3 {
        assert_eq!(
            get().await.unwrap().status(),
            200,
            "passes while Redis is gone"
        );
    }
}
