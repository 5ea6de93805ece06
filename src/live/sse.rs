//! `GET /api/events`: the live event stream of the signed-in user, as Server-Sent Events.
//!
//! The stream opens with `ready` (its id: the newest event now), then carries `lead` events the
//! user may see. A browser that reconnects sends `Last-Event-ID` (EventSource does it by
//! itself) and first gets what it missed, from the database; if it missed too much, or fell
//! behind while connected, it gets `resync` and reloads what it shows. So no change is missed
//! and none is applied twice (ids only grow; the browser ignores ids it has seen).

use std::convert::Infallible;
use std::sync::Arc;
use std::time::Duration;

use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use futures_util::stream::{self, Stream, StreamExt};
use tokio::sync::broadcast::error::RecvError;
use tower_sessions::Session;
use tower_sessions::session::Id;
use tower_sessions::session_store::SessionStore;

use super::bus::Published;
use crate::auth::model::CurrentUser;
use crate::auth::permissions::sees_all_leads;
use crate::server::session_store::{
    DbSessionStore, LOADED_USER_KEY, SIGNED_IN_AT_KEY, USER_ID_KEY,
};
use crate::server::state::AppState;

/// At most this many missed events are replayed; beyond that the browser reloads instead.
const REPLAY_LIMIT: u64 = 500;

/// Whether `user` may hear of this event: managers of everything; a salesperson of their own
/// leads and the pool's, and of a lead that just left them (so it leaves their board too).
pub fn may_see(user: &CurrentUser, event: &Published) -> bool {
    if sees_all_leads(user.role) {
        return true;
    }
    let theirs = |owner: Option<i32>| owner.is_none() || owner == Some(user.id);
    theirs(event.owner) || theirs(event.prev_owner)
}

fn lead_event(published: &Published) -> Event {
    Event::default()
        .event("lead")
        .id(published.event.id.to_string())
        .data(&published.data)
}

/// What the stream still has to do.
enum Phase {
    Replay(std::vec::IntoIter<Published>),
    Live,
}

struct Feed {
    user: CurrentUser,
    /// Re-checks that the session and the user still stand; the stream ends when not.
    guard: SessionGuard,
    rx: tokio::sync::broadcast::Receiver<Arc<Published>>,
    closing: tokio::sync::watch::Receiver<bool>,
    /// The newest id sent (or known to the browser): anything not newer is a duplicate.
    last: i64,
    phase: Phase,
}

impl Feed {
    /// The next event to send, or None when the instance is shutting down.
    async fn next(mut self) -> Option<(Event, Feed)> {
        loop {
            if let Phase::Replay(rows) = &mut self.phase {
                match rows.next() {
                    Some(row) => {
                        self.last = row.event.id;
                        if may_see(&self.user, &row) {
                            return Some((lead_event(&row), self));
                        }
                        continue;
                    }
                    None => self.phase = Phase::Live,
                }
            }
            let received = tokio::select! {
                received = self.rx.recv() => Some(received),
                _ = self.closing.wait_for(|closing| *closing) => return None,
                _ = self.guard.tick.tick() => None,
            };
            let Some(received) = received else {
                if self.guard.still_stands(&self.user).await {
                    continue;
                }
                // Signed out, deactivated, another role or a new password: the browser
                // reconnects and gets 401, or a stream fit for the new role.
                return None;
            };
            match received {
                Ok(row) if row.event.id <= self.last => continue,
                Ok(row) => {
                    self.last = row.event.id;
                    if may_see(&self.user, &row) {
                        return Some((lead_event(&row), self));
                    }
                }
                Err(RecvError::Lagged(_)) => {
                    return Some((Event::default().event("resync").data("lagged"), self));
                }
                Err(RecvError::Closed) => return None,
            }
        }
    }
}

/// The session a stream was opened under, checked again every `AppState::live_recheck`.
struct SessionGuard {
    state: AppState,
    session: Option<Id>,
    tick: tokio::time::Interval,
}

impl SessionGuard {
    fn new(state: &AppState, session: Option<Id>) -> Self {
        let period = state.live_recheck;
        let mut tick = tokio::time::interval_at(tokio::time::Instant::now() + period, period);
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        SessionGuard {
            state: state.clone(),
            session,
            tick,
        }
    }

    /// The session is still in the store, for this user, within its lifetime, and the user is
    /// active with the same role. A database error counts as no: the browser reconnects.
    async fn still_stands(&self, user: &CurrentUser) -> bool {
        let Some(id) = self.session else {
            return false;
        };
        let store = DbSessionStore::new(self.state.db.clone());
        let Ok(Some(record)) = store.load(&id).await else {
            return false;
        };
        let uid = record.data.get(USER_ID_KEY).and_then(|v| v.as_i64());
        let since = record
            .data
            .get(SIGNED_IN_AT_KEY)
            .and_then(|v| v.as_i64())
            .and_then(|s| chrono::DateTime::from_timestamp(s, 0));
        let fresh = since.is_some_and(|s| chrono::Utc::now() - s <= self.state.max_session_age);
        if uid != Some(i64::from(user.id)) || !fresh {
            return false;
        }
        // The user as the same statement read them with the session.
        let now = record
            .data
            .get(LOADED_USER_KEY)
            .and_then(|v| serde_json::from_value::<Option<CurrentUser>>(v.clone()).ok())
            .flatten();
        now.is_some_and(|now| now.id == user.id && now.role == user.role)
    }
}

#[derive(serde::Deserialize)]
pub struct Resume {
    after: Option<i64>,
}

pub async fn events(
    State(state): State<AppState>,
    session: Session,
    headers: HeaderMap,
    axum::extract::Query(query): axum::extract::Query<Resume>,
) -> Response {
    let user = match signed_in(&state, &session).await {
        Some(user) => user,
        None => return StatusCode::UNAUTHORIZED.into_response(),
    };
    // Subscribe first, then look at the database: nothing falls between the two.
    let rx = state.bus.subscribe().await;
    let latest = state.bus.latest_id().await.unwrap_or(0);
    // A reconnecting EventSource sends the last id it saw; a fresh one may say where the data
    // it shows was read (`?after=`).
    let seen = headers
        .get("last-event-id")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<i64>().ok())
        .or(query.after);
    let mut opening = Vec::new();
    let phase = match seen {
        Some(seen) if seen < latest => match state.bus.since(seen, REPLAY_LIMIT).await {
            Ok(rows) if (rows.len() as u64) < REPLAY_LIMIT => Phase::Replay(rows.into_iter()),
            _ => {
                opening.push(Event::default().event("resync").data("too-far-behind"));
                Phase::Live
            }
        },
        _ => Phase::Live,
    };
    let last = match &phase {
        Phase::Replay(_) => seen.unwrap_or(latest),
        Phase::Live => latest,
    };
    opening.insert(
        0,
        Event::default()
            .event("ready")
            .id(latest.to_string())
            .data(""),
    );
    let feed = Feed {
        guard: SessionGuard::new(&state, session.id()),
        user,
        rx,
        closing: state.bus.closing(),
        last,
        phase,
    };
    let live = stream::unfold(feed, Feed::next);
    let all: std::pin::Pin<Box<dyn Stream<Item = Result<Event, Infallible>> + Send>> =
        Box::pin(stream::iter(opening).chain(live).map(Ok));
    Sse::new(all)
        .keep_alive(KeepAlive::new().interval(Duration::from_secs(15)))
        .into_response()
}

async fn signed_in(state: &AppState, session: &Session) -> Option<CurrentUser> {
    crate::server::auth::session_user(state, session)
        .await
        .ok()
        .flatten()
}
