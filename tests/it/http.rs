//! The HTTP surface through the real router: server functions as a browser calls them,
//! the CSRF guard, status codes and server-rendered pages. SQLite and PostgreSQL.

use crate::common::app::{ORIGIN, PASSWORD, TestApp, form, session_cookie};
use crate::common::fixtures::lead_count;

use axum::body::Body;
use axum::http::{StatusCode, header};
use leady::auth::model::Role;
use sea_orm::{DatabaseConnection, EntityTrait};

on_both_databases!(
    quick_entry_post_creates_a_lead_shown_on_the_board,
    plain_html_form_post_redirects_to_the_confirmation,
    refused_plain_form_post_comes_back_with_what_was_typed,
    invalid_input_is_422_and_creates_nothing,
    cross_site_posts_are_refused,
    pages_render_and_missing_ones_are_404,
    language_follows_cookie_and_accept_language,
    signed_out_nothing_but_the_sign_in_page,
    sign_in_cycles_the_session_and_sign_out_ends_it_on_the_server,
    wrong_passwords_are_refused_then_throttled,
    plain_html_sign_in_goes_on_or_back_with_the_reason,
    deactivation_ends_sessions_and_refuses_sign_in,
);

fn lead_form(email: &str, key: &str) -> String {
    form(&[
        ("input[first_name]", "Jan"),
        ("input[last_name]", "Novák"),
        ("input[email]", email),
        ("input[phone]", "+420 777 123 456"),
        ("input[company]", "Strojírny Brno a.s."),
        ("input[source]", "trade_fair"),
        ("input[description]", "Veletrh MSV"),
        ("form_key", key),
    ])
}

async fn quick_entry_post_creates_a_lead_shown_on_the_board(db: DatabaseConnection) {
    let app = TestApp::signed_in(db.clone(), Role::Admin).await;
    for _ in 0..2 {
        let body = lead_form("jan.novak@strojirny.cz", "key-1");
        let req = app
            .post("/api/leads/create")
            .header(header::ORIGIN, ORIGIN)
            .body(Body::from(body))
            .unwrap();
        let (status, _, text) = app.send(req).await;
        assert_eq!(status, StatusCode::OK, "{text}");
        assert!(text.contains("\"name\":\"Jan Novák\""), "{text}");
    }
    assert_eq!(
        lead_count(&db).await,
        1,
        "the same form key twice is one lead"
    );

    let (status, html) = app.get("/", &[]).await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("Jan Novák"), "board shows the new lead");
    assert!(html.contains("Strojírny Brno a.s."));
    assert!(
        html.contains("aria-label=\"Nový\""),
        "columns are lists named by status"
    );
}

async fn plain_html_form_post_redirects_to_the_confirmation(db: DatabaseConnection) {
    let app = TestApp::signed_in(db.clone(), Role::Admin).await;
    let body = lead_form("", "no-js-key");
    let req = app
        .post("/api/leads/create")
        .header(header::ORIGIN, ORIGIN)
        .header(header::REFERER, format!("{ORIGIN}/leads/new"))
        .header(header::ACCEPT, "text/html,application/xhtml+xml")
        .body(Body::from(body))
        .unwrap();
    let (status, headers, _) = app.send(req).await;
    assert!(status.is_redirection(), "{status}");
    let location = headers
        .get(header::LOCATION)
        .unwrap()
        .to_str()
        .unwrap()
        .to_string();
    assert!(location.starts_with("/leads/new?saved="), "{location}");
    let (status, html) = app.get(&location, &[]).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        html.contains("Lead Jan Novák je uložen."),
        "confirmation rendered without JS"
    );
    assert_eq!(lead_count(&db).await, 1);
}

