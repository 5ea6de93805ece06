//! Leads from a mailbox, against a real IMAP server (dovecot, started per test by
//! `common::dovecot`) and a real SQLite file and PostgreSQL schema: messages appended with
//! IMAP APPEND, one poll, then what it made — leads with Czech text intact, an incoming email
//! on an open lead, auto-replies and bounces skipped, nothing twice, the poll's status.

use crate::common;

use crate::common::dovecot::Dovecot;
use leady::activities::model::ActivityKind;
use leady::email::intake::{Outcome, take_in_raw};
use leady::email::model::SkipReason;
use leady::email::poller::poll_once;
use leady::email::repo::{PollReport, record_poll, set_uid_mark, status};
use leady::leads::model::LeadSource;
use leady::server::entities::{activity, email_message, lead, lead_event};
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter};

on_both_databases!(
    a_poll_makes_each_lead_once_with_czech_text_intact,
    a_message_from_an_open_leads_address_is_an_incoming_email_on_it,
    a_wrong_password_is_recorded_in_the_status,
    eml_files_go_the_same_way,
    the_admin_page_shows_the_last_poll,
    an_untrusted_certificate_is_refused_and_recorded,
);

const CZ: &str = "Dobrý den, máme zájem o nabídku – Žluťoučký kůň";

