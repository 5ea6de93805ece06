//! The mailbox's settings and one message read into a plain [`ParsedEmail`] (server only, no
//! I/O): who sent it, what it says, whether it is noise, and the key that makes it count
//! once. Everything that decides what a message becomes is here, so it is tested without a
//! database or a mail server.

use std::borrow::Cow;
use std::time::Duration;

use chrono::{DateTime, Utc};
use mail_parser::{MessageParser, MimeHeaders};
use sha2::{Digest, Sha256};

use crate::leads::model::{LeadInput, LeadSource, MAX_DESCRIPTION, MAX_NAME};

/// How the poller talks to the IMAP server.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TlsMode {
    /// Plain text: only for a server on the same machine or in tests.
    None,
    /// Plain connection upgraded with STARTTLS (port 143).
    StartTls,
    /// TLS from the first byte (port 993).
    Tls,
}

impl TlsMode {
    pub fn from_code(code: &str) -> Option<Self> {
        match code.trim().to_ascii_lowercase().as_str() {
            "none" => Some(TlsMode::None),
            "starttls" => Some(TlsMode::StartTls),
            "tls" => Some(TlsMode::Tls),
            _ => None,
        }
    }

    pub fn default_port(self) -> u16 {
        match self {
            TlsMode::Tls => 993,
            TlsMode::None | TlsMode::StartTls => 143,
        }
    }
}

/// The mailbox whose messages become leads (`[email]` in Leptos.toml).
#[derive(Clone, PartialEq, Eq)]
pub struct MailboxSettings {
    pub host: String,
    pub port: u16,
    pub tls: TlsMode,
    pub user: String,
    pub password: String,
    pub folder: String,
    pub poll_every: Duration,
}

/// Settings are logged at start-up and in errors: the password never is.
impl std::fmt::Debug for MailboxSettings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MailboxSettings")
            .field("host", &self.host)
            .field("port", &self.port)
            .field("tls", &self.tls)
            .field("user", &self.user)
            .field("password", &"…")
            .field("folder", &self.folder)
            .field("poll_every", &self.poll_every)
            .finish()
    }
}

/// Why a message made neither a lead nor an activity.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SkipReason {
    /// `Auto-Submitted`, `X-Autoreply`: an out-of-office or another robot's answer.
    AutoReply,
    /// `Precedence: bulk | junk | auto_reply`: newsletters and list traffic.
    Bulk,
    /// A delivery-status report (`multipart/report`, `message/delivery-status`).
    Bounce,
    /// No `From` address, or the mail system itself (MAILER-DAEMON, an empty return path).
    NoSender,
    /// Not a message at all.
    Unreadable,
    /// The sender's data fails the lead's rules (e.g. an address without a domain).
    Invalid(String),
}

impl SkipReason {
    /// How the reason is stored and printed.
    pub fn code(&self) -> String {
        match self {
            SkipReason::AutoReply => "auto_reply".into(),
            SkipReason::Bulk => "bulk".into(),
            SkipReason::Bounce => "bounce".into(),
            SkipReason::NoSender => "no_sender".into(),
            SkipReason::Unreadable => "unreadable".into(),
            SkipReason::Invalid(why) => format!("invalid: {why}"),
        }
    }
}

/// One message, read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParsedEmail {
    /// What makes the message count once: its Message-ID, or a hash of its bytes.
    pub key: String,
    /// The display name of `From`, empty when none.
    pub from_name: String,
    /// The address of `From`, lower case.
    pub from_address: String,
    pub subject: String,
    /// The plain-text body (an HTML-only message's HTML turned into text).
    pub body: String,
    /// Attachment file names, in order.
    pub attachments: Vec<String>,
    /// The `Date` header.
    pub sent_at: Option<DateTime<Utc>>,
    /// Set when the message is noise or unusable.
    pub skip: Option<SkipReason>,
}

/// The longest key stored as it is; a longer Message-ID is stored as its hash.
pub const KEY_MAX: usize = 255;

