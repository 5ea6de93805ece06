use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Lead::Table)
                    .if_not_exists()
                    .col(pk_auto(Lead::Id))
                    .col(string_len(Lead::FirstName, 100).default(""))
                    .col(string_len(Lead::LastName, 100))
                    // Lower-case, diacritics folded "příjmení jméno": search and sort by name
                    // behave the same on SQLite and PostgreSQL whatever their collations are.
                    .col(string_len(Lead::NameKey, 201))
                    .col(string_len_null(Lead::Email, 254))
                    // Stored normalised to E.164 (+420777123456) so duplicates can be found later.
                    .col(string_len_null(Lead::Phone, 20))
                    .col(string_len(Lead::Company, 200).default(""))
                    .col(string_len(Lead::Source, 20))
                    .col(text(Lead::Description).default(""))
                    .col(string_len(Lead::Status, 20))
                    // Order inside a status column; sparse so a move usually rewrites one row.
                    .col(big_integer(Lead::Position))
                    // Optimistic concurrency: every write bumps it, a stale writer is refused.
                    .col(integer(Lead::Version).default(1))
                    // One key per quick-entry form: a retried submit finds the lead it made.
                    .col(string_len_null(Lead::IdempotencyKey, 64))
                    .col(timestamp_with_time_zone(Lead::CreatedAt))
                    .col(timestamp_with_time_zone(Lead::UpdatedAt))
                    .col(timestamp_with_time_zone(Lead::StatusChangedAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ux_lead_idempotency_key")
                    .table(Lead::Table)
                    .col(Lead::IdempotencyKey)
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_lead_status_position")
                    .table(Lead::Table)
                    .col(Lead::Status)
                    .col(Lead::Position)
                    .col(Lead::Id)
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_lead_name_key")
                    .table(Lead::Table)
                    .col(Lead::NameKey)
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_lead_created_at")
                    .table(Lead::Table)
                    .col(Lead::CreatedAt)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(Lead::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
pub enum Lead {
    Table,
    Id,
    FirstName,
    LastName,
    NameKey,
    Email,
    Phone,
    Company,
    Source,
    Description,
    Status,
    Position,
    Version,
    IdempotencyKey,
    CreatedAt,
    UpdatedAt,
    StatusChangedAt,
}
