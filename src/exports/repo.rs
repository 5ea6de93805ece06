//! The rows of each export (server only), read with the very conditions of the screen the
//! user exports from: the board's query, the lead search, the Klienti lists' searches, each
//! within the caller's scope. Everything that matches, not only the first page.

use std::collections::HashMap;

use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder, QuerySelect};

use crate::auth::permissions::{ClientScope, LeadScope};
use crate::clients::model::Stage;
use crate::clients::repo::{
    account_condition, contact_condition, list_search, names_of_accounts, opportunity_condition,
};
use crate::error::AppError;
use crate::i18n::Texts;
use crate::i18n::time::prague_offset;
use crate::leads::model::format_phone;
use crate::leads::repo::BoardQuery;
use crate::leads::scope::scope_condition;
use crate::leads::store::{people_by_id, search_condition};
use crate::server::entities::{account, contact, lead, opportunity, product};
use crate::shared::region::Region;

/// A table without its sheet name: the header row and the rows.
pub struct Table {
    pub headers: Vec<&'static str>,
    pub rows: Vec<Vec<String>>,
}

/// A moment as Czech Excel reads a date and time: Prague time, "30.11.2026 14:05".
pub fn excel_datetime(utc: DateTime<Utc>) -> String {
    (utc + prague_offset(utc))
        .format("%d.%m.%Y %H:%M")
        .to_string()
}

/// A day as Czech Excel reads a date: "30.11.2026".
pub fn excel_date(day: NaiveDate) -> String {
    day.format("%d.%m.%Y").to_string()
}

fn phone(e164: Option<&str>) -> String {
    e164.map(format_phone).unwrap_or_default()
}

/// Names of the owners of `rows` (one query).
async fn owners(
    db: &DatabaseConnection,
    ids: impl Iterator<Item = Option<i32>>,
) -> Result<HashMap<i32, String>, AppError> {
    Ok(people_by_id(db, ids.flatten().collect())
        .await?
        .into_iter()
        .map(|(id, p)| (id, p.name))
        .collect())
}

fn name_of(names: &HashMap<i32, String>, id: Option<i32>) -> String {
    id.and_then(|id| names.get(&id).cloned())
        .unwrap_or_default()
}

/// The leads of the board as `query` shows them: column by column, in board order.
pub async fn board_leads(
    db: &DatabaseConnection,
    query: BoardQuery,
    t: &Texts,
) -> Result<Table, AppError> {
    let mut leads = lead::Entity::find()
        .filter(query.condition())
        .order_by_asc(lead::Column::Position)
        .order_by_asc(lead::Column::Id)
        .all(db)
        .await?;
    // Stable: within a column the database's position order stays.
    leads.sort_by_key(|l| l.status.index());
    lead_table(db, leads, t).await
}

/// The leads a search for `q` finds within `scope` (all of them, newest change first).
pub async fn searched_leads(
    db: &DatabaseConnection,
    scope: LeadScope,
    q: &str,
    t: &Texts,
) -> Result<Table, AppError> {
    let leads = match search_condition(lead::Column::SearchKey, q) {
        Some(matches) => {
            lead::Entity::find()
                .filter(scope_condition(scope))
                .filter(matches)
                .order_by_desc(lead::Column::UpdatedAt)
                .order_by_desc(lead::Column::Id)
                .all(db)
                .await?
        }
        None => Vec::new(),
    };
    lead_table(db, leads, t).await
}

async fn lead_table(
    db: &DatabaseConnection,
    leads: Vec<lead::Model>,
    t: &Texts,
) -> Result<Table, AppError> {
    let e = t.exports;
    let owners = owners(db, leads.iter().map(|l| l.owner_id)).await?;
    let products: HashMap<i32, String> = product::Entity::find()
        .select_only()
        .column(product::Column::Id)
        .column(product::Column::Name)
        .into_tuple::<(i32, String)>()
        .all(db)
        .await?
        .into_iter()
        .collect();
    let rows = leads
        .into_iter()
        .map(|l| {
            vec![
                l.id.to_string(),
                l.first_name,
                l.last_name,
                l.company,
                l.ico.unwrap_or_default(),
                l.email.unwrap_or_default(),
                phone(l.phone.as_deref()),
                t.source(l.source).to_string(),
                t.status(l.status).to_string(),
                l.score.map(|s| s.code().to_string()).unwrap_or_default(),
                l.region
                    .as_deref()
                    .and_then(Region::from_code)
                    .map(|r| t.region(r).to_string())
                    .unwrap_or_default(),
                l.product_id
                    .and_then(|id| products.get(&id).cloned())
                    .unwrap_or_default(),
                name_of(&owners, l.owner_id),
                excel_datetime(l.created_at),
                excel_datetime(l.updated_at),
                l.first_contact_at.map(excel_datetime).unwrap_or_default(),
                l.disqualify_reason
                    .map(|r| t.disqualify_reason(r).to_string())
                    .unwrap_or_default(),
                l.description,
            ]
        })
        .collect();
    Ok(Table {
        headers: vec![
            e.col_id,
            e.col_first_name,
            e.col_last_name,
            e.col_company,
            e.col_ico,
            e.col_email,
            e.col_phone,
            e.col_source,
            e.col_status,
            e.col_score,
            e.col_region,
            e.col_product,
            e.col_owner,
            e.col_created,
            e.col_updated,
            e.col_first_contact,
            e.col_disqualify_reason,
            e.col_description,
        ],
        rows,
    })
}

