//! Export through the real HTTP app, on a real SQLite file and on PostgreSQL: who exports
//! what (a salesperson only her leads and the pool), CSV injection (a formula-like cell gets
//! a `'` in CSV and stays a plain string cell in .xlsx, read back with calamine), the CSV
//! format Czech Excel wants (BOM, `;`, CRLF, Czech headers), the board's filter and the
//! searches honoured, and no export without a signed-in, active user.

use crate::common;

use std::io::Cursor;

use crate::common::app::{HOST, TestApp};
use crate::common::fixtures;
use axum::body::{Body, to_bytes};
use axum::http::{HeaderMap, Request, StatusCode, header};
use calamine::{Data, Reader, Xlsx, open_workbook_from_rs};
use chrono::{Duration, Utc};
use leady::auth::model::{CurrentUser, Role};
use leady::clients::model::{AccountInput, ContactInput};
use leady::clients::repo as clients;
use leady::leads::model::{LeadInput, LeadStatus, MoveRequest};
use leady::leads::repo;
use leady::server::entities::lead;
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter};
use tower::ServiceExt;

on_both_databases!(
    a_salesperson_exports_only_what_she_sees,
    formula_cells_are_neutralised_in_csv_and_plain_strings_in_xlsx,
    csv_is_what_czech_excel_opens,
    the_board_filter_and_the_searches_are_honoured,
    no_export_without_a_signed_in_active_user,
);

const BOM: &[u8] = b"\xEF\xBB\xBF";

const LEAD_HEADER: &str = "ID;Jméno;Příjmení;Firma;IČO;E-mail;Telefon;Zdroj;Stav;Skóre;Kraj;\
                           Produkt;Obchodník;Vytvořeno;Změněno;První kontakt;Důvod vyřazení;Popis";

async fn lead_named(db: &DatabaseConnection, last_name: &str, company: &str) -> i32 {
    let input = LeadInput {
        first_name: "Jan".into(),
        last_name: last_name.into(),
        company: company.into(),
        phone: "602 123 456".into(),
        ..LeadInput::default()
    }
    .validate()
    .unwrap();
    repo::create_lead(db, input, None, Utc::now())
        .await
        .unwrap()
        .id
}

async fn give(db: &DatabaseConnection, boss: &CurrentUser, lead: i32, to: i32) {
    leady::assignment::repo::assign_lead(db, boss, lead, Some(to), Utc::now())
        .await
        .unwrap();
}

/// A GET as the browser sends it, the body as bytes (an .xlsx is no text).
async fn download(
    app: &TestApp,
    path: &str,
    extra: &[(&str, &str)],
) -> (StatusCode, HeaderMap, Vec<u8>) {
    let mut req = Request::get(path).header(header::HOST, HOST);
    let mut cookies: Vec<&str> = app.cookie.iter().map(String::as_str).collect();
    for (name, value) in extra {
        if *name == "cookie" {
            cookies.push(value);
        } else {
            req = req.header(*name, *value);
        }
    }
    if !cookies.is_empty() {
        req = req.header(header::COOKIE, cookies.join("; "));
    }
    let res = app
        .router
        .clone()
        .oneshot(req.body(Body::empty()).unwrap())
        .await
        .unwrap();
    let status = res.status();
    let headers = res.headers().clone();
    let body = to_bytes(res.into_body(), 64 << 20).await.unwrap();
    (status, headers, body.to_vec())
}

/// The rows of a CSV export (after its BOM), cell by cell, header first.
fn csv_rows(bytes: &[u8]) -> Vec<Vec<String>> {
    assert!(bytes.starts_with(BOM), "a UTF-8 BOM first");
    csv::ReaderBuilder::new()
        .delimiter(b';')
        .has_headers(false)
        .from_reader(&bytes[BOM.len()..])
        .records()
        .map(|r| r.unwrap().iter().map(str::to_string).collect())
        .collect()
}

/// An export read as CSV: status OK and its rows.
async fn csv_of(app: &TestApp, path: &str) -> Vec<Vec<String>> {
    let (status, _, body) = download(app, path, &[]).await;
    assert_eq!(
        status,
        StatusCode::OK,
        "{path}: {}",
        String::from_utf8_lossy(&body)
    );
    csv_rows(&body)
}

