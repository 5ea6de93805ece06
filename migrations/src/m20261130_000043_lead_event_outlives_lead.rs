use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::{DatabaseBackend, Statement};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// Live events may now speak of a lead that no longer exists: undoing an import removes
/// leads, and the boards showing them must hear "removed" (an event row whose lead is gone).
/// So `lead_event.lead_id` loses its foreign key; removing a lead deletes its older events
/// itself, and old events are pruned by time as before.
///
/// PostgreSQL drops the constraint. SQLite cannot, so the table is rebuilt from its own
/// definition without the FOREIGN KEY clause, keeping every row and the AUTOINCREMENT
/// counter (event ids must never be reused: browsers resume from the last id they saw).
#[async_trait::async_trait]
impl MigrationTrait for Migration {
    /// One transaction, so one connection: on SQLite the statements would otherwise go to
    /// different connections of the pool, and one that still has the old schema in view
    /// refuses the rename ("there is already another table … lead_event").
    fn use_transaction(&self) -> Option<bool> {
        Some(true)
    }

    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        match db.get_database_backend() {
            DatabaseBackend::Postgres => {
                db.execute_unprepared(
                    "ALTER TABLE lead_event DROP CONSTRAINT IF EXISTS fk_lead_event_lead",
                )
                .await?;
            }
            DatabaseBackend::Sqlite => {
                let row = db
                    .query_one_raw(Statement::from_string(
                        DatabaseBackend::Sqlite,
                        "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'lead_event'",
                    ))
                    .await?
                    .ok_or_else(|| DbErr::Custom("lead_event table missing".into()))?;
                let sql: String = row.try_get("", "sql")?;
                // Down keeps the table as it is, so up again finds it already without the key.
                if !sql.contains("FOREIGN KEY") {
                    return Ok(());
                }
                let rebuilt = without_foreign_key(&sql)
                    .ok_or_else(|| DbErr::Custom(format!("unexpected lead_event: {sql}")))?
                    .replacen("lead_event", "lead_event_rebuilt", 1);
                let seq = db
                    .query_one_raw(Statement::from_string(
                        DatabaseBackend::Sqlite,
                        "SELECT seq FROM sqlite_sequence WHERE name = 'lead_event'",
                    ))
                    .await?
                    .map(|row| row.try_get::<i64>("", "seq"))
                    .transpose()?
                    .unwrap_or(0);
                for sql in [
                    rebuilt,
                    "INSERT INTO lead_event_rebuilt SELECT * FROM lead_event".to_string(),
                    "DROP TABLE lead_event".to_string(),
                    "ALTER TABLE lead_event_rebuilt RENAME TO lead_event".to_string(),
                    "CREATE INDEX ix_lead_event_at ON lead_event (at)".to_string(),
                    "DELETE FROM sqlite_sequence WHERE name = 'lead_event'".to_string(),
                    format!("INSERT INTO sqlite_sequence (name, seq) VALUES ('lead_event', {seq})"),
                ] {
                    db.execute_unprepared(&sql)
                        .await
                        .map_err(|e| DbErr::Custom(format!("{sql}: {e}")))?;
                }
            }
            _ => {}
        }
        Ok(())
    }

    async fn down(&self, _manager: &SchemaManager) -> Result<(), DbErr> {
        // Events of removed leads would break the constraint; there is no way back.
        Ok(())
    }
}

/// The CREATE TABLE statement without its (one) FOREIGN KEY clause.
fn without_foreign_key(sql: &str) -> Option<String> {
    let start = sql.find(", FOREIGN KEY").or_else(|| {
        let at = sql.find("FOREIGN KEY")?;
        sql[..at].rfind(',')
    })?;
    let rest = &sql[start + 1..];
    // The clause ends at the next comma outside brackets, or at the table's closing bracket.
    let mut depth = 0i32;
    let mut end = None;
    for (i, c) in rest.char_indices() {
        match c {
            '(' => depth += 1,
            ')' if depth == 0 => {
                end = Some(i);
                break;
            }
            ')' => depth -= 1,
            ',' if depth == 0 => {
                end = Some(i);
                break;
            }
            _ => {}
        }
    }
    let end = start + 1 + end?;
    Some(format!("{}{}", &sql[..start], &sql[end..]))
}

#[cfg(test)]
mod tests {
    use super::without_foreign_key;

    #[test]
    fn drops_the_foreign_key_clause() {
        // As SQLite keeps the table SeaORM created (seen in a real database).
        let sql = "CREATE TABLE \"lead_event\" ( \"id\" integer NOT NULL PRIMARY KEY AUTOINCREMENT, \
                   \"lead_id\" integer NOT NULL, \"at\" timestamp_with_timezone_text NOT NULL, \
                   FOREIGN KEY (\"lead_id\") REFERENCES \"lead\" (\"id\") ON DELETE CASCADE )";
        let out = without_foreign_key(sql).unwrap();
        assert!(
            out.ends_with("timestamp_with_timezone_text NOT NULL)"),
            "{out}"
        );
        // A named constraint goes too.
        let named = sql.replace(
            "FOREIGN KEY",
            "CONSTRAINT \"fk_lead_event_lead\" FOREIGN KEY",
        );
        let out = without_foreign_key(&named).unwrap();
        assert!(
            out.ends_with("timestamp_with_timezone_text NOT NULL)"),
            "{out}"
        );
        assert_eq!(without_foreign_key("CREATE TABLE x (a int)"), None);
    }
}
