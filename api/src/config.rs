//! Typed settings from command-line flags and `TERMINVERGABE_*` environment variables.
//! Secrets (database passwords, SMTP credentials) are redacted in `Debug`.

use crate::domain::network::{Network, ProxyHeader};
pub use crate::domain::redact_password;
pub use crate::store::url::{DatabaseUrl, UnsupportedDatabaseScheme};
use clap::Args;
use std::fmt;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::str::FromStr;
use url::Url;

/// The database flag, shared by every subcommand that touches data.
#[derive(Debug, Clone, Args)]
pub struct DatabaseArgs {
    /// Database URL: `sqlite://PATH` (created if missing) or `postgres://…`.
    #[arg(
        long,
        env = "TERMINVERGABE_DATABASE_URL",
        default_value = "sqlite://data/terminvergabe.db"
    )]
    pub database_url: DatabaseUrl,
}

/// Everything `terminvergabe serve` needs.
#[derive(Debug, Clone, Args)]
pub struct ServeSettings {
    #[command(flatten)]
    pub database: DatabaseArgs,

    /// Address to listen on (port 0 picks a free port and logs it).
    #[arg(long, env = "TERMINVERGABE_BIND", default_value = "127.0.0.1:8080")]
    pub bind: SocketAddr,

    /// Folder with the built SPA (`dist/` from `trunk build`). Without it only the API is served.
    #[arg(long, env = "TERMINVERGABE_STATIC_DIR")]
    pub static_dir: Option<PathBuf>,

    /// Public base URL of this service, used for links in emails.
    #[arg(
        long,
        env = "TERMINVERGABE_PUBLIC_URL",
        default_value = "http://127.0.0.1:8080"
    )]
    pub public_url: Url,

    /// Load the demo data set (Bürgeramt Porta Westfalica) if the database is empty.
    #[arg(long, env = "TERMINVERGABE_DEMO")]
    pub demo: bool,

    /// With `--demo`: give the main office's call queue a morning of today on start (served
    /// tickets, one called, several waiting), unless today's queue has entries already.
    #[arg(long, env = "TERMINVERGABE_DEMO_QUEUE", requires = "demo")]
    pub demo_queue: bool,

    /// Largest accepted request body in bytes.
    #[arg(long, env = "TERMINVERGABE_MAX_BODY_BYTES", default_value_t = 64 * 1024)]
    pub max_body_bytes: usize,

    /// Seconds to let in-flight requests finish on shutdown (SIGTERM / Ctrl-C).
    #[arg(long, env = "TERMINVERGABE_SHUTDOWN_TIMEOUT", default_value_t = 10)]
    pub shutdown_timeout_secs: u64,

    /// Address of the separate listener that serves `/metrics` (Prometheus text format), or
    /// `off`. Loopback by default, so the public never reads the metrics.
    #[arg(
        long,
        env = "TERMINVERGABE_METRICS_BIND",
        default_value = "127.0.0.1:9464"
    )]
    pub metrics_bind: MetricsBind,

    /// Secret for signing staff access tokens (at least 32 characters). Without it, one is
    /// generated once and kept in the database, so every server process shares it.
    #[arg(long, env = "TERMINVERGABE_JWT_SECRET")]
    pub jwt_secret: Option<JwtSecret>,

    /// Seconds between runs of the background jobs (reminders, sweeping lapsed holds).
    #[arg(long, env = "TERMINVERGABE_JOBS_INTERVAL_SECS", default_value_t = 30)]
    pub jobs_interval_secs: u64,

    #[command(flatten)]
    pub mail: MailSettings,

    #[command(flatten)]
    pub defences: DefenceSettings,

    #[command(flatten)]
    pub webhooks: WebhookDeliverySettings,
}

/// A Redis URL; its password is redacted in `Debug`.
#[derive(Clone, PartialEq, Eq)]
pub struct RedisUrl(Url);

impl RedisUrl {
    pub fn expose(&self) -> &str {
        self.0.as_str()
    }
}

