//! Assignment on the server: the rules engine run inside a new lead's transaction, manual
//! assignment and taking a lead, and the admin's list of rules.

use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseConnection,
    EntityTrait, QueryFilter, QueryOrder, QuerySelect, TransactionTrait,
};

use super::model::{RuleKind, RuleView, ValidRule, whose_turn};
use crate::auth::model::{CurrentUser, PersonRef, Role};
use crate::auth::permissions::{LeadAction, check_lead, visible_scope};
use crate::error::{AppError, Field, FieldError, FieldProblem};
use crate::leads::model::{LeadCard, LeadStatus, TransitionRefusal, ValidLead};
use crate::leads::repo::{card, claim_version, people_by_id, set_owner};
use crate::server::entities::{
    app_user, assignment_rule, assignment_rule_member, lead, product, user_product, user_region,
};

/// The first active rule that matches the new lead picks its owner. Answers the owner and
/// the rule's name, or None (the lead stays unassigned in Nový).
///
/// Runs in the lead's transaction. Bumping the rule's turn counter is a write that locks the
/// rule's row (PostgreSQL) or holds the database's write lock (SQLite) until the lead
/// commits, so leads created at the same moment take distinct turns: round-robin stays fair.
pub async fn pick_owner(
    txn: &impl ConnectionTrait,
    new_lead: &ValidLead,
    now: DateTime<Utc>,
) -> Result<Option<(PersonRef, String)>, sea_orm::DbErr> {
    let rules = assignment_rule::Entity::find()
        .filter(assignment_rule::Column::Active.eq(true))
        .order_by_asc(assignment_rule::Column::Position)
        .order_by_asc(assignment_rule::Column::Id)
        .all(txn)
        .await?;
    for rule in rules {
        let candidates = candidates(txn, &rule, new_lead).await?;
        if candidates.is_empty() {
            continue;
        }
        assignment_rule::Entity::update_many()
            .col_expr(
                assignment_rule::Column::Turn,
                Expr::col(assignment_rule::Column::Turn).add(1),
            )
            .col_expr(assignment_rule::Column::UpdatedAt, Expr::value(now))
            .filter(assignment_rule::Column::Id.eq(rule.id))
            .exec(txn)
            .await?;
        let turn: i64 = assignment_rule::Entity::find_by_id(rule.id)
            .select_only()
            .column(assignment_rule::Column::Turn)
            .into_tuple()
            .one(txn)
            .await?
            .unwrap_or(1);
        let ids: Vec<i32> = candidates.iter().map(|p| p.id).collect();
        if let Some(id) = whose_turn(&ids, turn) {
            let owner = candidates.into_iter().find(|p| p.id == id);
            return Ok(owner.map(|o| (o, rule.name)));
        }
    }
    Ok(None)
}

/// The active people a rule would choose from for this lead, sorted by id; empty when the
/// rule does not match it.
async fn candidates(
    txn: &impl ConnectionTrait,
    rule: &assignment_rule::Model,
    new_lead: &ValidLead,
) -> Result<Vec<PersonRef>, sea_orm::DbErr> {
    let Some(kind) = RuleKind::from_code(&rule.kind) else {
        return Ok(Vec::new());
    };
    let wanted = rule.match_value.as_deref();
    let members: Vec<i32> = assignment_rule_member::Entity::find()
        .select_only()
        .column(assignment_rule_member::Column::UserId)
        .filter(assignment_rule_member::Column::RuleId.eq(rule.id))
        .into_tuple()
        .all(txn)
        .await?;
    // Who must also cover the lead's region or product (None: no coverage needed).
    let covering: Option<Vec<i32>> = match kind {
        RuleKind::RoundRobin => None,
        RuleKind::Source => {
            if wanted != Some(new_lead.source.code()) {
                return Ok(Vec::new());
            }
            None
        }
        RuleKind::Region => {
            let Some(region) = new_lead.region.map(|r| r.code()) else {
                return Ok(Vec::new());
            };
            if wanted.is_some_and(|w| w != region) {
                return Ok(Vec::new());
            }
            Some(
                user_region::Entity::find()
                    .select_only()
                    .column(user_region::Column::UserId)
                    .filter(user_region::Column::Region.eq(region))
                    .into_tuple()
                    .all(txn)
                    .await?,
            )
        }
        RuleKind::Product => {
            let Some(product) = new_lead.product_id else {
                return Ok(Vec::new());
            };
            if wanted.is_some_and(|w| w != product.to_string()) {
                return Ok(Vec::new());
            }
            Some(
                user_product::Entity::find()
                    .select_only()
                    .column(user_product::Column::UserId)
                    .filter(user_product::Column::ProductId.eq(product))
                    .into_tuple()
                    .all(txn)
                    .await?,
            )
        }
    };
    // A rule that names both the kraj/product and the people is the admin's explicit choice:
    // those people, whatever their profile says. Coverage decides only when the rule leaves
    // the people (anyone covering it) or the value (each lead to whoever covers its own) open.
    let covering = if wanted.is_some() && !members.is_empty() {
        None
    } else {
        covering
    };
    let mut query = app_user::Entity::find()
        .select_only()
        .column(app_user::Column::Id)
        .column(app_user::Column::Name)
        .filter(app_user::Column::Active.eq(true))
        .order_by_asc(app_user::Column::Id);
    query = if members.is_empty() {
        // Region and product rules without named people: every salesperson who covers it.
        query.filter(app_user::Column::Role.eq(Role::Salesperson.code()))
    } else {
        query.filter(app_user::Column::Id.is_in(members))
    };
    if let Some(covering) = covering {
        query = query.filter(app_user::Column::Id.is_in(covering));
    }
    let rows: Vec<(i32, String)> = query.into_tuple().all(txn).await?;
    Ok(rows
        .into_iter()
        .map(|(id, name)| PersonRef { id, name })
        .collect())
}

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
    let scope = visible_scope(actor);
    let txn = db.begin().await?;
    claim_version(&txn, lead_id, None, scope, now).await?;
    let current = lead::Entity::find_by_id(lead_id)
        .one(&txn)
        .await?
        .ok_or(AppError::NotFound)?;
    check_lead(actor, current.owner_id, action)?;
    // Only now the person: a caller who may not assign this lead learns nothing of user ids.
    if let Some(to) = to {
        active_person(&txn, to).await?;
    }
    // A converted lead is history: it lives on as a client, whoever converted it.
    if current.status == LeadStatus::Converted.code() {
        return Err(AppError::Transition(TransitionRefusal::ConvertedIsFinal));
    }
    if current.owner_id != to {
        set_owner(&txn, &current, to, Some(actor.id), None, now).await?;
    }
    let card = card(
        &txn,
        lead_id,
        crate::auth::permissions::LeadScope::Everything,
    )
    .await?;
    txn.commit().await?;
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
            kind: RuleKind::from_code(&r.kind).unwrap_or(RuleKind::RoundRobin),
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
                .col_expr(assignment_rule::Column::Kind, Expr::value(rule.kind.code()))
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
                kind: Set(rule.kind.code().to_string()),
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
