//! Benchmark, not a test: creating leads over HTTP next to writing the same rows straight into
//! the same database, in one run, on SQLite and on PostgreSQL. Prints both rates and their
//! ratio: how much of its database the app's request path reaches (issue 15, goal 4).
//!
//!     cargo test --release --no-default-features --features ssr --test bench -- --ignored --nocapture create::
//!
//! Over HTTP: the real `leady` binary as a child process, signed in as an admin (no assignment
//! rules: the leads stay in Nový), CLIENTS clients posting quick entry's form
//! (`/api/leads/create`) one after another, LEADS leads in all. Straight: this process opens
//! the same database and writes, for each lead, in one transaction, what a created lead is:
//! the row (at the top of Nový), its first history row and its `Created` event; three
//! statements, from CLIENTS tasks at once.
//!
//! It asserts nothing about time: numbers depend on the machine and belong in notes. Client and
//! server share the machine.

use std::sync::Arc;
use std::time::{Duration, Instant};

use sea_orm::{ConnectionTrait, Database, DatabaseConnection, DbBackend, Statement, Value};

use crate::common::app::form;
use crate::served::{Cpu, Server, TICKS_PER_SECOND, micros, percentiles, post, sign_in, unique};

const LEADS: usize = 2_000;
const CLIENTS: usize = 16;
const POOL: u32 = 16;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "benchmark: run with --ignored --nocapture"]
async fn sqlite_http_against_direct() {
    let path = std::env::temp_dir().join(format!("{}.db", unique()));
    compare("SQLite", &format!("sqlite://{}?mode=rwc", path.display())).await;
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "benchmark: run with --ignored --nocapture"]
async fn postgres_http_against_direct() {
    let base = crate::common::postgres_url();
    let schema = unique();
    let admin = Database::connect(base.as_str())
        .await
        .expect("PostgreSQL must run on 127.0.0.1:5432 (see README)");
    admin
        .execute_unprepared(&format!("CREATE SCHEMA {schema}"))
        .await
        .expect("create the benchmark schema");
    let separator = if base.contains('?') { '&' } else { '?' };
    compare(
        "PostgreSQL",
        &format!("{base}{separator}options=-c%20search_path%3D{schema}"),
    )
    .await;
    let _ = admin
        .execute_unprepared(&format!("DROP SCHEMA {schema} CASCADE"))
        .await;
}

/// One side's numbers: leads made, how long it took, each lead's time (µs).
struct Run {
    made: usize,
    failed: usize,
    took: Duration,
    times: Vec<u32>,
}

impl Run {
    fn rate(&self) -> f64 {
        self.made as f64 / self.took.as_secs_f64()
    }

    fn print(&self, what: &str) {
        let mut times = self.times.clone();
        times.sort_unstable();
        println!(
            "{what:<24} {} leads ({} failed) in {:.2} s: {:>7.0}/s; each (ms): {}",
            self.made,
            self.failed,
            self.took.as_secs_f64(),
            self.rate(),
            percentiles(&times)
        );
    }
}

async fn compare(name: &str, database_url: &str) {
    let _alone = crate::alone().await;
    let server = Server::start(database_url, POOL).await;
    let cookie = sign_in(server.addr).await;
    let cpu_before = Cpu::now(&server);
    let http = over_http(&server, &cookie).await;
    let cpu = Cpu::now(&server).since(&cpu_before);

    let db = leady::server::db::connect(database_url, POOL)
        .await
        .expect("open the same database");
    let direct = straight(&db).await;
    drop(server);

    println!();
    println!("── {name}: {LEADS} leads each way, {CLIENTS} at a time ──");
    http.print("over HTTP");
    direct.print("straight to the database");
    println!(
        "HTTP reaches             {:.1} % of the direct rate",
        http.rate() / direct.rate() * 100.0
    );
    let per_lead_ms = |ticks: u64| ticks as f64 / TICKS_PER_SECOND / http.made as f64 * 1e3;
    println!(
        "CPU per lead over HTTP   server {:.2} ms, client {:.2} ms, postgres {:.2} ms",
        per_lead_ms(cpu.server),
        per_lead_ms(cpu.client),
        per_lead_ms(cpu.postgres)
    );
}

/// CLIENTS clients, each posting its share of quick-entry forms one after another.
async fn over_http(server: &Server, cookie: &str) -> Run {
    let addr = server.addr;
    let started = Instant::now();
    let clients: Vec<_> = (0..CLIENTS)
        .map(|client| {
            let cookie = cookie.to_string();
            tokio::spawn(async move {
                let mut times = Vec::new();
                let mut failed = 0;
                for n in (client..LEADS).step_by(CLIENTS) {
                    let last = format!("Novák {n}");
                    let email = format!("jan{n}@strojirny.cz");
                    let key = format!("http-{n}");
                    let body = form(&[
                        ("input[first_name]", "Jan"),
                        ("input[last_name]", &last),
                        ("input[email]", &email),
                        ("input[phone]", ""),
                        ("input[company]", "Strojírny Brno a.s."),
                        ("input[source]", "trade_fair"),
                        ("input[description]", ""),
                        ("form_key", &key),
                    ]);
                    let sent = Instant::now();
                    match post(addr, "/api/leads/create", Some(&cookie), &body).await {
                        Ok(answer) if answer.status == 200 => times.push(micros(sent.elapsed())),
                        _ => failed += 1,
                    }
                }
                (times, failed)
            })
        })
        .collect();
    gather(clients, started).await
}

