//! The public web-form API end to end through the real router, on a real SQLite file and on
//! PostgreSQL: every answer of `POST /api/v1/capture/{key}` and its pre-flight, what a
//! captured lead gets on the way (the "by source" rule, the live event, the consent), the
//! admin's server functions, and the OpenAPI description.

use crate::common;

use std::net::SocketAddr;

use crate::common::app::{HOST, TestApp, settings};
use crate::common::fixtures::lead_count;
use axum::Router;
use axum::body::{Body, to_bytes};
use axum::extract::ConnectInfo;
use axum::http::{HeaderMap, Request, StatusCode, header};
use leady::activities::model::ActivityKind;
use leady::assignment::model::RuleInput;
use leady::auth::model::Role;
use leady::capture::model::{FormInput, FormView};
use leady::leads::model::{LeadSource, LeadStatus};
use leady::live::model::EventKind;
use leady::server::config::{CaptureSettings, Settings};
use leady::server::entities::{activity, lead, lead_assignment, lead_consent, lead_event};
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter};
use serde_json::{Value, json};
use tower::ServiceExt;

on_both_databases!(
    a_json_submission_creates_a_lead_through_the_one_path,
    a_second_submission_of_an_open_lead_is_logged_on_it,
    invalid_fields_are_named_in_czech_or_english,
    unknown_and_switched_off_forms_answer_404,
    a_body_over_16_kib_is_refused,
    one_address_is_limited_per_minute,
    a_plain_form_is_sent_on_to_a_thank_you_page,
    preflight_answers_only_allowed_origins,
    a_retry_with_the_same_key_gets_the_first_answer,
    the_honeypot_drops_bots_silently,
    a_by_source_rule_and_a_fixed_owner_assign_captured_leads,
    consent_is_stored_with_the_lead,
    only_admins_manage_forms,
    one_person_posting_two_forms_at_once_makes_one_lead,
);

const SITE: &str = "https://www.firma.cz";

fn router_with(db: &DatabaseConnection, capture: CaptureSettings) -> Router {
    leady::server::router(
        db.clone(),
        &Settings {
            capture,
            ..settings()
        },
    )
}

async fn form(db: &DatabaseConnection, input: FormInput) -> FormView {
    let valid = input.validate().expect("a valid form");
    leady::capture::repo::save_form(db, valid, chrono::Utc::now())
        .await
        .expect("form saved")
}

fn contact_form() -> FormInput {
    FormInput {
        name: "Kontakt".into(),
        origins: SITE.into(),
        accepted: [
            "first_name",
            "last_name",
            "email",
            "phone",
            "company",
            "message",
        ]
        .map(String::from)
        .to_vec(),
        required: vec!["email".into()],
        active: true,
        ..FormInput::default()
    }
}

/// One request to the router as if from `ip`.
struct Post<'a> {
    method: &'a str,
    key: &'a str,
    content_type: &'a str,
    body: String,
    headers: Vec<(&'a str, &'a str)>,
    ip: &'a str,
}

impl<'a> Post<'a> {
    fn json(key: &'a str, body: Value) -> Self {
        Post {
            method: "POST",
            key,
            content_type: "application/json",
            body: body.to_string(),
            headers: vec![("origin", SITE)],
            ip: "203.0.113.7",
        }
    }

    fn form(key: &'a str, fields: &[(&str, &str)]) -> Self {
        Post {
            content_type: "application/x-www-form-urlencoded",
            body: common::app::form(fields),
            ..Self::json(key, Value::Null)
        }
    }

    fn header(mut self, name: &'a str, value: &'a str) -> Self {
        self.headers.retain(|(n, _)| *n != name);
        self.headers.push((name, value));
        self
    }

    async fn send(self, router: &Router) -> (StatusCode, HeaderMap, String) {
        let mut req = Request::builder()
            .method(self.method)
            .uri(format!("/api/v1/capture/{}", self.key))
            .header(header::HOST, HOST)
            .header(header::CONTENT_TYPE, self.content_type);
        for (name, value) in &self.headers {
            req = req.header(*name, *value);
        }
        let mut req = req.body(Body::from(self.body)).unwrap();
        let addr = SocketAddr::new(self.ip.parse().unwrap(), 41000);
        req.extensions_mut().insert(ConnectInfo(addr));
        let res = router.clone().oneshot(req).await.unwrap();
        let status = res.status();
        let headers = res.headers().clone();
        let body = to_bytes(res.into_body(), 1 << 20).await.unwrap();
        (status, headers, String::from_utf8_lossy(&body).into_owned())
    }
}