/// The organisations the list shows for `q` within `scope` (all of them, by name).
pub async fn accounts(
    db: &DatabaseConnection,
    scope: ClientScope,
    q: &str,
    t: &Texts,
) -> Result<Table, AppError> {
    let e = t.exports;
    let rows = match list_search(account::Column::SearchKey, q) {
        Some(matches) => {
            account::Entity::find()
                .filter(account_condition(scope))
                .filter(matches)
                .order_by_asc(account::Column::NameKey)
                .order_by_asc(account::Column::Id)
                .all(db)
                .await?
        }
        None => Vec::new(),
    };
    let owners = owners(db, rows.iter().map(|a| a.owner_id)).await?;
    Ok(Table {
        headers: vec![
            e.col_name,
            e.col_ico,
            e.col_dic,
            e.col_street,
            e.col_city,
            e.col_postal_code,
            e.col_web,
            e.col_phone,
            e.col_owner,
            e.col_created,
        ],
        rows: rows
            .into_iter()
            .map(|a| {
                vec![
                    a.name,
                    a.ico.unwrap_or_default(),
                    a.dic,
                    a.street,
                    a.city,
                    a.postal_code,
                    a.web,
                    phone(a.phone.as_deref()),
                    name_of(&owners, a.owner_id),
                    excel_datetime(a.created_at),
                ]
            })
            .collect(),
    })
}

/// The contacts the list shows for `q` within `scope` (all of them, by name).
pub async fn contacts(
    db: &DatabaseConnection,
    scope: ClientScope,
    q: &str,
    t: &Texts,
) -> Result<Table, AppError> {
    let e = t.exports;
    let rows = match list_search(contact::Column::SearchKey, q) {
        Some(matches) => {
            contact::Entity::find()
                .filter(contact_condition(scope))
                .filter(matches)
                .order_by_asc(contact::Column::NameKey)
                .order_by_asc(contact::Column::Id)
                .all(db)
                .await?
        }
        None => Vec::new(),
    };
    let owners = owners(db, rows.iter().map(|c| c.owner_id)).await?;
    // A contact the caller may see is at an organisation they may see (ClientScope).
    let accounts = names_of_accounts(db, rows.iter().map(|c| c.account_id).collect()).await?;
    Ok(Table {
        headers: vec![
            e.col_last_name,
            e.col_first_name,
            e.col_organisation,
            e.col_job_title,
            e.col_email,
            e.col_phone,
            e.col_owner,
            e.col_created,
        ],
        rows: rows
            .into_iter()
            .map(|c| {
                vec![
                    c.last_name,
                    c.first_name,
                    accounts.get(&c.account_id).cloned().unwrap_or_default(),
                    c.job_title,
                    c.email.unwrap_or_default(),
                    phone(c.phone.as_deref()),
                    name_of(&owners, c.owner_id),
                    excel_datetime(c.created_at),
                ]
            })
            .collect(),
    })
}

/// The deals of the deal board within `scope`, stage by stage in board order. A deal's
/// person is named only if the caller may open that contact (as on the deal's page).
pub async fn deals(
    db: &DatabaseConnection,
    scope: ClientScope,
    t: &Texts,
) -> Result<Table, AppError> {
    let e = t.exports;
    let mut rows = opportunity::Entity::find()
        .filter(opportunity_condition(scope))
        .order_by_asc(opportunity::Column::Position)
        .order_by_asc(opportunity::Column::Id)
        .all(db)
        .await?;
    let stage_index = |stage: Stage| Stage::ALL.iter().position(|s| *s == stage);
    rows.sort_by_key(|o| stage_index(o.stage));
    let owners = owners(db, rows.iter().map(|o| o.owner_id)).await?;
    let accounts = names_of_accounts(db, rows.iter().map(|o| o.account_id).collect()).await?;
    let contact_ids: Vec<i32> = rows.iter().filter_map(|o| o.contact_id).collect();
    let people: HashMap<i32, String> = if contact_ids.is_empty() {
        HashMap::new()
    } else {
        contact::Entity::find()
            .filter(contact::Column::Id.is_in(contact_ids))
            .filter(contact_condition(scope))
            .all(db)
            .await?
            .into_iter()
            .map(|c| {
                (
                    c.id,
                    crate::leads::model::full_name(&c.first_name, &c.last_name),
                )
            })
            .collect()
    };
    Ok(Table {
        headers: vec![
            e.col_name,
            e.col_organisation,
            e.col_contact,
            e.col_amount,
            e.col_expected_close,
            e.col_stage,
            e.col_owner,
            e.col_created,
        ],
        rows: rows
            .into_iter()
            .map(|o| {
                vec![
                    o.name,
                    accounts.get(&o.account_id).cloned().unwrap_or_default(),
                    o.contact_id
                        .and_then(|id| people.get(&id).cloned())
                        .unwrap_or_default(),
                    o.amount_czk.map(|a| a.to_string()).unwrap_or_default(),
                    o.expected_close.map(excel_date).unwrap_or_default(),
                    t.clients.stage(o.stage).to_string(),
                    name_of(&owners, o.owner_id),
                    excel_datetime(o.created_at),
                ]
            })
            .collect(),
    })
}
