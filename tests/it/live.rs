//! Live events on a real SQLite file and on PostgreSQL: every change writes its event in its
//! own transaction; who hears what; a browser that reconnects catches up from its last event
//! id; and a change made through one app instance reaches a subscriber of another instance on
//! the same database (real HTTP servers on their own ports, an SSE stream read off the wire).

use crate::common;
use crate::common::fixtures::{boss, new_lead, user};

use std::time::Duration;

use crate::common::app::{ORIGIN, TestApp, form, serve};
use chrono::Utc;
use leady::auth::model::{CurrentUser, Role};
use leady::auth::permissions::LeadScope;
use leady::leads::model::{LeadInput, LeadStatus, MoveRequest};
use leady::leads::repo;
use leady::live::bus::{EventBus, Published};
use leady::live::model::EventKind;
use leady::live::sse::may_see;
use leady::server::entities::lead_event;
use sea_orm::{DatabaseConnection, EntityTrait, PaginatorTrait, QueryOrder};
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpStream;

on_both_databases!(
    every_change_writes_its_event_and_a_refused_one_none,
    salespeople_hear_only_of_leads_they_may_see,
    a_new_lead_is_heard_only_by_whom_the_rules_gave_it,
);

async fn kinds(db: &DatabaseConnection) -> Vec<(i32, String)> {
    lead_event::Entity::find()
        .order_by_asc(lead_event::Column::Id)
        .all(db)
        .await
        .unwrap()
        .into_iter()
        .map(|e| (e.lead_id, e.kind.code().to_string()))
        .collect()
}

async fn every_change_writes_its_event_and_a_refused_one_none(db: DatabaseConnection) {
    let id = new_lead(&db, "Eva", "Živá", Utc::now()).await;
    let version = repo::card(&db, id, LeadScope::Everything)
        .await
        .unwrap()
        .version;
    let request = MoveRequest {
        lead_id: id,
        version,
        to: LeadStatus::InProcess,
        after_id: None,
        disqualify: None,
    };
    let moved = repo::move_lead(&db, &boss(), &request, Utc::now())
        .await
        .unwrap();
    // The same move again is stale: refused, and no event.
    assert!(
        repo::move_lead(&db, &boss(), &request, Utc::now())
            .await
            .is_err()
    );
    let detail = repo::lead_detail(&db, id, LeadScope::Everything)
        .await
        .unwrap();
    repo::update_lead(
        &db,
        &boss(),
        id,
        moved.version,
        detail.as_input().validate().unwrap(),
        Utc::now(),
    )
    .await
    .unwrap();
    assert_eq!(
        kinds(&db).await,
        [
            (id, "created".into()),
            (id, "moved".into()),
            (id, "edited".into())
        ]
    );
    let last = lead_event::Entity::find()
        .order_by_desc(lead_event::Column::Id)
        .one(&db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        last.version,
        moved.version + 1,
        "the version the change left"
    );
}

async fn salespeople_hear_only_of_leads_they_may_see(db: DatabaseConnection) {
    let bus = EventBus::start(db.clone());
    let mut rx = bus.subscribe().await;
    let boss = user(&db, "milan@firma.cz", "Milan", Role::Manager, Utc::now()).await;
    let eva = CurrentUser {
        id: 9001,
        name: "Eva".into(),
        email: "eva@firma.cz".into(),
        role: Role::Salesperson,
    };
    let petr = CurrentUser {
        id: 9002,
        name: "Petr".into(),
        email: "petr@firma.cz".into(),
        role: Role::Salesperson,
    };
    let jana = user(&db, "jana@firma.cz", "Jana", Role::Salesperson, Utc::now()).await;

    let id = new_lead(&db, "Eva", "Bazén", Utc::now()).await;
    let created = next(&mut rx).await;
    assert_eq!(
        (created.event.lead_id, created.event.kind),
        (id, EventKind::Created)
    );
    // A pool lead: every salesperson may take it, so everyone hears of it.
    assert!(may_see(&eva, &created) && may_see(&petr, &created) && may_see(&boss, &created));

    leady::assignment::repo::assign_lead(&db, &boss, id, Some(jana.id), Utc::now())
        .await
        .unwrap();
    let assigned = next(&mut rx).await;
    assert_eq!(assigned.event.kind, EventKind::Assigned);
    assert_eq!((assigned.owner, assigned.prev_owner), (Some(jana.id), None));
    // Jana's now; the others hear this once (it left the pool they see), then no more.
    assert!(may_see(&jana, &assigned) && may_see(&eva, &assigned));
    let version = repo::card(&db, id, LeadScope::Everything)
        .await
        .unwrap()
        .version;
    let request = MoveRequest {
        lead_id: id,
        version,
        to: LeadStatus::InProcess,
        after_id: None,
        disqualify: None,
    };
    repo::move_lead(&db, &boss, &request, Utc::now())
        .await
        .unwrap();
    let moved = next(&mut rx).await;
    assert_eq!(moved.event.kind, EventKind::Moved);
    assert!(may_see(&jana, &moved) && may_see(&boss, &moved));
    assert!(!may_see(&eva, &moved) && !may_see(&petr, &moved));
}