/// The values of one column (by its header) below the header row.
fn column(rows: &[Vec<String>], header: &str) -> Vec<String> {
    let index = rows[0]
        .iter()
        .position(|h| h == header)
        .unwrap_or_else(|| panic!("no column {header} in {:?}", rows[0]));
    rows[1..].iter().map(|r| r[index].clone()).collect()
}

fn sorted(mut ids: Vec<String>) -> Vec<String> {
    ids.sort_by_key(|id| id.parse::<i64>().unwrap_or(i64::MAX));
    ids
}

fn ids(list: &[i32]) -> Vec<String> {
    sorted(list.iter().map(i32::to_string).collect())
}

/// An .xlsx export's only sheet, cell by cell; also checks that no cell holds a formula.
fn xlsx_rows(bytes: Vec<u8>, sheet: &str) -> Vec<Vec<Data>> {
    let mut book: Xlsx<_> = open_workbook_from_rs(Cursor::new(bytes)).unwrap();
    assert_eq!(book.sheet_names(), [sheet.to_string()]);
    let formulas = book.worksheet_formula(sheet).unwrap();
    assert!(
        formulas.used_cells().all(|(_, _, f)| f.is_empty()),
        "no formulas at all"
    );
    let range = book.worksheet_range(sheet).unwrap();
    range.rows().map(<[Data]>::to_vec).collect()
}