async fn invalid_input_is_422_and_creates_nothing(db: DatabaseConnection) {
    let app = TestApp::signed_in(db.clone(), Role::Admin).await;
    let body = form(&[
        ("input[first_name]", "Jan"),
        ("input[last_name]", ""),
        ("input[email]", "jan@@firma"),
        ("input[phone]", "12"),
        ("input[company]", ""),
        ("input[source]", "fax"),
        ("input[description]", ""),
        ("form_key", "bad-1"),
    ]);
    let req = app
        .post("/api/leads/create")
        .header(header::ORIGIN, ORIGIN)
        .body(Body::from(body))
        .unwrap();
    let (status, _, text) = app.send(req).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{text}");
    for expected in ["LastName", "InvalidEmail", "InvalidPhone", "UnknownSource"] {
        assert!(text.contains(expected), "{expected} in {text}");
    }
    assert_eq!(lead_count(&db).await, 0);
}

async fn cross_site_posts_are_refused(db: DatabaseConnection) {
    let app = TestApp::signed_in(db.clone(), Role::Admin).await;
    let cases: [Option<&str>; 3] = [Some("https://evil.example"), Some("null"), None];
    for origin in cases {
        let body = lead_form("jan@firma.cz", "csrf");
        let mut req = app.post("/api/leads/create");
        if let Some(origin) = origin {
            req = req.header(header::ORIGIN, origin);
        }
        let (status, _, _) = app.send(req.body(Body::from(body)).unwrap()).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "origin {origin:?}");
    }
    let req = app
        .post("/lang")
        .header(header::ORIGIN, "https://evil.example")
        .body(Body::from("lang=en"))
        .unwrap();
    assert_eq!(app.send(req).await.0, StatusCode::FORBIDDEN);
    assert_eq!(lead_count(&db).await, 0);
}

async fn pages_render_and_missing_ones_are_404(db: DatabaseConnection) {
    let app = TestApp::signed_in(db.clone(), Role::Admin).await;
    let (status, html) = app.get("/leads/new", &[]).await;
    assert_eq!(status, StatusCode::OK);
    for label in [
        "Jméno",
        "Příjmení",
        "E-mail",
        "Telefon",
        "Firma",
        "Zdroj",
        "Popis",
        "Uložit",
    ] {
        assert!(html.contains(label), "{label}");
    }
    assert!(html.contains("name=\"form_key\""));
    let (status, _) = app.get("/leads/999999", &[]).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _) = app.get("/no/such/page", &[]).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

async fn language_follows_cookie_and_accept_language(db: DatabaseConnection) {
    let app = TestApp::signed_in(db.clone(), Role::Admin).await;
    let (_, html) = app
        .get("/leads/new", &[(header::ACCEPT_LANGUAGE, "en-GB,en;q=0.9")])
        .await;
    assert!(html.contains("lang=\"en\""));
    assert!(html.contains("Last name") && html.contains("Save"));
    let (_, html) = app
        .get(
            "/leads/new",
            &[
                (header::ACCEPT_LANGUAGE, "en"),
                (header::COOKIE, "leady_lang=cs"),
            ],
        )
        .await;
    assert!(html.contains("lang=\"cs\"") && html.contains("Příjmení"));

    let req = app
        .post("/lang")
        .header(header::ORIGIN, ORIGIN)
        .header(header::REFERER, format!("{ORIGIN}/leads/new"))
        .body(Body::from("lang=en"))
        .unwrap();
    let (status, headers, _) = app.send(req).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert_eq!(headers.get(header::LOCATION).unwrap(), "/leads/new");
    assert!(
        headers
            .get(header::SET_COOKIE)
            .unwrap()
            .to_str()
            .unwrap()
            .starts_with("leady_lang=en;")
    );
}

async fn signed_out_nothing_but_the_sign_in_page(db: DatabaseConnection) {
    let app = TestApp::signed_out(db.clone());
    let (status, headers, _) = app.get_with_headers("/", &[]).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert_eq!(headers.get(header::LOCATION).unwrap(), "/sign-in");
    let (status, headers, _) = app.get_with_headers("/leads/7?x=1", &[]).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert_eq!(
        headers.get(header::LOCATION).unwrap(),
        "/sign-in?next=%2Fleads%2F7%3Fx%3D1"
    );
    for path in [
        "/api/leads/create",
        "/api/leads/board",
        "/api/leads/move",
        "/api/auth/sign-out",
    ] {
        let req = app
            .post(path)
            .header(header::ORIGIN, ORIGIN)
            .body(Body::from(lead_form("jan@firma.cz", "anon")))
            .unwrap();
        let (status, _, text) = app.send(req).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED, "{path}");
        assert_eq!(text, "\"Unauthorized\"", "{path}");
    }
    assert_eq!(lead_count(&db).await, 0);
    let (status, html) = app.get("/sign-in", &[]).await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("Přihlášení") && html.contains("Heslo"));
    assert!(!html.contains("Nástěnka leadů"));
}

