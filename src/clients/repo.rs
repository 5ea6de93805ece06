//! Client queries and updates (server only): organisations, contacts, deals, and the leads
//! they came from. Every query stays within the caller's [`ClientScope`].

use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, Condition, ConnectionTrait,
    DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect,
    QueryTrait, TransactionTrait,
};

use super::model::{
    AccountDetail, AccountInput, AccountRow, ContactDetail, ContactRow, ConvertedTo,
    OpportunityCard, OpportunityDetail, OriginLead, RecordRef, STAGE_PAGE, Stage, StageColumn,
    StageMove, ValidAccount, ValidContact, ValidOpportunity,
};
use crate::auth::model::CurrentUser;
use crate::auth::permissions::{ClientScope, client_scope};
use crate::error::{AppError, Field, FieldError, FieldProblem};
use crate::leads::model::{LeadSource, LeadStatus, PersonRef, StatusChange, full_name};
use crate::leads::store::{name_key, people_by_id, search_condition};
use crate::server::db::is_unique_violation;
use crate::server::entities::{account, contact, lead, lead_status_change, opportunity};
use crate::server::ordering::Lane;

/// How many rows a list shows; the search narrows it.
const LIST_LIMIT: u64 = 200;

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
fn owned_accounts(me: i32) -> sea_orm::sea_query::SelectStatement {
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
async fn refusal<E>(txn: &impl ConnectionTrait, id: i32, scope: Condition) -> AppError
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

fn account_input(a: &account::Model) -> AccountInput {
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

/// How many rows of `E` under `all` a list leaves out when it shows `shown` of them.
async fn left_out<E>(
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

/// The deals whose `column` (account or contact) is `id` that the caller may open, newest
/// change first, and how many others there are.
async fn visible_opportunities(
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
fn ico_taken(err: sea_orm::DbErr) -> AppError {
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

async fn contact_rows(
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

async fn opportunity_cards(
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
            stage: Stage::from_code(&o.stage).unwrap_or_default(),
            version: o.version,
            owner: o.owner_id.and_then(|id| people.get(&id).cloned()),
        })
        .collect())
}

/// A stage column of the deal board, as a hand-ordered lane.
fn lane(stage: Stage) -> Lane<opportunity::Entity> {
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
        stage: Set(input.stage.code().to_string()),
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
    let sums: Vec<(String, i64, Option<i64>)> = opportunity::Entity::find()
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
            .find(|(code, _, _)| code == stage.code())
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
async fn claim_opportunity(
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
    if current.stage != input.stage.code() {
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
    if current.stage != request.to.code() {
        update = update.col_expr(opportunity::Column::StageChangedAt, Expr::value(now));
    }
    update.exec(&txn).await?;
    let card = opportunity_detail(&txn, scope, current.id).await?.card;
    txn.commit().await?;
    Ok(card)
}

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
async fn origin_leads(
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
                from: h.from_status.as_deref().and_then(LeadStatus::from_code),
                to: LeadStatus::from_code(&h.to_status).unwrap_or(LeadStatus::New),
                changed_at: h.changed_at,
                disqualification: None,
            })
            .collect();
        origins.push(OriginLead {
            id: l.id,
            name: full_name(&l.first_name, &l.last_name),
            source: LeadSource::from_code(&l.source).unwrap_or_default(),
            created_at: l.created_at,
            converted_at: l.status_changed_at,
            converted_by: l.converted_by.and_then(|u| people.get(&u).cloned()),
            history,
            activities: crate::activities::repo::for_lead(db, l.id).await?,
        });
    }
    Ok((origins, hidden))
}
