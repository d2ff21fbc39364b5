//! `cargo xtask <verb>`: the project's own commands, written in Rust so they run wherever
//! cargo runs.
//!
//! - `run`            install missing tools, build the SPA (release), serve the demo on SQLite
//! - `test`           everything CI checks (see `test.rs`)
//! - `fuzz`           only its schemathesis step: public, administrator and portal (debug build)
//! - `openapi`        regenerate `openapi.yaml` from the code
//! - `install-tools`  only install the pinned tools (wasm32 target, trunk, wasm-bindgen, wasm-opt)
//! - `build-spa`      only build the SPA into `dist/`
//! - `bench`          load benchmark on SQLite and PostgreSQL, release build (`--quick`: smoke check)

// A command-line tool: printing to stdout is its job.
#![allow(clippy::print_stdout)]

mod bench; // the load benchmark
mod cmd; // running commands and reporting them
mod spa; // building the SPA with Trunk
mod test; // the CI pipeline
mod tools; // pinned tool installation

use anyhow::{Result, bail};

fn main() -> Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let root = cmd::workspace_root();
    std::env::set_current_dir(&root)?;
    match args.first().map(String::as_str) {
        Some("run") => run(&args[1..]),
        Some("test") => test::run(),
        Some("fuzz") => test::fuzz(),
        Some("openapi") => openapi(),
        Some("install-tools") => tools::install_spa_tools(),
        Some("bench") => bench::run(&args[1..]),
        Some("build-spa") => {
            tools::install_spa_tools()?;
            spa::build()
        }
        _ => bail!(
            "usage: cargo xtask <run [-- serve flags…] | test | fuzz | openapi | install-tools | build-spa | bench [--quick]>"
        ),
    }
}

/// Builds everything and starts the demo server; extra arguments go to `terminvergabe serve`.
fn run(extra: &[String]) -> Result<()> {
    tools::install_spa_tools()?;
    spa::build()?;
    cmd::step("building the server (release)");
    cmd::run("cargo", &["build", "--release", "-p", "api"])?;
    let bind = "127.0.0.1:8080";
    println!();
    println!("  Terminvergabe demo:   http://{bind}/");
    println!("  API reference:        http://{bind}/api/docs/");
    println!("  Demo staff login:     admin / Porta-Westfalica-2026");
    println!("  Emails (dev mailbox): data/mail/*.eml");
    println!("  Metrics (loopback):   http://127.0.0.1:9464/metrics");
    println!("  Stop with Ctrl-C.");
    println!();
    let mut args = vec![
        "serve",
        "--demo",
        "--demo-queue",
        "--static-dir",
        "dist",
        "--bind",
        bind,
    ];
    args.extend(extra.iter().map(String::as_str));
    cmd::run("target/release/terminvergabe", &args)
}

/// Writes `openapi.yaml` from `terminvergabe openapi`.
fn openapi() -> Result<()> {
    let yaml = cmd::output("cargo", &["run", "--quiet", "-p", "api", "--", "openapi"])?;
    std::fs::write("openapi.yaml", yaml)?;
    println!("openapi.yaml written");
    Ok(())
}
