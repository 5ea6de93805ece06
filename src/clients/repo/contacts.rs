//! Contact people: their lists, page, creation and edits.

use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseConnection,
    EntityTrait, QueryFilter, QueryOrder, QuerySelect, TransactionTrait,
};

use super::deals::visible_opportunities;
use super::origin::origin_leads;
use super::scope::{
    LIST_LIMIT, account_condition, contact_condition, contact_search_key, list_search,
    names_of_accounts, refusal,
};
use crate::auth::model::CurrentUser;
use crate::auth::permissions::{ClientScope, client_scope};
use crate::clients::model::{ContactDetail, ContactRow, ValidContact};
use crate::error::AppError;
use crate::leads::store::{name_key, people_by_id};
use crate::server::entities::{account, contact, lead, opportunity};

pub(super) async fn contact_rows(
    db: &impl ConnectionTrait,
    rows: Vec<contact::Model>,
) -> Result<Vec<ContactRow>, sea_orm::DbErr> {
    let accounts = names_of_accounts(db, rows.iter().map(|c| c.account_id).collect()).await?;
    let people = people_by_id(db, rows.iter().filter_map(|c| c.owner_id).collect()).await?;
    Ok(rows
        .into_iter()
        .map(|c| ContactRow {
            id: c.id,
            account_name: accounts.get(&c.account_id).cloned().unwrap_or_default(),
            account_id: c.account_id,
            first_name: c.first_name,
            last_name: c.last_name,
            email: c.email,
            phone: c.phone,
            job_title: c.job_title,
            owner: c.owner_id.and_then(|id| people.get(&id).cloned()),
        })
        .collect())
}

pub async fn list_contacts(
    db: &DatabaseConnection,
    scope: ClientScope,
    q: &str,
) -> Result<Vec<ContactRow>, AppError> {
    let Some(matches) = list_search(contact::Column::SearchKey, q) else {
        return Ok(Vec::new());
    };
    let rows = contact::Entity::find()
        .filter(contact_condition(scope))
        .filter(matches)
        .order_by_asc(contact::Column::NameKey)
        .order_by_asc(contact::Column::Id)
        .limit(LIST_LIMIT)
        .all(db)
        .await?;
    Ok(contact_rows(db, rows).await?)
}

pub async fn contact_detail(
    db: &impl ConnectionTrait,
    scope: ClientScope,
    id: i32,
) -> Result<ContactDetail, AppError> {
    let c = contact::Entity::find_by_id(id)
        .filter(contact_condition(scope))
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    let version = c.version;
    let (opportunities, hidden_opportunities) =
        visible_opportunities(db, scope, opportunity::Column::ContactId, id).await?;
    let row = contact_rows(db, vec![c])
        .await?
        .pop()
        .ok_or(AppError::NotFound)?;
    let (origin_leads, hidden_origin_leads) =
        origin_leads(db, scope, lead::Column::ConvertedContactId, id).await?;
    Ok(ContactDetail {
        row,
        version,
        opportunities,
        hidden_opportunities,
        origin_leads,
        hidden_origin_leads,
    })
}

pub async fn insert_contact(
    txn: &impl ConnectionTrait,
    account_id: i32,
    input: &ValidContact,
    owner: i32,
    now: DateTime<Utc>,
) -> Result<i32, sea_orm::DbErr> {
    let inserted = contact::ActiveModel {
        account_id: Set(account_id),
        first_name: Set(input.first_name.clone()),
        last_name: Set(input.last_name.clone()),
        name_key: Set(name_key(&input.first_name, &input.last_name)),
        search_key: Set(Some(contact_search_key(input))),
        email: Set(input.email.clone()),
        phone: Set(input.phone.clone()),
        job_title: Set(input.job_title.clone()),
        owner_id: Set(Some(owner)),
        version: Set(1),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(txn)
    .await?;
    Ok(inserted.id)
}

/// Adds a person to an organisation the user may see.
pub async fn create_contact(
    db: &DatabaseConnection,
    user: &CurrentUser,
    account_id: i32,
    input: ValidContact,
    now: DateTime<Utc>,
) -> Result<i32, AppError> {
    // Checked before the insert: the new contact would itself make the organisation visible.
    account::Entity::find_by_id(account_id)
        .filter(account_condition(client_scope(user)))
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok(insert_contact(db, account_id, &input, user.id, now).await?)
}

pub async fn update_contact(
    db: &DatabaseConnection,
    user: &CurrentUser,
    id: i32,
    seen_version: i32,
    input: ValidContact,
    now: DateTime<Utc>,
) -> Result<ContactDetail, AppError> {
    let scope = client_scope(user);
    let txn = db.begin().await?;
    let claimed = contact::Entity::update_many()
        .col_expr(
            contact::Column::Version,
            Expr::col(contact::Column::Version).add(1),
        )
        .col_expr(contact::Column::UpdatedAt, Expr::value(now))
        .col_expr(
            contact::Column::NameKey,
            Expr::value(name_key(&input.first_name, &input.last_name)),
        )
        .col_expr(
            contact::Column::SearchKey,
            Expr::value(contact_search_key(&input)),
        )
        .col_expr(contact::Column::FirstName, Expr::value(input.first_name))
        .col_expr(contact::Column::LastName, Expr::value(input.last_name))
        .col_expr(contact::Column::Email, Expr::value(input.email))
        .col_expr(contact::Column::Phone, Expr::value(input.phone))
        .col_expr(contact::Column::JobTitle, Expr::value(input.job_title))
        .filter(contact::Column::Id.eq(id))
        .filter(contact::Column::Version.eq(seen_version))
        .filter(contact_condition(scope))
        .exec(&txn)
        .await?;
    if claimed.rows_affected != 1 {
        return Err(refusal::<contact::Entity>(&txn, id, contact_condition(scope)).await);
    }
    let detail = contact_detail(&txn, scope, id).await?;
    txn.commit().await?;
    Ok(detail)
}
