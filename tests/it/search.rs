//! Search on a real SQLite file and on PostgreSQL: lead search and the Klienti lists find
//! records whatever the case and diacritics of the query ("skoda", "škoda", "ŠKODA"), phone
//! numbers however they are written, IČO; a salesperson finds only what she may see; a query
//! of nothing but punctuation or LIKE wildcards finds nothing (never everything). And the
//! lead's IČO from its detail form (the plain form too) into search and the conversion.

use crate::common::fixtures::{add_lead, person_by_email};
use chrono::{DateTime, TimeZone, Utc};
use leady::auth::model::{CurrentUser, Role};
use leady::auth::permissions::{ClientScope, LeadScope, client_scope, visible_scope};
use leady::clients::model::{AccountInput, ContactInput};
use leady::clients::repo as clients;
use leady::leads::model::LeadInput;
use leady::leads::repo;
use leady::matching::fold;
use sea_orm::DatabaseConnection;

on_both_databases!(
    case_and_diacritics_do_not_matter,
    names_with_diacritics_are_found_in_any_case,
    a_phone_number_is_found_however_it_is_written,
    ico_finds_leads_and_organisations,
    a_salesperson_finds_only_what_she_may_see,
    punctuation_and_wildcards_find_nothing,
    a_lead_ico_typed_in_the_plain_form_is_checked_found_and_converted,
);

fn t0() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 30, 9, 0, 0).unwrap()
}

/// ŠKODA AUTO a.s.: a real IČO with a valid check digit.
const SKODA_ICO: &str = "00177041";

fn person_at(first: &str, last: &str, company: &str) -> LeadInput {
    LeadInput {
        first_name: first.into(),
        last_name: last.into(),
        email: format!("{}@example.cz", fold(last).replace(' ', ".")),
        company: company.into(),
        ..LeadInput::default()
    }
}

async fn organisation(db: &DatabaseConnection, owner: &CurrentUser, input: AccountInput) -> i32 {
    clients::create_account(db, owner, input.validate().unwrap(), t0())
        .await
        .unwrap()
}

async fn contact(
    db: &DatabaseConnection,
    owner: &CurrentUser,
    account: i32,
    input: ContactInput,
) -> i32 {
    clients::create_contact(db, owner, account, input.validate().unwrap(), t0())
        .await
        .unwrap()
}

async fn found_leads(db: &DatabaseConnection, scope: LeadScope, q: &str) -> Vec<i32> {
    let mut ids: Vec<i32> = repo::search(db, scope, q)
        .await
        .unwrap()
        .iter()
        .map(|c| c.id)
        .collect();
    ids.sort_unstable();
    ids
}

async fn found_accounts(db: &DatabaseConnection, scope: ClientScope, q: &str) -> Vec<i32> {
    let mut ids: Vec<i32> = clients::list_accounts(db, scope, q)
        .await
        .unwrap()
        .iter()
        .map(|a| a.id)
        .collect();
    ids.sort_unstable();
    ids
}

async fn found_contacts(db: &DatabaseConnection, scope: ClientScope, q: &str) -> Vec<i32> {
    let mut ids: Vec<i32> = clients::list_contacts(db, scope, q)
        .await
        .unwrap()
        .iter()
        .map(|c| c.id)
        .collect();
    ids.sort_unstable();
    ids
}

async fn case_and_diacritics_do_not_matter(db: DatabaseConnection) {
    let boss = person_by_email(&db, "sefka@firma.cz", Role::Manager, t0()).await;
    let skoda = add_lead(&db, person_at("Jan", "Novák", "ŠKODA AUTO a.s."), t0()).await;
    let other = add_lead(&db, person_at("Petr", "Dvořák", "Pila Hradec s.r.o."), t0()).await;
    let skoda_org = organisation(
        &db,
        &boss,
        AccountInput {
            name: "ŠKODA AUTO a.s.".into(),
            city: "Mladá Boleslav".into(),
            ..AccountInput::default()
        },
    )
    .await;
    let other_org = organisation(
        &db,
        &boss,
        AccountInput {
            name: "Kovárna Žďár".into(),
            ..AccountInput::default()
        },
    )
    .await;
    for q in [
        "skoda",
        "škoda",
        "ŠKODA",
        "Škoda",
        "SKODA auto",
        "škoda a.s.",
        "  ŠkOdA  ",
    ] {
        assert_eq!(
            found_leads(&db, LeadScope::Everything, q).await,
            [skoda],
            "lead search {q:?}"
        );
        assert_eq!(
            found_accounts(&db, ClientScope::Everything, q).await,
            [skoda_org],
            "organisations {q:?}"
        );
    }
    // The other records are there and found by their own words, with or without háčky.
    for q in ["ZDAR", "žďár", "kovarna"] {
        assert_eq!(
            found_accounts(&db, ClientScope::Everything, q).await,
            [other_org],
            "{q:?}"
        );
    }
    assert_eq!(
        found_leads(&db, LeadScope::Everything, "PILA hradec").await,
        [other]
    );
    // An organisation's city is searched too.
    assert_eq!(
        found_accounts(&db, ClientScope::Everything, "mlada boleslav").await,
        [skoda_org]
    );
    // Every word must match: a word of another record does not widen the search.
    assert!(
        found_leads(&db, LeadScope::Everything, "škoda dvořák")
            .await
            .is_empty()
    );
}

