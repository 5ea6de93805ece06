//! Qualification on the server: reading a lead's BANT and saving it with the score in force.

use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Expr, OnConflict};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, TransactionTrait,
};

use super::model::Qualification;
use crate::auth::model::CurrentUser;
use crate::auth::permissions::{LeadAction, visible_scope};
use crate::error::AppError;
use crate::leads::detail_model::LeadDetail;
use crate::leads::repo::lead_detail;
use crate::leads::scope::{claim_lead, refuse_converted};
use crate::server::entities::{lead, lead_qualification};

/// Saves the qualification and puts the score in force on the lead, in one transaction that
/// claims the lead's version (someone else's change in between answers Stale).
pub async fn save_qualification(
    db: &DatabaseConnection,
    user: &CurrentUser,
    lead_id: i32,
    seen_version: i32,
    q: Qualification,
    now: DateTime<Utc>,
) -> Result<LeadDetail, AppError> {
    let scope = visible_scope(user);
    let txn = db.begin().await?;
    let current = claim_lead(
        &txn,
        user,
        lead_id,
        Some(seen_version),
        LeadAction::Edit,
        now,
    )
    .await?;
    refuse_converted(&current)?;
    let score = q.score();
    let row = lead_qualification::ActiveModel {
        lead_id: Set(lead_id),
        need: Set(q.bant.need),
        need_confirmed: Set(q.bant.need_confirmed),
        budget_czk: Set(q.bant.budget_czk),
        budget_status: Set(q.bant.budget_status),
        decision_maker: Set(q.bant.decision_maker),
        approvers: Set(q.bant.approvers),
        timing: Set(q.bant.timing),
        notes: Set(q.bant.notes),
        score_override: Set(q.score_override),
        updated_by: Set(Some(user.id)),
        updated_at: Set(now),
    };
    use lead_qualification::Column as C;
    lead_qualification::Entity::insert(row)
        .on_conflict(
            OnConflict::column(C::LeadId)
                .update_columns([
                    C::Need,
                    C::NeedConfirmed,
                    C::BudgetCzk,
                    C::BudgetStatus,
                    C::DecisionMaker,
                    C::Approvers,
                    C::Timing,
                    C::Notes,
                    C::ScoreOverride,
                    C::UpdatedBy,
                    C::UpdatedAt,
                ])
                .to_owned(),
        )
        .exec(&txn)
        .await?;
    lead::Entity::update_many()
        .col_expr(lead::Column::Score, Expr::value(score.code()))
        .filter(lead::Column::Id.eq(lead_id))
        .exec(&txn)
        .await?;
    let detail = lead_detail(&txn, lead_id, scope).await?;
    let events = crate::live::outbox::record(
        &txn,
        lead_id,
        crate::live::model::EventKind::Qualified,
        None,
        now,
    )
    .await?;
    crate::live::outbox::commit(txn, events).await?;
    Ok(detail)
}
