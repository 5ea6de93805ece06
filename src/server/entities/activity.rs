use sea_orm::entity::prelude::*;

use crate::activities::model::ActivityKind;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "activity")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub lead_id: i32,
    pub author_id: Option<i32>,
    pub kind: ActivityKind,
    pub subject: String,
    #[sea_orm(column_type = "Text")]
    pub body: String,
    pub call_outcome: Option<String>,
    pub email_direction: Option<String>,
    pub place: String,
    pub occurs_at: Option<DateTimeUtc>,
    pub done_at: Option<DateTimeUtc>,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
