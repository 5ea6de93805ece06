use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::DatabaseBackend;

#[derive(DeriveMigrationName)]
pub struct Migration;

/// One folded search key per lead, organisation and contact (lower case, no diacritics, phone
/// numbers as digits), so "skoda", "škoda" and "ŠKODA" find the same record on both databases,
/// and a lead's IČO (imports bring it; duplicates are found by it). Lead email and phone get
/// indexes for the duplicate checks.
///
/// The key is computed in Rust (the app's one normalisation code), so this step only adds the
/// columns: NULL means "not computed yet", and the app fills those after migrating.
/// On PostgreSQL a trigram index (pg_trgm, created in `public` so every schema of the database
/// shares it) serves the `LIKE '%…%'` of search; SQLite has no such index and scans the key.
#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        for sql in [
            "ALTER TABLE lead ADD COLUMN search_key TEXT NULL",
            "ALTER TABLE lead ADD COLUMN ico TEXT NULL",
            "ALTER TABLE account ADD COLUMN search_key TEXT NULL",
            "ALTER TABLE contact ADD COLUMN search_key TEXT NULL",
            "CREATE INDEX ix_lead_email ON lead (email)",
            "CREATE INDEX ix_lead_phone ON lead (phone)",
            "CREATE INDEX ix_lead_ico ON lead (ico)",
        ] {
            db.execute_unprepared(sql).await?;
        }
        match db.get_database_backend() {
            DatabaseBackend::Postgres => {
                for sql in [
                    "CREATE EXTENSION IF NOT EXISTS pg_trgm WITH SCHEMA public",
                    "CREATE INDEX ix_lead_search_key ON lead \
                     USING gin (search_key public.gin_trgm_ops)",
                    "CREATE INDEX ix_account_search_key ON account \
                     USING gin (search_key public.gin_trgm_ops)",
                    "CREATE INDEX ix_contact_search_key ON contact \
                     USING gin (search_key public.gin_trgm_ops)",
                ] {
                    db.execute_unprepared(sql).await?;
                }
            }
            _ => {
                for sql in [
                    "CREATE INDEX ix_lead_search_key ON lead (search_key)",
                    "CREATE INDEX ix_account_search_key ON account (search_key)",
                    "CREATE INDEX ix_contact_search_key ON contact (search_key)",
                ] {
                    db.execute_unprepared(sql).await?;
                }
            }
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        for sql in [
            "DROP INDEX ix_contact_search_key",
            "DROP INDEX ix_account_search_key",
            "DROP INDEX ix_lead_search_key",
            "DROP INDEX ix_lead_ico",
            "DROP INDEX ix_lead_phone",
            "DROP INDEX ix_lead_email",
            "ALTER TABLE contact DROP COLUMN search_key",
            "ALTER TABLE account DROP COLUMN search_key",
            "ALTER TABLE lead DROP COLUMN ico",
            "ALTER TABLE lead DROP COLUMN search_key",
        ] {
            db.execute_unprepared(sql).await?;
        }
        Ok(())
    }
}
