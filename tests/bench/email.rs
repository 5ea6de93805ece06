//! Benchmark, not a test: one poll that takes 1,000 new messages from a real dovecot (started
//! by `common::dovecot`) into leads, on SQLite and on PostgreSQL, with a sales team of 10 and
//! the assignment rules in play. Every 10th message comes from an address that is already an
//! open lead (an incoming email on it), every 50th is an auto-reply. Prints the time of the
//! APPEND (setting up) and of the poll, and a second poll (nothing new).
//!
//!     cargo test --release --no-default-features --features ssr --test bench -- --ignored --nocapture email::
//!
//! It asserts nothing about time: numbers depend on the machine and belong in notes.

use crate::common;

use std::time::Instant;

use crate::common::dovecot::Dovecot;
use leady::email::poller::poll_once;
use leady::server::entities::lead;
use sea_orm::{DatabaseConnection, EntityTrait, PaginatorTrait};

const MESSAGES: usize = 1_000;

fn message(i: usize) -> Vec<u8> {
    let (from, extra) = if i % 50 == 49 {
        (
            format!("zakaznik{}@firma-test.cz", i - 1),
            "Auto-Submitted: auto-replied\r\n",
        )
    } else if i % 10 == 9 {
        // The sender of the message before: by now an open lead.
        (format!("zakaznik{}@firma-test.cz", i - 1), "")
    } else {
        (format!("zakaznik{i}@firma-test.cz"), "")
    };
    format!(
        "From: Zákazník {i} <{from}>\r\nTo: poptavky@leady.test\r\n\
         Subject: =?UTF-8?Q?Popt=C3=A1vka_{i}?=\r\nMessage-ID: <bench-{i}@firma-test.cz>\r\n\
         Date: Tue, 01 Dec 2026 09:00:00 +0100\r\n{extra}MIME-Version: 1.0\r\n\
         Content-Type: text/plain; charset=UTF-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n\
         Dobrý den, máme zájem o nabídku – Žluťoučký kůň.\r\nPoptávka číslo {i}.\r\n"
    )
    .into_bytes()
}

async fn run(name: &str, db: DatabaseConnection) {
    common::fixtures::sales_team(&db, 10).await;
    let server = Dovecot::start();
    let started = Instant::now();
    let messages: Vec<Vec<u8>> = (0..MESSAGES).map(message).collect();
    server.append(&messages).await;
    let append = started.elapsed();
    let started = Instant::now();
    let report = poll_once(&db, &server.mailbox()).await;
    let poll = started.elapsed();
    assert_eq!(report.error, None, "{}", server.logs());
    assert_eq!(
        (report.created + report.activities + report.skipped) as usize,
        MESSAGES,
        "{report:?}"
    );
    let started = Instant::now();
    let again = poll_once(&db, &server.mailbox()).await;
    let second = started.elapsed();
    assert_eq!(again.created + again.activities + again.skipped, 0);
    let leads = lead::Entity::find().count(&db).await.unwrap();
    println!(
        "{name}: APPEND {MESSAGES} messages {:.2} s; one poll {:.2} s ({:.1} ms/message: \
         {} leads, {} activities, {} skipped; {leads} leads in the table); second poll {:.3} s",
        append.as_secs_f64(),
        poll.as_secs_f64(),
        poll.as_secs_f64() * 1000.0 / MESSAGES as f64,
        report.created,
        report.activities,
        report.skipped,
        second.as_secs_f64(),
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "benchmark: run with --ignored --nocapture"]
async fn one_poll_of_1000_messages() {
    let _alone = crate::alone().await;
    run("SQLite", common::sqlite().await).await;
    run("PostgreSQL", common::postgres().await).await;
}
