//! Running commands: echo them, fail loudly with what failed.

use anyhow::{Context, Result, bail};
use std::path::PathBuf;
use std::process::{Command, Stdio};

/// The workspace root (the folder above `xtask/`).
pub fn workspace_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask lives inside the workspace")
        .to_owned()
}

/// A visible section header in the output.
pub fn step(what: &str) {
    eprintln!("\n==> {what}");
}

pub fn command(program: &str, args: &[&str]) -> Command {
    let mut command = Command::new(program);
    command.args(args);
    command
}

/// Runs a command with inherited output; fails if it fails.
pub fn run(program: &str, args: &[&str]) -> Result<()> {
    run_command(&mut command(program, args))
}

pub fn run_command(command: &mut Command) -> Result<()> {
    eprintln!("$ {}", describe(command));
    let status = command
        .status()
        .with_context(|| format!("could not start `{}`", describe(command)))?;
    if !status.success() {
        bail!("`{}` failed with {status}", describe(command));
    }
    Ok(())
}

/// Runs a command and returns its standard output.
pub fn output(program: &str, args: &[&str]) -> Result<String> {
    let output = command(program, args)
        .stderr(Stdio::inherit())
        .output()
        .with_context(|| format!("could not start `{program}`"))?;
    if !output.status.success() {
        bail!(
            "`{program} {}` failed with {}",
            args.join(" "),
            output.status
        );
    }
    Ok(String::from_utf8(output.stdout)?)
}

/// Whether `program` is an executable file on PATH (for programs without `--version`).
pub fn on_path(program: &str) -> bool {
    std::env::var_os("PATH")
        .is_some_and(|path| std::env::split_paths(&path).any(|dir| dir.join(program).is_file()))
}

/// The first line a tool prints for `--version`, if it runs at all.
pub fn version_of(program: &str) -> Option<String> {
    let output = Command::new(program)
        .arg("--version")
        .stderr(Stdio::null())
        .output()
        .ok()?;
    output.status.success().then(|| {
        String::from_utf8_lossy(&output.stdout)
            .lines()
            .next()
            .unwrap_or("")
            .to_owned()
    })
}

fn describe(command: &Command) -> String {
    let args: Vec<_> = command
        .get_args()
        .map(|a| a.to_string_lossy().into_owned())
        .collect();
    format!(
        "{} {}",
        command.get_program().to_string_lossy(),
        args.join(" ")
    )
}

/// True when running under CI (`CI=true`): missing services are failures there, never skips.
pub fn in_ci() -> bool {
    std::env::var("CI").is_ok_and(|value| value == "true" || value == "1")
}
