//! Benchmark, not a test: importing a file of 10,000 leads on SQLite and on PostgreSQL.
//! Prints the time of each phase: upload (read and store the file), preview (every row judged
//! against 1,000 existing leads), commit (all steps, as the page calls them), and undo.
//!
//!     cargo test --release --no-default-features --features ssr --test bench -- --ignored --nocapture import::
//!
//! It asserts nothing about time: numbers depend on the machine and belong in notes. The
//! target (issue 12) is a 10,000-row import in under 10 s on SQLite.

use crate::common;
use crate::common::fixtures;

use std::time::{Duration, Instant};

use leady::auth::model::{CurrentUser, Role};
use leady::imports::{commit, model::RowFilter, parse, repo as imports, undo};
use leady::leads::model::LeadInput;
use sea_orm::{DatabaseConnection, EntityTrait, PaginatorTrait};

const ROWS: usize = 10_000;
const EXISTING: usize = 1_000;

/// The manager [`seed`] made, for the repo functions.
fn boss(id: i32) -> CurrentUser {
    CurrentUser {
        id,
        ..fixtures::boss()
    }
}

/// A fair's list as Czech Excel saves it (windows-1250, `;`): mostly new people, every 20th
/// row someone who is already a lead (by email), every 50th a repeat of an earlier row, every
/// 100th a bad email.
fn file() -> Vec<u8> {
    let mut text = String::from("Jméno;Příjmení;E-mail;Telefon;Firma;Kraj;Poznámka\n");
    for i in 0..ROWS {
        let email = if i % 20 == 0 {
            format!("existujici{}@firma.cz", i % EXISTING)
        } else if i % 50 == 1 && i > 1 {
            format!("navstevnik{}@veletrh.cz", i - 50)
        } else if i % 100 == 7 {
            format!("spatny{i}@")
        } else {
            format!("navstevnik{i}@veletrh.cz")
        };
        text.push_str(&format!(
            "Žaneta;Šťastná {i};{email};+420 6{:08};Společnost {} s.r.o.;Jihomoravský kraj;Stánek č. {}\n",
            i,
            i % 700,
            i % 40
        ));
    }
    let (bytes, _, _) = encoding_rs::WINDOWS_1250.encode(&text);
    bytes.into_owned()
}

async fn seed(db: &DatabaseConnection) -> i32 {
    let boss = fixtures::user(
        db,
        "vedouci@firma.cz",
        "Vedoucí",
        Role::Manager,
        chrono::Utc::now(),
    )
    .await
    .id;
    // The assignment rules run for every new lead: a round robin over a team of eight.
    let team = fixtures::sales_team(db, 8).await;
    let rule = leady::assignment::model::RuleInput {
        id: None,
        name: "Všichni".into(),
        kind: "round_robin".into(),
        match_value: String::new(),
        members: team,
        active: true,
    };
    leady::assignment::repo::save_rule(db, rule.validate().unwrap(), chrono::Utc::now())
        .await
        .unwrap();
    for i in 0..EXISTING {
        let input = LeadInput {
            first_name: "Stávající".into(),
            last_name: format!("Zákazník {i}"),
            email: format!("existujici{i}@firma.cz"),
            source: "phone".into(),
            ..LeadInput::default()
        };
        leady::leads::repo::create_lead(db, input.validate().unwrap(), None, chrono::Utc::now())
            .await
            .unwrap();
    }
    boss
}

fn secs(d: Duration) -> String {
    format!("{:.2} s", d.as_secs_f64())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "benchmark: run with --ignored --nocapture"]
async fn import_10000_rows() {
    let _alone = crate::alone().await;
    let bytes = file();
    let started = Instant::now();
    let table = parse::read(&bytes, "veletrh.csv", None).unwrap();
    println!(
        "\nparse only: {} rows, {:.1} MB, {}",
        table.rows.len(),
        bytes.len() as f64 / 1e6,
        secs(started.elapsed())
    );
    for (name, db) in [
        ("SQLite", common::sqlite().await),
        ("PostgreSQL", common::postgres().await),
    ] {
        let boss = boss(seed(&db).await);
        let now = chrono::Utc::now();

        let started = Instant::now();
        let batch = imports::create_draft(&db, &boss, "veletrh.csv", bytes.clone(), None, now)
            .await
            .unwrap();
        let uploaded = started.elapsed();

        let started = Instant::now();
        let preview = imports::preview(&db, batch, None, RowFilter::All, 0)
            .await
            .unwrap();
        let previewed = started.elapsed();
        let counts = preview.counts;

        let started = Instant::now();
        commit::start(&db, batch, preview.settings.clone())
            .await
            .unwrap();
        let mut steps = 0;
        let summary = loop {
            steps += 1;
            let progress = commit::step(&db, &boss, batch, chrono::Utc::now())
                .await
                .unwrap();
            if let Some(summary) = progress.summary {
                break summary;
            }
        };
        let committed = started.elapsed();

        let started = Instant::now();
        let report = undo::undo(&db, &boss, batch, chrono::Utc::now())
            .await
            .unwrap();
        let undone = started.elapsed();
        let left = leady::server::entities::lead::Entity::find()
            .count(&db)
            .await
            .unwrap();

        println!(
            "\n{name}: {ROWS} rows ({} new, {} duplicates, {} invalid)",
            counts.new, counts.duplicate, counts.invalid
        );
        println!("  upload (read + store the file)        {}", secs(uploaded));
        println!(
            "  preview (every row judged)            {}",
            secs(previewed)
        );
        println!(
            "  commit ({steps} steps, {} leads created) {}",
            summary.counts.created,
            secs(committed)
        );
        println!(
            "  upload + preview + commit             {}",
            secs(uploaded + previewed + committed)
        );
        println!(
            "  undo ({} removed)                   {}",
            report.removed,
            secs(undone)
        );
        assert_eq!(left as usize, EXISTING, "undo left only the existing leads");
    }
}
