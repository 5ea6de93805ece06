use sea_orm_migration::{prelude::*, schema::*};

use crate::m20261122_000001_create_lead::Lead;

#[derive(DeriveMigrationName)]
pub struct Migration;

/// Speed-to-lead: when the team first contacted the lead (first call, meeting or sent email
/// logged, or the first move into V jednání). Empty while the lead still waits.
#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Lead::Table)
                    .add_column(timestamp_with_time_zone_null(FirstContact::FirstContactAt))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Lead::Table)
                    .drop_column(FirstContact::FirstContactAt)
                    .to_owned(),
            )
            .await
    }
}

#[derive(DeriveIden)]
enum FirstContact {
    FirstContactAt,
}
