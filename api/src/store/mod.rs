//! Storage: one interface over SQLite and PostgreSQL. Handlers open a [`Tx`], pass it to the
//! small query functions of the submodules, and commit once. No code outside this module
//! knows which backend runs.
//!
//! The SQL is written once in the dialect both backends share (`$1` placeholders, `RETURNING`,
//! `ON CONFLICT`); the few statements that differ branch inside [`with_tx!`] on the backend.

pub mod api_clients; // API clients of portals, their offices, which portal made a booking
pub mod audit; // the audit log of staff changes
pub mod bookings; // bookings, appointments, their capacity claims
pub mod call_queue; // walk-in tickets and checked-in appointments waiting to be called
pub mod catalog; // offices, services, opening rules and closures as configured by staff
pub mod configuration; // writing offices, services, offers, opening rules and closures
pub mod demo; // the demo data set (Bürgeramt Porta Westfalica)
pub mod effects; // what a committed transaction announces: mail and webhooks to send, metrics
pub mod faq; // questions and answers of the help page
pub mod idempotency; // sealed answers to requests with an Idempotency-Key
pub mod kiosks; // the tablets that draw walk-in tickets, by the hash of their device token
pub mod login_throttle; // staff login attempts per account and address, counted before checking
pub mod outbox; // rendered emails waiting for delivery
pub mod queue; // what both outboxes share: taking due rows with a lease, attempts, counts
pub mod queue_settings; // how each office calls: priority, lateness, daily walk-in contingent
pub mod rate_cells; // request budgets shared by the instances on one PostgreSQL database
pub mod release; // fair release: entries in the draw of a released day, the draws done
pub mod secrets; // server-generated shared secrets, single-use proof-of-work records
pub mod sessions; // staff sessions and their refresh token hashes
pub mod staff; // staff accounts
pub mod staff_appointments; // appointments as staff see them: plan, search, status, statistics
pub mod url; // the database URL: scheme → backend, password redacted
pub mod usage; // slot usage counters: the capacity ledger the database guards
pub mod waitlist; // waitlist entries, the services and offices they wait for, offers made
pub mod webhooks; // webhook events waiting for delivery to portals

use effects::{CommitListener, Effects};
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::{PgPool, Postgres, Sqlite, SqlitePool, Transaction};
use std::str::FromStr;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;
use url::DatabaseUrl;

/// Runs `$body` with `$conn` bound to the transaction's connection, for either backend.
/// The body is type-checked once per backend, so every query must suit both. Exported for the
/// benchmark's own SQL; everything else in the server goes through this module's functions.
#[macro_export]
macro_rules! with_tx {
    ($tx:expr, $conn:ident => $body:expr) => {
        match &mut $tx.conn {
            $crate::store::TxConn::Sqlite(tx) => {
                let $conn = &mut **tx;
                $body
            }
            $crate::store::TxConn::Postgres(tx) => {
                let $conn = &mut **tx;
                $body
            }
        }
    };
}
pub use with_tx;

