//! Building the SPA with Trunk (offline, pinned tools, release profile).

use crate::cmd;
use crate::tools;
use anyhow::Result;

/// Builds the citizens' app into `dist/` and the staff app into `dist/staff/` (in this order:
/// Trunk empties its dist folder first).
pub fn build() -> Result<()> {
    cmd::step("building the citizens' app (trunk build --release)");
    trunk(&["build", "--release"])?;
    cmd::step("building the staff app (trunk build frontend/staff.html --release)");
    trunk(&[
        "build",
        "frontend/staff.html",
        "--release",
        "--dist",
        "dist/staff",
        "--public-url",
        "/staff/",
    ])
}

fn trunk(args: &[&str]) -> Result<()> {
    let mut command = cmd::command("trunk", args);
    // The wasm build gets its own target folder so it never waits for the server build's lock.
    command.env("CARGO_TARGET_DIR", "target/wasm");
    if let Some(dir) = tools::wasm_opt_dir() {
        let path = std::env::var_os("PATH").unwrap_or_default();
        let mut paths = vec![dir];
        paths.extend(std::env::split_paths(&path));
        command.env("PATH", std::env::join_paths(paths)?);
    }
    cmd::run_command(&mut command)
}
