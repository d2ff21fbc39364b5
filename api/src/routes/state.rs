//! What every request handler may use, and the settings the route table is built with.

use crate::auth::access_token::SigningKeys;
use crate::call_feed::CallFeed;
use crate::clock::Clock;
use crate::routes::answer_cache::AnswerCache;
use crate::scheduling::Context;
use crate::scheduling::links::Links;
use crate::store::Db;
use std::path::PathBuf;
use std::sync::Arc;
use tokio::sync::watch;

/// What every request handler may use.
#[derive(Debug)]
pub struct AppState {
    /// Committed write transactions wake the workers and count the metrics themselves (see
    /// `store::effects`).
    pub db: Db,
    pub clock: Arc<dyn Clock>,
    /// Where emails and calendar entries link to.
    pub links: Links,
    /// Signs and checks staff access tokens.
    pub signing_keys: SigningKeys,
    /// Staff cookies carry `Secure` when the public URL is https.
    pub secure_cookies: bool,
    /// Recent availability answers (see `routes::answer_cache`).
    pub answers: AnswerCache,
    pub streams: Streams,
}

/// What long-lived event streams need.
#[derive(Debug, Clone)]
pub struct Streams {
    /// The calls the displays hear.
    pub calls: CallFeed,
    /// Turns true when the process is asked to stop: streams end, so draining waits for none.
    pub closing: watch::Receiver<bool>,
}

impl AppState {
    /// The context of a use case run now.
    pub fn context(&self) -> Context<'_> {
        Context {
            now: self.clock.now(),
            links: &self.links,
        }
    }
}

/// Settings the route table needs while it is built (per worker).
#[derive(Debug, Clone)]
pub struct RouteSettings {
    pub static_dir: Option<PathBuf>,
    pub max_body_bytes: usize,
}
