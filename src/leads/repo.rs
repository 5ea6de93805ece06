//! Lead queries and transactions (server only). Every function takes the moment it acts at,
//! so tests and demo data can place events in time.
//!
//! SQLite note: each write transaction starts with a write, never a read. A WAL transaction
//! that reads first and writes later fails with SQLITE_BUSY when another writer committed in
//! between, and busy_timeout cannot help it; one that writes first simply waits its turn.

use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Expr, SimpleExpr};
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, DatabaseConnection, DerivePartialModel, EntityTrait,
    QueryFilter, QueryOrder, QuerySelect, TransactionTrait,
};

use std::collections::HashMap;

use super::closing::{Disqualification, DisqualifyReason};
use super::detail_model::{AssignmentEntry, LeadDetail};
use super::model::{
    BoardNarrowing, ColumnPage, CreatedLead, Field, FieldError, FieldProblem, LeadCard, LeadSource,
    LeadStatus, MoveRequest, PAGE_SIZE, PageCursor, PersonRef, StatusChange, ValidLead,
    check_transition, full_name,
};
use super::scope::{claim_lead, refuse_converted, scope_condition};
use super::store::{
    lane, lead_search_key, name_key, people_by_id, record_status_change, search_condition,
};
use crate::auth::model::CurrentUser;
use crate::auth::permissions::{LeadAction, LeadScope, visible_scope};
use crate::error::AppError;
use crate::live::model::EventKind;
use crate::qualification::model::Score;
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
    if let Some(key) = &form_key
        && let Some(existing) = find_by_form_key(db, key).await?
    {
        return Ok(existing);
    }
    check_product(db, input.product_id).await?;
    match insert_new_lead(db, &input, form_key.clone(), now).await {
        Ok(created) => Ok(created),
        // Two submits of one form raced: the loser finds the winner's lead.
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
    crate::live::outbox::record(&txn, created.id, EventKind::Created, None, now).await?;
    txn.commit().await?;
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

/// Just the columns a card needs: descriptions stay in the database.
#[derive(Debug, DerivePartialModel)]
#[sea_orm(entity = "lead::Entity")]
struct CardRow {
    id: i32,
    first_name: String,
    last_name: String,
    company: String,
    source: String,
    status: String,
    position: i64,
    version: i32,
    created_at: DateTime<Utc>,
    owner_id: Option<i32>,
    first_contact_at: Option<DateTime<Utc>>,
    score: Option<String>,
    disqualify_reason: Option<String>,
}

/// What a page of cards needs besides its rows: owners' names and open tasks' due times,
/// one query each for the whole page.
struct CardExtras {
    people: HashMap<i32, PersonRef>,
    task_due: HashMap<i32, DateTime<Utc>>,
}

impl CardExtras {
    async fn load(db: &impl ConnectionTrait, rows: &[CardRow]) -> Result<Self, sea_orm::DbErr> {
        let people = people_by_id(db, rows.iter().filter_map(|r| r.owner_id).collect()).await?;
        let task_due =
            crate::activities::repo::latest_open_task_due(db, rows.iter().map(|r| r.id).collect())
                .await?;
        Ok(CardExtras { people, task_due })
    }
}

impl CardRow {
    fn into_card(self, extras: &CardExtras) -> LeadCard {
        LeadCard {
            id: self.id,
            first_name: self.first_name,
            last_name: self.last_name,
            company: self.company,
            source: LeadSource::from_code(&self.source).unwrap_or_default(),
            status: LeadStatus::from_code(&self.status).unwrap_or(LeadStatus::New),
            version: self.version,
            position: self.position,
            created_at: self.created_at,
            owner: self.owner_id.and_then(|id| extras.people.get(&id).cloned()),
            first_contact_at: self.first_contact_at,
            latest_task_due: extras.task_due.get(&self.id).copied(),
            score: self.score.as_deref().and_then(Score::from_code),
            disqualify_reason: self
                .disqualify_reason
                .as_deref()
                .and_then(DisqualifyReason::from_code),
        }
    }
}

/// One card as the board shows it, within `scope`.
pub async fn card(
    db: &impl ConnectionTrait,
    id: i32,
    scope: LeadScope,
) -> Result<LeadCard, AppError> {
    let row: CardRow = lead::Entity::find_by_id(id)
        .filter(scope_condition(scope))
        .into_partial_model()
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    let extras = CardExtras::load(db, std::slice::from_ref(&row)).await?;
    Ok(row.into_card(&extras))
}

/// Which cards the board shows: what the caller may see (`scope`), narrowed by the filters
/// they chose. A bare scope means no narrowing.
#[derive(Clone, Copy, Debug)]
pub struct BoardQuery {
    pub scope: LeadScope,
    pub narrowing: BoardNarrowing,
}

impl From<LeadScope> for BoardQuery {
    fn from(scope: LeadScope) -> Self {
        BoardQuery {
            scope,
            narrowing: BoardNarrowing::default(),
        }
    }
}

impl BoardQuery {
    /// The leads the board shows (an export of the board takes the same ones).
    pub fn condition(&self) -> Condition {
        let mut condition = Condition::all().add(scope_condition(self.scope));
        if let Some(score) = self.narrowing.score {
            condition = condition.add(lead::Column::Score.eq(score.code()));
        }
        if let Some(cutoff) = self.narrowing.closed_since {
            let closed = [LeadStatus::Unqualified.code(), LeadStatus::Converted.code()];
            condition = condition.add(
                Condition::any()
                    .add(lead::Column::Status.is_not_in(closed))
                    .add(lead::Column::StatusChangedAt.gte(cutoff)),
            );
        }
        condition
    }
}

/// The first page of every column the query admits, with each column's true total.
pub async fn board(
    db: &DatabaseConnection,
    query: impl Into<BoardQuery>,
) -> Result<Vec<ColumnPage>, AppError> {
    let query = query.into();
    let counts: Vec<(String, i64)> = lead::Entity::find()
        .filter(query.condition())
        .select_only()
        .column(lead::Column::Status)
        .column_as(lead::Column::Id.count(), "n")
        .group_by(lead::Column::Status)
        .into_tuple()
        .all(db)
        .await?;
    let mut pages = Vec::with_capacity(LeadStatus::ALL.len());
    for status in LeadStatus::ALL {
        let total = counts
            .iter()
            .find(|(code, _)| code == status.code())
            .map(|(_, n)| *n as u64)
            .unwrap_or(0);
        pages.push(page_with_total(db, status, None, total, query).await?);
    }
    Ok(pages)
}

/// One page of one column the query admits, after `cursor` in the column's order.
pub async fn column_page(
    db: &DatabaseConnection,
    status: LeadStatus,
    cursor: Option<PageCursor>,
    query: impl Into<BoardQuery>,
) -> Result<ColumnPage, AppError> {
    let query = query.into();
    let total = lead::Entity::find()
        .filter(lead::Column::Status.eq(status.code()))
        .filter(query.condition())
        .select_only()
        .column_as(lead::Column::Id.count(), "n")
        .into_tuple::<i64>()
        .one(db)
        .await?
        .unwrap_or(0) as u64;
    page_with_total(db, status, cursor, total, query).await
}

async fn page_with_total(
    db: &DatabaseConnection,
    status: LeadStatus,
    cursor: Option<PageCursor>,
    total: u64,
    query: BoardQuery,
) -> Result<ColumnPage, AppError> {
    let mut select = lead::Entity::find()
        .filter(lead::Column::Status.eq(status.code()))
        .filter(query.condition());
    if let Some(c) = cursor {
        select = select.filter(lane(status).after(c.position, c.id));
    }
    let mut rows: Vec<CardRow> = select
        .order_by_asc(lead::Column::Position)
        .order_by_asc(lead::Column::Id)
        .limit(PAGE_SIZE + 1)
        .into_partial_model()
        .all(db)
        .await?;
    let has_more = rows.len() as u64 > PAGE_SIZE;
    rows.truncate(PAGE_SIZE as usize);
    let next = has_more
        .then(|| {
            rows.last().map(|r| PageCursor {
                position: r.position,
                id: r.id,
            })
        })
        .flatten();
    let extras = CardExtras::load(db, &rows).await?;
    Ok(ColumnPage {
        status,
        total,
        cards: rows.into_iter().map(|r| r.into_card(&extras)).collect(),
        next,
    })
}

/// How many leads a search answers with.
pub const SEARCH_LIMIT: u64 = 50;

/// Leads within `scope` whose name, company, email, phone or IČO contains what the user
/// typed, case and diacritics aside — closed ones included, most recently changed first. This
/// is how a lead that left the board is found.
pub async fn search(
    db: &DatabaseConnection,
    scope: LeadScope,
    q: &str,
) -> Result<Vec<LeadCard>, AppError> {
    let Some(matches) = search_condition(lead::Column::SearchKey, q) else {
        return Ok(Vec::new());
    };
    let rows: Vec<CardRow> = lead::Entity::find()
        .filter(scope_condition(scope))
        .filter(matches)
        .order_by_desc(lead::Column::UpdatedAt)
        .order_by_desc(lead::Column::Id)
        .limit(SEARCH_LIMIT)
        .into_partial_model()
        .all(db)
        .await?;
    let extras = CardExtras::load(db, &rows).await?;
    Ok(rows.into_iter().map(|r| r.into_card(&extras)).collect())
}

/// A stored reason and note, if the reason is one we know.
fn disqualification(reason: Option<&str>, note: Option<String>) -> Option<Disqualification> {
    reason
        .and_then(DisqualifyReason::from_code)
        .map(|reason| Disqualification {
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
    let from = LeadStatus::from_code(&current.status).unwrap_or(LeadStatus::New);
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
        // Moving a lead into V jednání means the team has talked to it (speed-to-lead).
        if request.to == LeadStatus::InProcess {
            crate::activities::repo::mark_first_contact(&txn, current.id, now).await?;
        }
    }
    update.exec(&txn).await?;
    let card = card(&txn, current.id, LeadScope::Everything).await?;
    // Last before the commit: on PostgreSQL the event's ordering lock is held from here on.
    crate::live::outbox::record(&txn, current.id, EventKind::Moved, None, now).await?;
    txn.commit().await?;
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
            from: h.from_status.as_deref().and_then(LeadStatus::from_code),
            to: LeadStatus::from_code(&h.to_status).unwrap_or(LeadStatus::New),
            changed_at: h.changed_at,
            disqualification: disqualification(h.reason.as_deref(), h.note),
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
        source: LeadSource::from_code(&lead.source).unwrap_or_default(),
        description: lead.description,
        ico: lead.ico,
        dic: lead.dic,
        street: lead.street,
        city: lead.city,
        postal_code: lead.postal_code,
        status: LeadStatus::from_code(&lead.status).unwrap_or(LeadStatus::New),
        version: lead.version,
        created_at: lead.created_at,
        updated_at: lead.updated_at,
        status_changed_at: lead.status_changed_at,
        region: lead.region.as_deref().and_then(Region::from_code),
        product_id: lead.product_id,
        owner: person(lead.owner_id),
        first_contact_at: lead.first_contact_at,
        qualification: crate::qualification::read::qualification(db, id).await?,
        disqualification: disqualification(lead.disqualify_reason.as_deref(), lead.disqualify_note),
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
    crate::live::outbox::record(&txn, id, EventKind::Edited, None, now).await?;
    txn.commit().await?;
    Ok(detail)
}
