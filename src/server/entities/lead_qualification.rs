use sea_orm::entity::prelude::*;

use crate::leads::status::Score;
use crate::qualification::model::{BudgetStatus, Timing};

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "lead_qualification")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub lead_id: i32,
    #[sea_orm(column_type = "Text")]
    pub need: String,
    pub need_confirmed: Option<bool>,
    pub budget_czk: Option<i64>,
    pub budget_status: BudgetStatus,
    pub decision_maker: Option<bool>,
    pub approvers: String,
    pub timing: Timing,
    #[sea_orm(column_type = "Text")]
    pub notes: String,
    pub score_override: Option<Score>,
    pub updated_by: Option<i32>,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
