//! Assignment on the server: manual assignment and taking a lead, and the admin's list of
//! rules. The rules engine run on new leads is in `picker.rs`.

use chrono::{DateTime, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseConnection,
    EntityTrait, QueryFilter, QueryOrder, QuerySelect, TransactionTrait,
};

use super::model::{RuleKind, RuleView, ValidRule};
use crate::auth::model::{CurrentUser, PersonRef};
use crate::auth::permissions::LeadAction;
use crate::error::{AppError, Field, FieldError, FieldProblem};
use crate::leads::model::LeadCard;
use crate::leads::repo::card;
use crate::leads::scope::{claim_lead, refuse_converted};
use crate::leads::store::{people_by_id, set_owner};
use crate::server::entities::{app_user, assignment_rule, assignment_rule_member, product};

/// An active user, or the field error an assignment to them earns.
async fn active_person(db: &impl ConnectionTrait, id: i32) -> Result<(), AppError> {
    let active = app_user::Entity::find_by_id(id)
        .one(db)
        .await?
        .is_some_and(|u| u.active);
    if active {
        Ok(())
    } else {
        Err(AppError::Invalid(vec![FieldError::new(
            Field::Owner,
            FieldProblem::InactiveUser,
        )]))
    }
}

/// Gives a lead to `to` (None: back to the pool). A salesperson may only take a pool lead
/// for themselves; managers and admins may give any lead to anyone active.
pub async fn assign_lead(
    db: &DatabaseConnection,
    actor: &CurrentUser,
    lead_id: i32,
    to: Option<i32>,
    now: DateTime<Utc>,
) -> Result<LeadCard, AppError> {
    let action = if to == Some(actor.id) {
        LeadAction::Take
    } else {
        LeadAction::Assign
    };
    let txn = db.begin().await?;
    let current = claim_lead(&txn, actor, lead_id, None, action, now).await?;
    // Only now the person: a caller who may not assign this lead learns nothing of user ids.
    if let Some(to) = to {
        active_person(&txn, to).await?;
    }
    // A converted lead is history: it lives on as a client, whoever converted it.
    refuse_converted(&current)?;
    let events = if current.owner_id != to {
        Some(
            set_owner(&txn, &current, to, Some(actor.id), None, now)
                .await?
                .1,
        )
    } else {
        None
    };
    let card = card(
        &txn,
        lead_id,
        crate::auth::permissions::LeadScope::Everything,
    )
    .await?;
    match events {
        Some(events) => crate::live::outbox::commit(txn, events).await?,
        None => txn.commit().await?,
    }
    Ok(card)
}

/// Active people leads can be given to, by name.
pub async fn assignees(db: &DatabaseConnection) -> Result<Vec<PersonRef>, AppError> {
    let rows: Vec<(i32, String)> = app_user::Entity::find()
        .select_only()
        .column(app_user::Column::Id)
        .column(app_user::Column::Name)
        .filter(app_user::Column::Active.eq(true))
        .order_by_asc(app_user::Column::Name)
        .order_by_asc(app_user::Column::Id)
        .into_tuple()
        .all(db)
        .await?;
    Ok(rows
        .into_iter()
        .map(|(id, name)| PersonRef { id, name })
        .collect())
}

/// Every rule in the order they are tried.
pub async fn list_rules(db: &DatabaseConnection) -> Result<Vec<RuleView>, AppError> {
    let rules = assignment_rule::Entity::find()
        .order_by_asc(assignment_rule::Column::Position)
        .order_by_asc(assignment_rule::Column::Id)
        .all(db)
        .await?;
    let members = assignment_rule_member::Entity::find().all(db).await?;
    let people = people_by_id(db, members.iter().map(|m| m.user_id).collect()).await?;
    Ok(rules
        .into_iter()
        .map(|r| RuleView {
            id: r.id,
            kind: r.kind,
            name: r.name,
            match_value: r.match_value,
            active: r.active,
            members: members
                .iter()
                .filter(|m| m.rule_id == r.id)
                .filter_map(|m| people.get(&m.user_id).cloned())
                .collect(),
        })
        .collect())
}

