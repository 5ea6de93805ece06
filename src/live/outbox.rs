//! Writing an event: inside the change's own transaction, as its last statement, so the event
//! exists exactly when the change committed.

use chrono::{DateTime, Utc};
use std::collections::HashMap;

use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, DbBackend, EntityTrait, QueryFilter,
    QuerySelect,
};

use super::model::EventKind;
use crate::server::entities::{lead, lead_event};

/// Advisory lock key that orders event writers on PostgreSQL (see [`record`]).
const EVENT_ORDER_LOCK: i64 = 0x4c45_4144; // "LEAD"
/// Events per INSERT: 7 values each stays far below SQLite's limit of bound values.
const EVENTS_PER_INSERT: usize = 1000;

/// Records that `lead_id` changed: call it last, right before the commit (whatever runs after
/// it on PostgreSQL runs under the ordering lock, and every writer waits for that). The lead's
/// owner and version are read as this transaction leaves them; `prev_owner` is the owner before, when the change gave the lead to someone
/// else (a salesperson who loses a lead must hear that it left their board).
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
) -> Result<(), sea_orm::DbErr> {
    let Some((owner, version)) = lead::Entity::find_by_id(lead_id)
        .select_only()
        .column(lead::Column::OwnerId)
        .column(lead::Column::Version)
        .into_tuple::<(Option<i32>, i32)>()
        .one(txn)
        .await?
    else {
        return Ok(());
    };
    write(
        txn,
        lead_event::ActiveModel {
            lead_id: Set(lead_id),
            kind: Set(kind),
            owner_id: Set(owner),
            prev_owner_id: Set(prev_owner.unwrap_or(owner)),
            version: Set(version),
            at: Set(now),
            ..Default::default()
        },
    )
    .await
}

/// [`record`] for many leads at once, in the given order: one read, one INSERT (an import
/// step's leads).
pub async fn record_many(
    txn: &impl ConnectionTrait,
    lead_ids: &[i32],
    kind: EventKind,
    now: DateTime<Utc>,
) -> Result<(), sea_orm::DbErr> {
    if lead_ids.is_empty() {
        return Ok(());
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
    let events: Vec<lead_event::ActiveModel> = lead_ids
        .iter()
        .filter_map(|id| {
            let (owner, version) = now_as.get(id)?;
            Some(lead_event::ActiveModel {
                lead_id: Set(*id),
                kind: Set(kind),
                owner_id: Set(*owner),
                prev_owner_id: Set(*owner),
                version: Set(*version),
                at: Set(now),
                ..Default::default()
            })
        })
        .collect();
    write_all(txn, events).await
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
) -> Result<(), sea_orm::DbErr> {
    let events = removed
        .iter()
        .map(|lead| lead_event::ActiveModel {
            lead_id: Set(lead.id),
            kind: Set(EventKind::Removed),
            owner_id: Set(lead.owner),
            prev_owner_id: Set(lead.owner),
            version: Set(lead.version + 1),
            at: Set(now),
            ..Default::default()
        })
        .collect();
    write_all(txn, events).await
}

/// Inserts one event under the ordering lock (PostgreSQL) and wakes the other instances.
async fn write(
    txn: &impl ConnectionTrait,
    event: lead_event::ActiveModel,
) -> Result<(), sea_orm::DbErr> {
    write_all(txn, vec![event]).await
}

/// Inserts events, in order, under the ordering lock (PostgreSQL), with one statement per
/// `EVENTS_PER_INSERT`, and wakes the other instances once.
async fn write_all(
    txn: &impl ConnectionTrait,
    mut events: Vec<lead_event::ActiveModel>,
) -> Result<(), sea_orm::DbErr> {
    if events.is_empty() {
        return Ok(());
    }
    let postgres = txn.get_database_backend() == DbBackend::Postgres;
    if postgres {
        txn.execute_unprepared(&format!("SELECT pg_advisory_xact_lock({EVENT_ORDER_LOCK})"))
            .await?;
    }
    while !events.is_empty() {
        let rest = events.split_off(events.len().min(EVENTS_PER_INSERT));
        lead_event::Entity::insert_many(std::mem::replace(&mut events, rest))
            .exec_without_returning(txn)
            .await?;
    }
    if postgres {
        txn.execute_unprepared(&format!("NOTIFY {}", super::bus::CHANNEL))
            .await?;
    }
    Ok(())
}