async fn a_salesperson_exports_only_what_she_sees(db: DatabaseConnection) {
    let boss = fixtures::user(
        &db,
        "sefka@firma.cz",
        "Šéfka Nováková",
        Role::Manager,
        Utc::now(),
    )
    .await;
    let (eva, eva_id) =
        TestApp::signed_in_as(db.clone(), Role::Salesperson, "eva@firma.cz", "Eva Malá").await;
    let (petr_app, petr_id) =
        TestApp::signed_in_as(db.clone(), Role::Salesperson, "petr@firma.cz", "Petr Kos").await;
    let hers = lead_named(&db, "Její", "Škoda Plzeň").await;
    let pool = lead_named(&db, "Nikoho", "Škoda Ostrov").await;
    let his = lead_named(&db, "Jeho", "Škoda Kvasiny").await;
    give(&db, &boss, hers, eva_id).await;
    give(&db, &boss, his, petr_id).await;

    for path in [
        "/export/leads.csv",
        "/export/leads.csv?closed=all",
        "/export/search.csv?q=skoda",
        "/export/search.csv?q=602123456",
    ] {
        let rows = csv_of(&eva, path).await;
        assert_eq!(sorted(column(&rows, "ID")), ids(&[hers, pool]), "{path}");
    }
    let (status, _, body) = download(&eva, "/export/leads.xlsx", &[]).await;
    assert_eq!(status, StatusCode::OK);
    let sheet = xlsx_rows(body, "Leady");
    let in_xlsx: Vec<String> = sheet[1..].iter().map(|r| r[0].to_string()).collect();
    assert_eq!(sorted(in_xlsx), ids(&[hers, pool]));
    // Her own board and the pool's; a colleague's board is refused, as on the screen.
    assert_eq!(
        column(&csv_of(&eva, "/export/leads.csv?owner=mine").await, "ID"),
        ids(&[hers])
    );
    assert_eq!(
        column(&csv_of(&eva, "/export/leads.csv?owner=none").await, "ID"),
        ids(&[pool])
    );
    let (status, _, body) =
        download(&eva, &format!("/export/leads.csv?owner={petr_id}"), &[]).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert!(!String::from_utf8_lossy(&body).contains("Jeho"));

    // The manager exports everything, and anyone's board.
    let boss_app = {
        let mut app = TestApp::signed_out(db.clone());
        let (status, headers, text) = app.sign_in("sefka@firma.cz", common::app::PASSWORD).await;
        assert_eq!(status, StatusCode::OK, "{text}");
        app.cookie = common::app::session_cookie(&headers);
        app
    };
    assert_eq!(
        sorted(column(&csv_of(&boss_app, "/export/leads.csv").await, "ID")),
        ids(&[hers, pool, his])
    );
    assert_eq!(
        column(
            &csv_of(&boss_app, &format!("/export/leads.csv?owner={petr_id}")).await,
            "ID"
        ),
        ids(&[his])
    );

    // Klienti: her organisations and contacts, not her colleague's.
    let petr = user(&db, petr_id).await;
    let eva_user = user(&db, eva_id).await;
    clients::create_account(
        &db,
        &eva_user,
        AccountInput {
            name: "Škoda Plzeň".into(),
            ..AccountInput::default()
        }
        .validate()
        .unwrap(),
        Utc::now(),
    )
    .await
    .unwrap();
    let his_org = clients::create_account(
        &db,
        &petr,
        AccountInput {
            name: "Škoda Kvasiny".into(),
            ..AccountInput::default()
        }
        .validate()
        .unwrap(),
        Utc::now(),
    )
    .await
    .unwrap();
    clients::create_contact(
        &db,
        &petr,
        his_org,
        ContactInput {
            last_name: "Kvasinská".into(),
            phone: "602 111 222".into(),
            ..ContactInput::default()
        }
        .validate()
        .unwrap(),
        Utc::now(),
    )
    .await
    .unwrap();
    assert_eq!(
        column(&csv_of(&eva, "/export/accounts.csv").await, "Název"),
        ["Škoda Plzeň"]
    );
    assert_eq!(
        column(&csv_of(&eva, "/export/accounts.csv?q=skoda").await, "Název"),
        ["Škoda Plzeň"]
    );
    assert!(column(&csv_of(&eva, "/export/contacts.csv").await, "Příjmení").is_empty());
    assert_eq!(
        column(
            &csv_of(&boss_app, "/export/contacts.csv?q=602111222").await,
            "Příjmení"
        ),
        ["Kvasinská"]
    );
    let deal = leady::clients::model::OpportunityInput {
        name: "Lisovací linka".into(),
        amount: "1250000".into(),
        expected_close: "31.12.2026".into(),
        stage: String::new(),
    }
    .validate()
    .unwrap();
    clients::insert_opportunity(&db, his_org, None, &deal, petr_id, Utc::now())
        .await
        .unwrap();
    assert!(column(&csv_of(&eva, "/export/deals.csv").await, "Název").is_empty());
    let rows = csv_of(&petr_app, "/export/deals.csv").await;
    assert_eq!(column(&rows, "Název"), ["Lisovací linka"]);
    assert_eq!(column(&rows, "Organizace"), ["Škoda Kvasiny"]);
    assert_eq!(column(&rows, "Částka (Kč)"), ["1250000"]);
    assert_eq!(column(&rows, "Předpokládané uzavření"), ["31.12.2026"]);
    assert_eq!(column(&rows, "Fáze"), ["Nová"]);
    // By name, as the list.
    assert_eq!(
        column(&csv_of(&boss_app, "/export/accounts.csv").await, "Název"),
        ["Škoda Kvasiny", "Škoda Plzeň"]
    );
}

