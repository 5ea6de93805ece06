//! The leads client records came from, and what a converted lead became.

use sea_orm::{ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};

use super::scope::left_out;
use crate::auth::permissions::ClientScope;
use crate::clients::model::{ConvertedTo, OriginLead, RecordRef};
use crate::leads::model::{LeadStatus, StatusChange, full_name};
use crate::leads::store::people_by_id;
use crate::server::entities::{account, contact, lead, lead_status_change, opportunity};

/// The organisation, contact and deal a converted lead became, and who converted it.
pub async fn converted_to(
    db: &impl ConnectionTrait,
    l: &lead::Model,
) -> Result<Option<ConvertedTo>, sea_orm::DbErr> {
    if l.converted_account_id.is_none() && l.converted_by.is_none() {
        return Ok(None);
    }
    let account = match l.converted_account_id {
        Some(id) => account::Entity::find_by_id(id)
            .one(db)
            .await?
            .map(|a| RecordRef {
                id: a.id,
                name: a.name,
            }),
        None => None,
    };
    let contact = match l.converted_contact_id {
        Some(id) => contact::Entity::find_by_id(id)
            .one(db)
            .await?
            .map(|c| RecordRef {
                id: c.id,
                name: full_name(&c.first_name, &c.last_name),
            }),
        None => None,
    };
    let opportunity = match l.converted_opportunity_id {
        Some(id) => opportunity::Entity::find_by_id(id)
            .one(db)
            .await?
            .map(|o| RecordRef {
                id: o.id,
                name: o.name,
            }),
        None => None,
    };
    let by = people_by_id(db, l.converted_by.into_iter().collect())
        .await?
        .into_values()
        .next();
    Ok(Some(ConvertedTo {
        account,
        contact,
        opportunity,
        by,
    }))
}

/// The converted leads whose `column` (converted_account_id, …) is `id`, each with its status
/// history and its whole activity log: what the team did before the lead became a client.
/// Only the leads the caller may open (a colleague's lead, its log included, stays theirs),
/// and how many others there are.
pub(super) async fn origin_leads(
    db: &impl ConnectionTrait,
    scope: ClientScope,
    column: lead::Column,
    id: i32,
) -> Result<(Vec<OriginLead>, u64), sea_orm::DbErr> {
    let under = || {
        Condition::all()
            .add(column.eq(id))
            .add(lead::Column::Status.eq(LeadStatus::Converted.code()))
    };
    let leads = lead::Entity::find()
        .filter(under())
        .filter(crate::leads::scope::scope_condition(scope.leads()))
        .order_by_desc(lead::Column::StatusChangedAt)
        .order_by_desc(lead::Column::Id)
        .all(db)
        .await?;
    let hidden = left_out::<lead::Entity>(db, under(), leads.len()).await?;
    let people = people_by_id(db, leads.iter().filter_map(|l| l.converted_by).collect()).await?;
    let mut origins = Vec::with_capacity(leads.len());
    for l in leads {
        let history = lead_status_change::Entity::find()
            .filter(lead_status_change::Column::LeadId.eq(l.id))
            .order_by_asc(lead_status_change::Column::ChangedAt)
            .order_by_asc(lead_status_change::Column::Id)
            .all(db)
            .await?
            .into_iter()
            .map(|h| StatusChange {
                from: h.from_status,
                to: h.to_status,
                changed_at: h.changed_at,
                disqualification: None,
            })
            .collect();
        origins.push(OriginLead {
            id: l.id,
            name: full_name(&l.first_name, &l.last_name),
            source: l.source,
            created_at: l.created_at,
            converted_at: l.status_changed_at,
            converted_by: l.converted_by.and_then(|u| people.get(&u).cloned()),
            history,
            activities: crate::activities::repo::for_lead(db, l.id).await?,
        });
    }
    Ok((origins, hidden))
}
