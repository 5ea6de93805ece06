//! Security headers through the real router: pages, server-function answers, refusals and
//! static files; the page's Content-Security-Policy names the nonce that every inline script
//! of that page carries, and a new one each time. SQLite and PostgreSQL.

use crate::common;

use crate::common::app::{ORIGIN, TestApp};
use axum::body::Body;
use axum::http::{HeaderMap, StatusCode, header};
use leady::auth::model::Role;
use sea_orm::DatabaseConnection;

on_both_databases!(
    pages_carry_the_policy_with_the_nonce_of_their_inline_scripts,
    answers_and_refusals_carry_the_headers,
);

/// The headers every answer has, static or not.
fn assert_common(headers: &HeaderMap, what: &str) {
    let get = |name: header::HeaderName| {
        headers
            .get(&name)
            .unwrap_or_else(|| panic!("{what}: no {name}"))
            .to_str()
            .unwrap()
            .to_string()
    };
    assert_eq!(get(header::X_CONTENT_TYPE_OPTIONS), "nosniff", "{what}");
    assert_eq!(get(header::REFERRER_POLICY), "same-origin", "{what}");
    let csp = get(header::CONTENT_SECURITY_POLICY);
    for part in [
        "default-src 'self'",
        "'wasm-unsafe-eval'",
        "style-src 'self';",
        "connect-src 'self'",
        "object-src 'none'",
        "frame-ancestors 'none'",
    ] {
        assert!(csp.contains(part), "{what}: {part} in {csp}");
    }
    assert!(
        !csp.contains("unsafe-inline") && !csp.contains("'unsafe-eval'"),
        "{what}: {csp}"
    );
}

fn no_store(headers: &HeaderMap) -> bool {
    headers
        .get(header::CACHE_CONTROL)
        .is_some_and(|v| v == "no-store")
}

/// The nonce the policy allows (`'nonce-…'` in script-src).
fn policy_nonce(headers: &HeaderMap) -> String {
    let csp = headers
        .get(header::CONTENT_SECURITY_POLICY)
        .unwrap()
        .to_str()
        .unwrap();
    let script_src = csp
        .split(';')
        .map(str::trim)
        .find(|d| d.starts_with("script-src "))
        .unwrap_or_else(|| panic!("script-src in {csp}"));
    let nonces: Vec<&str> = script_src
        .split_whitespace()
        .filter_map(|s| s.strip_prefix("'nonce-")?.strip_suffix('\''))
        .collect();
    assert_eq!(nonces.len(), 1, "{csp}");
    assert!(nonces[0].len() >= 16, "a nonce of some strength: {csp}");
    nonces[0].to_string()
}

/// Every `<script …>` opening tag of the page: (its attributes, whether it has inline code).
fn scripts(html: &str) -> Vec<(String, bool)> {
    let mut found = Vec::new();
    let mut rest = html;
    while let Some(start) = rest.find("<script") {
        let after = &rest[start + "<script".len()..];
        let end = after.find('>').expect("a closed script tag");
        let attributes = after[..end].to_string();
        let body_end = after[end + 1..].find("</script>").expect("</script>");
        let inline = !after[end + 1..end + 1 + body_end].trim().is_empty();
        found.push((attributes, inline));
        rest = &after[end + 1 + body_end..];
    }
    found
}

fn nonce_attribute(attributes: &str) -> Option<&str> {
    let start = attributes.find("nonce=\"")? + "nonce=\"".len();
    let end = attributes[start..].find('"')?;
    Some(&attributes[start..start + end])
}

