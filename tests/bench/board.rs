//! Benchmark, not a test: a board of 10,000 leads on SQLite and on PostgreSQL.
//! Prints latency percentiles of opening the board, paging deep into a column and moving cards.
//!
//!     cargo test --release --no-default-features --features ssr --test bench -- --ignored --nocapture board::board_with_10000_leads
//!
//! It asserts nothing about time: numbers depend on the machine and belong in notes.

use crate::common;
use crate::common::fixtures::boss;

use std::time::{Duration, Instant};

use chrono::Utc;
use leady::auth::permissions::LeadScope;
use leady::leads::model::{LeadSource, LeadStatus, MoveRequest};
use leady::leads::repo;
use leady::server::entities::{lead, lead_status_change};
use sea_orm::{ActiveValue::Set, DatabaseConnection, EntityTrait};

const LEADS: usize = 10_000;

const RUNS: usize = 50;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "benchmark: run with --ignored --nocapture"]
async fn board_with_10000_leads() {
    let _alone = crate::alone().await;
    for (name, db) in [
        ("SQLite", common::sqlite().await),
        ("PostgreSQL", common::postgres().await),
    ] {
        let seeded = Instant::now();
        let team = seed(&db).await;
        println!("\n{name}: seeded {LEADS} leads in {:?}", seeded.elapsed());

        let open =
            sample(|| async { repo::board(&db, LeadScope::Everything).await.unwrap() }).await;
        report(name, "open board (6 columns, first pages, totals)", open);

        // A salesperson's board: their ~900 leads and the ~900 unassigned ones.
        let mine = LeadScope::OwnOrPool(team[0]);
        let open = sample(|| async { repo::board(&db, mine).await.unwrap() }).await;
        report(name, "open board as a salesperson (own + pool)", open);
        let only = LeadScope::OwnedBy(team[0]);
        let open = sample(|| async { repo::board(&db, only).await.unwrap() }).await;
        report(name, "open board filtered to one person", open);

        let board = repo::board(&db, LeadScope::Everything).await.unwrap();
        let mut cursor = board[0].next;
        let mut pages = Vec::new();
        while let Some(c) = cursor {
            let started = Instant::now();
            let page = repo::column_page(&db, LeadStatus::New, Some(c), LeadScope::Everything)
                .await
                .unwrap();
            pages.push(started.elapsed());
            cursor = page.next;
        }
        report(name, "next page of a column (keyset, whole column)", pages);

        let ids: Vec<i32> = board
            .iter()
            .flat_map(|c| c.cards.iter().map(|l| l.id))
            .collect();
        let mut moves = Vec::new();
        for (i, id) in ids.iter().take(RUNS * 2).enumerate() {
            let detail = repo::lead_detail(&db, *id, LeadScope::Everything)
                .await
                .unwrap();
            let to = [LeadStatus::InProcess, LeadStatus::Qualified][i % 2];
            let request = MoveRequest {
                lead_id: *id,
                version: detail.version,
                to,
                after_id: None,
                disqualify: leady::leads::closing::reason_if_needed(to),
            };
            let started = Instant::now();
            repo::move_lead(&db, &boss(), &request, Utc::now())
                .await
                .unwrap();
            moves.push(started.elapsed());
        }
        report(name, "move a card (transaction + history row)", moves);
    }
}

/// Spreads the leads over the first five columns and a team of ten (every eleventh lead
/// unassigned), in bulk (this is setup, not measured). Answers the team's ids.
async fn seed(db: &DatabaseConnection) -> Vec<i32> {
    let now = Utc::now();
    let team = common::fixtures::sales_team(db, 10).await;
    let statuses = [
        LeadStatus::New,
        LeadStatus::Assigned,
        LeadStatus::InProcess,
        LeadStatus::Qualified,
        LeadStatus::Unqualified,
    ];
    for chunk in (0..LEADS).collect::<Vec<_>>().chunks(500) {
        let rows = chunk.iter().map(|i| {
            let status = statuses[i % statuses.len()];
            lead::ActiveModel {
                first_name: Set("Jan".into()),
                last_name: Set(format!("Novák {i}")),
                name_key: Set(format!("novak {i} jan")),
                email: Set(Some(format!("jan{i}@firma.cz"))),
                phone: Set(None),
                company: Set("Firma s.r.o.".into()),
                source: Set(LeadSource::WebForm),
                description: Set(String::new()),
                status: Set(status),
                position: Set(*i as i64 * 65_536),
                version: Set(1),
                idempotency_key: Set(None),
                created_at: Set(now),
                updated_at: Set(now),
                status_changed_at: Set(now),
                owner_id: Set((i % 11 < 10).then(|| team[i % 11])),
                ..Default::default()
            }
        });
        lead::Entity::insert_many(rows).exec(db).await.unwrap();
    }
    // One creation row per lead, as the real code writes.
    let ids: Vec<i32> = lead::Entity::find()
        .all(db)
        .await
        .unwrap()
        .into_iter()
        .map(|l| l.id)
        .collect();
    for chunk in ids.chunks(500) {
        let rows = chunk.iter().map(|id| lead_status_change::ActiveModel {
            lead_id: Set(*id),
            from_status: Set(None),
            to_status: Set(LeadStatus::New),
            changed_at: Set(now),
            ..Default::default()
        });
        lead_status_change::Entity::insert_many(rows)
            .exec(db)
            .await
            .unwrap();
    }
    team
}

async fn sample<F, Fut, T>(mut f: F) -> Vec<Duration>
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = T>,
{
    let mut times = Vec::with_capacity(RUNS);
    for _ in 0..RUNS {
        let started = Instant::now();
        f().await;
        times.push(started.elapsed());
    }
    times
}

fn report(db: &str, what: &str, mut times: Vec<Duration>) {
    times.sort();
    let at = |q: f64| times[((times.len() as f64 - 1.0) * q).round() as usize];
    println!(
        "{db:<10} {what:<48} n={:<4} p50={:>8.2?} p95={:>8.2?} max={:>8.2?}",
        times.len(),
        at(0.5),
        at(0.95),
        at(1.0)
    );
}
