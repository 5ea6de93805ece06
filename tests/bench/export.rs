//! Benchmark, not a test: exporting 10,000 leads as CSV and as .xlsx, on SQLite and on
//! PostgreSQL, through the real HTTP app (session, scope, query, writing the file, the
//! response). Prints the time of each export and the file's size.
//!
//!     cargo test --release --no-default-features --features ssr --test bench -- --ignored --nocapture export::
//!
//! It asserts nothing about time: numbers depend on the machine and belong in notes.

use crate::common;

use std::time::{Duration, Instant};

use crate::common::app::TestApp;
use axum::body::{Body, to_bytes};
use axum::http::{Request, StatusCode, header};
use chrono::Utc;
use leady::auth::model::Role;
use leady::leads::model::{LeadInput, LeadSource, LeadStatus};
use leady::leads::store::lead_search_key;
use leady::server::entities::lead;
use sea_orm::{ActiveValue::Set, DatabaseConnection, EntityTrait};
use tower::ServiceExt;

const LEADS: usize = 10_000;
const RUNS: usize = 5;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "benchmark: run with --ignored --nocapture"]
async fn export_10000_leads() {
    let _alone = crate::alone().await;
    for (name, db) in [
        ("SQLite", common::sqlite().await),
        ("PostgreSQL", common::postgres().await),
    ] {
        let seeded = Instant::now();
        seed(&db).await;
        println!("\n{name}: seeded {LEADS} leads in {:?}", seeded.elapsed());
        let (manager, _) =
            TestApp::signed_in_as(db.clone(), Role::Manager, "sefka@firma.cz", "Šéfka").await;
        let (salesperson, _) =
            TestApp::signed_in_as(db.clone(), Role::Salesperson, "eva@firma.cz", "Eva").await;
        for (who, app, path, rows) in [
            ("manager", &manager, "/export/leads.csv?closed=all", LEADS),
            ("manager", &manager, "/export/leads.xlsx?closed=all", LEADS),
            ("manager", &manager, "/export/search.csv?q=skoda", LEADS / 2),
            (
                "manager",
                &manager,
                "/export/search.xlsx?q=skoda",
                LEADS / 2,
            ),
            // Her own leads (none) and the pool's (every tenth).
            (
                "salesperson",
                &salesperson,
                "/export/leads.csv?closed=all",
                LEADS / 10,
            ),
        ] {
            let mut times = Vec::with_capacity(RUNS);
            let mut bytes = 0;
            for _ in 0..RUNS {
                let started = Instant::now();
                let body = get(app, path).await;
                times.push(started.elapsed());
                bytes = body.len();
            }
            report(name, &format!("{who} {path} ({rows} rows)"), times, bytes);
        }
    }
}

/// Leads as people type them: Czech names and companies, a phone, an email, a short
/// description; half of them at a "Škoda" company, every tenth unassigned (the pool), the
/// rest spread over ten salespeople and the board's columns. In bulk (setup, not measured).
async fn seed(db: &DatabaseConnection) {
    let now = Utc::now();
    let team = common::fixtures::sales_team(db, 10).await;
    let statuses = [
        LeadStatus::New,
        LeadStatus::Assigned,
        LeadStatus::InProcess,
        LeadStatus::Qualified,
        LeadStatus::Unqualified,
    ];
    let companies = ["ŠKODA AUTO a.s.", "Strojírny Brno, s.r.o."];
    for chunk in (0..LEADS).collect::<Vec<_>>().chunks(500) {
        let rows = chunk.iter().map(|i| {
            let input = LeadInput {
                first_name: "Jiří".into(),
                last_name: format!("Dvořák {i}"),
                email: format!("jiri.dvorak{i}@firma.cz"),
                phone: format!("602 {:03} {:03}", i / 1000, i % 1000),
                company: companies[i % 2].into(),
                description: "Poptávka z veletrhu, zavolat po 14. hodině.".into(),
                ..LeadInput::default()
            }
            .validate()
            .unwrap();
            let status = statuses[i % statuses.len()];
            lead::ActiveModel {
                search_key: Set(Some(lead_search_key(&input))),
                name_key: Set(leady::matching::name_key(
                    &input.first_name,
                    &input.last_name,
                )),
                first_name: Set(input.first_name),
                last_name: Set(input.last_name),
                email: Set(input.email),
                phone: Set(input.phone),
                company: Set(input.company),
                source: Set(LeadSource::WebForm),
                description: Set(input.description),
                status: Set(status),
                position: Set(*i as i64 * 65_536),
                version: Set(1),
                created_at: Set(now),
                updated_at: Set(now),
                status_changed_at: Set(now),
                owner_id: Set((i % 10 != 0).then(|| team[i % 10])),
                ..Default::default()
            }
        });
        lead::Entity::insert_many(rows).exec(db).await.unwrap();
    }
}

async fn get(app: &TestApp, path: &str) -> Vec<u8> {
    let mut req = Request::get(path).header(header::HOST, common::app::HOST);
    if let Some(cookie) = &app.cookie {
        req = req.header(header::COOKIE, cookie);
    }
    let res = app
        .router
        .clone()
        .oneshot(req.body(Body::empty()).unwrap())
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK, "{path}");
    to_bytes(res.into_body(), 256 << 20).await.unwrap().to_vec()
}

fn report(db: &str, what: &str, mut times: Vec<Duration>, bytes: usize) {
    times.sort();
    let at = |q: f64| times[((times.len() as f64 - 1.0) * q).round() as usize];
    println!(
        "{db:<10} {what:<62} n={:<2} p50={:>9.2?} max={:>9.2?} size={:>6.1} kB",
        times.len(),
        at(0.5),
        at(1.0),
        bytes as f64 / 1024.0
    );
}
