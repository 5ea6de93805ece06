use sea_orm_migration::{prelude::*, schema::*};

use crate::m20261123_000003_create_app_user::AppUser;

#[derive(DeriveMigrationName)]
pub struct Migration;

/// Organizace: the client side's companies. `name_key` is the normalised name (no case, no
/// diacritics, no legal form) the duplicate check compares; an IČO is unique where given.
#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Account::Table)
                    .if_not_exists()
                    .col(pk_auto(Account::Id))
                    .col(string_len(Account::Name, 200))
                    .col(string_len(Account::NameKey, 200))
                    .col(string_len_null(Account::Ico, 8))
                    .col(string_len(Account::Dic, 12).default(""))
                    .col(string_len(Account::Street, 200).default(""))
                    .col(string_len(Account::City, 100).default(""))
                    .col(string_len(Account::PostalCode, 6).default(""))
                    .col(string_len(Account::Web, 200).default(""))
                    .col(string_len_null(Account::Phone, 20))
                    .col(integer_null(Account::OwnerId))
                    .col(integer(Account::Version))
                    .col(timestamp_with_time_zone(Account::CreatedAt))
                    .col(timestamp_with_time_zone(Account::UpdatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_account_owner")
                            .from(Account::Table, Account::OwnerId)
                            .to(AppUser::Table, AppUser::Id)
                            .on_delete(ForeignKeyAction::SetNull),
                    )
                    .to_owned(),
            )
            .await?;
        for (name, column, unique) in [
            ("ux_account_ico", Account::Ico, true),
            ("ix_account_name_key", Account::NameKey, false),
            ("ix_account_owner", Account::OwnerId, false),
        ] {
            let mut index = Index::create();
            index.name(name).table(Account::Table).col(column);
            if unique {
                index.unique();
            }
            manager.create_index(index.to_owned()).await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(Account::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden, Clone, Copy)]
pub enum Account {
    Table,
    Id,
    Name,
    NameKey,
    Ico,
    Dic,
    Street,
    City,
    PostalCode,
    Web,
    Phone,
    OwnerId,
    Version,
    CreatedAt,
    UpdatedAt,
}
