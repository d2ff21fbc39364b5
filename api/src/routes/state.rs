//! What every request handler may use, and the settings the route table is built with.

use crate::auth::access_token::SigningKeys;
use crate::clock::Clock;
use crate::routes::answer_cache::AnswerCache;
use crate::scheduling::Context;
use crate::scheduling::links::Links;
use crate::store::Db;
use std::path::PathBuf;
use std::sync::Arc;

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
