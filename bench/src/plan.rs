//! How much to measure: the full run, or the quick smoke check (`--quick`).

use std::time::Duration;

#[derive(Debug, Clone)]
pub struct Plan {
    pub quick: bool,
    /// Offices in the city (office 1 is the large one).
    pub offices: usize,
    /// Rounds per measurement; the report shows the median round.
    pub rounds: usize,
    /// How long one round of one probe at one concurrency runs.
    pub round_length: Duration,
    pub concurrencies: [usize; 3],
    /// Clients in the booking storm, and the free slots they compete for.
    pub storm_clients: usize,
    pub storm_slots: u32,
    /// Uncontended bookings per round of the steady test, and its connections.
    pub steady_bookings: usize,
    pub steady_rounds: usize,
    pub steady_concurrency: usize,
    /// Length of each pgbench round (as many rounds as `steady_rounds`).
    pub pgbench_length: Duration,
    /// Walk-ins waiting at the start of each call queue round (at most 999, a day's numbers).
    pub waiting: usize,
}

impl Plan {
    pub fn new(quick: bool) -> Plan {
        if quick {
            Plan {
                quick,
                offices: 20,
                rounds: 3,
                round_length: Duration::from_millis(400),
                concurrencies: [1, 16, 64],
                storm_clients: 500,
                storm_slots: 50,
                steady_bookings: 150,
                steady_rounds: 1,
                steady_concurrency: 16,
                pgbench_length: Duration::from_secs(3),
                waiting: 200,
            }
        } else {
            Plan {
                quick,
                offices: 20,
                rounds: 5,
                round_length: Duration::from_secs(2),
                concurrencies: [1, 16, 64],
                storm_clients: 500,
                storm_slots: 50,
                steady_bookings: 300,
                steady_rounds: 3,
                steady_concurrency: 16,
                pgbench_length: Duration::from_secs(8),
                waiting: 900,
            }
        }
    }
}
