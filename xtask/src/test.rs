//! `cargo xtask test`: everything CI checks, in order, failing at the first red step.
//!
//! PostgreSQL: `TERMINVERGABE_TEST_POSTGRES_URL` if set, else the local server on
//! 127.0.0.1:5432 (the Debian cluster is started if it is installed and down). Chromium and
//! ChromeDriver come from Debian, axe-core (for the accessibility browser test) from npm. When
//! any of them cannot be had the run says so loudly, and with `CI=true` that is a failure,
//! never a silent skip.

use crate::cmd::{self, in_ci, run_command, step};
use crate::{spa, tools};
use anyhow::{Context, Result, bail};
use std::net::{TcpStream, ToSocketAddrs};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

/// Crates the wire-format crate must never depend on (it is compiled into the SPA).
const FORBIDDEN_IN_SHARED: [&str; 6] =
    ["sqlx", "actix-web", "tokio", "lettre", "reqwest", "utoipa"];
const NATIVE_CRATES: [&str; 10] = [
    "-p", "api", "-p", "bench", "-p", "client", "-p", "shared", "-p", "xtask",
];
pub(crate) const DEFAULT_POSTGRES_URL: &str = "postgres://postgres@127.0.0.1:5432/postgres";
const CHROMEDRIVER_PORT: u16 = 9515;

pub fn run() -> Result<()> {
    step("formatting (cargo fmt --check)");
    cmd::run("cargo", &["fmt", "--all", "--", "--check"])?;

    step("lints (clippy -D warnings, native crates)");
    let mut args = vec!["clippy"];
    args.extend(NATIVE_CRATES);
    args.extend(["--all-targets", "--", "-D", "warnings"]);
    cmd::run("cargo", &args)?;

    tools::install_spa_tools()?;
    step("lints (clippy -D warnings, frontend for wasm32)");
    let mut clippy_wasm = cmd::command(
        "cargo",
        &[
            "clippy",
            "-p",
            "frontend",
            "--target",
            "wasm32-unknown-unknown",
            "--",
            "-D",
            "warnings",
        ],
    );
    clippy_wasm.env("CARGO_TARGET_DIR", "target/wasm");
    run_command(&mut clippy_wasm)?;

    step("shared builds for wasm32 without server or database crates");
    cmd::run(
        "cargo",
        &[
            "check",
            "-p",
            "shared",
            "--target",
            "wasm32-unknown-unknown",
        ],
    )?;
    let tree = cmd::output(
        "cargo",
        &["tree", "-p", "shared", "-e", "normal", "--prefix", "none"],
    )?;
    for forbidden in FORBIDDEN_IN_SHARED {
        if tree
            .lines()
            .any(|line| line.split_whitespace().next() == Some(forbidden))
        {
            bail!("shared depends on {forbidden}; the wire format must stay serde-only");
        }
    }

    step("unit tests of the SPA (native: links, texts, session rules)");
    cmd::run("cargo", &["test", "-p", "frontend", "--lib"])?;

    step("SMTP capture server for the email tests (PyPI aiosmtpd)");
    ensure_aiosmtpd()?;

    step("nginx for the reverse-proxy tests, Redis for the shared request budgets");
    if !tools::ensure_apt("nginx", &["nginx-light"])? {
        missing("nginx", "the reverse-proxy tests will fail")?;
    }
    let redis_url = redis_url()?;

    step("tests on SQLite");
    cargo_test(&[], &[("TERMINVERGABE_TEST_BACKEND", "sqlite")])?;

    step("fuzzing the API with schemathesis against the served OpenAPI document");
    fuzz_api()?;

    step("tests on PostgreSQL");
    match postgres_url()? {
        Some(url) => cargo_test(
            &["--test", "api"],
            &[
                ("TERMINVERGABE_TEST_BACKEND", "postgres"),
                ("TERMINVERGABE_TEST_POSTGRES_URL", url.as_str()),
                ("TERMINVERGABE_TEST_REDIS_URL", redis_url.as_str()),
            ],
        )?,
        None => missing("PostgreSQL", "the PostgreSQL half of the suite did NOT run")?,
    }

    spa::build()?;
    tools::install_axe_core()?;
    step("browser tests (headless Chromium)");
    if tools::ensure_apt("chromedriver", &["chromium", "chromium-driver"])? {
        let _driver = start_chromedriver()?;
        let dist = cmd::workspace_root().join("dist");
        cargo_test(
            &["--test", "browser"],
            &[
                ("TERMINVERGABE_SPA_DIR", &dist.to_string_lossy()),
                (
                    "TERMINVERGABE_WEBDRIVER_URL",
                    &format!("http://127.0.0.1:{CHROMEDRIVER_PORT}"),
                ),
            ],
        )?;
    } else {
        missing("Chromium/ChromeDriver", "the browser tests did NOT run")?;
    }
    step("all checks passed");
    Ok(())
}

