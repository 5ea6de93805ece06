//! SQL statements per request (issue 15, goal 4): quick entry's create, a move on the board and
//! the board's first pages, counted by the router's `sql_count` layer, on both databases.
//!
//! Each number is what the request needs today. A repeated read or a forgotten round trip makes
//! it grow and fails here; a change that saves a statement lowers the number it asserts.

use crate::common::app::{ORIGIN, TestApp, form};
use axum::body::Body;
use axum::http::{StatusCode, header};
use leady::auth::model::Role;
use sea_orm::{DatabaseConnection, DbBackend};

on_both_databases!(create_move_and_board_cost_a_fixed_number_of_statements);

/// What each request costs, on (SQLite, PostgreSQL); the same on both (PostgreSQL's event
/// lock and NOTIFY are part of the event's INSERT).
///
/// - create, 7: the session with its user; the lead (its idempotency key is the duplicate
///   check); the assignment rules; the top of Nový and the new place; the history row; the
///   event. (Before the cuts: 9.)
/// - move, 8: the session with its user; the version claimed, answering the lead; the top of
///   the column; the history row; the status, place and first contact; the card and its open
///   tasks; the event. (Before: 11.)
/// - board, 11: the session with its user; the newest event id; the count per column; six
///   columns' first pages; their open tasks; the people to assign to. (Before: 12.)
struct Budget {
    create: (u32, u32),
    moving: (u32, u32),
    board: (u32, u32),
}

const BUDGET: Budget = Budget {
    create: (7, 7),
    moving: (8, 8),
    board: (11, 11),
};

fn on(db: &DatabaseConnection, (sqlite, postgres): (u32, u32)) -> u32 {
    match db.get_database_backend() {
        DbBackend::Postgres => postgres,
        _ => sqlite,
    }
}

async fn post(app: &TestApp, path: &str, fields: &[(&str, &str)]) -> (String, u32) {
    let req = app
        .post(path)
        .header(header::ORIGIN, ORIGIN)
        .body(Body::from(form(fields)))
        .unwrap();
    let (status, text, statements) = app.send_counted(req).await;
    assert_eq!(status, StatusCode::OK, "{path}: {text}");
    (text, statements)
}

async fn create_move_and_board_cost_a_fixed_number_of_statements(db: DatabaseConnection) {
    let app = TestApp::signed_in(db.clone(), Role::Admin).await;
    let mut costs = Vec::new();
    for n in 0..3 {
        let (text, create) = post(
            &app,
            "/api/leads/create",
            &[
                ("input[first_name]", "Jan"),
                ("input[last_name]", &format!("Novák {n}")),
                ("input[email]", &format!("jan{n}@strojirny.cz")),
                ("input[phone]", ""),
                ("input[company]", "Strojírny Brno a.s."),
                ("input[source]", "trade_fair"),
                ("input[description]", ""),
                ("form_key", &format!("key-{n}")),
            ],
        )
        .await;
        let created: serde_json::Value = serde_json::from_str(&text).unwrap();
        let id = created["id"]
            .as_i64()
            .expect("the new lead's id")
            .to_string();
        let (_, moving) = post(
            &app,
            "/api/leads/move",
            &[
                ("request[lead_id]", &id),
                ("request[version]", "1"),
                ("request[to]", "InProcess"),
            ],
        )
        .await;
        let (_, board) = post(&app, "/api/leads/board", &[("filter", "all")]).await;
        costs.push((create, moving, board));
    }
    println!("statements (create, move, board): {costs:?}");
    // The same every time: nothing is read once more per lead already there.
    assert!(costs.iter().all(|c| *c == costs[0]), "{costs:?}");
    let (create, moving, board) = costs[0];
    assert_eq!(create, on(&db, BUDGET.create), "create");
    assert_eq!(moving, on(&db, BUDGET.moving), "move");
    assert_eq!(board, on(&db, BUDGET.board), "board");
}
