//! Benchmark, not a test: the manager dashboard over 100,000 leads and 1,000,000 status-history
//! rows (two years of a busy team), on SQLite and on PostgreSQL. Prints how long one whole
//! report takes (every number on the page: one server call) for the periods a manager picks.
//!
//!     cargo test --release --no-default-features --features ssr --test bench -- --ignored --nocapture dashboard::
//!
//! It asserts nothing about time: numbers depend on the machine and belong in notes.

use crate::common;

use std::time::{Duration, Instant};

use chrono::{DateTime, Duration as Span, Utc};
use leady::activities::model::ActivityKind;
use leady::dashboard::model::{ReportQuery, prague_date};
use leady::dashboard::repo::report;
use leady::leads::model::{LeadSource, LeadStatus};
use leady::server::entities::{activity, lead, lead_status_change};
use sea_orm::{ActiveValue::Set, DatabaseConnection, EntityTrait, TransactionTrait};

const LEADS: usize = 100_000;
/// Status changes per lead: 1,000,000 in all.
const CHANGES: usize = 10;
const DAYS: i64 = 730;
const RUNS: usize = 20;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "benchmark: run with --ignored --nocapture"]
async fn dashboard_over_100000_leads() {
    let _alone = crate::alone().await;
    for (name, db) in [
        ("SQLite", common::sqlite().await),
        ("PostgreSQL", common::postgres().await),
    ] {
        let now = Utc::now();
        let seeded = Instant::now();
        let team = seed(&db, now).await;
        settle_statistics(&db).await;
        println!(
            "\n{name}: seeded {LEADS} leads, {} history rows in {:.1?}",
            LEADS * CHANGES,
            seeded.elapsed()
        );
        let today = prague_date(now);
        let custom = |days: i64| ReportQuery {
            period: "custom".into(),
            from: (today - Span::days(days)).to_string(),
            to: today.to_string(),
            ..Default::default()
        };
        let cases = [
            ("this week", ReportQuery::default()),
            (
                "this month",
                ReportQuery {
                    period: "month".into(),
                    ..Default::default()
                },
            ),
            ("last 90 days", custom(90)),
            ("last 365 days, by month", custom(365)),
            ("all two years, by month", custom(DAYS)),
            (
                "this month, one salesperson",
                ReportQuery {
                    period: "month".into(),
                    owner: team[0].to_string(),
                    ..Default::default()
                },
            ),
            (
                "last 365 days, one source",
                ReportQuery {
                    source: "trade_fair".into(),
                    ..custom(365)
                },
            ),
        ];
        for (what, query) in cases {
            let filter = query.validate(today).expect("a valid filter");
            let mut times = Vec::with_capacity(RUNS);
            let mut new_leads = 0;
            for _ in 0..RUNS {
                let started = Instant::now();
                let r = report(&db, filter, now).await.unwrap();
                times.push(started.elapsed());
                new_leads = r.new_leads;
            }
            print_times(name, what, new_leads, times);
        }
    }
}

/// What the databases do on their own soon after a bulk load, done at once: SQLite's
/// statistics as the app's housekeeping refreshes them every ten minutes, PostgreSQL's as
/// autovacuum keeps them (and its visibility map, which index-only scans need). Without it
/// the first minute after seeding is measured, not a database that has been running.
/// `LEADY_BENCH_COLD=1` skips it.
async fn settle_statistics(db: &DatabaseConnection) {
    use sea_orm::{ConnectionTrait, DatabaseBackend};
    if std::env::var("LEADY_BENCH_COLD").is_ok_and(|v| v == "1") {
        return;
    }
    match db.get_database_backend() {
        DatabaseBackend::Postgres => {
            db.execute_unprepared("VACUUM ANALYZE lead, lead_status_change, activity, opportunity")
                .await
                .unwrap();
        }
        _ => leady::server::db::refresh_statistics(db).await.unwrap(),
    }
}

fn print_times(db: &str, what: &str, new_leads: u32, mut times: Vec<Duration>) {
    times.sort();
    let at = |q: f64| times[((times.len() as f64 - 1.0) * q).round() as usize];
    println!(
        "{db:<10} {what:<30} new={new_leads:<6} n={:<3} p50={:>8.2?} p95={:>8.2?} max={:>8.2?}",
        times.len(),
        at(0.5),
        at(0.95),
        at(1.0)
    );
}