async fn names_with_diacritics_are_found_in_any_case(db: DatabaseConnection) {
    let boss = person_by_email(&db, "sefka@firma.cz", Role::Manager, t0()).await;
    let rehor = add_lead(&db, person_at("Řehoř", "Šťastný", ""), t0()).await;
    let zofie = add_lead(&db, person_at("žofie", "čermáková", "Úpravna vody"), t0()).await;
    for q in [
        "řehoř",
        "ŘEHOŘ",
        "rehor",
        "REHOR",
        "šťastný",
        "STASTNY",
        "Řehoř Šťastný",
    ] {
        assert_eq!(
            found_leads(&db, LeadScope::Everything, q).await,
            [rehor],
            "{q:?}"
        );
    }
    for q in [
        "ŽOFIE",
        "zofie",
        "ČERMÁKOVÁ",
        "Čermáková",
        "cermakova",
        "ÚPRAVNA",
    ] {
        assert_eq!(
            found_leads(&db, LeadScope::Everything, q).await,
            [zofie],
            "{q:?}"
        );
    }
    let org = organisation(
        &db,
        &boss,
        AccountInput {
            name: "Úpravna vody".into(),
            ..AccountInput::default()
        },
    )
    .await;
    let person = contact(
        &db,
        &boss,
        org,
        ContactInput {
            first_name: "Ludmila".into(),
            last_name: "ŘÍHOVÁ".into(),
            email: "L.Rihova@Upravna.cz".into(),
            ..ContactInput::default()
        },
    )
    .await;
    for q in [
        "říhová",
        "RIHOVA",
        "Říhová Ludmila",
        "l.rihova@upravna",
        "UPRAVNA.CZ",
    ] {
        assert_eq!(
            found_contacts(&db, ClientScope::Everything, q).await,
            [person],
            "{q:?}"
        );
    }
}

async fn a_phone_number_is_found_however_it_is_written(db: DatabaseConnection) {
    let boss = person_by_email(&db, "sefka@firma.cz", Role::Manager, t0()).await;
    let with_phone = add_lead(
        &db,
        LeadInput {
            last_name: "Veselý".into(),
            phone: "+420 602 123 456".into(),
            ..LeadInput::default()
        },
        t0(),
    )
    .await;
    let other = add_lead(
        &db,
        LeadInput {
            last_name: "Malý".into(),
            phone: "777 888 999".into(),
            ..LeadInput::default()
        },
        t0(),
    )
    .await;
    let org = organisation(
        &db,
        &boss,
        AccountInput {
            name: "Pekárna u Veselých".into(),
            ..AccountInput::default()
        },
    )
    .await;
    let person = contact(
        &db,
        &boss,
        org,
        ContactInput {
            last_name: "Veselá".into(),
            phone: "602123456".into(),
            ..ContactInput::default()
        },
    )
    .await;
    for q in [
        "602123456",
        "602 123 456",
        "+420 602 123 456",
        "+420602123456",
        "00420 602 123 456",
        "602-123-456",
        "123 456",
    ] {
        assert_eq!(
            found_leads(&db, LeadScope::Everything, q).await,
            [with_phone],
            "lead {q:?}"
        );
        assert_eq!(
            found_contacts(&db, ClientScope::Everything, q).await,
            [person],
            "contact {q:?}"
        );
    }
    assert_eq!(
        found_leads(&db, LeadScope::Everything, "777 888 999").await,
        [other]
    );
    assert!(
        found_leads(&db, LeadScope::Everything, "602 999 999")
            .await
            .is_empty()
    );
}

