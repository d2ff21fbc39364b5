//! The table: measurements per backend, then the targets as met / not met.

use crate::booking::{LedgerCheck, Storm};
use crate::call_queue::CallsReport;
use crate::fairness::FairnessReport;
use crate::plan::Plan;
use crate::seed::Seeded;
use crate::spa::SpaSizes;
use std::time::Duration;

/// One probe at one concurrency, medians over the rounds.
#[derive(Debug, Clone)]
pub struct Availability {
    pub probe: &'static str,
    pub is_floor: bool,
    pub concurrency: usize,
    pub per_second: f64,
    pub p50: f64,
    pub p99: f64,
    /// Requests/s relative to `/health/live` in the same round (median of the rounds' ratios).
    pub of_floor: f64,
    pub errors: u64,
    pub first_error: Option<String>,
}

/// Availability throughput with request budgets counted, next to without (one probe).
#[derive(Debug, Clone)]
pub struct BudgetCost {
    /// Where they are counted: memory, postgres or redis.
    pub store: &'static str,
    pub concurrency: usize,
    pub off_per_second: Option<f64>,
    pub on_per_second: Option<f64>,
    pub on_p99: Option<f64>,
    /// Requests/s with budgets counted divided by without, median of the rounds' ratios.
    pub ratio: Option<f64>,
    pub errors: u64,
}

impl BudgetCost {
    /// A store that could not be measured (e.g. no Redis reachable).
    pub fn skipped(store: &'static str) -> BudgetCost {
        BudgetCost {
            store,
            concurrency: 0,
            off_per_second: None,
            on_per_second: None,
            on_p99: None,
            ratio: None,
            errors: 0,
        }
    }
}

#[derive(Debug, Clone)]
pub struct SteadyReport {
    pub concurrency: usize,
    pub bookings: u64,
    pub failed: u64,
    pub first_error: Option<String>,
    pub per_second: f64,
    pub p99: f64,
    pub pgbench: Option<f64>,
    pub of_pgbench: Option<f64>,
    pub pgbench_missing: bool,
}

#[derive(Debug, Clone)]
pub struct BackendReport {
    pub backend: String,
    pub seeded: Seeded,
    pub seeding: Duration,
    pub startup: Duration,
    pub peak_rss_kib: u64,
    pub availability: Vec<Availability>,
    pub budgets: Vec<BudgetCost>,
    pub storm: Storm,
    pub ledger: LedgerCheck,
    pub steady: SteadyReport,
    pub calls: CallsReport,
    pub fairness: FairnessReport,
    pub storm_slots: u32,
}

impl BackendReport {
    pub fn storm_failed(&self) -> bool {
        !crate::run::storm_ok(&self.storm, &self.ledger, self.storm_slots)
    }

    /// A citizen called twice, or a call no display heard.
    pub fn calls_failed(&self) -> bool {
        self.calls.called_twice > 0 || self.calls.missed > 0
    }

    fn at_most_connections(&self) -> impl Iterator<Item = &Availability> {
        let most = self.availability.iter().map(|row| row.concurrency).max();
        self.availability
            .iter()
            .filter(move |row| Some(row.concurrency) == most && !row.is_floor)
    }
}

const FLOOR_SHARE: f64 = 0.5;
const P99_MS: f64 = 5.0;
const PGBENCH_SHARE: f64 = 0.5;
const SPA_BYTES: u64 = 250 * 1024;
const RSS_KIB: u64 = 64 * 1024;

pub fn print(plan: &Plan, reports: &[BackendReport], spa: SpaSizes) {
    println!();
    println!(
        "Terminvergabe bench ({}): medians of {} rounds of {:.1} s per probe and concurrency; \
         steady booking {} round(s) of {} bookings",
        if plan.quick { "quick" } else { "full" },
        plan.rounds,
        plan.round_length.as_secs_f64(),
        plan.steady_rounds,
        plan.steady_bookings,
    );
    println!(
        "Load generator and server share this machine ({} cores); numbers are only comparable within one run.",
        std::thread::available_parallelism().map_or(0, usize::from)
    );
    for report in reports {
        print_backend(report);
    }
    print_targets(reports, spa);
}

