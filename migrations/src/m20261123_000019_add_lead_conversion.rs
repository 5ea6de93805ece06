use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

/// What a converted lead became, when and by whom. The client side finds its leads (and
/// through them their activities) by these columns.
///
/// Plain SQL: the statements are the same on SQLite and PostgreSQL, and SQLite can add a
/// column with a REFERENCES clause but not a constraint to an existing table.
#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        for sql in [
            "ALTER TABLE lead ADD COLUMN converted_account_id INTEGER NULL \
             REFERENCES account (id) ON DELETE SET NULL",
            "ALTER TABLE lead ADD COLUMN converted_contact_id INTEGER NULL \
             REFERENCES contact (id) ON DELETE SET NULL",
            "ALTER TABLE lead ADD COLUMN converted_opportunity_id INTEGER NULL \
             REFERENCES opportunity (id) ON DELETE SET NULL",
            "ALTER TABLE lead ADD COLUMN converted_by INTEGER NULL \
             REFERENCES app_user (id) ON DELETE SET NULL",
            "CREATE INDEX ix_lead_converted_account ON lead (converted_account_id)",
            "CREATE INDEX ix_lead_converted_contact ON lead (converted_contact_id)",
            "CREATE INDEX ix_lead_converted_opportunity ON lead (converted_opportunity_id)",
        ] {
            db.execute_unprepared(sql).await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        for sql in [
            "DROP INDEX ix_lead_converted_opportunity",
            "DROP INDEX ix_lead_converted_contact",
            "DROP INDEX ix_lead_converted_account",
            "ALTER TABLE lead DROP COLUMN converted_by",
            "ALTER TABLE lead DROP COLUMN converted_opportunity_id",
            "ALTER TABLE lead DROP COLUMN converted_contact_id",
            "ALTER TABLE lead DROP COLUMN converted_account_id",
        ] {
            db.execute_unprepared(sql).await?;
        }
        Ok(())
    }
}
