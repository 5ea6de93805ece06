//! "Vrátit import" (server only): removes the leads a batch created that nobody has touched
//! since, in one transaction, and keeps the others with the reason.
//!
//! Touched means any of: converted; a status change after its creation (the creation's own
//! rows, the first status and the assignment's Nový → Přiřazený, share the creation's
//! moment); a BANT qualification or a score; an activity; an assignment after its creation
//! (by hand: a manager's, or a salesperson taking it); an edit (its version moved past the
//! creation's 1: edits, moves and fills by a later import all bump it).

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter, QuerySelect,
    TransactionTrait,
};

use super::model::{BatchState, ImportRefusal, KeptCount, KeptReason, UndoReport};
use super::repo::{load_batch, to_json};
use crate::auth::model::CurrentUser;
use crate::error::AppError;
use crate::leads::model::LeadStatus;
use crate::live::outbox::{RemovedLead, record_removed};
use crate::server::entities::{
    activity, import_batch, lead, lead_assignment, lead_event, lead_qualification,
    lead_status_change,
};

const CHUNK: usize = 500;

/// Undoes a finished batch once; answers what it removed and kept.
pub async fn undo(
    db: &DatabaseConnection,
    user: &CurrentUser,
    id: i32,
    now: DateTime<Utc>,
) -> Result<UndoReport, AppError> {
    let batch = load_batch(db, id).await?;
    match batch.state {
        BatchState::Committed => {}
        BatchState::Undone => return Err(AppError::Import(ImportRefusal::AlreadyUndone)),
        BatchState::Draft | BatchState::Committing => {
            return Err(AppError::Import(ImportRefusal::NotCommitted));
        }
    }
    let txn = db.begin().await?;
    // The first statement writes (SQLite's write lock before any read), and only one undo
    // of the batch gets past it.
    let claimed = import_batch::Entity::update_many()
        .col_expr(import_batch::Column::State, Expr::value(BatchState::Undone))
        .col_expr(import_batch::Column::UndoneAt, Expr::value(now))
        .col_expr(import_batch::Column::UndoneBy, Expr::value(user.id))
        .filter(import_batch::Column::Id.eq(id))
        .filter(import_batch::Column::State.eq(BatchState::Committed))
        .exec(&txn)
        .await?;
    if claimed.rows_affected != 1 {
        txn.rollback().await?;
        return Err(AppError::Import(ImportRefusal::AlreadyUndone));
    }
    type LeadRow = (
        i32,
        LeadStatus,
        i32,
        Option<i32>,
        DateTime<Utc>,
        Option<String>,
        Option<i32>,
    );
    let leads: Vec<LeadRow> = lead::Entity::find()
        .select_only()
        .columns([
            lead::Column::Id,
            lead::Column::Status,
            lead::Column::Version,
            lead::Column::OwnerId,
            lead::Column::CreatedAt,
            lead::Column::Score,
            lead::Column::ConvertedAccountId,
        ])
        .filter(lead::Column::ImportBatchId.eq(id))
        .into_tuple()
        .all(&txn)
        .await?;
    let ids: Vec<i32> = leads.iter().map(|l| l.0).collect();
    let touches = Touches::load(&txn, &ids).await?;
    let mut kept: HashMap<KeptReason, u32> = HashMap::new();
    let mut removed = Vec::new();
    for (lead_id, status, version, owner, created_at, score, converted) in leads {
        // In the order of `KeptReason::ALL`. An assignment by hand of a lead in Nový also
        // moves it to Přiřazený: it counts as the assignment.
        let reason = if status == LeadStatus::Converted || converted.is_some() {
            Some(KeptReason::Converted)
        } else if touches.after(&touches.assignments, lead_id, created_at) {
            Some(KeptReason::AssignedByHand)
        } else if touches.after(&touches.status_changes, lead_id, created_at) {
            Some(KeptReason::Moved)
        } else if score.is_some() || touches.qualified.contains(&lead_id) {
            Some(KeptReason::Qualified)
        } else if touches.activities.contains(&lead_id) {
            Some(KeptReason::Activity)
        } else if version > 1 {
            Some(KeptReason::Edited)
        } else {
            None
        };
        match reason {
            Some(reason) => *kept.entry(reason).or_default() += 1,
            None => removed.push(RemovedLead {
                id: lead_id,
                owner,
                version,
            }),
        }
    }
    let removed_ids: Vec<i32> = removed.iter().map(|r| r.id).collect();
    for chunk in removed_ids.chunks(CHUNK) {
        delete_leads(&txn, chunk).await?;
    }
    let report = UndoReport {
        removed: removed.len() as u32,
        kept: KeptReason::ALL
            .into_iter()
            .filter_map(|reason| {
                kept.get(&reason).map(|count| KeptCount {
                    reason,
                    count: *count,
                })
            })
            .collect(),
    };
    import_batch::Entity::update_many()
        .col_expr(
            import_batch::Column::UndoReport,
            Expr::value(to_json(&report)),
        )
        .filter(import_batch::Column::Id.eq(id))
        .exec(&txn)
        .await?;
    // Last: the boards that show these leads hear that they are gone.
    let events = record_removed(&txn, &removed, now).await?;
    crate::live::outbox::commit(txn, events).await?;
    Ok(report)
}