async fn formula_cells_are_neutralised_in_csv_and_plain_strings_in_xlsx(db: DatabaseConnection) {
    let (app, _) =
        TestApp::signed_in_as(db.clone(), Role::Manager, "sefka@firma.cz", "Šéfka").await;
    let nasty = [
        (
            "=HYPERLINK(\"http://x\")",
            "@SUM(A1:A9)",
            "-2+3",
            "+420 dobrý den",
        ),
        ("=1+1", "=cmd|' /C calc'!A0", "\t=tab", "@jméno"),
    ];
    for (last_name, company, first_name, description) in nasty {
        let input = LeadInput {
            first_name: first_name.into(),
            last_name: last_name.into(),
            company: company.into(),
            description: description.into(),
            phone: "+420 602 123 456".into(),
            ..LeadInput::default()
        }
        .validate()
        .unwrap();
        repo::create_lead(&db, input, None, Utc::now())
            .await
            .unwrap();
    }

    let rows = csv_of(&app, "/export/leads.csv").await;
    assert_eq!(rows.len(), 3);
    for row in &rows {
        for cell in row {
            assert!(
                !cell.starts_with(['=', '+', '-', '@', '\t', '\r']),
                "a formula-like cell left as it was: {cell:?}"
            );
        }
    }
    let mut last_names = column(&rows, "Příjmení");
    last_names.sort();
    assert_eq!(last_names, ["'=1+1", "'=HYPERLINK(\"http://x\")"]);
    let mut companies = column(&rows, "Firma");
    companies.sort();
    assert_eq!(companies, ["'=cmd|' /C calc'!A0", "'@SUM(A1:A9)"]);
    let mut first_names = column(&rows, "Jméno");
    first_names.sort();
    // The form trims what is typed: "\t=tab" arrives as "=tab".
    assert_eq!(first_names, ["'-2+3", "'=tab"]);
    assert_eq!(
        column(&rows, "Telefon"),
        ["'+420 602 123 456", "'+420 602 123 456"]
    );
    let mut descriptions = column(&rows, "Popis");
    descriptions.sort();
    assert_eq!(descriptions, ["'+420 dobrý den", "'@jméno"]);

    // The workbook holds the values exactly as typed, every one a string cell.
    let (status, headers, body) = download(&app, "/export/leads.xlsx", &[]).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        headers[header::CONTENT_TYPE],
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    );
    let sheet = xlsx_rows(body, "Leady");
    assert_eq!(sheet.len(), 3);
    for row in &sheet {
        for cell in row {
            assert!(
                matches!(cell, Data::String(_) | Data::Empty),
                "not a string cell: {cell:?}"
            );
        }
    }
    let header: Vec<String> = sheet[0].iter().map(|c| c.to_string()).collect();
    let at = |name: &str| header.iter().position(|h| h == name).unwrap();
    let mut values: Vec<String> = sheet[1..]
        .iter()
        .map(|r| r[at("Příjmení")].to_string())
        .collect();
    values.sort();
    assert_eq!(values, ["=1+1", "=HYPERLINK(\"http://x\")"]);
    assert_eq!(
        sheet[1][at("Telefon")],
        Data::String("+420 602 123 456".into())
    );

    // The Klienti exports neutralise the same way.
    let boss = user(&db, app_user_id(&db, "sefka@firma.cz").await).await;
    clients::create_account(
        &db,
        &boss,
        AccountInput {
            name: "=HYPERLINK(\"http://x\",\"Klikni\")".into(),
            ..AccountInput::default()
        }
        .validate()
        .unwrap(),
        Utc::now(),
    )
    .await
    .unwrap();
    assert_eq!(
        column(&csv_of(&app, "/export/accounts.csv").await, "Název"),
        ["'=HYPERLINK(\"http://x\",\"Klikni\")"]
    );
    let (_, _, body) = download(&app, "/export/accounts.xlsx", &[]).await;
    let sheet = xlsx_rows(body, "Organizace");
    assert_eq!(
        sheet[1][0],
        Data::String("=HYPERLINK(\"http://x\",\"Klikni\")".into())
    );
}

async fn user(db: &DatabaseConnection, id: i32) -> CurrentUser {
    leady::auth::repo::active_user(db, id)
        .await
        .unwrap()
        .unwrap()
}

async fn app_user_id(db: &DatabaseConnection, email: &str) -> i32 {
    use leady::server::entities::app_user;
    app_user::Entity::find()
        .filter(app_user::Column::Email.eq(email))
        .one(db)
        .await
        .unwrap()
        .unwrap()
        .id
}