/// Reads a raw RFC 5322 message. Never fails: what cannot be read is a skipped message.
pub fn parse(raw: &[u8]) -> ParsedEmail {
    let Some(message) = MessageParser::default().parse(raw) else {
        return ParsedEmail {
            key: hash_key(raw),
            from_name: String::new(),
            from_address: String::new(),
            subject: String::new(),
            body: String::new(),
            attachments: Vec::new(),
            sent_at: None,
            skip: Some(SkipReason::Unreadable),
        };
    };
    let key = match message.message_id().map(str::trim) {
        Some(id) if !id.is_empty() && id.chars().count() <= KEY_MAX => id.to_string(),
        Some(id) if !id.is_empty() => hash_key(id.as_bytes()),
        _ => hash_key(raw),
    };
    let from = message.from().and_then(|a| a.first());
    let from_address = from
        .and_then(|a| a.address())
        .map(|a| a.trim().to_lowercase())
        .unwrap_or_default();
    let from_name = from
        .and_then(|a| a.name())
        .map(|n| n.trim().to_string())
        .unwrap_or_default();
    let attachments = message
        .attachments()
        .filter_map(|part| part.attachment_name())
        .map(|name| name.trim().to_string())
        .filter(|name| !name.is_empty())
        .collect();
    let skip = noise(&message, &from_address);
    ParsedEmail {
        key,
        subject: message.subject().unwrap_or_default().trim().to_string(),
        body: tidy(&message.body_text(0).unwrap_or(Cow::Borrowed(""))),
        sent_at: message
            .date()
            .and_then(|d| DateTime::from_timestamp(d.to_timestamp(), 0)),
        from_name,
        from_address,
        attachments,
        skip,
    }
}

/// The key of a message without a usable Message-ID.
fn hash_key(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    let hex: String = digest.iter().map(|b| format!("{b:02x}")).collect();
    format!("sha256:{hex}")
}

/// Why a message is not from a person writing to us, if it is not.
fn noise(message: &mail_parser::Message<'_>, from_address: &str) -> Option<SkipReason> {
    // Raw values: these headers are not structured, and a robot may write them in any case.
    let header = |name: &str| {
        message
            .headers_raw()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.trim().to_ascii_lowercase())
    };
    let is_report = |ct: Option<&mail_parser::ContentType<'_>>| {
        ct.is_some_and(|ct| {
            let sub = ct.subtype().unwrap_or_default().to_ascii_lowercase();
            match ct.ctype().to_ascii_lowercase().as_str() {
                "multipart" => sub == "report",
                "message" => sub == "delivery-status",
                _ => false,
            }
        })
    };
    if message
        .parts
        .iter()
        .any(|part| is_report(part.content_type()))
    {
        return Some(SkipReason::Bounce);
    }
    let local = from_address.split('@').next().unwrap_or_default();
    if from_address.is_empty()
        || local.eq_ignore_ascii_case("mailer-daemon")
        || local.eq_ignore_ascii_case("postmaster")
        || header("Return-Path").is_some_and(|v| v == "<>")
    {
        return Some(SkipReason::NoSender);
    }
    if let Some(value) = header("Auto-Submitted") {
        // "no" (a person wrote it), possibly with parameters after a semicolon.
        if value.split(';').next().unwrap_or_default().trim() != "no" {
            return Some(SkipReason::AutoReply);
        }
    }
    if header("X-Autoreply").is_some() || header("X-Autorespond").is_some() {
        return Some(SkipReason::AutoReply);
    }
    if let Some(value) = header("Precedence")
        && matches!(value.as_str(), "bulk" | "junk" | "auto_reply" | "list")
    {
        return Some(if value == "auto_reply" {
            SkipReason::AutoReply
        } else {
            SkipReason::Bulk
        });
    }
    None
}

/// Line ends as `\n`, no trailing spaces, at most one blank line in a row, trimmed.
fn tidy(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut blank = 0;
    for line in text.lines() {
        let line = line.trim_end();
        if line.is_empty() {
            blank += 1;
            if blank > 1 {
                continue;
            }
        } else {
            blank = 0;
        }
        out.push_str(line);
        out.push('\n');
    }
    out.trim().to_string()
}

/// First and last name from `From`: the display name split at its last word ("Jan Pavel
/// Novák" → "Jan Pavel", "Novák"), or at the comma of "Novák, Jan"; a display name that is
/// only the address, or none, gives the address's local part as the last name.
pub fn split_name(display: &str, address: &str) -> (String, String) {
    let display = display.trim().trim_matches(['"', '\'']).trim();
    let cut = |s: &str| s.trim().chars().take(MAX_NAME).collect::<String>();
    if display.is_empty() || display.eq_ignore_ascii_case(address) || display.contains('@') {
        let local = address.split('@').next().unwrap_or_default();
        return (String::new(), cut(local));
    }
    if let Some((last, first)) = display.split_once(',') {
        return (cut(first), cut(last));
    }
    match display.rsplit_once(char::is_whitespace) {
        Some((first, last)) => (cut(first), cut(last)),
        None => (String::new(), cut(display)),
    }
}

/// The lead a message from an unknown sender becomes (still to be validated).
pub fn lead_input(mail: &ParsedEmail) -> LeadInput {
    let (first_name, last_name) = split_name(&mail.from_name, &mail.from_address);
    LeadInput {
        first_name,
        last_name,
        email: mail.from_address.clone(),
        source: LeadSource::Email.code().into(),
        description: description(mail),
        ..LeadInput::default()
    }
}

