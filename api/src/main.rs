//! The `terminvergabe` binary: parse the command line, set up logging, run the subcommand.

use clap::Parser;
use terminvergabe::cli::{Cli, run};
use terminvergabe::telemetry;

#[actix_web::main]
async fn main() -> std::process::ExitCode {
    let cli = Cli::parse();
    telemetry::init(cli.log_format);
    match run(cli.command).await {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(error) => {
            tracing::error!(error = format!("{error:#}"), "terminvergabe failed");
            eprintln!("error: {error:#}");
            std::process::ExitCode::FAILURE
        }
    }
}
