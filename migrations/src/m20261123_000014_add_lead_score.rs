use sea_orm_migration::{prelude::*, schema::*};

use crate::m20261122_000001_create_lead::Lead;

#[derive(DeriveMigrationName)]
pub struct Migration;

/// The lead's score in force (A/B/C; empty until qualified), kept on the lead itself so the
/// board shows and filters it without reading the qualification.
#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Lead::Table)
                    .add_column(string_len_null(Score::Score, 1))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Lead::Table)
                    .drop_column(Score::Score)
                    .to_owned(),
            )
            .await
    }
}

#[derive(DeriveIden)]
enum Score {
    Score,
}
