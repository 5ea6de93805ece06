use sea_orm::entity::prelude::*;

use crate::clients::model::Stage;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "opportunity")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub name: String,
    pub account_id: i32,
    pub contact_id: Option<i32>,
    pub amount_czk: Option<i64>,
    pub expected_close: Option<Date>,
    pub stage: Stage,
    pub position: i64,
    pub owner_id: Option<i32>,
    pub version: i32,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    pub stage_changed_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