/// Issue 11, item 4c: a lead that a rule gives to Anna on creation is heard of by Anna (and
/// managers) only — never by Bára, neither live nor on a replay — even for the moment before
/// the rule chose.
async fn a_new_lead_is_heard_only_by_whom_the_rules_gave_it(db: DatabaseConnection) {
    let bus = EventBus::start(db.clone());
    let mut rx = bus.subscribe().await;
    let anna = user(&db, "anna@firma.cz", "Anna", Role::Salesperson, Utc::now()).await;
    let bara = user(&db, "bara@firma.cz", "Bára", Role::Salesperson, Utc::now()).await;
    let rule = leady::assignment::model::RuleInput {
        id: None,
        name: "Vše → Anna".into(),
        kind: "round_robin".into(),
        match_value: String::new(),
        members: vec![anna.id],
        active: true,
    }
    .validate()
    .unwrap();
    leady::assignment::repo::save_rule(&db, rule, Utc::now())
        .await
        .unwrap();

    let input = LeadInput {
        first_name: "Eva".into(),
        last_name: "Pravidlová".into(),
        email: "eva@pravidlo.cz".into(),
        ..LeadInput::default()
    }
    .validate()
    .unwrap();
    let created = repo::create_lead(&db, input, None, Utc::now())
        .await
        .unwrap();
    assert_eq!(created.owner.map(|o| o.id), Some(anna.id));
    // A marker after it: the manager moves the lead; everything up to it was the creation.
    let version = repo::card(&db, created.id, LeadScope::Everything)
        .await
        .unwrap()
        .version;
    let request = MoveRequest {
        lead_id: created.id,
        version,
        to: LeadStatus::InProcess,
        after_id: None,
        disqualify: None,
    };
    repo::move_lead(&db, &boss(), &request, Utc::now())
        .await
        .unwrap();
    let mut heard = Vec::new();
    loop {
        let event = next(&mut rx).await;
        if event.event.kind == EventKind::Moved {
            break;
        }
        heard.push(event);
    }
    assert_eq!(
        heard.iter().map(|e| e.event.kind).collect::<Vec<_>>(),
        [EventKind::Created],
        "one event for the creation, written after the rule chose"
    );
    assert_eq!(heard[0].owner, Some(anna.id));
    assert!(may_see(&anna, &heard[0]) && may_see(&boss(), &heard[0]));
    assert!(
        !may_see(&bara, &heard[0]),
        "Bára hears nothing of Anna's lead"
    );
    // Nor when her browser catches up from the table.
    let stored = bus.since(0, 100).await.unwrap();
    assert!(!stored.is_empty());
    assert!(stored.iter().all(|e| !may_see(&bara, e)));
}

async fn next(rx: &mut tokio::sync::broadcast::Receiver<std::sync::Arc<Published>>) -> Published {
    tokio::time::timeout(Duration::from_secs(5), rx.recv())
        .await
        .expect("an event within 5 s")
        .unwrap()
        .as_ref()
        .clone()
}

/// A form POST over a real connection, as a same-origin browser sends it; answers the status.
async fn post(addr: std::net::SocketAddr, path: &str, cookie: &str, body: &str) -> u16 {
    let mut stream = TcpStream::connect(addr).await.unwrap();
    let request = format!(
        "POST {path} HTTP/1.1\r\nHost: {addr}\r\nOrigin: http://{addr}\r\nCookie: {cookie}\r\n\
         Accept: application/json\r\nContent-Type: application/x-www-form-urlencoded\r\n\
         Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    stream.write_all(request.as_bytes()).await.unwrap();
    let mut status = String::new();
    BufReader::new(stream).read_line(&mut status).await.unwrap();
    status
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0)
}

/// An open event stream, read line by line.
struct Stream(BufReader<TcpStream>);

impl Stream {
    async fn open(addr: std::net::SocketAddr, cookie: &str, last_event_id: Option<i64>) -> Stream {
        let mut stream = TcpStream::connect(addr).await.unwrap();
        let resume = last_event_id
            .map(|id| format!("Last-Event-ID: {id}\r\n"))
            .unwrap_or_default();
        let request = format!(
            "GET /api/events HTTP/1.1\r\nHost: {addr}\r\nCookie: {cookie}\r\n\
             Accept: text/event-stream\r\n{resume}\r\n"
        );
        stream.write_all(request.as_bytes()).await.unwrap();
        let mut reader = BufReader::new(stream);
        let mut status = String::new();
        reader.read_line(&mut status).await.unwrap();
        assert!(status.contains(" 200 "), "event stream refused: {status}");
        Stream(reader)
    }

