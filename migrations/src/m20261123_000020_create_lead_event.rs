use sea_orm_migration::{prelude::*, schema::*};

use crate::m20261122_000001_create_lead::Lead;

#[derive(DeriveMigrationName)]
pub struct Migration;

/// The outbox of live updates: every change to a lead writes one row in the change's own
/// transaction, so an event exists exactly when its change committed. Each app instance reads
/// new rows in id order and passes them to its subscribers; a reconnecting browser catches up
/// from the last id it saw. Rows hold ids and versions only: details are fetched after.
#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(LeadEvent::Table)
                    .if_not_exists()
                    .col(big_integer(LeadEvent::Id).auto_increment().primary_key())
                    .col(integer(LeadEvent::LeadId))
                    .col(string_len(LeadEvent::Kind, 16))
                    .col(integer_null(LeadEvent::OwnerId))
                    .col(integer_null(LeadEvent::PrevOwnerId))
                    .col(integer(LeadEvent::Version))
                    .col(timestamp_with_time_zone(LeadEvent::At))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_lead_event_lead")
                            .from(LeadEvent::Table, LeadEvent::LeadId)
                            .to(Lead::Table, Lead::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        // Pruning old events by time.
        manager
            .create_index(
                Index::create()
                    .name("ix_lead_event_at")
                    .table(LeadEvent::Table)
                    .col(LeadEvent::At)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(LeadEvent::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
enum LeadEvent {
    Table,
    Id,
    LeadId,
    Kind,
    OwnerId,
    PrevOwnerId,
    Version,
    At,
}
