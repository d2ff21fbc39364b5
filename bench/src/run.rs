//! One backend, start to finish: fresh database, data set, server, availability rounds, the
//! booking storm, steady booking next to pgbench, peak memory, stop, clean up.

use crate::booking::{self, LedgerCheck, Steady, Storm};
use crate::call_queue::{self, CallsReport};
use crate::load::{self, Probe, median};
use crate::pgbench;
use crate::plan::Plan;
use crate::report::{Availability, BackendReport, BudgetCost, SteadyReport};
use crate::seed::{self, HORIZON_DAYS, MAIN_OFFICE};
use crate::server::Server;
use anyhow::{Context, Result};
use chrono::{Duration as Days, Utc};
use shared::ids::OfficeId;
use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};
use terminvergabe::config::DatabaseUrl;
use terminvergabe::store::Db;

pub async fn backend(
    backend: &str,
    plan: &Plan,
    server_binary: &Path,
    postgres_url: &str,
    work_dir: &Path,
) -> Result<BackendReport> {
    eprintln!("\n==> {backend}: preparing the data set");
    let database = Database::create(backend, postgres_url, work_dir).await?;
    let outcome = measure(backend, plan, server_binary, &database, work_dir).await;
    database.drop_it(postgres_url).await?;
    outcome
}

async fn measure(
    backend: &str,
    plan: &Plan,
    server_binary: &Path,
    database: &Database,
    work_dir: &Path,
) -> Result<BackendReport> {
    let db = Db::connect(&database.url.parse::<DatabaseUrl>()?).await?;
    db.migrate().await?;
    let seeding = Instant::now();
    let seeded = seed::seed(&db, plan, Utc::now()).await?;
    let seeding = seeding.elapsed();
    eprintln!(
        "    {} offices, {} appointments ({:.0} % of office 1 booked) in {:.1} s",
        seeded.offices,
        seeded.appointments,
        seeded.main_booked_share * 100.0,
        seeding.as_secs_f64()
    );

    let server = Server::start(server_binary, &database.url, work_dir).await?;
    eprintln!("    server ready after {} ms", server.startup.as_millis());

    let availability = availability(plan, &server.base_url, &seeded).await?;
    let budgets = budgets_cost(plan, server_binary, database, work_dir, &server.base_url).await?;

    eprintln!("    booking storm: {} clients", plan.storm_clients);
    let storm = booking::storm(&server.base_url, seeded.storm_day, plan.storm_clients).await?;
    let ledger = booking::check_ledger(&db).await?;

    let steady = steady(plan, &server.base_url, &seeded, database, work_dir).await?;
    let calls = calls(
        plan,
        server_binary,
        database,
        work_dir,
        &server.base_url,
        &db,
    )
    .await?;
    let peak_rss_kib = server.peak_rss_kib()?;
    let startup = server.startup;
    server.stop()?;
    eprintln!("    fairness: 1,000 entrants for 100 appointments, first come and by lot");
    let fairness = crate::fairness::measure(&db).await?;
    db.close().await;
    Ok(BackendReport {
        backend: backend.to_owned(),
        seeded,
        seeding,
        startup,
        peak_rss_kib,
        availability,
        budgets,
        storm,
        ledger,
        steady,
        calls,
        fairness,
        storm_slots: plan.storm_slots,
    })
}

/// The call queue: on PostgreSQL with two more server processes on the same database (three
/// in all), on SQLite with the one.
async fn calls(
    plan: &Plan,
    server_binary: &Path,
    database: &Database,
    work_dir: &Path,
    base_url: &str,
    db: &Db,
) -> Result<CallsReport> {
    let mut others = Vec::new();
    if database.postgres {
        for _ in 0..2 {
            others.push(Server::start(server_binary, &database.url, work_dir).await?);
        }
    }
    let mut servers = vec![base_url.to_owned()];
    servers.extend(others.iter().map(|other| other.base_url.clone()));
    let report = call_queue::measure(db, &servers, plan.waiting, plan.rounds).await?;
    for other in others {
        other.stop()?;
    }
    Ok(report)
}

/// A budget no client of the bench reaches: every request is counted, none refused.
const UNREACHABLE_BUDGET: &str = "1000000000";

/// Redis for the shared-budgets row (`TERMINVERGABE_BENCH_REDIS_URL`, default the local one).
fn redis_url() -> String {
    std::env::var("TERMINVERGABE_BENCH_REDIS_URL")
        .unwrap_or_else(|_| "redis://127.0.0.1:6379".to_owned())
}

/// Whether something answers at the host and port of `url` (Redis' default port if it has none).
fn reachable(url: &str) -> bool {
    let Ok(parsed) = url::Url::parse(url) else {
        return false;
    };
    let Some(host) = parsed.host_str() else {
        return false;
    };
    let port = parsed.port().unwrap_or(6379);
    std::net::TcpStream::connect((host.trim_matches(['[', ']']), port)).is_ok()
}

