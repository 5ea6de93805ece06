//! Benchmark, not a test: live updates fanned out to 1,000 open event streams, on SQLite and on
//! PostgreSQL. The real `leady` binary runs as a child process (so its memory is its own);
//! 1,000 connections hold `GET /api/events` open as the signed-in admin while 100 lead moves a
//! second go in over HTTP for 30 s, as browsers would send them. Prints the changes made and
//! refused, deliveries expected and received (lost, duplicates, resyncs), the delivery latency
//! (move request sent → event read off a subscriber's stream) and the server's memory.
//!
//!     ulimit -n 20000 && cargo test --release --no-default-features --features ssr --test bench -- --ignored --nocapture live::
//!
//! With `LEADY_BENCH_SUBSCRIBERS=1` it measures one open board alone.
//!
//! The server holds a file per subscriber (~1,050 in all) and the client as many, more than the
//! usual default of 1,024: any limit above ~1,100 does.
//!
//! It asserts nothing about time: numbers depend on the machine and belong in notes. Client and
//! server share the machine, so the latency includes the client's own scheduling.

use crate::common;

use std::collections::{BTreeMap, HashMap};
use std::net::SocketAddr;
use std::sync::atomic::{AtomicBool, AtomicU32, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, RwLock};
use std::time::{Duration, Instant};

use crate::common::app::form;
use crate::served::{Cpu, Server, TICKS_PER_SECOND, micros, percentiles, post, sign_in, unique};
use leady::leads::model::LeadStatus;
use leady::live::model::LeadEvent;
use sea_orm::{ConnectionTrait, Database};
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpStream;

/// Open streams: 1,000 unless `LEADY_BENCH_SUBSCRIBERS` says otherwise (1 measures how soon
/// one board hears a change when nothing else is listening).
fn subscribers() -> usize {
    std::env::var("LEADY_BENCH_SUBSCRIBERS")
        .ok()
        .and_then(|n| n.parse().ok())
        .filter(|n| *n > 0)
        .unwrap_or(1_000)
}
const LEADS: usize = 200;
const PER_SECOND: u64 = 100;
const SECONDS: u64 = 30;
const CHANGES: usize = (PER_SECOND * SECONDS) as usize;
const POOL: u32 = 16;
/// Subscribers connecting at the same moment: a crowd arriving, not a thundering herd.
const OPENING_AT_ONCE: usize = 50;
/// How long deliveries may trail the last change before they count as lost.
const STRAGGLERS: Duration = Duration::from_secs(10);

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "benchmark: run with --ignored --nocapture (and ulimit -n 65536)"]
async fn sqlite_fan_out() {
    let path = std::env::temp_dir().join(format!("{}.db", unique()));
    fan_out("SQLite", &format!("sqlite://{}?mode=rwc", path.display())).await;
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "benchmark: run with --ignored --nocapture (and ulimit -n 65536)"]
async fn postgres_fan_out() {
    // A fresh schema, as common::postgres makes one; dropped afterwards.
    let base = common::postgres_url();
    let schema = unique();
    let admin = Database::connect(base.as_str())
        .await
        .expect("PostgreSQL must run on 127.0.0.1:5432 (see README)");
    admin
        .execute_unprepared(&format!("CREATE SCHEMA {schema}"))
        .await
        .expect("create the benchmark schema");
    let separator = if base.contains('?') { '&' } else { '?' };
    let url = format!("{base}{separator}options=-c%20search_path%3D{schema}");
    fan_out("PostgreSQL", &url).await;
    let _ = admin
        .execute_unprepared(&format!("DROP SCHEMA {schema} CASCADE"))
        .await;
}

/// One measured change: when its request left, whether the server took it, and how many
/// subscribers have heard of it, the first and the last how long after it was sent (µs).
struct Change {
    sent: Instant,
    ok: AtomicBool,
    heard: AtomicU32,
    first: AtomicU32,
    last: AtomicU32,
}

/// Changes by (lead id, version the change leaves), which is what a `lead` event names.
type Changes = Arc<RwLock<HashMap<(i32, i32), Change>>>;

/// A lead the driver moves: its version as last answered, and whether a move is in flight.
struct Lead {
    id: i32,
    version: i32,
    status: LeadStatus,
    busy: bool,
}

