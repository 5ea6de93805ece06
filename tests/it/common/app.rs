//! The app's real router, driven as a browser would: sign-in through the real server
//! function, the session cookie on every request, the same-origin headers the CSRF guard wants.

use axum::body::{Body, to_bytes};
use axum::http::{Request, StatusCode, header};
use leady::auth::model::Role;
use leady::auth::repo::{NewUser, create_user};
use leady::server::{config::Settings, router};
use sea_orm::DatabaseConnection;
use tower::ServiceExt;

pub const HOST: &str = "127.0.0.1:3000";
pub const ORIGIN: &str = "http://127.0.0.1:3000";

pub fn settings() -> Settings {
    Settings {
        site_addr: HOST.parse().unwrap(),
        site_root: "target/site".into(),
        database_url: String::new(),
        max_connections: 2,
        session_idle_minutes: 60,
        session_max_hours: 12,
        secure_cookies: false,
        live_recheck: leady::server::config::LIVE_RECHECK,
        // Nothing listens on the discard port: tests never reach the internet's ARES.
        ares_base_url: "http://127.0.0.1:9/ares".into(),
        capture: Default::default(),
        // No mailbox: tests that poll one call the poller themselves.
        email: None,
    }
}

/// The router and, once signed in, the session cookie every request carries.
pub struct TestApp {
    pub router: axum::Router,
    pub cookie: Option<String>,
    /// The path of every request sent, in order (tests/it/permissions.rs compares them with the
    /// server-function registry).
    pub sent: std::sync::Arc<std::sync::Mutex<Vec<String>>>,
}

pub const PASSWORD: &str = "Zelený-kopec-u-Brna";

impl TestApp {
    pub fn signed_out(db: DatabaseConnection) -> Self {
        TestApp {
            router: router(db, &settings()),
            cookie: None,
            sent: Default::default(),
        }
    }

    /// A new user with `role`, signed in through the real sign-in server function.
    pub async fn signed_in(db: DatabaseConnection, role: Role) -> Self {
        let mut app = Self::signed_out(db.clone());
        let email = format!("{}@firma.cz", role.code());
        create_user(
            &db,
            NewUser {
                email: email.clone(),
                name: "Jana Testová".into(),
                role,
                password: PASSWORD.into(),
            },
            chrono::Utc::now(),
        )
        .await
        .unwrap();
        let (status, headers, text) = app.sign_in(&email, PASSWORD).await;
        assert_eq!(status, StatusCode::OK, "{text}");
        app.cookie = Some(session_cookie(&headers).expect("a session cookie"));
        app
    }

    pub async fn sign_in(
        &self,
        email: &str,
        password: &str,
    ) -> (StatusCode, axum::http::HeaderMap, String) {
        let req = self
            .post("/api/auth/sign-in")
            .header(header::ORIGIN, ORIGIN)
            .body(Body::from(form(&[
                ("email", email),
                ("password", password),
            ])))
            .unwrap();
        self.send(req).await
    }

    pub fn post(&self, path: &str) -> axum::http::request::Builder {
        let mut req = Request::post(path)
            .header(header::HOST, HOST)
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded");
        if let Some(cookie) = &self.cookie {
            req = req.header(header::COOKIE, cookie);
        }
        req
    }

    pub async fn send(&self, req: Request<Body>) -> (StatusCode, axum::http::HeaderMap, String) {
        if let Ok(mut sent) = self.sent.lock() {
            sent.push(req.uri().path().to_string());
        }
        let res = self.router.clone().oneshot(req).await.unwrap();
        let status = res.status();
        let headers = res.headers().clone();
        let body = to_bytes(res.into_body(), 4 << 20).await.unwrap();
        (status, headers, String::from_utf8_lossy(&body).into_owned())
    }

    /// [`TestApp::send`], also answering how many SQL statements the request ran (the
    /// router's `sql_count` layer hangs the number on the answer).
    pub async fn send_counted(&self, req: Request<Body>) -> (StatusCode, String, u32) {
        let res = self.router.clone().oneshot(req).await.unwrap();
        let status = res.status();
        let statements = res
            .extensions()
            .get::<leady::server::sql_count::Statements>()
            .expect("the router counts statements")
            .0;
        let body = to_bytes(res.into_body(), 4 << 20).await.unwrap();
        (
            status,
            String::from_utf8_lossy(&body).into_owned(),
            statements,
        )
    }