fn parse(text: &str) -> Value {
    serde_json::from_str(text).unwrap_or_else(|_| panic!("JSON expected: {text}"))
}

async fn a_json_submission_creates_a_lead_through_the_one_path(db: DatabaseConnection) {
    let f = form(&db, contact_form()).await;
    let router = router_with(&db, CaptureSettings::default());
    let (status, headers, text) = Post::json(
        &f.key,
        json!({"first_name": "Petr", "last_name": "Svoboda", "email": "Petr@Svoboda.cz",
               "phone": "603 111 222", "company": "Svoboda s.r.o.", "message": "Chci nabídku",
               "unknown": "ignored"}),
    )
    .send(&router)
    .await;
    assert_eq!(status, StatusCode::CREATED, "{text}");
    assert_eq!(
        headers.get(header::ACCESS_CONTROL_ALLOW_ORIGIN).unwrap(),
        SITE
    );
    let answer = parse(&text);
    assert_eq!(answer["status"], "created");
    let id = answer["lead_id"].as_i64().unwrap() as i32;
    let lead = lead::Entity::find_by_id(id)
        .one(&db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(lead.email.as_deref(), Some("petr@svoboda.cz"));
    assert_eq!(lead.phone.as_deref(), Some("+420603111222"), "normalised");
    assert_eq!(lead.source, LeadSource::WebForm);
    assert_eq!(lead.status, LeadStatus::New);
    assert_eq!(lead.description, "Chci nabídku");
    assert!(
        lead.first_contact_at.is_none(),
        "the speed-to-lead clock runs"
    );
    assert!(lead.search_key.unwrap().contains("svoboda"));
    let history = leady::server::entities::lead_status_change::Entity::find()
        .filter(leady::server::entities::lead_status_change::Column::LeadId.eq(id))
        .count(&db)
        .await
        .unwrap();
    assert_eq!(history, 1, "the first history row");
    let events = lead_event::Entity::find()
        .filter(lead_event::Column::LeadId.eq(id))
        .all(&db)
        .await
        .unwrap();
    assert_eq!(events.len(), 1);
    assert_eq!(events[0].kind, EventKind::Created, "the live event");
}

async fn a_second_submission_of_an_open_lead_is_logged_on_it(db: DatabaseConnection) {
    let f = form(&db, contact_form()).await;
    let router = router_with(&db, CaptureSettings::default());
    let (_, _, first) = Post::json(
        &f.key,
        json!({"last_name": "Svoboda", "email": "petr@svoboda.cz", "phone": "603111222"}),
    )
    .send(&router)
    .await;
    let id = parse(&first)["lead_id"].as_i64().unwrap();
    // The same person by phone, written differently, with another email: the same open lead.
    let (status, _, text) = Post::json(
        &f.key,
        json!({"last_name": "Svoboda", "email": "jiny@svoboda.cz", "phone": "+420 603 111 222",
               "message": "Ještě jednou"}),
    )
    .send(&router)
    .await;
    assert_eq!(status, StatusCode::OK, "{text}");
    assert_eq!(parse(&text), json!({"lead_id": id, "status": "duplicate"}));
    assert_eq!(lead_count(&db).await, 1, "no second card");
    let notes = activity::Entity::find()
        .filter(activity::Column::LeadId.eq(id as i32))
        .all(&db)
        .await
        .unwrap();
    assert_eq!(notes.len(), 1, "the submission is logged");
    assert_eq!(notes[0].kind, ActivityKind::Note);
    assert_eq!(notes[0].subject, "Webový formulář: Kontakt");
    assert!(
        notes[0].body.contains("jiny@svoboda.cz"),
        "{}",
        notes[0].body
    );
    assert!(notes[0].body.contains("Ještě jednou"));
    let kinds: Vec<String> = lead_event::Entity::find()
        .filter(lead_event::Column::LeadId.eq(id as i32))
        .all(&db)
        .await
        .unwrap()
        .into_iter()
        .map(|e| e.kind.code().to_string())
        .collect();
    assert_eq!(kinds, vec!["created", "activity"]);

    // A closed lead is not open: the same email makes a new lead.
    lead::Entity::update_many()
        .col_expr(
            lead::Column::Status,
            sea_orm::sea_query::Expr::value("unqualified"),
        )
        .exec(&db)
        .await
        .unwrap();
    let (status, _, text) = Post::json(
        &f.key,
        json!({"last_name": "Svoboda", "email": "petr@svoboda.cz"}),
    )
    .send(&router)
    .await;
    assert_eq!(status, StatusCode::CREATED, "{text}");
    assert_eq!(lead_count(&db).await, 2);
}

async fn invalid_fields_are_named_in_czech_or_english(db: DatabaseConnection) {
    let f = form(
        &db,
        FormInput {
            consent_text: "Souhlasím se zpracováním osobních údajů.".into(),
            ..contact_form()
        },
    )
    .await;
    let router = router_with(&db, CaptureSettings::default());
    let body = json!({"last_name": "", "email": "petr@", "phone": "12"});
    let (status, _, text) = Post::json(&f.key, body.clone())
        .header("accept-language", "cs-CZ,cs;q=0.9")
        .send(&router)
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{text}");
    let cs = parse(&text);
    let mut fields: Vec<&String> = cs["errors"].as_object().unwrap().keys().collect();
    fields.sort();
    assert_eq!(fields, vec!["consent", "email", "last_name", "phone"]);
    assert_eq!(
        cs["errors"]["consent"],
        "Bez souhlasu nelze formulář odeslat."
    );
    let (status, _, text) = Post::json(&f.key, body)
        .header("accept-language", "en-GB,en;q=0.8")
        .send(&router)
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let en = parse(&text);
    assert_eq!(
        en["errors"]["consent"],
        "The form cannot be sent without your consent."
    );
    assert_ne!(en["errors"]["email"], cs["errors"]["email"]);
    // A required field the lead itself does not need.
    let (status, _, text) = Post::json(
        &f.key,
        json!({"last_name": "Svoboda", "phone": "603111222", "consent": true}),
    )
    .send(&router)
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        parse(&text)["errors"]["email"],
        leady::i18n::Locale::Cs.texts().err_required
    );
    // Not JSON at all; a nested value; another content type.
    let mut bad = Post::json(&f.key, Value::Null);
    bad.body = "{not json".into();
    assert_eq!(bad.send(&router).await.0, StatusCode::BAD_REQUEST);
    let (status, _, _) = Post::json(&f.key, json!({"last_name": {"x": 1}}))
        .send(&router)
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    let mut other = Post::json(&f.key, Value::Null);
    other.content_type = "text/plain";
    assert_eq!(
        other.send(&router).await.0,
        StatusCode::UNSUPPORTED_MEDIA_TYPE
    );
    assert_eq!(lead_count(&db).await, 0, "nothing written");
}

