//! The board's cards (server only): a read model over the lead core and the activities (each
//! card shows its owner and its latest open task's due time). Pages of a column, the whole
//! board's first pages, one card, and the search that finds leads off the board.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, DatabaseConnection, DerivePartialModel, EntityTrait,
    QueryFilter, QueryOrder, QuerySelect,
};

use super::closing::DisqualifyReason;
use super::model::{
    BoardNarrowing, ColumnPage, LeadCard, LeadSource, LeadStatus, PAGE_SIZE, PageCursor, PersonRef,
};
use super::scope::scope_condition;
use super::status::Score;
use super::store::{lane, people_by_id, search_condition};
use crate::auth::permissions::LeadScope;
use crate::error::AppError;
use crate::server::entities::lead;

/// Just the columns a card needs: descriptions stay in the database.
#[derive(Debug, DerivePartialModel)]
#[sea_orm(entity = "lead::Entity")]
struct CardRow {
    id: i32,
    first_name: String,
    last_name: String,
    company: String,
    source: LeadSource,
    status: LeadStatus,
    position: i64,
    version: i32,
    created_at: DateTime<Utc>,
    owner_id: Option<i32>,
    first_contact_at: Option<DateTime<Utc>>,
    score: Option<Score>,
    disqualify_reason: Option<DisqualifyReason>,
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
            source: self.source,
            status: self.status,
            version: self.version,
            position: self.position,
            created_at: self.created_at,
            owner: self.owner_id.and_then(|id| extras.people.get(&id).cloned()),
            first_contact_at: self.first_contact_at,
            latest_task_due: extras.task_due.get(&self.id).copied(),
            score: self.score,
            disqualify_reason: self.disqualify_reason,
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
    let counts: Vec<(LeadStatus, i64)> = lead::Entity::find()
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
            .find(|(counted, _)| *counted == status)
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