/// What counting request budgets costs: free days over the horizon (answered from the answer
/// cache, the cheapest request that counts) at 16 connections, with the limits off (the
/// server measured above) and on (another server on the same database, counting every request
/// in memory, in PostgreSQL or in Redis against a budget no client reaches), round by round.
async fn budgets_cost(
    plan: &Plan,
    server_binary: &Path,
    database: &Database,
    work_dir: &Path,
    limits_off: &str,
) -> Result<Vec<BudgetCost>> {
    let today = Utc::now().date_naive();
    let probe = Probe::Days {
        office: OfficeId(MAIN_OFFICE),
        from: today,
        to: today + Days::days(HORIZON_DAYS - 1),
    };
    let concurrency = plan.concurrencies[1];
    let redis = redis_url();
    let stores: Vec<(&str, Vec<&str>)> = if database.postgres {
        vec![
            ("postgres", Vec::new()),
            ("redis", vec!["--redis-url", &redis]),
        ]
    } else {
        vec![("memory", Vec::new())]
    };
    let mut costs = Vec::new();
    for (store, extra) in stores {
        if store == "redis" && !reachable(&redis) {
            eprintln!(
                "    !!! Redis at {redis} is not reachable: the Redis budgets row is skipped"
            );
            costs.push(BudgetCost::skipped(store));
            continue;
        }
        let mut args = vec!["--rate-limit-per-minute", UNREACHABLE_BUDGET];
        args.extend(extra);
        let counting = Server::start_with(server_binary, &database.url, work_dir, &args).await?;
        let (mut off, mut on) = (Vec::new(), Vec::new());
        for round in 0..plan.rounds {
            eprintln!(
                "    budgets counted in {store}: round {}/{}",
                round + 1,
                plan.rounds
            );
            off.push(load::round(limits_off, &probe, concurrency, plan.round_length).await?);
            on.push(load::round(&counting.base_url, &probe, concurrency, plan.round_length).await?);
        }
        counting.stop()?;
        costs.push(BudgetCost {
            store,
            concurrency,
            off_per_second: Some(median(off.iter().map(load::Round::per_second).collect())),
            on_per_second: Some(median(on.iter().map(load::Round::per_second).collect())),
            on_p99: Some(millis_median(&on, 0.99)),
            ratio: Some(median(
                on.iter()
                    .zip(&off)
                    .map(|(on, off)| on.per_second() / off.per_second())
                    .collect(),
            )),
            errors: on.iter().map(|round| round.errors).sum(),
        });
    }
    Ok(costs)
}

/// Every probe at every concurrency, interleaved round by round so that the floor and the
/// probes see the same machine; medians over rounds.
async fn availability(
    plan: &Plan,
    base_url: &str,
    seeded: &seed::Seeded,
) -> Result<Vec<Availability>> {
    let today = Utc::now().date_naive();
    let office = OfficeId(MAIN_OFFICE);
    let probes = [
        Probe::Live,
        Probe::Days {
            office,
            from: today,
            to: today + Days::days(HORIZON_DAYS - 1),
        },
        Probe::DaysEachDifferent {
            office,
            first: today,
        },
        Probe::Times {
            office,
            days: Arc::new(seeded.main_open_days.clone()),
        },
        Probe::NextInCity,
    ];
    let mut rounds: Vec<Vec<Vec<load::Round>>> =
        vec![vec![Vec::new(); plan.concurrencies.len()]; probes.len()];
    for round in 0..plan.rounds {
        eprintln!("    availability round {}/{}", round + 1, plan.rounds);
        for (c, &concurrency) in plan.concurrencies.iter().enumerate() {
            for (p, probe) in probes.iter().enumerate() {
                let result = load::round(base_url, probe, concurrency, plan.round_length).await?;
                rounds[p][c].push(result);
            }
        }
    }
    let mut table = Vec::new();
    for (p, probe) in probes.iter().enumerate() {
        for (c, &concurrency) in plan.concurrencies.iter().enumerate() {
            let these = &rounds[p][c];
            let floor = &rounds[0][c];
            let ratios = these
                .iter()
                .zip(floor)
                .map(|(round, live)| round.per_second() / live.per_second())
                .collect();
            table.push(Availability {
                probe: probe.name(),
                is_floor: matches!(probe, Probe::Live),
                concurrency,
                per_second: median(these.iter().map(load::Round::per_second).collect()),
                p50: millis_median(these, 0.50),
                p99: millis_median(these, 0.99),
                of_floor: median(ratios),
                errors: these.iter().map(|round| round.errors).sum(),
                first_error: these.iter().find_map(|round| round.first_error.clone()),
            });
        }
    }
    Ok(table)
}