async fn sign_in_cycles_the_session_and_sign_out_ends_it_on_the_server(db: DatabaseConnection) {
    let mut app = TestApp::signed_in(db.clone(), Role::Salesperson).await;
    let first = app.cookie.clone().unwrap();
    // The cookie the browser keeps: HttpOnly, SameSite=Lax, the whole site.
    let (_, headers, _) = app.sign_in("salesperson@firma.cz", PASSWORD).await;
    let set = headers
        .get(header::SET_COOKIE)
        .unwrap()
        .to_str()
        .unwrap()
        .to_string();
    assert!(
        set.contains("HttpOnly") && set.contains("SameSite=Lax") && set.contains("Path=/"),
        "{set}"
    );
    assert!(!set.contains("Secure"), "plain http here: {set}");
    let cookie = session_cookie(&headers).unwrap();
    assert_ne!(cookie, first, "a new session id on sign-in");
    let (status, _, _) = app.get_with_headers("/", &[]).await;
    assert_eq!(
        status,
        StatusCode::SEE_OTHER,
        "the id before sign-in is worth nothing"
    );
    app.cookie = Some(cookie.clone());

    let (status, html) = app.get("/", &[]).await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("Jana Testová"), "the top bar names the user");

    let req = app
        .post("/api/auth/sign-out")
        .header(header::ORIGIN, ORIGIN)
        .body(Body::empty())
        .unwrap();
    assert_eq!(app.send(req).await.0, StatusCode::OK);
    // The same cookie, replayed: the server has forgotten the session.
    let (status, _, _) = app.get_with_headers("/", &[]).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let rows = leady::server::entities::user_session::Entity::find()
        .all(&db)
        .await
        .unwrap();
    assert!(
        rows.iter()
            .all(|r| format!("leady_session={}", r.id) != cookie)
    );
}

async fn wrong_passwords_are_refused_then_throttled(db: DatabaseConnection) {
    let app = TestApp::signed_in(db.clone(), Role::Manager).await;
    for _ in 0..5 {
        let (status, _, text) = app.sign_in("manager@firma.cz", "spatne-heslo-123").await;
        assert_eq!(status, StatusCode::UNAUTHORIZED);
        assert!(text.contains("WrongCredentials"), "{text}");
    }
    // An unknown account answers exactly like a wrong password.
    let (status, _, text) = app.sign_in("nikdo@firma.cz", "spatne-heslo-123").await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert!(text.contains("WrongCredentials"), "{text}");
    // Five failures: even the right password waits now.
    let (status, headers, text) = app.sign_in("MANAGER@firma.cz", PASSWORD).await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS, "{text}");
    assert!(text.contains("Throttled"), "{text}");
    assert!(session_cookie(&headers).is_none());
}

async fn plain_html_sign_in_goes_on_or_back_with_the_reason(db: DatabaseConnection) {
    let app = TestApp::signed_in(db.clone(), Role::Admin).await;
    let post = |password: &str| {
        app.post("/api/auth/sign-in")
            .header(header::ORIGIN, ORIGIN)
            .header(header::REFERER, format!("{ORIGIN}/sign-in"))
            .header(header::ACCEPT, "text/html")
            .body(Body::from(form(&[
                ("email", "admin@firma.cz"),
                ("password", password),
                ("next", "/leads/new"),
            ])))
            .unwrap()
    };
    let (status, headers, _) = app.send(post("nespravne-heslo")).await;
    assert!(status.is_redirection(), "{status}");
    assert_eq!(
        headers.get(header::LOCATION).unwrap(),
        "/sign-in?failed=wrong&next=%2Fleads%2Fnew"
    );
    let (_, html) = app
        .get("/sign-in?failed=wrong&next=%2Fleads%2Fnew", &[])
        .await;
    assert!(html.contains("Nesprávný e-mail nebo heslo."));
    let (status, headers, _) = app.send(post(PASSWORD)).await;
    assert!(status.is_redirection(), "{status}");
    assert_eq!(headers.get(header::LOCATION).unwrap(), "/leads/new");
}