async fn ico_finds_leads_and_organisations(db: DatabaseConnection) {
    let boss = person_by_email(&db, "sefka@firma.cz", Role::Manager, t0()).await;
    let with_ico = add_lead(
        &db,
        LeadInput {
            ico: SKODA_ICO.into(),
            ..person_at("Jan", "Novák", "ŠKODA AUTO a.s.")
        },
        t0(),
    )
    .await;
    add_lead(&db, person_at("Eva", "Malá", "Pila Hradec"), t0()).await;
    let org = organisation(
        &db,
        &boss,
        AccountInput {
            name: "Škoda Auto".into(),
            ico: SKODA_ICO.into(),
            ..AccountInput::default()
        },
    )
    .await;
    organisation(
        &db,
        &boss,
        AccountInput {
            name: "Jiná firma".into(),
            ico: "27082440".into(),
            ..AccountInput::default()
        },
    )
    .await;
    for q in [SKODA_ICO, "0017 7041", "177041"] {
        assert_eq!(
            found_leads(&db, LeadScope::Everything, q).await,
            [with_ico],
            "{q:?}"
        );
        assert_eq!(
            found_accounts(&db, ClientScope::Everything, q).await,
            [org],
            "{q:?}"
        );
    }
}

async fn a_salesperson_finds_only_what_she_may_see(db: DatabaseConnection) {
    let boss = person_by_email(&db, "sefka@firma.cz", Role::Manager, t0()).await;
    let eva = person_by_email(&db, "eva@firma.cz", Role::Salesperson, t0()).await;
    let petr = person_by_email(&db, "petr@firma.cz", Role::Salesperson, t0()).await;
    let hers = add_lead(&db, person_at("Jan", "Novák", "ŠKODA AUTO a.s."), t0()).await;
    let pool = add_lead(
        &db,
        person_at("Jana", "Nováková", "Škoda Transportation"),
        t0(),
    )
    .await;
    let his = add_lead(&db, person_at("Josef", "Novotný", "ŠKODA JS"), t0()).await;
    for (id, to) in [(hers, &eva), (his, &petr)] {
        leady::assignment::repo::assign_lead(&db, &boss, id, Some(to.id), t0())
            .await
            .unwrap();
    }
    for q in ["skoda", "ŠKODA", "novak", "nov"] {
        let found = found_leads(&db, visible_scope(&eva), q).await;
        assert!(!found.contains(&his), "{q:?} found a colleague's lead");
        assert!(found.contains(&hers), "{q:?}");
    }
    assert_eq!(
        found_leads(&db, visible_scope(&eva), "skoda").await,
        [hers, pool]
    );
    assert_eq!(
        found_leads(&db, visible_scope(&boss), "skoda").await,
        [hers, pool, his]
    );
    assert!(
        found_leads(&db, visible_scope(&eva), "novotny")
            .await
            .is_empty()
    );
    // The Klienti lists keep their scope under a search too.
    let her_org = organisation(
        &db,
        &eva,
        AccountInput {
            name: "Škoda Plzeň".into(),
            ..AccountInput::default()
        },
    )
    .await;
    let his_org = organisation(
        &db,
        &petr,
        AccountInput {
            name: "ŠKODA Ostrov".into(),
            ..AccountInput::default()
        },
    )
    .await;
    let his_contact = contact(
        &db,
        &petr,
        his_org,
        ContactInput {
            last_name: "Škodová".into(),
            phone: "602 111 222".into(),
            ..ContactInput::default()
        },
    )
    .await;
    assert_eq!(
        found_accounts(&db, client_scope(&eva), "skoda").await,
        [her_org]
    );
    assert_eq!(
        found_accounts(&db, client_scope(&boss), "skoda").await,
        [her_org, his_org]
    );
    assert!(
        found_contacts(&db, client_scope(&eva), "skodova")
            .await
            .is_empty()
    );
    assert!(
        found_contacts(&db, client_scope(&eva), "602 111 222")
            .await
            .is_empty()
    );
    assert_eq!(
        found_contacts(&db, client_scope(&petr), "602 111 222").await,
        [his_contact]
    );
}

async fn punctuation_and_wildcards_find_nothing(db: DatabaseConnection) {
    let boss = person_by_email(&db, "sefka@firma.cz", Role::Manager, t0()).await;
    add_lead(&db, person_at("Jan", "Novák", "100% Bio_Farma"), t0()).await;
    add_lead(&db, person_at("Eva", "Malá", "A.B.C."), t0()).await;
    let org = organisation(
        &db,
        &boss,
        AccountInput {
            name: "100% Bio_Farma".into(),
            ..AccountInput::default()
        },
    )
    .await;
    contact(
        &db,
        &boss,
        org,
        ContactInput {
            last_name: "Procházka".into(),
            email: "a_b@bio.cz".into(),
            ..ContactInput::default()
        },
    )
    .await;
    for q in [
        "%", "_", "%%", "%_%", "__", ".", "-", "@", "*", "' \"", "\\", "/", "%.%",
    ] {
        assert!(
            found_leads(&db, LeadScope::Everything, q).await.is_empty(),
            "leads {q:?}"
        );
        assert!(
            found_accounts(&db, ClientScope::Everything, q)
                .await
                .is_empty(),
            "organisations {q:?}"
        );
        assert!(
            found_contacts(&db, ClientScope::Everything, q)
                .await
                .is_empty(),
            "contacts {q:?}"
        );
    }
    // "%" and "_" next to words are separators like any punctuation; a blank query is the
    // whole list (no search at all).
    assert_eq!(
        found_accounts(&db, ClientScope::Everything, "   ").await,
        [org]
    );
    assert_eq!(
        found_accounts(&db, ClientScope::Everything, "100%").await,
        [org]
    );
    assert_eq!(
        found_accounts(&db, ClientScope::Everything, "bio_farma").await,
        [org]
    );
    assert_eq!(
        found_contacts(&db, ClientScope::Everything, "a_b@bio")
            .await
            .len(),
        1
    );
}

