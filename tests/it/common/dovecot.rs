//! A real IMAP server for the email tests: Debian's dovecot-imapd, started per test from a
//! throwaway config in a temp dir (listening on 127.0.0.1 on a free port, no SSL, plain
//! passwords, a maildir and the run dir in the temp dir, a log file), killed and removed when
//! the value drops. A machine without dovecot fails the test saying so (`.ci/setup --tests`
//! installs it).

use std::net::TcpStream;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use leady::email::model::{MailboxSettings, TlsMode};

pub const USER: &str = "leady";
pub const PASSWORD: &str = "Tajné-heslo-42";

pub struct Dovecot {
    child: Child,
    pub dir: PathBuf,
    /// Plain IMAP (with STARTTLS when started with TLS).
    pub port: u16,
    /// IMAP over TLS, when started with TLS.
    pub tls_port: Option<u16>,
}

const BINARY: &str = "/usr/sbin/dovecot";

impl Dovecot {
    pub fn start() -> Dovecot {
        Self::start_with(false)
    }

    /// With TLS: a self-signed certificate for "localhost" (made with openssl), STARTTLS on
    /// the plain port and an IMAPS port. No client should trust it.
    pub fn start_with_tls() -> Dovecot {
        Self::start_with(true)
    }

    fn start_with(tls: bool) -> Dovecot {
        let binary = ["/usr/sbin/dovecot", "/usr/local/sbin/dovecot"]
            .into_iter()
            .find(|p| std::path::Path::new(p).exists())
            .unwrap_or_else(|| {
                panic!(
                    "dovecot is not installed ({BINARY} missing): the email tests need a real \
                     IMAP server. Install it: apt-get install -y dovecot-imapd \
                     (or run .ci/setup --tests)"
                )
            });
        let dir = std::env::temp_dir().join(format!(
            "leady_dovecot_{}_{}",
            std::process::id(),
            super::unique("d")
        ));
        std::fs::create_dir_all(dir.join("run")).unwrap();
        std::fs::create_dir_all(dir.join("state")).unwrap();
        std::fs::create_dir_all(dir.join("mail")).unwrap();
        std::fs::create_dir_all(dir.join("home")).unwrap();
        // The mail processes run as the dovecot user when we are root (dovecot refuses uid 0
        // for mail and root for its login processes): they must write the maildir.
        let root = Command::new("id")
            .arg("-u")
            .output()
            .map(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
            .unwrap_or(false);
        let (internal, login, mail_user) = if root {
            (
                "dovecot".to_string(),
                "dovenull".to_string(),
                "dovecot".to_string(),
            )
        } else {
            let me = Command::new("id")
                .arg("-un")
                .output()
                .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
                .expect("id -un");
            (me.clone(), me.clone(), me)
        };
        {
            use std::os::unix::fs::PermissionsExt;
            for sub in ["", "mail", "home"] {
                let p = dir.join(sub);
                let mode = if sub.is_empty() { 0o755 } else { 0o777 };
                std::fs::set_permissions(&p, std::fs::Permissions::from_mode(mode)).unwrap();
            }
        }
        std::fs::write(dir.join("passwd"), format!("{USER}:{{PLAIN}}{PASSWORD}\n")).unwrap();
        let port = free_port();
        let tls_port = tls.then(free_port);
        let d = dir.display();
        let ssl = match tls_port {
            Some(_) => {
                let made = Command::new("openssl")
                    .args([
                        "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
                    ])
                    .args(["-subj", "/CN=localhost", "-keyout"])
                    .arg(dir.join("key.pem"))
                    .arg("-out")
                    .arg(dir.join("cert.pem"))
                    .stdout(Stdio::null())
                    .stderr(Stdio::null())
                    .status()
                    .expect("openssl (a dependency of dovecot's package) makes the certificate");
                assert!(made.success(), "openssl req failed");
                format!("ssl = yes\nssl_cert = <{d}/cert.pem\nssl_key = <{d}/key.pem\n")
            }
            None => "ssl = no\n".to_string(),
        };
        // Port 0: no IMAPS listener (the built-in one would take 993).
        let imaps = match tls_port {
            Some(p) => format!("address = 127.0.0.1\n    port = {p}\n    ssl = yes"),
            None => "port = 0".to_string(),
        };
        let config = format!(
            "base_dir = {d}/run\n\
             state_dir = {d}/state\n\
             log_path = {d}/dovecot.log\n\
             {ssl}\
             disable_plaintext_auth = no\n\
             auth_mechanisms = plain login\n\
             protocols = imap\n\
             listen = 127.0.0.1\n\
             default_internal_user = {internal}\n\
             default_internal_group = {internal}\n\
             default_login_user = {login}\n\
             first_valid_uid = 1\n\
             first_valid_gid = 1\n\
             mail_location = maildir:{d}/mail/%u\n\
             passdb {{\n  driver = passwd-file\n  args = scheme=PLAIN username_format=%u {d}/passwd\n}}\n\
             userdb {{\n  driver = static\n  args = uid={mail_user} gid={mail_user} home={d}/home/%u\n}}\n\
             service imap-login {{\n  inet_listener imap {{\n    address = 127.0.0.1\n    port = {port}\n  }}\n  \
             inet_listener imaps {{\n    {imaps}\n  }}\n}}\n"
        );
        let config_path = dir.join("dovecot.conf");
        std::fs::write(&config_path, config).unwrap();
        let out = std::fs::File::create(dir.join("stdout.log")).unwrap();
        let child = Command::new(binary)
            .arg("-F")
            .arg("-c")
            .arg(&config_path)
            .stdin(Stdio::null())
            .stdout(out.try_clone().unwrap())
            .stderr(out)
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start {binary}: {e}"));
        let mut server = Dovecot {
            child,
            dir,
            port,
            tls_port,
        };
        let deadline = Instant::now() + Duration::from_secs(15);
        while TcpStream::connect(("127.0.0.1", port)).is_err() {
            if let Ok(Some(status)) = server.child.try_wait() {
                panic!("dovecot exited ({status}): {}", server.logs());
            }
            assert!(
                Instant::now() < deadline,
                "dovecot did not listen: {}",
                server.logs()
            );
            std::thread::sleep(Duration::from_millis(50));
        }
        server
    }

    /// What the poller needs to read this server's INBOX.
    pub fn mailbox(&self) -> MailboxSettings {
        MailboxSettings {
            host: "127.0.0.1".into(),
            port: self.port,
            tls: TlsMode::None,
            user: USER.into(),
            password: PASSWORD.into(),
            folder: "INBOX".into(),
            poll_every: Duration::from_secs(1),
        }
    }

    /// Puts messages into INBOX with IMAP APPEND, as a mail delivery would.
    pub async fn append(&self, messages: &[Vec<u8>]) {
        let tcp = tokio::net::TcpStream::connect(("127.0.0.1", self.port))
            .await
            .expect("connect to dovecot");
        let mut client = async_imap::Client::new(tcp);
        client.read_response().await.unwrap().expect("greeting");
        let mut session = client
            .login(USER, PASSWORD)
            .await
            .map_err(|(e, _)| e)
            .unwrap_or_else(|e| panic!("login: {e}; {}", self.logs()));
        for message in messages {
            session
                .append("INBOX", None, None, message)
                .await
                .unwrap_or_else(|e| panic!("append: {e}; {}", self.logs()));
        }
        session.logout().await.ok();
    }

    pub fn logs(&self) -> String {
        let read = |f: &str| std::fs::read_to_string(self.dir.join(f)).unwrap_or_default();
        format!("{}{}", read("stdout.log"), read("dovecot.log"))
    }
}

impl Drop for Dovecot {
    fn drop(&mut self) {
        // The master's children notice it is gone and exit.
        let _ = self.child.kill();
        let _ = self.child.wait();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port")
}
