//! Builds the application: database, migrations, background workers, routes and middleware;
//! binds and runs it.

use crate::auth::signing_key;
use crate::background::{Announcer, Wakes};
use crate::call_feed::CallFeed;
use crate::call_listening;
use crate::clock::Clock;
use crate::config::{DatabaseUrl, MetricsBind, RedisUrl, ServeSettings};
use crate::delivery::{self, Retries};
use crate::domain::network::WebhookTargets;
use crate::jobs::{self, Jobs};
use crate::limits::Budgets;
use crate::limits::proof_of_work::PowSettings;
use crate::mail::transport::Mailer;
use crate::mail::worker::MailCourier;
use crate::metrics::Metrics;
use crate::portal::worker::WebhookCourier;
use crate::routes;
use crate::routes::answer_cache::AnswerCache;
use crate::routes::defences::RateLimits;
use crate::routes::edge::RequestSpan;
use crate::routes::edge::client_address::TrustedProxies;
use crate::routes::middleware::SecurityHeaders;
use crate::routes::portal::PortalQuotas;
use crate::routes::state::{AppState, RouteSettings, Streams};
use crate::scheduling::links::Links;
use crate::store::{self, Db};
use actix_web::dev::Server;
use actix_web::{App, HttpServer, web};
use anyhow::Context;
use std::net::TcpListener;
use std::sync::Arc;
use tokio::sync::watch;
use tokio::task::JoinHandle;

/// A bound, not yet running server.
pub struct Application {
    port: u16,
    server: Server,
    /// The `/metrics` listener and its port, unless `--metrics-bind off`.
    metrics_server: Option<(u16, Server)>,
    db: Db,
    workers: Vec<JoinHandle<()>>,
    stop_workers: watch::Sender<bool>,
}

impl std::fmt::Debug for Application {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Application")
            .field("port", &self.port)
            .finish_non_exhaustive()
    }
}

impl Application {
    /// Connects and migrates the database, loads the demo data if asked, starts the background
    /// workers, binds the ports.
    pub async fn build(settings: ServeSettings, clock: Arc<dyn Clock>) -> anyhow::Result<Self> {
        let metrics = Metrics::new()?;
        let wakes = Wakes::default();
        let calls = CallFeed::default();
        let one_process = matches!(settings.database.database_url, DatabaseUrl::Sqlite(_));
        let announcer = Announcer {
            wakes: wakes.clone(),
            metrics: metrics.clone(),
            calls: one_process.then(|| calls.clone()),
        };
        let db = open_database(&settings, Arc::new(announcer), clock.now()).await?;
        if let Some(dir) = &settings.static_dir
            && !dir.join("index.html").is_file()
        {
            anyhow::bail!(
                "--static-dir {} has no index.html: build the SPA first (cargo xtask run does)",
                dir.display()
            );
        }
        let listener = TcpListener::bind(settings.bind)
            .with_context(|| format!("binding {}", settings.bind))?;
        let address = listener.local_addr()?;
        let links = Links::new(settings.public_url.clone());
        let budgets = Arc::new(request_budgets(&db, &settings, clock.now()).await?);
        let (stop_workers, stopped) = watch::channel(false);
        let mut workers =
            start_workers(&settings, &db, &clock, &links, &wakes, &budgets, &stopped)?;
        workers.push(tokio::spawn(call_listening::listen(
            db.clone(),
            calls.clone(),
            stopped.clone(),
        )));
        let streams = Streams {
            calls,
            closing: closing_on_signal(),
        };
        let data =
            RequestData::new(&settings, &db, clock, links, &budgets, metrics, streams).await?;
        let metrics_server =
            serve_metrics(settings.metrics_bind, &data, settings.shutdown_timeout_secs)?;
        let route_settings = RouteSettings {
            static_dir: settings.static_dir.clone(),
            max_body_bytes: settings.max_body_bytes,
        };
        let server = serve_api(
            listener,
            data,
            route_settings,
            settings.shutdown_timeout_secs,
        )?;
        tracing::info!(
            backend = db.backend(),
            url = %format!("http://{address}"),
            "terminvergabe listening"
        );
        Ok(Application {
            port: address.port(),
            server,
            metrics_server,
            db,
            workers,
            stop_workers,
        })
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    /// The port of the `/metrics` listener (`None` with `--metrics-bind off`).
    pub fn metrics_port(&self) -> Option<u16> {
        self.metrics_server.as_ref().map(|(port, _)| *port)
    }

    /// The server's database handle: writes through it count as the server's own, so its
    /// caches see them at once (tests arranging states use it).
    pub fn db(&self) -> Db {
        self.db.clone()
    }

    /// Serves until SIGTERM/SIGINT; in-flight requests get the shutdown timeout to finish.
    pub async fn run_until_stopped(self) -> anyhow::Result<()> {
        match self.metrics_server {
            Some((_, metrics)) => {
                let (served, metrics_served) = tokio::join!(self.server, metrics);
                served?;
                metrics_served?;
            }
            None => self.server.await?,
        }
        let _ = self.stop_workers.send(true);
        for worker in self.workers {
            let _ = worker.await;
        }
        self.db.close().await;
        tracing::info!("terminvergabe stopped");
        Ok(())
    }
}

/// Turns true when the process is asked to stop (SIGTERM, SIGINT), before the server drains
/// its connections: open event streams end then, so shutting down waits for none of them.
fn closing_on_signal() -> watch::Receiver<bool> {
    let (close, closing) = watch::channel(false);
    tokio::spawn(async move {
        shutdown_signal().await;
        let _ = close.send(true);
    });
    closing
}

async fn shutdown_signal() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        match signal(SignalKind::terminate()) {
            Ok(mut terminate) => {
                tokio::select! {
                    _ = terminate.recv() => {}
                    _ = tokio::signal::ctrl_c() => {}
                }
            }
            Err(_) => {
                let _ = tokio::signal::ctrl_c().await;
            }
        }
    }
    #[cfg(not(unix))]
    {
        let _ = tokio::signal::ctrl_c().await;
    }
}