async fn unknown_and_switched_off_forms_answer_404(db: DatabaseConnection) {
    let off = form(
        &db,
        FormInput {
            active: false,
            ..contact_form()
        },
    )
    .await;
    let router = router_with(&db, CaptureSettings::default());
    let body = json!({"last_name": "Svoboda", "email": "petr@svoboda.cz"});
    let (status, _, text) = Post::json("0123456789abcdef", body.clone())
        .send(&router)
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND, "{text}");
    assert!(parse(&text)["error"].is_string());
    let (status, _, _) = Post::json(&off.key, body).send(&router).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(lead_count(&db).await, 0);
}

async fn a_body_over_16_kib_is_refused(db: DatabaseConnection) {
    let f = form(&db, contact_form()).await;
    let router = router_with(&db, CaptureSettings::default());
    let long = "x".repeat(16 * 1024);
    let (status, headers, _) = Post::json(
        &f.key,
        json!({"last_name": "Svoboda", "email": "petr@svoboda.cz", "message": long}),
    )
    .send(&router)
    .await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE);
    // The visitor's page may read the refusal (a browser hides an answer without CORS).
    assert_eq!(
        headers
            .get(header::ACCESS_CONTROL_ALLOW_ORIGIN)
            .and_then(|v| v.to_str().ok()),
        Some(SITE)
    );
    assert_eq!(lead_count(&db).await, 0);
    // Just under the limit passes the guard (and then the lead's own length rule).
    let (status, _, text) = Post::json(
        &f.key,
        json!({"last_name": "Svoboda", "email": "petr@svoboda.cz", "message": "x".repeat(4000)}),
    )
    .send(&router)
    .await;
    assert_eq!(status, StatusCode::CREATED, "{text}");
}

