//! Server functions have no CSRF defence of their own. Browsers send `Origin` with every
//! POST (and `Referer` almost always), so a state-changing request is accepted only when
//! that origin is this very host. Requests with neither header are refused too: a browser
//! never sends those, and non-browser clients get their own authenticated API later.

use axum::body::Body;
use axum::http::{Method, Request, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

pub async fn same_origin_only(req: Request<Body>, next: Next) -> Response {
    if matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS) {
        return next.run(req).await;
    }
    // The public web-form API is posted from other sites by design: its form key and the
    // form's allowed origins govern it (`crate::capture::handler`).
    if req
        .uri()
        .path()
        .starts_with(crate::capture::model::CAPTURE_PATH)
    {
        return next.run(req).await;
    }
    if is_same_origin(req.headers()) {
        next.run(req).await
    } else {
        (StatusCode::FORBIDDEN, "Cross-site request refused.").into_response()
    }
}

pub fn is_same_origin(headers: &axum::http::HeaderMap) -> bool {
    let host = headers
        .get("x-forwarded-host")
        .or_else(|| headers.get(header::HOST))
        .and_then(|v| v.to_str().ok());
    let Some(host) = host else { return false };
    let claimed = headers
        .get(header::ORIGIN)
        .or_else(|| headers.get(header::REFERER))
        .and_then(|v| v.to_str().ok());
    match claimed.and_then(authority_of) {
        Some(authority) => authority.eq_ignore_ascii_case(host),
        None => false,
    }
}

/// `http://host:port/path` → `host:port`. `null` and other opaque origins give None.
fn authority_of(url: &str) -> Option<&str> {
    let rest = url
        .strip_prefix("http://")
        .or_else(|| url.strip_prefix("https://"))?;
    let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let authority = &rest[..end];
    (!authority.is_empty() && !authority.contains('@')).then_some(authority)
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::{HeaderMap, HeaderValue};

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.insert(*k, HeaderValue::from_static(v));
        }
        h
    }

    #[test]
    fn same_origin_is_accepted() {
        assert!(is_same_origin(&headers(&[
            ("host", "127.0.0.1:3000"),
            ("origin", "http://127.0.0.1:3000")
        ])));
        assert!(is_same_origin(&headers(&[
            ("host", "127.0.0.1:3000"),
            ("referer", "http://127.0.0.1:3000/leads/new?x=1")
        ])));
    }

    #[test]
    fn other_origins_are_refused() {
        assert!(!is_same_origin(&headers(&[
            ("host", "127.0.0.1:3000"),
            ("origin", "http://evil.example")
        ])));
        assert!(!is_same_origin(&headers(&[
            ("host", "127.0.0.1:3000"),
            ("origin", "null")
        ])));
        assert!(!is_same_origin(&headers(&[
            ("host", "127.0.0.1:3000"),
            ("origin", "http://127.0.0.1:3000@evil.example")
        ])));
        assert!(!is_same_origin(&headers(&[("host", "127.0.0.1:3000")])));
        assert!(!is_same_origin(&headers(&[(
            "origin",
            "http://127.0.0.1:3000"
        )])));
    }
}
