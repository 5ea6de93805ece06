//! Which leads a caller reaches, as SQL, and the start of every change to one lead in one
//! place: the version claim, the caller's right to change it, the refusal of a converted
//! lead (server only).

use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter};

use super::model::{LeadStatus, TransitionRefusal};
use crate::auth::model::CurrentUser;
use crate::auth::permissions::{LeadAction, LeadScope, check_lead, visible_scope};
use crate::error::AppError;
use crate::server::entities::lead;

/// The condition a query uses to stay within `scope`.
pub fn scope_condition(scope: LeadScope) -> Condition {
    match scope {
        LeadScope::Everything => Condition::all(),
        LeadScope::OwnedBy(id) => Condition::all().add(lead::Column::OwnerId.eq(id)),
        LeadScope::Unassigned => Condition::all().add(lead::Column::OwnerId.is_null()),
        LeadScope::OwnOrPool(id) => Condition::any()
            .add(lead::Column::OwnerId.is_null())
            .add(lead::Column::OwnerId.eq(id)),
    }
}

/// The first write of an update: bumps the version only if the caller saw the latest one
/// (`seen_version`; None: any) and the lead is within `scope`. Answers NotFound for a lead
/// that does not exist or is out of scope, and Stale for an outdated version — in that order,
/// so a version probe tells nothing about a lead the caller may not see. Answers the lead as
/// the claim left it (UPDATE … RETURNING: no second read).
async fn claim_version(
    txn: &impl ConnectionTrait,
    id: i32,
    seen_version: Option<i32>,
    scope: LeadScope,
    now: DateTime<Utc>,
) -> Result<lead::Model, AppError> {
    let mut claim = lead::Entity::update_many()
        .col_expr(
            lead::Column::Version,
            Expr::col(lead::Column::Version).add(1),
        )
        .col_expr(lead::Column::UpdatedAt, Expr::value(now))
        .filter(lead::Column::Id.eq(id))
        .filter(scope_condition(scope));
    if let Some(seen) = seen_version {
        claim = claim.filter(lead::Column::Version.eq(seen));
    }
    if let Some(claimed) = claim.exec_with_returning(txn).await?.pop() {
        return Ok(claimed);
    }
    let exists = lead::Entity::find_by_id(id)
        .filter(scope_condition(scope))
        .one(txn)
        .await?
        .is_some();
    Err(if exists {
        AppError::Stale
    } else {
        AppError::NotFound
    })
}

/// The start of every change to one lead: claims its version (see `claim_version`), reads
/// it and checks that `user` may do `action` on it. NotFound outside the user's scope, Stale
/// for an outdated `seen_version`, Forbidden for a lead they may see but not change.
pub async fn claim_lead(
    txn: &impl ConnectionTrait,
    user: &CurrentUser,
    id: i32,
    seen_version: Option<i32>,
    action: LeadAction,
    now: DateTime<Utc>,
) -> Result<lead::Model, AppError> {
    let current = claim_version(txn, id, seen_version, visible_scope(user), now).await?;
    check_lead(user, current.owner_id, action)?;
    Ok(current)
}

/// A converted lead is read-only history: its story goes on at the client.
pub fn refuse_converted(lead: &lead::Model) -> Result<(), AppError> {
    if lead.status == LeadStatus::Converted {
        Err(AppError::Transition(TransitionRefusal::ConvertedIsFinal))
    } else {
        Ok(())
    }
}
