use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// Failed sign-ins, counted per account and per client address over a sliding window to
/// slow down password guessing. In the database, so every app instance sees the same count.
#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(SignInFailure::Table)
                    .if_not_exists()
                    .col(pk_auto(SignInFailure::Id))
                    .col(string_len(SignInFailure::Account, 254))
                    .col(string_len(SignInFailure::Client, 64))
                    .col(timestamp_with_time_zone(SignInFailure::FailedAt))
                    .to_owned(),
            )
            .await?;
        for (name, column) in [
            ("ix_sign_in_failure_account", SignInFailure::Account),
            ("ix_sign_in_failure_client", SignInFailure::Client),
        ] {
            manager
                .create_index(
                    Index::create()
                        .name(name)
                        .table(SignInFailure::Table)
                        .col(column)
                        .col(SignInFailure::FailedAt)
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(SignInFailure::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
enum SignInFailure {
    Table,
    Id,
    Account,
    Client,
    FailedAt,
}
