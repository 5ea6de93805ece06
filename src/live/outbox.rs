//! Writing an event: inside the change's own transaction, as its last statement, so the event
//! exists exactly when the change committed. Each write answers a [`Recorded`], which only
//! [`commit`] takes: committing that way wakes this instance's pump at once (another
//! instance hears the NOTIFY on PostgreSQL, or polls).

use chrono::{DateTime, Utc};
use std::collections::HashMap;

use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseTransaction, DbBackend, EntityTrait, QueryFilter,
    QuerySelect, Statement, Value,
};

use super::model::EventKind;
use crate::server::entities::lead;

/// Advisory lock key that orders event writers on PostgreSQL (see [`record`]).
const EVENT_ORDER_LOCK: i64 = 0x4c45_4144; // "LEAD"
/// Events per INSERT: 6 values each stays far below SQLite's limit of bound values.
const EVENTS_PER_INSERT: usize = 1000;
/// The event's columns, in the order every INSERT here names them.
const COLUMNS: &str = "(lead_id, kind, owner_id, prev_owner_id, version, at)";

/// Proof that this transaction wrote events: hand it to [`commit`].
#[must_use = "commit with `live::outbox::commit`, which wakes this instance's pump"]
pub struct Recorded(());

impl Recorded {
    /// One proof for two writes in the same transaction.
    pub fn and(self, _other: Recorded) -> Recorded {
        self
    }
}

/// Commits a transaction that wrote events, then wakes this instance's pump: subscribers
/// hear of the change without waiting for a poll.
pub async fn commit(txn: DatabaseTransaction, _events: Recorded) -> Result<(), sea_orm::DbErr> {
    txn.commit().await?;
    super::bus::wake_local();
    Ok(())
}

/// Records that `lead_id` changed: call it last, right before the commit (whatever runs after
/// it on PostgreSQL runs under the ordering lock, and every writer waits for that). The lead's
/// owner and version are read as this transaction leaves them; `prev_owner` is the owner
/// before, when the change gave the lead to someone else (a salesperson who loses a lead must
/// hear that it left their board).
///
/// One statement: the row is copied from the lead as it stands, and on PostgreSQL the same
/// statement takes the ordering lock before the row gets its id and sends the NOTIFY.
///
/// Readers deliver events in id order and remember the last id, so a smaller id must never
/// commit after a larger one. SQLite has one writer at a time, so commit order is id order
/// already; on PostgreSQL a transaction-scoped advisory lock, taken right before the insert
/// and held through the commit, gives the same guarantee. The NOTIFY that wakes the other
/// instances is transactional too: it is delivered on commit, or never.
pub async fn record(
    txn: &impl ConnectionTrait,
    lead_id: i32,
    kind: EventKind,
    prev_owner: Option<Option<i32>>,
    now: DateTime<Utc>,
) -> Result<Recorded, sea_orm::DbErr> {
    let backend = txn.get_database_backend();
    // Bound in the order they appear (SQLite's `?` are positional).
    let mut values: Vec<Value> = vec![kind.code().into()];
    let prev = match prev_owner {
        Some(prev) => {
            values.push(prev.into());
            placeholder(backend, values.len())
        }
        None => "lead.owner_id".to_string(),
    };
    values.push(now.into());
    let at = placeholder(backend, values.len());
    values.push(lead_id.into());
    let select = format!(
        "SELECT lead.id, {}, lead.owner_id, {prev}, lead.version, {at} FROM {{ordered}} lead \
         WHERE lead.id = {}",
        placeholder(backend, 1),
        placeholder(backend, values.len()),
    );
    txn.execute_raw(Statement::from_sql_and_values(
        backend,
        ordered_insert(backend, "", &select),
        values,
    ))
    .await?;
    Ok(Recorded(()))
}

/// An event row to insert as given.
struct Row {
    lead_id: i32,
    kind: EventKind,
    owner: Option<i32>,
    prev_owner: Option<i32>,
    version: i32,
    at: DateTime<Utc>,
}

