//! Real databases for the integration tests: a fresh SQLite file, and a fresh schema on the
//! PostgreSQL server (LEADY_TEST_POSTGRES_URL, default postgres://postgres@127.0.0.1:5432/test).
//! Nothing is mocked; a PostgreSQL that is down fails the PostgreSQL tests.
//!
//! Shared by both test binaries: `it` (the integration tests) and `bench` (which includes this
//! folder by path), each using a different part of it.
#![allow(dead_code)]

pub mod app;
pub mod ares_stub;
pub mod dovecot;
pub mod fixtures;

use std::sync::atomic::{AtomicU32, Ordering};

use leady::server::db;
use sea_orm::{ConnectionTrait, Database, DatabaseConnection};

static COUNTER: AtomicU32 = AtomicU32::new(0);

pub fn unique(prefix: &str) -> String {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.subsec_nanos())
        .unwrap_or(0);
    format!(
        "{prefix}_{}_{}_{nanos}",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::Relaxed)
    )
}

pub async fn sqlite() -> DatabaseConnection {
    let path = std::env::temp_dir().join(format!("{}.db", unique("leady_test")));
    let url = format!("sqlite://{}?mode=rwc", path.display());
    let conn = db::connect(&url, 4).await.expect("open SQLite");
    db::migrate(&conn).await.expect("migrate SQLite");
    conn
}

pub fn postgres_url() -> String {
    std::env::var("LEADY_TEST_POSTGRES_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/test".to_string())
}

pub async fn postgres() -> DatabaseConnection {
    postgres_instances(1).await.remove(0)
}

/// `n` separate connection pools on one fresh PostgreSQL schema: what `n` app instances
/// sharing a database have.
pub async fn postgres_instances(n: usize) -> Vec<DatabaseConnection> {
    let base = postgres_url();
    let schema = unique("leady_test");
    let admin = Database::connect(base.as_str())
        .await
        .expect("PostgreSQL must run on 127.0.0.1:5432 (see README)");
    admin
        .execute_unprepared(&format!("CREATE SCHEMA {schema}"))
        .await
        .expect("create test schema");
    admin.close().await.ok();
    let separator = if base.contains('?') { '&' } else { '?' };
    let url = format!("{base}{separator}options=-c%20search_path%3D{schema}");
    let mut pools = Vec::with_capacity(n);
    for _ in 0..n {
        let conn = db::connect(&url, 4).await.expect("open PostgreSQL");
        db::migrate(&conn).await.expect("migrate PostgreSQL");
        pools.push(conn);
    }
    pools
}

/// Runs each named scenario `async fn name(db: DatabaseConnection)` as two tests:
/// `sqlite::name` and `postgres::name` (in the module that names them: `leads_repo::sqlite::…`).
#[macro_export]
macro_rules! on_both_databases {
    ($($name:ident),* $(,)?) => {
        mod sqlite {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $name() {
                    super::$name($crate::common::sqlite().await).await;
                }
            )*
        }
        mod postgres {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $name() {
                    super::$name($crate::common::postgres().await).await;
                }
            )*
        }
    };
}

/// Sends the server's log (tracing, INFO and up) to the test's output, shown when it fails.
/// The subscriber is process-wide and set once: all tests are threads of one process, so after
/// the first call every test's log goes to that test's own captured output (each test thread,
/// and the runtime threads it starts, print into its capture). A second call changes nothing.
pub fn log_to_test_output() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        let _ = tracing_subscriber::fmt().with_test_writer().try_init();
    });
}
