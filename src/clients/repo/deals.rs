//! Deals: the opportunity board and its moves, a deal's page and edits.

use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, Condition, ConnectionTrait,
    DatabaseConnection, EntityTrait, QueryFilter, QueryOrder, QuerySelect, TransactionTrait,
};

use super::origin::origin_leads;
use super::scope::{contact_condition, left_out, names_of_accounts, opportunity_condition};
use crate::auth::model::CurrentUser;
use crate::auth::permissions::{ClientScope, client_scope};
use crate::clients::model::{
    OpportunityCard, OpportunityDetail, STAGE_PAGE, Stage, StageColumn, StageMove, ValidOpportunity,
};
use crate::error::AppError;
use crate::leads::model::{PersonRef, full_name};
use crate::leads::store::people_by_id;
use crate::server::entities::{contact, lead, opportunity};
use crate::server::ordering::Lane;

/// The deals whose `column` (account or contact) is `id` that the caller may open, newest
/// change first, and how many others there are.
pub(super) async fn visible_opportunities(
    db: &impl ConnectionTrait,
    scope: ClientScope,
    column: opportunity::Column,
    id: i32,
) -> Result<(Vec<OpportunityCard>, u64), sea_orm::DbErr> {
    let under = || Condition::all().add(column.eq(id));
    let cards = opportunity_cards(
        db,
        opportunity::Entity::find()
            .filter(under())
            .filter(opportunity_condition(scope))
            .order_by_desc(opportunity::Column::UpdatedAt)
            .order_by_desc(opportunity::Column::Id)
            .all(db)
            .await?,
    )
    .await?;
    let hidden = left_out::<opportunity::Entity>(db, under(), cards.len()).await?;
    Ok((cards, hidden))
}

pub(super) async fn opportunity_cards(
    db: &impl ConnectionTrait,
    rows: Vec<opportunity::Model>,
) -> Result<Vec<OpportunityCard>, sea_orm::DbErr> {
    let accounts = names_of_accounts(db, rows.iter().map(|o| o.account_id).collect()).await?;
    let people = people_by_id(db, rows.iter().filter_map(|o| o.owner_id).collect()).await?;
    Ok(rows
        .into_iter()
        .map(|o| OpportunityCard {
            id: o.id,
            account_name: accounts.get(&o.account_id).cloned().unwrap_or_default(),
            account_id: o.account_id,
            name: o.name,
            amount_czk: o.amount_czk,
            expected_close: o.expected_close,
            stage: o.stage,
            version: o.version,
            owner: o.owner_id.and_then(|id| people.get(&id).cloned()),
        })
        .collect())
}

/// A stage column of the deal board, as a hand-ordered lane.
pub(super) fn lane(stage: Stage) -> Lane<opportunity::Entity> {
    Lane {
        group: opportunity::Column::Stage,
        value: stage.code(),
        position: opportunity::Column::Position,
        id: opportunity::Column::Id,
    }
}

pub async fn insert_opportunity(
    txn: &impl ConnectionTrait,
    account_id: i32,
    contact_id: Option<i32>,
    input: &ValidOpportunity,
    owner: i32,
    now: DateTime<Utc>,
) -> Result<i32, sea_orm::DbErr> {
    let position = lane(input.stage).top(txn, 0).await?;
    let inserted = opportunity::ActiveModel {
        name: Set(input.name.clone()),
        account_id: Set(account_id),
        contact_id: Set(contact_id),
        amount_czk: Set(input.amount_czk),
        expected_close: Set(input.expected_close),
        stage: Set(input.stage),
        position: Set(position),
        owner_id: Set(Some(owner)),
        version: Set(1),
        created_at: Set(now),
        updated_at: Set(now),
        stage_changed_at: Set(now),
        ..Default::default()
    }
    .insert(txn)
    .await?;
    Ok(inserted.id)
}

/// The deal board: every stage's cards within `scope`, in board order, with totals.
pub async fn opportunity_board(
    db: &DatabaseConnection,
    scope: ClientScope,
) -> Result<Vec<StageColumn>, AppError> {
    let sums: Vec<(Stage, i64, Option<i64>)> = opportunity::Entity::find()
        .filter(opportunity_condition(scope))
        .select_only()
        .column(opportunity::Column::Stage)
        .column_as(opportunity::Column::Id.count(), "n")
        // Cast: PostgreSQL sums a bigint into a numeric.
        .column_as(Expr::cust("CAST(SUM(amount_czk) AS BIGINT)"), "amount")
        .group_by(opportunity::Column::Stage)
        .into_tuple()
        .all(db)
        .await?;
    let mut columns = Vec::with_capacity(Stage::ALL.len());
    for stage in Stage::ALL {
        let rows = opportunity::Entity::find()
            .filter(opportunity_condition(scope))
            .filter(opportunity::Column::Stage.eq(stage.code()))
            .order_by_asc(opportunity::Column::Position)
            .order_by_asc(opportunity::Column::Id)
            .limit(STAGE_PAGE)
            .all(db)
            .await?;
        let (total, amount) = sums
            .iter()
            .find(|(row_stage, _, _)| *row_stage == stage)
            .map(|(_, n, a)| (*n as u64, a.unwrap_or(0)))
            .unwrap_or((0, 0));
        columns.push(StageColumn {
            stage,
            total,
            amount_czk: amount,
            cards: opportunity_cards(db, rows).await?,
        });
    }
    Ok(columns)
}

