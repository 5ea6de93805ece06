//! Who sees which client records, and what every client query shares: the scope conditions,
//! the search keys and list search, the refusal of a record out of scope.

use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QuerySelect,
    QueryTrait,
};

use crate::auth::permissions::ClientScope;
use crate::clients::model::{ValidAccount, ValidContact};
use crate::error::AppError;
use crate::leads::store::search_condition;
use crate::server::entities::{account, contact, opportunity};

/// How many rows a list shows; the search narrows it.
pub(super) const LIST_LIMIT: u64 = 200;

pub use crate::matching::company_key;

/// The stored search key of an organisation: name, IČO, city, phone.
pub fn account_search_key(input: &ValidAccount) -> String {
    crate::matching::search_key(crate::matching::KeyParts {
        company: &input.name,
        phone: input.phone.as_deref(),
        ico: input.ico.as_deref(),
        extra: &input.city,
        ..Default::default()
    })
}

/// The stored search key of a contact: name, email, phone.
pub fn contact_search_key(input: &ValidContact) -> String {
    crate::matching::search_key(crate::matching::KeyParts {
        first_name: &input.first_name,
        last_name: &input.last_name,
        email: input.email.as_deref(),
        phone: input.phone.as_deref(),
        ..Default::default()
    })
}

/// Organisations within `scope`.
pub fn account_condition(scope: ClientScope) -> Condition {
    match scope {
        ClientScope::Everything => Condition::all(),
        ClientScope::WorkedBy(me) => Condition::any()
            .add(account::Column::OwnerId.eq(me))
            .add(
                account::Column::Id.in_subquery(
                    contact::Entity::find()
                        .select_only()
                        .column(contact::Column::AccountId)
                        .filter(contact::Column::OwnerId.eq(me))
                        .into_query(),
                ),
            )
            .add(
                account::Column::Id.in_subquery(
                    opportunity::Entity::find()
                        .select_only()
                        .column(opportunity::Column::AccountId)
                        .filter(opportunity::Column::OwnerId.eq(me))
                        .into_query(),
                ),
            ),
    }
}

/// The organisations `me` owns, as a subquery.
pub(super) fn owned_accounts(me: i32) -> sea_orm::sea_query::SelectStatement {
    account::Entity::find()
        .select_only()
        .column(account::Column::Id)
        .filter(account::Column::OwnerId.eq(me))
        .into_query()
}

pub fn contact_condition(scope: ClientScope) -> Condition {
    match scope {
        ClientScope::Everything => Condition::all(),
        ClientScope::WorkedBy(me) => Condition::any()
            .add(contact::Column::OwnerId.eq(me))
            .add(contact::Column::AccountId.in_subquery(owned_accounts(me))),
    }
}

pub fn opportunity_condition(scope: ClientScope) -> Condition {
    match scope {
        ClientScope::Everything => Condition::all(),
        ClientScope::WorkedBy(me) => Condition::any()
            .add(opportunity::Column::OwnerId.eq(me))
            .add(opportunity::Column::AccountId.in_subquery(owned_accounts(me))),
    }
}

/// Why a versioned update changed no row: the record is there for this caller but changed
/// since they loaded it (Stale), or it is not there for them at all (NotFound) — in that order,
/// so a version probe tells nothing about a record the caller may not see.
pub(super) async fn refusal<E>(txn: &impl ConnectionTrait, id: i32, scope: Condition) -> AppError
where
    E: EntityTrait,
    <E::PrimaryKey as sea_orm::PrimaryKeyTrait>::ValueType: From<i32>,
{
    match E::find_by_id(id).filter(scope).one(txn).await {
        Ok(Some(_)) => AppError::Stale,
        Ok(None) => AppError::NotFound,
        Err(err) => err.into(),
    }
}

/// What a searchable list shows for `q`: all of it when `q` is blank, else the records whose
/// search key holds every term of `q`. None (nothing at all) for a `q` of only punctuation:
/// a search for nothing finds nothing, never the whole list. The export uses it too.
pub fn list_search(column: impl ColumnTrait, q: &str) -> Option<Condition> {
    match search_condition(column, q) {
        Some(matches) => Some(matches),
        None if q.trim().is_empty() => Some(Condition::all()),
        None => None,
    }
}

/// Organisations' names by id (one query for a whole list).
pub(crate) async fn names_of_accounts(
    db: &impl ConnectionTrait,
    mut ids: Vec<i32>,
) -> Result<std::collections::HashMap<i32, String>, sea_orm::DbErr> {
    ids.sort_unstable();
    ids.dedup();
    if ids.is_empty() {
        return Ok(Default::default());
    }
    let rows: Vec<(i32, String)> = account::Entity::find()
        .select_only()
        .column(account::Column::Id)
        .column(account::Column::Name)
        .filter(account::Column::Id.is_in(ids))
        .into_tuple()
        .all(db)
        .await?;
    Ok(rows.into_iter().collect())
}

/// How many rows of `E` under `all` a list leaves out when it shows `shown` of them.
pub(super) async fn left_out<E>(
    db: &impl ConnectionTrait,
    all: Condition,
    shown: usize,
) -> Result<u64, sea_orm::DbErr>
where
    E: EntityTrait,
    E::Model: Sync,
{
    let total = E::find().filter(all).count(db).await?;
    Ok(total.saturating_sub(shown as u64))
}
