//! Benchmark, not a test: how a flood of wrong sign-ins slows everyone else. The real `leady`
//! binary serves a fresh SQLite file; a signed-in admin asks `POST /api/auth/me` (a cheap
//! server function: the session and one user row) one request after another, first on a quiet
//! server, then while 50 clients post wrong sign-ins in parallel without pause, each from its
//! own loopback address (127.0.0.10 …) and with emails nobody has (so each is a real password
//! check, on the dummy hash, and the throttle lets them through for a while). Prints the
//! latency percentiles of the cheap request in both phases and what the flood got.
//!
//!     cargo test --release --no-default-features --features ssr --test bench -- --ignored --nocapture signin::
//!
//! It asserts nothing about time: numbers depend on the machine and belong in notes.

use std::collections::BTreeMap;
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use crate::common::app::form;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpSocket, TcpStream};

const FLOODERS: usize = 50;
const QUIET: Duration = Duration::from_secs(5);
const FLOOD: Duration = Duration::from_secs(15);
const EMAIL: &str = "bench@firma.cz";
const PASSWORD: &str = "Mlha-nad-Sázavou-7341-kvetnatá";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "benchmark: run with --ignored --nocapture"]
async fn cheap_requests_during_a_sign_in_flood() {
    let _alone = crate::alone().await;
    let path = std::env::temp_dir().join(format!("leady_signin_bench_{}.db", std::process::id()));
    let server = Server::start(&format!("sqlite://{}?mode=rwc", path.display())).await;
    let addr = server.addr;
    let cookie = sign_in(addr).await;

    let quiet = measure(addr, &cookie, QUIET).await;
    report("quiet server", &quiet);

    let stop = Arc::new(std::sync::atomic::AtomicBool::new(false));
    let outcomes: Arc<Mutex<BTreeMap<u16, u32>>> = Arc::default();
    let flood_times: Arc<Mutex<Vec<u32>>> = Arc::default();
    let flooders: Vec<_> = (0..FLOODERS)
        .map(|i| {
            let (stop, outcomes, flood_times) =
                (stop.clone(), outcomes.clone(), flood_times.clone());
            tokio::spawn(async move {
                let from = IpAddr::V4(Ipv4Addr::new(127, 0, 0, 10 + i as u8));
                let mut n = 0;
                while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                    let email = format!("nikdo{i}-{n}@firma.cz");
                    n += 1;
                    let body = form(&[("email", &email), ("password", "spatne-heslo-123")]);
                    let sent = Instant::now();
                    let status = post(addr, Some(from), "/api/auth/sign-in", None, &body)
                        .await
                        .map(|a| a.status)
                        .unwrap_or(0);
                    flood_times.lock().unwrap().push(millis(sent.elapsed()));
                    *outcomes.lock().unwrap().entry(status).or_default() += 1;
                }
            })
        })
        .collect();
    // Let the flood build up before measuring.
    tokio::time::sleep(Duration::from_millis(500)).await;
    let flooded = measure(addr, &cookie, FLOOD).await;
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    for f in flooders {
        let _ = f.await;
    }
    report(
        &format!("during {FLOODERS} parallel wrong sign-ins"),
        &flooded,
    );
    let mut flood_times = flood_times.lock().unwrap().clone();
    flood_times.sort_unstable();
    println!(
        "  the flood got (status: count): {:?}; its own p50 {} ms, p95 {} ms",
        outcomes.lock().unwrap(),
        percentile(&flood_times, 50.0),
        percentile(&flood_times, 95.0)
    );
    drop(server);
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
    }
}

/// `POST /api/auth/me` one after another for `how_long`; answers the sorted latencies (ms) and
/// how many did not answer 200.
async fn measure(addr: SocketAddr, cookie: &str, how_long: Duration) -> (Vec<u32>, u32) {
    let mut times = Vec::new();
    let mut failed = 0;
    let start = Instant::now();
    while start.elapsed() < how_long {
        let sent = Instant::now();
        let answer = post(addr, None, "/api/auth/me", Some(cookie), "").await;
        times.push(millis(sent.elapsed()));
        if !matches!(answer, Ok(a) if a.status == 200) {
            failed += 1;
        }
    }
    times.sort_unstable();
    (times, failed)
}

fn report(phase: &str, (times, failed): &(Vec<u32>, u32)) {
    println!(
        "signed-in POST /api/auth/me, {phase}: {} requests ({failed} not 200); p50 {} ms, \
         p95 {} ms, p99 {} ms, max {} ms",
        times.len(),
        percentile(times, 50.0),
        percentile(times, 95.0),
        percentile(times, 99.0),
        times.last().copied().unwrap_or(0)
    );
}

