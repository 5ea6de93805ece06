//! Activities on the server: logging them, a lead's timeline, tasks done and undone, and the
//! open tasks "Moje úkoly" lists. Every read and write stays within the leads the caller may
//! see (`visible_scope`), so someone else's lead answers NotFound here too.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Expr, ExprTrait, Query};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, Condition, ConnectionTrait,
    DatabaseConnection, EntityTrait, QueryFilter, QueryOrder, QuerySelect, TransactionTrait,
};

use super::model::{
    ActivityKind, ActivityView, CallOutcome, EmailDirection, TaskItem, ValidActivity,
};
use crate::auth::model::CurrentUser;
use crate::auth::permissions::{LeadAction, check_lead, visible_scope};
use crate::error::AppError;
use crate::leads::model::full_name;
use crate::leads::scope::{refuse_converted, scope_condition};
use crate::leads::store::people_by_id;
use crate::server::entities::{activity, lead};

/// The lead `id` if `user` may do `action` on it: NotFound outside their scope.
async fn lead_for(
    db: &impl ConnectionTrait,
    user: &CurrentUser,
    id: i32,
    action: LeadAction,
) -> Result<lead::Model, AppError> {
    let lead = lead::Entity::find_by_id(id)
        .filter(scope_condition(visible_scope(user)))
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    check_lead(user, lead.owner_id, action)?;
    Ok(lead)
}

