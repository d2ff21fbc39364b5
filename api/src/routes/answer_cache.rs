//! A short-lived cache of the public availability answers.
//!
//! When a booking window opens, thousands of citizens (and bots) ask the same few questions
//! within seconds — "which days are free?", "which times on Monday?" — and each answer reads the
//! office's capacity ledger over the whole horizon. An answer computed once is served again
//! while all of these hold:
//!
//! - no write transaction has committed in this process since (a booking, a cancellation, a
//!   configuration change: [`Db::committed_writes`]), so whatever happens here is visible at
//!   once;
//! - the app clock is less than [`FRESH_FOR`] past the instant it was computed for, so holds
//!   lapsing and times passing their notice show within that;
//! - it is younger than [`FRESH_FOR`] in real time, which bounds how long a change made by
//!   another server process sharing the PostgreSQL database stays unseen.
//!
//! When an answer is missing, one request per question computes it and the others asking the
//! same question wait for it ([`AnswerCache::turn`]) instead of all reading the ledger at once.
//!
//! Only answers are cached, never decisions: a booking reads the ledger in its own transaction
//! and the database refuses any claim beyond capacity.

use crate::store::Db;
use actix_web::HttpResponse;
use actix_web::http::header;
use actix_web::web::Bytes;
use chrono::{DateTime, Utc};
use std::collections::HashMap;
use std::sync::{Arc, Mutex, Weak};
use std::time::{Duration, Instant};

/// How long an answer may be served after it was computed (app clock and real time).
pub const FRESH_FOR: Duration = Duration::from_secs(1);

/// Most bytes of answer bodies kept at once; beyond that the oldest answers are dropped.
const MAX_BYTES: usize = 4 * 1024 * 1024;

/// A successful JSON answer, ready to be sent any number of times.
#[derive(Debug, Clone)]
pub struct Answer {
    body: Bytes,
    headers: Vec<(&'static str, String)>,
}

impl Answer {
    /// Serialises `value` as the JSON body, with extra response headers.
    pub fn json(
        value: &impl serde::Serialize,
        headers: Vec<(&'static str, String)>,
    ) -> serde_json::Result<Answer> {
        Ok(Answer {
            body: Bytes::from(serde_json::to_vec(value)?),
            headers,
        })
    }

    pub fn to_response(&self) -> HttpResponse {
        let mut response = HttpResponse::Ok();
        response.insert_header(header::ContentType::json());
        for (name, value) in &self.headers {
            response.insert_header((*name, value.as_str()));
        }
        response.body(self.body.clone())
    }
}

/// What an answer was computed from: the writes committed before its data was read, and the
/// app clock's instant it describes. Take it *before* reading.
#[derive(Debug, Clone, Copy)]
pub struct Basis {
    writes: u64,
    now: DateTime<Utc>,
}

impl Basis {
    pub fn now(db: &Db, now: DateTime<Utc>) -> Basis {
        Basis {
            writes: db.committed_writes(),
            now,
        }
    }
}

#[derive(Debug)]
struct Entry {
    answer: Answer,
    basis: Basis,
    stored: Instant,
}

impl Entry {
    fn serves(&self, basis: &Basis) -> bool {
        let clock_distance = basis.now.signed_duration_since(self.basis.now).abs();
        self.basis.writes == basis.writes
            && clock_distance
                .to_std()
                .is_ok_and(|distance| distance < FRESH_FOR)
            && self.stored.elapsed() < FRESH_FOR
    }
}

/// Answers by request (path, query, language, portal), bounded in size.
#[derive(Debug, Default)]
pub struct AnswerCache {
    entries: Mutex<Entries>,
    /// One lock per question being computed right now.
    flights: Mutex<HashMap<String, Weak<tokio::sync::Mutex<()>>>>,
}

/// The right to compute the answer to one question; others asking it wait until it is dropped.
pub type Turn = tokio::sync::OwnedMutexGuard<()>;

/// Questions being computed at once beyond which finished ones are forgotten.
const FLIGHTS_KEPT: usize = 256;

#[derive(Debug, Default)]
struct Entries {
    by_key: HashMap<String, Entry>,
    bytes: usize,
}

impl AnswerCache {
    /// The cached answer to `key`, if it is still true for `basis`.
    pub fn get(&self, key: &str, basis: &Basis) -> Option<Answer> {
        let entries = self
            .entries
            .lock()
            .unwrap_or_else(|poison| poison.into_inner());
        entries
            .by_key
            .get(key)
            .filter(|entry| entry.serves(basis))
            .map(|entry| entry.answer.clone())
    }

    /// Waits until no other request is computing the answer to `key`, and takes the turn.
    /// Look in the cache again afterwards: the request before may have left the answer.
    pub async fn turn(&self, key: &str) -> Turn {
        let lock = {
            let mut flights = self
                .flights
                .lock()
                .unwrap_or_else(|poison| poison.into_inner());
            if let Some(lock) = flights.get(key).and_then(Weak::upgrade) {
                lock
            } else {
                if flights.len() >= FLIGHTS_KEPT {
                    flights.retain(|_, lock| lock.strong_count() > 0);
                }
                let lock = Arc::new(tokio::sync::Mutex::new(()));
                flights.insert(key.to_owned(), Arc::downgrade(&lock));
                lock
            }
        };
        lock.lock_owned().await
    }

