use sea_orm::entity::prelude::*;

/// The mailbox's last poll: one row, id 1 (see `crate::email::repo`).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "email_poll_status")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: i32,
    pub polled_at: Option<DateTimeUtc>,
    pub created_count: i32,
    pub activity_count: i32,
    pub skipped_count: i32,
    /// Why the last poll failed; None when it went through.
    pub error: Option<String>,
    /// The folder's UIDVALIDITY when `last_uid` was read.
    pub uid_validity: Option<i64>,
    /// The highest UID handled: the next poll fetches only above it.
    pub last_uid: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
