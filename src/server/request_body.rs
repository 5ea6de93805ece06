//! The size limit of request bodies. Server functions take small forms and JSON, so every
//! body is read whole here, up to [`LIMIT`], before anything else runs; a larger one is
//! answered 413 (with the app's error, translated) and never reaches a handler.
//!
//! A client that sends a large body anyway would see its connection reset if we answered and
//! closed while it is still sending (the unread bytes make the kernel send RST, and the client
//! loses our answer). So the rest of the body is read and thrown away, up to [`DRAIN_LIMIT`];
//! only beyond that, or when the client waits for `100 Continue` and so has sent nothing yet,
//! is the answer sent at once with `Connection: close`.
//!
//! A NUL character is refused (400) in a body and in the address: no form of ours sends one,
//! and PostgreSQL cannot store it in text, so it would otherwise fail deep in a query as a 500.

use axum::body::{Body, Bytes};
use axum::extract::Request;
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use futures_util::StreamExt;

use crate::error::AppError;
use crate::i18n::{Locale, locale_from_headers};

/// The largest body any route takes: server-function arguments are a few kilobytes at most
/// (the longest text field allows 5,000 characters). An upload, when one comes, gets its own
/// route with its own limit.
pub const LIMIT: usize = 64 * 1024;

/// How much of a too-large body is still read (and discarded) so the client gets the 413.
pub const DRAIN_LIMIT: u64 = 64 * 1024 * 1024;

pub async fn guard(req: Request, next: Next) -> Response {
    let locale = locale_from_headers(req.headers());
    // A web page posting to the public web-form API must be able to read our refusal (a
    // browser hides an answer without CORS permission, and the visitor would see "network
    // error" instead of "too large"). The refusal says nothing about any form, so it may be
    // read by whichever page sent the post.
    let capture = req
        .uri()
        .path()
        .starts_with(crate::capture::model::CAPTURE_PATH);
    let readable_by = capture
        .then(|| req.headers().get(header::ORIGIN).cloned())
        .flatten();
    let refuse = |response: Response| readable(response, readable_by.clone());
    if req.uri().to_string().contains("%00") {
        return refuse(malformed(locale));
    }
    // The import's upload takes files (an .xlsx is a zip, full of NUL bytes) up to its own
    // limit, and answers a refused plain post with the form again: it reads its body itself
    // (`imports::upload`).
    if req.method() == axum::http::Method::POST
        && req.uri().path() == crate::imports::model::UPLOAD_URL
    {
        return next.run(req).await;
    }
    // The public web-form API takes far less than server functions (`crate::capture`).
    let limit = if capture {
        crate::capture::model::BODY_LIMIT
    } else {
        LIMIT
    };
    let declared = req
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<u64>().ok());
    if let Some(declared) = declared
        && declared > limit as u64
    {
        let waits_for_continue = req
            .headers()
            .get(header::EXPECT)
            .is_some_and(|v| v.as_bytes().eq_ignore_ascii_case(b"100-continue"));
        // Reading the body would tell a waiting client to send it: answer first.
        let complete = !waits_for_continue
            && declared <= DRAIN_LIMIT
            && drain(req.into_body().into_data_stream(), 0).await;
        return refuse(too_large(locale, complete));
    }

    let (parts, body) = req.into_parts();
    let mut stream = body.into_data_stream();
    let mut read: Vec<u8> = Vec::new();
    while let Some(chunk) = stream.next().await {
        let Ok(chunk) = chunk else {
            // The client broke off (or sent a broken chunked body): nobody waits for an answer.
            return refuse(malformed(locale));
        };
        if read.len() + chunk.len() > limit {
            let complete = drain(stream, (read.len() + chunk.len()) as u64).await;
            return refuse(too_large(locale, complete));
        }
        read.extend_from_slice(&chunk);
    }
    if has_nul(&read) {
        return refuse(malformed(locale));
    }
    next.run(Request::from_parts(parts, Body::from(Bytes::from(read))))
        .await
}

/// The refusal with permission for the page at `origin` to read it.
fn readable(mut response: Response, origin: Option<HeaderValue>) -> Response {
    if let Some(origin) = origin {
        let h = response.headers_mut();
        h.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, origin);
        h.insert(header::VARY, HeaderValue::from_static("Origin"));
    }
    response
}

/// A NUL as a raw byte, form-encoded (`%00`) or escaped in JSON (`\u0000`, unless its
/// backslash is itself escaped).
fn has_nul(body: &[u8]) -> bool {
    if body.contains(&0) || body.windows(3).any(|w| w == b"%00") {
        return true;
    }
    body.windows(6).enumerate().any(|(i, w)| {
        w == b"\\u0000" && body[..i].iter().rev().take_while(|b| **b == b'\\').count() % 2 == 0
    })
}

/// Reads and discards the rest of a body; true when it ended within [`DRAIN_LIMIT`].
pub(crate) async fn drain(
    mut stream: impl futures_util::Stream<Item = Result<Bytes, axum::Error>> + Unpin,
    mut seen: u64,
) -> bool {
    while let Some(chunk) = stream.next().await {
        let Ok(chunk) = chunk else { return false };
        seen += chunk.len() as u64;
        if seen > DRAIN_LIMIT {
            return false;
        }
    }
    true
}

pub(crate) fn too_large(locale: Locale, body_read: bool) -> Response {
    let error = AppError::TooLarge(locale.texts().err_too_large.into());
    let mut response = json_error(StatusCode::PAYLOAD_TOO_LARGE, &error);
    if !body_read {
        response
            .headers_mut()
            .insert(header::CONNECTION, HeaderValue::from_static("close"));
    }
    response
}

fn malformed(locale: Locale) -> Response {
    let error = AppError::Malformed(locale.texts().err_malformed.into());
    json_error(StatusCode::BAD_REQUEST, &error)
}

/// The error as server functions answer it, so the browser's decoder reads it the same way.
pub(crate) fn json_error(status: StatusCode, error: &AppError) -> Response {
    let body = serde_json::to_string(error).unwrap_or_default();
    (status, [(header::CONTENT_TYPE, "application/json")], body).into_response()
}

#[cfg(test)]
mod tests {
    use super::has_nul;

    #[test]
    fn nul_in_any_encoding() {
        assert!(has_nul(b"q=a\0b"));
        assert!(has_nul(b"q=a%00b"));
        assert!(has_nul(br#"{"q":"a\u0000b"}"#));
        assert!(
            has_nul(br#"{"q":"a\\\u0000b"}"#),
            "an escaped backslash, then NUL"
        );
        assert!(!has_nul(br#"{"q":"a\\u0000b"}"#), "the text \\u0000, typed");
        assert!(!has_nul(b"q=a%2500b&n=100"), "the text %00, typed");
    }
}
