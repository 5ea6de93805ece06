//! Reading a lead's BANT (server only), for the lead's read models. Apart from `repo`, whose
//! save answers the whole detail page and so sits above the lead's read model.

use sea_orm::{ConnectionTrait, EntityTrait};

use super::model::{Bant, Qualification};
use crate::server::entities::lead_qualification;

/// A lead's qualification, if anyone has filled it in.
pub async fn qualification(
    db: &impl ConnectionTrait,
    lead_id: i32,
) -> Result<Option<Qualification>, sea_orm::DbErr> {
    Ok(lead_qualification::Entity::find_by_id(lead_id)
        .one(db)
        .await?
        .map(|q| Qualification {
            bant: Bant {
                need: q.need,
                need_confirmed: q.need_confirmed,
                budget_czk: q.budget_czk,
                budget_status: q.budget_status,
                decision_maker: q.decision_maker,
                approvers: q.approvers,
                timing: q.timing,
                notes: q.notes,
            },
            score_override: q.score_override,
        }))
}
