//! Each app instance's event pump: it reads new rows of the `lead_event` outbox in id order and
//! hands them to this instance's subscribers. It wakes as soon as a transaction of this
//! process that wrote events has committed (`live::outbox::commit`); on PostgreSQL also on the
//! NOTIFY sent by the committing transaction of any other instance. It looks anyway every
//! second: for a notification lost with a dropped connection, and on SQLite for writes by
//! another process on the same file (`leady demo-data` while the server runs).
//!
//! The pump is the only task that fans out: a request that commits a change only bumps a
//! counter, after its commit, so waking a thousand streams costs the request nothing and
//! happens outside PostgreSQL's ordering lock.

use std::sync::{Arc, Weak};
use std::time::Duration;

use sea_orm::{
    ColumnTrait, DatabaseConnection, DbBackend, EntityTrait, QueryFilter, QueryOrder, QuerySelect,
};
use tokio::sync::broadcast;

use super::model::{EventKind, LeadEvent};
use crate::server::entities::lead_event;

/// Commits of this process that wrote events (a counter: each pump keeps its own place).
static LOCAL_COMMITS: std::sync::LazyLock<tokio::sync::watch::Sender<u64>> =
    std::sync::LazyLock::new(|| tokio::sync::watch::channel(0).0);

/// Wakes every pump of this process: a transaction that wrote events has committed. (Pumps of
/// other databases in the same process, as in the tests, look once and find nothing.)
pub(crate) fn wake_local() {
    LOCAL_COMMITS.send_modify(|n| *n = n.wrapping_add(1));
}

/// The PostgreSQL notification channel.
pub const CHANNEL: &str = "lead_events";
/// How many events a subscriber may fall behind before it is told to resynchronise.
const BUFFER: usize = 4096;
/// How many rows one read takes.
const BATCH: u64 = 1000;

/// An event with what decides who may see it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Published {
    pub event: LeadEvent,
    pub owner: Option<i32>,
    pub prev_owner: Option<i32>,
    /// The event as its stream sends it (JSON), written once for every subscriber.
    pub data: String,
}

impl Published {
    fn new(event: LeadEvent, owner: Option<i32>, prev_owner: Option<i32>) -> Self {
        Published {
            data: serde_json::to_string(&event).unwrap_or_default(),
            event,
            owner,
            prev_owner,
        }
    }
}

struct Inner {
    tx: broadcast::Sender<Arc<Published>>,
    /// True once the instance is stopping: open streams end.
    closing: tokio::sync::watch::Sender<bool>,
}

/// This instance's events. Cloning shares it; the pump stops when the last clone is gone.
#[derive(Clone)]
pub struct EventBus {
    inner: Arc<Inner>,
    db: DatabaseConnection,
    /// True once the pump knows where the stored events end; subscribing before that could
    /// miss an event committed in between.
    ready: tokio::sync::watch::Receiver<bool>,
}

impl EventBus {
    /// Starts the pump after the newest event already stored: subscribers get what happens
    /// from now on (and replay older events from the database with [`EventBus::since`]).
    pub fn start(db: DatabaseConnection) -> Self {
        let (tx, _) = broadcast::channel(BUFFER);
        let (closing, _) = tokio::sync::watch::channel(false);
        let inner = Arc::new(Inner { tx, closing });
        let (ready_tx, ready) = tokio::sync::watch::channel(false);
        tokio::spawn(pump(Arc::downgrade(&inner), db.clone(), ready_tx));
        EventBus { inner, db, ready }
    }

    /// Events from now on. Waits (briefly, once) until the pump has started.
    pub async fn subscribe(&self) -> broadcast::Receiver<Arc<Published>> {
        let mut ready = self.ready.clone();
        let _ = ready.wait_for(|started| *started).await;
        self.inner.tx.subscribe()
    }

    /// Becomes true when the instance stops (see [`EventBus::close`]).
    pub fn closing(&self) -> tokio::sync::watch::Receiver<bool> {
        self.inner.closing.subscribe()
    }

    /// Ends every open stream of this instance: it is stopping.
    pub fn close(&self) {
        self.inner.closing.send_replace(true);
    }

    /// Stored events after `after`, oldest first, at most `limit`.
    pub async fn since(&self, after: i64, limit: u64) -> Result<Vec<Published>, sea_orm::DbErr> {
        Ok(read_after(&self.db, after, limit).await?.events)
    }

    /// The id of the newest stored event (0 when there is none).
    pub async fn latest_id(&self) -> Result<i64, sea_orm::DbErr> {
        latest_id(&self.db).await
    }
}

/// A stored event as read, its kind still the stored text.
type EventRow = (i64, i32, String, Option<i32>, Option<i32>, i32);

/// What one read found: the events, and how many rows it read up to which id (a skipped row
/// counts: the pump goes past it).
struct Read {
    events: Vec<Published>,
    rows: usize,
    last: Option<i64>,
}