/// Creates (at the end of the list) or updates a rule with its people.
pub async fn save_rule(
    db: &DatabaseConnection,
    rule: ValidRule,
    now: DateTime<Utc>,
) -> Result<i32, AppError> {
    for id in &rule.members {
        active_person(db, *id).await.map_err(|_| {
            AppError::Invalid(vec![FieldError::new(
                Field::Members,
                FieldProblem::InactiveUser,
            )])
        })?;
    }
    if rule.kind == RuleKind::Product
        && let Some(value) = &rule.match_value
    {
        let exists = match value.parse::<i32>() {
            Ok(id) => product::Entity::find_by_id(id).one(db).await?.is_some(),
            Err(_) => false,
        };
        if !exists {
            return Err(AppError::Invalid(vec![FieldError::new(
                Field::RuleValue,
                FieldProblem::UnknownChoice,
            )]));
        }
    }
    let txn = db.begin().await?;
    let id = match rule.id {
        Some(id) => {
            let updated = assignment_rule::Entity::update_many()
                .col_expr(
                    assignment_rule::Column::Name,
                    Expr::value(rule.name.clone()),
                )
                .col_expr(assignment_rule::Column::Kind, Expr::value(rule.kind))
                .col_expr(
                    assignment_rule::Column::MatchValue,
                    Expr::value(rule.match_value.clone()),
                )
                .col_expr(assignment_rule::Column::Active, Expr::value(rule.active))
                .col_expr(assignment_rule::Column::UpdatedAt, Expr::value(now))
                .filter(assignment_rule::Column::Id.eq(id))
                .exec(&txn)
                .await?;
            if updated.rows_affected == 0 {
                return Err(AppError::NotFound);
            }
            assignment_rule_member::Entity::delete_many()
                .filter(assignment_rule_member::Column::RuleId.eq(id))
                .exec(&txn)
                .await?;
            id
        }
        None => {
            let inserted = assignment_rule::ActiveModel {
                name: Set(rule.name.clone()),
                position: Set(0),
                kind: Set(rule.kind),
                match_value: Set(rule.match_value.clone()),
                active: Set(rule.active),
                turn: Set(0),
                created_at: Set(now),
                updated_at: Set(now),
                ..Default::default()
            }
            .insert(&txn)
            .await?;
            let last: Option<i32> = assignment_rule::Entity::find()
                .select_only()
                .column_as(assignment_rule::Column::Position.max(), "p")
                .into_tuple::<Option<i32>>()
                .one(&txn)
                .await?
                .flatten();
            assignment_rule::Entity::update_many()
                .col_expr(
                    assignment_rule::Column::Position,
                    Expr::value(last.unwrap_or(0) + 1),
                )
                .filter(assignment_rule::Column::Id.eq(inserted.id))
                .exec(&txn)
                .await?;
            inserted.id
        }
    };
    if !rule.members.is_empty() {
        assignment_rule_member::Entity::insert_many(rule.members.iter().map(|user_id| {
            assignment_rule_member::ActiveModel {
                rule_id: Set(id),
                user_id: Set(*user_id),
            }
        }))
        .exec(&txn)
        .await?;
    }
    txn.commit().await?;
    Ok(id)
}

pub async fn delete_rule(db: &DatabaseConnection, id: i32) -> Result<(), AppError> {
    let deleted = assignment_rule::Entity::delete_by_id(id).exec(db).await?;
    if deleted.rows_affected == 0 {
        return Err(AppError::NotFound);
    }
    Ok(())
}

/// Swaps a rule with its neighbour above (`up`) or below; at either end nothing changes.
/// Positions are renumbered 1..n on the way, so gaps and ties never build up.
pub async fn move_rule(
    db: &DatabaseConnection,
    id: i32,
    up: bool,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let txn = db.begin().await?;
    // First a write (see leads::repo on SQLite): touch the rule, which also proves it exists.
    let touched = assignment_rule::Entity::update_many()
        .col_expr(assignment_rule::Column::UpdatedAt, Expr::value(now))
        .filter(assignment_rule::Column::Id.eq(id))
        .exec(&txn)
        .await?;
    if touched.rows_affected == 0 {
        return Err(AppError::NotFound);
    }
    let mut ids: Vec<i32> = assignment_rule::Entity::find()
        .select_only()
        .column(assignment_rule::Column::Id)
        .order_by_asc(assignment_rule::Column::Position)
        .order_by_asc(assignment_rule::Column::Id)
        .into_tuple()
        .all(&txn)
        .await?;
    if let Some(i) = ids.iter().position(|r| *r == id) {
        let j = if up { i.checked_sub(1) } else { Some(i + 1) };
        if let Some(j) = j.filter(|j| *j < ids.len()) {
            ids.swap(i, j);
        }
    }
    for (position, rule) in ids.into_iter().enumerate() {
        assignment_rule::Entity::update_many()
            .col_expr(
                assignment_rule::Column::Position,
                Expr::value(position as i32 + 1),
            )
            .filter(assignment_rule::Column::Id.eq(rule))
            .exec(&txn)
            .await?;
    }
    txn.commit().await?;
    Ok(())
}
