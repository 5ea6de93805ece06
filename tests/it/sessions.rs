//! Sign-in and sessions through the real router, as a browser drives them: where a sign-in
//! may send the browser next, the throttle under a burst, sessions ended by an admin's edit,
//! and live streams that close when their session no longer stands. SQLite and PostgreSQL.

use std::time::Duration;

use crate::common::app::{HOST, ORIGIN, PASSWORD, TestApp, form, session_cookie, settings};
use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use futures_util::StreamExt;
use leady::auth::model::Role;
use leady::server::config::Settings;
use leady::server::entities::{app_user, user_session};
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter};
use tower::ServiceExt;

on_both_databases!(
    sign_in_never_sends_the_browser_to_another_site,
    a_burst_of_wrong_passwords_gets_five_checks,
    role_change_and_password_reset_end_the_targets_sessions,
    live_streams_close_when_their_session_no_longer_stands,
);

/// The plain form (no WebAssembly), posted with `next` pointing elsewhere in the ways a
/// browser would follow: the answer always stays on this site.
async fn sign_in_never_sends_the_browser_to_another_site(db: DatabaseConnection) {
    let app = TestApp::signed_in(db.clone(), Role::Admin).await;
    let post = |password: &str, next: &str| {
        app.post("/api/auth/sign-in")
            .header(header::ORIGIN, ORIGIN)
            .header(header::REFERER, format!("{ORIGIN}/sign-in"))
            .header(header::ACCEPT, "text/html")
            .body(Body::from(form(&[
                ("email", "admin@firma.cz"),
                ("password", password),
                ("next", next),
            ])))
            .unwrap()
    };
    // A browser drops the tab: `/<TAB>/evil.example` would be `//evil.example`.
    let (status, headers, _) = app.send(post(PASSWORD, "/\t/evil.example")).await;
    assert!(status.is_redirection(), "{status}");
    assert_eq!(headers.get(header::LOCATION).unwrap(), "/");
    for evil in [
        "//evil.example",
        "/\\evil.example",
        "https://evil.example",
        "/\n/evil",
    ] {
        let (_, headers, _) = app.send(post(PASSWORD, evil)).await;
        assert_eq!(headers.get(header::LOCATION).unwrap(), "/", "{evil:?}");
    }
    // Back to the form after a wrong password: the `next` it keeps is the safe one.
    let (_, headers, _) = app.send(post("nespravne-heslo", "/\t/evil.example")).await;
    assert_eq!(
        headers.get(header::LOCATION).unwrap(),
        "/sign-in?failed=wrong&next=%2F"
    );
    // A path on this site is kept.
    let (_, headers, _) = app.send(post(PASSWORD, "/leads/new")).await;
    assert_eq!(headers.get(header::LOCATION).unwrap(), "/leads/new");
    // The hydrated page gets the same check in the answer it navigates to.
    let req = app
        .post("/api/auth/sign-in")
        .header(header::ORIGIN, ORIGIN)
        .body(Body::from(form(&[
            ("email", "admin@firma.cz"),
            ("password", PASSWORD),
            ("next", "/\t/evil.example"),
        ])))
        .unwrap();
    let (status, _, text) = app.send(req).await;
    assert_eq!(status, StatusCode::OK, "{text}");
    assert_eq!(text, "\"/\"");
}

/// 40 wrong passwords for one account from one address at once: five get a password check
/// (401), the rest wait (429), however the requests interleave.
async fn a_burst_of_wrong_passwords_gets_five_checks(db: DatabaseConnection) {
    let app = TestApp::signed_in(db.clone(), Role::Manager).await;
    let tries: Vec<_> = (0..40)
        .map(|_| {
            let app = cookieless(&app);
            tokio::spawn(async move { app.sign_in("manager@firma.cz", "spatne-heslo-123").await })
        })
        .collect();
    let (mut checked, mut waited) = (0, 0);
    for t in tries {
        let (status, _, text) = t.await.unwrap();
        match status {
            StatusCode::UNAUTHORIZED => checked += 1,
            StatusCode::TOO_MANY_REQUESTS => waited += 1,
            other => panic!("{other}: {text}"),
        }
    }
    assert_eq!((checked, waited), (5, 35));
    let failures = leady::server::entities::sign_in_failure::Entity::find()
        .count(&db)
        .await
        .unwrap();
    assert_eq!(failures, 5, "a refused try leaves no record");

    // Without WebAssembly the form comes back with the reason and how long to wait.
    let req = app
        .post("/api/auth/sign-in")
        .header(header::ORIGIN, ORIGIN)
        .header(header::ACCEPT, "text/html")
        .body(Body::from(form(&[
            ("email", "manager@firma.cz"),
            ("password", PASSWORD),
            ("next", "/leads/new"),
        ])))
        .unwrap();
    let (_, headers, _) = app.send(req).await;
    assert_eq!(
        headers.get(header::LOCATION).unwrap(),
        "/sign-in?failed=throttled&wait=15&next=%2Fleads%2Fnew"
    );
    // The account-wide limit asks for an hour; the page says what the server said.
    let (_, html) = app
        .get("/sign-in?failed=throttled&wait=60&next=%2F", &[])
        .await;
    assert!(html.contains("Zkuste to znovu za 60 minut."), "{html}");
}

