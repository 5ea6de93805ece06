//! Lead queries and transactions (server only). Every function takes the moment it acts at,
//! so tests and demo data can place events in time.
//!
//! SQLite note: each write transaction starts with a write, never a read. A WAL transaction
//! that reads first and writes later fails with SQLITE_BUSY when another writer committed in
//! between, and busy_timeout cannot help it; one that writes first simply waits its turn.

use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Expr, ExprTrait, SimpleExpr};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder,
    TransactionTrait,
};

pub use super::cards::{BoardQuery, SEARCH_LIMIT, board, card, column_page, search};
use super::closing::{Disqualification, DisqualifyReason};
use super::detail_model::{AssignmentEntry, LeadDetail};
use super::model::{
    CreatedLead, Field, FieldError, FieldProblem, LeadCard, LeadStatus, MoveRequest, StatusChange,
    ValidLead, check_transition, full_name,
};
use super::scope::{claim_lead, refuse_converted, scope_condition};
use super::store::{lane, lead_search_key, name_key, people_by_id, record_status_change};
use crate::auth::model::CurrentUser;
use crate::auth::permissions::{LeadAction, LeadScope, visible_scope};
use crate::error::AppError;
use crate::live::model::EventKind;
use crate::server::db::is_unique_violation;
use crate::server::entities::{lead, lead_assignment, lead_status_change, product};
use crate::shared::region::Region;

/// A lead's product must be one of the active products.
async fn check_product(db: &DatabaseConnection, product_id: Option<i32>) -> Result<(), AppError> {
    let Some(id) = product_id else {
        return Ok(());
    };
    let active = product::Entity::find_by_id(id)
        .one(db)
        .await?
        .is_some_and(|p| p.active);
    if active {
        Ok(())
    } else {
        Err(AppError::Invalid(vec![FieldError::new(
            Field::Product,
            FieldProblem::UnknownChoice,
        )]))
    }
}

/// Creates a lead in "Nový" at the top of its column, with its first history row, then lets
/// the assignment rules give it an owner (in the same transaction: a lead never exists
/// half-assigned). A repeated `form_key` returns the lead the first submit made.
pub async fn create_lead(
    db: &DatabaseConnection,
    input: ValidLead,
    form_key: Option<String>,
    now: DateTime<Utc>,
) -> Result<CreatedLead, AppError> {
    check_product(db, input.product_id).await?;
    match insert_new_lead(db, &input, form_key.clone(), now).await {
        Ok(created) => Ok(created),
        // The form was sent before (a second tap, a resend after a lost answer, two submits
        // racing): its key is taken, and the lead it made is the answer. The insert is the
        // check, so a first submission reads nothing before it.
        Err(err) if is_unique_violation(&err) && form_key.is_some() => {
            let key = form_key.unwrap_or_default();
            find_by_form_key(db, &key).await?.ok_or(AppError::Internal)
        }
        Err(err) => Err(err.into()),
    }
}

async fn insert_new_lead(
    db: &DatabaseConnection,
    input: &ValidLead,
    form_key: Option<String>,
    now: DateTime<Utc>,
) -> Result<CreatedLead, sea_orm::DbErr> {
    let txn = db.begin().await?;
    let created = super::create::insert_lead(
        &txn,
        super::create::NewLead {
            input,
            form_key,
            status: LeadStatus::New,
            owner: super::create::NewOwner::Rules,
            import_batch: None,
        },
        now,
    )
    .await?;
    // One event, written last, after the rules chose the owner: it carries the owner as of
    // the commit, so only those who may see the new lead hear of it (an event written before
    // the assignment said "pool" and reached every salesperson).
    let events =
        crate::live::outbox::record(&txn, created.id, EventKind::Created, None, now).await?;
    crate::live::outbox::commit(txn, events).await?;
    Ok(created)
}

async fn find_by_form_key(
    db: &DatabaseConnection,
    key: &str,
) -> Result<Option<CreatedLead>, AppError> {
    Ok(lead::Entity::find()
        .filter(lead::Column::IdempotencyKey.eq(key))
        .one(db)
        .await?
        .map(|l| CreatedLead {
            id: l.id,
            name: full_name(&l.first_name, &l.last_name),
            repeated: true,
            owner: None,
        }))
}

