//! Company lookup by IČO in ARES, through the real router against a local ARES stub serving
//! `tests/fixtures/ares/` (never the internet), on a real SQLite file and on PostgreSQL:
//! found, not found, timeout, unavailable, malformed answers, bad IČOs refused before any
//! request, the day-long cache, and the kraj feeding the region rule when the lead saves.

use std::time::{Duration, Instant};

use crate::common::app::{TestApp, settings};
use crate::common::ares_stub::{AresStub, Behaviour};
use crate::common::fixtures::user;
use axum::http::StatusCode;
use chrono::{TimeZone, Utc};
use leady::ares::client::AresClient;
use leady::ares::model::{AresFailure, CompanyFacts};
use leady::assignment::model::RuleInput;
use leady::auth::model::Role;
use leady::auth::permissions::LeadScope;
use leady::clients::convert::ConvertInput;
use leady::error::{AppError, Field, FieldError, FieldProblem};
use leady::leads::model::CreatedLead;
use leady::server::config::Settings;
use leady::shared::region::Region;
use sea_orm::DatabaseConnection;

on_both_databases!(
    a_found_company_fills_name_dic_address_and_region,
    an_unknown_ico_is_not_found_and_the_lead_still_saves,
    a_slow_ares_times_out_after_three_seconds,
    an_unavailable_ares_is_reported,
    a_malformed_answer_is_reported,
    a_bad_ico_is_refused_before_any_request,
    answers_are_cached_for_a_day,
    the_kraj_feeds_the_region_rule_when_the_lead_saves,
    the_company_details_are_edited_on_the_detail_and_carried_into_conversion,
);

const BRNO: &str = "28453018";
const PRAHA: &str = "25601148";
const VILLAGE: &str = "47113987";
const SLOW: &str = "29138761";
const MALFORMED: &str = "08912734";
const UNKNOWN: &str = "01234561";

/// A signed-in salesperson whose app asks the stub.
async fn app_asking(db: &DatabaseConnection, stub: &AresStub) -> TestApp {
    let mut app = TestApp::signed_in(db.clone(), Role::Salesperson).await;
    app.router = leady::server::router(
        db.clone(),
        &Settings {
            ares_base_url: stub.base_url.clone(),
            ..settings()
        },
    );
    app
}

async fn look_up(app: &TestApp, ico: &str) -> (StatusCode, Result<CompanyFacts, AppError>) {
    let (status, body) = app.post_form("/api/ares/lookup", &[("ico", ico)]).await;
    let answer = if status == StatusCode::OK {
        Ok(serde_json::from_str(&body).unwrap_or_else(|e| panic!("{e}: {body}")))
    } else {
        Err(serde_json::from_str(&body).unwrap_or_else(|e| panic!("{e}: {body}")))
    };
    (status, answer)
}

/// Quick entry's post of a lead at `company`, with whatever ARES filled in.
async fn save_lead(app: &TestApp, last: &str, company: &CompanyFacts) -> (StatusCode, String) {
    let region = company.region_code();
    let key = format!("ares-{last}");
    app.post_form(
        "/api/leads/create",
        &[
            ("input[first_name]", "Jana"),
            ("input[last_name]", last),
            ("input[email]", "jana@firma.cz"),
            ("input[phone]", ""),
            ("input[company]", &company.name),
            ("input[source]", "trade_fair"),
            ("input[description]", ""),
            ("input[region]", &region),
            ("input[product]", ""),
            ("input[ico]", &company.ico),
            ("input[dic]", &company.dic),
            ("input[street]", &company.street),
            ("input[city]", &company.city),
            ("input[postal_code]", &company.postal_code),
            ("form_key", &key),
        ],
    )
    .await
}