impl FromStr for RedisUrl {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let url = Url::parse(s.trim()).map_err(|error| format!("not a URL: {error}"))?;
        match url.scheme() {
            "redis" | "rediss" => Ok(RedisUrl(url)),
            other => Err(format!("use redis:// or rediss://, not {other}://")),
        }
    }
}

impl fmt::Debug for RedisUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&redact_password(self.0.as_str()))
    }
}

/// Where `/metrics` is served.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MetricsBind {
    Off,
    At(SocketAddr),
}

impl FromStr for MetricsBind {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        if s.trim() == "off" {
            return Ok(MetricsBind::Off);
        }
        s.trim()
            .parse()
            .map(MetricsBind::At)
            .map_err(|_| format!("`{s}` is neither `off` nor an address like 127.0.0.1:9464"))
    }
}

/// How webhook events reach the portals.
#[derive(Debug, Clone, Args)]
pub struct WebhookDeliverySettings {
    /// Delivery attempts before a webhook event is marked failed.
    #[arg(long, env = "TERMINVERGABE_WEBHOOK_MAX_ATTEMPTS", default_value_t = 8)]
    pub webhook_max_attempts: u32,

    /// Longest wait between two delivery attempts, in seconds (backoff doubles up to this).
    #[arg(
        long,
        env = "TERMINVERGABE_WEBHOOK_RETRY_CAP_SECS",
        default_value_t = 300
    )]
    pub webhook_retry_cap_secs: u32,

    /// Seconds one delivery may take (connecting included) before it counts as failed.
    #[arg(long, env = "TERMINVERGABE_WEBHOOK_TIMEOUT_SECS", default_value_t = 5)]
    pub webhook_timeout_secs: u64,

    /// Networks (CIDR or address, comma-separated) of intranet portals that may receive
    /// webhooks although they are not public, there also over plain http. Everything else
    /// must be a public address over https.
    #[arg(
        long,
        env = "TERMINVERGABE_WEBHOOK_ALLOWED_NETWORKS",
        value_delimiter = ','
    )]
    pub webhook_allowed_networks: Vec<Network>,
}

/// Fair access and privacy.
#[derive(Debug, Clone, Args)]
pub struct DefenceSettings {
    /// Leading zero bits of the proof of work that public holds and bookings need (0 = off).
    /// Default: 18 (well under a second in a browser), or 0 with `--demo`.
    #[arg(long, env = "TERMINVERGABE_POW_DIFFICULTY")]
    pub pow_difficulty: Option<u32>,

    /// Requests per minute and client IP to the public catalogue and availability endpoints;
    /// holds, bookings and changes to bookings get a quarter of it (0 = off).
    #[arg(
        long,
        env = "TERMINVERGABE_RATE_LIMIT_PER_MINUTE",
        default_value_t = 120
    )]
    pub rate_limit_per_minute: u32,

    /// Days after an appointment when the citizen's name, email and phone are deleted.
    #[arg(long, env = "TERMINVERGABE_RETENTION_DAYS", default_value_t = 1)]
    pub retention_days: u32,

    /// Redis server (`redis://[:password@]host:6379/db`) where request budgets are counted, so
    /// several instances share them. Without it: in PostgreSQL, or in memory on SQLite.
    #[arg(long, env = "TERMINVERGABE_REDIS_URL")]
    pub redis_url: Option<RedisUrl>,

    /// Reverse proxies (CIDR networks or addresses, comma-separated) whose forwarding header
    /// names the client. Requests from any other peer are taken as coming from that peer.
    #[arg(long, env = "TERMINVERGABE_TRUSTED_PROXIES", value_delimiter = ',')]
    pub trusted_proxies: Vec<Network>,

    /// The header the trusted proxies write the client's address into.
    #[arg(
        long,
        env = "TERMINVERGABE_PROXY_HEADER",
        value_enum,
        default_value = "x-forwarded-for"
    )]
    pub proxy_header: ProxyHeader,
}

impl DefenceSettings {
    /// The proof-of-work difficulty in force.
    pub fn effective_pow_difficulty(&self, demo: bool) -> u32 {
        self.pow_difficulty
            .unwrap_or(if demo { 0 } else { 18 })
            .min(32)
    }
}