async fn one_address_is_limited_per_minute(db: DatabaseConnection) {
    let f = form(&db, contact_form()).await;
    let router = router_with(
        &db,
        CaptureSettings {
            per_minute: 3,
            trust_forwarded_for: false,
        },
    );
    let send = |i: usize, ip: &'static str| {
        let email = format!("p{i}@svoboda.cz");
        let key = f.key.clone();
        let router = router.clone();
        async move {
            let mut post = Post::json(&key, json!({"last_name": "Svoboda", "email": email}));
            post.ip = ip;
            post.send(&router).await
        }
    };
    // Nearly at a minute's end the window could turn between the sends: wait for the next.
    let second = chrono::Utc::now().timestamp() % 60;
    if second >= 57 {
        tokio::time::sleep(std::time::Duration::from_secs((61 - second) as u64)).await;
    }
    for i in 0..3 {
        assert_eq!(send(i, "198.51.100.1").await.0, StatusCode::CREATED);
    }
    let (status, headers, text) = send(3, "198.51.100.1").await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS, "{text}");
    let retry: u64 = headers
        .get(header::RETRY_AFTER)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse().ok())
        .expect("Retry-After in seconds");
    assert!((1..=60).contains(&retry), "{retry}");
    assert_eq!(
        send(4, "198.51.100.2").await.0,
        StatusCode::CREATED,
        "another address has its own count"
    );
    assert_eq!(lead_count(&db).await, 4);
}

async fn a_plain_form_is_sent_on_to_a_thank_you_page(db: DatabaseConnection) {
    let own = form(&db, contact_form()).await;
    let with_page = form(
        &db,
        FormInput {
            name: "Poptávka".into(),
            thank_you_url: "https://www.firma.cz/dekujeme".into(),
            ..contact_form()
        },
    )
    .await;
    let router = router_with(&db, CaptureSettings::default());
    let fields = [("last_name", "Svoboda"), ("email", "petr@svoboda.cz")];
    let (status, headers, _) = Post::form(&own.key, &fields)
        .header("accept", "text/html,application/xhtml+xml")
        .send(&router)
        .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert_eq!(headers.get(header::LOCATION).unwrap(), "/capture/thanks");
    let fields = [("last_name", "Nováková"), ("email", "jana@novakova.cz")];
    let (status, headers, _) = Post::form(&with_page.key, &fields).send(&router).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert_eq!(
        headers.get(header::LOCATION).unwrap(),
        "https://www.firma.cz/dekujeme"
    );
    assert_eq!(lead_count(&db).await, 2);
    // Leady's thank-you page needs no session.
    let app = TestApp::signed_out(db.clone());
    let (status, page) = app
        .get("/capture/thanks", &[(header::ACCEPT_LANGUAGE, "en")])
        .await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("Thank you"), "{page}");
    // A person's browser with a mistake gets a page naming the field, not JSON.
    let (status, headers, page) = Post::form(&own.key, &[("last_name", "Svoboda")])
        .header("accept", "text/html")
        .send(&router)
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        headers[header::CONTENT_TYPE]
            .to_str()
            .unwrap()
            .starts_with("text/html")
    );
    assert!(page.contains("E-mail"), "{page}");
    // A script posting urlencoded and asking for JSON gets JSON.
    let (status, _, text) = Post::form(
        &own.key,
        &[("last_name", "Dvořák"), ("email", "karel@dvorak.cz")],
    )
    .header("accept", "application/json")
    .send(&router)
    .await;
    assert_eq!(status, StatusCode::CREATED);
    assert_eq!(parse(&text)["status"], "created");
}