fn print_backend(report: &BackendReport) {
    let seeded = &report.seeded;
    println!();
    println!("== {} ==", report.backend);
    println!(
        "data: {} offices, 10 services, {} appointments, office 1 (12 counters, 90 days) {:.0} % booked; seeded in {:.1} s",
        seeded.offices,
        seeded.appointments,
        seeded.main_booked_share * 100.0,
        report.seeding.as_secs_f64()
    );
    println!(
        "{:<34} {:>5} {:>9} {:>8} {:>8} {:>9} {:>7}",
        "availability", "conn", "req/s", "p50 ms", "p99 ms", "of floor", "errors"
    );
    for row in &report.availability {
        println!(
            "{:<34} {:>5} {:>9.0} {:>8.2} {:>8.2} {:>9} {:>7}",
            row.probe,
            row.concurrency,
            row.per_second,
            row.p50,
            row.p99,
            if row.is_floor {
                "floor".to_owned()
            } else {
                format!("{:.2}", row.of_floor)
            },
            row.errors
        );
        if let Some(error) = &row.first_error {
            println!("    first error: {error}");
        }
    }
    for cost in &report.budgets {
        match (
            cost.off_per_second,
            cost.on_per_second,
            cost.ratio,
            cost.on_p99,
        ) {
            (Some(off), Some(on), Some(ratio), Some(p99)) => println!(
                "free days (90 d) with per-address budgets counted in {:<8} {:>3} conn: {on:.0} req/s \
                 (off: {off:.0}) → {ratio:.2} of off, p99 {p99:.2} ms, {} errors",
                cost.store, cost.concurrency, cost.errors
            ),
            _ => println!(
                "free days with per-address budgets counted in {}: not measured (store not reachable)",
                cost.store
            ),
        }
    }
    let storm = &report.storm;
    let ledger = &report.ledger;
    println!(
        "booking storm: {} clients, {} free slots before: {} booked, {} × 409 slot_taken, {} errors; \
         {:.0} bookings/s, p99 {:.1} ms",
        storm.clients,
        storm.free_before,
        storm.succeeded,
        storm.conflicts,
        storm.errors,
        storm.succeeded as f64 / storm.elapsed.as_secs_f64().max(1e-9),
        storm.p99.as_secs_f64() * 1000.0
    );
    if let Some(error) = &storm.first_error {
        println!("    first error: {error}");
    }
    println!(
        "  database check: {} slot_usage rows over capacity, {} units whose ledger differs from \
         their appointments, {} storm appointments → {}",
        ledger.over_capacity,
        ledger.mismatched_units,
        ledger.storm_appointments,
        if report.storm_failed() {
            "FAILED"
        } else {
            "ok: exactly the free slots were booked"
        }
    );
    let steady = &report.steady;
    let limit = match (steady.pgbench, steady.of_pgbench) {
        (Some(tps), Some(ratio)) => {
            format!("; pgbench, same transaction shape: {tps:.0} tps → {ratio:.2} of the limit")
        }
        _ if steady.pgbench_missing => "; pgbench not installed".to_owned(),
        _ => String::new(),
    };
    println!(
        "steady booking: {} connections, uncontended, {} booked, {} failed: {:.0} bookings/s, p99 {:.1} ms{limit}",
        steady.concurrency, steady.bookings, steady.failed, steady.per_second, steady.p99
    );
    if let Some(error) = &steady.first_error {
        println!("    first error: {error}");
    }
    let calls = &report.calls;
    println!(
        "call queue: {} process(es) × {} clerks call {} waiting at one office: {:.0} calls/s, p99 {:.1} ms; \
         {} called twice → {}",
        calls.processes,
        calls.clerks / calls.processes.max(1),
        calls.waiting_per_round,
        calls.per_second,
        calls.call_p99_ms,
        calls.called_twice,
        if calls.called_twice == 0 {
            "ok: every citizen called once"
        } else {
            "FAILED"
        }
    );
    println!(
        "  display latency, call-next sent → event on a display of each process: median {:.1} ms, p99 {:.1} ms; {} events missed",
        calls.display_p50_ms, calls.display_p99_ms, calls.missed
    );
    let fair = &report.fairness;
    println!(
        "fairness: {} entrants ({} bots at the first milliseconds, retrying) for {} appointments: \
         bots' share first come {:.0} %, with the release window {:.0} % ({} booked by the draw; \
         their share of entrants {:.0} % ± {:.1} pp)",
        fair.entrants,
        fair.bots,
        fair.appointments,
        fair.first_come_bot_share * 100.0,
        fair.window_bot_share * 100.0,
        fair.window_booked,
        fair.bots as f64 / fair.entrants as f64 * 100.0,
        fair.window_band * 100.0,
    );
    println!(
        "  waitlist: {} freed appointments re-booked by the first in line, cancellation → re-booked median {:.1} ms",
        fair.rebooked, fair.rebook_median_ms
    );
    println!(
        "server: ready {} ms after start, peak RSS {:.1} MB",
        report.startup.as_millis(),
        report.peak_rss_kib as f64 / 1024.0
    );
}

