//! Importing leads from CSV and Excel files, end to end through the real router (the upload
//! route and the server functions), on a real SQLite file and on PostgreSQL.

use crate::common::app::{HOST, ORIGIN, TestApp};
use crate::common::fixtures::manager;
use axum::body::Body;
use axum::http::{HeaderMap, Request, StatusCode, header};
use leady::auth::model::{CurrentUser, Role};
use leady::error::{AppError, FieldProblem};
use leady::imports::model::{
    BatchState, CellIssue, DuplicateChoice, ImportPage, ImportPreview, ImportProgress,
    ImportRefusal, ImportSettings, ImportStart, KeptCount, KeptReason, MatchTarget, OwnerChoice,
    RowChoice, RowOutcome, UPLOAD_URL, UndoReport, UploadedImport,
};
use leady::leads::model::{LeadInput, LeadSource, LeadStatus, MoveRequest};
use leady::leads::repo;
use leady::server::entities::{
    import_batch, lead, lead_assignment, lead_event, lead_status_change,
};
use sea_orm::{
    ColumnTrait, DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder,
};
use serde_json::json;

on_both_databases!(
    a_windows_1250_csv_with_one_row_of_each_kind,
    the_same_rows_as_xlsx_from_a_chosen_sheet,
    duplicates_can_be_created_anyway_or_fill_empty_fields,
    a_second_run_finds_the_first_runs_leads,
    undo_removes_untouched_leads_and_keeps_worked_ones,
    cells_that_look_like_formulas_stay_text,
    bad_files_are_refused_and_nothing_is_written,
    racing_steps_never_write_a_row_twice,
    abandoned_drafts_are_pruned_after_a_week,
);

const CSV: &str = "Jméno;Příjmení;E-mail;Telefon;Firma;Poznámka\n\
Petr;Svoboda;petr@svoboda.cz;603 111 222;Svoboda s.r.o.;Veletrh Brno\n\
Jana;Nováková;Jana.Novakova@Firma.cz;;;Chce nabídku\n\
Karel;Dvořák;;00420 777-111-222;;\n\
Petr;Svoboda;PETR@svoboda.cz;;;Podruhé\n\
Eva;Černá;eva@;;;\n";

fn windows_1250(text: &str) -> Vec<u8> {
    let (bytes, _, unmappable) = encoding_rs::WINDOWS_1250.encode(text);
    assert!(!unmappable);
    bytes.into_owned()
}

/// The manager every test here signs in as (`signed_in_as`), for the repo functions.
fn boss(id: i32) -> CurrentUser {
    manager(id, "Milan Manažer", "milan@firma.cz")
}

/// The leads rows 3 and 4 of [`CSV`] duplicate: by email, and by a differently written phone.
async fn existing_leads(db: &DatabaseConnection) -> (i32, i32) {
    let create = |first: &str, last: &str, email: &str, phone: &str| LeadInput {
        first_name: first.into(),
        last_name: last.into(),
        email: email.into(),
        phone: phone.into(),
        source: "phone".into(),
        ..LeadInput::default()
    };
    let jana = repo::create_lead(
        db,
        create("Jana", "Nováková", "jana.novakova@firma.cz", "")
            .validate()
            .unwrap(),
        None,
        chrono::Utc::now(),
    )
    .await
    .unwrap();
    let karel = repo::create_lead(
        db,
        create("Karel", "Dvořák", "karel@dvorak.cz", "+420 777 111 222")
            .validate()
            .unwrap(),
        None,
        chrono::Utc::now(),
    )
    .await
    .unwrap();
    (jana.id, karel.id)
}