    /// The next event as (name, id, data), skipping keep-alives; chunked framing is ignored by
    /// reading only the `event:`, `id:` and `data:` lines.
    async fn next(&mut self) -> (String, String, String) {
        let (mut name, mut id, mut data) = (String::new(), String::new(), String::new());
        loop {
            let mut line = String::new();
            let read = tokio::time::timeout(Duration::from_secs(5), self.0.read_line(&mut line))
                .await
                .expect("an event within 5 s")
                .unwrap();
            assert!(read > 0, "the stream ended");
            let line = line.trim_end();
            if let Some(v) = line.strip_prefix("event:") {
                name = v.trim().to_string();
            } else if let Some(v) = line.strip_prefix("id:") {
                id = v.trim().to_string();
            } else if let Some(v) = line.strip_prefix("data:") {
                data = v.trim().to_string();
            } else if line.is_empty() && !name.is_empty() {
                return (name, id, data);
            }
        }
    }

    /// The next `lead` event's data, as JSON.
    async fn next_lead(&mut self) -> (i64, serde_json::Value) {
        loop {
            let (name, id, data) = self.next().await;
            if name == "lead" {
                return (id.parse().unwrap(), serde_json::from_str(&data).unwrap());
            }
        }
    }
}

fn lead_form(last: &str) -> String {
    form(&[
        ("input[first_name]", "Ota"),
        ("input[last_name]", last),
        ("input[email]", "ota@firma.cz"),
        ("input[phone]", ""),
        ("input[company]", ""),
        ("input[source]", "phone"),
        ("input[description]", ""),
        ("form_key", last),
    ])
}

/// Two instances (two pools and two routers, each with its own event pump) on one database:
/// a lead created through A shows on B's stream; a stream reopened with its last id gets what
/// happened while it was away, and nothing twice.
async fn fan_out_across_instances(a: DatabaseConnection, b: DatabaseConnection) {
    // Sessions live in the database, so one sign-in serves both instances.
    let cookie = TestApp::signed_in(a.clone(), Role::Manager)
        .await
        .cookie
        .unwrap();
    let (addr_a, addr_b) = (serve(a.clone()).await, serve(b.clone()).await);
    assert_ne!(addr_a.port(), addr_b.port());
    let _ = ORIGIN;

    let mut on_b = Stream::open(addr_b, &cookie, None).await;
    let (ready, ready_id, _) = on_b.next().await;
    assert_eq!(ready, "ready");
    assert_eq!(
        post(addr_a, "/api/leads/create", &cookie, &lead_form("Přes A")).await,
        200
    );
    let (first_id, event) = on_b.next_lead().await;
    assert_eq!(event["kind"], "Created");
    assert!(first_id > ready_id.parse::<i64>().unwrap());
    let lead_id = event["lead_id"].as_i64().unwrap();

    // B's subscriber goes away; two more leads are made through A meanwhile.
    drop(on_b);
    for last in ["Mezitím 1", "Mezitím 2"] {
        assert_eq!(
            post(addr_a, "/api/leads/create", &cookie, &lead_form(last)).await,
            200
        );
    }
    let mut back = Stream::open(addr_b, &cookie, Some(first_id)).await;
    assert_eq!(back.next().await.0, "ready");
    let (id1, e1) = back.next_lead().await;
    let (id2, e2) = back.next_lead().await;
    assert!(first_id < id1 && id1 < id2, "in order, none twice");
    assert_ne!(e1["lead_id"].as_i64(), Some(lead_id));
    assert_ne!(e1["lead_id"], e2["lead_id"]);
    // And live again after the catch-up.
    assert_eq!(
        post(addr_a, "/api/leads/create", &cookie, &lead_form("Potom")).await,
        200
    );
    let (id3, _) = back.next_lead().await;
    assert!(id3 > id2);
    assert!(lead_event::Entity::find().count(&a).await.unwrap() >= 4);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sqlite_one_instance_fans_out_to_its_subscribers() {
    let db = common::sqlite().await;
    fan_out_across_instances(db.clone(), db).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgres_a_change_through_one_instance_reaches_a_subscriber_of_another() {
    let mut pools = common::postgres_instances(2).await;
    let b = pools.pop().unwrap();
    let a = pools.pop().unwrap();
    fan_out_across_instances(a, b).await;
}
