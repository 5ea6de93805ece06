use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

/// A lead's owner (the salesperson working it), its kraj and the product it asks about — what
/// the permissions and the assignment rules look at.
///
/// Plain SQL because the statement is the same on SQLite and PostgreSQL, and SQLite can add a
/// column with a REFERENCES clause (NULL default) but not a constraint to an existing table.
#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        for sql in [
            "ALTER TABLE lead ADD COLUMN owner_id INTEGER NULL \
             REFERENCES app_user (id) ON DELETE SET NULL",
            "ALTER TABLE lead ADD COLUMN region VARCHAR(3) NULL",
            "ALTER TABLE lead ADD COLUMN product_id INTEGER NULL \
             REFERENCES product (id) ON DELETE SET NULL",
            // The board of one salesperson: their cards of a column, in column order.
            "CREATE INDEX ix_lead_owner_status_position ON lead (owner_id, status, position, id)",
        ] {
            db.execute_unprepared(sql).await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        for sql in [
            "DROP INDEX ix_lead_owner_status_position",
            "ALTER TABLE lead DROP COLUMN product_id",
            "ALTER TABLE lead DROP COLUMN region",
            "ALTER TABLE lead DROP COLUMN owner_id",
        ] {
            db.execute_unprepared(sql).await?;
        }
        Ok(())
    }
}
