//! The rule every budget follows, wherever it is counted: GCRA, the generic cell rate
//! algorithm. A budget of N per minute keeps one number per key, its *theoretical arrival
//! time* (TAT): a request is let through if, after adding one emission interval (60 s / N) to
//! the later of TAT and now, TAT lies at most one minute ahead of now. So N requests pass at
//! once, and then one every 60/N seconds — a burst of N that refills steadily.
//!
//! The same arithmetic is written in SQL (`store::rate_cells`) and in Lua
//! (`limits::redis_cells`); all times are microseconds.

/// One budget: `per_minute` requests in a burst, refilled evenly over a minute.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rate {
    /// Microseconds between two requests at the sustained rate.
    pub interval_us: i64,
    /// How far TAT may run ahead of now: the whole burst.
    pub burst_us: i64,
}

impl Rate {
    pub fn per_minute(per_minute: std::num::NonZeroU32) -> Rate {
        let interval_us = (60_000_000 / i64::from(per_minute.get())).max(1);
        Rate {
            interval_us,
            burst_us: interval_us * i64::from(per_minute.get()),
        }
    }
}

/// A request let through, with the key's new TAT — or refused, with the microseconds until
/// one would be let through.
pub fn decide(tat_us: Option<i64>, now_us: i64, rate: Rate) -> Result<i64, i64> {
    let new_tat = tat_us.map_or(now_us, |tat| tat.max(now_us)) + rate.interval_us;
    let ahead = new_tat - now_us;
    if ahead <= rate.burst_us {
        Ok(new_tat)
    } else {
        Err(ahead - rate.burst_us)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::num::NonZeroU32;

    fn rate(n: u32) -> Rate {
        Rate::per_minute(NonZeroU32::new(n).unwrap())
    }

    #[test]
    fn a_budget_of_n_lets_exactly_n_through_at_once() {
        let mut tat = None;
        let mut passed = 0;
        for _ in 0..25 {
            if let Ok(next) = decide(tat, 0, rate(10)) {
                tat = Some(next);
                passed += 1;
            }
        }
        assert_eq!(passed, 10);
    }

    #[test]
    fn the_budget_refills_one_request_per_interval() {
        let rate = rate(10);
        let mut tat = None;
        for _ in 0..10 {
            tat = Some(decide(tat, 0, rate).unwrap());
        }
        let wait = decide(tat, 0, rate).unwrap_err();
        assert_eq!(wait, 6_000_000, "one more after 6 s");
        assert!(decide(tat, wait - 1, rate).is_err());
        assert!(decide(tat, wait, rate).is_ok());
    }

    #[test]
    fn an_idle_key_starts_again_with_a_full_burst() {
        let rate = rate(2);
        let tat = decide(decide(None, 0, rate).ok(), 0, rate).unwrap();
        let later = 120_000_000;
        let again = decide(Some(tat), later, rate).unwrap();
        assert!(decide(Some(again), later, rate).is_ok());
    }
}
