//! Budgets counted in PostgreSQL, for several instances on one database (`limits`): one row
//! per budget holding its TAT, changed by one upsert that takes the row's lock, with the
//! database's clock, so every instance sees the same count. `limits::gcra::decide` in SQL:
//! `EXCLUDED.tat_us` is now + interval, so `greatest(tat + interval, EXCLUDED.tat_us)` is the
//! new TAT, and the request passes if that lies at most the burst ahead of now.

use super::{Db, Pool, StoreResult};
use crate::limits::gcra::Rate;
use sqlx::PgPool;

/// The PostgreSQL pool, for budgets (only PostgreSQL has them: a SQLite file has one instance).
#[derive(Debug, Clone)]
pub struct PgCells(PgPool);

impl PgCells {
    pub fn of(db: &Db) -> Option<PgCells> {
        match &db.pool {
            Pool::Postgres(pool) => Some(PgCells(pool.clone())),
            Pool::Sqlite(_) => None,
        }
    }

    /// Takes one request from the budget `key`: `Ok(())` let through, `Err(µs)` refused.
    /// Runs outside any transaction: a budget is spent even if the request then fails.
    pub async fn take(&self, key: &str, rate: Rate) -> StoreResult<Result<(), i64>> {
        let sql = "INSERT INTO rate_limit_cells AS cell (key, tat_us) \
                   VALUES ($1, (extract(epoch FROM clock_timestamp()) * 1000000)::bigint + $2) \
                   ON CONFLICT (key) DO UPDATE \
                   SET tat_us = greatest(cell.tat_us + $2, EXCLUDED.tat_us) \
                   WHERE greatest(cell.tat_us + $2, EXCLUDED.tat_us) - EXCLUDED.tat_us <= $3 - $2 \
                   RETURNING tat_us";
        let passed: Option<i64> = sqlx::query_scalar(sql)
            .bind(key)
            .bind(rate.interval_us)
            .bind(rate.burst_us)
            .fetch_optional(&self.0)
            .await?;
        if passed.is_some() {
            return Ok(Ok(()));
        }
        let sql = "SELECT tat_us + $2 - $3 - (extract(epoch FROM clock_timestamp()) * 1000000)::bigint \
                   FROM rate_limit_cells WHERE key = $1";
        let wait: Option<i64> = sqlx::query_scalar(sql)
            .bind(key)
            .bind(rate.interval_us)
            .bind(rate.burst_us)
            .fetch_optional(&self.0)
            .await?;
        Ok(Err(wait.unwrap_or(1).max(1)))
    }

    /// Forgets budgets that are full again (their TAT has passed).
    pub async fn purge_full(&self) -> StoreResult<u64> {
        let sql = "DELETE FROM rate_limit_cells \
                   WHERE tat_us < (extract(epoch FROM clock_timestamp()) * 1000000)::bigint";
        Ok(sqlx::query(sql).execute(&self.0).await?.rows_affected())
    }
}