async fn a_found_company_fills_name_dic_address_and_region(db: DatabaseConnection) {
    let stub = AresStub::start().await;
    let app = app_asking(&db, &stub).await;
    let (status, found) = look_up(&app, BRNO).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        found.unwrap(),
        CompanyFacts {
            ico: BRNO.into(),
            name: "Strojírny Modřice s.r.o.".into(),
            dic: "CZ28453018".into(),
            street: "Husova 240/12".into(),
            city: "Brno".into(),
            postal_code: "602 00".into(),
            region: Some(Region::Jihomoravsky),
        }
    );
    // Spaces in the typed IČO are fine; the letter of an orientation number is kept.
    let praha = look_up(&app, "256 01 148").await.1.unwrap();
    assert_eq!(praha.street, "Mostecká 1522/7a");
    assert_eq!(praha.region, Some(Region::Praha));
    // A village without streets, the kraj only by name, no DIČ: what there is fills in.
    let village = look_up(&app, VILLAGE).await.1.unwrap();
    assert_eq!(village.street, "Lhota 15");
    assert_eq!(village.postal_code, "396 01");
    assert_eq!(village.dic, "");
    assert_eq!(village.region, Some(Region::Vysocina));
    assert_eq!(stub.hits(), 3);
}

async fn an_unknown_ico_is_not_found_and_the_lead_still_saves(db: DatabaseConnection) {
    let stub = AresStub::start().await;
    let app = app_asking(&db, &stub).await;
    let (status, answer) = look_up(&app, UNKNOWN).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(answer, Err(AppError::Ares(AresFailure::NotFound)));
    let typed = CompanyFacts {
        ico: UNKNOWN.into(),
        name: "Firma, kterou ARES nezná".into(),
        ..CompanyFacts::default()
    };
    let (status, body) = save_lead(&app, "Nenalezená", &typed).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let created: CreatedLead = serde_json::from_str(&body).unwrap();
    let lead = leady::leads::repo::lead_detail(&db, created.id, LeadScope::Everything)
        .await
        .unwrap();
    assert_eq!(lead.ico.as_deref(), Some(UNKNOWN));
    assert_eq!(lead.company, "Firma, kterou ARES nezná");
}

async fn a_slow_ares_times_out_after_three_seconds(db: DatabaseConnection) {
    let stub = AresStub::start().await;
    stub.set(SLOW, Behaviour::Slow(Duration::from_secs(6)));
    let app = app_asking(&db, &stub).await;
    let started = Instant::now();
    let (status, answer) = look_up(&app, SLOW).await;
    let waited = started.elapsed();
    assert_eq!(status, StatusCode::GATEWAY_TIMEOUT);
    assert_eq!(answer, Err(AppError::Ares(AresFailure::Timeout)));
    // The app gave up, not the stub (which answers after six seconds).
    assert!(
        waited >= Duration::from_secs(3) && waited < Duration::from_secs(6),
        "{waited:?}"
    );
    // A timeout is not remembered: the next click asks again.
    stub.set(SLOW, Behaviour::Slow(Duration::ZERO));
    let (status, answer) = look_up(&app, SLOW).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(answer.unwrap().region, Some(Region::Zlinsky));
    assert_eq!(stub.hits(), 2);
}

async fn an_unavailable_ares_is_reported(db: DatabaseConnection) {
    let stub = AresStub::start().await;
    let app = app_asking(&db, &stub).await;
    for code in [500, 503, 429] {
        stub.set(SLOW, Behaviour::Status(code));
        let (status, answer) = look_up(&app, SLOW).await;
        assert_eq!(status, StatusCode::BAD_GATEWAY, "{code}");
        assert_eq!(answer, Err(AppError::Ares(AresFailure::Unavailable)));
    }
    // Failures are not cached: each lookup asked.
    assert_eq!(stub.hits(), 3);
    // Nothing listening at all (the tests' default address): unavailable too.
    let nobody = TestApp::signed_in(db.clone(), Role::Manager).await;
    let (status, answer) = look_up(&nobody, BRNO).await;
    assert_eq!(status, StatusCode::BAD_GATEWAY);
    assert_eq!(answer, Err(AppError::Ares(AresFailure::Unavailable)));
}

async fn a_malformed_answer_is_reported(db: DatabaseConnection) {
    let stub = AresStub::start().await;
    let app = app_asking(&db, &stub).await;
    let (status, answer) = look_up(&app, MALFORMED).await;
    assert_eq!(status, StatusCode::BAD_GATEWAY);
    assert_eq!(answer, Err(AppError::Ares(AresFailure::BadAnswer)));
    assert_eq!(stub.hits(), 1);
}

