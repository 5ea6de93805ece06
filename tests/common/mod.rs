//! Real databases for the integration tests: a fresh SQLite file, and a fresh schema on the
//! PostgreSQL server (LEADY_TEST_POSTGRES_URL, default postgres://postgres@127.0.0.1:5432/test).
//! Nothing is mocked; a PostgreSQL that is down fails the PostgreSQL tests.
#![allow(dead_code)]

pub mod app;
pub mod dovecot;

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
/// `sqlite::name` and `postgres::name`.
#[macro_export]
macro_rules! on_both_databases {
    ($($name:ident),* $(,)?) => {
        mod sqlite {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $name() {
                    super::$name(super::common::sqlite().await).await;
                }
            )*
        }
        mod postgres {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $name() {
                    super::$name(super::common::postgres().await).await;
                }
            )*
        }
    };
}

/// `n` active salespeople, "Obchodník 0" … (the benchmarks' team). Answers their ids.
pub async fn sales_team(db: &DatabaseConnection, n: usize) -> Vec<i32> {
    use leady::server::entities::app_user;
    use sea_orm::{ActiveValue::Set, EntityTrait};
    let now = chrono::Utc::now();
    let mut team = Vec::with_capacity(n);
    for i in 0..n {
        let user = app_user::ActiveModel {
            email: Set(format!("obchodnik{i}@firma.cz")),
            name: Set(format!("Obchodník {i}")),
            role: Set("salesperson".into()),
            active: Set(true),
            password_hash: Set(String::new()),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        };
        let id = app_user::Entity::insert(user)
            .exec(db)
            .await
            .expect("add a salesperson")
            .last_insert_id;
        team.push(id);
    }
    team
}
