//! `cargo xtask bench [--quick]`: builds the server and the load generator (`bench/`) in
//! release mode and runs it against SQLite and, when reachable, PostgreSQL. Everything stays
//! on loopback; the bench creates and drops its own database and stops its server itself.

use crate::cmd::{self, in_ci, step};
use crate::test::{DEFAULT_POSTGRES_URL, host_and_port, reachable};
use anyhow::{Result, bail};

pub fn run(extra: &[String]) -> Result<()> {
    step("building the server and the benchmark (release)");
    cmd::run("cargo", &["build", "--release", "-p", "api", "-p", "bench"])?;

    let url = std::env::var("TERMINVERGABE_BENCH_POSTGRES_URL")
        .unwrap_or_else(|_| DEFAULT_POSTGRES_URL.to_owned());
    let mut args: Vec<String> = extra.to_vec();
    if !args.iter().any(|arg| arg == "--backend") {
        if reachable(&host_and_port(&url, 5432)?) {
            args.extend(["--postgres-url".to_owned(), url]);
        } else {
            eprintln!("\n!!! PostgreSQL is not reachable at {url}: benchmarking SQLite only");
            if in_ci() {
                bail!("PostgreSQL is required under CI=true");
            }
            args.extend(["--backend".to_owned(), "sqlite".to_owned()]);
        }
    }
    if !std::path::Path::new("dist").is_dir() {
        eprintln!(
            "dist/ is missing: the SPA size is reported as not built (`cargo xtask build-spa`)"
        );
    }
    step("running the benchmark");
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    cmd::run("target/release/bench", &args)
}
