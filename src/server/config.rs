//! Runtime settings: `Leptos.toml` (what an operator edits), overridden by environment
//! variables. Build settings are not here: cargo-leptos reads them from Cargo.toml.

use std::net::SocketAddr;
use std::path::Path;

use serde::Deserialize;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Settings {
    pub site_addr: SocketAddr,
    /// Where cargo-leptos put the compiled site (pkg/, assets).
    pub site_root: String,
    pub database_url: String,
    pub max_connections: u32,
    /// A session unused this long ends.
    pub session_idle_minutes: i64,
    /// A session ends this long after sign-in, however active.
    pub session_max_hours: i64,
    /// Mark the session cookie Secure: set when the site is served over https.
    pub secure_cookies: bool,
    /// How often an open live stream re-checks its session (a minute; tests use less).
    pub live_recheck: std::time::Duration,
    /// The ARES REST API the company lookup asks (`[ares] base_url`, `LEADY_ARES_URL`).
    pub ares_base_url: String,
    /// The public web-form API (`crate::capture`).
    pub capture: CaptureSettings,
    /// The mailbox whose messages become leads (`[email]`); None: no host, the poller is off.
    pub email: Option<crate::email::model::MailboxSettings>,
}

/// `[capture]` in Leptos.toml.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CaptureSettings {
    /// Submissions one client address may send to one form per minute (429 beyond). Counted
    /// in memory per instance: with several instances behind a balancer the limit applies to
    /// each of them.
    pub per_minute: u32,
    /// Take the client's address from the last `X-Forwarded-For` entry (set only behind a
    /// proxy that appends it; otherwise any client could pick its address).
    pub trust_forwarded_for: bool,
}

impl Default for CaptureSettings {
    fn default() -> Self {
        CaptureSettings {
            per_minute: 20,
            trust_forwarded_for: false,
        }
    }
}

