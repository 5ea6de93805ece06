//! The mailbox poller (server only): every `poll_every`, log in over IMAP (async-imap), fetch
//! the messages above the last UID handled, take each in (`intake`), mark them \Seen, and
//! store the poll's report. Mail is never deleted.
//!
//! Several instances may poll one mailbox: each message's key in `email_message` decides who
//! makes its lead, so the UID mark is only a shortcut and a race on it costs a re-fetch.

use std::sync::{Arc, OnceLock};
use std::time::Duration;

use async_imap::Client;
use futures_util::TryStreamExt;
use sea_orm::DatabaseConnection;
use tokio::io::{AsyncRead, AsyncWrite};
use tokio::net::TcpStream;

use super::intake::{Outcome, take_in_raw};
use super::model::{MailboxSettings, TlsMode};
use super::repo::{PollReport, record_poll, set_uid_mark, uid_mark};

/// Messages per FETCH: few enough that a batch of large attachments stays in memory.
const BATCH: usize = 50;
const CONNECT_TIMEOUT: Duration = Duration::from_secs(30);
/// A poll that takes longer is given up (a server that stopped answering mid-fetch).
const POLL_TIMEOUT: Duration = Duration::from_secs(15 * 60);

/// The mailbox this process polls, for the admin page ("user@host/folder").
static ACTIVE: OnceLock<String> = OnceLock::new();

pub fn active_mailbox() -> Option<String> {
    ACTIVE.get().cloned()
}

/// Polls for ever (a task of `serve`).
pub async fn run(db: DatabaseConnection, mailbox: MailboxSettings) {
    let _ = ACTIVE.set(describe(&mailbox));
    tracing::info!(mailbox = %describe(&mailbox), "email poller started");
    loop {
        let report = poll_once(&db, &mailbox).await;
        match &report.error {
            Some(error) => tracing::warn!(%error, "email poll failed"),
            None if report.created + report.activities + report.skipped > 0 => tracing::info!(
                created = report.created,
                activities = report.activities,
                skipped = report.skipped,
                "email poll"
            ),
            None => {}
        }
        tokio::time::sleep(mailbox.poll_every).await;
    }
}

fn describe(mailbox: &MailboxSettings) -> String {
    format!(
        "{}@{}:{}/{}",
        mailbox.user, mailbox.host, mailbox.port, mailbox.folder
    )
}

/// One poll, its report stored. Never panics and never fails: a failure is the report's
/// error, with the counts of what went through before it.
pub async fn poll_once(db: &DatabaseConnection, mailbox: &MailboxSettings) -> PollReport {
    let mut report = PollReport::default();
    let outcome = tokio::time::timeout(POLL_TIMEOUT, poll(db, mailbox, &mut report)).await;
    report.error = match outcome {
        Ok(Ok(())) => None,
        Ok(Err(error)) => Some(error),
        Err(_) => Some(format!("no answer within {} s", POLL_TIMEOUT.as_secs())),
    };
    if let Err(err) = record_poll(db, &report, chrono::Utc::now()).await {
        tracing::error!(error = %err, "cannot store the email poll status");
    }
    report
}

/// The transport under the IMAP client: plain TCP or TLS over it.
trait Transport: AsyncRead + AsyncWrite + Unpin + Send + std::fmt::Debug {}
impl<T: AsyncRead + AsyncWrite + Unpin + Send + std::fmt::Debug> Transport for T {}

