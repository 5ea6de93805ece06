use sea_orm::entity::prelude::*;

/// An import of leads from a file (see `crate::imports`).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "import_batch")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub file_name: String,
    /// The uploaded file, while the batch is a draft or committing.
    pub content: Option<Vec<u8>>,
    /// Stored as the state's code.
    pub state: crate::imports::model::BatchState,
    /// `ImportSettings` as JSON.
    pub settings: Option<String>,
    pub created_by: i32,
    pub created_at: DateTimeUtc,
    pub total_rows: i32,
    /// Index of the next data row the commit handles.
    pub next_row: i32,
    pub created_count: i32,
    pub skipped_count: i32,
    pub filled_count: i32,
    pub invalid_count: i32,
    pub committed_at: Option<DateTimeUtc>,
    pub undone_at: Option<DateTimeUtc>,
    pub undone_by: Option<i32>,
    /// `UndoReport` as JSON.
    pub undo_report: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
