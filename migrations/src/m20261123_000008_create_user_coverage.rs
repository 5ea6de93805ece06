use sea_orm_migration::{prelude::*, schema::*};

use crate::m20261123_000003_create_app_user::AppUser;
use crate::m20261123_000006_create_product::Product;

#[derive(DeriveMigrationName)]
pub struct Migration;

/// What each user covers: kraje (region codes) and products. The "by region" and "by product"
/// assignment rules pick among the users who cover the lead's region or product.
#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(UserRegion::Table)
                    .if_not_exists()
                    .col(integer(UserRegion::UserId))
                    .col(string_len(UserRegion::Region, 3))
                    .primary_key(
                        Index::create()
                            .col(UserRegion::UserId)
                            .col(UserRegion::Region),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_user_region_user")
                            .from(UserRegion::Table, UserRegion::UserId)
                            .to(AppUser::Table, AppUser::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(UserProduct::Table)
                    .if_not_exists()
                    .col(integer(UserProduct::UserId))
                    .col(integer(UserProduct::ProductId))
                    .primary_key(
                        Index::create()
                            .col(UserProduct::UserId)
                            .col(UserProduct::ProductId),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_user_product_user")
                            .from(UserProduct::Table, UserProduct::UserId)
                            .to(AppUser::Table, AppUser::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_user_product_product")
                            .from(UserProduct::Table, UserProduct::ProductId)
                            .to(Product::Table, Product::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(UserProduct::Table).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(UserRegion::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
enum UserRegion {
    Table,
    UserId,
    Region,
}

#[derive(DeriveIden)]
enum UserProduct {
    Table,
    UserId,
    ProductId,
}