/// Connects, migrates, seals the previous release's idempotency records, loads the demo data
/// (and today's demo queue) if asked; committed write transactions are announced to `announcer`.
async fn open_database(
    settings: &ServeSettings,
    announcer: Arc<Announcer>,
    now: chrono::DateTime<chrono::Utc>,
) -> anyhow::Result<Db> {
    let url = &settings.database.database_url;
    let db = Db::connect(url)
        .await
        .with_context(|| format!("connecting to {url}"))?
        .announcing_to(announcer);
    db.migrate().await.context("applying migrations")?;
    let sealed = store::idempotency::seal_earlier_records(&db)
        .await
        .context("sealing idempotency records of the previous release")?;
    if sealed > 0 {
        tracing::info!(sealed, "idempotency records of the previous release sealed");
    }
    if settings.demo && seed_demo_if_empty(&db).await? {
        tracing::info!("demo data loaded into the empty database");
    }
    if settings.demo_queue {
        let mut tx = db.begin().await?;
        let queued = crate::admin::call_queue::demo_morning(&mut tx, now, DEMO_ADMIN.0).await?;
        tx.commit().await?;
        if queued > 0 {
            tracing::info!(queued, "demo: today's call queue filled");
        }
    }
    Ok(db)
}

/// Everything handlers and middleware find in their `app_data`, shared by all HTTP workers.
#[derive(Clone)]
struct RequestData {
    state: web::Data<AppState>,
    pow: web::Data<PowSettings>,
    rate_limits: web::Data<RateLimits>,
    portal_quotas: web::Data<PortalQuotas>,
    security_headers: web::Data<SecurityHeaders>,
    trusted_proxies: web::Data<TrustedProxies>,
    webhook_targets: web::Data<WebhookTargets>,
    metrics: web::Data<Metrics>,
}