pub async fn opportunity_detail(
    db: &impl ConnectionTrait,
    scope: ClientScope,
    id: i32,
) -> Result<OpportunityDetail, AppError> {
    let o = opportunity::Entity::find_by_id(id)
        .filter(opportunity_condition(scope))
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    // The deal's person, if the caller may open them (a colleague's contact stays unnamed).
    let contact = match o.contact_id {
        Some(cid) => contact::Entity::find_by_id(cid)
            .filter(contact_condition(scope))
            .one(db)
            .await?
            .map(|c| PersonRef {
                id: c.id,
                name: full_name(&c.first_name, &c.last_name),
            }),
        None => None,
    };
    let card = opportunity_cards(db, vec![o])
        .await?
        .pop()
        .ok_or(AppError::NotFound)?;
    let (origin_leads, hidden_origin_leads) =
        origin_leads(db, scope, lead::Column::ConvertedOpportunityId, id).await?;
    Ok(OpportunityDetail {
        card,
        contact,
        origin_leads,
        hidden_origin_leads,
    })
}

/// Claims a deal's version (the first write of its transaction), within `scope`.
pub(super) async fn claim_opportunity(
    txn: &impl ConnectionTrait,
    scope: ClientScope,
    id: i32,
    seen_version: i32,
    now: DateTime<Utc>,
) -> Result<opportunity::Model, AppError> {
    let claimed = opportunity::Entity::update_many()
        .col_expr(
            opportunity::Column::Version,
            Expr::col(opportunity::Column::Version).add(1),
        )
        .col_expr(opportunity::Column::UpdatedAt, Expr::value(now))
        .filter(opportunity::Column::Id.eq(id))
        .filter(opportunity::Column::Version.eq(seen_version))
        .filter(opportunity_condition(scope))
        .exec(txn)
        .await?;
    let current = opportunity::Entity::find_by_id(id)
        .filter(opportunity_condition(scope))
        .one(txn)
        .await?
        .ok_or(AppError::NotFound)?;
    if claimed.rows_affected == 1 {
        Ok(current)
    } else {
        Err(AppError::Stale)
    }
}

pub async fn update_opportunity(
    db: &DatabaseConnection,
    user: &CurrentUser,
    id: i32,
    seen_version: i32,
    input: ValidOpportunity,
    now: DateTime<Utc>,
) -> Result<OpportunityDetail, AppError> {
    let scope = client_scope(user);
    let txn = db.begin().await?;
    let current = claim_opportunity(&txn, scope, id, seen_version, now).await?;
    let mut update = opportunity::Entity::update_many()
        .col_expr(opportunity::Column::Name, Expr::value(input.name))
        .col_expr(
            opportunity::Column::AmountCzk,
            Expr::value(input.amount_czk),
        )
        .col_expr(
            opportunity::Column::ExpectedClose,
            Expr::value(input.expected_close),
        )
        .filter(opportunity::Column::Id.eq(id));
    if current.stage != input.stage {
        update = update
            .col_expr(opportunity::Column::Stage, Expr::value(input.stage.code()))
            .col_expr(
                opportunity::Column::Position,
                Expr::value(lane(input.stage).top(&txn, id).await?),
            )
            .col_expr(opportunity::Column::StageChangedAt, Expr::value(now));
    }
    update.exec(&txn).await?;
    let detail = opportunity_detail(&txn, scope, id).await?;
    txn.commit().await?;
    Ok(detail)
}

/// Moves a deal on its board: another stage, or another place in its stage.
pub async fn move_opportunity(
    db: &DatabaseConnection,
    user: &CurrentUser,
    request: &StageMove,
    now: DateTime<Utc>,
) -> Result<OpportunityCard, AppError> {
    let scope = client_scope(user);
    let txn = db.begin().await?;
    let current =
        claim_opportunity(&txn, scope, request.opportunity_id, request.version, now).await?;
    // An anchor the caller may not see (or that does not exist) counts as none: the top.
    let anchor = match request.after_id {
        Some(after)
            if after == current.id
                || lane(request.to)
                    .sees(&txn, after, opportunity_condition(scope))
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
    let mut update = opportunity::Entity::update_many()
        .col_expr(opportunity::Column::Stage, Expr::value(request.to.code()))
        .col_expr(opportunity::Column::Position, Expr::value(position))
        .filter(opportunity::Column::Id.eq(current.id));
    if current.stage != request.to {
        update = update.col_expr(opportunity::Column::StageChangedAt, Expr::value(now));
    }
    update.exec(&txn).await?;
    let card = opportunity_detail(&txn, scope, current.id).await?.card;
    txn.commit().await?;
    Ok(card)
}