/// The default of [`Settings::live_recheck`].
pub const LIVE_RECHECK: std::time::Duration = std::time::Duration::from_secs(60);

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    #[serde(default)]
    server: ServerSection,
    #[serde(default)]
    database: DatabaseSection,
    #[serde(default)]
    auth: AuthSection,
    #[serde(default)]
    ares: AresSection,
    #[serde(default)]
    capture: CaptureSection,
    #[serde(default)]
    email: EmailSection,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct EmailSection {
    host: Option<String>,
    port: Option<u16>,
    tls: Option<String>,
    user: Option<String>,
    password: Option<String>,
    password_file: Option<String>,
    folder: Option<String>,
    poll_seconds: Option<u64>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct AresSection {
    base_url: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct CaptureSection {
    per_minute: Option<i64>,
    trust_forwarded_for: Option<bool>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct AuthSection {
    session_idle_minutes: Option<i64>,
    session_max_hours: Option<i64>,
    secure_cookies: Option<bool>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct ServerSection {
    site_addr: Option<String>,
    site_root: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct DatabaseSection {
    url: Option<String>,
    max_connections: Option<u32>,
}

pub const DEFAULT_DATABASE_URL: &str = "sqlite://leady.db?mode=rwc";

impl Settings {
    /// Reads `path` (a missing file means defaults) and applies `LEPTOS_SITE_ADDR`,
    /// `LEPTOS_SITE_ROOT`, `DATABASE_URL`, `DATABASE_MAX_CONNECTIONS` and the `LEADY_…`
    /// variables.
    pub fn load(path: &Path) -> Result<Self, String> {
        let file: File = match std::fs::read_to_string(path) {
            Ok(text) => toml::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))?,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => File::default(),
            Err(e) => return Err(format!("{}: {e}", path.display())),
        };
        Self::resolve(file, |name| {
            std::env::var(name).ok().filter(|v| !v.is_empty())
        })
    }

    fn resolve(file: File, env: impl Fn(&str) -> Option<String>) -> Result<Self, String> {
        let site_addr = env("LEPTOS_SITE_ADDR")
            .or(file.server.site_addr)
            .unwrap_or_else(|| "127.0.0.1:3000".into());
        let site_addr = site_addr.parse().map_err(|_| {
            format!("site_addr '{site_addr}' is not an address like 127.0.0.1:3000")
        })?;
        let max_connections = match env("DATABASE_MAX_CONNECTIONS") {
            Some(v) => v
                .parse()
                .map_err(|_| format!("DATABASE_MAX_CONNECTIONS '{v}' is not a number"))?,
            None => file.database.max_connections.unwrap_or(8),
        };
        if max_connections < 2 {
            return Err("max_connections must be at least 2".into());
        }
        let number = |name: &str, from_file: Option<i64>, default: i64| -> Result<i64, String> {
            let n = match env(name) {
                Some(v) => v
                    .parse()
                    .map_err(|_| format!("{name} '{v}' is not a number"))?,
                None => from_file.unwrap_or(default),
            };
            if n < 1 {
                return Err(format!("{name} must be at least 1"));
            }
            Ok(n)
        };
        let session_idle_minutes = number(
            "LEADY_SESSION_IDLE_MINUTES",
            file.auth.session_idle_minutes,
            480,
        )?;
        let session_max_hours = number("LEADY_SESSION_MAX_HOURS", file.auth.session_max_hours, 12)?;
        let secure_cookies = match env("LEADY_SECURE_COOKIES") {
            Some(v) => matches!(v.to_ascii_lowercase().as_str(), "1" | "true" | "yes"),
            None => file.auth.secure_cookies.unwrap_or(false),
        };
        let per_minute = number(
            "LEADY_CAPTURE_PER_MINUTE",
            file.capture.per_minute,
            CaptureSettings::default().per_minute.into(),
        )?;
        let capture = CaptureSettings {
            per_minute: u32::try_from(per_minute)
                .map_err(|_| "LEADY_CAPTURE_PER_MINUTE is too large".to_string())?,
            trust_forwarded_for: match env("LEADY_TRUST_FORWARDED_FOR") {
                Some(v) => matches!(v.to_ascii_lowercase().as_str(), "1" | "true" | "yes"),
                None => file.capture.trust_forwarded_for.unwrap_or(false),
            },
        };
        Ok(Settings {
            live_recheck: LIVE_RECHECK,
            capture,
            session_idle_minutes,
            session_max_hours,
            secure_cookies,
            site_addr,
            site_root: env("LEPTOS_SITE_ROOT")
                .or(file.server.site_root)
                .unwrap_or_else(|| "target/site".into()),
            database_url: env("DATABASE_URL")
                .or(file.database.url)
                .unwrap_or_else(|| DEFAULT_DATABASE_URL.into()),
            max_connections,
            ares_base_url: env("LEADY_ARES_URL")
                .or(file.ares.base_url)
                .unwrap_or_else(|| crate::ares::model::DEFAULT_BASE_URL.into()),
            email: mailbox(file.email, &env)?,
        })
    }
}

/// The `[email]` section under its `LEADY_EMAIL_…` overrides. No host: no mailbox. The
/// password comes from the setting or, when that is empty, from the first line of the
/// password file (so a secret need not sit in Leptos.toml or the environment).
fn mailbox(
    file: EmailSection,
    env: &impl Fn(&str) -> Option<String>,
) -> Result<Option<crate::email::model::MailboxSettings>, String> {
    use crate::email::model::{MailboxSettings, TlsMode};
    let Some(host) = env("LEADY_EMAIL_HOST").or(file.host) else {
        return Ok(None);
    };
    let tls = match env("LEADY_EMAIL_TLS").or(file.tls) {
        Some(code) => TlsMode::from_code(&code)
            .ok_or_else(|| format!("email tls '{code}' is not one of none, starttls, tls"))?,
        None => TlsMode::Tls,
    };
    let port = match env("LEADY_EMAIL_PORT") {
        Some(v) => v
            .parse()
            .map_err(|_| format!("LEADY_EMAIL_PORT '{v}' is not a port number"))?,
        None => file.port.unwrap_or_else(|| tls.default_port()),
    };
    let poll_seconds = match env("LEADY_EMAIL_POLL_SECONDS") {
        Some(v) => v
            .parse()
            .map_err(|_| format!("LEADY_EMAIL_POLL_SECONDS '{v}' is not a number"))?,
        None => file.poll_seconds.unwrap_or(60),
    };
    if poll_seconds < 1 {
        return Err("email poll_seconds must be at least 1".into());
    }
    let password = match env("LEADY_EMAIL_PASSWORD").or(file.password) {
        Some(password) => password,
        None => match env("LEADY_EMAIL_PASSWORD_FILE").or(file.password_file) {
            Some(path) => std::fs::read_to_string(&path)
                .map_err(|e| format!("email password_file {path}: {e}"))?
                .lines()
                .next()
                .unwrap_or_default()
                .to_string(),
            None => String::new(),
        },
    };
    Ok(Some(MailboxSettings {
        host,
        port,
        tls,
        user: env("LEADY_EMAIL_USER").or(file.user).unwrap_or_default(),
        password,
        folder: env("LEADY_EMAIL_FOLDER")
            .or(file.folder)
            .unwrap_or_else(|| "INBOX".into()),
        poll_every: std::time::Duration::from_secs(poll_seconds),
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn env_overrides_file() {
        let file: File = toml::from_str(
            "[server]\nsite_addr = \"0.0.0.0:8080\"\n[database]\nurl = \"sqlite://x.db\"\nmax_connections = 4\n",
        )
        .unwrap();
        let s = Settings::resolve(file, |name| {
            (name == "DATABASE_URL").then(|| "postgres://localhost/test".to_string())
        })
        .unwrap();
        assert_eq!(s.site_addr.to_string(), "0.0.0.0:8080");
        assert_eq!(s.database_url, "postgres://localhost/test");
        assert_eq!(s.max_connections, 4);
        assert_eq!(s.site_root, "target/site");
        assert_eq!(s.session_idle_minutes, 480);
        assert!(!s.secure_cookies);
        assert_eq!(s.ares_base_url, crate::ares::model::DEFAULT_BASE_URL);
        assert_eq!(s.capture, CaptureSettings::default());
    }

    #[test]
    fn the_ares_url_comes_from_the_file_or_the_environment() {
        let text = "[ares]\nbase_url = \"http://127.0.0.1:3310/rest\"\n";
        let s = Settings::resolve(toml::from_str(text).unwrap(), |_| None).unwrap();
        assert_eq!(s.ares_base_url, "http://127.0.0.1:3310/rest");
        let s = Settings::resolve(toml::from_str(text).unwrap(), |name| {
            (name == "LEADY_ARES_URL").then(|| "http://127.0.0.1:9/ares".to_string())
        })
        .unwrap();
        assert_eq!(s.ares_base_url, "http://127.0.0.1:9/ares");
    }

    #[test]
    fn capture_limit_from_file_and_env() {
        let file: File =
            toml::from_str("[capture]\nper_minute = 5\ntrust_forwarded_for = true\n").unwrap();
        let s = Settings::resolve(file, |_| None).unwrap();
        assert_eq!(s.capture.per_minute, 5);
        assert!(s.capture.trust_forwarded_for);
        let file: File = toml::from_str("[capture]\nper_minute = 5\n").unwrap();
        let s = Settings::resolve(file, |name| {
            (name == "LEADY_CAPTURE_PER_MINUTE").then(|| "7".to_string())
        })
        .unwrap();
        assert_eq!(s.capture.per_minute, 7);
    }

    #[test]
    fn no_email_host_means_no_mailbox() {
        let s = Settings::resolve(File::default(), |_| None).unwrap();
        assert_eq!(s.email, None);
        let text = "[email]\nuser = \"leady\"\n";
        let s = Settings::resolve(toml::from_str(text).unwrap(), |_| None).unwrap();
        assert_eq!(s.email, None);
    }

    #[test]
    fn the_mailbox_comes_from_the_file_with_defaults() {
        use crate::email::model::TlsMode;
        let text = "[email]\nhost = \"imap.firma.cz\"\nuser = \"poptavky@firma.cz\"\n\
                    password = \"tajne\"\n";
        let s = Settings::resolve(toml::from_str(text).unwrap(), |_| None).unwrap();
        let m = s.email.unwrap();
        assert_eq!(m.host, "imap.firma.cz");
        assert_eq!(m.tls, TlsMode::Tls);
        assert_eq!(m.port, 993);
        assert_eq!(m.user, "poptavky@firma.cz");
        assert_eq!(m.password, "tajne");
        assert_eq!(m.folder, "INBOX");
        assert_eq!(m.poll_every, std::time::Duration::from_secs(60));
        // The password never shows in a log line.
        assert!(!format!("{m:?}").contains("tajne"));
        let text = "[email]\nhost = \"imap.firma.cz\"\ntls = \"starttls\"\n";
        let m = Settings::resolve(toml::from_str(text).unwrap(), |_| None)
            .unwrap()
            .email
            .unwrap();
        assert_eq!((m.tls, m.port), (TlsMode::StartTls, 143));
    }

    #[test]
    fn the_environment_overrides_each_mailbox_setting() {
        use crate::email::model::TlsMode;
        let dir = std::env::temp_dir().join(format!("leady-config-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let secret = dir.join("imap-password");
        std::fs::write(&secret, "ze-souboru\n").unwrap();
        let text = "[email]\nhost = \"imap.firma.cz\"\nport = 993\ntls = \"tls\"\n\
                    user = \"a\"\npassword = \"b\"\nfolder = \"Poptavky\"\npoll_seconds = 300\n";
        let secret_path = secret.display().to_string();
        let env = |name: &str| -> Option<String> {
            Some(match name {
                "LEADY_EMAIL_HOST" => "127.0.0.1".into(),
                "LEADY_EMAIL_PORT" => "1143".into(),
                "LEADY_EMAIL_TLS" => "none".into(),
                "LEADY_EMAIL_USER" => "leady".into(),
                "LEADY_EMAIL_FOLDER" => "Leady".into(),
                "LEADY_EMAIL_POLL_SECONDS" => "5".into(),
                _ => return None,
            })
        };
        let m = Settings::resolve(toml::from_str(text).unwrap(), env)
            .unwrap()
            .email
            .unwrap();
        assert_eq!(m.host, "127.0.0.1");
        assert_eq!((m.port, m.tls), (1143, TlsMode::None));
        assert_eq!((m.user.as_str(), m.folder.as_str()), ("leady", "Leady"));
        assert_eq!(m.poll_every, std::time::Duration::from_secs(5));
        assert_eq!(m.password, "b");
        // A password file, from the environment, when no password is set.
        let text = "[email]\nhost = \"imap.firma.cz\"\n";
        let m = Settings::resolve(toml::from_str(text).unwrap(), |name| {
            (name == "LEADY_EMAIL_PASSWORD_FILE").then(|| secret_path.clone())
        })
        .unwrap()
        .email
        .unwrap();
        assert_eq!(m.password, "ze-souboru");
        let m = Settings::resolve(toml::from_str(text).unwrap(), |name| {
            (name == "LEADY_EMAIL_PASSWORD").then(|| "z-prostredi".to_string())
        })
        .unwrap()
        .email
        .unwrap();
        assert_eq!(m.password, "z-prostredi");
        std::fs::remove_dir_all(&dir).ok();
    }

    #[test]
    fn bad_mailbox_values_are_reported() {
        for text in [
            "[email]\nhost = \"h\"\ntls = \"ssl\"\n",
            "[email]\nhost = \"h\"\npoll_seconds = 0\n",
            "[email]\nhost = \"h\"\npassword_file = \"/nonexistent/leady-secret\"\n",
        ] {
            assert!(Settings::resolve(toml::from_str(text).unwrap(), |_| None).is_err());
        }
        let text = "[email]\nhost = \"h\"\n";
        let bad_port = Settings::resolve(toml::from_str(text).unwrap(), |name| {
            (name == "LEADY_EMAIL_PORT").then(|| "imap".to_string())
        });
        assert!(bad_port.is_err());
    }

    #[test]
    fn bad_values_are_reported() {
        let file: File = toml::from_str("[server]\nsite_addr = \"nowhere\"\n").unwrap();
        assert!(Settings::resolve(file, |_| None).is_err());
        assert!(toml::from_str::<File>("[server]\nsite_adr = \"x\"\n").is_err());
    }
}
