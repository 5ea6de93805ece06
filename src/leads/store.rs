//! The lead core's storage (server only): what every feature that touches a lead shares —
//! its owner changes, its status history rows, its board lane, its search key, and the
//! names of people by id. Nothing here reads another feature: activities, assignment,
//! clients and imports sit above it, and so do the lead's own read models (`repo`).

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, Condition, ConnectionTrait, EntityTrait,
    QueryFilter, QuerySelect,
};

use super::closing::Disqualification;
use super::model::{LeadStatus, PersonRef, ValidLead};
use crate::live::model::EventKind;
use crate::server::entities::{app_user, lead, lead_assignment, lead_status_change};
use crate::server::ordering::Lane;

pub use crate::matching::name_key;

/// The stored search key of a lead with these fields.
pub fn lead_search_key(input: &ValidLead) -> String {
    crate::matching::search_key(crate::matching::KeyParts {
        first_name: &input.first_name,
        last_name: &input.last_name,
        company: &input.company,
        email: input.email.as_deref(),
        phone: input.phone.as_deref(),
        ico: input.ico.as_deref(),
        extra: "",
    })
}

/// A status column of the board, as a hand-ordered lane.
pub(crate) fn lane(status: LeadStatus) -> Lane<lead::Entity> {
    Lane {
        group: lead::Column::Status,
        value: status.code(),
        position: lead::Column::Position,
        id: lead::Column::Id,
    }
}

/// Gives the lead `current` to `to` (None: back to the pool) and records who did it (`by`;
/// None with a `rule_name`: a rule). A lead still in Nový moves to Přiřazený. Part of the
/// caller's transaction, which also writes the change's event (last); answers the lead's
/// status afterwards, and the event to commit with.
pub async fn set_owner(
    txn: &impl ConnectionTrait,
    current: &lead::Model,
    to: Option<i32>,
    by: Option<i32>,
    rule_name: Option<String>,
    now: DateTime<Utc>,
) -> Result<(LeadStatus, crate::live::outbox::Recorded), sea_orm::DbErr> {
    let status = change_owner(txn, current, to, by, rule_name, now).await?;
    let events = crate::live::outbox::record(
        txn,
        current.id,
        EventKind::Assigned,
        Some(current.owner_id),
        now,
    )
    .await?;
    Ok((status, events))
}

/// [`set_owner`] without the event: for a change whose transaction writes its own event at
/// the end (a new lead's `Created`, a conversion's `Converted`).
pub async fn change_owner(
    txn: &impl ConnectionTrait,
    current: &lead::Model,
    to: Option<i32>,
    by: Option<i32>,
    rule_name: Option<String>,
    now: DateTime<Utc>,
) -> Result<LeadStatus, sea_orm::DbErr> {
    let from = current.status;
    let mut update = lead::Entity::update_many()
        .col_expr(lead::Column::OwnerId, Expr::value(to))
        .filter(lead::Column::Id.eq(current.id));
    let status = if from == LeadStatus::New && to.is_some() {
        let position = lane(LeadStatus::Assigned).top(txn, current.id).await?;
        update = update
            .col_expr(
                lead::Column::Status,
                Expr::value(LeadStatus::Assigned.code()),
            )
            .col_expr(lead::Column::Position, Expr::value(position))
            .col_expr(lead::Column::StatusChangedAt, Expr::value(now));
        record_status_change(txn, current.id, Some(from), LeadStatus::Assigned, None, now).await?;
        LeadStatus::Assigned
    } else {
        from
    };
    update.exec(txn).await?;
    lead_assignment::ActiveModel {
        lead_id: Set(current.id),
        from_user_id: Set(current.owner_id),
        to_user_id: Set(to),
        assigned_by: Set(by),
        rule_name: Set(rule_name),
        assigned_at: Set(now),
        ..Default::default()
    }
    .insert(txn)
    .await?;
    Ok(status)
}

/// Names of the given people, by id (one query for a whole page of cards).
pub async fn people_by_id(
    db: &impl ConnectionTrait,
    mut ids: Vec<i32>,
) -> Result<HashMap<i32, PersonRef>, sea_orm::DbErr> {
    ids.sort_unstable();
    ids.dedup();
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    let rows: Vec<(i32, String)> = app_user::Entity::find()
        .select_only()
        .column(app_user::Column::Id)
        .column(app_user::Column::Name)
        .filter(app_user::Column::Id.is_in(ids))
        .into_tuple()
        .all(db)
        .await?;
    Ok(rows
        .into_iter()
        .map(|(id, name)| (id, PersonRef { id, name }))
        .collect())
}

pub(crate) async fn record_status_change(
    db: &impl ConnectionTrait,
    lead_id: i32,
    from: Option<LeadStatus>,
    to: LeadStatus,
    why: Option<&Disqualification>,
    now: DateTime<Utc>,
) -> Result<(), sea_orm::DbErr> {
    status_change_row(lead_id, from, to, why, now)
        .insert(db)
        .await
        .map(|_| ())
}

/// A status-history row (written one at a time above, or many at once by `create.rs`).
pub(crate) fn status_change_row(
    lead_id: i32,
    from: Option<LeadStatus>,
    to: LeadStatus,
    why: Option<&Disqualification>,
    now: DateTime<Utc>,
) -> lead_status_change::ActiveModel {
    lead_status_change::ActiveModel {
        lead_id: Set(lead_id),
        from_status: Set(from),
        to_status: Set(to),
        changed_at: Set(now),
        reason: Set(why.map(|d| d.reason)),
        note: Set(why.map(|d| d.note.clone())),
        ..Default::default()
    }
}

/// The condition "the stored search key contains every term of `q`" on `column`, or None
/// when `q` has nothing to look for (blank, or only punctuation: it must not match everything).
/// Leads, organisations and contacts search the same way (see [`crate::matching`]).
pub fn search_condition(column: impl ColumnTrait, q: &str) -> Option<Condition> {
    let terms = crate::matching::query_terms(q);
    if terms.is_empty() {
        return None;
    }
    Some(terms.iter().fold(Condition::all(), |all, term| {
        all.add(column.like(crate::matching::contains_pattern(term)))
    }))
}