async fn fan_out(name: &str, database_url: &str) {
    // The two benchmarks (and any other) run one after the other.
    let _alone = crate::alone().await;
    let whole = Instant::now();
    let subscriber_count = subscribers();
    let server = Server::start(database_url, POOL).await;
    let addr = server.addr;
    let cookie = sign_in(addr).await;
    let leads = create_leads(addr, &cookie).await;
    let before = server.memory();

    // The subscribers (1,000 by default); each says when its stream is ready (or why it is not).
    let changes: Changes = Arc::new(RwLock::new(HashMap::with_capacity(CHANGES)));
    let heard_total = Arc::new(AtomicU64::new(0));
    let gate = Arc::new(tokio::sync::Semaphore::new(OPENING_AT_ONCE));
    let (ready_tx, mut ready_rx) = tokio::sync::mpsc::channel(subscriber_count);
    let opening = Instant::now();
    let subscribers: Vec<_> = (0..subscriber_count)
        .map(|_| {
            let (cookie, changes, heard_total) =
                (cookie.clone(), changes.clone(), heard_total.clone());
            let (gate, ready) = (gate.clone(), ready_tx.clone());
            tokio::spawn(subscribe(addr, cookie, gate, ready, changes, heard_total))
        })
        .collect();
    drop(ready_tx);
    let mut refused: BTreeMap<String, usize> = BTreeMap::new();
    let mut opened = 0;
    for _ in 0..subscriber_count {
        match tokio::time::timeout(Duration::from_secs(120), ready_rx.recv()).await {
            Ok(Some(Ok(()))) => opened += 1,
            Ok(Some(Err(why))) => *refused.entry(why).or_default() += 1,
            Ok(None) | Err(_) => {
                *refused.entry("no ready within 120 s".into()).or_default() += 1;
            }
        }
    }
    let opening = opening.elapsed();
    // Let the server settle after the rush before measuring what subscribers cost.
    tokio::time::sleep(Duration::from_secs(1)).await;
    let subscribed = server.memory();
    let files = server.open_files();

    // The changes: on a fixed schedule, each on its own task so a slow one delays no other.
    let leads = Arc::new(Mutex::new(leads));
    let outcomes: Arc<Mutex<BTreeMap<u16, u32>>> = Arc::default();
    let round_trips: Arc<Mutex<Vec<u32>>> = Arc::new(Mutex::new(Vec::with_capacity(CHANGES)));
    let mut tick = tokio::time::interval(Duration::from_micros(1_000_000 / PER_SECOND));
    let mut requests = Vec::with_capacity(CHANGES);
    let mut skipped = 0;
    let mut next = 0;
    let cpu_before = Cpu::now(&server);
    let started = Instant::now();
    for _ in 0..CHANGES {
        tick.tick().await;
        let pick = {
            let mut leads = leads.lock().unwrap();
            let n = leads.len();
            (0..n)
                .map(|k| (next + k) % n)
                .find(|&i| !leads[i].busy)
                .map(|i| {
                    next = i + 1;
                    let lead = &mut leads[i];
                    lead.busy = true;
                    let to = match lead.status {
                        LeadStatus::Assigned => LeadStatus::InProcess,
                        _ => LeadStatus::Assigned,
                    };
                    (i, lead.id, lead.version, to)
                })
        };
        let Some((index, id, version, to)) = pick else {
            // Every lead has a move in flight: the server is far behind.
            skipped += 1;
            continue;
        };
        let (cookie, changes, leads) = (cookie.clone(), changes.clone(), leads.clone());
        let (outcomes, round_trips) = (outcomes.clone(), round_trips.clone());
        requests.push(tokio::spawn(async move {
            let body = form(&[
                ("request[lead_id]", &id.to_string()),
                ("request[version]", &version.to_string()),
                ("request[to]", variant(to)),
            ]);
            let key = (id, version + 1);
            let sent = Instant::now();
            changes.write().unwrap().insert(
                key,
                Change {
                    sent,
                    ok: AtomicBool::new(false),
                    heard: AtomicU32::new(0),
                    first: AtomicU32::new(u32::MAX),
                    last: AtomicU32::new(0),
                },
            );
            let answer = post(addr, "/api/leads/move", Some(&cookie), &body).await;
            round_trips.lock().unwrap().push(micros(sent.elapsed()));
            let status = answer.as_ref().map(|a| a.status).unwrap_or(0);
            *outcomes.lock().unwrap().entry(status).or_default() += 1;
            let version = match answer {
                Ok(a) if a.status == 200 => {
                    if let Some(change) = changes.read().unwrap().get(&key) {
                        change.ok.store(true, Ordering::Relaxed);
                    }
                    Some((card_version(&a.body), to))
                }
                // Refused or unanswered: ask the server where the lead stands now.
                _ => current(addr, &cookie, id).await,
            };
            let mut leads = leads.lock().unwrap();
            if let Some((version, status)) = version {
                leads[index].version = version;
                leads[index].status = status;
                leads[index].busy = false;
            }
        }));
    }
    let scheduled = started.elapsed();
    for request in requests {
        let _ = request.await;
    }
    let answered = started.elapsed();
    let succeeded: u64 = outcomes
        .lock()
        .unwrap()
        .get(&200)
        .copied()
        .unwrap_or(0)
        .into();
    let expected = succeeded * opened as u64;

    // Stragglers: wait until every subscriber has heard every change, or give up.
    let waiting = Instant::now();
    while heard_total.load(Ordering::Relaxed) < expected && waiting.elapsed() < STRAGGLERS {
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let drained = waiting.elapsed();
    let cpu = Cpu::now(&server).since(&cpu_before);
    let busy = started.elapsed().as_secs_f64();
    // A moment more, so late duplicates would show.
    tokio::time::sleep(Duration::from_secs(1)).await;
    let at_end = server.memory();
    let limit = server.open_files_limit();

    // Stopping the server ends every stream; each subscriber answers what it heard.
    drop(server);
    let mut heard = Heard::default();
    for subscriber in subscribers {
        if let Ok(Ok(h)) = tokio::time::timeout(Duration::from_secs(30), subscriber).await {
            heard.absorb(h);
        }
    }
    let changes = changes.read().unwrap();
    let (mut received, mut short, mut extra) = (0u64, 0, 0u64);
    let (mut firsts, mut lasts) = (Vec::new(), Vec::new());
    for change in changes.values().filter(|c| c.ok.load(Ordering::Relaxed)) {
        let n = u64::from(change.heard.load(Ordering::Relaxed));
        if n > 0 {
            firsts.push(change.first.load(Ordering::Relaxed));
            lasts.push(change.last.load(Ordering::Relaxed));
        }
        received += n.min(opened as u64);
        extra += n.saturating_sub(opened as u64);
        if n < opened as u64 {
            short += 1;
        }
    }
    let refused_heard: u64 = changes
        .values()
        .filter(|c| !c.ok.load(Ordering::Relaxed))
        .map(|c| u64::from(c.heard.load(Ordering::Relaxed)))
        .sum();

    let outcomes = outcomes.lock().unwrap();
    let failed: Vec<String> = outcomes
        .iter()
        .filter(|(status, _)| **status != 200)
        .map(|(status, n)| match status {
            0 => format!("no answer ×{n}"),
            s => format!("HTTP {s} ×{n}"),
        })
        .collect();
    let failed_n: u32 = outcomes
        .iter()
        .filter(|(s, _)| **s != 200)
        .map(|(_, n)| n)
        .sum();
    let sent = outcomes.values().sum::<u32>();
    let refused: Vec<String> = refused
        .iter()
        .map(|(why, n)| format!("{why} ×{n}"))
        .collect();
    let mut round_trips = std::mem::take(&mut *round_trips.lock().unwrap());
    heard.latencies.sort_unstable();
    round_trips.sort_unstable();
    firsts.sort_unstable();
    lasts.sort_unstable();

    println!();
    println!("── {name}: {subscriber_count} subscribers, {PER_SECOND} moves/s for {SECONDS} s ──");
    println!(
        "server                    pid {}, pool {POOL}, open files limit {limit}",
        before.pid
    );
    println!(
        "subscriptions             {opened} ready in {:.2} s, refused: {}",
        opening.as_secs_f64(),
        list_or_none(&refused)
    );
    println!(
        "changes                   {sent} sent, {succeeded} ok, failed: {} ({}), \
         not sent (all leads busy): {skipped}",
        failed_n,
        list_or_none(&failed)
    );
    println!(
        "achieved change rate      {:.1}/s sent ({sent} in {:.2} s), {:.1}/s answered ok \
         (last answer at {:.2} s)",
        f64::from(sent) / scheduled.as_secs_f64(),
        scheduled.as_secs_f64(),
        succeeded as f64 / answered.as_secs_f64(),
        answered.as_secs_f64()
    );
    println!("move request (ms)         {}", percentiles(&round_trips));
    println!("deliveries expected       {expected} ({succeeded} changes × {opened} subscribers)");
    println!(
        "deliveries received       {received} (all heard {:.2} s after the last answer{})",
        drained.as_secs_f64(),
        if received < expected { ", gave up" } else { "" }
    );
    println!(
        "events lost               {} ({short} changes not heard by everyone)",
        expected - received
    );
    println!(
        "duplicates / resyncs      {} / {} (and {extra} extra deliveries, {refused_heard} of \
         refused changes, {} lead events matching no change)",
        heard.duplicates, heard.resyncs, heard.unmatched
    );
    println!(
        "latency (ms)              {} over {} deliveries",
        percentiles(&heard.latencies),
        heard.latencies.len()
    );
    println!(
        "first subscriber (ms)     {} (per change: sent → heard by the first)",
        percentiles(&firsts)
    );
    println!(
        "last subscriber (ms)      {} (per change: sent → heard by all)",
        percentiles(&lasts)
    );
    let share = |ticks: u64| ticks as f64 / TICKS_PER_SECOND / busy * 100.0;
    println!(
        "CPU, % of one core        server {:.0}, this client {:.0}, all postgres processes {:.0} \
         (over the {busy:.1} s of changes; the machine has {} cores)",
        share(cpu.server),
        share(cpu.client),
        share(cpu.postgres),
        std::thread::available_parallelism().map_or(0, |n| n.get())
    );
    println!(
        "server VmRSS (MB)         {:.1} before subscribers, {:.1} with {opened}, {:.1} at the \
         end; peak VmHWM {:.1}",
        mb(before.rss_kb),
        mb(subscribed.rss_kb),
        mb(at_end.rss_kb),
        mb(at_end.hwm_kb)
    );
    println!("server open files         {files} with {opened} subscribers");
    println!(
        "whole run                 {:.1} s",
        whole.elapsed().as_secs_f64()
    );
}

fn list_or_none(items: &[String]) -> String {
    if items.is_empty() {
        "none".into()
    } else {
        items.join(", ")
    }
}

fn mb(kb: u64) -> f64 {
    kb as f64 / 1024.0
}

/// The status as a server function's form field spells it (its serde name).
fn variant(status: LeadStatus) -> &'static str {
    match status {
        LeadStatus::Assigned => "Assigned",
        LeadStatus::InProcess => "InProcess",
        other => panic!("the benchmark only moves between two columns, not to {other:?}"),
    }
}

