use sea_orm::entity::prelude::*;

/// A message the mailbox intake handled (see `crate::email::intake`).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "email_message")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    /// The Message-ID, or `sha256:` and a hash of the message's bytes. Unique.
    pub message_id: String,
    pub imap_uid: Option<i64>,
    pub received_at: DateTimeUtc,
    /// `created`, `activity` or `skipped`.
    pub outcome: String,
    /// Why it was skipped.
    pub reason: Option<String>,
    pub lead_id: Option<i32>,
    pub processed_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
