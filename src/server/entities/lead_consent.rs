use sea_orm::entity::prelude::*;

/// What a lead consented to through a web form (see `crate::capture`).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "lead_consent")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub lead_id: i32,
    /// None once the form is deleted; its name stays in `form_name`.
    pub form_id: Option<i32>,
    pub form_name: String,
    pub consent_text: String,
    pub consent_version: i32,
    pub consented_at: DateTimeUtc,
    pub client_address: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
