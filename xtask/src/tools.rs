//! Pinned tools, installed only when missing or of the wrong version. Nothing is downloaded
//! from outside the package registries: Trunk runs offline and uses these binaries.

use crate::cmd::{self, run, version_of};
use anyhow::{Context, Result, bail};
use std::path::{Path, PathBuf};

/// Trunk 0.22 needs a newer Rust than the toolchain here.
pub const TRUNK_VERSION: &str = "0.21.14";
/// binaryen's wasm-opt from npm (Debian's version 108 produces broken wasm).
pub const BINARYEN_VERSION: &str = "132";
/// axe-core from npm: the accessibility rules the browser tests run on every page.
pub const AXE_CORE_VERSION: &str = "4.14.1";
/// Where npm installs binaryen and axe-core (gitignored).
pub const TOOLS_DIR: &str = ".tools";

pub fn install_spa_tools() -> Result<()> {
    cmd::step("checking the SPA toolchain");
    let targets = cmd::output("rustup", &["target", "list", "--installed"])?;
    if !targets
        .lines()
        .any(|t| t.trim() == "wasm32-unknown-unknown")
    {
        run("rustup", &["target", "add", "wasm32-unknown-unknown"])?;
    }
    if !version_of("trunk").is_some_and(|v| v.contains(TRUNK_VERSION)) {
        // Without LTO the install takes ~5 instead of ~14 minutes and works the same.
        run_with_env(
            "cargo",
            &["install", "trunk", "--version", TRUNK_VERSION, "--locked"],
            &[
                ("CARGO_PROFILE_RELEASE_LTO", "false"),
                ("CARGO_PROFILE_RELEASE_CODEGEN_UNITS", "16"),
            ],
        )?;
    }
    let bindgen = wasm_bindgen_version()?;
    let installed = version_of("wasm-bindgen");
    if installed.is_none_or(|v| v.split_whitespace().nth(1) != Some(bindgen.as_str())) {
        // `--locked` fails here: its lockfile wants a crate version the registry mirror lacks.
        run(
            "cargo",
            &["install", "wasm-bindgen-cli", "--version", &bindgen],
        )?;
    }
    if wasm_opt_dir().is_none() {
        if version_of("npm").is_some() {
            npm_install(&format!("binaryen@{BINARYEN_VERSION}"))?;
        } else {
            eprintln!("note: npm not found, the SPA is built without wasm-opt (larger download)");
        }
    }
    Ok(())
}

/// axe-core for the accessibility browser test, unless the pinned version is there. Without
/// npm that test fails, so this says so loudly (and fails under `CI=true`).
pub fn install_axe_core() -> Result<()> {
    let manifest = Path::new(TOOLS_DIR).join("node_modules/axe-core/package.json");
    let installed = std::fs::read_to_string(&manifest)
        .is_ok_and(|text| text.contains(&format!("\"version\": \"{AXE_CORE_VERSION}\"")));
    if installed {
        return Ok(());
    }
    if version_of("npm").is_none() {
        eprintln!(
            "\n!!! npm is not available: axe-core cannot be installed and the accessibility browser test will fail.\n"
        );
        if cmd::in_ci() {
            bail!("npm is required under CI=true (for axe-core {AXE_CORE_VERSION})");
        }
        return Ok(());
    }
    npm_install(&format!("axe-core@{AXE_CORE_VERSION}"))
}

/// `npm install` of one pinned package into `.tools/`.
fn npm_install(package: &str) -> Result<()> {
    std::fs::create_dir_all(TOOLS_DIR)?;
    run(
        "npm",
        &[
            "install",
            "--prefix",
            TOOLS_DIR,
            "--no-audit",
            "--no-fund",
            package,
        ],
    )
}

/// The `wasm-bindgen` version in Cargo.lock, which the CLI must match exactly.
pub fn wasm_bindgen_version() -> Result<String> {
    let metadata = cmd::output("cargo", &["metadata", "--format-version", "1", "--locked"])?;
    let metadata: serde_json::Value =
        serde_json::from_str(&metadata).context("reading `cargo metadata`")?;
    let versions: Vec<&str> = metadata["packages"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|package| package["name"] == "wasm-bindgen")
        .filter_map(|package| package["version"].as_str())
        .collect();
    match versions.as_slice() {
        [version] => Ok((*version).to_owned()),
        [] => bail!("the workspace uses no wasm-bindgen; is the frontend a workspace member?"),
        several => bail!("the workspace resolves several wasm-bindgen versions: {several:?}"),
    }
}

/// The folder with npm's `wasm-opt`, if installed.
pub fn wasm_opt_dir() -> Option<PathBuf> {
    let dir = Path::new(TOOLS_DIR).join("node_modules/.bin");
    dir.join("wasm-opt")
        .is_file()
        .then(|| std::fs::canonicalize(&dir).unwrap_or(dir))
}

fn run_with_env(program: &str, args: &[&str], env: &[(&str, &str)]) -> Result<()> {
    let mut command = cmd::command(program, args);
    command.envs(env.iter().copied());
    cmd::run_command(&mut command)
}

/// Installs Debian packages when a command is missing (CI runs as root with apt available).
pub fn ensure_apt(command: &str, packages: &[&str]) -> Result<bool> {
    if cmd::on_path(command) {
        return Ok(true);
    }
    if version_of("apt-get").is_none() {
        return Ok(false);
    }
    cmd::step(&format!("installing {}", packages.join(", ")));
    let _ = run("apt-get", &["update", "-qq"]);
    let mut args = vec!["install", "-y", "-qq", "--no-install-recommends"];
    args.extend_from_slice(packages);
    let installed =
        run_with_env("apt-get", &args, &[("DEBIAN_FRONTEND", "noninteractive")]).is_ok();
    Ok(installed && cmd::on_path(command))
}
