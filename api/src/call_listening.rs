//! The loop that feeds the process's [`CallFeed`] from PostgreSQL `LISTEN`: every call any
//! process sharing the database makes (this one's included) reaches this process's displays.

use crate::background::backoff;
use crate::call_feed::{CallFeed, FeedEvent};
use crate::store::Db;
use crate::store::call_queue::{CallListener, Heard};
use std::sync::Arc;
use tokio::sync::watch;

/// Feeds `feed` from PostgreSQL's `LISTEN` until `stopped` turns true; returns at once on
/// SQLite. A broken connection is made again with backoff, and the displays are told that
/// calls may have been missed.
pub async fn listen(db: Db, feed: CallFeed, mut stopped: watch::Receiver<bool>) {
    let mut failures: u32 = 0;
    loop {
        let listener = tokio::select! {
            _ = stopped.changed() => return,
            listener = db.call_listener() => listener,
        };
        match listener {
            Ok(None) => return,
            Ok(Some(listener)) => {
                failures = 0;
                if !relay(listener, &feed, &mut stopped).await {
                    return;
                }
            }
            Err(error) => {
                failures += 1;
                tracing::warn!(%error, "cannot listen for calls; the displays wait");
            }
        }
        feed.publish(FeedEvent::Gap);
        let wait = backoff(failures, chrono::Duration::seconds(30))
            .to_std()
            .unwrap_or_default();
        tokio::select! {
            _ = stopped.changed() => return,
            () = tokio::time::sleep(wait) => {}
        }
    }
}

/// Passes on what `listener` hears; false once `stopped` turned true, true when the
/// connection failed for good.
async fn relay(
    mut listener: CallListener,
    feed: &CallFeed,
    stopped: &mut watch::Receiver<bool>,
) -> bool {
    loop {
        let heard = tokio::select! {
            _ = stopped.changed() => return false,
            heard = listener.next() => heard,
        };
        match heard {
            Ok(Heard::Call(call)) => feed.publish(FeedEvent::Call(Arc::new(call))),
            Ok(Heard::Gap) => {
                tracing::warn!("lost the connection listening for calls; listening again");
                feed.publish(FeedEvent::Gap);
            }
            Err(error) => {
                tracing::warn!(%error, "listening for calls failed");
                return true;
            }
        }
    }
}
