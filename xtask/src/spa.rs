//! Building the SPA with Trunk (offline, pinned tools, release profile).

use crate::cmd;
use crate::tools;
use anyhow::Result;

pub fn build() -> Result<()> {
    cmd::step("building the SPA (trunk build --release)");
    let mut command = cmd::command("trunk", &["build", "--release"]);
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
