use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// The products a lead can be interested in: a short list the admin maintains. A product is
/// retired (inactive), never deleted, so old leads keep their product. `name_key` (lower case)
/// keeps two products from differing only in case.
#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Product::Table)
                    .if_not_exists()
                    .col(pk_auto(Product::Id))
                    .col(string_len(Product::Name, 100))
                    .col(string_len_uniq(Product::NameKey, 100))
                    .col(boolean(Product::Active).default(true))
                    .col(timestamp_with_time_zone(Product::CreatedAt))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(Product::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
pub enum Product {
    Table,
    Id,
    Name,
    NameKey,
    Active,
    CreatedAt,
}
