use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// The people who sign in. `email` is stored lower-cased so that sign-in ignores case;
/// `password_hash` is a PHC string (argon2id with its parameters), never the password.
#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(AppUser::Table)
                    .if_not_exists()
                    .col(pk_auto(AppUser::Id))
                    .col(string_len_uniq(AppUser::Email, 254))
                    .col(string_len(AppUser::Name, 120))
                    .col(string_len(AppUser::Role, 20))
                    .col(boolean(AppUser::Active).default(true))
                    .col(string_len(AppUser::PasswordHash, 255))
                    .col(timestamp_with_time_zone(AppUser::CreatedAt))
                    .col(timestamp_with_time_zone(AppUser::UpdatedAt))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(AppUser::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
pub enum AppUser {
    Table,
    Id,
    Email,
    Name,
    Role,
    Active,
    PasswordHash,
    CreatedAt,
    UpdatedAt,
}
