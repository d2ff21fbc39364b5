//! The subcommands of the `terminvergabe` binary.

use crate::clock::SystemClock;
use crate::config::{DatabaseArgs, ServeSettings};
use crate::startup::Application;
use crate::store::{self, Db};
use crate::telemetry::LogFormat;
use anyhow::{Context, bail};
use clap::{Parser, Subcommand, ValueEnum};
use std::io::{BufRead, IsTerminal, Write};

#[derive(Debug, Parser)]
#[command(
    name = "terminvergabe",
    version,
    about = "Online appointments for citizens' offices"
)]
pub struct Cli {
    /// Log format: human-readable lines or JSON.
    #[arg(
        long,
        global = true,
        env = "TERMINVERGABE_LOG_FORMAT",
        value_enum,
        default_value_t
    )]
    pub log_format: LogFormat,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run the HTTP server (API and SPA); applies migrations first.
    Serve(Box<ServeSettings>),
    /// Apply database migrations and exit.
    Migrate(DatabaseArgs),
    /// Load the demo data set (refuses a database that already has offices).
    SeedDemo(DatabaseArgs),
    /// Create a staff account for the admin views.
    CreateStaff(CreateStaffArgs),
    /// Print the OpenAPI document (YAML); `openapi.yaml` in the repository is this output.
    Openapi,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Role {
    Admin,
    Manager,
    Clerk,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::Manager => "manager",
            Role::Clerk => "clerk",
        }
    }
}

#[derive(Debug, clap::Args)]
pub struct CreateStaffArgs {
    #[command(flatten)]
    pub database: DatabaseArgs,
    /// Login name.
    #[arg(long)]
    pub username: String,
    #[arg(long, value_enum)]
    pub role: Role,
    /// Office the account works for (repeat for several; admins see all offices).
    #[arg(long = "office")]
    pub offices: Vec<i64>,
    /// Read the password from the first line of standard input instead of prompting.
    #[arg(long)]
    pub password_stdin: bool,
}

pub async fn run(command: Command) -> anyhow::Result<()> {
    match command {
        Command::Serve(settings) => {
            let app = Application::build(*settings, std::sync::Arc::new(SystemClock)).await?;
            app.run_until_stopped().await
        }
        Command::Migrate(args) => {
            let db = connect_and_migrate(&args).await?;
            tracing::info!(backend = db.backend(), "migrations applied");
            Ok(())
        }
        Command::SeedDemo(args) => {
            let db = connect_and_migrate(&args).await?;
            if !crate::startup::seed_demo_if_empty(&db).await? {
                bail!(
                    "the database already has offices; the demo data set is only loaded into an empty database"
                );
            }
            tracing::info!("demo data loaded");
            Ok(())
        }
        Command::CreateStaff(args) => create_staff(args).await,
        Command::Openapi => {
            let yaml = crate::routes::openapi_yaml()?;
            std::io::stdout().write_all(yaml.as_bytes())?;
            Ok(())
        }
    }
}

async fn connect_and_migrate(args: &DatabaseArgs) -> anyhow::Result<Db> {
    let db = Db::connect(&args.database_url)
        .await
        .with_context(|| format!("connecting to {}", args.database_url))?;
    db.migrate().await.context("applying migrations")?;
    Ok(db)
}

async fn create_staff(args: CreateStaffArgs) -> anyhow::Result<()> {
    let username = args.username.trim();
    if username.is_empty() || username.len() > 64 || username.chars().any(char::is_control) {
        bail!("the username must have 1 to 64 characters, none of them control characters");
    }
    if args.role != Role::Admin && args.offices.is_empty() {
        bail!("managers and clerks need at least one --office");
    }
    let password = read_password(args.password_stdin)?;
    crate::domain::password::check(&password, username)
        .map_err(|refused| anyhow::anyhow!("{refused}"))?;
    let hash = crate::domain::password::hash(&password)?;
    let db = connect_and_migrate(&args.database).await?;
    let mut tx = db.begin().await?;
    let id = store::staff::create_account(
        &mut tx,
        username,
        &hash,
        args.role.as_str(),
        &args.offices,
        chrono::Utc::now(),
    )
    .await
    .map_err(|error| match error {
        store::StoreError::Duplicate(_) => {
            anyhow::anyhow!("a staff account `{username}` already exists")
        }
        other => other.into(),
    })?;
    tx.commit().await?;
    tracing::info!(
        staff_id = id,
        role = args.role.as_str(),
        "staff account created"
    );
    Ok(())
}

fn read_password(from_stdin: bool) -> anyhow::Result<String> {
    let stdin = std::io::stdin();
    if from_stdin {
        let mut line = String::new();
        stdin.lock().read_line(&mut line)?;
        return Ok(line.trim_end_matches(['\r', '\n']).to_owned());
    }
    if !stdin.is_terminal() {
        bail!("no terminal to prompt for the password: use --password-stdin");
    }
    let password = rpassword::prompt_password("Password for the new account: ")?;
    let repeated = rpassword::prompt_password("Repeat the password: ")?;
    if password != repeated {
        bail!("the two passwords differ");
    }
    Ok(password)
}
