//! Benchmark, not a test: what "Načíst z ARES" costs, against the local ARES stub (never the
//! internet). Through the real router on a fresh SQLite file, a signed-in salesperson asks
//! `POST /api/ares/lookup`: first 200 different IČOs (each reaches the stub, which answers
//! every one with the same recorded company), then one IČO again and again (answered from the
//! cache). Prints p50/p95/max of each and how many requests reached the stub.
//!
//!     cargo test --release --no-default-features --features ssr --test bench -- --ignored --nocapture ares::
//!
//! It asserts nothing about time: numbers depend on the machine and belong in notes.

use crate::common;

use std::time::{Duration, Instant};

use crate::common::app::{TestApp, settings};
use axum::http::StatusCode;
use leady::auth::model::Role;
use leady::server::config::Settings;

const COLD: usize = 200;
const WARM: usize = 2_000;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "benchmark: run with --ignored --nocapture"]
async fn lookups_with_an_empty_and_a_warm_cache() {
    let _alone = crate::alone().await;
    let stub = common::ares_stub::AresStub::start().await;
    let db = common::sqlite().await;
    stub.answer_any_ico_as("28453018");
    let mut app = TestApp::signed_in(db.clone(), Role::Salesperson).await;
    app.router = leady::server::router(
        db,
        &Settings {
            ares_base_url: stub.base_url.clone(),
            ..settings()
        },
    );

    let mut cold = Vec::with_capacity(COLD);
    for ico in valid_icos().take(COLD) {
        cold.push(lookup(&app, &ico).await);
    }
    report("empty cache (asks the stub)", &mut cold);
    let asked = stub.hits();

    let mut warm = Vec::with_capacity(WARM);
    for _ in 0..WARM {
        warm.push(lookup(&app, "28453018").await);
    }
    report("warm cache", &mut warm);
    println!(
        "requests that reached the stub: {} for {COLD} cold lookups, {} for {WARM} warm ones",
        asked,
        stub.hits() - asked
    );
}

/// IČOs with a valid check digit, none of them a fixture's.
fn valid_icos() -> impl Iterator<Item = String> {
    (3_000_000..)
        .map(|n| format!("{n:07}"))
        .filter_map(|first| {
            let digits: Vec<u32> = first.chars().filter_map(|c| c.to_digit(10)).collect();
            let sum: u32 = digits.iter().zip((2..=8).rev()).map(|(d, w)| d * w).sum();
            let check = match sum % 11 {
                0 => 1,
                1 => 0,
                r => 11 - r,
            };
            let ico = format!("{first}{check}");
            leady::clients::model::normalize_ico(&ico).ok().flatten()
        })
}

async fn lookup(app: &TestApp, ico: &str) -> Duration {
    let started = Instant::now();
    let (status, body) = app.post_form("/api/ares/lookup", &[("ico", ico)]).await;
    let took = started.elapsed();
    assert_eq!(status, StatusCode::OK, "{body}");
    took
}

fn report(what: &str, times: &mut [Duration]) {
    times.sort();
    let at = |q: f64| times[((times.len() as f64 - 1.0) * q).round() as usize];
    println!(
        "{what}: {} lookups, p50 {:.2} ms, p95 {:.2} ms, max {:.2} ms",
        times.len(),
        at(0.5).as_secs_f64() * 1e3,
        at(0.95).as_secs_f64() * 1e3,
        times[times.len() - 1].as_secs_f64() * 1e3
    );
}