/// [`record`] for many leads at once, in the given order: one read, one INSERT per
/// `EVENTS_PER_INSERT` (an import step's leads).
pub async fn record_many(
    txn: &impl ConnectionTrait,
    lead_ids: &[i32],
    kind: EventKind,
    now: DateTime<Utc>,
) -> Result<Recorded, sea_orm::DbErr> {
    if lead_ids.is_empty() {
        return Ok(Recorded(()));
    }
    let now_as: HashMap<i32, (Option<i32>, i32)> = lead::Entity::find()
        .select_only()
        .column(lead::Column::Id)
        .column(lead::Column::OwnerId)
        .column(lead::Column::Version)
        .filter(lead::Column::Id.is_in(lead_ids.iter().copied()))
        .into_tuple::<(i32, Option<i32>, i32)>()
        .all(txn)
        .await?
        .into_iter()
        .map(|(id, owner, version)| (id, (owner, version)))
        .collect();
    let rows = lead_ids
        .iter()
        .filter_map(|id| {
            let (owner, version) = now_as.get(id)?;
            Some(Row {
                lead_id: *id,
                kind,
                owner: *owner,
                prev_owner: *owner,
                version: *version,
                at: now,
            })
        })
        .collect();
    write_rows(txn, rows).await
}

/// A lead as it was right before this transaction deleted it.
#[derive(Clone, Copy, Debug)]
pub struct RemovedLead {
    pub id: i32,
    pub owner: Option<i32>,
    pub version: i32,
}

/// Records that these leads were removed: like [`record`] (last, right before the commit),
/// one `Removed` event each, heard by whoever could see the lead. Their older events are
/// deleted with them (the caller does that before).
pub async fn record_removed(
    txn: &impl ConnectionTrait,
    removed: &[RemovedLead],
    now: DateTime<Utc>,
) -> Result<Recorded, sea_orm::DbErr> {
    let rows = removed
        .iter()
        .map(|lead| Row {
            lead_id: lead.id,
            kind: EventKind::Removed,
            owner: lead.owner,
            prev_owner: lead.owner,
            version: lead.version + 1,
            at: now,
        })
        .collect();
    write_rows(txn, rows).await
}

/// Inserts rows, in order, one statement per `EVENTS_PER_INSERT` (each ordered and notified
/// as [`ordered_insert`] says).
async fn write_rows(
    txn: &impl ConnectionTrait,
    mut rows: Vec<Row>,
) -> Result<Recorded, sea_orm::DbErr> {
    let backend = txn.get_database_backend();
    while !rows.is_empty() {
        let rest = rows.split_off(rows.len().min(EVENTS_PER_INSERT));
        let chunk = std::mem::replace(&mut rows, rest);
        let mut values: Vec<Value> = Vec::with_capacity(chunk.len() * 6);
        let mut tuples = Vec::with_capacity(chunk.len());
        for row in chunk {
            let first = values.len();
            values.extend([
                row.lead_id.into(),
                row.kind.code().into(),
                row.owner.into(),
                row.prev_owner.into(),
                row.version.into(),
                row.at.into(),
            ]);
            let marks: Vec<String> = (first + 1..=first + 6)
                .map(|n| placeholder(backend, n))
                .collect();
            tuples.push(format!("({})", marks.join(", ")));
        }
        let given = format!("WITH given{COLUMNS} AS (VALUES {}) ", tuples.join(", "));
        let select = "SELECT given.* FROM {ordered} given".to_string();
        txn.execute_raw(Statement::from_sql_and_values(
            backend,
            ordered_insert(backend, &given, &select),
            values,
        ))
        .await?;
    }
    Ok(Recorded(()))
}

/// The `n`th bound value (from 1) as the backend spells it.
fn placeholder(backend: DbBackend, n: usize) -> String {
    match backend {
        DbBackend::Postgres => format!("${n}"),
        _ => "?".to_string(),
    }
}

/// `INSERT INTO lead_event … <select>` as one statement. `{ordered}` in `select` marks where
/// its FROM list starts.
///
/// On PostgreSQL the FROM list starts with a one-row subquery that takes the ordering lock,
/// so every row's id (its default, drawn as the row is built) is drawn under the lock, and
/// the statement ends with the NOTIFY that wakes the other instances (delivered on commit,
/// or never). SQLite has one writer at a time: nothing to order, nobody to notify.
fn ordered_insert(backend: DbBackend, with: &str, select: &str) -> String {
    match backend {
        DbBackend::Postgres => {
            let select = select.replace(
                "{ordered}",
                &format!("(SELECT pg_advisory_xact_lock({EVENT_ORDER_LOCK})) AS ordered,"),
            );
            let with = match with.strip_prefix("WITH ") {
                Some(given) => format!("WITH {}, ", given.trim_end()),
                None => "WITH ".to_string(),
            };
            format!(
                "{with}inserted AS (INSERT INTO lead_event {COLUMNS} {select} RETURNING id) \
                 SELECT pg_notify('{}', '') WHERE EXISTS (SELECT 1 FROM inserted)",
                super::bus::CHANNEL
            )
        }
        _ => format!(
            "{with}INSERT INTO lead_event {COLUMNS} {}",
            select.replace("{ordered}", "")
        ),
    }
}