/// The `version` of a lead card answered by a server function.
fn card_version(body: &str) -> i32 {
    serde_json::from_str::<serde_json::Value>(body)
        .ok()
        .and_then(|card| card["version"].as_i64())
        .and_then(|v| i32::try_from(v).ok())
        .unwrap_or_else(|| panic!("a lead card, not {body}"))
}

/// Where a lead stands (version, status), read back after a refused move.
async fn current(addr: SocketAddr, cookie: &str, id: i32) -> Option<(i32, LeadStatus)> {
    let answer = post(
        addr,
        "/api/leads/card",
        Some(cookie),
        &form(&[("id", &id.to_string())]),
    )
    .await
    .ok()
    .filter(|a| a.status == 200)?;
    let card: serde_json::Value = serde_json::from_str(&answer.body).ok()?;
    let status = serde_json::from_value(card["status"].clone()).ok()?;
    Some((card_version(&answer.body), status))
}

/// The leads to move, created through the create server function (setup, not measured).
async fn create_leads(addr: SocketAddr, cookie: &str) -> Vec<Lead> {
    let mut leads = Vec::with_capacity(LEADS);
    for n in 0..LEADS {
        let last = format!("Živý {n}");
        let body = form(&[
            ("input[first_name]", "Ota"),
            ("input[last_name]", &last),
            ("input[email]", &format!("ota{n}@firma.cz")),
            ("input[phone]", ""),
            ("input[company]", "Firma s.r.o."),
            ("input[source]", "phone"),
            ("input[description]", ""),
            ("form_key", &format!("bench-{n}")),
        ]);
        let answer = post(addr, "/api/leads/create", Some(cookie), &body)
            .await
            .expect("create a lead");
        assert_eq!(answer.status, 200, "create a lead: {}", answer.body);
        let created: serde_json::Value = serde_json::from_str(&answer.body).unwrap();
        let id = created["id"].as_i64().expect("the new lead's id") as i32;
        let (version, status) = current(addr, cookie, id)
            .await
            .expect("the new lead's card");
        leads.push(Lead {
            id,
            version,
            status,
            busy: false,
        });
    }
    leads
}