impl RequestData {
    async fn new(
        settings: &ServeSettings,
        db: &Db,
        clock: Arc<dyn Clock>,
        links: Links,
        budgets: &Arc<Budgets>,
        metrics: Metrics,
        streams: Streams,
    ) -> anyhow::Result<RequestData> {
        let now = clock.now();
        let signing_keys = signing_key::resolve(db, settings.jwt_secret.as_ref(), now)
            .await
            .context("loading the JWT signing key")?;
        let defences = &settings.defences;
        let pow =
            PowSettings::load(db, defences.effective_pow_difficulty(settings.demo), now).await?;
        tracing::info!(
            pow_difficulty = pow.difficulty,
            rate_limit_per_minute = defences.rate_limit_per_minute,
            budgets_counted_in = budgets.store(),
            trusted_proxies = ?defences.trusted_proxies.iter().map(ToString::to_string).collect::<Vec<_>>(),
            "bot defences"
        );
        let https = settings.public_url.scheme() == "https";
        Ok(RequestData {
            state: web::Data::new(AppState {
                db: db.clone(),
                clock,
                links,
                signing_keys,
                secure_cookies: https,
                answers: AnswerCache::default(),
                streams,
            }),
            pow: web::Data::new(pow),
            rate_limits: web::Data::new(RateLimits::new(
                defences.rate_limit_per_minute,
                budgets.clone(),
            )),
            portal_quotas: web::Data::new(PortalQuotas::new(budgets.clone())),
            security_headers: web::Data::new(SecurityHeaders::new(
                settings.static_dir.as_deref(),
                https,
            )),
            trusted_proxies: web::Data::new(TrustedProxies::new(
                &defences.trusted_proxies,
                defences.proxy_header,
            )),
            webhook_targets: web::Data::new(WebhookTargets::new(
                &settings.webhooks.webhook_allowed_networks,
            )),
            metrics: web::Data::new(metrics),
        })
    }

    fn register(&self, config: &mut web::ServiceConfig) {
        config
            .app_data(self.state.clone())
            .app_data(self.pow.clone())
            .app_data(self.rate_limits.clone())
            .app_data(self.portal_quotas.clone())
            .app_data(self.security_headers.clone())
            .app_data(self.trusted_proxies.clone())
            .app_data(self.webhook_targets.clone())
            .app_data(self.metrics.clone());
    }
}

/// The public listener: the route table inside its middleware.
fn serve_api(
    listener: TcpListener,
    data: RequestData,
    route_settings: RouteSettings,
    shutdown_timeout_secs: u64,
) -> anyhow::Result<Server> {
    use actix_web::middleware::{Compress, from_fn};
    Ok(HttpServer::new(move || {
        // Innermost first: each layer runs inside the ones listed after it.
        App::new()
            .wrap(from_fn(routes::defences::rate_limit))
            .wrap(from_fn(routes::portal::authenticate))
            .wrap(from_fn(routes::metrics::record))
            .wrap(routes::middleware::problem_for_every_error())
            .wrap(from_fn(routes::edge::establish))
            .wrap(from_fn(routes::middleware::security_headers))
            .wrap(from_fn(routes::spa::cache_headers))
            .wrap(Compress::default())
            .wrap(tracing_actix_web::TracingLogger::<RequestSpan>::new())
            .configure(|config| data.register(config))
            .configure(|config| routes::configure(config, &route_settings))
    })
    .shutdown_timeout(shutdown_timeout_secs)
    .listen(listener)?
    .run())
}

/// Where request budgets are counted (see `limits`), under this database's namespace.
async fn request_budgets(
    db: &Db,
    settings: &ServeSettings,
    now: chrono::DateTime<chrono::Utc>,
) -> anyhow::Result<Budgets> {
    let mut tx = db.begin().await?;
    let fresh = crate::domain::tokens::new_secret_token();
    let namespace = store::secrets::get_or_create(&mut tx, "budget_namespace", &fresh, now).await?;
    tx.commit().await?;
    let redis_url = settings.defences.redis_url.as_ref().map(RedisUrl::expose);
    Budgets::for_deployment(db, redis_url, &namespace[..12.min(namespace.len())]).await
}

/// The separate listener for `/metrics` (loopback by default, so the public never sees it).
fn serve_metrics(
    bind: MetricsBind,
    data: &RequestData,
    shutdown_timeout_secs: u64,
) -> anyhow::Result<Option<(u16, Server)>> {
    let MetricsBind::At(address) = bind else {
        return Ok(None);
    };
    let listener = TcpListener::bind(address).with_context(|| {
        format!("binding --metrics-bind {address} (another instance on this host? choose another port, or `off`)")
    })?;
    let port = listener.local_addr()?.port();
    let (metrics, state) = (data.metrics.clone(), data.state.clone());
    let server = HttpServer::new(move || {
        App::new()
            .app_data(metrics.clone())
            .app_data(state.clone())
            .service(routes::metrics::scrape)
    })
    .workers(1)
    .shutdown_timeout(shutdown_timeout_secs)
    .listen(listener)?
    .run();
    tracing::info!(url = %format!("http://{address}/metrics"), "metrics listening");
    Ok(Some((port, server)))
}