/// A multipart body as a browser sends the upload form.
fn multipart(file_name: &str, bytes: &[u8], sheet: Option<&str>) -> (String, Vec<u8>) {
    let boundary = "----leadyTestBoundary7MA4YWxkTrZu0gW";
    let mut body = Vec::new();
    if let Some(sheet) = sheet {
        body.extend_from_slice(
            format!(
                "--{boundary}\r\nContent-Disposition: form-data; name=\"sheet\"\r\n\r\n{sheet}\r\n"
            )
            .as_bytes(),
        );
    }
    if !file_name.is_empty() || !bytes.is_empty() {
        body.extend_from_slice(
            format!(
                "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; \
                 filename=\"{file_name}\"\r\nContent-Type: application/octet-stream\r\n\r\n"
            )
            .as_bytes(),
        );
        body.extend_from_slice(bytes);
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
    (format!("multipart/form-data; boundary={boundary}"), body)
}

async fn upload_raw(
    app: &TestApp,
    file_name: &str,
    bytes: &[u8],
    sheet: Option<&str>,
    accept: &str,
) -> (StatusCode, HeaderMap, String) {
    let (content_type, body) = multipart(file_name, bytes, sheet);
    let mut req = Request::post(UPLOAD_URL)
        .header(header::HOST, HOST)
        .header(header::ORIGIN, ORIGIN)
        .header(header::ACCEPT, accept)
        .header(header::CONTENT_TYPE, content_type);
    if let Some(cookie) = &app.cookie {
        req = req.header(header::COOKIE, cookie);
    }
    app.send(req.body(Body::from(body)).unwrap()).await
}

/// Uploads as the plain form does; answers the new batch's id (from the 303's Location).
async fn upload(app: &TestApp, file_name: &str, bytes: &[u8], sheet: Option<&str>) -> i32 {
    let (status, headers, body) = upload_raw(app, file_name, bytes, sheet, "text/html").await;
    assert_eq!(status, StatusCode::SEE_OTHER, "{body}");
    let location = headers[header::LOCATION].to_str().unwrap();
    location
        .strip_prefix("/leads/import/")
        .and_then(|id| id.parse().ok())
        .unwrap_or_else(|| panic!("a batch page, not {location}"))
}

async fn preview(app: &TestApp, batch: i32, settings: Option<&ImportSettings>) -> ImportPreview {
    let (status, body) = app
        .post_json(
            "/api/imports/preview",
            json!({"batch": batch, "settings": settings, "filter": "All", "offset": 0}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    serde_json::from_str(&body).unwrap()
}

/// Starts the commit with `settings` and steps until it has finished.
async fn commit(app: &TestApp, batch: i32, settings: &ImportSettings) -> ImportProgress {
    let (status, body) = app
        .post_json(
            "/api/imports/commit",
            json!({"batch": batch, "settings": settings}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let mut last_done = 0;
    loop {
        let (status, body) = app
            .post_form("/api/imports/step", &[("batch", &batch.to_string())])
            .await;
        assert_eq!(status, StatusCode::OK, "{body}");
        let progress: ImportProgress = serde_json::from_str(&body).unwrap();
        assert!(progress.done >= last_done, "progress only grows");
        last_done = progress.done;
        if progress.summary.is_some() {
            return progress;
        }
    }
}

fn outcome_shapes(preview: &ImportPreview) -> Vec<(u32, String)> {
    preview
        .rows
        .iter()
        .map(|row| {
            let shape = match &row.outcome {
                RowOutcome::New => "new".to_string(),
                RowOutcome::Duplicate { matches, .. } => matches
                    .iter()
                    .map(|m| {
                        let target = match &m.target {
                            MatchTarget::Lead { id, .. } => format!("lead {id}"),
                            MatchTarget::Contact { id, .. } => format!("contact {id}"),
                            MatchTarget::Account { id, .. } => format!("account {id}"),
                            MatchTarget::Row { row } => format!("row {row}"),
                        };
                        format!("{target} by {:?}", m.by)
                    })
                    .collect::<Vec<_>>()
                    .join(", "),
                RowOutcome::Invalid { problems } => problems
                    .iter()
                    .map(|p| format!("invalid {:?} {:?} {:?}", p.column, p.field, p.issue))
                    .collect::<Vec<_>>()
                    .join(", "),
            };
            (row.row, shape)
        })
        .collect()
}

/// What [`CSV`] shows with the existing leads `jana` and `karel`.
fn expected_shapes(jana: i32, karel: i32) -> Vec<(u32, String)> {
    vec![
        (2, "new".into()),
        (3, format!("lead {jana} by [Email]")),
        (4, format!("lead {karel} by [Phone]")),
        (5, "row 2 by [Email]".into()),
        (
            6,
            format!(
                "invalid Some(2) Email {:?}",
                CellIssue::Lead(FieldProblem::InvalidEmail)
            ),
        ),
    ]
}

async fn leads_of(db: &DatabaseConnection, batch: i32) -> Vec<lead::Model> {
    lead::Entity::find()
        .filter(lead::Column::ImportBatchId.eq(batch))
        .order_by_asc(lead::Column::Id)
        .all(db)
        .await
        .unwrap()
}

async fn a_windows_1250_csv_with_one_row_of_each_kind(db: DatabaseConnection) {
    let (app, manager) =
        TestApp::signed_in_as(db.clone(), Role::Manager, "milan@firma.cz", "Milan Manažer").await;
    let (jana, karel) = existing_leads(&db).await;
    let bytes = windows_1250(CSV);
    assert!(std::str::from_utf8(&bytes).is_err(), "really not UTF-8");
    let batch = upload(&app, "kontakty.csv", &bytes, None).await;

    let preview = self::preview(&app, batch, None).await;
    assert_eq!(preview.headers[1], "Příjmení", "decoded from windows-1250");
    assert!(preview.sheets.is_empty());
    assert_eq!(outcome_shapes(&preview), expected_shapes(jana, karel));
    assert_eq!(
        (
            preview.counts.new,
            preview.counts.duplicate,
            preview.counts.invalid
        ),
        (1, 3, 1)
    );
    assert_eq!(preview.rows[0].values.phone, "+420603111222");
    assert_eq!(
        leads_of(&db, batch).await.len(),
        0,
        "a preview writes nothing"
    );

    // The batch page of a draft is its preview.
    let (status, body) = app
        .post_form("/api/imports/load", &[("batch", &batch.to_string())])
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert!(matches!(
        serde_json::from_str(&body).unwrap(),
        ImportPage::Draft(_)
    ));

    let done = commit(&app, batch, &preview.settings).await;
    let summary = done.summary.unwrap();
    assert_eq!(summary.state, BatchState::Committed);
    assert_eq!(
        (
            summary.counts.rows,
            summary.counts.created,
            summary.counts.skipped,
            summary.counts.filled,
            summary.counts.invalid
        ),
        (5, 1, 3, 0, 1)
    );
    assert_eq!(summary.created_by.id, manager);
    assert_eq!(summary.file_name, "kontakty.csv");
    let created = leads_of(&db, batch).await;
    assert_eq!(created.len(), 1);
    let petr = &created[0];
    assert_eq!(
        (petr.first_name.as_str(), petr.last_name.as_str()),
        ("Petr", "Svoboda")
    );
    assert_eq!(petr.company, "Svoboda s.r.o.");
    assert_eq!(petr.description, "Veletrh Brno");
    assert_eq!(petr.phone.as_deref(), Some("+420603111222"));
    assert_eq!(petr.status, LeadStatus::New);
    assert!(petr.search_key.as_deref().unwrap_or("").contains("svoboda"));
    // Like any new lead: its history row and its live event.
    let history = lead_status_change::Entity::find()
        .filter(lead_status_change::Column::LeadId.eq(petr.id))
        .all(&db)
        .await
        .unwrap();
    assert_eq!(history.len(), 1);
    assert_eq!(history[0].from_status, None);
    let events: Vec<String> = lead_event::Entity::find()
        .filter(lead_event::Column::LeadId.eq(petr.id))
        .all(&db)
        .await
        .unwrap()
        .into_iter()
        .map(|e| e.kind.code().to_string())
        .collect();
    assert_eq!(events, ["created"]);
    // The file is gone once committed; the batch is what the page shows now.
    let stored = import_batch::Entity::find_by_id(batch)
        .one(&db)
        .await
        .unwrap()
        .unwrap();
    assert!(stored.content.is_none());
    let (status, body) = app
        .post_form("/api/imports/load", &[("batch", &batch.to_string())])
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert!(matches!(
        serde_json::from_str(&body).unwrap(),
        ImportPage::Finished(_)
    ));
    // A finished batch is not previewed again.
    let (status, _) = app
        .post_json(
            "/api/imports/preview",
            json!({"batch": batch, "settings": null, "filter": "All", "offset": 0}),
        )
        .await;
    assert_eq!(status, StatusCode::CONFLICT);
}

async fn the_same_rows_as_xlsx_from_a_chosen_sheet(db: DatabaseConnection) {
    let (app, _) =
        TestApp::signed_in_as(db.clone(), Role::Admin, "alena@firma.cz", "Alena Adminová").await;
    let (jana, karel) = existing_leads(&db).await;
    let mut book = rust_xlsxwriter::Workbook::new();
    let other = book.add_worksheet().set_name("Poznámky").unwrap();
    other.write(0, 0, "E-mail").unwrap();
    other.write(1, 0, "nikdo@nikde.cz").unwrap();
    let sheet = book.add_worksheet().set_name("Kontakty").unwrap();
    for (r, line) in CSV.lines().enumerate() {
        for (c, cell) in line.split(';').enumerate() {
            // Excel keeps a phone typed without spaces as a number.
            if r == 1 && c == 3 {
                sheet.write(r as u32, c as u16, 603111222).unwrap();
            } else if !cell.is_empty() {
                sheet.write(r as u32, c as u16, cell).unwrap();
            }
        }
    }
    let bytes = book.save_to_buffer().unwrap();

    // Uploaded without a sheet: the first one; then the user picks "Kontakty".
    let batch = upload(&app, "veletrh.xlsx", &bytes, None).await;
    let first = self::preview(&app, batch, None).await;
    assert_eq!(first.sheets, ["Poznámky", "Kontakty"]);
    assert_eq!(first.settings.sheet.as_deref(), Some("Poznámky"));
    assert_eq!(first.counts.rows, 1);
    let chosen = ImportSettings {
        sheet: Some("Kontakty".into()),
        ..first.settings.clone()
    };
    let preview = self::preview(&app, batch, Some(&chosen)).await;
    assert_eq!(preview.settings.sheet.as_deref(), Some("Kontakty"));
    assert_eq!(
        preview.headers.len(),
        6,
        "that sheet's columns, mapped anew"
    );
    assert_eq!(outcome_shapes(&preview), expected_shapes(jana, karel));
    assert_eq!(preview.rows[0].cells[3], "603111222", "a number without .0");

    // The sheet can also be chosen in the upload form itself.
    let again = upload(&app, "veletrh.xlsx", &bytes, Some("Kontakty")).await;
    let again = self::preview(&app, again, None).await;
    assert_eq!(outcome_shapes(&again), expected_shapes(jana, karel));

    let done = commit(&app, batch, &preview.settings).await;
    assert_eq!(done.summary.unwrap().counts.created, 1);
}

async fn duplicates_can_be_created_anyway_or_fill_empty_fields(db: DatabaseConnection) {
    let (app, manager) =
        TestApp::signed_in_as(db.clone(), Role::Manager, "milan@firma.cz", "Milan Manažer").await;
    let (sales, seller) = TestApp::signed_in_as(
        db.clone(),
        Role::Salesperson,
        "jana@firma.cz",
        "Jana Obchodní",
    )
    .await;
    drop(sales);
    let (jana, karel) = existing_leads(&db).await;
    // Trade-fair leads go to Jana by the rules.
    let rule = leady::assignment::model::RuleInput {
        id: None,
        name: "Veletrhy".into(),
        kind: "source".into(),
        match_value: "trade_fair".into(),
        members: vec![seller],
        active: true,
    };
    leady::assignment::repo::save_rule(&db, rule.validate().unwrap(), chrono::Utc::now())
        .await
        .unwrap();
    let batch = upload(&app, "kontakty.csv", CSV.as_bytes(), None).await;
    let first = self::preview(&app, batch, None).await;
    let mut settings = first.settings.clone();
    settings.defaults.source = LeadSource::TradeFair;
    settings.duplicates = DuplicateChoice::CreateAnyway;
    // Row 3 fills Jana Nováková's empty fields (her note); row 4 (Karel, by phone) is skipped.
    settings.row_choices = vec![
        RowChoice {
            row: 3,
            choice: DuplicateChoice::FillEmpty,
        },
        RowChoice {
            row: 4,
            choice: DuplicateChoice::Skip,
        },
    ];
    let preview = self::preview(&app, batch, Some(&settings)).await;
    assert_eq!(
        (
            preview.counts.to_create,
            preview.counts.to_fill,
            preview.counts.to_skip
        ),
        (2, 1, 1)
    );
    let summary = commit(&app, batch, &preview.settings)
        .await
        .summary
        .unwrap();
    assert_eq!(
        (
            summary.counts.created,
            summary.counts.filled,
            summary.counts.skipped,
            summary.counts.invalid
        ),
        (2, 1, 1, 1)
    );
    // Rows 2 and 5 (the same Petr twice: "create anyway"), both given to Jana by the rule.
    let created = leads_of(&db, batch).await;
    assert_eq!(created.len(), 2);
    for lead in &created {
        assert_eq!(lead.owner_id, Some(seller));
        assert_eq!(lead.status, LeadStatus::Assigned);
        assert_eq!(lead.source, LeadSource::TradeFair);
    }
    let filled = lead::Entity::find_by_id(jana)
        .one(&db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(filled.description, "Chce nabídku");
    assert_eq!(filled.email.as_deref(), Some("jana.novakova@firma.cz"));
    assert_eq!(filled.version, 2);
    let edited = lead_event::Entity::find()
        .filter(lead_event::Column::LeadId.eq(jana))
        .filter(lead_event::Column::Kind.eq("edited"))
        .count(&db)
        .await
        .unwrap();
    assert_eq!(edited, 1);
    let untouched = lead::Entity::find_by_id(karel)
        .one(&db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(untouched.version, 1);

    // A fixed owner: recorded as assigned by the importer.
    let batch = upload(
        &app,
        "dalsi.csv",
        "Příjmení;E-mail\nZelená;zelena@firma.cz\n".as_bytes(),
        None,
    )
    .await;
    let mut settings = self::preview(&app, batch, None).await.settings;
    settings.defaults.owner = OwnerChoice::Person(seller);
    commit(&app, batch, &settings).await;
    let zelena = &leads_of(&db, batch).await[0];
    assert_eq!(zelena.owner_id, Some(seller));
    let given = lead_assignment::Entity::find()
        .filter(lead_assignment::Column::LeadId.eq(zelena.id))
        .one(&db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        (given.assigned_by, given.to_user_id, given.rule_name),
        (Some(manager), Some(seller), None)
    );
}

async fn a_second_run_finds_the_first_runs_leads(db: DatabaseConnection) {
    let (app, _) =
        TestApp::signed_in_as(db.clone(), Role::Manager, "milan@firma.cz", "Milan Manažer").await;
    let bytes = windows_1250(CSV);
    let first = upload(&app, "kontakty.csv", &bytes, None).await;
    let settings = self::preview(&app, first, None).await.settings;
    commit(&app, first, &settings).await;
    let created: Vec<i32> = leads_of(&db, first).await.iter().map(|l| l.id).collect();
    // Without existing leads, rows 2, 3 and 4 were new; row 5 repeated row 2.
    assert_eq!(created.len(), 3);

    let second = upload(&app, "kontakty.csv", &bytes, None).await;
    let preview = self::preview(&app, second, None).await;
    let shapes = outcome_shapes(&preview);
    assert_eq!(
        shapes[0],
        (
            2,
            format!("lead {} by [Email, Phone, NameAndCompany]", created[0])
        )
    );
    assert_eq!(shapes[1], (3, format!("lead {} by [Email]", created[1])));
    assert_eq!(shapes[2], (4, format!("lead {} by [Phone]", created[2])));
    assert_eq!(
        shapes[3],
        (
            5,
            format!("lead {} by [Email], row 2 by [Email]", created[0])
        )
    );
    assert_eq!(preview.counts.new, 0);
}

async fn undo_removes_untouched_leads_and_keeps_worked_ones(db: DatabaseConnection) {
    let (app, manager) =
        TestApp::signed_in_as(db.clone(), Role::Manager, "milan@firma.cz", "Milan Manažer").await;
    let file = "Celé jméno;Telefon\nAdam Malý;601 000 001\nBára Malá;601 000 002\n\
                Cyril Malý;601 000 003\nDana Malá;601 000 004\n";
    let batch = upload(&app, "mali.csv", file.as_bytes(), None).await;
    let settings = self::preview(&app, batch, None).await.settings;
    commit(&app, batch, &settings).await;
    let leads = leads_of(&db, batch).await;
    let id = |last: &str, first: &str| {
        leads
            .iter()
            .find(|l| l.first_name == first && l.last_name == last)
            .unwrap()
            .id
    };
    let (adam, bara, cyril, dana) = (
        id("Malý", "Adam"),
        id("Malá", "Bára"),
        id("Malý", "Cyril"),
        id("Malá", "Dana"),
    );
    let later = chrono::Utc::now() + chrono::Duration::seconds(1);
    // Adam was moved, Bára got a task, Cyril was given to someone by hand; Dana nobody touched.
    repo::move_lead(
        &db,
        &boss(manager),
        &MoveRequest {
            lead_id: adam,
            version: 1,
            to: LeadStatus::InProcess,
            after_id: None,
            disqualify: None,
        },
        later,
    )
    .await
    .unwrap();
    let task = leady::activities::model::ActivityInput {
        kind: "task".into(),
        subject: "Zavolat".into(),
        when: "2026-12-01T09:00".into(),
        ..Default::default()
    };
    leady::activities::repo::log_activity(
        &db,
        &boss(manager),
        bara,
        task.validate().unwrap(),
        later,
    )
    .await
    .unwrap();
    leady::assignment::repo::assign_lead(&db, &boss(manager), cyril, Some(manager), later)
        .await
        .unwrap();

    let (status, body) = app
        .post_form("/api/imports/undo", &[("batch", &batch.to_string())])
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let report: UndoReport = serde_json::from_str(&body).unwrap();
    assert_eq!(report.removed, 1);
    assert_eq!(
        report.kept,
        [
            KeptCount {
                reason: KeptReason::AssignedByHand,
                count: 1
            },
            KeptCount {
                reason: KeptReason::Moved,
                count: 1
            },
            KeptCount {
                reason: KeptReason::Activity,
                count: 1
            },
        ]
    );
    let left: Vec<i32> = leads_of(&db, batch).await.iter().map(|l| l.id).collect();
    assert_eq!(left.len(), 3);
    assert!(!left.contains(&dana));
    // Dana is gone with her history; the boards hear "removed".
    let history = lead_status_change::Entity::find()
        .filter(lead_status_change::Column::LeadId.eq(dana))
        .count(&db)
        .await
        .unwrap();
    assert_eq!(history, 0);
    let events: Vec<(String, i32)> = lead_event::Entity::find()
        .filter(lead_event::Column::LeadId.eq(dana))
        .all(&db)
        .await
        .unwrap()
        .into_iter()
        .map(|e| (e.kind.code().to_string(), e.version))
        .collect();
    assert_eq!(events, [("removed".to_string(), 2)]);
    // The batch remembers it; a second undo is refused.
    let (status, body) = app
        .post_form("/api/imports/load", &[("batch", &batch.to_string())])
        .await;
    assert_eq!(status, StatusCode::OK);
    let ImportPage::Finished(summary) = serde_json::from_str(&body).unwrap() else {
        panic!("{body}")
    };
    assert_eq!(summary.state, BatchState::Undone);
    assert_eq!(summary.undone_by.map(|p| p.id), Some(manager));
    assert_eq!(summary.undo, Some(report));
    let (status, body) = app
        .post_form("/api/imports/undo", &[("batch", &batch.to_string())])
        .await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert_eq!(
        serde_json::from_str::<AppError>(&body).unwrap(),
        AppError::Import(ImportRefusal::AlreadyUndone)
    );
}

async fn cells_that_look_like_formulas_stay_text(db: DatabaseConnection) {
    let (app, _) =
        TestApp::signed_in_as(db.clone(), Role::Manager, "milan@firma.cz", "Milan Manažer").await;
    let file = "Příjmení;E-mail;Firma;Poznámka\n\
                Novák;novak@firma.cz;=1+1;@SUM(A1)\n\
                Dvořák;dvorak@firma.cz;+420;-5\n";
    let batch = upload(&app, "vzorce.csv", file.as_bytes(), None).await;
    let settings = self::preview(&app, batch, None).await.settings;
    commit(&app, batch, &settings).await;
    let mut leads: Vec<(String, String, String)> = leads_of(&db, batch)
        .await
        .into_iter()
        .map(|l| (l.last_name, l.company, l.description))
        .collect();
    leads.sort();
    assert_eq!(
        leads,
        [
            ("Dvořák".into(), "+420".into(), "-5".into()),
            ("Novák".into(), "=1+1".into(), "@SUM(A1)".into()),
        ]
    );
}

async fn bad_files_are_refused_and_nothing_is_written(db: DatabaseConnection) {
    let (app, _) =
        TestApp::signed_in_as(db.clone(), Role::Manager, "milan@firma.cz", "Milan Manažer").await;
    let mut many = String::from("E-mail\n");
    for i in 0..=50_000 {
        many.push_str(&format!("a{i}@firma.cz\n"));
    }
    let over_20_mb = vec![b'a'; 20 * 1024 * 1024 + 1];
    let over_the_body_limit = vec![b'a'; 21 * 1024 * 1024];
    let cases: Vec<(&str, Vec<u8>, StatusCode, AppError)> = vec![
        (
            "prazdny.csv",
            Vec::new(),
            StatusCode::UNPROCESSABLE_ENTITY,
            AppError::Import(ImportRefusal::Empty),
        ),
        (
            "jen-hlavicka.csv",
            b"Jmeno;E-mail\n".to_vec(),
            StatusCode::UNPROCESSABLE_ENTITY,
            AppError::Import(ImportRefusal::Empty),
        ),
        (
            "obrazek.png",
            b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec(),
            StatusCode::UNPROCESSABLE_ENTITY,
            AppError::Import(ImportRefusal::WrongType),
        ),
        (
            "velky.csv",
            over_20_mb,
            StatusCode::PAYLOAD_TOO_LARGE,
            AppError::Import(ImportRefusal::TooLarge { max_mb: 20 }),
        ),
        (
            "obri.csv",
            over_the_body_limit,
            StatusCode::PAYLOAD_TOO_LARGE,
            AppError::Import(ImportRefusal::TooLarge { max_mb: 20 }),
        ),
        (
            "mnoho.csv",
            many.into_bytes(),
            StatusCode::UNPROCESSABLE_ENTITY,
            AppError::Import(ImportRefusal::TooManyRows { max: 50_000 }),
        ),
        (
            "rozbity.csv",
            b"E-mail;Jm\x81no\n\x00\x01;x\n".to_vec(),
            StatusCode::UNPROCESSABLE_ENTITY,
            AppError::Import(ImportRefusal::BrokenEncoding),
        ),
        (
            "barvy.csv",
            "Barva;Velikost\nmodrá;XL\n".as_bytes().to_vec(),
            StatusCode::UNPROCESSABLE_ENTITY,
            AppError::Import(ImportRefusal::NoRecognisableColumn),
        ),
        (
            "poskozeny.xlsx",
            b"PK\x03\x04 nothing of a workbook".to_vec(),
            StatusCode::UNPROCESSABLE_ENTITY,
            AppError::Import(ImportRefusal::Unreadable),
        ),
        (
            "",
            Vec::new(),
            StatusCode::UNPROCESSABLE_ENTITY,
            AppError::Import(ImportRefusal::NoFile),
        ),
    ];
    for (name, bytes, status, error) in &cases {
        // A client asking for JSON: the error with its status.
        let (got, _, body) = upload_raw(&app, name, bytes, None, "application/json").await;
        assert_eq!(got, *status, "{name}: {body}");
        assert_eq!(
            &serde_json::from_str::<AppError>(&body).unwrap(),
            error,
            "{name}"
        );
        // The plain form: back to the upload page, which shows the error once.
        let (got, headers, body) = upload_raw(&app, name, bytes, None, "text/html").await;
        assert_eq!(got, StatusCode::SEE_OTHER, "{name}: {body}");
        assert_eq!(headers[header::LOCATION], "/leads/import");
        let (got, body) = app.post_form("/api/imports/start", &[]).await;
        assert_eq!(got, StatusCode::OK, "{body}");
        let start: ImportStart = serde_json::from_str(&body).unwrap();
        assert_eq!(start.error.as_ref(), Some(error), "{name}");
        let (_, body) = app.post_form("/api/imports/start", &[]).await;
        let start: ImportStart = serde_json::from_str(&body).unwrap();
        assert_eq!(start.error, None, "shown once");
        assert!(start.batches.is_empty());
    }
    // A sheet that is not there.
    let mut book = rust_xlsxwriter::Workbook::new();
    book.add_worksheet().write(0, 0, "E-mail").unwrap();
    let bytes = book.save_to_buffer().unwrap();
    let (got, _, body) = upload_raw(&app, "k.xlsx", &bytes, Some("Nic"), "application/json").await;
    assert_eq!(got, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        serde_json::from_str::<AppError>(&body).unwrap(),
        AppError::Import(ImportRefusal::NoSuchSheet)
    );
    // A salesperson may not import at all.
    let (sales, _) =
        TestApp::signed_in_as(db.clone(), Role::Salesperson, "jana@firma.cz", "Jana").await;
    let (got, _, _) = upload_raw(&sales, "k.csv", CSV.as_bytes(), None, "text/html").await;
    assert_eq!(got, StatusCode::FORBIDDEN);
    // Nothing was written.
    assert_eq!(import_batch::Entity::find().count(&db).await.unwrap(), 0);
    assert_eq!(lead::Entity::find().count(&db).await.unwrap(), 0);

    // A good file answers a JSON client with its batch.
    let (got, _, body) = upload_raw(&app, "k.csv", CSV.as_bytes(), None, "application/json").await;
    assert_eq!(got, StatusCode::CREATED, "{body}");
    let uploaded: UploadedImport = serde_json::from_str(&body).unwrap();
    assert_eq!(uploaded.url, format!("/leads/import/{}", uploaded.id));
    // A mapping that misses the name column cannot start; nothing is written.
    let mut settings = self::preview(&app, uploaded.id, None).await.settings;
    settings.columns[0] = leady::imports::model::ColumnTarget::Ignore;
    settings.columns[1] = leady::imports::model::ColumnTarget::Ignore;
    let (got, body) = app
        .post_json(
            "/api/imports/commit",
            json!({"batch": uploaded.id, "settings": settings}),
        )
        .await;
    assert_eq!(got, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        serde_json::from_str::<AppError>(&body).unwrap(),
        AppError::Import(ImportRefusal::NoNameColumn)
    );
    // Nor a mapping of another width.
    settings.columns.pop();
    let (got, _) = app
        .post_json(
            "/api/imports/preview",
            json!({"batch": uploaded.id, "settings": settings, "filter": "All", "offset": 0}),
        )
        .await;
    assert_eq!(got, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(lead::Entity::find().count(&db).await.unwrap(), 0);
    // A draft can be thrown away.
    let (got, _) = app
        .post_form(
            "/api/imports/discard",
            &[("batch", &uploaded.id.to_string())],
        )
        .await;
    assert_eq!(got, StatusCode::OK);
    assert_eq!(import_batch::Entity::find().count(&db).await.unwrap(), 0);
    let (got, _) = app
        .post_form("/api/imports/load", &[("batch", &uploaded.id.to_string())])
        .await;
    assert_eq!(got, StatusCode::NOT_FOUND);
}

async fn racing_steps_never_write_a_row_twice(db: DatabaseConnection) {
    let (_, manager) =
        TestApp::signed_in_as(db.clone(), Role::Manager, "milan@firma.cz", "Milan Manažer").await;
    let mut file = String::from("Příjmení;E-mail\n");
    for i in 0..700 {
        file.push_str(&format!("Závodník {i};zavodnik{i}@firma.cz\n"));
    }
    let user = boss(manager);
    let now = chrono::Utc::now();
    let batch =
        leady::imports::repo::create_draft(&db, &user, "zavod.csv", file.into_bytes(), None, now)
            .await
            .unwrap();
    let settings = leady::imports::repo::preview(&db, batch, None, Default::default(), 0)
        .await
        .unwrap()
        .settings;
    leady::imports::commit::start(&db, batch, settings)
        .await
        .unwrap();
    loop {
        let (a, b) = tokio::join!(
            leady::imports::commit::step(&db, &user, batch, now),
            leady::imports::commit::step(&db, &user, batch, now),
        );
        let (a, b) = (a.unwrap(), b.unwrap());
        if let (Some(summary), Some(_)) = (&a.summary, &b.summary) {
            assert_eq!(summary.counts.created, 700);
            break;
        }
    }
    assert_eq!(leads_of(&db, batch).await.len(), 700);
}

async fn abandoned_drafts_are_pruned_after_a_week(db: DatabaseConnection) {
    let (_, manager) =
        TestApp::signed_in_as(db.clone(), Role::Manager, "milan@firma.cz", "Milan Manažer").await;
    let user = boss(manager);
    let now = chrono::Utc::now();
    let old = now - chrono::Duration::days(8);
    let create = |at| {
        leady::imports::repo::create_draft(&db, &user, "k.csv", CSV.as_bytes().to_vec(), None, at)
    };
    let stale = create(old).await.unwrap();
    let fresh = create(now).await.unwrap();
    let started = create(old).await.unwrap();
    let settings = leady::imports::repo::preview(&db, started, None, Default::default(), 0)
        .await
        .unwrap()
        .settings;
    leady::imports::commit::start(&db, started, settings)
        .await
        .unwrap();
    let pruned = leady::imports::repo::prune_drafts(&db, now).await.unwrap();
    assert_eq!(pruned, 1);
    let left: Vec<i32> = import_batch::Entity::find()
        .all(&db)
        .await
        .unwrap()
        .into_iter()
        .map(|b| b.id)
        .collect();
    assert!(!left.contains(&stale));
    assert!(left.contains(&fresh) && left.contains(&started));
}
