//! The current time, injectable so that tests can move it (reminders, expiry, notice periods).

use chrono::{DateTime, SubsecRound, Utc};
use std::fmt::Debug;

pub trait Clock: Send + Sync + Debug + 'static {
    /// Now, in whole seconds (stored instants never carry sub-second noise).
    fn now(&self) -> DateTime<Utc>;
}

#[derive(Debug, Clone, Copy, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> DateTime<Utc> {
        Utc::now().trunc_subsecs(0)
    }
}