async fn preflight_answers_only_allowed_origins(db: DatabaseConnection) {
    let f = form(&db, contact_form()).await;
    let router = router_with(&db, CaptureSettings::default());
    let preflight = |origin: &'static str| {
        let mut p = Post::json(&f.key, Value::Null).header("origin", origin);
        p.method = "OPTIONS";
        p.body = String::new();
        p.header("access-control-request-method", "POST")
    };
    let (status, headers, _) = preflight(SITE).send(&router).await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    assert_eq!(headers[header::ACCESS_CONTROL_ALLOW_ORIGIN], SITE);
    assert!(
        headers[header::ACCESS_CONTROL_ALLOW_HEADERS]
            .to_str()
            .unwrap()
            .contains("Idempotency-Key")
    );
    let (status, headers, _) = preflight("https://evil.example").send(&router).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert!(headers.get(header::ACCESS_CONTROL_ALLOW_ORIGIN).is_none());
    // A post from a refused origin changes nothing; one without Origin (a server) is let in.
    let body = json!({"last_name": "Svoboda", "email": "petr@svoboda.cz"});
    let (status, headers, _) = Post::json(&f.key, body.clone())
        .header("origin", "https://evil.example")
        .send(&router)
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert!(headers.get(header::ACCESS_CONTROL_ALLOW_ORIGIN).is_none());
    assert_eq!(lead_count(&db).await, 0);
    let mut server = Post::json(&f.key, body);
    server.headers.clear();
    assert_eq!(server.send(&router).await.0, StatusCode::CREATED);
}

async fn a_retry_with_the_same_key_gets_the_first_answer(db: DatabaseConnection) {
    let f = form(&db, contact_form()).await;
    let other = form(
        &db,
        FormInput {
            name: "Jiný".into(),
            ..contact_form()
        },
    )
    .await;
    let router = router_with(&db, CaptureSettings::default());
    let body = json!({"last_name": "Svoboda", "email": "petr@svoboda.cz"});
    let first = Post::json(&f.key, body.clone())
        .header("idempotency-key", "retry-1")
        .send(&router)
        .await;
    assert_eq!(first.0, StatusCode::CREATED);
    // Two retries at once: both get the first answer, no second lead, no duplicate note.
    let (a, b) = tokio::join!(
        Post::json(&f.key, body.clone())
            .header("idempotency-key", "retry-1")
            .send(&router),
        Post::json(&f.key, body.clone())
            .header("idempotency-key", "retry-1")
            .send(&router),
    );
    for retry in [a, b] {
        assert_eq!(retry.0, StatusCode::CREATED);
        assert_eq!(parse(&retry.2), parse(&first.2));
    }
    assert_eq!(lead_count(&db).await, 1);
    assert_eq!(activity::Entity::find().count(&db).await.unwrap(), 0);
    // A plain form's hidden field does the same; keys are per form.
    let fields = [
        ("last_name", "Nováková"),
        ("email", "jana@novakova.cz"),
        ("_idempotency_key", "plain-1"),
    ];
    for _ in 0..2 {
        let (status, _, _) = Post::form(&f.key, &fields).send(&router).await;
        assert_eq!(status, StatusCode::SEE_OTHER);
    }
    assert_eq!(lead_count(&db).await, 2);
    let (status, _, text) = Post::json(&other.key, body)
        .header("idempotency-key", "retry-1")
        .send(&router)
        .await;
    assert_eq!(
        status,
        StatusCode::OK,
        "another form: a new submission (a duplicate)"
    );
    assert_eq!(parse(&text)["status"], "duplicate");
    // Old keys are pruned.
    let later = chrono::Utc::now() + chrono::Duration::hours(25);
    let pruned = leady::capture::repo::prune_idempotency(&db, later)
        .await
        .unwrap();
    assert_eq!(pruned, 3);
}

async fn the_honeypot_drops_bots_silently(db: DatabaseConnection) {
    let f = form(&db, contact_form()).await;
    let router = router_with(&db, CaptureSettings::default());
    let (status, _, text) = Post::json(
        &f.key,
        json!({"last_name": "Bot", "email": "bot@spam.example", "website": "http://spam.example"}),
    )
    .send(&router)
    .await;
    assert_eq!(status, StatusCode::ACCEPTED, "{text}");
    let (status, _, _) = Post::form(
        &f.key,
        &[
            ("last_name", "Bot"),
            ("email", "bot@spam.example"),
            ("website", "x"),
        ],
    )
    .send(&router)
    .await;
    assert_eq!(status, StatusCode::ACCEPTED);
    assert_eq!(lead_count(&db).await, 0);
    assert_eq!(lead_event::Entity::find().count(&db).await.unwrap(), 0);
}