async fn poll(
    db: &DatabaseConnection,
    mailbox: &MailboxSettings,
    report: &mut PollReport,
) -> Result<(), String> {
    let address = format!("{}:{}", mailbox.host, mailbox.port);
    let tcp = tokio::time::timeout(CONNECT_TIMEOUT, TcpStream::connect(&address))
        .await
        .map_err(|_| format!("connect {address}: timed out"))?
        .map_err(|e| format!("connect {address}: {e}"))?;
    let client: Client<Box<dyn Transport>> = match mailbox.tls {
        TlsMode::None => greeted(Client::new(Box::new(tcp) as Box<dyn Transport>)).await?,
        TlsMode::Tls => {
            let tls = tls_wrap(&mailbox.host, tcp).await?;
            greeted(Client::new(Box::new(tls) as Box<dyn Transport>)).await?
        }
        TlsMode::StartTls => {
            let mut plain = greeted(Client::new(tcp)).await?;
            plain
                .run_command_and_check_ok("STARTTLS", None)
                .await
                .map_err(|e| format!("STARTTLS: {e}"))?;
            let tls = tls_wrap(&mailbox.host, plain.into_inner()).await?;
            // No greeting after STARTTLS.
            Client::new(Box::new(tls) as Box<dyn Transport>)
        }
    };
    let mut session = client
        .login(&mailbox.user, &mailbox.password)
        .await
        .map_err(|(e, _)| format!("login as {}: {e}", mailbox.user))?;
    let folder = session
        .select(&mailbox.folder)
        .await
        .map_err(|e| format!("select {}: {e}", mailbox.folder))?;
    let db_err = |e: sea_orm::DbErr| format!("database: {e}");
    let validity = folder.uid_validity.map(i64::from);
    let (known_validity, mut last) = uid_mark(db).await.map_err(db_err)?;
    if known_validity != validity {
        // A new folder or a rebuilt one: its UIDs mean nothing; the keys still do.
        last = 0;
    }
    let mut uids: Vec<u32> = session
        .uid_search(format!("UID {}:*", last + 1))
        .await
        .map_err(|e| format!("search: {e}"))?
        .into_iter()
        // "n:*" always matches the highest UID, even below n.
        .filter(|uid| i64::from(*uid) > last)
        .collect();
    uids.sort_unstable();
    for batch in uids.chunks(BATCH) {
        let set = batch
            .iter()
            .map(u32::to_string)
            .collect::<Vec<_>>()
            .join(",");
        // PEEK: the \Seen flag is set below, only once the batch is in the database.
        let fetched: Vec<_> = session
            .uid_fetch(&set, "(UID BODY.PEEK[])")
            .await
            .map_err(|e| format!("fetch: {e}"))?
            .try_collect()
            .await
            .map_err(|e| format!("fetch: {e}"))?;
        for message in &fetched {
            let Some(raw) = message.body() else {
                continue;
            };
            match take_in_raw(db, raw, message.uid, chrono::Utc::now())
                .await
                .map_err(db_err)?
            {
                Outcome::Created { .. } => report.created += 1,
                Outcome::Activity { .. } => report.activities += 1,
                Outcome::Skipped(_) => report.skipped += 1,
                Outcome::Duplicate => report.duplicates += 1,
            }
        }
        let _: Vec<_> = session
            .uid_store(&set, "+FLAGS.SILENT (\\Seen)")
            .await
            .map_err(|e| format!("store \\Seen: {e}"))?
            .try_collect()
            .await
            .map_err(|e| format!("store \\Seen: {e}"))?;
        let highest = batch.last().copied().map(i64::from).unwrap_or(last);
        set_uid_mark(db, validity, highest).await.map_err(db_err)?;
    }
    if uids.is_empty() && known_validity != validity {
        set_uid_mark(db, validity, 0).await.map_err(db_err)?;
    }
    session.logout().await.ok();
    Ok(())
}

/// Reads the server's greeting.
async fn greeted<T: AsyncRead + AsyncWrite + Unpin + Send + std::fmt::Debug>(
    mut client: Client<T>,
) -> Result<Client<T>, String> {
    match client.read_response().await {
        Ok(Some(_)) => Ok(client),
        Ok(None) => Err("the server closed the connection before greeting".into()),
        Err(e) => Err(format!("greeting: {e}")),
    }
}

/// TLS over `tcp`, checked against the web's root certificates (webpki-roots), with rustls on
/// ring as reqwest has it.
async fn tls_wrap(
    host: &str,
    tcp: TcpStream,
) -> Result<tokio_rustls::client::TlsStream<TcpStream>, String> {
    use tokio_rustls::rustls::{ClientConfig, RootCertStore, crypto::ring, pki_types::ServerName};
    let mut roots = RootCertStore::empty();
    roots.extend(webpki_roots::TLS_SERVER_ROOTS.iter().cloned());
    let config = ClientConfig::builder_with_provider(Arc::new(ring::default_provider()))
        .with_safe_default_protocol_versions()
        .map_err(|e| format!("TLS: {e}"))?
        .with_root_certificates(roots)
        .with_no_client_auth();
    let name = ServerName::try_from(host.to_string()).map_err(|e| format!("TLS {host}: {e}"))?;
    tokio_rustls::TlsConnector::from(Arc::new(config))
        .connect(name, tcp)
        .await
        .map_err(|e| format!("TLS {host}: {e}"))
}
