//! Organisations: their list, page, creation and edits.

use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, Condition, ConnectionTrait,
    DatabaseConnection, EntityTrait, QueryFilter, QueryOrder, QuerySelect, TransactionTrait,
};

use super::contacts::contact_rows;
use super::deals::visible_opportunities;
use super::origin::origin_leads;
use super::scope::{
    LIST_LIMIT, account_condition, account_search_key, company_key, contact_condition, left_out,
    list_search, refusal,
};
use crate::auth::model::CurrentUser;
use crate::auth::permissions::{ClientScope, client_scope};
use crate::clients::model::{AccountDetail, AccountInput, AccountRow, ValidAccount};
use crate::error::{AppError, Field, FieldError, FieldProblem};
use crate::leads::store::people_by_id;
use crate::server::db::is_unique_violation;
use crate::server::entities::{account, contact, lead, opportunity};

pub async fn list_accounts(
    db: &DatabaseConnection,
    scope: ClientScope,
    q: &str,
) -> Result<Vec<AccountRow>, AppError> {
    let Some(matches) = list_search(account::Column::SearchKey, q) else {
        return Ok(Vec::new());
    };
    let rows = account::Entity::find()
        .filter(account_condition(scope))
        .filter(matches)
        .order_by_asc(account::Column::NameKey)
        .order_by_asc(account::Column::Id)
        .limit(LIST_LIMIT)
        .all(db)
        .await?;
    let people = people_by_id(db, rows.iter().filter_map(|a| a.owner_id).collect()).await?;
    Ok(rows
        .into_iter()
        .map(|a| AccountRow {
            id: a.id,
            name: a.name,
            ico: a.ico,
            city: a.city,
            owner: a.owner_id.and_then(|id| people.get(&id).cloned()),
        })
        .collect())
}

pub(super) fn account_input(a: &account::Model) -> AccountInput {
    AccountInput {
        name: a.name.clone(),
        ico: a.ico.clone().unwrap_or_default(),
        dic: a.dic.clone(),
        street: a.street.clone(),
        city: a.city.clone(),
        postal_code: a.postal_code.clone(),
        web: a.web.clone(),
        phone: a
            .phone
            .as_deref()
            .map(crate::leads::model::format_phone)
            .unwrap_or_default(),
    }
}

/// An organisation with its people, its deals and the leads it came from — each list only
/// what the caller may open on its own page, and how many more there are.
pub async fn account_detail(
    db: &impl ConnectionTrait,
    scope: ClientScope,
    id: i32,
) -> Result<AccountDetail, AppError> {
    let a = account::Entity::find_by_id(id)
        .filter(account_condition(scope))
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    let under = || Condition::all().add(contact::Column::AccountId.eq(id));
    let contacts = contact_rows(
        db,
        contact::Entity::find()
            .filter(under())
            .filter(contact_condition(scope))
            .order_by_asc(contact::Column::NameKey)
            .order_by_asc(contact::Column::Id)
            .all(db)
            .await?,
    )
    .await?;
    let hidden_contacts = left_out::<contact::Entity>(db, under(), contacts.len()).await?;
    let (opportunities, hidden_opportunities) =
        visible_opportunities(db, scope, opportunity::Column::AccountId, id).await?;
    let owner = people_by_id(db, a.owner_id.into_iter().collect())
        .await?
        .into_values()
        .next();
    let (origin_leads, hidden_origin_leads) =
        origin_leads(db, scope, lead::Column::ConvertedAccountId, id).await?;
    Ok(AccountDetail {
        id: a.id,
        version: a.version,
        input: account_input(&a),
        ico: a.ico,
        owner,
        created_at: a.created_at,
        contacts,
        hidden_contacts,
        opportunities,
        hidden_opportunities,
        origin_leads,
        hidden_origin_leads,
    })
}

/// Inserts an organisation; an IČO another one has is refused against the IČO field.
pub async fn insert_account(
    txn: &impl ConnectionTrait,
    input: &ValidAccount,
    owner: i32,
    now: DateTime<Utc>,
) -> Result<i32, AppError> {
    let inserted = account::ActiveModel {
        name: Set(input.name.clone()),
        name_key: Set(company_key(&input.name)),
        search_key: Set(Some(account_search_key(input))),
        ico: Set(input.ico.clone()),
        dic: Set(input.dic.clone()),
        street: Set(input.street.clone()),
        city: Set(input.city.clone()),
        postal_code: Set(input.postal_code.clone()),
        web: Set(input.web.clone()),
        phone: Set(input.phone.clone()),
        owner_id: Set(Some(owner)),
        version: Set(1),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(txn)
    .await
    .map_err(ico_taken)?;
    Ok(inserted.id)
}

/// A unique violation of an organisation's write can only be its IČO.
pub(super) fn ico_taken(err: sea_orm::DbErr) -> AppError {
    if is_unique_violation(&err) {
        AppError::Invalid(vec![FieldError::new(Field::Ico, FieldProblem::IcoTaken)])
    } else {
        err.into()
    }
}

pub async fn create_account(
    db: &DatabaseConnection,
    user: &CurrentUser,
    input: ValidAccount,
    now: DateTime<Utc>,
) -> Result<i32, AppError> {
    let txn = db.begin().await?;
    let id = insert_account(&txn, &input, user.id, now).await?;
    txn.commit().await?;
    Ok(id)
}

pub async fn update_account(
    db: &DatabaseConnection,
    user: &CurrentUser,
    id: i32,
    seen_version: i32,
    input: ValidAccount,
    now: DateTime<Utc>,
) -> Result<AccountDetail, AppError> {
    let scope = client_scope(user);
    let txn = db.begin().await?;
    let claimed = account::Entity::update_many()
        .col_expr(
            account::Column::Version,
            Expr::col(account::Column::Version).add(1),
        )
        .col_expr(account::Column::UpdatedAt, Expr::value(now))
        .col_expr(account::Column::Name, Expr::value(input.name.clone()))
        .col_expr(
            account::Column::NameKey,
            Expr::value(company_key(&input.name)),
        )
        .col_expr(
            account::Column::SearchKey,
            Expr::value(account_search_key(&input)),
        )
        .col_expr(account::Column::Ico, Expr::value(input.ico))
        .col_expr(account::Column::Dic, Expr::value(input.dic))
        .col_expr(account::Column::Street, Expr::value(input.street))
        .col_expr(account::Column::City, Expr::value(input.city))
        .col_expr(account::Column::PostalCode, Expr::value(input.postal_code))
        .col_expr(account::Column::Web, Expr::value(input.web))
        .col_expr(account::Column::Phone, Expr::value(input.phone))
        .filter(account::Column::Id.eq(id))
        .filter(account::Column::Version.eq(seen_version))
        .filter(account_condition(scope))
        .exec(&txn)
        .await
        .map_err(ico_taken)?;
    if claimed.rows_affected != 1 {
        return Err(refusal::<account::Entity>(&txn, id, account_condition(scope)).await);
    }
    let detail = account_detail(&txn, scope, id).await?;
    txn.commit().await?;
    Ok(detail)
}