fn millis_median(rounds: &[load::Round], share: f64) -> f64 {
    median(
        rounds
            .iter()
            .map(|round| round.percentile(share).as_secs_f64() * 1000.0)
            .collect(),
    )
}

/// Steady booking rounds, each followed by a pgbench round on PostgreSQL.
async fn steady(
    plan: &Plan,
    base_url: &str,
    seeded: &seed::Seeded,
    database: &Database,
    work_dir: &Path,
) -> Result<SteadyReport> {
    let mut starts = booking::uncontended_starts(base_url, &seeded.main_open_days).await?;
    let mut rounds: Vec<Steady> = Vec::new();
    let mut limits = Vec::new();
    let mut script = None;
    for round in 0..plan.steady_rounds {
        let take = plan.steady_bookings.min(starts.len());
        let these: Vec<_> = starts.drain(..take).collect();
        eprintln!("    steady booking round {}: {take} bookings", round + 1);
        let result = booking::steady(base_url, these, plan.steady_concurrency, round).await?;
        rounds.push(result);
        if database.postgres && pgbench::available() {
            if script.is_none() {
                // Give the mail worker a moment to deliver some confirmations to measure.
                tokio::time::sleep(Duration::from_millis(500)).await;
                let email = booking::average_email_size(&work_dir.join("mail"))?;
                script = Some(pgbench::write_script(work_dir, email)?);
            }
            let script = script.as_ref().context("script written above")?;
            eprintln!("    pgbench round {}", round + 1);
            limits.push(pgbench::run(
                script,
                &database.url,
                plan.steady_concurrency,
                plan.pgbench_length,
            )?);
        }
    }
    let per_second: Vec<f64> = rounds.iter().map(Steady::per_second).collect();
    let ratios = per_second
        .iter()
        .zip(&limits)
        .map(|(ours, limit)| ours / limit)
        .collect();
    Ok(SteadyReport {
        concurrency: plan.steady_concurrency,
        bookings: rounds.iter().map(|round| round.booked).sum(),
        failed: rounds.iter().map(|round| round.failed).sum(),
        first_error: rounds.iter().find_map(|round| round.first_error.clone()),
        per_second: median(per_second),
        p99: median(
            rounds
                .iter()
                .map(|round| load::percentile(&round.latencies, 0.99).as_secs_f64() * 1000.0)
                .collect(),
        ),
        pgbench: (!limits.is_empty()).then(|| median(limits.clone())),
        of_pgbench: (!limits.is_empty()).then(|| median(ratios)),
        pgbench_missing: database.postgres && !pgbench::available(),
    })
}

/// The database the run uses: a file in the work folder, or a fresh PostgreSQL database.
#[derive(Debug)]
struct Database {
    url: String,
    postgres: bool,
    name: String,
}

impl Database {
    async fn create(backend: &str, postgres_url: &str, work_dir: &Path) -> Result<Database> {
        if backend == "sqlite" {
            return Ok(Database {
                url: format!("sqlite://{}", work_dir.join("bench.db").display()),
                postgres: false,
                name: String::new(),
            });
        }
        let name = format!("terminvergabe_bench_{}", std::process::id());
        let admin = sqlx::PgPool::connect(postgres_url)
            .await
            .with_context(|| format!("connecting to PostgreSQL at {postgres_url}"))?;
        sqlx::query(sqlx::AssertSqlSafe(format!(
            "DROP DATABASE IF EXISTS {name}"
        )))
        .execute(&admin)
        .await?;
        sqlx::query(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}")))
            .execute(&admin)
            .await?;
        admin.close().await;
        let base = postgres_url
            .rsplit_once('/')
            .map_or(postgres_url, |(base, _)| base);
        Ok(Database {
            url: format!("{base}/{name}"),
            postgres: true,
            name,
        })
    }

    async fn drop_it(&self, postgres_url: &str) -> Result<()> {
        if !self.postgres {
            return Ok(());
        }
        let admin = sqlx::PgPool::connect(postgres_url).await?;
        let sql = format!("DROP DATABASE IF EXISTS {} WITH (FORCE)", self.name);
        sqlx::query(sqlx::AssertSqlSafe(sql))
            .execute(&admin)
            .await?;
        admin.close().await;
        Ok(())
    }
}

pub fn storm_ok(storm: &Storm, ledger: &LedgerCheck, slots: u32) -> bool {
    storm.succeeded == u64::from(slots)
        && storm.free_before == slots
        && ledger.over_capacity == 0
        && ledger.mismatched_units == 0
        && ledger.storm_appointments == i64::from(slots)
}