    pub async fn get(
        &self,
        path: &str,
        extra: &[(header::HeaderName, &str)],
    ) -> (StatusCode, String) {
        let (status, _, body) = self.get_with_headers(path, extra).await;
        (status, body)
    }

    pub async fn get_with_headers(
        &self,
        path: &str,
        extra: &[(header::HeaderName, &str)],
    ) -> (StatusCode, axum::http::HeaderMap, String) {
        let mut req = Request::get(path).header(header::HOST, HOST);
        // One Cookie header, as a browser sends it: the session's and the test's own.
        let mut cookies: Vec<&str> = self.cookie.iter().map(String::as_str).collect();
        for (k, v) in extra {
            if *k == header::COOKIE {
                cookies.push(v);
            } else {
                req = req.header(k, *v);
            }
        }
        if !cookies.is_empty() {
            req = req.header(header::COOKIE, cookies.join("; "));
        }
        self.send(req.body(Body::empty()).unwrap()).await
    }
}

/// `leady_session=…` from a Set-Cookie header, ready to send back.
pub fn session_cookie(headers: &axum::http::HeaderMap) -> Option<String> {
    headers
        .get_all(header::SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.starts_with("leady_session="))
        .and_then(|v| v.split(';').next())
        .map(str::to_string)
}

pub fn form(fields: &[(&str, &str)]) -> String {
    fields
        .iter()
        .map(|(k, v)| format!("{}={}", encode(k), encode(v)))
        .collect::<Vec<_>>()
        .join("&")
}

pub fn encode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

impl TestApp {
    /// A new user (`email`, `name`, `role`) signed in through the real sign-in; answers the
    /// app and the user's id.
    pub async fn signed_in_as(
        db: DatabaseConnection,
        role: Role,
        email: &str,
        name: &str,
    ) -> (Self, i32) {
        let mut app = Self::signed_out(db.clone());
        let user = create_user(
            &db,
            NewUser {
                email: email.into(),
                name: name.into(),
                role,
                password: PASSWORD.into(),
            },
            chrono::Utc::now(),
        )
        .await
        .unwrap();
        let (status, headers, text) = app.sign_in(email, PASSWORD).await;
        assert_eq!(status, StatusCode::OK, "{text}");
        app.cookie = Some(session_cookie(&headers).expect("a session cookie"));
        (app, user.id)
    }

    /// A same-origin form post (the default encoding of server functions).
    pub async fn post_form(&self, path: &str, fields: &[(&str, &str)]) -> (StatusCode, String) {
        let req = self
            .post(path)
            .header(header::ORIGIN, ORIGIN)
            .body(Body::from(form(fields)))
            .unwrap();
        let (status, _, text) = self.send(req).await;
        (status, text)
    }

    /// A same-origin form post of a body written by hand.
    pub async fn post_form_raw(&self, path: &str, body: &str) -> (StatusCode, String) {
        let req = self
            .post(path)
            .header(header::ORIGIN, ORIGIN)
            .body(Body::from(body.to_string()))
            .unwrap();
        let (status, _, text) = self.send(req).await;
        (status, text)
    }

    /// A same-origin post of a JSON body written by hand.
    pub async fn post_json_raw(&self, path: &str, body: String) -> (StatusCode, String) {
        let req = self
            .post(path)
            .header(header::ORIGIN, ORIGIN)
            .header(header::CONTENT_TYPE, "application/json")
            .body(Body::from(body))
            .unwrap();
        let (status, _, text) = self.send(req).await;
        (status, text)
    }

    /// A same-origin JSON post (server functions declared with JSON input).
    pub async fn post_json(&self, path: &str, body: serde_json::Value) -> (StatusCode, String) {
        let req = self
            .post(path)
            .header(header::ORIGIN, ORIGIN)
            .header(header::CONTENT_TYPE, "application/json")
            .body(Body::from(body.to_string()))
            .unwrap();
        let (status, _, text) = self.send(req).await;
        (status, text)
    }
}

/// An app instance serving on its own port on 127.0.0.1, as `leady serve` does.
pub async fn serve(db: DatabaseConnection) -> std::net::SocketAddr {
    let app = router(db, &settings()).into_make_service_with_connect_info::<std::net::SocketAddr>();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    addr
}