async fn sessions_of(db: &DatabaseConnection, user_id: i32) -> u64 {
    user_session::Entity::find()
        .filter(user_session::Column::UserId.eq(user_id))
        .count(db)
        .await
        .unwrap()
}

/// Another browser on the same server (a sign-in with a cookie would renew that session).
fn cookieless(app: &TestApp) -> TestApp {
    TestApp {
        router: app.router.clone(),
        cookie: None,
        sent: Default::default(),
    }
}

/// The admin's edit of a user, as the users page sends it.
async fn edit(admin: &TestApp, id: i32, email: &str, role: &str, password: &str) {
    let (status, text) = admin
        .post_json(
            "/api/admin/users/update",
            serde_json::json!({
                "id": id,
                "user": {
                    "name": "Jana Testová",
                    "email": email,
                    "role": role,
                    "regions": [],
                    "products": [],
                    "password": password,
                }
            }),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{text}");
}

/// A new role or a new password ends the person's sessions (as deactivation does); an edit
/// of the name does not. An admin resetting their own password stays signed in where they
/// made the change, and nowhere else.
async fn role_change_and_password_reset_end_the_targets_sessions(db: DatabaseConnection) {
    let (admin, admin_id) =
        TestApp::signed_in_as(db.clone(), Role::Admin, "sefka@firma.cz", "Šéfka").await;
    let (jana, jana_id) =
        TestApp::signed_in_as(db.clone(), Role::Salesperson, "jana@firma.cz", "Jana").await;
    let signed_in = |app: &TestApp| {
        let app = TestApp {
            router: app.router.clone(),
            cookie: app.cookie.clone(),
            sent: Default::default(),
        };
        async move { app.get_with_headers("/", &[]).await.0 == StatusCode::OK }
    };
    assert!(signed_in(&jana).await);

    edit(&admin, jana_id, "jana@firma.cz", "salesperson", "").await;
    assert!(signed_in(&jana).await, "a name edit keeps the sessions");
    assert_eq!(sessions_of(&db, jana_id).await, 1);

    edit(&admin, jana_id, "jana@firma.cz", "manager", "").await;
    assert_eq!(sessions_of(&db, jana_id).await, 0, "a new role ends them");
    assert!(!signed_in(&jana).await);

    let (status, headers, _) = cookieless(&jana).sign_in("jana@firma.cz", PASSWORD).await;
    assert_eq!(status, StatusCode::OK);
    let jana = TestApp {
        router: jana.router.clone(),
        cookie: session_cookie(&headers),
        sent: Default::default(),
    };
    assert!(signed_in(&jana).await);
    edit(
        &admin,
        jana_id,
        "jana@firma.cz",
        "manager",
        "Nové-heslo-pro-Janu-7",
    )
    .await;
    assert_eq!(
        sessions_of(&db, jana_id).await,
        0,
        "a new password ends them"
    );
    assert!(!signed_in(&jana).await);

    // The admin's own password, from one of two sessions.
    let (_, headers, _) = cookieless(&admin).sign_in("sefka@firma.cz", PASSWORD).await;
    let elsewhere = TestApp {
        router: admin.router.clone(),
        cookie: session_cookie(&headers),
        sent: Default::default(),
    };
    assert!(signed_in(&elsewhere).await);
    edit(
        &admin,
        admin_id,
        "sefka@firma.cz",
        "admin",
        "Nové-heslo-šéfky-42",
    )
    .await;
    assert!(signed_in(&admin).await, "where the change was made");
    assert!(!signed_in(&elsewhere).await, "everywhere else it ends");
    assert_eq!(sessions_of(&db, admin_id).await, 1);
}

/// `GET /api/events` through the real router; answers the body's chunks.
async fn open_stream(
    router: &axum::Router,
    cookie: &str,
) -> impl futures_util::Stream<Item = Result<axum::body::Bytes, axum::Error>> + Unpin + use<> {
    let req = Request::get("/api/events")
        .header(header::HOST, HOST)
        .header(header::COOKIE, cookie)
        .header(header::ACCEPT, "text/event-stream")
        .body(Body::empty())
        .unwrap();
    let res = router.clone().oneshot(req).await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let mut body = res.into_body().into_data_stream();
    let first = body.next().await.expect("the ready event").unwrap();
    assert!(String::from_utf8_lossy(&first).contains("event: ready"));
    body
}

/// Reads until the stream ends; the timeout only keeps a broken build from hanging.
async fn ends(
    mut stream: impl futures_util::Stream<Item = Result<axum::body::Bytes, axum::Error>> + Unpin,
) -> bool {
    tokio::time::timeout(Duration::from_secs(30), async {
        while let Some(Ok(_)) = stream.next().await {}
    })
    .await
    .is_ok()
}

/// Streams re-check their session (here every 100 ms instead of every minute) and close after
/// sign-out, deactivation and a role change; a stream whose session stands stays open.
async fn live_streams_close_when_their_session_no_longer_stands(db: DatabaseConnection) {
    let quick = Settings {
        live_recheck: Duration::from_millis(100),
        ..settings()
    };
    let router = leady::server::router(db.clone(), &quick);
    let mut people = Vec::new();
    for (email, role) in [
        ("odhlasena@firma.cz", Role::Salesperson),
        ("vypnuta@firma.cz", Role::Salesperson),
        ("povysena@firma.cz", Role::Salesperson),
        ("vedouci@firma.cz", Role::Manager),
    ] {
        let (app, id) = TestApp::signed_in_as(db.clone(), role, email, "Jana").await;
        let cookie = app.cookie.clone().unwrap();
        let stream = open_stream(&router, &cookie).await;
        people.push((app, id, stream));
    }
    let (stays_app, _, mut stays) = people.pop().unwrap();
    let (_, promoted, promoted_stream) = people.pop().unwrap();
    let (_, deactivated, deactivated_stream) = people.pop().unwrap();
    let (signed_out_app, _, signed_out_stream) = people.pop().unwrap();

    let req = signed_out_app
        .post("/api/auth/sign-out")
        .header(header::ORIGIN, ORIGIN)
        .body(Body::empty())
        .unwrap();
    assert_eq!(signed_out_app.send(req).await.0, StatusCode::OK);
    assert!(ends(signed_out_stream).await, "closed after sign-out");

    leady::auth::repo::set_active(&db, deactivated, false, chrono::Utc::now())
        .await
        .unwrap();
    assert!(ends(deactivated_stream).await, "closed after deactivation");

    // Another role with the session left in place (as if written by another tool).
    app_user::Entity::update_many()
        .col_expr(
            app_user::Column::Role,
            sea_orm::sea_query::Expr::value("manager"),
        )
        .filter(app_user::Column::Id.eq(promoted))
        .exec(&db)
        .await
        .unwrap();
    assert!(ends(promoted_stream).await, "closed after a role change");

    // The manager's stream outlived those re-checks and still carries news.
    let stays_app = TestApp {
        router,
        cookie: stays_app.cookie,
        sent: Default::default(),
    };
    let (status, text) = stays_app
        .post_form(
            "/api/leads/create",
            &[
                ("input[first_name]", "Ota"),
                ("input[last_name]", "Živý"),
                ("input[email]", "ota@firma.cz"),
                ("input[phone]", ""),
                ("input[company]", ""),
                ("input[source]", "phone"),
                ("input[description]", ""),
                ("form_key", "stays-open"),
            ],
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{text}");
    let news = tokio::time::timeout(Duration::from_secs(30), async {
        loop {
            let chunk = stays.next().await.expect("the stream is open").unwrap();
            if String::from_utf8_lossy(&chunk).contains("event: lead") {
                break;
            }
        }
    })
    .await;
    assert!(news.is_ok(), "the manager hears of the new lead");
}
