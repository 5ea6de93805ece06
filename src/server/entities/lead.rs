use sea_orm::entity::prelude::*;

use crate::leads::closing::DisqualifyReason;
use crate::leads::status::{LeadSource, LeadStatus, Score};

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "lead")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub first_name: String,
    pub last_name: String,
    pub name_key: String,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub company: String,
    pub source: LeadSource,
    pub description: String,
    pub status: LeadStatus,
    pub position: i64,
    pub version: i32,
    pub idempotency_key: Option<String>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    pub status_changed_at: DateTimeUtc,
    pub owner_id: Option<i32>,
    pub region: Option<String>,
    pub product_id: Option<i32>,
    pub first_contact_at: Option<DateTimeUtc>,
    pub score: Option<Score>,
    pub disqualify_reason: Option<DisqualifyReason>,
    pub disqualify_note: Option<String>,
    pub converted_account_id: Option<i32>,
    pub converted_contact_id: Option<i32>,
    pub converted_opportunity_id: Option<i32>,
    pub converted_by: Option<i32>,
    /// Folded text of name, company, email, phone and IČO (see `crate::matching`).
    pub search_key: Option<String>,
    pub ico: Option<String>,
    /// The import that created the lead (None: typed, converted or demo).
    pub import_batch_id: Option<i32>,
    /// The company's DIČ and registered address (empty when unknown; ARES fills them).
    pub dic: String,
    pub street: String,
    pub city: String,
    pub postal_code: String,
}

// The history rows name their lead (`lead_status_change::Relation::Lead`); the lead does not
// name them back, so the two entities do not import each other.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
