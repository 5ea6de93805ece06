use sea_orm_migration::{prelude::*, schema::*};

use crate::m20261123_000003_create_app_user::AppUser;
use crate::m20261123_000016_create_account::Account;
use crate::m20261123_000017_create_contact::Contact;

#[derive(DeriveMigrationName)]
pub struct Migration;

/// Příležitosti: a deal with an organisation, moving through stages on its own board
/// (`position` orders a stage's column as on the lead board).
#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Opportunity::Table)
                    .if_not_exists()
                    .col(pk_auto(Opportunity::Id))
                    .col(string_len(Opportunity::Name, 200))
                    .col(integer(Opportunity::AccountId))
                    .col(integer_null(Opportunity::ContactId))
                    .col(big_integer_null(Opportunity::AmountCzk))
                    .col(date_null(Opportunity::ExpectedClose))
                    .col(string_len(Opportunity::Stage, 16))
                    .col(big_integer(Opportunity::Position))
                    .col(integer_null(Opportunity::OwnerId))
                    .col(integer(Opportunity::Version))
                    .col(timestamp_with_time_zone(Opportunity::CreatedAt))
                    .col(timestamp_with_time_zone(Opportunity::UpdatedAt))
                    .col(timestamp_with_time_zone(Opportunity::StageChangedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_opportunity_account")
                            .from(Opportunity::Table, Opportunity::AccountId)
                            .to(Account::Table, Account::Id)
                            .on_delete(ForeignKeyAction::Restrict),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_opportunity_contact")
                            .from(Opportunity::Table, Opportunity::ContactId)
                            .to(Contact::Table, Contact::Id)
                            .on_delete(ForeignKeyAction::SetNull),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_opportunity_owner")
                            .from(Opportunity::Table, Opportunity::OwnerId)
                            .to(AppUser::Table, AppUser::Id)
                            .on_delete(ForeignKeyAction::SetNull),
                    )
                    .to_owned(),
            )
            .await?;
        // The board: a stage's cards in column order; an account's deals.
        manager
            .create_index(
                Index::create()
                    .name("ix_opportunity_stage_position")
                    .table(Opportunity::Table)
                    .col(Opportunity::Stage)
                    .col(Opportunity::Position)
                    .col(Opportunity::Id)
                    .to_owned(),
            )
            .await?;
        for (name, column) in [
            ("ix_opportunity_account", Opportunity::AccountId),
            ("ix_opportunity_owner", Opportunity::OwnerId),
        ] {
            manager
                .create_index(
                    Index::create()
                        .name(name)
                        .table(Opportunity::Table)
                        .col(column)
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(Opportunity::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden, Clone, Copy)]
pub enum Opportunity {
    Table,
    Id,
    Name,
    AccountId,
    ContactId,
    AmountCzk,
    ExpectedClose,
    Stage,
    Position,
    OwnerId,
    Version,
    CreatedAt,
    UpdatedAt,
    StageChangedAt,
}
