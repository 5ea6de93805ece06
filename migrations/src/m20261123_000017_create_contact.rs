use sea_orm_migration::{prelude::*, schema::*};

use crate::m20261123_000003_create_app_user::AppUser;
use crate::m20261123_000016_create_account::Account;

#[derive(DeriveMigrationName)]
pub struct Migration;

/// Kontakty: people at an organisation. Email and phone are indexed for the duplicate check
/// (phones are stored in E.164, emails in lower case).
#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Contact::Table)
                    .if_not_exists()
                    .col(pk_auto(Contact::Id))
                    .col(integer(Contact::AccountId))
                    .col(string_len(Contact::FirstName, 100))
                    .col(string_len(Contact::LastName, 100))
                    .col(string_len(Contact::NameKey, 200))
                    .col(string_len_null(Contact::Email, 254))
                    .col(string_len_null(Contact::Phone, 20))
                    .col(string_len(Contact::JobTitle, 100).default(""))
                    .col(integer_null(Contact::OwnerId))
                    .col(integer(Contact::Version))
                    .col(timestamp_with_time_zone(Contact::CreatedAt))
                    .col(timestamp_with_time_zone(Contact::UpdatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_contact_account")
                            .from(Contact::Table, Contact::AccountId)
                            .to(Account::Table, Account::Id)
                            .on_delete(ForeignKeyAction::Restrict),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_contact_owner")
                            .from(Contact::Table, Contact::OwnerId)
                            .to(AppUser::Table, AppUser::Id)
                            .on_delete(ForeignKeyAction::SetNull),
                    )
                    .to_owned(),
            )
            .await?;
        for (name, column) in [
            ("ix_contact_account", Contact::AccountId),
            ("ix_contact_email", Contact::Email),
            ("ix_contact_phone", Contact::Phone),
            ("ix_contact_owner", Contact::OwnerId),
        ] {
            manager
                .create_index(
                    Index::create()
                        .name(name)
                        .table(Contact::Table)
                        .col(column)
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(Contact::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden, Clone, Copy)]
pub enum Contact {
    Table,
    Id,
    AccountId,
    FirstName,
    LastName,
    NameKey,
    Email,
    Phone,
    JobTitle,
    OwnerId,
    Version,
    CreatedAt,
    UpdatedAt,
}
