//! What the background loops of `serve` share — the delivery workers and the periodic jobs:
//! how they wait between rounds and back off after failures, and how a committed transaction
//! wakes them ([`Announcer`], the process's `CommitListener`, which also counts the metrics).

use crate::call_feed::{CallFeed, FeedEvent};
use crate::metrics::Metrics;
use crate::store::effects::{CommitListener, Effects};
use chrono::Duration;
use std::sync::Arc;
use tokio::sync::{Notify, watch};

/// The wait between two rounds of a background loop: `interval`, cut short by `wake`. False
/// once `shutdown` turned true, so the loop ends.
pub async fn pause(
    interval: std::time::Duration,
    wake: Option<&Notify>,
    shutdown: &mut watch::Receiver<bool>,
) -> bool {
    let woken = async {
        match wake {
            Some(wake) => wake.notified().await,
            None => std::future::pending().await,
        }
    };
    tokio::select! {
        _ = shutdown.changed() => return false,
        () = woken => {}
        () = tokio::time::sleep(interval) => {}
    }
    !*shutdown.borrow()
}

/// The wait before attempt `attempt + 1`: 2, 4, 8, … seconds, at most `cap`.
pub fn backoff(attempt: u32, cap: Duration) -> Duration {
    let seconds = 2_i64.saturating_pow(attempt.min(30));
    Duration::seconds(seconds).min(cap)
}

/// The signals that wake the delivery workers.
#[derive(Debug, Clone, Default)]
pub struct Wakes {
    pub mail: Arc<Notify>,
    pub webhooks: Arc<Notify>,
}

/// Hears what each committed transaction did: wakes the workers that have work now, tells
/// the displays of calls and counts the metrics.
#[derive(Debug)]
pub struct Announcer {
    pub wakes: Wakes,
    pub metrics: Metrics,
    /// Where calls go when this process's commits are the only source (SQLite); on
    /// PostgreSQL `call_feed::listen` hears every process's calls, this one's included.
    pub calls: Option<CallFeed>,
}

impl CommitListener for Announcer {
    fn committed(&self, effects: &Effects) {
        if effects.mail_queued {
            self.wakes.mail.notify_one();
        }
        if effects.webhook_events_queued {
            self.wakes.webhooks.notify_one();
        }
        if let Some(feed) = &self.calls {
            for call in &effects.calls {
                feed.publish(FeedEvent::Call(Arc::new(call.clone())));
            }
        }
        self.metrics.count(effects);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::effects::CallMade;

    #[test]
    fn backoff_doubles_and_stops_at_the_cap() {
        let cap = Duration::minutes(1);
        assert_eq!(backoff(1, cap), Duration::seconds(2));
        assert_eq!(backoff(3, cap), Duration::seconds(8));
        assert_eq!(backoff(6, cap), Duration::seconds(60));
        assert_eq!(backoff(40, cap), Duration::seconds(60));
    }

    #[tokio::test]
    async fn a_commit_that_queued_mail_wakes_the_mail_worker_only() {
        let announcer = Announcer {
            wakes: Wakes::default(),
            metrics: Metrics::new().unwrap(),
            calls: None,
        };
        let mail = announcer.wakes.mail.clone();
        let webhooks = announcer.wakes.webhooks.clone();
        announcer.committed(&Effects {
            mail_queued: true,
            ..Effects::default()
        });
        let woken = |notify: Arc<Notify>| async move {
            tokio::time::timeout(std::time::Duration::from_millis(50), notify.notified())
                .await
                .is_ok()
        };
        assert!(woken(mail).await);
        assert!(!woken(webhooks).await);
    }

    #[tokio::test]
    async fn a_commit_that_called_someone_tells_the_displays_when_commits_are_their_source() {
        let feed = CallFeed::default();
        let mut display = feed.subscribe().unwrap();
        let announcer = Announcer {
            wakes: Wakes::default(),
            metrics: Metrics::new().unwrap(),
            calls: Some(feed),
        };
        let call = CallMade {
            office_id: 7,
            call: shared::call_queue::DisplayCall {
                number: "A-017".into(),
                counter: "Schalter 3".into(),
                called_at: chrono::Utc::now().fixed_offset(),
            },
        };
        announcer.committed(&Effects {
            calls: vec![call.clone()],
            ..Effects::default()
        });
        match display.try_recv() {
            Ok(FeedEvent::Call(heard)) => assert_eq!(*heard, call),
            other => panic!("heard {other:?}"),
        }
    }
}