/// A stored reason and its note.
fn disqualification(
    reason: Option<DisqualifyReason>,
    note: Option<String>,
) -> Option<Disqualification> {
    reason.map(|reason| Disqualification {
        reason,
        note: note.unwrap_or_default(),
    })
}

/// Moves a lead to another column or place, refusing stale versions and forbidden
/// transitions; the new status and its history row commit together.
pub async fn move_lead(
    db: &DatabaseConnection,
    user: &CurrentUser,
    request: &MoveRequest,
    now: DateTime<Utc>,
) -> Result<LeadCard, AppError> {
    let scope = visible_scope(user);
    // A reason, if one came, is checked before anything is written.
    let offered = match &request.disqualify {
        Some(input) if request.to == LeadStatus::Unqualified => {
            Some(input.validate().map_err(AppError::Invalid)?)
        }
        _ => None,
    };
    let txn = db.begin().await?;
    let current = claim_lead(
        &txn,
        user,
        request.lead_id,
        Some(request.version),
        LeadAction::Move,
        now,
    )
    .await?;
    let from = current.status;
    check_transition(from, request.to).map_err(AppError::Transition)?;
    // Disqualifying takes a reason; the lead keeps it while it stays Nekvalifikovaný.
    let disqualifying = request.to == LeadStatus::Unqualified && from != LeadStatus::Unqualified;
    let why = match offered {
        Some(why) if disqualifying => Some(why),
        _ if disqualifying => {
            return Err(AppError::Invalid(vec![FieldError::new(
                Field::Reason,
                FieldProblem::Required,
            )]));
        }
        _ => None,
    };

    // An anchor the caller may not see (or that does not exist) counts as none: the top.
    let anchor = match request.after_id {
        Some(after)
            if after == current.id
                || lane(request.to)
                    .sees(&txn, after, scope_condition(scope))
                    .await? =>
        {
            Some(after)
        }
        _ => None,
    };
    let position = match anchor {
        Some(after) if after == current.id => current.position,
        Some(after) => lane(request.to).below(&txn, after, current.id).await?,
        None => lane(request.to).top(&txn, current.id).await?,
    };
    let mut update = lead::Entity::update_many()
        .col_expr(lead::Column::Status, Expr::value(request.to.code()))
        .col_expr(lead::Column::Position, Expr::value(position))
        .filter(lead::Column::Id.eq(current.id));
    if from != request.to {
        update = update
            .col_expr(lead::Column::StatusChangedAt, Expr::value(now))
            .col_expr(
                lead::Column::DisqualifyReason,
                Expr::value(why.as_ref().map(|d| d.reason.code())),
            )
            .col_expr(
                lead::Column::DisqualifyNote,
                Expr::value(why.as_ref().map(|d| d.note.clone())),
            );
        record_status_change(&txn, current.id, Some(from), request.to, why.as_ref(), now).await?;
        // Moving a lead into V jednání means the team has talked to it (speed-to-lead); in
        // the same UPDATE, and only the first time.
        if request.to == LeadStatus::InProcess {
            update = update.col_expr(
                lead::Column::FirstContactAt,
                Expr::col(lead::Column::FirstContactAt).if_null(now),
            );
        }
    }
    update.exec(&txn).await?;
    let card = card(&txn, current.id, LeadScope::Everything).await?;
    // Last before the commit: on PostgreSQL the event's ordering lock is held from here on.
    let events = crate::live::outbox::record(&txn, current.id, EventKind::Moved, None, now).await?;
    crate::live::outbox::commit(txn, events).await?;
    Ok(card)
}