async fn pages_carry_the_policy_with_the_nonce_of_their_inline_scripts(db: DatabaseConnection) {
    let app = TestApp::signed_in(db.clone(), Role::Manager).await;
    // A lead so the board streams a card, and the pages that read data as they render.
    let (status, text) = app
        .post_form(
            "/api/leads/create",
            &[
                ("input[first_name]", "Jan"),
                ("input[last_name]", "Novák"),
                ("input[email]", "jan@firma.cz"),
                ("input[phone]", ""),
                ("input[company]", ""),
                ("input[source]", "phone"),
                ("input[description]", ""),
                ("form_key", "k"),
            ],
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{text}");
    let mut nonces = Vec::new();
    for path in [
        "/",
        "/",
        "/leads/new",
        "/dashboard",
        "/tasks",
        "/no/such/page",
    ] {
        let (status, headers, html) = app.get_with_headers(path, &[]).await;
        assert!(
            status == StatusCode::OK || status == StatusCode::NOT_FOUND,
            "{path}: {status}"
        );
        assert_common(&headers, path);
        assert!(no_store(&headers), "{path}: pages carry personal data");
        let nonce = policy_nonce(&headers);
        let scripts = scripts(&html);
        assert!(
            scripts.iter().any(|(_, inline)| *inline),
            "{path}: Leptos starts hydration with an inline script"
        );
        for (attributes, inline) in &scripts {
            if *inline || !attributes.contains("src=") {
                assert_eq!(
                    nonce_attribute(attributes),
                    Some(nonce.as_str()),
                    "{path}: every inline script carries the policy's nonce: <script{attributes}>"
                );
            }
        }
        // No inline style attribute: the policy would refuse it.
        assert!(!html.contains(" style=\""), "{path}: an inline style");
        nonces.push(nonce);
    }
    let distinct: std::collections::HashSet<&String> = nonces.iter().collect();
    assert_eq!(distinct.len(), nonces.len(), "a fresh nonce per response");

    // The sign-in page, signed out.
    let anonymous = TestApp::signed_out(db.clone());
    let (status, headers, html) = anonymous.get_with_headers("/sign-in", &[]).await;
    assert_eq!(status, StatusCode::OK);
    assert_common(&headers, "/sign-in");
    assert!(no_store(&headers));
    let nonce = policy_nonce(&headers);
    assert!(html.contains(&format!("nonce=\"{nonce}\"")));
}

async fn answers_and_refusals_carry_the_headers(db: DatabaseConnection) {
    let app = TestApp::signed_in(db.clone(), Role::Salesperson).await;
    // A server function's answer.
    let req = app
        .post("/api/leads/board")
        .header(header::ORIGIN, ORIGIN)
        .body(Body::from("filter=all"))
        .unwrap();
    let (status, headers, _) = app.send(req).await;
    assert_eq!(status, StatusCode::OK);
    assert_common(&headers, "server function");
    assert!(no_store(&headers), "answers carry personal data");
    // Its refusals: an error of ours, a malformed call, a cross-site post, nobody signed in.
    let req = app
        .post("/api/leads/get")
        .header(header::ORIGIN, ORIGIN)
        .body(Body::from("id=999999"))
        .unwrap();
    let (status, headers, _) = app.send(req).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_common(&headers, "404 answer");
    assert!(no_store(&headers));
    let req = app
        .post("/api/leads/get")
        .header(header::ORIGIN, ORIGIN)
        .body(Body::empty())
        .unwrap();
    let (status, headers, _) = app.send(req).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_common(&headers, "400 answer");
    let req = app
        .post("/api/leads/get")
        .header(header::ORIGIN, "https://evil.example")
        .body(Body::from("id=1"))
        .unwrap();
    let (status, headers, _) = app.send(req).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert_common(&headers, "CSRF refusal");
    let anonymous = TestApp::signed_out(db.clone());
    let (status, headers, _) = anonymous.get_with_headers("/", &[]).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert_common(&headers, "sign-in redirect");
    assert!(no_store(&headers));
    // The live stream: personal data, never stored.
    let (status, headers, _) = anonymous.get_with_headers("/api/events", &[]).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_common(&headers, "events refusal");
    assert!(no_store(&headers));
    // A static file may be cached (none is built here: the answer is the 404 of a file).
    let (_, headers, _) = anonymous.get_with_headers("/pkg/leady.css", &[]).await;
    assert_common(&headers, "static file");
    assert!(!no_store(&headers), "static files stay cacheable");
}

/// A release build's files: a hashed name is immutable for a year, the `.br` or `.gz` copy
/// written at build time is sent as it is (the bytes on disk, not compressed again), and a
/// client that accepts neither gets the plain file. Static files need no database; SQLite
/// only stands behind the router.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn built_files_go_out_precompressed_and_immutable() {
    use tower::ServiceExt;
    let site = std::env::temp_dir().join(common::unique("leady_site"));
    let pkg = site.join("pkg");
    std::fs::create_dir_all(&pkg).unwrap();
    let hashed = "leady.AbCdEfGhIjKlMnOpQrStUv.wasm";
    std::fs::write(pkg.join(hashed), b"plain wasm bytes").unwrap();
    // Not real brotli or gzip: the point is that these exact bytes are what goes out.
    std::fs::write(pkg.join(format!("{hashed}.br")), b"brotli copy").unwrap();
    std::fs::write(pkg.join(format!("{hashed}.gz")), b"gzip copy").unwrap();
    std::fs::write(pkg.join("leady.css"), b"body{}").unwrap();
    let mut settings = common::app::settings();
    settings.site_root = site.to_string_lossy().into_owned();
    let router = leady::server::router(common::sqlite().await, &settings);
    let fetch = |path: String, accept: &'static str| {
        let router = router.clone();
        async move {
            let mut req = axum::http::Request::get(path).header(header::HOST, common::app::HOST);
            if !accept.is_empty() {
                req = req.header(header::ACCEPT_ENCODING, accept);
            }
            let response = router
                .oneshot(req.body(Body::empty()).unwrap())
                .await
                .unwrap();
            let (parts, body) = response.into_parts();
            let bytes = axum::body::to_bytes(body, usize::MAX).await.unwrap();
            (parts.status, parts.headers, bytes.to_vec())
        }
    };
    let immutable = "public, max-age=31536000, immutable";
    for (accept, encoding, body) in [
        ("br, gzip", Some("br"), &b"brotli copy"[..]),
        ("gzip", Some("gzip"), &b"gzip copy"[..]),
        ("", None, &b"plain wasm bytes"[..]),
    ] {
        let (status, headers, bytes) = fetch(format!("/pkg/{hashed}"), accept).await;
        assert_eq!(status, StatusCode::OK, "accept {accept:?}");
        assert_eq!(bytes, body, "accept {accept:?}");
        assert_eq!(
            headers
                .get(header::CONTENT_ENCODING)
                .map(|v| v.to_str().unwrap()),
            encoding,
            "accept {accept:?}"
        );
        assert_eq!(
            headers[header::CACHE_CONTROL],
            immutable,
            "accept {accept:?}"
        );
        assert_eq!(headers[header::CONTENT_TYPE], "application/wasm");
        assert_common(&headers, "hashed file");
    }
    // An unhashed name may change under the same name: revalidated on every use.
    let (status, headers, _) = fetch("/pkg/leady.css".into(), "br").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(headers[header::CACHE_CONTROL], "no-cache");
    std::fs::remove_dir_all(site).ok();
}