/// Errors of the storage layer, classified for the layers above.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The database cannot be reached (down, restarting, pool exhausted).
    #[error("database unavailable: {0}")]
    Unavailable(#[source] sqlx::Error),
    /// The capacity ledger's CHECK (`slot_usage_within_capacity`) refused a claim: someone
    /// else was faster.
    #[error("capacity exceeded")]
    CapacityExceeded,
    /// Another CHECK constraint refused a change: a bug (the code should never try), named so
    /// the log says which.
    #[error("constraint `{0}` violated")]
    ConstraintViolated(String),
    /// PostgreSQL broke a deadlock or a serialization conflict by aborting this transaction;
    /// running it again usually succeeds.
    #[error("transaction aborted by a concurrent one")]
    Contention,
    /// A unique constraint refused the change.
    #[error("unique constraint `{0}` violated")]
    Duplicate(String),
    /// Migrating the schema failed.
    #[error("migration failed: {0}")]
    Migration(#[from] sqlx::migrate::MigrateError),
    /// Data in the database does not have the expected form (a bug or manual edit).
    #[error("corrupt data: {0}")]
    Corrupt(String),
    #[error(transparent)]
    Other(sqlx::Error),
}

/// The one place where a constraint's name gets its meaning.
const CAPACITY_CONSTRAINT: &str = "slot_usage_within_capacity";

/// The name of the CHECK constraint a database error reports: PostgreSQL says it; SQLite
/// writes it into the message (`CHECK constraint failed: <name>`), or the expression of an
/// unnamed one.
fn check_constraint(db: &dyn sqlx::error::DatabaseError) -> String {
    db.constraint()
        .map(str::to_owned)
        .or_else(|| {
            db.message()
                .split_once("CHECK constraint failed:")
                .map(|(_, name)| name.trim().to_owned())
        })
        .unwrap_or_else(|| db.message().to_owned())
}

impl From<sqlx::Error> for StoreError {
    fn from(error: sqlx::Error) -> Self {
        use sqlx::error::ErrorKind;
        match &error {
            sqlx::Error::PoolTimedOut
            | sqlx::Error::PoolClosed
            | sqlx::Error::Io(_)
            | sqlx::Error::Tls(_) => StoreError::Unavailable(error),
            sqlx::Error::Decode(_) | sqlx::Error::ColumnDecode { .. } => {
                StoreError::Corrupt(error.to_string())
            }
            sqlx::Error::Database(db) => match db.kind() {
                ErrorKind::CheckViolation => match check_constraint(db.as_ref()) {
                    name if name == CAPACITY_CONSTRAINT => StoreError::CapacityExceeded,
                    name => StoreError::ConstraintViolated(name),
                },
                ErrorKind::UniqueViolation => {
                    StoreError::Duplicate(db.constraint().unwrap_or("unknown").to_owned())
                }
                // PostgreSQL deadlock (40P01) or serialization failure (40001).
                _ if matches!(db.code().as_deref(), Some("40P01" | "40001")) => {
                    StoreError::Contention
                }
                // SQLite "database is locked"/"busy" after the busy timeout; PostgreSQL shutting down.
                _ if matches!(db.code().as_deref(), Some("5" | "6" | "57P01" | "57P03")) => {
                    StoreError::Unavailable(error)
                }
                _ => StoreError::Other(error),
            },
            _ => StoreError::Other(error),
        }
    }
}

pub type StoreResult<T> = Result<T, StoreError>;

/// The connection pool of whichever backend the URL selected, and the count of write
/// transactions this process has committed through it.
#[derive(Debug, Clone)]
pub struct Db {
    pool: Pool,
    writes: Arc<WriteCounter>,
    /// SQLite admits one writer at a time; waiting here in turn is fair and immediate, while
    /// waiting in SQLite's busy handler sleeps in growing steps and starves under load.
    write_turn: Arc<tokio::sync::Mutex<()>>,
    /// The configuration as this process read it last (see [`catalog`]).
    catalog: catalog::CatalogCache,
    /// Told of every committed write transaction's effects.
    listener: Option<Arc<dyn CommitListener>>,
}

/// Longest wait for SQLite's write turn before the request fails as unavailable.
const WRITE_TURN_TIMEOUT: Duration = Duration::from_secs(20);

#[derive(Debug, Clone)]
enum Pool {
    Sqlite(SqlitePool),
    Postgres(PgPool),
}

/// How many write transactions this process has committed: a cheap "has anything changed?"
/// for in-process caches. Writes of other processes sharing a PostgreSQL database are not
/// counted; caches bound their lifetime for those.
#[derive(Debug, Default)]
pub struct WriteCounter(AtomicU64);

impl WriteCounter {
    fn bump(&self) {
        self.0.fetch_add(1, Ordering::Release);
    }

    fn get(&self) -> u64 {
        self.0.load(Ordering::Acquire)
    }
}

/// An open transaction. Dropping it without [`Tx::commit`] rolls back.
#[derive(Debug)]
pub struct Tx {
    #[doc(hidden)]
    pub conn: TxConn,
    /// Set for write transactions: counted once they commit.
    writes: Option<Arc<WriteCounter>>,
    /// SQLite write transactions hold the process's write turn until they end.
    _write_turn: Option<tokio::sync::OwnedMutexGuard<()>>,
    catalog_cache: catalog::CatalogCache,
    /// The catalogue this transaction has read, until it changes it.
    catalog: Option<Arc<catalog::CatalogSnapshot>>,
    /// What it did, announced to `listener` when it commits.
    effects: Effects,
    listener: Option<Arc<dyn CommitListener>>,
}

/// A point inside a transaction to return to; see [`Tx::savepoint`].
#[derive(Debug)]
#[must_use = "release the savepoint or roll back to it"]
pub struct Savepoint {
    effects: Effects,
}

/// The backend connection of a [`Tx`]; only [`with_tx!`] looks inside.
#[derive(Debug)]
pub enum TxConn {
    Sqlite(Transaction<'static, Sqlite>),
    Postgres(Transaction<'static, Postgres>),
}

static SQLITE_MIGRATIONS: sqlx::migrate::Migrator = sqlx::migrate!("../migrations/sqlite");
static POSTGRES_MIGRATIONS: sqlx::migrate::Migrator = sqlx::migrate!("../migrations/postgres");

impl Db {
    fn new(pool: Pool) -> Db {
        Db {
            pool,
            writes: Arc::default(),
            write_turn: Arc::default(),
            catalog: catalog::CatalogCache::default(),
            listener: None,
        }
    }

    /// This handle (and every clone made from it afterwards) announces what its committed
    /// write transactions did to `listener`.
    pub fn announcing_to(mut self, listener: Arc<dyn CommitListener>) -> Db {
        self.listener = Some(listener);
        self
    }

    /// Connects lazily-checked pools; for SQLite creates the file (and its folder) if missing.
    pub async fn connect(url: &DatabaseUrl) -> StoreResult<Db> {
        match url {
            DatabaseUrl::Sqlite(raw) => {
                let options = SqliteConnectOptions::from_str(raw)
                    .map_err(StoreError::Other)?
                    .create_if_missing(true)
                    .journal_mode(SqliteJournalMode::Wal)
                    .synchronous(SqliteSynchronous::Normal)
                    .foreign_keys(true)
                    .busy_timeout(Duration::from_secs(15))
                    // Keeps the WAL from growing without bound under sustained writes.
                    .pragma("journal_size_limit", "67108864");
                if let Some(folder) = options.get_filename().parent()
                    && !folder.as_os_str().is_empty()
                {
                    std::fs::create_dir_all(folder).map_err(|e| StoreError::Other(e.into()))?;
                }
                // One writer at a time, and reads are CPU-bound on the small machines SQLite
                // is for: more connections only cost memory (each keeps its own page and
                // statement cache; 8 connections peaked 14 MB higher with the same throughput).
                let pool = SqlitePoolOptions::new()
                    .max_connections(4)
                    .acquire_timeout(Duration::from_secs(20))
                    .connect_with(options)
                    .await?;
                Ok(Db::new(Pool::Sqlite(pool)))
            }
            DatabaseUrl::Postgres(raw) => {
                let options = PgConnectOptions::from_str(raw).map_err(StoreError::Other)?;
                let pool = PgPoolOptions::new()
                    .max_connections(16)
                    .acquire_timeout(Duration::from_secs(5))
                    .connect_with(options)
                    .await?;
                Ok(Db::new(Pool::Postgres(pool)))
            }
        }
    }

    /// A connection that hears the calls every process announces on this PostgreSQL database
    /// (`LISTEN`); `None` on SQLite, where one process is all there is.
    pub async fn call_listener(&self) -> StoreResult<Option<call_queue::CallListener>> {
        match &self.pool {
            Pool::Sqlite(_) => Ok(None),
            Pool::Postgres(pool) => Ok(Some(call_queue::CallListener::connect(pool).await?)),
        }
    }

    /// Applies the backend's migrations (idempotent).
    pub async fn migrate(&self) -> StoreResult<()> {
        match &self.pool {
            Pool::Sqlite(pool) => SQLITE_MIGRATIONS.run(pool).await?,
            Pool::Postgres(pool) => POSTGRES_MIGRATIONS.run(pool).await?,
        }
        Ok(())
    }

    /// Ready = reachable and every migration this binary knows is applied.
    pub async fn is_ready(&self) -> StoreResult<bool> {
        let known = match &self.pool {
            Pool::Sqlite(_) => SQLITE_MIGRATIONS.iter().count(),
            Pool::Postgres(_) => POSTGRES_MIGRATIONS.iter().count(),
        };
        let sql = "SELECT COUNT(*) FROM _sqlx_migrations WHERE success";
        let applied: i64 = match &self.pool {
            Pool::Sqlite(pool) => sqlx::query_scalar(sql).fetch_one(pool).await?,
            Pool::Postgres(pool) => sqlx::query_scalar(sql).fetch_one(pool).await?,
        };
        Ok(usize::try_from(applied).is_ok_and(|applied| applied >= known))
    }

    /// A transaction that will write. On SQLite it waits for this process's write turn and
    /// takes the write lock up front (`BEGIN IMMEDIATE`), so a read-then-write transaction
    /// never fails to upgrade. Never begin a second write transaction while holding one.
    pub async fn begin(&self) -> StoreResult<Tx> {
        let (conn, write_turn) = match &self.pool {
            Pool::Sqlite(pool) => {
                let turn = tokio::time::timeout(
                    WRITE_TURN_TIMEOUT,
                    Arc::clone(&self.write_turn).lock_owned(),
                )
                .await
                .map_err(|_| StoreError::Unavailable(sqlx::Error::PoolTimedOut))?;
                let conn = TxConn::Sqlite(pool.begin_with("BEGIN IMMEDIATE").await?);
                (conn, Some(turn))
            }
            Pool::Postgres(pool) => (TxConn::Postgres(pool.begin().await?), None),
        };
        Ok(Tx {
            conn,
            writes: Some(Arc::clone(&self.writes)),
            _write_turn: write_turn,
            catalog_cache: self.catalog.clone(),
            catalog: None,
            effects: Effects::default(),
            listener: self.listener.clone(),
        })
    }

    /// A transaction that only reads: a consistent snapshot that never blocks writers.
    pub async fn begin_read(&self) -> StoreResult<Tx> {
        let conn = match &self.pool {
            Pool::Sqlite(pool) => TxConn::Sqlite(pool.begin().await?),
            Pool::Postgres(pool) => TxConn::Postgres(
                pool.begin_with("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
                    .await?,
            ),
        };
        Ok(Tx {
            conn,
            writes: None,
            _write_turn: None,
            catalog_cache: self.catalog.clone(),
            catalog: None,
            effects: Effects::default(),
            listener: None,
        })
    }

    /// Write transactions this process has committed so far. Read it *before* reading data
    /// that a cache keeps: a write committing meanwhile then makes the cached copy stale.
    pub fn committed_writes(&self) -> u64 {
        self.writes.get()
    }

    pub fn backend(&self) -> &'static str {
        match &self.pool {
            Pool::Sqlite(_) => "sqlite",
            Pool::Postgres(_) => "postgres",
        }
    }

    pub fn is_sqlite(&self) -> bool {
        matches!(self.pool, Pool::Sqlite(_))
    }

    pub async fn close(&self) {
        match &self.pool {
            Pool::Sqlite(pool) => pool.close().await,
            Pool::Postgres(pool) => pool.close().await,
        }
    }
}

impl Tx {
    /// Commits, then announces the transaction's effects (see [`effects`]).
    pub async fn commit(self) -> StoreResult<()> {
        match self.conn {
            TxConn::Sqlite(tx) => tx.commit().await?,
            TxConn::Postgres(tx) => tx.commit().await?,
        }
        if let Some(writes) = self.writes {
            writes.bump();
        }
        if let Some(listener) = self.listener
            && !self.effects.is_empty()
        {
            listener.committed(&self.effects);
        }
        Ok(())
    }

    /// What this transaction did so far, for the code that does it to record.
    pub fn effects(&mut self) -> &mut Effects {
        &mut self.effects
    }

    pub fn is_postgres(&self) -> bool {
        matches!(self.conn, TxConn::Postgres(_))
    }

    /// The clause that locks the rows a `SELECT` reads until the transaction ends, so two
    /// requests cannot change them at once: ` FOR UPDATE` on PostgreSQL when `for_update`;
    /// nothing on SQLite, whose single writer serialises write transactions anyway.
    pub fn row_lock(&self, for_update: bool) -> &'static str {
        if for_update && self.is_postgres() {
            " FOR UPDATE"
        } else {
            ""
        }
    }

    /// Marks a point to return to when what follows fails ([`Tx::roll_back_to`]) without
    /// losing what the transaction did before — for work a change may try but must not fail
    /// for (offering freed capacity to the waitlist). Not nested: release or roll back before
    /// the next one.
    pub async fn savepoint(&mut self) -> StoreResult<Savepoint> {
        with_tx!(self, c => sqlx::query("SAVEPOINT attempt").execute(c).await?.rows_affected());
        Ok(Savepoint {
            effects: self.effects.clone(),
        })
    }

    /// Keeps what was done since the savepoint.
    pub async fn release(&mut self, _savepoint: Savepoint) -> StoreResult<()> {
        with_tx!(self, c => sqlx::query("RELEASE SAVEPOINT attempt").execute(c).await?.rows_affected());
        Ok(())
    }

    /// Undoes everything since the savepoint, the effects it recorded included.
    pub async fn roll_back_to(&mut self, savepoint: Savepoint) -> StoreResult<()> {
        with_tx!(self, c => sqlx::query("ROLLBACK TO SAVEPOINT attempt").execute(c).await?.rows_affected());
        with_tx!(self, c => sqlx::query("RELEASE SAVEPOINT attempt").execute(c).await?.rows_affected());
        self.effects = savepoint.effects;
        self.catalog = None;
        Ok(())
    }

    /// Called by every function that changes the catalogue: later reads in this transaction
    /// see the change (the database's triggers tell other transactions).
    pub(crate) fn forget_catalog(&mut self) {
        self.catalog = None;
    }
}

/// Reads a non-negative count column into `u32`, refusing corrupt values.
pub(crate) fn count(value: i64, what: &str) -> StoreResult<u32> {
    u32::try_from(value).map_err(|_| StoreError::Corrupt(format!("{what} = {value}")))
}

#[cfg(test)]
mod tests {
    use super::*;
    use sqlx::Connection;

    async fn violation(sql: &str) -> StoreError {
        let mut db = sqlx::SqliteConnection::connect("sqlite::memory:")
            .await
            .unwrap();
        sqlx::query(
            "CREATE TABLE t (n INTEGER CONSTRAINT slot_usage_within_capacity CHECK (n < 10), \
             m INTEGER CONSTRAINT m_positive CHECK (m > 0), k INTEGER CHECK (k <> 7))",
        )
        .execute(&mut db)
        .await
        .unwrap();
        let error = sqlx::query(sqlx::AssertSqlSafe(sql.to_owned()))
            .execute(&mut db)
            .await
            .unwrap_err();
        StoreError::from(error)
    }

    #[tokio::test]
    async fn only_the_capacity_constraint_means_capacity_exceeded() {
        assert!(matches!(
            violation("INSERT INTO t (n, m, k) VALUES (11, 1, 1)").await,
            StoreError::CapacityExceeded
        ));
        match violation("INSERT INTO t (n, m, k) VALUES (1, 0, 1)").await {
            StoreError::ConstraintViolated(name) => assert_eq!(name, "m_positive"),
            other => panic!("{other:?}"),
        }
        match violation("INSERT INTO t (n, m, k) VALUES (1, 1, 7)").await {
            StoreError::ConstraintViolated(expression) => assert!(expression.contains("k <> 7")),
            other => panic!("{other:?}"),
        }
    }
}