fn fixture(name: &str) -> Vec<u8> {
    let path = format!("{}/tests/fixtures/email/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

const ALL: [&str; 8] = [
    "plain_utf8.eml",
    "windows1250.eml",
    "iso88592.eml",
    "html_only.eml",
    "attachments.eml",
    "auto_reply.eml",
    "bounce.eml",
    "no_message_id.eml",
];

async fn lead_by_email(db: &DatabaseConnection, email: &str) -> lead::Model {
    lead::Entity::find()
        .filter(lead::Column::Email.eq(email))
        .one(db)
        .await
        .unwrap()
        .unwrap_or_else(|| panic!("no lead for {email}"))
}

async fn a_poll_makes_each_lead_once_with_czech_text_intact(db: DatabaseConnection) {
    let server = Dovecot::start();
    server
        .append(&ALL.iter().map(|f| fixture(f)).collect::<Vec<_>>())
        .await;
    let report = poll_once(&db, &server.mailbox()).await;
    assert_eq!(report.error, None, "{}", server.logs());
    assert_eq!(
        (report.created, report.activities, report.skipped),
        (6, 0, 2),
        "{report:?}"
    );
    assert_eq!(lead::Entity::find().count(&db).await.unwrap(), 6);

    let jan = lead_by_email(&db, "jan.novak@firma-test.cz").await;
    assert_eq!(
        (jan.first_name.as_str(), jan.last_name.as_str()),
        ("Jan", "Novák")
    );
    assert_eq!(jan.source, LeadSource::Email);
    assert!(
        jan.description
            .starts_with(&format!("Předmět: Poptávka – Žluťoučký kůň\n\n{CZ}")),
        "{}",
        jan.description
    );
    let petra = lead_by_email(&db, "petra@dvorakova-test.cz").await;
    assert_eq!(petra.last_name, "Dvořáková");
    assert!(petra.description.contains(CZ), "{}", petra.description);
    let rehor = lead_by_email(&db, "rehor@stastny-test.cz").await;
    assert_eq!(
        (rehor.first_name.as_str(), rehor.last_name.as_str()),
        ("Řehoř", "Šťastný")
    );
    assert!(
        rehor
            .description
            .contains("Žádost o nabídku - Žluťoučký kůň")
    );
    assert!(rehor.description.contains("Máte volné termíny v prosinci?"));
    let eva = lead_by_email(&db, "eva@mala-test.cz").await;
    assert!(
        eva.description.contains("Žluťoučký kůň"),
        "{}",
        eva.description
    );
    assert!(!eva.description.contains('<'), "{}", eva.description);
    let karel = lead_by_email(&db, "karel@nemec-test.cz").await;
    assert_eq!(karel.last_name, "karel");
    assert!(
        karel
            .description
            .ends_with("Přílohy: poptavka.pdf, ceník 2027.xlsx")
    );
    let tomas = lead_by_email(&db, "tomas@novotny-test.cz").await;
    assert_eq!(
        (tomas.first_name.as_str(), tomas.last_name.as_str()),
        ("Tomáš", "Novotný")
    );
    // Every new lead was announced, as quick entry's are.
    let created_events = lead_event::Entity::find()
        .filter(lead_event::Column::Kind.eq("created"))
        .count(&db)
        .await
        .unwrap();
    assert_eq!(created_events, 6);
    // The auto-reply came from Jan's address: it is skipped, not logged on his lead.
    assert_eq!(activity::Entity::find().count(&db).await.unwrap(), 0);
    let skipped: Vec<_> = email_message::Entity::find()
        .filter(email_message::Column::Outcome.eq("skipped"))
        .all(&db)
        .await
        .unwrap()
        .into_iter()
        .map(|m| (m.message_id, m.reason.unwrap_or_default()))
        .collect();
    assert!(skipped.contains(&("ooo-0006@firma-test.cz".into(), "auto_reply".into())));
    assert!(skipped.contains(&("bounce-0007@mx.leady.test".into(), "bounce".into())));

    let shown = status(&db, None).await.unwrap();
    assert!(shown.polled_at.is_some());
    assert_eq!((shown.created, shown.activities, shown.skipped), (6, 0, 2));
    assert_eq!(shown.error, None);

    // Polling again makes nothing; nor does a poll that lost its UID mark (a restart on a
    // fresh database row, another instance): the Message-IDs decide.
    let again = poll_once(&db, &server.mailbox()).await;
    assert_eq!(
        (again.created, again.activities, again.skipped, again.error),
        (0, 0, 0, None)
    );
    set_uid_mark(&db, None, 0).await.unwrap();
    let again = poll_once(&db, &server.mailbox()).await;
    assert_eq!((again.created, again.activities, again.skipped), (0, 0, 0));
    assert_eq!(again.duplicates, 8);
    assert_eq!(lead::Entity::find().count(&db).await.unwrap(), 6);
    assert_eq!(email_message::Entity::find().count(&db).await.unwrap(), 8);
}

async fn a_message_from_an_open_leads_address_is_an_incoming_email_on_it(db: DatabaseConnection) {
    let server = Dovecot::start();
    server.append(&[fixture("plain_utf8.eml")]).await;
    assert_eq!(poll_once(&db, &server.mailbox()).await.created, 1);
    let jan = lead_by_email(&db, "jan.novak@firma-test.cz").await;

    let follow_up = "From: Jan Novak <JAN.NOVAK@firma-test.cz>\r\n\
                     To: poptavky@leady.test\r\n\
                     Subject: =?UTF-8?Q?Dopln=C4=9Bn=C3=AD_popt=C3=A1vky?=\r\n\
                     Message-ID: <follow-up-0009@firma-test.cz>\r\n\
                     MIME-Version: 1.0\r\n\
                     Content-Type: text/plain; charset=UTF-8\r\n\
                     Content-Transfer-Encoding: 8bit\r\n\r\n\
                     Ještě bychom chtěli 5 kusů navíc.\r\n";
    server.append(&[follow_up.as_bytes().to_vec()]).await;
    let report = poll_once(&db, &server.mailbox()).await;
    assert_eq!(
        (
            report.created,
            report.activities,
            report.skipped,
            report.error
        ),
        (0, 1, 0, None)
    );
    let logged = activity::Entity::find().all(&db).await.unwrap();
    assert_eq!(logged.len(), 1);
    let a = &logged[0];
    assert_eq!(a.lead_id, jan.id);
    assert_eq!(a.kind, ActivityKind::Email);
    assert_eq!(a.email_direction.as_deref(), Some("incoming"));
    assert_eq!(a.author_id, None);
    assert_eq!(a.subject, "Doplnění poptávky");
    assert_eq!(a.body, "Ještě bychom chtěli 5 kusů navíc.");
    // An email the lead sent is not our first contact.
    assert_eq!(
        lead_by_email(&db, "jan.novak@firma-test.cz")
            .await
            .first_contact_at,
        None
    );
    let row = email_message::Entity::find()
        .filter(email_message::Column::MessageId.eq("follow-up-0009@firma-test.cz"))
        .one(&db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        (row.outcome.as_str(), row.lead_id),
        ("activity", Some(jan.id))
    );
    assert_eq!(status(&db, None).await.unwrap().activities, 1);
}

async fn a_wrong_password_is_recorded_in_the_status(db: DatabaseConnection) {
    let server = Dovecot::start();
    let mut mailbox = server.mailbox();
    mailbox.password = "špatné-heslo".into();
    let report = poll_once(&db, &mailbox).await;
    let error = report.error.expect("the poll fails");
    assert!(error.starts_with("login as leady"), "{error}");
    let shown = status(&db, None).await.unwrap();
    assert!(shown.polled_at.is_some());
    assert_eq!(shown.error.as_deref(), Some(error.as_str()));
    // Nobody listens on the port any more: also an error, not a panic.
    let port = server.port;
    drop(server);
    let mut gone = mailbox.clone();
    gone.port = port;
    let report = poll_once(&db, &gone).await;
    assert!(report.error.unwrap().starts_with("connect 127.0.0.1:"));
}

async fn eml_files_go_the_same_way(db: DatabaseConnection) {
    let now = chrono::Utc::now();
    let first = take_in_raw(&db, &fixture("windows1250.eml"), None, now)
        .await
        .unwrap();
    let Outcome::Created { lead_id } = first else {
        panic!("{first:?}");
    };
    assert_eq!(first.line(), format!("created lead {lead_id}"));
    let again = take_in_raw(&db, &fixture("windows1250.eml"), None, now)
        .await
        .unwrap();
    assert_eq!(again, Outcome::Duplicate);
    assert_eq!(again.line(), "duplicate");
    let bounce = take_in_raw(&db, &fixture("bounce.eml"), None, now)
        .await
        .unwrap();
    assert_eq!(bounce, Outcome::Skipped(SkipReason::Bounce));
    assert_eq!(bounce.line(), "skipped: bounce");
    // A malformed sender is a skip with its reason, not a panic or an error.
    let bad = "From: Jan <jan-at-firma>\r\nMessage-ID: <bad-0010@x>\r\n\r\nAhoj\r\n";
    let skipped = take_in_raw(&db, bad.as_bytes(), None, now).await.unwrap();
    assert!(
        matches!(
            &skipped,
            Outcome::Skipped(SkipReason::Invalid(_)) | Outcome::Skipped(SkipReason::NoSender)
        ),
        "{skipped:?}"
    );
    assert_eq!(lead::Entity::find().count(&db).await.unwrap(), 1);
}

/// Two instances on one PostgreSQL database poll one mailbox at the same moment: every
/// message still makes one lead.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_instances_polling_at_once_make_each_lead_once() {
    let pools = common::postgres_instances(2).await;
    let server = Dovecot::start();
    let messages: Vec<Vec<u8>> = (0..40)
        .map(|i| {
            format!(
                "From: Zákazník {i} <zakaznik{i}@firma-test.cz>\r\nSubject: Poptávka {i}\r\n\
                 Message-ID: <race-{i}@firma-test.cz>\r\nContent-Type: text/plain; charset=UTF-8\r\n\
                 \r\n{CZ}\r\n"
            )
            .into_bytes()
        })
        .collect();
    server.append(&messages).await;
    let mailbox = server.mailbox();
    let (a, b) = tokio::join!(
        poll_once(&pools[0], &mailbox),
        poll_once(&pools[1], &mailbox)
    );
    assert_eq!((a.error.clone(), b.error.clone()), (None, None));
    assert_eq!(a.created + b.created, 40, "{a:?} {b:?}");
    assert_eq!(lead::Entity::find().count(&pools[0]).await.unwrap(), 40);
}

async fn the_admin_page_shows_the_last_poll(db: DatabaseConnection) {
    use leady::auth::model::Role;
    let admin = common::app::TestApp::signed_in(db.clone(), Role::Admin).await;
    let (code, html) = admin.get("/admin/email", &[]).await;
    assert_eq!(code, axum::http::StatusCode::OK);
    assert!(
        html.contains("Schránka zatím nebyla zkontrolována."),
        "{html}"
    );
    assert!(html.contains("Schránka není nastavená"), "{html}");
    let failed = PollReport {
        created: 3,
        activities: 2,
        skipped: 1,
        duplicates: 0,
        error: Some("login as leady: NO [AUTHENTICATIONFAILED]".into()),
    };
    record_poll(&db, &failed, chrono::Utc::now()).await.unwrap();
    let (_, html) = admin.get("/admin/email", &[]).await;
    assert!(html.contains("Poslední kontrola"), "{html}");
    assert!(html.contains("Kontrola selhala"), "{html}");
    assert!(html.contains("AUTHENTICATIONFAILED"), "{html}");
    // The server function answers admins only.
    let sales = common::app::TestApp::signed_in(db.clone(), Role::Salesperson).await;
    let (code, _) = sales.post_form("/api/admin/email/status", &[]).await;
    assert_eq!(code, axum::http::StatusCode::FORBIDDEN);
    let (code, body) = admin.post_form("/api/admin/email/status", &[]).await;
    assert_eq!(code, axum::http::StatusCode::OK);
    assert!(body.contains("\"created\":3"), "{body}");
}

/// TLS and STARTTLS reach the handshake, and a certificate no public root vouches for (the
/// test server's self-signed one) is refused: the poll records why and takes nothing in.
async fn an_untrusted_certificate_is_refused_and_recorded(db: DatabaseConnection) {
    use leady::email::model::TlsMode;
    let server = Dovecot::start_with_tls();
    server.append(&[fixture("plain_utf8.eml")]).await;
    let mut tls = server.mailbox();
    tls.tls = TlsMode::Tls;
    tls.port = server.tls_port.unwrap();
    let report = poll_once(&db, &tls).await;
    let error = report
        .error
        .expect("an untrusted certificate fails the poll");
    assert!(error.starts_with("TLS 127.0.0.1: "), "{error}");
    assert!(error.contains("certificate"), "{error}");
    let mut starttls = server.mailbox();
    starttls.tls = TlsMode::StartTls;
    let report = poll_once(&db, &starttls).await;
    let error = report
        .error
        .expect("an untrusted certificate fails the poll");
    assert!(error.starts_with("TLS 127.0.0.1: "), "{error}");
    assert_eq!(status(&db, None).await.unwrap().error, Some(error));
    assert_eq!(lead::Entity::find().count(&db).await.unwrap(), 0);
}