/// Starts the mail and webhook workers and the periodic jobs; they stop when `stopped` turns
/// true.
fn start_workers(
    settings: &ServeSettings,
    db: &Db,
    clock: &Arc<dyn Clock>,
    links: &Links,
    wakes: &Wakes,
    budgets: &Arc<Budgets>,
    stopped: &watch::Receiver<bool>,
) -> anyhow::Result<Vec<JoinHandle<()>>> {
    let mail = &settings.mail;
    let mailer = Mailer::new(mail.smtp_url.as_ref(), mail.mail_dir.clone())
        .context("setting up mail delivery")?;
    if mail.smtp_url.is_none() {
        tracing::warn!(folder = %mail.mail_dir.display(), "no --smtp-url: emails are written as .eml files to the dev mailbox");
    }
    let mail_worker = tokio::spawn(delivery::run(
        db.clone(),
        MailCourier {
            mailer,
            from: mail.mail_from.clone(),
        },
        clock.clone(),
        Retries {
            max_attempts: mail.mail_max_attempts.max(1),
            retry_cap: chrono::Duration::seconds(i64::from(mail.mail_retry_cap_secs.max(1))),
            lease: chrono::Duration::minutes(2),
            poll_interval: std::time::Duration::from_secs(1),
        },
        wakes.mail.clone(),
        stopped.clone(),
    ));
    let hooks = &settings.webhooks;
    let webhook_worker = tokio::spawn(delivery::run(
        db.clone(),
        WebhookCourier {
            timeout: std::time::Duration::from_secs(hooks.webhook_timeout_secs.max(1)),
            targets: WebhookTargets::new(&hooks.webhook_allowed_networks),
        },
        clock.clone(),
        Retries {
            max_attempts: hooks.webhook_max_attempts.max(1),
            retry_cap: chrono::Duration::seconds(i64::from(hooks.webhook_retry_cap_secs.max(1))),
            lease: chrono::Duration::seconds(
                i64::try_from(hooks.webhook_timeout_secs).unwrap_or(60) * 2 + 30,
            ),
            poll_interval: std::time::Duration::from_secs(1),
        },
        wakes.webhooks.clone(),
        stopped.clone(),
    ));
    let periodic = Jobs {
        db: db.clone(),
        clock: clock.clone(),
        links: links.clone(),
        reminder_lead: chrono::Duration::hours(i64::from(mail.reminder_hours)),
        retention: chrono::Duration::days(i64::from(settings.defences.retention_days)),
        mailbox: mail.smtp_url.is_none().then(|| mail.mail_dir.clone()),
        budgets: budgets.clone(),
    };
    let interval = std::time::Duration::from_secs(settings.jobs_interval_secs.max(1));
    let jobs = tokio::spawn(jobs::run(periodic, interval, stopped.clone()));
    Ok(vec![mail_worker, webhook_worker, jobs])
}

/// The demo administrator (printed by `cargo xtask run`; only ever created with `--demo`).
pub const DEMO_ADMIN: (&str, &str) = ("admin", "Porta-Westfalica-2026");

/// Loads the demo data set (and the demo administrator) if the database has no office yet;
/// true if it did.
pub async fn seed_demo_if_empty(db: &Db) -> anyhow::Result<bool> {
    let mut tx = db.begin().await?;
    if !store::catalog::is_empty(&mut tx).await? {
        return Ok(false);
    }
    store::demo::seed(&mut tx).await?;
    let (username, password) = DEMO_ADMIN;
    let hash = crate::domain::password::hash(password)?;
    store::staff::create_account(&mut tx, username, &hash, "admin", &[], chrono::Utc::now())
        .await?;
    tx.commit().await?;
    Ok(true)
}
