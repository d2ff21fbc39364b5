//! Builds the application: database, migrations, routes, middleware; binds and runs it.

use crate::admin::waiting_times;
use crate::auth::access_token::SigningKeys;
use crate::auth::signing_key;
use crate::clock::Clock;
use crate::config::ServeSettings;
use crate::routes;
use crate::store::{self, Db};
use actix_web::dev::Server;
use actix_web::{App, HttpServer, web};
use anyhow::Context;
use std::net::TcpListener;
use std::path::PathBuf;
use std::sync::Arc;
use url::Url;

/// What every request handler may use.
#[derive(Debug)]
pub struct AppState {
    pub db: Db,
    pub clock: Arc<dyn Clock>,
    pub public_url: Url,
    /// Signs and checks staff access tokens.
    pub signing_keys: SigningKeys,
    /// Staff cookies carry `Secure` when the public URL is https.
    pub secure_cookies: bool,
}

/// Settings the route table needs while it is built (per worker).
#[derive(Debug, Clone)]
pub struct RouteSettings {
    pub static_dir: Option<PathBuf>,
    pub max_body_bytes: usize,
}

/// A bound, not yet running server.
pub struct Application {
    port: u16,
    server: Server,
    db: Db,
    background: tokio::task::JoinHandle<()>,
}

impl std::fmt::Debug for Application {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Application")
            .field("port", &self.port)
            .finish_non_exhaustive()
    }
}

impl Application {
    /// Connects and migrates the database, loads the demo data if asked, binds the port.
    pub async fn build(settings: ServeSettings, clock: Arc<dyn Clock>) -> anyhow::Result<Self> {
        let db = Db::connect(&settings.database.database_url)
            .await
            .with_context(|| format!("connecting to {}", settings.database.database_url))?;
        db.migrate().await.context("applying migrations")?;
        if settings.demo && seed_demo_if_empty(&db).await? {
            tracing::info!("demo data loaded into the empty database");
        }
        if let Some(dir) = &settings.static_dir
            && !dir.join("index.html").is_file()
        {
            anyhow::bail!(
                "--static-dir {} has no index.html: build the SPA first (cargo xtask run does)",
                dir.display()
            );
        }

        let signing_keys = signing_key::resolve(&db, settings.jwt_secret.as_ref(), clock.now())
            .await
            .context("loading the JWT signing key")?;

        let listener = TcpListener::bind(settings.bind)
            .with_context(|| format!("binding {}", settings.bind))?;
        let address = listener.local_addr()?;
        let state = web::Data::new(AppState {
            db: db.clone(),
            clock: clock.clone(),
            public_url: settings.public_url.clone(),
            signing_keys,
            secure_cookies: settings.public_url.scheme() == "https",
        });
        let route_settings = RouteSettings {
            static_dir: settings.static_dir.clone(),
            max_body_bytes: settings.max_body_bytes,
        };
        let server = HttpServer::new(move || {
            App::new()
                .wrap(routes::middleware::problem_for_every_error())
                .wrap(routes::middleware::security_headers())
                .wrap(actix_web::middleware::from_fn(routes::spa::cache_headers))
                .wrap(actix_web::middleware::Compress::default())
                .wrap(tracing_actix_web::TracingLogger::default())
                .app_data(state.clone())
                .configure(|config| routes::configure(config, &route_settings))
        })
        .shutdown_timeout(settings.shutdown_timeout_secs)
        .listen(listener)?
        .run();
        tracing::info!(
            backend = db.backend(),
            url = %format!("http://{address}"),
            "terminvergabe listening"
        );
        let background = waiting_times::spawn_daily_snapshots(db.clone(), clock);
        Ok(Application {
            port: address.port(),
            server,
            db,
            background,
        })
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    /// Serves until SIGTERM/SIGINT; in-flight requests get the shutdown timeout to finish.
    pub async fn run_until_stopped(self) -> anyhow::Result<()> {
        let served = self.server.await;
        self.background.abort();
        served?;
        self.db.close().await;
        tracing::info!("terminvergabe stopped");
        Ok(())
    }
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