/// The subject, the body, and the attachments' names, within the description's limit: the
/// body gives way, the attachments line stays at the end. Labels in Czech, the language of
/// the stored data.
pub fn description(mail: &ParsedEmail) -> String {
    let t = &super::texts::CS;
    let head = if mail.subject.is_empty() {
        String::new()
    } else {
        format!("{}: {}\n\n", t.subject_label, take(&mail.subject, 500))
    };
    let tail = attachments_line(mail)
        .map(|line| format!("\n\n{}", take(&line, 1000)))
        .unwrap_or_default();
    let room = MAX_DESCRIPTION - head.chars().count() - tail.chars().count();
    let body = if mail.body.chars().count() > room {
        format!("{}…", take(&mail.body, room.saturating_sub(1)).trim_end())
    } else {
        mail.body.clone()
    };
    format!("{head}{body}{tail}").trim().to_string()
}

/// "Přílohy: a.pdf, b.xlsx", when there are attachments.
fn attachments_line(mail: &ParsedEmail) -> Option<String> {
    (!mail.attachments.is_empty()).then(|| {
        format!(
            "{}: {}",
            super::texts::CS.attachments_label,
            mail.attachments.join(", ")
        )
    })
}

/// The inbound email activity's subject and text (a message from an open lead's address).
pub fn activity_text(mail: &ParsedEmail) -> (String, String) {
    use crate::activities::model::{BODY_MAX, SUBJECT_MAX};
    let subject = if mail.subject.is_empty() {
        super::texts::CS.no_subject.to_string()
    } else {
        take(&mail.subject, SUBJECT_MAX)
    };
    let tail = attachments_line(mail)
        .map(|line| format!("\n\n{}", take(&line, 1000)))
        .unwrap_or_default();
    let room = BODY_MAX - tail.chars().count();
    let body = if mail.body.chars().count() > room {
        format!("{}…", take(&mail.body, room.saturating_sub(1)).trim_end())
    } else {
        mail.body.clone()
    };
    (subject, format!("{body}{tail}").trim().to_string())
}