/// What one subscriber heard.
#[derive(Default)]
struct Heard {
    /// Microseconds from a change's request to this subscriber reading its event.
    latencies: Vec<u32>,
    duplicates: u64,
    resyncs: u64,
    unmatched: u64,
}

impl Heard {
    fn absorb(&mut self, other: Heard) {
        self.latencies.extend(other.latencies);
        self.duplicates += other.duplicates;
        self.resyncs += other.resyncs;
        self.unmatched += other.unmatched;
    }
}

/// One browser's event stream, read until the server goes away. Says on `ready` when the
/// stream has started (or why it did not).
async fn subscribe(
    addr: SocketAddr,
    cookie: String,
    gate: Arc<tokio::sync::Semaphore>,
    ready: tokio::sync::mpsc::Sender<Result<(), String>>,
    changes: Changes,
    heard_total: Arc<AtomicU64>,
) -> Heard {
    let mut heard = Heard {
        latencies: Vec::with_capacity(CHANGES),
        ..Heard::default()
    };
    // Only the opening is gated: the permit goes once the stream is ready.
    let mut permit = Some(gate.acquire_owned().await.expect("the gate stays open"));
    let opened = async {
        let mut stream = TcpStream::connect(addr).await.map_err(|e| e.to_string())?;
        let request = format!(
            "GET /api/events HTTP/1.1\r\nHost: {addr}\r\nCookie: {cookie}\r\n\
             Accept: text/event-stream\r\n\r\n"
        );
        stream
            .write_all(request.as_bytes())
            .await
            .map_err(|e| e.to_string())?;
        let mut reader = BufReader::new(stream);
        let mut status = String::new();
        reader
            .read_line(&mut status)
            .await
            .map_err(|e| e.to_string())?;
        if !status.contains(" 200 ") {
            return Err(format!("HTTP {}", status.trim()));
        }
        Ok(reader)
    };
    let mut reader = match opened.await {
        Ok(reader) => reader,
        Err(why) => {
            let _ = ready.send(Err(why)).await;
            return heard;
        }
    };
    // The event being read: name, id, data. Chunked framing is ignored by looking only at the
    // `event:`, `id:` and `data:` lines.
    let (mut name, mut id, mut data) = (String::new(), String::new(), String::new());
    let mut line = String::new();
    let mut last = 0i64;
    let mut started = false;
    loop {
        line.clear();
        match reader.read_line(&mut line).await {
            Ok(0) | Err(_) => break,
            Ok(_) => {}
        }
        let text = line.trim_end();
        if let Some(v) = text.strip_prefix("event:") {
            name = v.trim().to_string();
        } else if let Some(v) = text.strip_prefix("id:") {
            id = v.trim().to_string();
        } else if let Some(v) = text.strip_prefix("data:") {
            data = v.trim().to_string();
        } else if text.is_empty() && !name.is_empty() {
            let at = Instant::now();
            match name.as_str() {
                "ready" if !started => {
                    started = true;
                    drop(permit.take());
                    last = id.parse().unwrap_or(0);
                    let _ = ready.send(Ok(())).await;
                }
                "lead" => {
                    let event_id: i64 = id.parse().unwrap_or(0);
                    if event_id <= last {
                        heard.duplicates += 1;
                    } else {
                        last = event_id;
                        let event: LeadEvent = serde_json::from_str(&data).expect("a lead event");
                        match changes.read().unwrap().get(&(event.lead_id, event.version)) {
                            Some(change) => {
                                let latency = micros(at - change.sent);
                                change.heard.fetch_add(1, Ordering::Relaxed);
                                change.first.fetch_min(latency, Ordering::Relaxed);
                                change.last.fetch_max(latency, Ordering::Relaxed);
                                heard_total.fetch_add(1, Ordering::Relaxed);
                                heard.latencies.push(latency);
                            }
                            None => heard.unmatched += 1,
                        }
                    }
                }
                "resync" => heard.resyncs += 1,
                _ => {}
            }
            name.clear();
            id.clear();
            data.clear();
        }
    }
    if !started {
        let _ = ready
            .send(Err("the stream ended before ready".into()))
            .await;
    }
    heard
}
