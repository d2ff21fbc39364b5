//! `bench`: how Terminvergabe behaves when a booking window opens, measured against the HTTP
//! floor of the same server (`/health/live`) and the database's own limit (`pgbench`), on
//! SQLite and PostgreSQL. Run it through `cargo xtask bench [--quick]`, which builds it and the
//! server in release mode.
//!
//! Flags: `--quick` (smoke check), `--server PATH` (default `target/release/terminvergabe`),
//! `--backend sqlite|postgres|both` (default both), `--postgres-url URL` (default
//! `postgres://postgres@127.0.0.1:5432/postgres`; the bench creates and drops its own
//! database there), `--dist DIR` (default `dist`).

// A command-line tool: printing the report is its job.
#![allow(clippy::print_stdout)]

mod booking; // the booking storm, steady booking, and the ledger check
mod call_queue; // clerks calling in every process, displays timing the calls
mod fairness; // 1,000 entrants for 100 appointments: first come vs. the release window's draw
mod load; // the closed-loop load generator and the availability probes
mod pgbench; // the database's own limit for a booking-shaped transaction
mod plan; // full run or quick smoke check
mod report; // the table
mod run; // one backend from empty database to stopped server
mod seed; // the data set
mod server; // the server process under test
mod spa; // transferred size of the SPA

use anyhow::{Context, Result, bail};
use std::path::PathBuf;

#[derive(Debug)]
struct Args {
    quick: bool,
    server: PathBuf,
    backends: Vec<&'static str>,
    postgres_url: String,
    dist: PathBuf,
}

fn parse_args() -> Result<Args> {
    let mut args = Args {
        quick: false,
        server: PathBuf::from("target/release/terminvergabe"),
        backends: vec!["sqlite", "postgres"],
        postgres_url: "postgres://postgres@127.0.0.1:5432/postgres".to_owned(),
        dist: PathBuf::from("dist"),
    };
    let mut raw = std::env::args().skip(1);
    while let Some(flag) = raw.next() {
        let mut value = || raw.next().with_context(|| format!("{flag} needs a value"));
        match flag.as_str() {
            "--quick" => args.quick = true,
            "--server" => args.server = value()?.into(),
            "--postgres-url" => args.postgres_url = value()?,
            "--dist" => args.dist = value()?.into(),
            "--backend" => {
                args.backends = match value()?.as_str() {
                    "sqlite" => vec!["sqlite"],
                    "postgres" => vec!["postgres"],
                    "both" => vec!["sqlite", "postgres"],
                    other => bail!("unknown backend {other}: sqlite, postgres or both"),
                }
            }
            other => bail!(
                "unknown flag {other}; usage: bench [--quick] [--server PATH] \
                 [--backend sqlite|postgres|both] [--postgres-url URL] [--dist DIR]"
            ),
        }
    }
    Ok(args)
}

#[tokio::main]
async fn main() -> Result<()> {
    let args = parse_args()?;
    let plan = plan::Plan::new(args.quick);
    let spa = spa::sizes(&args.dist)?;
    let work_root =
        std::env::temp_dir().join(format!("terminvergabe-bench-{}", std::process::id()));
    let mut reports = Vec::new();
    for backend in &args.backends {
        let work_dir = work_root.join(backend);
        std::fs::create_dir_all(&work_dir)?;
        let outcome =
            run::backend(backend, &plan, &args.server, &args.postgres_url, &work_dir).await;
        match outcome {
            Ok(report) => reports.push(report),
            Err(error) => {
                eprintln!("bench on {backend} failed: {error:#}");
                eprintln!("(files kept in {})", work_dir.display());
                return Err(error);
            }
        }
        std::fs::remove_dir_all(&work_dir)?;
    }
    std::fs::remove_dir_all(&work_root)?;
    report::print(&plan, &reports, spa);
    if reports.iter().any(report::BackendReport::storm_failed) {
        bail!("the booking storm broke capacity or did not book exactly the free slots");
    }
    if reports.iter().any(report::BackendReport::calls_failed) {
        bail!("the call queue called a citizen twice or a display missed a call");
    }
    Ok(())
}