fn take(text: &str, max: usize) -> String {
    text.chars().take(max).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const CZ: &str = "Dobrý den, máme zájem o nabídku – Žluťoučký kůň";

    fn fixture(name: &str) -> ParsedEmail {
        let path = format!("{}/tests/fixtures/email/{name}", env!("CARGO_MANIFEST_DIR"));
        parse(&std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}")))
    }

    #[test]
    fn a_plain_utf8_message() {
        let m = fixture("plain_utf8.eml");
        assert_eq!(m.key, "plain-utf8-0001@firma-test.cz");
        assert_eq!(m.from_name, "Jan Novák");
        assert_eq!(m.from_address, "jan.novak@firma-test.cz");
        assert_eq!(m.subject, "Poptávka – Žluťoučký kůň");
        assert!(m.body.starts_with(CZ), "{}", m.body);
        assert!(m.body.ends_with("Jan Novák"), "{}", m.body);
        assert_eq!(m.skip, None);
        assert_eq!(
            m.sent_at.map(|d| d.to_rfc3339()),
            Some("2026-12-01T08:15:00+00:00".into())
        );
        let lead = lead_input(&m).validate().unwrap();
        assert_eq!(
            (lead.first_name.as_str(), lead.last_name.as_str()),
            ("Jan", "Novák")
        );
        assert_eq!(lead.email.as_deref(), Some("jan.novak@firma-test.cz"));
        assert_eq!(lead.source, LeadSource::Email);
        assert!(
            lead.description
                .starts_with("Předmět: Poptávka – Žluťoučký kůň\n\nDobrý den")
        );
    }

    #[test]
    fn a_windows_1250_body_and_subject() {
        let m = fixture("windows1250.eml");
        assert_eq!(m.from_name, "Petra Dvořáková");
        assert_eq!(m.subject, "Nabídka – ceník");
        assert!(m.body.starts_with(CZ), "{}", m.body);
        assert!(m.body.contains("Pošlete prosím ceník."), "{}", m.body);
    }

    #[test]
    fn an_iso_8859_2_body_with_encoded_words() {
        let m = fixture("iso88592.eml");
        assert_eq!(m.from_name, "Řehoř Šťastný");
        assert_eq!(m.subject, "Žádost o nabídku - Žluťoučký kůň");
        assert!(
            m.body
                .starts_with("Dobrý den, máme zájem o nabídku - Žluťoučký kůň"),
            "{}",
            m.body
        );
        assert!(m.body.contains("Máte volné termíny v prosinci?"));
        let (first, last) = split_name(&m.from_name, &m.from_address);
        assert_eq!((first.as_str(), last.as_str()), ("Řehoř", "Šťastný"));
    }

    #[test]
    fn an_html_only_message_becomes_text() {
        let m = fixture("html_only.eml");
        assert_eq!(m.subject, "HTML poptávka");
        assert!(!m.body.contains('<'), "{}", m.body);
        assert!(!m.body.contains("color"), "{}", m.body);
        assert!(m.body.contains("Dobrý den,"), "{}", m.body);
        assert!(m.body.contains("Žluťoučký kůň"), "{}", m.body);
        assert_eq!(m.skip, None);
    }

    #[test]
    fn attachments_are_listed_by_name_at_the_end() {
        let m = fixture("attachments.eml");
        assert_eq!(m.attachments, vec!["poptavka.pdf", "ceník 2027.xlsx"]);
        assert_eq!(m.body, "Posílám podklady v příloze.");
        // No display name: the local part is the last name.
        assert_eq!(
            split_name(&m.from_name, &m.from_address),
            (String::new(), "karel".into())
        );
        let d = description(&m);
        assert!(d.ends_with("Přílohy: poptavka.pdf, ceník 2027.xlsx"), "{d}");
        let (subject, body) = activity_text(&m);
        assert_eq!(subject, "Podklady");
        assert!(
            body.ends_with("Přílohy: poptavka.pdf, ceník 2027.xlsx"),
            "{body}"
        );
    }

    #[test]
    fn auto_replies_and_bounces_are_noise() {
        assert_eq!(fixture("auto_reply.eml").skip, Some(SkipReason::AutoReply));
        assert_eq!(fixture("bounce.eml").skip, Some(SkipReason::Bounce));
        let raw = "From: a@firma-test.cz\r\nPrecedence: bulk\r\nMessage-ID: <x@y>\r\n\r\nnews\r\n";
        assert_eq!(parse(raw.as_bytes()).skip, Some(SkipReason::Bulk));
        let raw = "From: a@firma-test.cz\r\nAuto-Submitted: no\r\nMessage-ID: <x@y>\r\n\r\nhi\r\n";
        assert_eq!(parse(raw.as_bytes()).skip, None);
        let raw = "From: MAILER-DAEMON@mx.test.cz\r\nMessage-ID: <x@y>\r\n\r\nhi\r\n";
        assert_eq!(parse(raw.as_bytes()).skip, Some(SkipReason::NoSender));
        let raw = "Subject: nobody\r\nMessage-ID: <x@y>\r\n\r\nhi\r\n";
        assert_eq!(parse(raw.as_bytes()).skip, Some(SkipReason::NoSender));
    }

    #[test]
    fn without_a_message_id_the_bytes_are_the_key() {
        let m = fixture("no_message_id.eml");
        assert!(
            m.key.starts_with("sha256:") && m.key.len() == 7 + 64,
            "{}",
            m.key
        );
        assert_eq!(m.key, fixture("no_message_id.eml").key);
        // "Novotný, Tomáš": last name first.
        assert_eq!(
            split_name(&m.from_name, &m.from_address),
            ("Tomáš".into(), "Novotný".into())
        );
        assert_eq!(parse(b"").skip, Some(SkipReason::Unreadable));
    }

    #[test]
    fn names_split_at_the_last_word() {
        let split = |d: &str| split_name(d, "x@firma.cz");
        assert_eq!(
            split("Jan Pavel Novák"),
            ("Jan Pavel".into(), "Novák".into())
        );
        assert_eq!(split("Novák"), (String::new(), "Novák".into()));
        assert_eq!(split("\"Jan Novák\""), ("Jan".into(), "Novák".into()));
        assert_eq!(split("x@firma.cz"), (String::new(), "x".into()));
        assert_eq!(split(""), (String::new(), "x".into()));
    }

    #[test]
    fn a_long_body_is_cut_to_the_description_limit() {
        let mut m = fixture("attachments.eml");
        m.body = "á".repeat(MAX_DESCRIPTION * 2);
        let d = description(&m);
        assert_eq!(d.chars().count(), MAX_DESCRIPTION);
        assert!(d.ends_with("Přílohy: poptavka.pdf, ceník 2027.xlsx"));
        assert!(lead_input(&m).validate().is_ok());
    }

    #[test]
    fn a_malformed_sender_fails_validation_not_parsing() {
        let raw = "From: Jan <jan-at-firma>\r\nMessage-ID: <bad@x>\r\n\r\nhi\r\n";
        let m = parse(raw.as_bytes());
        assert!(lead_input(&m).validate().is_err());
    }
}