/// A lead within `scope`, with its whole status and assignment history, oldest first.
pub async fn lead_detail(
    db: &impl ConnectionTrait,
    id: i32,
    scope: LeadScope,
) -> Result<LeadDetail, AppError> {
    let lead = lead::Entity::find_by_id(id)
        .filter(scope_condition(scope))
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    let history = lead_status_change::Entity::find()
        .filter(lead_status_change::Column::LeadId.eq(id))
        .order_by_asc(lead_status_change::Column::ChangedAt)
        .order_by_asc(lead_status_change::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .map(|h| StatusChange {
            from: h.from_status,
            to: h.to_status,
            changed_at: h.changed_at,
            disqualification: disqualification(h.reason, h.note),
        })
        .collect();
    let assignments = lead_assignment::Entity::find()
        .filter(lead_assignment::Column::LeadId.eq(id))
        .order_by_asc(lead_assignment::Column::AssignedAt)
        .order_by_asc(lead_assignment::Column::Id)
        .all(db)
        .await?;
    // Collected first: an iterator borrowing the rows across the await trips up the
    // Send check of the server function's future.
    let mut ids: Vec<i32> = lead.owner_id.into_iter().collect();
    for a in &assignments {
        ids.extend(
            [a.from_user_id, a.to_user_id, a.assigned_by]
                .into_iter()
                .flatten(),
        );
    }
    let people = people_by_id(db, ids).await?;
    let person = |id: Option<i32>| id.and_then(|id| people.get(&id).cloned());
    let assignments = assignments
        .into_iter()
        .map(|a| AssignmentEntry {
            from: person(a.from_user_id),
            to: person(a.to_user_id),
            by: person(a.assigned_by),
            rule_name: a.rule_name,
            at: a.assigned_at,
        })
        .collect();
    let converted_to = crate::clients::repo::converted_to(db, &lead).await?;
    Ok(LeadDetail {
        id: lead.id,
        first_name: lead.first_name,
        last_name: lead.last_name,
        email: lead.email,
        phone: lead.phone,
        company: lead.company,
        source: lead.source,
        description: lead.description,
        ico: lead.ico,
        dic: lead.dic,
        street: lead.street,
        city: lead.city,
        postal_code: lead.postal_code,
        status: lead.status,
        version: lead.version,
        created_at: lead.created_at,
        updated_at: lead.updated_at,
        status_changed_at: lead.status_changed_at,
        region: lead.region.as_deref().and_then(Region::from_code),
        product_id: lead.product_id,
        owner: person(lead.owner_id),
        first_contact_at: lead.first_contact_at,
        qualification: crate::qualification::read::qualification(db, id).await?,
        disqualification: disqualification(lead.disqualify_reason, lead.disqualify_note),
        activities: crate::activities::repo::for_lead(db, id).await?,
        converted_to,
        history,
        assignments,
        consents: crate::capture::repo::consents_of(db, id).await?,
    })
}

/// Saves the detail form. Refuses stale versions and converted (read-only) leads.
pub async fn update_lead(
    db: &DatabaseConnection,
    user: &CurrentUser,
    id: i32,
    seen_version: i32,
    input: ValidLead,
    now: DateTime<Utc>,
) -> Result<LeadDetail, AppError> {
    let scope = visible_scope(user);
    check_product(db, input.product_id).await?;
    let txn = db.begin().await?;
    let current = claim_lead(&txn, user, id, Some(seen_version), LeadAction::Edit, now).await?;
    refuse_converted(&current)?;
    let values: [(lead::Column, SimpleExpr); 16] = [
        (
            lead::Column::SearchKey,
            Expr::value(lead_search_key(&input)),
        ),
        (lead::Column::Ico, Expr::value(input.ico.clone())),
        (
            lead::Column::FirstName,
            Expr::value(input.first_name.clone()),
        ),
        (lead::Column::LastName, Expr::value(input.last_name.clone())),
        (
            lead::Column::NameKey,
            Expr::value(name_key(&input.first_name, &input.last_name)),
        ),
        (lead::Column::Email, Expr::value(input.email)),
        (lead::Column::Phone, Expr::value(input.phone)),
        (lead::Column::Company, Expr::value(input.company)),
        (lead::Column::Source, Expr::value(input.source.code())),
        (lead::Column::Description, Expr::value(input.description)),
        (
            lead::Column::Region,
            Expr::value(input.region.map(|r| r.code().to_string())),
        ),
        (lead::Column::ProductId, Expr::value(input.product_id)),
        (lead::Column::Dic, Expr::value(input.dic)),
        (lead::Column::Street, Expr::value(input.street)),
        (lead::Column::City, Expr::value(input.city)),
        (lead::Column::PostalCode, Expr::value(input.postal_code)),
    ];
    let mut update = lead::Entity::update_many().filter(lead::Column::Id.eq(id));
    for (column, value) in values {
        update = update.col_expr(column, value);
    }
    update.exec(&txn).await?;
    let detail = lead_detail(&txn, id, scope).await?;
    let events = crate::live::outbox::record(&txn, id, EventKind::Edited, None, now).await?;
    crate::live::outbox::commit(txn, events).await?;
    Ok(detail)
}
