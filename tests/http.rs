//! The HTTP surface through the real router: server functions as a browser calls them,
//! the CSRF guard, status codes and server-rendered pages. SQLite and PostgreSQL.

mod common;

use axum::body::{Body, to_bytes};
use axum::http::{Request, StatusCode, header};
use leady::server::{config::Settings, router};
use sea_orm::{DatabaseConnection, EntityTrait, PaginatorTrait};
use tower::ServiceExt;

on_both_databases!(
    quick_entry_post_creates_a_lead_shown_on_the_board,
    plain_html_form_post_redirects_to_the_confirmation,
    invalid_input_is_422_and_creates_nothing,
    cross_site_posts_are_refused,
    pages_render_and_missing_ones_are_404,
    language_follows_cookie_and_accept_language,
);

const HOST: &str = "127.0.0.1:3000";
const ORIGIN: &str = "http://127.0.0.1:3000";

fn app(db: DatabaseConnection) -> axum::Router {
    let settings = Settings {
        site_addr: HOST.parse().unwrap(),
        site_root: "target/site".into(),
        database_url: String::new(),
        max_connections: 2,
    };
    router(db, &settings)
}

fn form(fields: &[(&str, &str)]) -> String {
    fields
        .iter()
        .map(|(k, v)| format!("{}={}", encode(k), encode(v)))
        .collect::<Vec<_>>()
        .join("&")
}

fn encode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

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

fn post(path: &str) -> axum::http::request::Builder {
    Request::post(path)
        .header(header::HOST, HOST)
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
}

async fn send(
    app: &axum::Router,
    req: Request<Body>,
) -> (StatusCode, axum::http::HeaderMap, String) {
    let res = app.clone().oneshot(req).await.unwrap();
    let status = res.status();
    let headers = res.headers().clone();
    let body = to_bytes(res.into_body(), 4 << 20).await.unwrap();
    (status, headers, String::from_utf8_lossy(&body).into_owned())
}

async fn lead_count(db: &DatabaseConnection) -> u64 {
    leady::server::entities::lead::Entity::find()
        .count(db)
        .await
        .unwrap()
}

async fn get(
    app: &axum::Router,
    path: &str,
    extra: &[(header::HeaderName, &str)],
) -> (StatusCode, String) {
    let mut req = Request::get(path).header(header::HOST, HOST);
    for (k, v) in extra {
        req = req.header(k, *v);
    }
    let (status, _, body) = send(app, req.body(Body::empty()).unwrap()).await;
    (status, body)
}

async fn quick_entry_post_creates_a_lead_shown_on_the_board(db: DatabaseConnection) {
    let app = app(db.clone());
    for _ in 0..2 {
        let body = lead_form("jan.novak@strojirny.cz", "key-1");
        let req = post("/api/leads/create")
            .header(header::ORIGIN, ORIGIN)
            .body(Body::from(body))
            .unwrap();
        let (status, _, text) = send(&app, req).await;
        assert_eq!(status, StatusCode::OK, "{text}");
        assert!(text.contains("\"name\":\"Jan Novák\""), "{text}");
    }
    assert_eq!(
        lead_count(&db).await,
        1,
        "the same form key twice is one lead"
    );

    let (status, html) = get(&app, "/", &[]).await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("Jan Novák"), "board shows the new lead");
    assert!(html.contains("Strojírny Brno a.s."));
    assert!(
        html.contains("aria-label=\"Nový\""),
        "columns are lists named by status"
    );
}

async fn plain_html_form_post_redirects_to_the_confirmation(db: DatabaseConnection) {
    let app = app(db.clone());
    let body = lead_form("", "no-js-key");
    let req = post("/api/leads/create")
        .header(header::ORIGIN, ORIGIN)
        .header(header::REFERER, format!("{ORIGIN}/leads/new"))
        .header(header::ACCEPT, "text/html,application/xhtml+xml")
        .body(Body::from(body))
        .unwrap();
    let (status, headers, _) = send(&app, req).await;
    assert!(status.is_redirection(), "{status}");
    let location = headers
        .get(header::LOCATION)
        .unwrap()
        .to_str()
        .unwrap()
        .to_string();
    assert!(location.starts_with("/leads/new?saved="), "{location}");
    let (status, html) = get(&app, &location, &[]).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        html.contains("Lead Jan Novák je uložen."),
        "confirmation rendered without JS"
    );
    assert_eq!(lead_count(&db).await, 1);
}

async fn invalid_input_is_422_and_creates_nothing(db: DatabaseConnection) {
    let app = app(db.clone());
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
    let req = post("/api/leads/create")
        .header(header::ORIGIN, ORIGIN)
        .body(Body::from(body))
        .unwrap();
    let (status, _, text) = send(&app, req).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{text}");
    for expected in ["LastName", "InvalidEmail", "InvalidPhone", "UnknownSource"] {
        assert!(text.contains(expected), "{expected} in {text}");
    }
    assert_eq!(lead_count(&db).await, 0);
}

async fn cross_site_posts_are_refused(db: DatabaseConnection) {
    let app = app(db.clone());
    let cases: [Option<&str>; 3] = [Some("https://evil.example"), Some("null"), None];
    for origin in cases {
        let body = lead_form("jan@firma.cz", "csrf");
        let mut req = post("/api/leads/create");
        if let Some(origin) = origin {
            req = req.header(header::ORIGIN, origin);
        }
        let (status, _, _) = send(&app, req.body(Body::from(body)).unwrap()).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "origin {origin:?}");
    }
    let req = post("/lang")
        .header(header::ORIGIN, "https://evil.example")
        .body(Body::from("lang=en"))
        .unwrap();
    assert_eq!(send(&app, req).await.0, StatusCode::FORBIDDEN);
    assert_eq!(lead_count(&db).await, 0);
}

async fn pages_render_and_missing_ones_are_404(db: DatabaseConnection) {
    let app = app(db.clone());
    let (status, html) = get(&app, "/leads/new", &[]).await;
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
    let (status, _) = get(&app, "/leads/999999", &[]).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _) = get(&app, "/no/such/page", &[]).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

async fn language_follows_cookie_and_accept_language(db: DatabaseConnection) {
    let app = app(db.clone());
    let (_, html) = get(
        &app,
        "/leads/new",
        &[(header::ACCEPT_LANGUAGE, "en-GB,en;q=0.9")],
    )
    .await;
    assert!(html.contains("lang=\"en\""));
    assert!(html.contains("Last name") && html.contains("Save"));
    let (_, html) = get(
        &app,
        "/leads/new",
        &[
            (header::ACCEPT_LANGUAGE, "en"),
            (header::COOKIE, "leady_lang=cs"),
        ],
    )
    .await;
    assert!(html.contains("lang=\"cs\"") && html.contains("Příjmení"));

    let req = post("/lang")
        .header(header::ORIGIN, ORIGIN)
        .header(header::REFERER, format!("{ORIGIN}/leads/new"))
        .body(Body::from("lang=en"))
        .unwrap();
    let (status, headers, _) = send(&app, req).await;
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
