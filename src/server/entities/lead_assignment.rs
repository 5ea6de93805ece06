use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "lead_assignment")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub lead_id: i32,
    pub from_user_id: Option<i32>,
    pub to_user_id: Option<i32>,
    pub assigned_by: Option<i32>,
    pub rule_name: Option<String>,
    pub assigned_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
