use sea_orm::entity::prelude::*;

/// The first answer to a web-form submission with an idempotency key (see `crate::capture`).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "capture_idempotency")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub form_id: i32,
    pub idem_key: String,
    pub lead_id: i32,
    /// `CaptureOutcome` code: created or duplicate.
    pub outcome: String,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