/// `cargo xtask fuzz`: the schemathesis step alone, against a fresh debug build.
pub fn fuzz() -> Result<()> {
    cmd::run("cargo", &["build", "-p", "api"])?;
    fuzz_api()
}

/// `cargo test` of the native crates; `extra` selects test targets (default: all but browser).
fn cargo_test(extra: &[&str], env: &[(&str, &str)]) -> Result<()> {
    let mut args = vec!["test"];
    args.extend(NATIVE_CRATES);
    if extra.is_empty() {
        args.extend(["--lib", "--bins", "--test", "api"]);
    } else {
        args.extend(extra);
    }
    let mut command = cmd::command("cargo", &args);
    command.envs(env.iter().copied());
    run_command(&mut command)
}

/// Schemathesis sends thousands of generated requests to a demo server (bot defences off, as
/// on loopback) and fails on any 5xx or any response that the OpenAPI document does not allow:
/// once without credentials, once as the demo administrator (bearer token) and once as a
/// portal with every scope (an API key the step creates), so the staff and portal API are
/// fuzzed too. The administrator's run leaves out logout, which would end its own session.
///
/// One worker: with two, Hypothesis (which is not thread-safe) once failed to generate an example
/// body in a CI run ("FlakyFailure" inside schemathesis, no request sent). The run is bound by
/// Python's CPU time anyway, so a second worker gained nothing (66 s vs. 67 s here).
fn fuzz_api() -> Result<()> {
    ensure_python_package("schemathesis", "schemathesis==4.32.5")?;
    let dir = std::env::temp_dir().join(format!("terminvergabe-fuzz-{}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    let port = free_port()?;
    let database = format!("sqlite://{}", dir.join("fuzz.db").display());
    let server = Command::new("target/debug/terminvergabe")
        .args([
            "serve",
            "--demo",
            "--database-url",
            &database,
            "--bind",
            &format!("127.0.0.1:{port}"),
        ])
        .args(["--pow-difficulty", "0", "--rate-limit-per-minute", "0"])
        .args(["--metrics-bind", "127.0.0.1:0"])
        .arg("--mail-dir")
        .arg(dir.join("mail"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .context("starting the server for schemathesis")?;
    let _server = KillOnDrop(server);
    wait_until_reachable(&format!("127.0.0.1:{port}"))?;
    let base = format!("http://127.0.0.1:{port}");
    // Credentials first: the public run's failed logins throttle this address's logins.
    let token = demo_admin_token(&base)?;
    let key = portal_key(&base, &token)?;
    schemathesis(&dir, &base, "without credentials", &[])?;
    // The portal before the administrator, who may revoke or change its key.
    schemathesis(
        &dir,
        &base,
        "as a portal with every scope",
        &["--header", &format!("X-Api-Key: {key}")],
    )?;
    schemathesis(
        &dir,
        &base,
        "as the demo administrator",
        &[
            "--header",
            &format!("Authorization: Bearer {token}"),
            "--exclude-path",
            "/api/v1/auth/logout",
        ],
    )
}

fn schemathesis(dir: &std::path::Path, base: &str, who: &str, extra: &[&str]) -> Result<()> {
    eprintln!("schemathesis {who}");
    let checks = "not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance,response_headers_conformance";
    let mut command = Command::new("schemathesis");
    command
        .args([
            "run",
            &format!("{base}/api/openapi.json"),
            "--checks",
            checks,
        ])
        .args([
            "--max-examples",
            "60",
            "--workers",
            "1",
            "--seed",
            "20261126",
        ])
        // The display's event stream never ends by itself; its tests read it event by event.
        .args(["--exclude-path", "/api/v1/offices/{office_id}/calls"])
        .args(["--request-timeout", "30"])
        .args(extra)
        .current_dir(dir);
    run_command(&mut command).with_context(|| format!("schemathesis {who}"))
}

/// A bearer token of the demo administrator.
fn demo_admin_token(base: &str) -> Result<String> {
    let session: serde_json::Value = ureq::post(&format!("{base}/api/v1/auth/login"))
        .send_json(serde_json::json!({ "username": "admin", "password": "Porta-Westfalica-2026" }))?
        .body_mut()
        .read_json()?;
    session["access_token"]
        .as_str()
        .map(str::to_owned)
        .context("the login answered without an access token")
}

/// A fresh API key with every scope and a quota the fuzzing never reaches.
fn portal_key(base: &str, token: &str) -> Result<String> {
    let created: serde_json::Value = ureq::post(&format!("{base}/api/v1/admin/api-clients"))
        .header("Authorization", &format!("Bearer {token}"))
        .send_json(serde_json::json!({
            "name": "Fuzzing portal",
            "scopes": ["availability:read", "bookings:write", "staff:read"],
            "requests_per_minute": 100_000,
        }))?
        .body_mut()
        .read_json()?;
    created["key"]
        .as_str()
        .map(str::to_owned)
        .context("the new API client came without its key")
}

fn free_port() -> Result<u16> {
    Ok(std::net::TcpListener::bind("127.0.0.1:0")?
        .local_addr()?
        .port())
}

fn wait_until_reachable(address: &str) -> Result<()> {
    for _ in 0..100 {
        if reachable(address) {
            return Ok(());
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    bail!("nothing listens on {address}")
}

/// A child process that is killed when this goes out of scope.
struct KillOnDrop(Child);

impl Drop for KillOnDrop {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Installs a PyPI package with pip unless `module` imports already.
fn ensure_python_package(module: &str, requirement: &str) -> Result<()> {
    let importable = || {
        Command::new("python3")
            .args(["-c", &format!("import {module}")])
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|status| status.success())
    };
    if !importable() {
        cmd::run(
            "python3",
            &[
                "-m",
                "pip",
                "install",
                "--quiet",
                "--disable-pip-version-check",
                requirement,
            ],
        )?;
    }
    if !importable() {
        bail!("python3 could not import {module} after installing {requirement}");
    }
    Ok(())
}

/// The email tests run a real SMTP server from Python's aiosmtpd.
fn ensure_aiosmtpd() -> Result<()> {
    ensure_python_package("aiosmtpd", "aiosmtpd==1.4.6")
}

/// Says loudly that something could not run; under CI that is a failure.
fn missing(what: &str, consequence: &str) -> Result<()> {
    eprintln!("\n!!! {what} is not available: {consequence}.\n");
    if in_ci() {
        bail!("{what} is required under CI=true");
    }
    Ok(())
}

/// A reachable PostgreSQL server URL, starting the local Debian cluster if needed.
fn postgres_url() -> Result<Option<String>> {
    let url = std::env::var("TERMINVERGABE_TEST_POSTGRES_URL")
        .unwrap_or_else(|_| DEFAULT_POSTGRES_URL.to_owned());
    let address = host_and_port(&url, 5432)?;
    if reachable(&address) {
        drop_leftover_test_databases(&url);
        return Ok(Some(url));
    }
    if let Ok(versions) = std::fs::read_dir("/etc/postgresql") {
        for version in versions.flatten() {
            let version = version.file_name().to_string_lossy().into_owned();
            eprintln!("PostgreSQL is down; starting the Debian cluster {version}/main");
            let _ = cmd::run(
                "pg_ctlcluster",
                &["--skip-systemctl-redirect", &version, "main", "start"],
            );
        }
        for _ in 0..30 {
            if reachable(&address) {
                return Ok(Some(url));
            }
            std::thread::sleep(Duration::from_secs(1));
        }
    }
    Ok(None)
}

/// A reachable Redis (`TERMINVERGABE_TEST_REDIS_URL`, else 127.0.0.1:6379, started from
/// Debian's redis-server if it is down), for the tests of budgets shared through Redis.
/// `redis-server` itself is also needed: a test starts one of its own and stops it.
fn redis_url() -> Result<String> {
    let url = std::env::var("TERMINVERGABE_TEST_REDIS_URL")
        .unwrap_or_else(|_| "redis://127.0.0.1:6379".to_owned());
    if !tools::ensure_apt("redis-server", &["redis-server"])? {
        missing("redis-server", "the Redis tests will fail")?;
        return Ok(url);
    }
    let address = host_and_port(&url, 6379)?;
    if !reachable(&address) {
        eprintln!("Redis is down; starting redis-server on {address}");
        let port = address.rsplit_once(':').map_or("6379", |(_, port)| port);
        let _ = cmd::run(
            "redis-server",
            &[
                "--port",
                port,
                "--daemonize",
                "yes",
                "--save",
                "",
                "--appendonly",
                "no",
            ],
        );
        for _ in 0..30 {
            if reachable(&address) {
                break;
            }
            std::thread::sleep(Duration::from_millis(200));
        }
    }
    if !reachable(&address) {
        missing(
            "Redis",
            "the tests of budgets shared through Redis will fail",
        )?;
    }
    Ok(url)
}

/// `host:port` of a database or Redis URL, with `default_port` when it names none.
pub(crate) fn host_and_port(url: &str, default_port: u16) -> Result<String> {
    let parsed = url::Url::parse(url).with_context(|| format!("`{url}` is not a URL"))?;
    let host = parsed
        .host_str()
        .with_context(|| format!("`{url}` names no host"))?;
    Ok(format!("{host}:{}", parsed.port().unwrap_or(default_port)))
}

pub(crate) fn reachable(address: &str) -> bool {
    address
        .to_socket_addrs()
        .ok()
        .and_then(|mut addresses| addresses.next())
        .is_some_and(|address| TcpStream::connect_timeout(&address, Duration::from_secs(2)).is_ok())
}

/// Databases that earlier interrupted runs left behind (tests create `tv_test_*`).
fn drop_leftover_test_databases(url: &str) {
    let sql = "SELECT 'DROP DATABASE ' || quote_ident(datname) || ' WITH (FORCE);' FROM pg_database WHERE datname LIKE 'tv\\_test\\_%'";
    let Ok(statements) = cmd::output("psql", &[url, "-Atc", sql]) else {
        return;
    };
    for statement in statements.lines().filter(|line| !line.is_empty()) {
        let _ = Command::new("psql")
            .args([url, "-qc", statement])
            .stdout(Stdio::null())
            .status();
    }
}

/// ChromeDriver for the browser tests, stopped when dropped.
fn start_chromedriver() -> Result<KillOnDrop> {
    let child = Command::new("chromedriver")
        .arg(format!("--port={CHROMEDRIVER_PORT}"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .context("starting chromedriver")?;
    let driver = KillOnDrop(child);
    wait_until_reachable(&format!("127.0.0.1:{CHROMEDRIVER_PORT}"))?;
    Ok(driver)
}

#[cfg(test)]
mod tests {
    use super::host_and_port;

    #[test]
    fn the_address_of_a_database_url_keeps_its_port_or_takes_the_default() {
        let cases = [
            ("postgres://postgres@127.0.0.1/postgres", "127.0.0.1:5432"),
            (
                "postgres://u:p%40ss@db.example:6543/x?sslmode=disable",
                "db.example:6543",
            ),
            ("postgres://u:with:colons@[::1]/x", "[::1]:5432"),
            ("redis://127.0.0.1:6380/0", "127.0.0.1:6380"),
        ];
        for (url, address) in cases {
            assert_eq!(host_and_port(url, 5432).unwrap(), address, "{url}");
        }
    }

    #[test]
    fn a_url_without_a_host_is_refused() {
        assert!(host_and_port("127.0.0.1:5432", 5432).is_err());
        assert!(host_and_port("unix:/run/postgresql", 5432).is_err());
    }
}
