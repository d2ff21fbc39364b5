//! The database URL: its scheme picks the backend; anything else is refused at startup.
//! The password is redacted in `Debug` and `Display`.

use crate::domain::redact_password;
use std::fmt;
use std::str::FromStr;

/// Where the data lives. The scheme picks the backend; anything else is refused at startup.
#[derive(Clone, PartialEq, Eq)]
pub enum DatabaseUrl {
    /// Embedded SQLite file (created if missing).
    Sqlite(String),
    /// PostgreSQL server URL.
    Postgres(String),
}

impl DatabaseUrl {
    pub fn as_str(&self) -> &str {
        match self {
            DatabaseUrl::Sqlite(url) | DatabaseUrl::Postgres(url) => url,
        }
    }

    /// Name of the backend, for logs and metrics.
    pub fn backend(&self) -> &'static str {
        match self {
            DatabaseUrl::Sqlite(_) => "sqlite",
            DatabaseUrl::Postgres(_) => "postgres",
        }
    }
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
#[error(
    "unsupported database URL scheme `{0}`: use `sqlite://PATH` (embedded) or `postgres://USER@HOST/DB`"
)]
pub struct UnsupportedDatabaseScheme(pub String);

impl FromStr for DatabaseUrl {
    type Err = UnsupportedDatabaseScheme;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let scheme = s.split_once(':').map_or("", |(scheme, _)| scheme);
        match scheme {
            "sqlite" => Ok(DatabaseUrl::Sqlite(s.to_owned())),
            "postgres" | "postgresql" => Ok(DatabaseUrl::Postgres(s.to_owned())),
            other => Err(UnsupportedDatabaseScheme(other.to_owned())),
        }
    }
}

impl fmt::Debug for DatabaseUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&redact_password(self.as_str()))
    }
}

impl fmt::Display for DatabaseUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&redact_password(self.as_str()))
    }
}
