//! The benchmarks: one test binary (`--test bench`) of `#[ignore]`d tests that print numbers
//! and assert nothing about time (the README lists the command of each). A filter picks one:
//!
//!     cargo test --release --no-default-features --features ssr --test bench -- --ignored --nocapture live::
//!
//! A filter is a substring of the test's path: `board::` alone would also pick
//! `dashboard::…`, hence `board::board_with_10000_leads`. Run without a filter, they still run
//! one after another ([`alone`]): measured side by side, each would slow the other.
//!
//! They share the integration tests' helpers (`tests/it/common/`).

#[path = "../it/common/mod.rs"]
mod common;

mod ares;
mod board;
mod capture;
mod create;
mod dashboard;
mod email;
mod export;
mod import;
mod live;
mod served;
mod signin;

/// The benchmarks run one after the other, as they did as separate binaries: side by side
/// they would measure each other. Each holds this for its whole run.
static ONE_AT_A_TIME: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

pub async fn alone() -> tokio::sync::MutexGuard<'static, ()> {
    ONE_AT_A_TIME.lock().await
}
