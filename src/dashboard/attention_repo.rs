//! The dashboard's "needs attention now" lists, as they stand (the period does not apply):
//! active leads still waiting for a first contact, and open tasks past their time on active
//! leads; the first [`SHORTLIST`] of each and how many there are.

use std::collections::HashMap;

use chrono::{DateTime, Duration, Utc};
use sea_orm::sea_query::{Expr, ExprTrait, Query};
use sea_orm::{
    ColumnTrait, Condition, DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter,
    QueryOrder, QuerySelect,
};

use super::model::{OverdueTask, SHORTLIST, Shortlist, WaitingLead};
use crate::activities::model::ActivityKind;
use crate::error::AppError;
use crate::leads::model::{LeadStatus, full_name};
use crate::leads::store::people_by_id;
use crate::server::entities::{activity, lead};

/// Statuses still being worked: closed leads wait for nobody.
const ACTIVE: [LeadStatus; 4] = [
    LeadStatus::New,
    LeadStatus::Assigned,
    LeadStatus::InProcess,
    LeadStatus::Qualified,
];

pub(super) fn codes(statuses: &[LeadStatus]) -> Vec<&'static str> {
    statuses.iter().map(|s| s.code()).collect()
}

/// Active leads nobody has contacted an hour after they came in, longest waiting first.
pub(super) async fn waiting(
    db: &DatabaseConnection,
    leads: Condition,
    now: DateTime<Utc>,
) -> Result<Shortlist<WaitingLead>, AppError> {
    let query = lead::Entity::find()
        .filter(lead::Column::FirstContactAt.is_null())
        .filter(lead::Column::CreatedAt.lt(now - Duration::hours(1)))
        .filter(lead::Column::Status.is_in(codes(&ACTIVE)))
        .filter(leads);
    let total = query.clone().count(db).await? as u32;
    let rows = query
        .order_by_asc(lead::Column::CreatedAt)
        .order_by_asc(lead::Column::Id)
        .limit(SHORTLIST)
        .all(db)
        .await?;
    let names = people_by_id(db, rows.iter().filter_map(|l| l.owner_id).collect()).await?;
    let items = rows
        .into_iter()
        .map(|l| WaitingLead {
            lead_id: l.id,
            name: full_name(&l.first_name, &l.last_name),
            company: l.company,
            owner: l
                .owner_id
                .and_then(|id| names.get(&id))
                .map(|p| p.name.clone()),
            created_at: l.created_at,
        })
        .collect();
    Ok(Shortlist { items, total })
}

/// Open tasks past their time on active leads, most overdue first.
pub(super) async fn overdue(
    db: &DatabaseConnection,
    leads: Condition,
    now: DateTime<Utc>,
) -> Result<Shortlist<OverdueTask>, AppError> {
    // EXISTS, not IN (active leads): the database walks the open tasks in due order
    // (ix_activity_open_tasks) and looks each lead up by id, instead of listing every
    // active lead first; the list then stops at the first SHORTLIST rows.
    let mut on_active_lead = Query::select();
    on_active_lead
        .expr(Expr::val(1))
        .from(lead::Entity)
        .and_where(
            Expr::col((lead::Entity, lead::Column::Id))
                .equals((activity::Entity, activity::Column::LeadId)),
        )
        .and_where(lead::Column::Status.is_in(codes(&ACTIVE)))
        .cond_where(leads);
    let query = activity::Entity::find()
        .filter(activity::Column::Kind.eq(ActivityKind::Task.code()))
        .filter(activity::Column::DoneAt.is_null())
        .filter(activity::Column::OccursAt.lt(now))
        .filter(Expr::exists(on_active_lead.to_owned()));
    let total = query.clone().count(db).await? as u32;
    let tasks = query
        .order_by_asc(activity::Column::OccursAt)
        .order_by_asc(activity::Column::Id)
        .limit(SHORTLIST)
        .all(db)
        .await?;
    let lead_rows = lead::Entity::find()
        .filter(lead::Column::Id.is_in(tasks.iter().map(|t| t.lead_id).collect::<Vec<_>>()))
        .all(db)
        .await?;
    let names = people_by_id(db, lead_rows.iter().filter_map(|l| l.owner_id).collect()).await?;
    let by_id: HashMap<i32, lead::Model> = lead_rows.into_iter().map(|l| (l.id, l)).collect();
    let items = tasks
        .into_iter()
        .filter_map(|t| {
            let l = by_id.get(&t.lead_id)?;
            Some(OverdueTask {
                task_id: t.id,
                lead_id: t.lead_id,
                lead_name: full_name(&l.first_name, &l.last_name),
                subject: t.subject,
                owner: l
                    .owner_id
                    .and_then(|id| names.get(&id))
                    .map(|p| p.name.clone()),
                due: t.occurs_at?,
            })
        })
        .collect();
    Ok(Shortlist { items, total })
}
