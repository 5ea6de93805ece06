//! The HTTP side of the lookup (server only): one `reqwest` client per app instance with a
//! 3 s timeout, and an in-memory cache of answers.
//!
//! The cache is per instance on purpose: ARES data changes slowly, a miss costs one request
//! of well under a second, and instances behind one address simply each ask once a day. A
//! found company is kept [`FOUND_TTL_HOURS`], "no such IČO" [`NOT_FOUND_TTL_HOURS`];
//! timeouts and outages are not kept, so the next click tries again. At most
//! [`CACHE_CAPACITY`] entries: when full, the expired ones go, and if none has expired the
//! cache starts over (a day's worth of lookups by a sales team is far below that).

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use chrono::{DateTime, Utc};

use super::model::{AresFailure, CompanyFacts, FOUND_TTL_HOURS, NOT_FOUND_TTL_HOURS, TIMEOUT};

/// The most answers one instance keeps.
pub const CACHE_CAPACITY: usize = 10_000;

/// The most of ARES's answer that is read (a company's JSON is a few kilobytes).
const MAX_ANSWER_BYTES: usize = 1 << 20;

#[derive(Clone)]
pub struct AresClient {
    inner: Arc<Inner>,
}

struct Inner {
    http: reqwest::Client,
    /// `{base}/ekonomicke-subjekty/{ico}` is asked; no trailing slash.
    base_url: String,
    cache: Mutex<HashMap<String, Cached>>,
}

#[derive(Clone)]
struct Cached {
    until: DateTime<Utc>,
    answer: Result<CompanyFacts, AresFailure>,
}

impl AresClient {
    /// A client of the ARES REST API at `base_url`, waiting [`TIMEOUT`] for an answer.
    pub fn new(base_url: &str) -> Self {
        Self::with_timeout(base_url, TIMEOUT)
    }

    pub fn with_timeout(base_url: &str, timeout: Duration) -> Self {
        let http = reqwest::Client::builder()
            .timeout(timeout)
            .user_agent(concat!("Leady/", env!("CARGO_PKG_VERSION")))
            .build()
            // Only a broken TLS setup fails here; without a client every lookup says
            // "unavailable" instead of the app refusing to start.
            .unwrap_or_else(|err| {
                tracing::error!(error = %err, "cannot build the ARES HTTP client");
                reqwest::Client::new()
            });
        AresClient {
            inner: Arc::new(Inner {
                http,
                base_url: base_url.trim_end_matches('/').to_string(),
                cache: Mutex::new(HashMap::new()),
            }),
        }
    }

    /// The company with the IČO `ico` (eight digits, checked by the caller), from the cache
    /// while its answer is fresh at `now`, else from ARES.
    pub async fn lookup(&self, ico: &str, now: DateTime<Utc>) -> Result<CompanyFacts, AresFailure> {
        if let Some(answer) = self.cached(ico, now) {
            return answer;
        }
        let answer = self.ask(ico).await;
        let keep_hours = match &answer {
            Ok(_) => Some(FOUND_TTL_HOURS),
            Err(AresFailure::NotFound) => Some(NOT_FOUND_TTL_HOURS),
            Err(_) => None,
        };
        if let Some(hours) = keep_hours {
            self.remember(ico, now, chrono::Duration::hours(hours), answer.clone());
        }
        answer
    }

    fn cached(&self, ico: &str, now: DateTime<Utc>) -> Option<Result<CompanyFacts, AresFailure>> {
        let cache = self.inner.cache.lock().ok()?;
        cache
            .get(ico)
            .filter(|c| now < c.until)
            .map(|c| c.answer.clone())
    }

    fn remember(
        &self,
        ico: &str,
        now: DateTime<Utc>,
        keep: chrono::Duration,
        answer: Result<CompanyFacts, AresFailure>,
    ) {
        let Ok(mut cache) = self.inner.cache.lock() else {
            return;
        };
        if cache.len() >= CACHE_CAPACITY && !cache.contains_key(ico) {
            cache.retain(|_, c| now < c.until);
            if cache.len() >= CACHE_CAPACITY {
                cache.clear();
            }
        }
        cache.insert(
            ico.to_string(),
            Cached {
                until: now + keep,
                answer,
            },
        );
    }

    async fn ask(&self, ico: &str) -> Result<CompanyFacts, AresFailure> {
        let url = format!("{}/ekonomicke-subjekty/{ico}", self.inner.base_url);
        let mut response = self
            .inner
            .http
            .get(&url)
            .header(reqwest::header::ACCEPT, "application/json")
            .send()
            .await
            .map_err(failure)?;
        let status = response.status();
        // 404 is ARES's "NENALEZENO"; it answers 400 for an IČO it cannot look up at all.
        if status == reqwest::StatusCode::NOT_FOUND || status == reqwest::StatusCode::BAD_REQUEST {
            return Err(AresFailure::NotFound);
        }
        if !status.is_success() {
            tracing::warn!(%status, ico, "ARES answered with an error");
            return Err(AresFailure::Unavailable);
        }
        let mut body = Vec::new();
        while let Some(chunk) = response.chunk().await.map_err(failure)? {
            body.extend_from_slice(&chunk);
            if body.len() > MAX_ANSWER_BYTES {
                return Err(AresFailure::BadAnswer);
            }
        }
        super::response::parse_subject(&body, ico).inspect_err(|_| {
            tracing::warn!(ico, "ARES answered something that is not a company");
        })
    }
}

fn failure(err: reqwest::Error) -> AresFailure {
    if err.is_timeout() {
        AresFailure::Timeout
    } else {
        tracing::warn!(error = %err, "ARES could not be reached");
        AresFailure::Unavailable
    }
}