/// Logs an activity on a lead. A call, meeting or sent email is the first contact if there
/// was none yet (speed-to-lead); that stamp commits with the activity.
pub async fn log_activity(
    db: &DatabaseConnection,
    user: &CurrentUser,
    lead_id: i32,
    input: ValidActivity,
    now: DateTime<Utc>,
) -> Result<ActivityView, AppError> {
    let lead = lead_for(db, user, lead_id, LeadAction::Edit).await?;
    refuse_converted(&lead)?;
    let txn = db.begin().await?;
    let inserted = activity::ActiveModel {
        lead_id: Set(lead_id),
        author_id: Set(Some(user.id)),
        kind: Set(input.kind),
        subject: Set(input.subject.clone()),
        body: Set(input.body.clone()),
        call_outcome: Set(input.outcome.map(|o| o.code().to_string())),
        email_direction: Set(input.direction.map(|d| d.code().to_string())),
        place: Set(input.place.clone()),
        occurs_at: Set(input.when),
        done_at: Set(None),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    if input.is_contact() {
        mark_first_contact(&txn, lead_id, now).await?;
    }
    let events = crate::live::outbox::record(
        &txn,
        lead_id,
        crate::live::model::EventKind::Activity,
        None,
        now,
    )
    .await?;
    crate::live::outbox::commit(txn, events).await?;
    let people = people_by_id(db, vec![user.id]).await?;
    Ok(view(inserted, &people))
}

/// Records the first contact with a lead, unless one is recorded already.
pub async fn mark_first_contact(
    txn: &impl ConnectionTrait,
    lead_id: i32,
    now: DateTime<Utc>,
) -> Result<(), sea_orm::DbErr> {
    lead::Entity::update_many()
        .col_expr(lead::Column::FirstContactAt, Expr::value(now))
        .filter(lead::Column::Id.eq(lead_id))
        .filter(lead::Column::FirstContactAt.is_null())
        .exec(txn)
        .await?;
    Ok(())
}

/// A lead's activities, newest first.
pub async fn timeline(
    db: &DatabaseConnection,
    user: &CurrentUser,
    lead_id: i32,
) -> Result<Vec<ActivityView>, AppError> {
    lead_for(db, user, lead_id, LeadAction::View).await?;
    Ok(for_lead(db, lead_id).await?)
}

/// A lead's activities, newest first, for a caller who has already been let see the lead
/// (the lead's detail loads them with it).
pub async fn for_lead(
    db: &impl ConnectionTrait,
    lead_id: i32,
) -> Result<Vec<ActivityView>, sea_orm::DbErr> {
    let rows = activity::Entity::find()
        .filter(activity::Column::LeadId.eq(lead_id))
        .order_by_desc(activity::Column::CreatedAt)
        .order_by_desc(activity::Column::Id)
        .all(db)
        .await?;
    let people = people_by_id(db, rows.iter().filter_map(|a| a.author_id).collect()).await?;
    Ok(rows.into_iter().map(|a| view(a, &people)).collect())
}

/// Marks a task done (or open again).
pub async fn set_task_done(
    db: &DatabaseConnection,
    user: &CurrentUser,
    task_id: i32,
    done: bool,
    now: DateTime<Utc>,
) -> Result<ActivityView, AppError> {
    let task = activity::Entity::find_by_id(task_id)
        .filter(activity::Column::Kind.eq(ActivityKind::Task.code()))
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    let lead = lead_for(db, user, task.lead_id, LeadAction::Edit).await?;
    refuse_converted(&lead)?;
    let done_at = done.then_some(now);
    let txn = db.begin().await?;
    activity::Entity::update_many()
        .col_expr(activity::Column::DoneAt, Expr::value(done_at))
        .filter(activity::Column::Id.eq(task_id))
        .exec(&txn)
        .await?;
    // The card's follow-up flag depends on the lead's open tasks.
    let events = crate::live::outbox::record(
        &txn,
        task.lead_id,
        crate::live::model::EventKind::Activity,
        None,
        now,
    )
    .await?;
    crate::live::outbox::commit(txn, events).await?;
    let people = people_by_id(db, task.author_id.into_iter().collect()).await?;
    Ok(view(activity::Model { done_at, ..task }, &people))
}

/// The open tasks of `user` due before `until` (overdue ones included), soonest first.
/// A task is theirs when they own its lead, or when they wrote it on a pool lead: tasks follow
/// the lead, so whoever takes it over inherits them.
pub async fn my_tasks(
    db: &DatabaseConnection,
    user: &CurrentUser,
    until: DateTime<Utc>,
) -> Result<Vec<TaskItem>, AppError> {
    let leads_owned_by = |owner: Option<i32>| {
        let mut q = Query::select();
        q.column(lead::Column::Id).from(lead::Entity);
        match owner {
            Some(id) => q.and_where(Expr::col(lead::Column::OwnerId).eq(id)),
            None => q.and_where(Expr::col(lead::Column::OwnerId).is_null()),
        };
        q.to_owned()
    };
    let mine = Condition::any()
        .add(Expr::col(activity::Column::LeadId).in_subquery(leads_owned_by(Some(user.id))))
        .add(
            Condition::all()
                .add(activity::Column::AuthorId.eq(user.id))
                .add(Expr::col(activity::Column::LeadId).in_subquery(leads_owned_by(None))),
        );
    let rows = activity::Entity::find()
        .filter(activity::Column::Kind.eq(ActivityKind::Task.code()))
        .filter(activity::Column::DoneAt.is_null())
        .filter(activity::Column::OccursAt.lt(until))
        .filter(mine)
        .order_by_asc(activity::Column::OccursAt)
        .order_by_asc(activity::Column::Id)
        .limit(500)
        .all(db)
        .await?;
    let lead_ids: Vec<i32> = rows.iter().map(|a| a.lead_id).collect();
    let leads: HashMap<i32, (String, String)> = lead::Entity::find()
        .select_only()
        .column(lead::Column::Id)
        .column(lead::Column::FirstName)
        .column(lead::Column::LastName)
        .column(lead::Column::Company)
        .filter(lead::Column::Id.is_in(lead_ids))
        .into_tuple::<(i32, String, String, String)>()
        .all(db)
        .await?
        .into_iter()
        .map(|(id, first, last, company)| (id, (full_name(&first, &last), company)))
        .collect();
    let people = people_by_id(db, rows.iter().filter_map(|a| a.author_id).collect()).await?;
    Ok(rows
        .into_iter()
        .map(|a| {
            let (lead_name, lead_company) = leads.get(&a.lead_id).cloned().unwrap_or_default();
            TaskItem {
                task: view(a, &people),
                lead_name,
                lead_company,
            }
        })
        .collect())
}

/// For each of the leads, the due time of its latest open task (the board's follow-up flag:
/// a lead needs follow-up when that time has passed or there is none).
pub async fn latest_open_task_due(
    db: &impl ConnectionTrait,
    lead_ids: Vec<i32>,
) -> Result<HashMap<i32, DateTime<Utc>>, sea_orm::DbErr> {
    if lead_ids.is_empty() {
        return Ok(HashMap::new());
    }
    let rows: Vec<(i32, Option<DateTime<Utc>>)> = activity::Entity::find()
        .select_only()
        .column(activity::Column::LeadId)
        .column(activity::Column::OccursAt)
        .filter(activity::Column::Kind.eq(ActivityKind::Task.code()))
        .filter(activity::Column::DoneAt.is_null())
        .filter(activity::Column::LeadId.is_in(lead_ids))
        .into_tuple()
        .all(db)
        .await?;
    let mut latest: HashMap<i32, DateTime<Utc>> = HashMap::new();
    for (lead_id, due) in rows {
        if let Some(due) = due {
            let entry = latest.entry(lead_id).or_insert(due);
            *entry = Ord::max(*entry, due);
        }
    }
    Ok(latest)
}

fn view(a: activity::Model, people: &HashMap<i32, crate::auth::model::PersonRef>) -> ActivityView {
    ActivityView {
        id: a.id,
        lead_id: a.lead_id,
        kind: a.kind,
        subject: a.subject,
        body: a.body,
        outcome: a.call_outcome.as_deref().and_then(CallOutcome::from_code),
        direction: a
            .email_direction
            .as_deref()
            .and_then(EmailDirection::from_code),
        place: a.place,
        when: a.occurs_at,
        done_at: a.done_at,
        author: a.author_id.and_then(|id| people.get(&id).cloned()),
        created_at: a.created_at,
    }
}