/// The detail form posted before the WebAssembly arrives: a wrong IČO comes back by its field
/// with what was typed and changes nothing; a right one is saved, found, and prefilled as the
/// organisation's IČO when the lead is converted.
async fn a_lead_ico_typed_in_the_plain_form_is_checked_found_and_converted(db: DatabaseConnection) {
    use crate::common::app::{ORIGIN, TestApp, form};
    use axum::body::Body;
    use axum::http::{StatusCode, header};

    let app = TestApp::signed_in(db.clone(), Role::Manager).await;
    let id = add_lead(&db, person_at("Jan", "Novák", "ŠKODA AUTO a.s."), t0()).await;
    let post = |ico: &str, version: i32| {
        let version = version.to_string();
        let body = form(&[
            ("id", &id.to_string()),
            ("version", &version),
            ("input[first_name]", "Jan"),
            ("input[last_name]", "Novák"),
            ("input[email]", "novak@example.cz"),
            ("input[phone]", ""),
            ("input[company]", "ŠKODA AUTO a.s."),
            ("input[source]", "other"),
            ("input[description]", ""),
            ("input[region]", ""),
            ("input[product]", ""),
            ("input[ico]", ico),
        ]);
        app.post("/api/leads/update")
            .header(header::ORIGIN, ORIGIN)
            .header(header::REFERER, format!("{ORIGIN}/leads/{id}"))
            .header(header::ACCEPT, "text/html,application/xhtml+xml")
            .body(Body::from(body))
            .unwrap()
    };
    let detail = |db: DatabaseConnection| async move {
        repo::lead_detail(&db, id, LeadScope::Everything)
            .await
            .unwrap()
    };

    let before = detail(db.clone()).await;
    let (status, headers, _) = app.send(post("12345678", before.version)).await;
    assert_eq!(status, StatusCode::FOUND);
    assert_eq!(
        headers.get(header::LOCATION).unwrap().to_str().unwrap(),
        format!("/leads/{id}")
    );
    let (status, html) = app.get(&format!("/leads/{id}"), &[]).await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains(r#"name="input[ico]""#), "the IČO field");
    assert!(html.contains(r#"value="12345678""#), "what was typed");
    assert!(
        html.contains("IČO má 8 číslic a poslední musí sedět jako kontrolní číslice."),
        "the reason by the field"
    );
    let unchanged = detail(db.clone()).await;
    assert_eq!(unchanged.version, before.version);
    assert_eq!(unchanged.ico, None);

    let (status, _, _) = app.send(post(" 001 77 041 ", before.version)).await;
    assert!(status.is_success() || status.is_redirection(), "{status}");
    let saved = detail(db.clone()).await;
    assert_eq!(saved.ico.as_deref(), Some(SKODA_ICO));
    assert_eq!(
        found_leads(&db, LeadScope::Everything, SKODA_ICO).await,
        [id]
    );
    let (_, html) = app.get(&format!("/leads/{id}"), &[]).await;
    assert!(html.contains(&format!(r#"value="{SKODA_ICO}""#)));

    // Converting it offers the IČO as the organisation's.
    let boss = leady::auth::repo::active_user(&db, app_user(&db).await)
        .await
        .unwrap()
        .unwrap();
    let qualified = leady::leads::model::MoveRequest {
        lead_id: id,
        version: saved.version,
        to: leady::leads::model::LeadStatus::Qualified,
        after_id: None,
        disqualify: None,
    };
    repo::move_lead(&db, &boss, &qualified, t0()).await.unwrap();
    let page = leady::clients::convert_repo::convert_page(&db, &boss, id)
        .await
        .unwrap();
    assert_eq!(page.prefill.account_fields.ico, SKODA_ICO);
    assert_eq!(page.prefill.account_fields.name, "ŠKODA AUTO a.s.");
}

/// The id of the one user of a test that signed in through `TestApp::signed_in`.
async fn app_user(db: &DatabaseConnection) -> i32 {
    use leady::server::entities::app_user;
    use sea_orm::EntityTrait;
    app_user::Entity::find().one(db).await.unwrap().unwrap().id
}