async fn a_bad_ico_is_refused_before_any_request(db: DatabaseConnection) {
    let stub = AresStub::start().await;
    let app = app_asking(&db, &stub).await;
    for (typed, problem) in [
        ("28453019", FieldProblem::InvalidIco),
        ("2845301x", FieldProblem::InvalidIco),
        ("284530180", FieldProblem::InvalidIco),
        ("../../etc", FieldProblem::InvalidIco),
        ("", FieldProblem::Required),
        ("   ", FieldProblem::Required),
    ] {
        let (status, answer) = look_up(&app, typed).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{typed:?}");
        assert_eq!(
            answer,
            Err(AppError::Invalid(vec![FieldError::new(
                Field::Ico,
                problem
            )])),
            "{typed:?}"
        );
    }
    // Nobody signed in: refused before the IČO is even read.
    let mut stranger = TestApp::signed_out(db.clone());
    stranger.router = app.router.clone();
    let (status, _) = stranger
        .post_form("/api/ares/lookup", &[("ico", BRNO)])
        .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(stub.hits(), 0, "nothing reached ARES");
}

async fn answers_are_cached_for_a_day(db: DatabaseConnection) {
    let stub = AresStub::start().await;
    // Through the app: the second lookup of the same IČO is answered from the cache.
    let app = app_asking(&db, &stub).await;
    let first = look_up(&app, BRNO).await.1.unwrap();
    let again = look_up(&app, BRNO).await.1.unwrap();
    assert_eq!(first, again);
    assert_eq!(stub.hits(), 1);

    // The client on its own, at chosen moments.
    let client = AresClient::new(&stub.base_url);
    let t0 = Utc.with_ymd_and_hms(2026, 11, 30, 8, 0, 0).unwrap();
    let hours = chrono::Duration::hours;
    client.lookup(PRAHA, t0).await.unwrap();
    assert_eq!(stub.hits(), 2);
    client.lookup(PRAHA, t0 + hours(23)).await.unwrap();
    assert_eq!(stub.hits(), 2, "within a day: from the cache");
    client.lookup(PRAHA, t0 + hours(25)).await.unwrap();
    assert_eq!(stub.hits(), 3, "a day later: asked again");
    // "Not found" is remembered for an hour only.
    let not_found = Err(AresFailure::NotFound);
    assert_eq!(client.lookup(UNKNOWN, t0).await, not_found);
    assert_eq!(client.lookup(UNKNOWN, t0 + hours(1) / 2).await, not_found);
    assert_eq!(stub.hits(), 4);
    assert_eq!(client.lookup(UNKNOWN, t0 + hours(2)).await, not_found);
    assert_eq!(stub.hits(), 5);
}

async fn the_kraj_feeds_the_region_rule_when_the_lead_saves(db: DatabaseConnection) {
    use leady::people::model::UserInput;
    let admin = user(
        &db,
        "alena@firma.cz",
        "Alena Adminová",
        Role::Admin,
        Utc::now(),
    )
    .await;
    let brno = user(
        &db,
        "bohous@firma.cz",
        "Bohouš Brněnský",
        Role::Salesperson,
        Utc::now(),
    )
    .await;
    let covers_jhm = UserInput {
        name: brno.name.clone(),
        email: brno.email.clone(),
        role: brno.role.code().into(),
        regions: vec!["JHM".into()],
        products: vec![],
        password: String::new(),
    };
    leady::people::repo::update_user(
        &db,
        &admin,
        brno.id,
        covers_jhm.validate(false).unwrap(),
        Utc::now(),
    )
    .await
    .unwrap();
    let rule = RuleInput {
        id: None,
        name: "Podle kraje".into(),
        kind: "region".into(),
        match_value: String::new(),
        members: vec![],
        active: true,
    };
    leady::assignment::repo::save_rule(&db, rule.validate().unwrap(), Utc::now())
        .await
        .unwrap();

    let stub = AresStub::start().await;
    let app = app_asking(&db, &stub).await;
    let company = look_up(&app, BRNO).await.1.unwrap();
    assert_eq!(company.region_code(), "JHM");
    let (status, body) = save_lead(&app, "Z Brna", &company).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let created: CreatedLead = serde_json::from_str(&body).unwrap();
    assert_eq!(
        created.owner.map(|o| o.id),
        Some(brno.id),
        "the region rule gave it to Brno"
    );
    let lead = leady::leads::repo::lead_detail(&db, created.id, LeadScope::Everything)
        .await
        .unwrap();
    assert_eq!(lead.company, "Strojírny Modřice s.r.o.");
    assert_eq!(lead.ico.as_deref(), Some(BRNO));
    assert_eq!(lead.dic, "CZ28453018");
    assert_eq!(lead.street, "Husova 240/12");
    assert_eq!(lead.city, "Brno");
    assert_eq!(lead.postal_code, "602 00");
    assert_eq!(lead.region, Some(Region::Jihomoravsky));
}