async fn csv_is_what_czech_excel_opens(db: DatabaseConnection) {
    let (app, _) =
        TestApp::signed_in_as(db.clone(), Role::Manager, "sefka@firma.cz", "Šéfka").await;
    let id = lead_named(&db, "Dvořák; \"Nový\"", "Žlutý kůň, s.r.o.").await;
    let (status, headers, body) = download(&app, "/export/leads.csv", &[]).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(headers[header::CONTENT_TYPE], "text/csv; charset=utf-8");
    let today = (Utc::now() + leady::i18n::time::prague_offset(Utc::now()))
        .format("%Y-%m-%d")
        .to_string();
    assert_eq!(
        headers[header::CONTENT_DISPOSITION],
        format!("attachment; filename=\"leady-{today}.csv\"").as_str()
    );
    assert_eq!(headers[header::CACHE_CONTROL], "no-store");
    assert!(body.starts_with(BOM));
    let text = std::str::from_utf8(&body[BOM.len()..]).unwrap();
    let (head, rest) = text.split_once("\r\n").expect("CRLF after the header");
    assert_eq!(head, LEAD_HEADER);
    assert!(rest.ends_with("\r\n"));
    // A cell with the separator or quotes is quoted; the row parses back whole.
    assert!(rest.contains("\"Dvořák; \"\"Nový\"\"\""), "{rest}");
    let rows = csv_rows(&body);
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[1].len(), rows[0].len());
    assert_eq!(column(&rows, "ID"), [id.to_string()]);
    assert_eq!(column(&rows, "Příjmení"), ["Dvořák; \"Nový\""]);
    assert_eq!(column(&rows, "Firma"), ["Žlutý kůň, s.r.o."]);
    assert_eq!(column(&rows, "Telefon"), ["'+420 602 123 456"]);
    assert_eq!(column(&rows, "Stav"), ["Nový"]);
    // Dates as Czech Excel reads them: "30.11.2026 14:05", Prague time.
    let created = &column(&rows, "Vytvořeno")[0];
    assert!(
        chrono::NaiveDateTime::parse_from_str(created, "%d.%m.%Y %H:%M").is_ok(),
        "{created}"
    );
    let expected = leady::exports::repo::excel_datetime(
        lead::Entity::find_by_id(id)
            .one(&db)
            .await
            .unwrap()
            .unwrap()
            .created_at,
    );
    assert_eq!(created, &expected);

    // English headers for an English user interface; the rows stay the same.
    let (_, headers, body) =
        download(&app, "/export/leads.csv", &[("cookie", "leady_lang=en")]).await;
    let rows = csv_rows(&body);
    assert_eq!(rows[0][..3], ["ID", "First name", "Last name"]);
    assert_eq!(column(&rows, "Status"), ["New"]);
    assert!(
        headers[header::CONTENT_DISPOSITION]
            .to_str()
            .unwrap()
            .contains("leads-")
    );
}

