//! Benchmark, not a test: web-form submissions through the real router, on SQLite and on
//! PostgreSQL. CLIENTS concurrent clients (each its own address, under the rate limit) post
//! JSON to one form, PER_CLIENT submissions each; every 10th repeats an earlier person's email
//! (a duplicate, logged on the open lead). A "by source" rule over a team of eight assigns
//! every new lead. Prints the throughput and the latency percentiles.
//!
//!     cargo test --release --no-default-features --features ssr --test bench -- --ignored --nocapture capture::
//!
//! It asserts nothing about time: numbers depend on the machine and belong in notes.

use crate::common;

use std::net::SocketAddr;
use std::time::{Duration, Instant};

use axum::body::{Body, to_bytes};
use axum::extract::ConnectInfo;
use axum::http::{Request, StatusCode, header};
use leady::capture::model::FormInput;
use leady::server::config::{CaptureSettings, Settings};
use leady::server::entities::lead;
use sea_orm::{DatabaseConnection, EntityTrait, PaginatorTrait};
use tower::ServiceExt;

const CLIENTS: usize = 8;
const PER_CLIENT: usize = 125;

async fn seed(db: &DatabaseConnection) -> String {
    let team = common::fixtures::sales_team(db, 8).await;
    let rule = leady::assignment::model::RuleInput {
        id: None,
        name: "Web".into(),
        kind: "source".into(),
        match_value: "web_form".into(),
        members: team,
        active: true,
    };
    leady::assignment::repo::save_rule(db, rule.validate().unwrap(), chrono::Utc::now())
        .await
        .unwrap();
    let form = FormInput {
        name: "Kontakt".into(),
        origins: "https://www.firma.cz".into(),
        accepted: ["first_name", "email", "phone", "company", "message"]
            .map(String::from)
            .to_vec(),
        required: vec!["email".into()],
        consent_text: "Souhlasím se zpracováním osobních údajů.".into(),
        active: true,
        ..FormInput::default()
    };
    leady::capture::repo::save_form(db, form.validate().unwrap(), chrono::Utc::now())
        .await
        .unwrap()
        .key
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let i = ((sorted.len() as f64 * p).ceil() as usize).clamp(1, sorted.len()) - 1;
    sorted[i]
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "benchmark: run with --ignored --nocapture"]
async fn capture_throughput() {
    let _alone = crate::alone().await;
    for (name, db) in [
        ("SQLite", common::sqlite().await),
        ("PostgreSQL", common::postgres().await),
    ] {
        let key = seed(&db).await;
        let router = leady::server::router(
            db.clone(),
            &Settings {
                capture: CaptureSettings {
                    per_minute: 10_000,
                    trust_forwarded_for: false,
                },
                ..common::app::settings()
            },
        );
        let started = Instant::now();
        let mut clients = Vec::new();
        for c in 0..CLIENTS {
            let (router, key) = (router.clone(), key.clone());
            clients.push(tokio::spawn(async move {
                let mut latencies = Vec::with_capacity(PER_CLIENT);
                let mut statuses = Vec::with_capacity(PER_CLIENT);
                for i in 0..PER_CLIENT {
                    let n = c * PER_CLIENT + i;
                    let email = if n % 10 == 9 {
                        format!("navstevnik{}@firma.cz", n - 9)
                    } else {
                        format!("navstevnik{n}@firma.cz")
                    };
                    let body = serde_json::json!({
                        "first_name": "Žaneta", "last_name": format!("Šťastná {n}"),
                        "email": email, "phone": format!("+420 6{n:08}"),
                        "company": format!("Společnost {} s.r.o.", n % 700),
                        "message": "Dobrý den, prosím o nabídku.", "consent": true,
                    });
                    let mut req = Request::post(format!("/api/v1/capture/{key}"))
                        .header(header::HOST, common::app::HOST)
                        .header(header::CONTENT_TYPE, "application/json")
                        .header(header::ORIGIN, "https://www.firma.cz")
                        .body(Body::from(body.to_string()))
                        .unwrap();
                    let ip = SocketAddr::from(([198, 51, 100, c as u8 + 1], 40000));
                    req.extensions_mut().insert(ConnectInfo(ip));
                    let t = Instant::now();
                    let res = router.clone().oneshot(req).await.unwrap();
                    let status = res.status();
                    let _ = to_bytes(res.into_body(), 1 << 16).await;
                    latencies.push(t.elapsed());
                    statuses.push(status);
                }
                (latencies, statuses)
            }));
        }
        let mut latencies = Vec::new();
        let (mut created, mut duplicate) = (0, 0);
        for client in clients {
            let (l, statuses) = client.await.unwrap();
            latencies.extend(l);
            for s in statuses {
                match s {
                    StatusCode::CREATED => created += 1,
                    StatusCode::OK => duplicate += 1,
                    other => panic!("unexpected {other}"),
                }
            }
        }
        let total = started.elapsed();
        latencies.sort();
        let n = latencies.len();
        let leads = lead::Entity::find().count(&db).await.unwrap();
        println!(
            "{name}: {n} submissions from {CLIENTS} clients in {:.2} s = {:.0}/s; \
             latency p50 {:.1} ms, p95 {:.1} ms, max {:.1} ms; {created} created, \
             {duplicate} duplicates, {leads} leads",
            total.as_secs_f64(),
            n as f64 / total.as_secs_f64(),
            percentile(&latencies, 0.50).as_secs_f64() * 1000.0,
            percentile(&latencies, 0.95).as_secs_f64() * 1000.0,
            latencies[n - 1].as_secs_f64() * 1000.0,
        );
        assert_eq!(created as u64, leads);
    }
}