async fn deactivation_ends_sessions_and_refuses_sign_in(db: DatabaseConnection) {
    let app = TestApp::signed_in(db.clone(), Role::Salesperson).await;
    let user = leady::server::entities::app_user::Entity::find()
        .one(&db)
        .await
        .unwrap()
        .unwrap();
    leady::auth::repo::set_active(&db, user.id, false, chrono::Utc::now())
        .await
        .unwrap();
    let (status, _, _) = app.get_with_headers("/", &[]).await;
    assert_eq!(status, StatusCode::SEE_OTHER, "the old session is gone");
    let (status, _, text) = app.sign_in("salesperson@firma.cz", PASSWORD).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert!(text.contains("Deactivated"), "{text}");
}

/// Before the WebAssembly arrives the browser posts the plain form: a refusal must bring it back
/// to the form with what was typed and the translated errors, once, and save nothing.
async fn refused_plain_form_post_comes_back_with_what_was_typed(db: DatabaseConnection) {
    let app = TestApp::signed_in(db.clone(), Role::Admin).await;
    let body = form(&[
        ("input[first_name]", "Věra"),
        ("input[last_name]", "Prostá"),
        ("input[email]", "spatny@"),
        ("input[phone]", ""),
        ("input[company]", "Mlékárna Tábor a.s."),
        ("input[source]", "trade_fair"),
        ("input[description]", "Chce vzorky </textarea><b>sýrů</b>"),
        ("form_key", "plain-key-1"),
    ]);
    let req = app
        .post("/api/leads/create")
        .header(header::ORIGIN, ORIGIN)
        .header(header::REFERER, format!("{ORIGIN}/leads/new?saved=7"))
        .header(header::ACCEPT, "text/html,application/xhtml+xml")
        .body(Body::from(body))
        .unwrap();
    let (status, headers, text) = app.send(req).await;
    assert_eq!(status, StatusCode::FOUND, "{text}");
    assert_eq!(
        headers.get(header::LOCATION).unwrap(),
        "/leads/new?saved=7",
        "back to the page the form was on"
    );
    assert_eq!(lead_count(&db).await, 0);

    let (status, html) = app.get("/leads/new?saved=7", &[]).await;
    assert_eq!(status, StatusCode::OK);
    for typed in [
        r#"value="Věra""#,
        r#"value="Prostá""#,
        r#"value="spatny@""#,
        r#"value="Mlékárna Tábor a.s.""#,
        // Escaped: typed text can never end the textarea and inject markup.
        "Chce vzorky &lt;/textarea>&lt;b>sýrů&lt;/b></textarea>",
        r#"value="plain-key-1""#,
    ] {
        assert!(html.contains(typed), "{typed} is shown again");
    }
    assert!(
        html.contains("Zadejte platný e-mail"),
        "the error by the field"
    );
    assert!(
        !html.contains("je uložen"),
        "no confirmation of an earlier lead"
    );

    // Shown once: the next visit has an empty form.
    let (_, html) = app.get("/leads/new", &[]).await;
    assert!(!html.contains("spatny@"));
    assert!(!html.contains("Zadejte platný e-mail"));

    // A refusal from another site's page (or none) goes to the board, never elsewhere.
    let req = app
        .post("/api/leads/create")
        .header(header::ORIGIN, ORIGIN)
        .header(header::ACCEPT, "text/html")
        .body(Body::from(lead_form("spatny@", "plain-key-2")))
        .unwrap();
    let (status, headers, _) = app.send(req).await;
    assert_eq!(status, StatusCode::FOUND);
    assert_eq!(headers.get(header::LOCATION).unwrap(), "/");
    assert_eq!(lead_count(&db).await, 0);
}
