//! Connecting and migrating. SQLite gets the pragmas a multi-user web app needs; PostgreSQL
//! instances starting together migrate one at a time.

use std::time::Duration;

use migration::{Migrator, MigratorTrait};
use sea_orm::sqlx::sqlite::{SqliteJournalMode, SqliteSynchronous};
use sea_orm::{
    ConnectOptions, ConnectionTrait, Database, DatabaseBackend, DatabaseConnection, DbErr,
    TransactionTrait,
};

/// Opens a pool. SeaORM gives SQLite a single connection unless told otherwise; we want
/// readers not to queue behind a writer, which WAL allows.
pub async fn connect(url: &str, max_connections: u32) -> Result<DatabaseConnection, DbErr> {
    let mut options = ConnectOptions::new(url);
    options
        .max_connections(max_connections)
        .min_connections(1)
        .acquire_timeout(Duration::from_secs(10))
        .sqlx_logging(false)
        .map_sqlx_sqlite_opts(|o| {
            o.create_if_missing(true)
                .journal_mode(SqliteJournalMode::Wal)
                .synchronous(SqliteSynchronous::Normal)
                .foreign_keys(true)
                .busy_timeout(Duration::from_secs(5))
                // `PRAGMA optimize` reads at most this many rows per index: quick statistics,
                // good enough for the planner (see `refresh_statistics`).
                .pragma("analysis_limit", "1000")
        });
    let mut db = Database::connect(options).await?;
    // Every statement counts towards its request (see `sql_count`).
    db.set_metric_callback(super::sql_count::on_statement);
    Ok(db)
}

/// Connects with the configured URL and pool size and migrates: what every command does first.
pub async fn open(settings: &super::config::Settings) -> Result<DatabaseConnection, String> {
    let db = connect(&settings.database_url, settings.max_connections)
        .await
        .map_err(|e| format!("cannot open the database {}: {e}", settings.database_url))?;
    migrate(&db)
        .await
        .map_err(|e| format!("cannot migrate the database: {e}"))?;
    Ok(db)
}

/// Applies pending migrations, then computes the search keys rows lack. On PostgreSQL an
/// advisory lock held by the migrating transaction makes concurrently starting instances wait
/// for each other.
pub async fn migrate(db: &DatabaseConnection) -> Result<(), DbErr> {
    apply_migrations(db).await?;
    super::search_keys::fill_missing(db).await
}

async fn apply_migrations(db: &DatabaseConnection) -> Result<(), DbErr> {
    match db.get_database_backend() {
        DatabaseBackend::Postgres => {
            let txn = db.begin().await?;
            txn.execute_unprepared("SELECT pg_advisory_xact_lock(7412202611)")
                .await?;
            Migrator::up(&txn, None).await?;
            txn.commit().await
        }
        _ => Migrator::up(db, None).await,
    }
}

/// Keeps the query planner's statistics current. SQLite has none until someone runs ANALYZE,
/// and without them it may pick a worse index for a report (e.g. the owner index for a
/// dashboard period, then reading every row of that person); `PRAGMA optimize` analyses only
/// the tables whose size changed a lot since last time (0x10002: all tables, not only those
/// this connection queried), so running it often is cheap. PostgreSQL's autovacuum does the
/// same by itself.
pub async fn refresh_statistics(db: &DatabaseConnection) -> Result<(), DbErr> {
    if db.get_database_backend() == DatabaseBackend::Sqlite {
        db.execute_unprepared("PRAGMA optimize=0x10002").await?;
    }
    Ok(())
}

/// True when a write failed on a unique index (on SQLite and PostgreSQL alike).
pub fn is_unique_violation(err: &sea_orm::DbErr) -> bool {
    matches!(
        err.sql_err(),
        Some(sea_orm::SqlErr::UniqueConstraintViolation(_))
    )
}
