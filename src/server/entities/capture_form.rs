use sea_orm::entity::prelude::*;

use crate::leads::status::LeadSource;

/// A web form that posts leads (see `crate::capture`).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "capture_form")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    /// The public key in the form's URL.
    pub form_key: String,
    pub name: String,
    /// The source stamped on its leads (the column is wider than the lead's).
    #[sea_orm(column_type = "String(StringLen::N(32))")]
    pub source: LeadSource,
    /// Origins allowed to post, one per line.
    pub allowed_origins: String,
    /// `CaptureField` codes, comma-separated.
    pub accepted_fields: String,
    pub required_fields: String,
    /// None: the assignment rules decide.
    pub owner_id: Option<i32>,
    pub consent_text: Option<String>,
    /// Goes up whenever the consent text changes.
    pub consent_version: i32,
    pub thank_you_url: Option<String>,
    pub active: bool,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