/// How emails leave the building.
#[derive(Debug, Clone, Args)]
pub struct MailSettings {
    /// SMTP server: `smtp://user:pass@host:587` (STARTTLS), `smtps://…` (implicit TLS), add
    /// `?tls=none` for a plain relay. Without it, mail goes to the dev mailbox (`--mail-dir`).
    #[arg(long, env = "TERMINVERGABE_SMTP_URL")]
    pub smtp_url: Option<crate::mail::transport::SmtpUrl>,

    /// Sender address of every email.
    #[arg(
        long,
        env = "TERMINVERGABE_MAIL_FROM",
        default_value = "Terminvergabe <noreply@terminvergabe.invalid>"
    )]
    pub mail_from: lettre::message::Mailbox,

    /// Dev mailbox folder (`.eml` files) used when no `--smtp-url` is given.
    #[arg(long, env = "TERMINVERGABE_MAIL_DIR", default_value = "data/mail")]
    pub mail_dir: PathBuf,

    /// Attempts before a message is marked failed.
    #[arg(long, env = "TERMINVERGABE_MAIL_MAX_ATTEMPTS", default_value_t = 10)]
    pub mail_max_attempts: u32,

    /// Longest wait between two delivery attempts, in seconds (backoff doubles up to this).
    #[arg(long, env = "TERMINVERGABE_MAIL_RETRY_CAP_SECS", default_value_t = 60)]
    pub mail_retry_cap_secs: u32,

    /// How many hours before an appointment the reminder is sent.
    #[arg(long, env = "TERMINVERGABE_REMINDER_HOURS", default_value_t = 24)]
    pub reminder_hours: u32,
}

/// The secret that signs staff access tokens (HS256). Never printed.
#[derive(Clone, PartialEq, Eq)]
pub struct JwtSecret(String);

impl JwtSecret {
    /// Fewer characters than this are refused: HS256 wants at least 256 bits of key.
    pub const MIN_LENGTH: usize = 32;

    pub fn expose(&self) -> &str {
        &self.0
    }
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
#[error(
    "the JWT secret must have at least {} characters",
    JwtSecret::MIN_LENGTH
)]
pub struct JwtSecretTooShort;

impl FromStr for JwtSecret {
    type Err = JwtSecretTooShort;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        if s.chars().count() < Self::MIN_LENGTH {
            return Err(JwtSecretTooShort);
        }
        Ok(JwtSecret(s.to_owned()))
    }
}

impl fmt::Debug for JwtSecret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("JwtSecret(***)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sqlite_and_postgres_urls_select_their_backend() {
        assert_eq!(
            "sqlite://data/x.db"
                .parse::<DatabaseUrl>()
                .unwrap()
                .backend(),
            "sqlite"
        );
        assert_eq!(
            "postgresql://u@h/db"
                .parse::<DatabaseUrl>()
                .unwrap()
                .backend(),
            "postgres"
        );
    }

    #[test]
    fn an_unknown_scheme_is_refused_with_its_name() {
        let error = "mysql://root@localhost/x"
            .parse::<DatabaseUrl>()
            .unwrap_err();
        assert_eq!(error, UnsupportedDatabaseScheme("mysql".into()));
        assert!(error.to_string().contains("`mysql`"));
    }

    #[test]
    fn passwords_never_appear_in_debug_output() {
        let url: DatabaseUrl = "postgres://app:hunter2@db/terminvergabe".parse().unwrap();
        let shown = format!("{url:?}");
        assert!(!shown.contains("hunter2"), "{shown}");
        assert!(shown.contains("app:***@db"), "{shown}");
    }

    #[test]
    fn the_jwt_secret_is_never_shown_and_must_be_long_enough() {
        let secret: JwtSecret = "correct horse battery staple, and then some"
            .parse()
            .unwrap();
        assert_eq!(format!("{secret:?}"), "JwtSecret(***)");
        assert_eq!("too short".parse::<JwtSecret>(), Err(JwtSecretTooShort));
    }
}
