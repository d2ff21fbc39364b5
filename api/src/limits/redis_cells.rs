//! Budgets counted in Redis (`--redis-url`), for several instances that share it: one key
//! per budget holding its TAT, changed by a Lua script that Redis runs atomically, with
//! Redis's own clock, so every instance sees the same count at the same time. Keys expire
//! when their budget is full again.

use super::gcra::Rate;
use redis::aio::{ConnectionManager, ConnectionManagerConfig};
use std::time::Duration;

/// `limits::gcra::decide` in Lua. KEYS[1]: the budget; ARGV: interval and burst in µs.
/// Answers `{1, 0}` (let through) or `{0, µs to wait}`.
const TAKE: &str = r"
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000000 + tonumber(time[2])
local interval = tonumber(ARGV[1])
local burst = tonumber(ARGV[2])
local tat = tonumber(redis.call('GET', KEYS[1]))
if tat == nil or tat < now then tat = now end
local new_tat = tat + interval
local ahead = new_tat - now
if ahead > burst then return {0, ahead - burst} end
redis.call('SET', KEYS[1], string.format('%d', new_tat), 'PX', math.ceil(ahead / 1000) + 1000)
return {1, 0}
";

/// A connection (reconnecting by itself) and the key prefix of this installation.
#[derive(Clone)]
pub struct RedisCells {
    connection: ConnectionManager,
    prefix: String,
    script: std::sync::Arc<redis::Script>,
}

impl std::fmt::Debug for RedisCells {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RedisCells")
            .field("prefix", &self.prefix)
            .finish_non_exhaustive()
    }
}

impl RedisCells {
    /// Connects (failing at startup if Redis cannot be reached). `namespace` keeps the keys
    /// of installations sharing one Redis apart.
    pub async fn connect(url: &str, namespace: &str) -> redis::RedisResult<RedisCells> {
        let client = redis::Client::open(url)?;
        let config = ConnectionManagerConfig::new()
            .set_connection_timeout(Some(Duration::from_secs(2)))
            .set_response_timeout(Some(Duration::from_millis(500)))
            .set_number_of_retries(2);
        let connection = client.get_connection_manager_with_config(config).await?;
        Ok(RedisCells {
            connection,
            prefix: format!("terminvergabe:{namespace}:"),
            script: std::sync::Arc::new(redis::Script::new(TAKE)),
        })
    }

    /// Takes one request from the budget `key`: `Ok(Ok(()))` let through, `Ok(Err(µs))` refused.
    pub async fn take(&self, key: &str, rate: Rate) -> redis::RedisResult<Result<(), i64>> {
        let mut connection = self.connection.clone();
        let (passed, wait_us): (i64, i64) = self
            .script
            .key(format!("{}{key}", self.prefix))
            .arg(rate.interval_us)
            .arg(rate.burst_us)
            .invoke_async(&mut connection)
            .await?;
        Ok(if passed == 1 { Ok(()) } else { Err(wait_us) })
    }
}