async fn a_by_source_rule_and_a_fixed_owner_assign_captured_leads(db: DatabaseConnection) {
    let team = common::fixtures::sales_team(&db, 2).await;
    let rule = RuleInput {
        name: "Web pro Obchodníka 1".into(),
        kind: "source".into(),
        match_value: "web_form".into(),
        members: vec![team[1]],
        active: true,
        ..RuleInput::default()
    }
    .validate()
    .unwrap();
    leady::assignment::repo::save_rule(&db, rule, chrono::Utc::now())
        .await
        .unwrap();
    let by_rules = form(&db, contact_form()).await;
    let fixed = form(
        &db,
        FormInput {
            name: "Veletrh".into(),
            source: "trade_fair".into(),
            owner: team[0].to_string(),
            ..contact_form()
        },
    )
    .await;
    let router = router_with(&db, CaptureSettings::default());
    let (_, _, text) = Post::json(
        &by_rules.key,
        json!({"last_name": "Svoboda", "email": "petr@svoboda.cz"}),
    )
    .send(&router)
    .await;
    let id = parse(&text)["lead_id"].as_i64().unwrap() as i32;
    let lead = lead::Entity::find_by_id(id)
        .one(&db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(lead.owner_id, Some(team[1]), "the by-source rule");
    assert_eq!(lead.status, LeadStatus::Assigned);
    let assignment = lead_assignment::Entity::find()
        .filter(lead_assignment::Column::LeadId.eq(id))
        .one(&db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        assignment.rule_name.as_deref(),
        Some("Web pro Obchodníka 1")
    );
    let event = lead_event::Entity::find()
        .filter(lead_event::Column::LeadId.eq(id))
        .one(&db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(event.owner_id, Some(team[1]), "the event carries the owner");

    let (_, _, text) = Post::json(
        &fixed.key,
        json!({"last_name": "Nováková", "email": "jana@novakova.cz"}),
    )
    .send(&router)
    .await;
    let id = parse(&text)["lead_id"].as_i64().unwrap() as i32;
    let lead = lead::Entity::find_by_id(id)
        .one(&db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(lead.source, LeadSource::TradeFair, "the form's source");
    assert_eq!(lead.owner_id, Some(team[0]), "the form's fixed owner");
    let assignment = lead_assignment::Entity::find()
        .filter(lead_assignment::Column::LeadId.eq(id))
        .one(&db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(assignment.rule_name.as_deref(), Some("Veletrh"));
    assert_eq!(assignment.assigned_by, None);
}

async fn consent_is_stored_with_the_lead(db: DatabaseConnection) {
    let wording = "Souhlasím se zpracováním osobních údajů.";
    let f = form(
        &db,
        FormInput {
            consent_text: wording.into(),
            ..contact_form()
        },
    )
    .await;
    assert_eq!(f.consent_version, 1);
    let router = router_with(
        &db,
        CaptureSettings {
            trust_forwarded_for: true,
            ..CaptureSettings::default()
        },
    );
    let (status, _, answer) = Post::form(
        &f.key,
        &[
            ("last_name", "Svoboda"),
            ("email", "petr@svoboda.cz"),
            ("consent", "yes"),
        ],
    )
    .header("accept", "application/json")
    .header("x-forwarded-for", "6.6.6.6, 192.0.2.44")
    .send(&router)
    .await;
    assert_eq!(status, StatusCode::CREATED, "{answer}");
    let id = parse(&answer)["lead_id"].as_i64().unwrap() as i32;
    // A new text is a new version; a second consent (a duplicate submission) is kept too.
    let mut changed = contact_form();
    changed.id = Some(f.id);
    changed.consent_text = "Souhlasím se zasíláním nabídek.".into();
    let f2 = form(&db, changed).await;
    assert_eq!(f2.consent_version, 2);
    let (status, _, _) = Post::json(
        &f.key,
        json!({"last_name": "Svoboda", "email": "petr@svoboda.cz", "consent": true}),
    )
    .send(&router)
    .await;
    assert_eq!(status, StatusCode::OK);
    let consents = lead_consent::Entity::find()
        .filter(lead_consent::Column::LeadId.eq(id))
        .all(&db)
        .await
        .unwrap();
    assert_eq!(consents.len(), 2);
    assert_eq!(consents[0].consent_text, wording);
    assert_eq!(consents[0].consent_version, 1);
    assert_eq!(consents[0].form_id, Some(f.id));
    assert_eq!(
        consents[0].client_address, "192.0.2.44",
        "the proxy's entry"
    );
    assert_eq!(consents[1].consent_version, 2);
    assert_eq!(
        consents[1].client_address, "203.0.113.7",
        "no header: the peer"
    );

    // The lead's detail shows them.
    let (app, _) =
        TestApp::signed_in_as(db.clone(), Role::Manager, "vedouci@firma.cz", "Věra").await;
    let (status, body) = app
        .post_form("/api/leads/page", &[("id", &id.to_string())])
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let shown = &parse(&body)["detail"]["consents"];
    assert_eq!(shown[0]["text"], wording);
    assert_eq!(shown[0]["version"], 1);
    assert_eq!(shown[0]["form_name"], "Kontakt");
    assert_eq!(shown[1]["version"], 2);
}

async fn only_admins_manage_forms(db: DatabaseConnection) {
    let input = json!({"form": {
        "id": null, "name": "Kontakt", "source": "", "origins": "https://www.firma.cz",
        "accepted": ["email"], "required": ["email"], "owner": "", "consent_text": "",
        "thank_you_url": "", "active": true}});
    let sales = TestApp::signed_in(db.clone(), Role::Salesperson).await;
    let (status, _) = sales
        .post_json("/api/admin/forms/save", input.clone())
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, _) = sales.post_form("/api/admin/forms", &[]).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let admin = TestApp::signed_in(db.clone(), Role::Admin).await;
    let (status, text) = admin.post_json("/api/admin/forms/save", input).await;
    assert_eq!(status, StatusCode::OK, "{text}");
    let saved = parse(&text);
    assert_eq!(saved["key"].as_str().unwrap().len(), 32);
    let bad = json!({"form": {
        "id": null, "name": "", "source": "", "origins": "firma.cz",
        "accepted": [], "required": [], "owner": "999999", "consent_text": "",
        "thank_you_url": "", "active": true}});
    let (status, text) = admin.post_json("/api/admin/forms/save", bad).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{text}");
    let (status, text) = admin.post_form("/api/admin/forms", &[]).await;
    assert_eq!(status, StatusCode::OK, "{text}");
    let page = parse(&text);
    assert_eq!(page["forms"].as_array().unwrap().len(), 1);
    assert_eq!(page["base_url"], "http://127.0.0.1:3000");
    // The OpenAPI description is public and describes this very endpoint.
    let (status, doc) = TestApp::signed_out(db.clone())
        .get("/api/v1/openapi.json", &[])
        .await;
    assert_eq!(status, StatusCode::OK);
    let doc = parse(&doc);
    assert_eq!(doc["openapi"], "3.1.0");
    let post = &doc["paths"]["/api/v1/capture/{form_key}"]["post"];
    for code in ["200", "201", "202", "303", "404", "413", "422", "429"] {
        assert!(post["responses"][code].is_object(), "{code} described");
    }
    let fields = &doc["components"]["schemas"]["CaptureRequest"]["properties"];
    for field in leady::capture::model::CaptureField::ALL {
        assert!(
            fields[field.code()].is_object(),
            "{} described",
            field.code()
        );
    }
    for extra in ["consent", "website", "_idempotency_key"] {
        assert!(fields[extra].is_object(), "{extra} described");
    }
}

/// The same person sends two forms at the same moment (a newsletter box and a contact form on
/// one page): one lead, and the other post logged on it as a duplicate, never two cards.
async fn one_person_posting_two_forms_at_once_makes_one_lead(db: DatabaseConnection) {
    let first = form(&db, contact_form()).await;
    let second = form(
        &db,
        FormInput {
            name: "Newsletter".into(),
            ..contact_form()
        },
    )
    .await;
    let router = router_with(&db, CaptureSettings::default());
    for round in 0..5 {
        let email = format!("dvojice{round}@firma.cz");
        let body = json!({"last_name": "Dvořák", "email": email});
        let (a, b) = tokio::join!(
            Post::json(&first.key, body.clone()).send(&router),
            Post::json(&second.key, body.clone()).send(&router),
        );
        let mut statuses = [a.0, b.0];
        statuses.sort();
        assert_eq!(
            statuses,
            [StatusCode::OK, StatusCode::CREATED],
            "round {round}: {} / {}",
            a.2,
            b.2
        );
        assert_eq!(parse(&a.2)["lead_id"], parse(&b.2)["lead_id"]);
    }
    assert_eq!(lead_count(&db).await, 5);
}