/// Deletes leads with everything that hangs on them (the foreign keys would cascade, but
/// the events have none, and saying it here keeps it true on both databases).
async fn delete_leads(txn: &impl ConnectionTrait, ids: &[i32]) -> Result<(), sea_orm::DbErr> {
    let ids = ids.to_vec();
    lead_event::Entity::delete_many()
        .filter(lead_event::Column::LeadId.is_in(ids.clone()))
        .exec(txn)
        .await?;
    lead_status_change::Entity::delete_many()
        .filter(lead_status_change::Column::LeadId.is_in(ids.clone()))
        .exec(txn)
        .await?;
    lead_assignment::Entity::delete_many()
        .filter(lead_assignment::Column::LeadId.is_in(ids.clone()))
        .exec(txn)
        .await?;
    activity::Entity::delete_many()
        .filter(activity::Column::LeadId.is_in(ids.clone()))
        .exec(txn)
        .await?;
    lead_qualification::Entity::delete_many()
        .filter(lead_qualification::Column::LeadId.is_in(ids.clone()))
        .exec(txn)
        .await?;
    lead::Entity::delete_many()
        .filter(lead::Column::Id.is_in(ids))
        .exec(txn)
        .await?;
    Ok(())
}

/// What happened to the batch's leads, by lead: the latest status change and assignment,
/// and whether there is an activity or a qualification.
struct Touches {
    status_changes: HashMap<i32, DateTime<Utc>>,
    assignments: HashMap<i32, DateTime<Utc>>,
    activities: HashSet<i32>,
    qualified: HashSet<i32>,
}

impl Touches {
    async fn load(txn: &impl ConnectionTrait, ids: &[i32]) -> Result<Self, sea_orm::DbErr> {
        let mut touches = Touches {
            status_changes: HashMap::new(),
            assignments: HashMap::new(),
            activities: HashSet::new(),
            qualified: HashSet::new(),
        };
        for chunk in ids.chunks(CHUNK) {
            let chunk = chunk.to_vec();
            let rows: Vec<(i32, Option<DateTime<Utc>>)> = lead_status_change::Entity::find()
                .select_only()
                .column(lead_status_change::Column::LeadId)
                .column_as(lead_status_change::Column::ChangedAt.max(), "latest")
                .filter(lead_status_change::Column::LeadId.is_in(chunk.clone()))
                .group_by(lead_status_change::Column::LeadId)
                .into_tuple()
                .all(txn)
                .await?;
            touches
                .status_changes
                .extend(rows.into_iter().filter_map(|(id, at)| Some((id, at?))));
            let rows: Vec<(i32, Option<DateTime<Utc>>)> = lead_assignment::Entity::find()
                .select_only()
                .column(lead_assignment::Column::LeadId)
                .column_as(lead_assignment::Column::AssignedAt.max(), "latest")
                .filter(lead_assignment::Column::LeadId.is_in(chunk.clone()))
                .group_by(lead_assignment::Column::LeadId)
                .into_tuple()
                .all(txn)
                .await?;
            touches
                .assignments
                .extend(rows.into_iter().filter_map(|(id, at)| Some((id, at?))));
            let rows: Vec<i32> = activity::Entity::find()
                .select_only()
                .column(activity::Column::LeadId)
                .distinct()
                .filter(activity::Column::LeadId.is_in(chunk.clone()))
                .into_tuple()
                .all(txn)
                .await?;
            touches.activities.extend(rows);
            let rows: Vec<i32> = lead_qualification::Entity::find()
                .select_only()
                .column(lead_qualification::Column::LeadId)
                .filter(lead_qualification::Column::LeadId.is_in(chunk))
                .into_tuple()
                .all(txn)
                .await?;
            touches.qualified.extend(rows);
        }
        Ok(touches)
    }

    /// Whether `lead` has a row in `latest` later than its creation.
    fn after(
        &self,
        latest: &HashMap<i32, DateTime<Utc>>,
        lead: i32,
        created_at: DateTime<Utc>,
    ) -> bool {
        latest.get(&lead).is_some_and(|at| *at > created_at)
    }
}
