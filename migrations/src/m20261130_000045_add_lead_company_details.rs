use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

/// A lead's company details beyond its name and IČO: the DIČ and the registered address
/// (street with numbers, city, postal code), as the ARES lookup fills them or a person types
/// them. Empty text when unknown, like the organisation's columns; the conversion carries them
/// into the new organisation.
#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        for column in ["dic", "street", "city", "postal_code"] {
            db.execute_unprepared(&format!(
                "ALTER TABLE lead ADD COLUMN {column} TEXT NOT NULL DEFAULT ''"
            ))
            .await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        for column in ["postal_code", "city", "street", "dic"] {
            db.execute_unprepared(&format!("ALTER TABLE lead DROP COLUMN {column}"))
                .await?;
        }
        Ok(())
    }
}
