//! Each app instance's event pump: it reads new rows of the `lead_event` outbox in id order and
//! hands them to this instance's subscribers. On PostgreSQL it wakes on the NOTIFY sent by the
//! committing transaction of any instance (and looks anyway every second, in case a
//! notification was lost with a dropped connection); SQLite has one instance and is polled
//! every 100 ms — one indexed query that usually finds nothing.

use std::sync::{Arc, Weak};
use std::time::Duration;

use sea_orm::{
    ColumnTrait, DatabaseConnection, DbBackend, EntityTrait, QueryFilter, QueryOrder, QuerySelect,
};
use tokio::sync::broadcast;

use super::model::LeadEvent;
use crate::server::entities::lead_event;

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
}

impl From<lead_event::Model> for Published {
    fn from(row: lead_event::Model) -> Self {
        Published {
            event: LeadEvent {
                id: row.id,
                lead_id: row.lead_id,
                kind: row.kind,
                version: row.version,
            },
            owner: row.owner_id,
            prev_owner: row.prev_owner_id,
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
        read_after(&self.db, after, limit).await
    }

    /// The id of the newest stored event (0 when there is none).
    pub async fn latest_id(&self) -> Result<i64, sea_orm::DbErr> {
        latest_id(&self.db).await
    }
}

async fn read_after(
    db: &DatabaseConnection,
    after: i64,
    limit: u64,
) -> Result<Vec<Published>, sea_orm::DbErr> {
    Ok(lead_event::Entity::find()
        .filter(lead_event::Column::Id.gt(after))
        .order_by_asc(lead_event::Column::Id)
        .limit(limit)
        .all(db)
        .await?
        .into_iter()
        .map(Published::from)
        .collect())
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

/// Waits for "something may have been written": a NOTIFY on PostgreSQL (or a second passing),
/// a short pause on SQLite.
struct Waker {
    listener: Option<sea_orm::sqlx::postgres::PgListener>,
    postgres: bool,
    db: DatabaseConnection,
}

impl Waker {
    async fn new(db: &DatabaseConnection) -> Self {
        let postgres = db.get_database_backend() == DbBackend::Postgres;
        let mut waker = Waker {
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
        match &mut self.listener {
            Some(listener) => {
                match tokio::time::timeout(Duration::from_secs(1), listener.recv()).await {
                    Ok(Ok(_)) | Err(_) => {}
                    Ok(Err(e)) => {
                        tracing::warn!(error = %e, "lead-event listener failed; reconnecting");
                        self.listener = None;
                    }
                }
            }
            None if self.postgres => {
                tokio::time::sleep(Duration::from_secs(1)).await;
                self.connect().await;
            }
            None => tokio::time::sleep(Duration::from_millis(100)).await,
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
            let rows = match read_after(&db, last, BATCH).await {
                Ok(rows) => rows,
                Err(e) => {
                    tracing::warn!(error = %e, "cannot read lead events");
                    break;
                }
            };
            let full = rows.len() as u64 == BATCH;
            for row in rows {
                last = row.event.id;
                // No subscriber is not an error: nobody is watching.
                let _ = inner.tx.send(Arc::new(row));
            }
            if !full {
                break;
            }
        }
    }
}