    /// Keeps `answer` to `key`, computed from `basis`.
    pub fn put(&self, key: String, basis: Basis, answer: Answer) {
        let size = key.len() + answer.body.len();
        if size > MAX_BYTES {
            return;
        }
        let mut entries = self
            .entries
            .lock()
            .unwrap_or_else(|poison| poison.into_inner());
        if entries.bytes + size > MAX_BYTES {
            entries.keep_only_serving(&basis);
        }
        if entries.bytes + size > MAX_BYTES {
            entries.by_key.clear();
            entries.bytes = 0;
        }
        let entry = Entry {
            answer,
            basis,
            stored: Instant::now(),
        };
        let body_len = entry.answer.body.len();
        match entries.by_key.insert(key, entry) {
            // Same key, so only the body's size changes.
            Some(replaced) => {
                entries.bytes = entries.bytes - replaced.answer.body.len() + body_len;
            }
            None => entries.bytes += size,
        }
    }
}

impl Entries {
    fn keep_only_serving(&mut self, basis: &Basis) {
        self.by_key.retain(|_, entry| entry.serves(basis));
        self.bytes = self
            .by_key
            .iter()
            .map(|(key, entry)| key.len() + entry.answer.body.len())
            .sum();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn basis(writes: u64, now: DateTime<Utc>) -> Basis {
        Basis { writes, now }
    }

    fn answer(text: &str) -> Answer {
        Answer::json(&text, Vec::new()).expect("a string serialises")
    }

    fn body(answer: &Answer) -> &[u8] {
        &answer.body
    }

    fn t0() -> DateTime<Utc> {
        "2026-11-30T07:00:00Z".parse().expect("instant")
    }

    #[test]
    fn an_answer_is_served_again_while_nothing_was_written() {
        let cache = AnswerCache::default();
        cache.put("days".into(), basis(3, t0()), answer("free"));
        let hit = cache.get("days", &basis(3, t0())).expect("served");
        assert_eq!(body(&hit), b"\"free\"");
        assert!(cache.get("times", &basis(3, t0())).is_none());
    }

    #[test]
    fn a_committed_write_makes_every_answer_stale() {
        let cache = AnswerCache::default();
        cache.put("days".into(), basis(3, t0()), answer("free"));
        assert!(cache.get("days", &basis(4, t0())).is_none());
    }

    #[test]
    fn an_answer_is_not_served_for_a_later_or_earlier_clock_beyond_its_freshness() {
        let cache = AnswerCache::default();
        cache.put("days".into(), basis(3, t0()), answer("free"));
        let later = t0() + chrono::TimeDelta::milliseconds(999);
        assert!(cache.get("days", &basis(3, later)).is_some());
        let earlier = t0() - chrono::TimeDelta::milliseconds(999);
        assert!(cache.get("days", &basis(3, earlier)).is_some());
        assert!(
            cache
                .get("days", &basis(3, t0() + chrono::TimeDelta::seconds(1)))
                .is_none()
        );
        assert!(
            cache
                .get("days", &basis(3, t0() - chrono::TimeDelta::seconds(1)))
                .is_none()
        );
    }

    #[test]
    fn the_cache_never_keeps_more_than_its_byte_budget() {
        let cache = AnswerCache::default();
        let big = "x".repeat(MAX_BYTES / 3);
        for round in 0..10 {
            cache.put(format!("key {round}"), basis(round, t0()), answer(&big));
            let entries = cache.entries.lock().expect("lock");
            assert!(entries.bytes <= MAX_BYTES, "{} bytes kept", entries.bytes);
            let counted: usize = entries
                .by_key
                .iter()
                .map(|(key, entry)| key.len() + entry.answer.body.len())
                .sum();
            assert_eq!(entries.bytes, counted);
        }
    }

    #[tokio::test]
    async fn only_one_request_at_a_time_computes_the_same_question() {
        let cache = Arc::new(AnswerCache::default());
        let first = cache.turn("days").await;
        let waiting = tokio::spawn({
            let cache = Arc::clone(&cache);
            async move {
                let _turn = cache.turn("days").await;
            }
        });
        let other_question = cache.turn("times").await;
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        assert!(
            !waiting.is_finished(),
            "the same question waits for the first"
        );
        drop(first);
        waiting.await.expect("the second gets its turn");
        drop(other_question);
    }

    #[test]
    fn replacing_an_answer_counts_only_the_new_body() {
        let cache = AnswerCache::default();
        cache.put("days".into(), basis(1, t0()), answer("a long answer"));
        cache.put("days".into(), basis(2, t0()), answer("short"));
        let entries = cache.entries.lock().expect("lock");
        assert_eq!(entries.bytes, "days".len() + "\"short\"".len());
    }
}