async fn the_company_details_are_edited_on_the_detail_and_carried_into_conversion(
    db: DatabaseConnection,
) {
    let stub = AresStub::start().await;
    let app = app_asking(&db, &stub).await;
    let company = look_up(&app, PRAHA).await.1.unwrap();
    let (status, body) = save_lead(&app, "Pražská", &company).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let id = serde_json::from_str::<CreatedLead>(&body).unwrap().id;
    let lead = leady::leads::repo::lead_detail(&db, id, LeadScope::Everything)
        .await
        .unwrap();

    // The detail form edits them, and refuses a DIČ or PSČ the organisation would refuse.
    let mut input = lead.as_input();
    input.dic = "CZ 123".into();
    input.postal_code = "1180".into();
    input.street = "x".repeat(201);
    let (status, body) = update(&app, id, lead.version, &input).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    let refused: AppError = serde_json::from_str(&body).unwrap();
    let AppError::Invalid(errors) = refused else {
        panic!("{body}")
    };
    let fields: Vec<Field> = errors.iter().map(|e| e.field).collect();
    assert_eq!(fields, vec![Field::Street, Field::Dic, Field::PostalCode]);
    let unchanged = leady::leads::repo::lead_detail(&db, id, LeadScope::Everything)
        .await
        .unwrap();
    assert_eq!(
        unchanged.dic, "CZ25601148",
        "a refused save changes nothing"
    );

    input.dic = "cz 25601148".into();
    input.postal_code = "11000".into();
    input.street = "Karlova 1".into();
    input.city = "Praha 1".into();
    let (status, body) = update(&app, id, lead.version, &input).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let saved = leady::leads::repo::lead_detail(&db, id, LeadScope::Everything)
        .await
        .unwrap();
    assert_eq!(
        (
            saved.dic.as_str(),
            saved.street.as_str(),
            saved.city.as_str(),
            saved.postal_code.as_str()
        ),
        ("CZ25601148", "Karlova 1", "Praha 1", "110 00")
    );

    // Converting prefills the new organisation with them.
    let prefill = ConvertInput::prefill(&saved).account_fields;
    assert_eq!(prefill.name, "Pekárna U Mostu a.s.");
    assert_eq!(prefill.ico, PRAHA);
    assert_eq!(prefill.dic, "CZ25601148");
    assert_eq!(prefill.street, "Karlova 1");
    assert_eq!(prefill.city, "Praha 1");
    assert_eq!(prefill.postal_code, "110 00");
    assert!(prefill.validate().is_ok());
}

/// The detail form's post.
async fn update(
    app: &TestApp,
    id: i32,
    version: i32,
    input: &leady::leads::model::LeadInput,
) -> (StatusCode, String) {
    let fields = [
        ("id", id.to_string()),
        ("version", version.to_string()),
        ("input[first_name]", input.first_name.clone()),
        ("input[last_name]", input.last_name.clone()),
        ("input[email]", input.email.clone()),
        ("input[phone]", input.phone.clone()),
        ("input[company]", input.company.clone()),
        ("input[source]", input.source.clone()),
        ("input[description]", input.description.clone()),
        ("input[region]", input.region.clone()),
        ("input[product]", input.product.clone()),
        ("input[ico]", input.ico.clone()),
        ("input[dic]", input.dic.clone()),
        ("input[street]", input.street.clone()),
        ("input[city]", input.city.clone()),
        ("input[postal_code]", input.postal_code.clone()),
    ];
    let fields: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
    app.post_form("/api/leads/update", &fields).await
}