fn met(ok: bool) -> &'static str {
    if ok { "met" } else { "NOT met" }
}

fn print_targets(reports: &[BackendReport], spa: SpaSizes) {
    println!();
    println!("== targets ==");
    for report in reports {
        let name = &report.backend;
        for row in report.at_most_connections() {
            println!(
                "{name:<9} {:<34} ≥ {FLOOR_SHARE} × floor at {} conn: {:.2} {:<8} p99 < {P99_MS} ms: {:.2} ms {}",
                row.probe,
                row.concurrency,
                row.of_floor,
                met(row.of_floor >= FLOOR_SHARE),
                row.p99,
                met(row.p99 < P99_MS)
            );
        }
        match report.steady.of_pgbench {
            Some(ratio) => println!(
                "{name:<9} booking throughput ≥ {PGBENCH_SHARE} × pgbench: {ratio:.2} {}",
                met(ratio >= PGBENCH_SHARE)
            ),
            None => println!(
                "{name:<9} booking throughput vs pgbench: n/a (no pgbench for this backend)"
            ),
        }
        println!(
            "{name:<9} peak RSS < 64 MB under load: {:.1} MB {}",
            report.peak_rss_kib as f64 / 1024.0,
            met(report.peak_rss_kib < RSS_KIB)
        );
        println!(
            "{name:<9} storm: exactly {} booked, no capacity exceeded: {}",
            report.storm_slots,
            met(!report.storm_failed())
        );
        println!(
            "{name:<9} call queue: nobody called twice, every call on every display: {}; display within 1 s (p99): {:.1} ms {}",
            met(!report.calls_failed()),
            report.calls.display_p99_ms,
            met(report.calls.display_p99_ms < 1000.0)
        );
        println!(
            "{name:<9} fairness: bots' share by lot = their share of entrants ± noise: {:.0} % {}; \
             waitlist re-books within a minute (median): {:.1} ms {}",
            report.fairness.window_bot_share * 100.0,
            met(report.fairness.fair()),
            report.fairness.rebook_median_ms,
            met(report.fairness.rebooked > 0 && report.fairness.rebook_median_ms < 60_000.0)
        );
    }
    match spa.citizens {
        Some(bytes) => println!(
            "SPA for citizens (WASM + JS + CSS in dist/, gzip) < 250 KB: {:.1} KB {}",
            bytes as f64 / 1024.0,
            met(bytes < SPA_BYTES)
        ),
        None => {
            println!("SPA (WASM + JS + CSS, gzip): not built (run `cargo xtask build-spa` first)")
        }
    }
    if let Some(bytes) = spa.staff {
        println!(
            "  staff app (dist/staff/, loaded only under /admin): {:.1} KB",
            bytes as f64 / 1024.0
        );
    }
}
