//! Counting SQL statements per request: SeaORM calls [`on_statement`] after every statement
//! it runs, in the task that awaited it, and a request counts what its own task ran.
//!
//! [`counting`] wraps every request (the router's outermost layer): a request that ran any
//! statement logs their number at debug level (`RUST_LOG=leady::server::sql_count=debug`), and
//! the answer carries it as a [`Statements`] extension (never sent to the browser), which the
//! integration tests compare with what the request should cost, so a repeated read fails a
//! test. Work a request hands to another task is not counted: the live pump, the housekeeping,
//! and a page's resources, which Leptos runs on tasks of their own while the page streams (so
//! the tests count server functions, the calls a page makes). BEGIN and COMMIT do not pass
//! through SeaORM's callback: a number counts the statements proper.

use std::cell::Cell;
use std::future::Future;

use axum::body::Body;
use axum::http::Request;
use axum::middleware::Next;
use axum::response::Response;

tokio::task_local! {
    static STATEMENTS: Cell<u32>;
}

/// SeaORM's metric callback (set on every pool in `server::db::connect`).
/// At trace level it logs each statement (`RUST_LOG=leady::server::sql_count=trace`): which
/// ones a request ran.
pub fn on_statement(info: &sea_orm::metric::Info<'_>) {
    let _ = STATEMENTS.try_with(|n| n.set(n.get() + 1));
    tracing::trace!(sql = %info.statement.sql, elapsed = ?info.elapsed, "SQL statement");
}

/// Runs `work` and answers what it answered with the number of statements it ran. Nested
/// inside another count, the outer one does not see the inner one's statements.
pub async fn counted<F: Future>(work: F) -> (F::Output, u32) {
    STATEMENTS
        .scope(Cell::new(0), async {
            let out = work.await;
            (out, STATEMENTS.with(Cell::get))
        })
        .await
}

/// How many SQL statements answering a request ran (a response extension).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Statements(pub u32);

/// The middleware: counts each request's statements, logs the number and hangs it on the
/// answer.
pub async fn counting(req: Request<Body>, next: Next) -> Response {
    let method = req.method().clone();
    let path = req.uri().path().to_owned();
    let (mut response, statements) = counted(next.run(req)).await;
    if statements > 0 {
        tracing::debug!(%method, %path, statements, "SQL statements");
    }
    response.extensions_mut().insert(Statements(statements));
    response
}