async fn read_after(
    db: &DatabaseConnection,
    after: i64,
    limit: u64,
) -> Result<Read, sea_orm::DbErr> {
    let rows: Vec<EventRow> = lead_event::Entity::find()
        .select_only()
        .columns([
            lead_event::Column::Id,
            lead_event::Column::LeadId,
            lead_event::Column::Kind,
            lead_event::Column::OwnerId,
            lead_event::Column::PrevOwnerId,
            lead_event::Column::Version,
        ])
        .filter(lead_event::Column::Id.gt(after))
        .order_by_asc(lead_event::Column::Id)
        .limit(limit)
        .into_tuple()
        .all(db)
        .await?;
    // The kind is read as text and checked here, row by row: one row of a kind this build
    // does not know is an error to log and to skip, not a reason to stop every live update
    // (nor a default that would tell the browsers something that did not happen).
    let (count, last) = (rows.len(), rows.last().map(|row| row.0));
    let events = rows
        .into_iter()
        .filter_map(|(id, lead_id, kind, owner, prev_owner, version)| {
            let Some(kind) = EventKind::from_code(&kind) else {
                tracing::error!(id, lead_id, kind, "lead event of an unknown kind: skipped");
                return None;
            };
            let event = LeadEvent {
                id,
                lead_id,
                kind,
                version,
            };
            Some(Published::new(event, owner, prev_owner))
        })
        .collect();
    Ok(Read {
        events,
        rows: count,
        last,
    })
}

/// The id of the newest stored event (0 when there is none).
pub async fn latest_id(db: &DatabaseConnection) -> Result<i64, sea_orm::DbErr> {
    Ok(lead_event::Entity::find()
        .select_only()
        .column_as(lead_event::Column::Id.max(), "id")
        .into_tuple::<Option<i64>>()
        .one(db)
        .await?
        .flatten()
        .unwrap_or(0))
}

/// How long the pump waits at most before it looks anyway.
const FALLBACK_POLL: Duration = Duration::from_secs(1);

/// Waits for "something may have been written": a local commit, a NOTIFY on PostgreSQL, or a
/// second passing.
struct Waker {
    local: tokio::sync::watch::Receiver<u64>,
    listener: Option<sea_orm::sqlx::postgres::PgListener>,
    postgres: bool,
    db: DatabaseConnection,
}

impl Waker {
    async fn new(db: &DatabaseConnection) -> Self {
        let postgres = db.get_database_backend() == DbBackend::Postgres;
        let mut waker = Waker {
            local: LOCAL_COMMITS.subscribe(),
            listener: None,
            postgres,
            db: db.clone(),
        };
        waker.connect().await;
        waker
    }

    async fn connect(&mut self) {
        if !self.postgres {
            return;
        }
        // Its own connection: a listener keeps the connection it takes for good, and one
        // taken from the app's pool would leave the requests one connection short.
        let options = (*self.db.get_postgres_connection_pool().connect_options()).clone();
        let own = sea_orm::sqlx::postgres::PgPoolOptions::new()
            .max_connections(1)
            .connect_lazy_with(options);
        match sea_orm::sqlx::postgres::PgListener::connect_with(&own).await {
            Ok(mut listener) => match listener.listen(CHANNEL).await {
                Ok(()) => self.listener = Some(listener),
                Err(e) => tracing::warn!(error = %e, "cannot LISTEN for lead events"),
            },
            Err(e) => tracing::warn!(error = %e, "cannot open the lead-event listener"),
        }
    }

    async fn wait(&mut self) {
        // A commit seen while the pump was reading counts: `changed` remembers it.
        let local = &mut self.local;
        let from_local = async move {
            let _ = local.changed().await;
        };
        match &mut self.listener {
            Some(listener) => {
                tokio::select! {
                    _ = from_local => {}
                    heard = tokio::time::timeout(FALLBACK_POLL, listener.recv()) => {
                        if let Ok(Err(e)) = heard {
                            tracing::warn!(error = %e, "lead-event listener failed; reconnecting");
                            self.listener = None;
                        }
                    }
                }
            }
            None => {
                tokio::select! {
                    _ = from_local => {}
                    _ = tokio::time::sleep(FALLBACK_POLL) => {
                        if self.postgres {
                            self.connect().await;
                        }
                    }
                }
            }
        }
    }
}

async fn pump(bus: Weak<Inner>, db: DatabaseConnection, ready: tokio::sync::watch::Sender<bool>) {
    let mut waker = Waker::new(&db).await;
    let mut last = match latest_id(&db).await {
        Ok(id) => id,
        Err(e) => {
            tracing::error!(error = %e, "cannot read lead events; live updates are off");
            return;
        }
    };
    let _ = ready.send(true);
    loop {
        waker.wait().await;
        let Some(inner) = bus.upgrade() else {
            return;
        };
        // Keep reading while full batches come: a burst drains before the next wait.
        loop {
            let read = match read_after(&db, last, BATCH).await {
                Ok(read) => read,
                Err(e) => {
                    tracing::warn!(error = %e, "cannot read lead events");
                    break;
                }
            };
            let full = read.rows as u64 == BATCH;
            for event in read.events {
                // No subscriber is not an error: nobody is watching.
                let _ = inner.tx.send(Arc::new(event));
            }
            last = read.last.unwrap_or(last);
            if !full {
                break;
            }
        }
    }
}
