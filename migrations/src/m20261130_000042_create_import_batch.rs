use sea_orm_migration::{prelude::*, schema::*};

use crate::m20261123_000003_create_app_user::AppUser;

#[derive(DeriveMigrationName)]
pub struct Migration;

/// An import of leads from a file. The uploaded file itself is kept in the row while the batch
/// is a draft (instances are stateless and may share a PostgreSQL: the next request may reach
/// another one), with the user's settings as JSON; the commit advances `next_row` step by step,
/// so a closed tab or another instance continues where the last step ended. Afterwards the row
/// records who, when, the file name and the counts, and the file is dropped.
///
/// `lead.import_batch_id` marks the leads a batch created, so "Vrátit import" finds them.
#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(ImportBatch::Table)
                    .if_not_exists()
                    .col(pk_auto(ImportBatch::Id))
                    .col(string_len(ImportBatch::FileName, 255))
                    .col(blob_null(ImportBatch::Content))
                    .col(string_len(ImportBatch::State, 16))
                    .col(text_null(ImportBatch::Settings))
                    .col(integer(ImportBatch::CreatedBy))
                    .col(timestamp_with_time_zone(ImportBatch::CreatedAt))
                    .col(integer(ImportBatch::TotalRows).default(0))
                    .col(integer(ImportBatch::NextRow).default(0))
                    .col(integer(ImportBatch::CreatedCount).default(0))
                    .col(integer(ImportBatch::SkippedCount).default(0))
                    .col(integer(ImportBatch::FilledCount).default(0))
                    .col(integer(ImportBatch::InvalidCount).default(0))
                    .col(timestamp_with_time_zone_null(ImportBatch::CommittedAt))
                    .col(timestamp_with_time_zone_null(ImportBatch::UndoneAt))
                    .col(integer_null(ImportBatch::UndoneBy))
                    .col(text_null(ImportBatch::UndoReport))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_import_batch_created_by")
                            .from(ImportBatch::Table, ImportBatch::CreatedBy)
                            .to(AppUser::Table, AppUser::Id),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_import_batch_undone_by")
                            .from(ImportBatch::Table, ImportBatch::UndoneBy)
                            .to(AppUser::Table, AppUser::Id)
                            .on_delete(ForeignKeyAction::SetNull),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_import_batch_created_at")
                    .table(ImportBatch::Table)
                    .col(ImportBatch::CreatedAt)
                    .to_owned(),
            )
            .await?;
        let db = manager.get_connection();
        // Plain SQL: SQLite adds a column with a REFERENCES clause, not a constraint.
        for sql in [
            "ALTER TABLE lead ADD COLUMN import_batch_id INTEGER NULL \
             REFERENCES import_batch (id) ON DELETE SET NULL",
            "CREATE INDEX ix_lead_import_batch ON lead (import_batch_id)",
        ] {
            db.execute_unprepared(sql).await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        for sql in [
            "DROP INDEX ix_lead_import_batch",
            "ALTER TABLE lead DROP COLUMN import_batch_id",
        ] {
            db.execute_unprepared(sql).await?;
        }
        manager
            .drop_table(Table::drop().table(ImportBatch::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
enum ImportBatch {
    Table,
    Id,
    FileName,
    Content,
    State,
    Settings,
    CreatedBy,
    CreatedAt,
    TotalRows,
    NextRow,
    CreatedCount,
    SkippedCount,
    FilledCount,
    InvalidCount,
    CommittedAt,
    UndoneAt,
    UndoneBy,
    UndoReport,
}
