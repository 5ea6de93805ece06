//! Security headers on every answer.
//!
//! - `Content-Security-Policy`: scripts only from this site, and an inline script only with
//!   this response's nonce. Leptos writes inline scripts into every page (the hydration start,
//!   streamed resources) and marks each with the nonce it makes per response
//!   (`leptos::nonce`); the HTML shell puts that nonce into the page's policy
//!   ([`set_page_policy`]). WebAssembly compiles under `'wasm-unsafe-eval'`. Styles come only
//!   from our stylesheet: no inline `style` attributes (a moving element is placed through the
//!   CSSOM, `style:transform=`, which the policy allows). Fetches, server functions and the live
//!   `EventSource` go to this site only. Nothing may frame a page.
//! - `X-Content-Type-Options: nosniff`, `Referrer-Policy: same-origin`, `X-Frame-Options`.
//! - `Cache-Control: no-store` on pages and answers (they carry personal data). Static files
//!   hold none: a content-hashed file (`/pkg/leady.<hash>.wasm`) is cached for a year as
//!   immutable; the others (icons, the manifest, the service worker, an unhashed build's
//!   files) are revalidated on each use (`no-cache`).

use axum::extract::Request;
use axum::http::{HeaderName, HeaderValue, header};
use axum::middleware::Next;
use axum::response::Response;

/// The policy; `nonce` is the page's (answers that are not pages run no inline script).
pub fn content_security_policy(nonce: Option<&str>) -> String {
    let inline = nonce.map(|n| format!(" 'nonce-{n}'")).unwrap_or_default();
    format!(
        "default-src 'self'; script-src 'self'{inline} 'wasm-unsafe-eval'; style-src 'self'; \
         img-src 'self'; connect-src 'self'; font-src 'self'; object-src 'none'; \
         base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
    )
}

/// Called by the HTML shell while it renders: the page's policy with this response's nonce.
pub fn set_page_policy() {
    use leptos::prelude::use_context;
    let Some(nonce) = leptos::nonce::use_nonce() else {
        return;
    };
    if let (Some(response), Ok(value)) = (
        use_context::<leptos_axum::ResponseOptions>(),
        HeaderValue::from_str(&content_security_policy(Some(&nonce))),
    ) {
        response.insert_header(header::CONTENT_SECURITY_POLICY, value);
    }
}

/// Static files the browser may cache: they hold no personal data.
pub fn is_static_file(path: &str) -> bool {
    path.starts_with("/pkg/")
        || path.starts_with("/icons/")
        || matches!(
            path,
            "/favicon.svg"
                | "/favicon.ico"
                | "/manifest.webmanifest"
                | "/robots.txt"
                | "/sw.js"
                | "/offline-queue.js"
        )
}

/// How long the browser may keep an answer to `path`.
fn cache_control(path: &str) -> &'static str {
    if path.starts_with("/pkg/") && super::static_files::is_content_hashed(path) {
        "public, max-age=31536000, immutable"
    } else if is_static_file(path) {
        "no-cache"
    } else {
        "no-store"
    }
}

pub async fn security_headers(req: Request, next: Next) -> Response {
    let cache = cache_control(req.uri().path());
    let mut response = next.run(req).await;
    let headers = response.headers_mut();
    let set = |headers: &mut axum::http::HeaderMap, name: HeaderName, value: &'static str| {
        headers.insert(name, HeaderValue::from_static(value));
    };
    set(headers, header::X_CONTENT_TYPE_OPTIONS, "nosniff");
    set(headers, header::REFERRER_POLICY, "same-origin");
    set(headers, header::X_FRAME_OPTIONS, "DENY");
    if !headers.contains_key(header::CONTENT_SECURITY_POLICY) {
        let page = headers
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.starts_with("text/html"));
        let policy = if page {
            // A page whose policy with its nonce did not reach the headers: seen now and then
            // on the lead detail page (SsrMode::Async), where the shell's header came too late.
            // Its inline hydration scripts must still run, or the page never comes alive.
            tracing::warn!("page answered without its nonce policy; inline scripts allowed");
            content_security_policy(None).replace(
                "script-src 'self' 'wasm-unsafe-eval'",
                "script-src 'self' 'unsafe-inline' 'wasm-unsafe-eval'",
            )
        } else {
            content_security_policy(None)
        };
        if let Ok(value) = HeaderValue::from_str(&policy) {
            headers.insert(header::CONTENT_SECURITY_POLICY, value);
        }
    }
    set(headers, header::CACHE_CONTROL, cache);
    response
}