/// CLIENTS tasks writing their share of leads, one transaction each.
async fn straight(db: &DatabaseConnection) -> Run {
    let db = Arc::new(db.clone());
    let started = Instant::now();
    let writers: Vec<_> = (0..CLIENTS)
        .map(|writer| {
            let db = db.clone();
            tokio::spawn(async move {
                let mut times = Vec::new();
                let mut failed = 0;
                for n in (writer..LEADS).step_by(CLIENTS) {
                    let sent = Instant::now();
                    match write_one(&db, n).await {
                        Ok(()) => times.push(micros(sent.elapsed())),
                        Err(e) => {
                            failed += 1;
                            eprintln!("direct write failed: {e}");
                        }
                    }
                }
                (times, failed)
            })
        })
        .collect();
    gather(writers, started).await
}

/// Waits for every task (each answers its leads' times and its failures) and sums them up.
async fn gather(tasks: Vec<tokio::task::JoinHandle<(Vec<u32>, usize)>>, started: Instant) -> Run {
    let mut run = Run {
        made: 0,
        failed: 0,
        took: Duration::ZERO,
        times: Vec::with_capacity(LEADS),
    };
    for task in tasks {
        let (times, failed) = task.await.expect("a task ends");
        run.made += times.len();
        run.failed += failed;
        run.times.extend(times);
    }
    run.took = started.elapsed();
    run
}

/// The rows quick entry writes for a new lead, as plain statements: the lead at the top of
/// Nový (its place read in the same statement), its history row, its event.
async fn write_one(db: &DatabaseConnection, n: usize) -> Result<(), sea_orm::DbErr> {
    use sea_orm::TransactionTrait;
    let backend = db.get_database_backend();
    let mark = |i: usize| match backend {
        DbBackend::Postgres => format!("${i}"),
        _ => "?".to_string(),
    };
    let now = chrono::Utc::now();
    let txn = db.begin().await?;
    let values: Vec<Value> = vec![
        "Jan".into(),
        format!("Novák {n}").into(),
        format!("novak {n} jan").into(),
        format!("jan{n}@strojirny.cz").into(),
        "Strojírny Brno a.s.".into(),
        format!("direct-{n}").into(),
        now.into(),
        format!("jan novak {n} strojirny brno a.s. jan{n}@strojirny.cz").into(),
    ];
    let marks: Vec<String> = (1..=values.len()).map(mark).collect();
    let sql = format!(
        "INSERT INTO lead (first_name, last_name, name_key, email, phone, company, source, \
         description, status, position, version, idempotency_key, created_at, updated_at, \
         status_changed_at, search_key, dic, street, city, postal_code) \
         VALUES ({m0}, {m1}, {m2}, {m3}, NULL, {m4}, 'trade_fair', '', 'new', \
         (SELECT COALESCE(MIN(position), 0) - 1024 FROM lead WHERE status = 'new'), 1, {m5}, \
         {m6}, {m6}, {m6}, {m7}, '', '', '', '') RETURNING id",
        m0 = marks[0],
        m1 = marks[1],
        m2 = marks[2],
        m3 = marks[3],
        m4 = marks[4],
        m5 = marks[5],
        m6 = marks[6],
        m7 = marks[7],
    );
    // SQLite binds `?` by position: the repeated `now` needs its own copies.
    let values = match backend {
        DbBackend::Postgres => values,
        _ => {
            let mut v = values;
            let search = v.pop().expect("the search key");
            v.extend([now.into(), now.into(), search]);
            v
        }
    };
    let row = txn
        .query_one_raw(Statement::from_sql_and_values(backend, sql, values))
        .await?
        .ok_or(sea_orm::DbErr::RecordNotInserted)?;
    let id: i32 = row.try_get("", "id")?;
    txn.execute_raw(Statement::from_sql_and_values(
        backend,
        format!(
            "INSERT INTO lead_status_change (lead_id, from_status, to_status, changed_at) \
             VALUES ({}, NULL, 'new', {})",
            mark(1),
            mark(2)
        ),
        [id.into(), now.into()],
    ))
    .await?;
    txn.execute_raw(Statement::from_sql_and_values(
        backend,
        format!(
            "INSERT INTO lead_event (lead_id, kind, owner_id, prev_owner_id, version, at) \
             VALUES ({}, 'created', NULL, NULL, 1, {})",
            mark(1),
            mark(2)
        ),
        [id.into(), now.into()],
    ))
    .await?;
    txn.commit().await
}