async fn the_board_filter_and_the_searches_are_honoured(db: DatabaseConnection) {
    let (app, _) =
        TestApp::signed_in_as(db.clone(), Role::Manager, "sefka@firma.cz", "Šéfka").await;
    let boss = user(&db, app_user_id(&db, "sefka@firma.cz").await).await;
    // More than a column's first page (20): the export holds them all.
    let mut plenty = Vec::new();
    for i in 0..60 {
        plenty.push(lead_named(&db, &format!("Novák {i}"), "Pila Hradec").await);
    }
    let scored = lead_named(&db, "Hodnocený", "ŠKODA AUTO a.s.").await;
    lead::Entity::update_many()
        .col_expr(lead::Column::Score, Expr::value("A"))
        .filter(lead::Column::Id.eq(scored))
        .exec(&db)
        .await
        .unwrap();
    // Closed three days ago: off the default board, on the board with closed=all.
    let closed = lead_named(&db, "Uzavřený", "Škoda Transportation").await;
    let version = repo::card(&db, closed, leady::auth::permissions::LeadScope::Everything)
        .await
        .unwrap()
        .version;
    repo::move_lead(
        &db,
        &boss,
        &MoveRequest {
            lead_id: closed,
            version,
            to: LeadStatus::Unqualified,
            after_id: None,
            disqualify: Some(leady::leads::closing::DisqualifyInput {
                reason: "lost".into(),
                note: String::new(),
            }),
        },
        Utc::now() - Duration::days(3),
    )
    .await
    .unwrap();

    let mut everything_open = plenty.clone();
    everything_open.push(scored);
    assert_eq!(
        sorted(column(&csv_of(&app, "/export/leads.csv").await, "ID")),
        ids(&everything_open)
    );
    let mut everything = everything_open.clone();
    everything.push(closed);
    assert_eq!(
        sorted(column(
            &csv_of(&app, "/export/leads.csv?closed=all").await,
            "ID"
        )),
        ids(&everything)
    );
    let rows = csv_of(&app, "/export/leads.csv?score=A").await;
    assert_eq!(column(&rows, "ID"), ids(&[scored]));
    assert_eq!(column(&rows, "Skóre"), ["A"]);
    // The closed lead carries its reason.
    let rows = csv_of(&app, "/export/leads.csv?closed=all&owner=none").await;
    let at = column(&rows, "ID")
        .iter()
        .position(|id| *id == closed.to_string())
        .unwrap();
    assert_eq!(column(&rows, "Stav")[at], "Nekvalifikovaný");
    assert_eq!(column(&rows, "Důvod vyřazení")[at], "Ztracený");
    // Board order: column by column (Nový first, Nekvalifikovaný after it).
    assert_eq!(column(&rows, "ID").last(), Some(&closed.to_string()));

    // The search: case, diacritics, closed leads included, every match (no page limit).
    for q in ["skoda", "ŠKODA", "Škoda"] {
        let rows = csv_of(
            &app,
            &format!("/export/search.csv?q={}", common::app::encode(q)),
        )
        .await;
        assert_eq!(sorted(column(&rows, "ID")), ids(&[scored, closed]), "{q}");
    }
    assert_eq!(
        column(&csv_of(&app, "/export/search.csv?q=pila").await, "ID").len(),
        60
    );
    // A search for nothing exports nothing: the header alone.
    for q in ["%25", "_", "%25_%25", ""] {
        let rows = csv_of(&app, &format!("/export/search.csv?q={q}")).await;
        assert_eq!(rows.len(), 1, "q={q}");
    }
    let (_, _, body) = download(&app, "/export/search.xlsx?q=skoda", &[]).await;
    assert_eq!(xlsx_rows(body, "Hledání").len(), 3);
}

async fn no_export_without_a_signed_in_active_user(db: DatabaseConnection) {
    lead_named(&db, "Tajný", "Škoda").await;
    let anonymous = TestApp::signed_out(db.clone());
    for path in [
        "/export/leads.csv",
        "/export/leads.xlsx",
        "/export/search.csv?q=skoda",
        "/export/accounts.csv",
        "/export/contacts.xlsx",
        "/export/deals.csv",
    ] {
        let (status, headers, body) = download(&anonymous, path, &[]).await;
        assert_eq!(status, StatusCode::SEE_OTHER, "{path}");
        assert!(
            headers[header::LOCATION]
                .to_str()
                .unwrap()
                .starts_with("/sign-in?next=%2Fexport%2F"),
            "{path}"
        );
        assert!(!String::from_utf8_lossy(&body).contains("Tajný"));
    }
    // A session whose user was deactivated since is refused too.
    let boss = fixtures::user(
        &db,
        "sefka@firma.cz",
        "Šéfka Nováková",
        Role::Manager,
        Utc::now(),
    )
    .await;
    let (eva, eva_id) =
        TestApp::signed_in_as(db.clone(), Role::Salesperson, "eva@firma.cz", "Eva").await;
    let (status, _, _) = download(&eva, "/export/leads.csv", &[]).await;
    assert_eq!(status, StatusCode::OK);
    leady::auth::repo::set_active(&db, eva_id, false, Utc::now())
        .await
        .unwrap();
    let (status, _, body) = download(&eva, "/export/leads.csv", &[]).await;
    assert_ne!(status, StatusCode::OK);
    assert!(!String::from_utf8_lossy(&body).contains("Tajný"));
    // Not a list that exports.
    let boss_app = TestApp::signed_in(db.clone(), Role::Admin).await;
    for path in ["/export/users.csv", "/export/leads.pdf", "/export/leads"] {
        let (status, _, _) = download(&boss_app, path, &[]).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{path}");
    }
    let _ = boss;
}