/// A cheap, repeatable spread (no random crate needed): the same data on both databases.
fn spread(i: usize, salt: usize) -> usize {
    (i.wrapping_mul(2_654_435_761)
        .wrapping_add(salt.wrapping_mul(40_503)))
        >> 7
}

/// Ten salespeople; leads created evenly over two years, a tenth unassigned; most contacted
/// within minutes to hours; ten history rows each ending in the lead's status; an open task
/// on every fifth lead. Bulk inserts in transactions (this is setup, not measured).
async fn seed(db: &DatabaseConnection, now: DateTime<Utc>) -> Vec<i32> {
    let team = common::fixtures::sales_team(db, 10).await;
    let created_at = |i: usize| now - Span::minutes((i as i64 * DAYS * 1440) / LEADS as i64);
    let status_of = |i: usize| LeadStatus::ALL[spread(i, 1) % LeadStatus::ALL.len()];
    let txn = db.begin().await.unwrap();
    for chunk in (0..LEADS).collect::<Vec<_>>().chunks(500) {
        let rows = chunk.iter().map(|&i| {
            let created = created_at(i);
            let status = status_of(i);
            let contacted = !spread(i, 2).is_multiple_of(10);
            lead::ActiveModel {
                first_name: Set("Jan".into()),
                last_name: Set(format!("Novák {i}")),
                name_key: Set(format!("novak {i} jan")),
                email: Set(Some(format!("jan{i}@firma.cz"))),
                phone: Set(None),
                company: Set(format!("Firma {} s.r.o.", i % 5000)),
                source: Set(LeadSource::ALL[spread(i, 3) % LeadSource::ALL.len()]),
                description: Set(String::new()),
                status: Set(status),
                position: Set(i as i64 * 1024),
                version: Set(CHANGES as i32),
                idempotency_key: Set(None),
                created_at: Set(created),
                updated_at: Set(created + Span::hours(CHANGES as i64)),
                status_changed_at: Set(created + Span::hours(CHANGES as i64 - 1)),
                owner_id: Set((i % 10 != 9).then(|| team[spread(i, 4) % team.len()])),
                first_contact_at: Set(
                    contacted.then(|| created + Span::minutes((spread(i, 5) % 240) as i64))
                ),
                ..Default::default()
            }
        });
        lead::Entity::insert_many(rows).exec(&txn).await.unwrap();
    }
    txn.commit().await.unwrap();

    let first_id = lead::Entity::find()
        .one(db)
        .await
        .unwrap()
        .map(|l| l.id)
        .unwrap_or(1);
    // The path each lead took: back and forth through the open statuses, then where it is.
    let path = [
        LeadStatus::Assigned,
        LeadStatus::InProcess,
        LeadStatus::Qualified,
        LeadStatus::InProcess,
    ];
    let txn = db.begin().await.unwrap();
    let changes: Vec<(usize, usize)> = (0..LEADS)
        .flat_map(|i| (0..CHANGES).map(move |c| (i, c)))
        .collect();
    for chunk in changes.chunks(2000) {
        let rows = chunk.iter().map(|&(i, c)| {
            let to = match c {
                0 => LeadStatus::New,
                c if c == CHANGES - 1 => status_of(i),
                c => path[(c - 1) % path.len()],
            };
            lead_status_change::ActiveModel {
                lead_id: Set(first_id + i as i32),
                from_status: Set(None),
                to_status: Set(to),
                changed_at: Set(created_at(i) + Span::hours(c as i64)),
                ..Default::default()
            }
        });
        lead_status_change::Entity::insert_many(rows)
            .exec(&txn)
            .await
            .unwrap();
    }
    for chunk in (0..LEADS).step_by(5).collect::<Vec<_>>().chunks(1000) {
        let rows = chunk.iter().map(|&i| activity::ActiveModel {
            lead_id: Set(first_id + i as i32),
            author_id: Set(None),
            kind: Set(ActivityKind::Task),
            subject: Set("Zavolat zpět".into()),
            body: Set(String::new()),
            call_outcome: Set(None),
            email_direction: Set(None),
            place: Set(String::new()),
            occurs_at: Set(Some(created_at(i) + Span::days(2))),
            done_at: Set(None),
            created_at: Set(created_at(i)),
            ..Default::default()
        });
        activity::Entity::insert_many(rows)
            .exec(&txn)
            .await
            .unwrap();
    }
    txn.commit().await.unwrap();
    team
}
