//! The real `leady` binary as a child process serving a database of its own, and a minimal
//! HTTP client for it: what the benchmarks that go over HTTP share (`live::`, `create::`).

use std::net::SocketAddr;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

use crate::common::app::form;

/// The admin the benchmarks sign in as.
pub const EMAIL: &str = "bench@firma.cz";
pub const PASSWORD: &str = "Mlha-nad-Sázavou-7341-kvetnatá";

pub fn unique() -> String {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.subsec_nanos())
        .unwrap_or(0);
    format!("leady_bench_{}_{nanos}", std::process::id())
}

pub fn micros(d: Duration) -> u32 {
    u32::try_from(d.as_micros()).unwrap_or(u32::MAX)
}

/// p50/p95/p99/max of sorted microseconds, in milliseconds.
pub fn percentiles(sorted: &[u32]) -> String {
    if sorted.is_empty() {
        return "no samples".into();
    }
    let at = |q: f64| f64::from(sorted[((sorted.len() - 1) as f64 * q).round() as usize]) / 1e3;
    format!(
        "p50 {:.2}  p95 {:.2}  p99 {:.2}  max {:.2}",
        at(0.5),
        at(0.95),
        at(0.99),
        at(1.0)
    )
}

/// The `leady` binary serving a database of its own, killed when dropped (a panic included).
pub struct Server {
    pub child: Child,
    pub addr: SocketAddr,
}

pub struct Memory {
    pub pid: u32,
    pub rss_kb: u64,
    pub hwm_kb: u64,
}

impl Server {
    /// Migrates, creates the admin and serves on a free port; answers once the port answers.
    pub async fn start(database_url: &str, pool: u32) -> Server {
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
                .env("DATABASE_MAX_CONNECTIONS", pool.to_string())
                .env("RUST_LOG", "warn");
            command
        };
        let migrated = leady(&["migrate"]).output().expect("run leady migrate");
        assert!(
            migrated.status.success(),
            "leady migrate: {}",
            String::from_utf8_lossy(&migrated.stderr)
        );
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
        assert!(
            created.status.success(),
            "leady create-admin: {}",
            String::from_utf8_lossy(&created.stderr)
        );
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
            assert!(
                waiting.elapsed() < Duration::from_secs(30),
                "leady serve does not answer on {addr}"
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        server
    }

    fn status_field(&self, field: &str) -> u64 {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.child.id()))
            .expect("/proc/<pid>/status (Linux)");
        status
            .lines()
            .find_map(|line| line.strip_prefix(field))
            .and_then(|rest| rest.trim().trim_end_matches("kB").trim().parse().ok())
            .unwrap_or(0)
    }

    pub fn memory(&self) -> Memory {
        Memory {
            pid: self.child.id(),
            rss_kb: self.status_field("VmRSS:"),
            hwm_kb: self.status_field("VmHWM:"),
        }
    }

    pub fn open_files(&self) -> usize {
        std::fs::read_dir(format!("/proc/{}/fd", self.child.id()))
            .map(|dir| dir.count())
            .unwrap_or(0)
    }

    /// The server's soft limit on open files (each subscriber is one).
    pub fn open_files_limit(&self) -> String {
        std::fs::read_to_string(format!("/proc/{}/limits", self.child.id()))
            .ok()
            .and_then(|limits| {
                limits
                    .lines()
                    .find(|l| l.starts_with("Max open files"))
                    .and_then(|l| l.split_whitespace().nth(3).map(str::to_string))
            })
            .unwrap_or_else(|| "?".into())
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Clock ticks of the kernel's CPU accounting (`getconf CLK_TCK`; 100 on Linux).
pub const TICKS_PER_SECOND: f64 = 100.0;

/// CPU time used so far (user + system, in clock ticks): by the server, by this process (the
/// client) and by all PostgreSQL processes on the machine.
pub struct Cpu {
    pub server: u64,
    pub client: u64,
    pub postgres: u64,
}

impl Cpu {
    pub fn now(server: &Server) -> Cpu {
        let postgres = std::fs::read_dir("/proc")
            .into_iter()
            .flatten()
            .flatten()
            .filter(|entry| {
                std::fs::read_to_string(entry.path().join("comm"))
                    .is_ok_and(|comm| comm.trim() == "postgres")
            })
            .map(|entry| cpu_ticks(&entry.file_name().to_string_lossy()))
            .sum();
        Cpu {
            server: cpu_ticks(&server.child.id().to_string()),
            client: cpu_ticks("self"),
            postgres,
        }
    }

    pub fn since(&self, earlier: &Cpu) -> Cpu {
        Cpu {
            server: self.server.saturating_sub(earlier.server),
            client: self.client.saturating_sub(earlier.client),
            postgres: self.postgres.saturating_sub(earlier.postgres),
        }
    }
}

/// utime + stime of a process, from `/proc/<pid>/stat` (fields 14 and 15; the name in
/// parentheses may hold spaces, so count from after it).
fn cpu_ticks(pid: &str) -> u64 {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
    let fields: Vec<&str> = stat
        .rsplit_once(')')
        .map(|(_, rest)| rest.split_whitespace().collect())
        .unwrap_or_default();
    let field = |n: usize| fields.get(n - 3).and_then(|v| v.parse::<u64>().ok());
    field(14).unwrap_or(0) + field(15).unwrap_or(0)
}

/// One HTTP answer: status and body (chunked framing removed).
pub struct Answer {
    pub status: u16,
    pub head: String,
    pub body: String,
}

/// A form POST on its own connection, as a same-origin browser sends it. Status 0 when there
/// is no answer within 30 s.
pub async fn post(
    addr: SocketAddr,
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
        let mut stream = TcpStream::connect(addr).await?;
        stream.write_all(request.as_bytes()).await?;
        let mut raw = Vec::new();
        stream.read_to_end(&mut raw).await?;
        Ok::<_, std::io::Error>(raw)
    };
    let raw = tokio::time::timeout(Duration::from_secs(30), exchange)
        .await
        .map_err(|_| std::io::Error::from(std::io::ErrorKind::TimedOut))??;
    let split = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .ok_or_else(|| std::io::Error::other("no end of headers"))?;
    let head = String::from_utf8_lossy(&raw[..split]).into_owned();
    let mut body = raw[split + 4..].to_vec();
    if head
        .to_ascii_lowercase()
        .contains("transfer-encoding: chunked")
    {
        body = unchunk(&body);
    }
    let status = head
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    Ok(Answer {
        status,
        head,
        body: String::from_utf8_lossy(&body).into_owned(),
    })
}

fn unchunk(mut raw: &[u8]) -> Vec<u8> {
    let mut body = Vec::new();
    while let Some(end) = raw.windows(2).position(|w| w == b"\r\n") {
        let size = String::from_utf8_lossy(&raw[..end]);
        let size = usize::from_str_radix(size.split(';').next().unwrap_or("").trim(), 16);
        let Ok(size) = size else { break };
        let start = end + 2;
        if size == 0 || raw.len() < start + size {
            break;
        }
        body.extend_from_slice(&raw[start..start + size]);
        raw = &raw[(start + size + 2).min(raw.len())..];
    }
    body
}

/// Signs in once (there is a sign-in throttle) and answers the session cookie.
pub async fn sign_in(addr: SocketAddr) -> String {
    let body = form(&[("email", EMAIL), ("password", PASSWORD)]);
    let answer = post(addr, "/api/auth/sign-in", None, &body)
        .await
        .expect("sign in");
    assert_eq!(answer.status, 200, "sign-in: {}", answer.body);
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
