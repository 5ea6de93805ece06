use sea_orm_migration::{prelude::*, schema::*};

use crate::m20261122_000001_create_lead::Lead;

#[derive(DeriveMigrationName)]
pub struct Migration;

/// Every status a lead ever had, creation included (from = NULL). Time-to-qualify and
/// speed-to-lead reports are computed from this table, so it is written in the same
/// transaction as the status it records.
#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(LeadStatusChange::Table)
                    .if_not_exists()
                    .col(pk_auto(LeadStatusChange::Id))
                    .col(integer(LeadStatusChange::LeadId))
                    .col(string_len_null(LeadStatusChange::FromStatus, 20))
                    .col(string_len(LeadStatusChange::ToStatus, 20))
                    .col(timestamp_with_time_zone(LeadStatusChange::ChangedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_lead_status_change_lead")
                            .from(LeadStatusChange::Table, LeadStatusChange::LeadId)
                            .to(Lead::Table, Lead::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_lead_status_change_lead")
                    .table(LeadStatusChange::Table)
                    .col(LeadStatusChange::LeadId)
                    .col(LeadStatusChange::ChangedAt)
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_lead_status_change_to")
                    .table(LeadStatusChange::Table)
                    .col(LeadStatusChange::ToStatus)
                    .col(LeadStatusChange::ChangedAt)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(LeadStatusChange::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
enum LeadStatusChange {
    Table,
    Id,
    LeadId,
    FromStatus,
    ToStatus,
    ChangedAt,
}
