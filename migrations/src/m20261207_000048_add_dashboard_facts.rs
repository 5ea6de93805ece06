use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::{ConnectionTrait, DatabaseBackend};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// The dashboard over long periods (two years of 100,000 leads in well under a second): each
/// lead carries the facts its numbers need, kept by the database in the writing transaction,
/// so a report reads one index range per number instead of joining the status history and
/// parsing timestamps row by row.
///
/// - `first_qualified_at`: when the lead was first marked Kvalifikovaný (the changed_at of its
///   earliest such history row). A trigger on `lead_status_change` sets it on the first such
///   insert, whichever code path writes history; existing leads are filled from their history.
/// - `contact_minutes`, `qualify_minutes`: whole minutes from creation to first contact and
///   to first qualification (never below 0, empty while the moment is), as generated columns.
///   SQLite computes them from julianday (millisecond precision), PostgreSQL from the exact
///   interval; for timestamps in whole milliseconds both equal chrono's `num_minutes`.
/// - Covering indexes, so the report's scans never touch the table: leads by creation
///   (source, owner, status, minutes to contact), by first qualification, and by status and
///   when it was set (source, owner). They replace `ix_lead_created_at` and
///   `ix_lead_status_changed_at`, with which they begin.
///
/// The entity does not list the two generated columns: nothing writes them.
#[async_trait::async_trait]
impl MigrationTrait for Migration {
    fn use_transaction(&self) -> Option<bool> {
        Some(true)
    }

    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        let postgres = db.get_database_backend() == DatabaseBackend::Postgres;
        // PostgreSQL's GREATEST skips NULL (so the CASE keeps "not yet" empty); SQLite's
        // two-argument MAX answers NULL by itself.
        let statements: &[&str] = if postgres {
            &[
                "ALTER TABLE lead ADD COLUMN first_qualified_at timestamp with time zone",
                "ALTER TABLE lead ADD COLUMN contact_minutes bigint GENERATED ALWAYS AS \
                 (CASE WHEN first_contact_at IS NOT NULL THEN \
                 GREATEST(FLOOR(EXTRACT(EPOCH FROM (first_contact_at - created_at)) / 60), 0)::bigint END) STORED",
                "ALTER TABLE lead ADD COLUMN qualify_minutes bigint GENERATED ALWAYS AS \
                 (CASE WHEN first_qualified_at IS NOT NULL THEN \
                 GREATEST(FLOOR(EXTRACT(EPOCH FROM (first_qualified_at - created_at)) / 60), 0)::bigint END) STORED",
                "CREATE FUNCTION lead_first_qualified() RETURNS trigger LANGUAGE plpgsql AS $$ \
                 BEGIN \
                   UPDATE lead SET first_qualified_at = NEW.changed_at \
                   WHERE id = NEW.lead_id AND first_qualified_at IS NULL; \
                   RETURN NULL; \
                 END $$",
                "CREATE TRIGGER lead_first_qualified AFTER INSERT ON lead_status_change \
                 FOR EACH ROW WHEN (NEW.to_status = 'qualified') \
                 EXECUTE FUNCTION lead_first_qualified()",
            ]
        } else {
            &[
                "ALTER TABLE lead ADD COLUMN first_qualified_at timestamp_with_timezone_text NULL",
                "ALTER TABLE lead ADD COLUMN contact_minutes INTEGER GENERATED ALWAYS AS \
                 (MAX(CAST(ROUND((julianday(first_contact_at) - julianday(created_at)) * 86400000) AS INTEGER) / 60000, 0)) VIRTUAL",
                "ALTER TABLE lead ADD COLUMN qualify_minutes INTEGER GENERATED ALWAYS AS \
                 (MAX(CAST(ROUND((julianday(first_qualified_at) - julianday(created_at)) * 86400000) AS INTEGER) / 60000, 0)) VIRTUAL",
                "CREATE TRIGGER lead_first_qualified AFTER INSERT ON lead_status_change \
                 FOR EACH ROW WHEN NEW.to_status = 'qualified' \
                 BEGIN \
                   UPDATE lead SET first_qualified_at = NEW.changed_at \
                   WHERE id = NEW.lead_id AND first_qualified_at IS NULL; \
                 END",
            ]
        };
        for sql in statements {
            db.execute_unprepared(sql).await?;
        }
        // Leads qualified before this migration: their earliest qualified history row.
        db.execute_unprepared(
            "UPDATE lead SET first_qualified_at = (\
               SELECT c.changed_at FROM lead_status_change c \
               WHERE c.lead_id = lead.id AND c.to_status = 'qualified' \
               ORDER BY c.id LIMIT 1) \
             WHERE EXISTS (SELECT 1 FROM lead_status_change c \
               WHERE c.lead_id = lead.id AND c.to_status = 'qualified')",
        )
        .await?;
        for sql in [
            "CREATE INDEX ix_lead_created_report \
             ON lead (created_at, source, owner_id, status, contact_minutes)",
            "CREATE INDEX ix_lead_first_qualified \
             ON lead (first_qualified_at, source, owner_id, qualify_minutes)",
            "DROP INDEX ix_lead_created_at",
            "CREATE INDEX ix_lead_status_changed_report \
             ON lead (status, status_changed_at, source, owner_id)",
            "DROP INDEX ix_lead_status_changed_at",
        ] {
            db.execute_unprepared(sql).await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        let postgres = db.get_database_backend() == DatabaseBackend::Postgres;
        let mut statements = vec![
            "CREATE INDEX ix_lead_created_at ON lead (created_at)",
            "CREATE INDEX ix_lead_status_changed_at ON lead (status, status_changed_at)",
            "DROP INDEX ix_lead_status_changed_report",
            "DROP INDEX ix_lead_created_report",
            "DROP INDEX ix_lead_first_qualified",
        ];
        if postgres {
            statements.extend([
                "DROP TRIGGER lead_first_qualified ON lead_status_change",
                "DROP FUNCTION lead_first_qualified()",
            ]);
        } else {
            statements.push("DROP TRIGGER lead_first_qualified");
        }
        statements.extend([
            "ALTER TABLE lead DROP COLUMN qualify_minutes",
            "ALTER TABLE lead DROP COLUMN contact_minutes",
            "ALTER TABLE lead DROP COLUMN first_qualified_at",
        ]);
        for sql in statements {
            db.execute_unprepared(sql).await?;
        }
        Ok(())
    }
}