fn millis(d: Duration) -> u32 {
    u32::try_from(d.as_millis()).unwrap_or(u32::MAX)
}

fn percentile(sorted: &[u32], p: f64) -> u32 {
    if sorted.is_empty() {
        return 0;
    }
    let rank = ((p / 100.0) * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}

/// The `leady` binary serving a database of its own, killed when dropped (a panic included).
struct Server {
    child: Child,
    addr: SocketAddr,
}

impl Server {
    /// Migrates, creates the admin and serves on a free port; answers once the port answers.
    async fn start(database_url: &str) -> Server {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .expect("a free port")
            .port();
        let addr = SocketAddr::from(([127, 0, 0, 1], port));
        let leady = |args: &[&str]| {
            let mut command = Command::new(env!("CARGO_BIN_EXE_leady"));
            command
                .args(args)
                .env("DATABASE_URL", database_url)
                .env("LEPTOS_SITE_ADDR", addr.to_string())
                .env("RUST_LOG", "warn");
            command
        };
        let migrated = leady(&["migrate"]).output().expect("run leady migrate");
        assert!(migrated.status.success(), "leady migrate failed");
        let mut admin = leady(&["create-admin", "--email", EMAIL, "--name", "Benchmark"])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("run leady create-admin");
        {
            use std::io::Write;
            let mut stdin = admin.stdin.take().expect("its standard input");
            writeln!(stdin, "{PASSWORD}").expect("write the password");
        }
        let created = admin.wait_with_output().expect("leady create-admin ends");
        assert!(created.status.success(), "leady create-admin failed");
        let child = leady(&["serve"])
            .stdin(Stdio::null())
            .spawn()
            .expect("start leady serve");
        let mut server = Server { child, addr };
        let waiting = Instant::now();
        while TcpStream::connect(addr).await.is_err() {
            if let Ok(Some(status)) = server.child.try_wait() {
                panic!("leady serve exited: {status}");
            }
            assert!(waiting.elapsed() < Duration::from_secs(30), "no answer");
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        server
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

struct Answer {
    status: u16,
    head: String,
}

/// A same-origin form POST on its own connection, from `from` (a loopback address) if given.
async fn post(
    addr: SocketAddr,
    from: Option<IpAddr>,
    path: &str,
    cookie: Option<&str>,
    body: &str,
) -> std::io::Result<Answer> {
    let cookie = cookie
        .map(|c| format!("Cookie: {c}\r\n"))
        .unwrap_or_default();
    let request = format!(
        "POST {path} HTTP/1.1\r\nHost: {addr}\r\nOrigin: http://{addr}\r\n{cookie}\
         Accept: application/json\r\nContent-Type: application/x-www-form-urlencoded\r\n\
         Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    let exchange = async {
        let mut stream = match from {
            Some(ip) => {
                let socket = TcpSocket::new_v4()?;
                socket.bind(SocketAddr::new(ip, 0))?;
                socket.connect(addr).await?
            }
            None => TcpStream::connect(addr).await?,
        };
        stream.write_all(request.as_bytes()).await?;
        let mut raw = Vec::new();
        stream.read_to_end(&mut raw).await?;
        Ok::<_, std::io::Error>(raw)
    };
    let raw = tokio::time::timeout(Duration::from_secs(60), exchange)
        .await
        .map_err(|_| std::io::Error::from(std::io::ErrorKind::TimedOut))??;
    let split = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .unwrap_or(raw.len());
    let head = String::from_utf8_lossy(&raw[..split]).into_owned();
    let status = head
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    Ok(Answer { status, head })
}

/// Signs in once and answers the session cookie.
async fn sign_in(addr: SocketAddr) -> String {
    let body = form(&[("email", EMAIL), ("password", PASSWORD)]);
    let answer = post(addr, None, "/api/auth/sign-in", None, &body)
        .await
        .expect("sign in");
    assert_eq!(answer.status, 200, "sign-in");
    answer
        .head
        .lines()
        .filter_map(|line| {
            let (name, value) = line.split_once(':')?;
            name.eq_ignore_ascii_case("set-cookie")
                .then_some(value.trim())
        })
        .find(|value| value.starts_with("leady_session="))
        .and_then(|value| value.split(';').next())
        .map(str::to_string)
        .expect("a session cookie")
}
