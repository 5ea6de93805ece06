//! The public capture endpoint, `POST /api/v1/capture/{form_key}` and its `OPTIONS`
//! pre-flight, and Leady's small thank-you page (server only).
//!
//! No session and no same-origin check (`server::csrf` lets these paths through): the key and
//! the form's allowed origins govern it. A browser's `Origin` must be one of the form's; a
//! post without one (a server, curl) is governed by the key alone. The answers are listed in
//! `openapi.rs`, which describes them for integrators.
//!
//! The client's address (for the rate limit and the consent record) is the TCP peer's; with
//! `[capture] trust_forwarded_for` it is the last `X-Forwarded-For` entry, the one the proxy
//! in front of Leady appended (entries before it are whatever the client claimed).

use std::net::SocketAddr;

use axum::body::{Body, to_bytes};
use axum::extract::{ConnectInfo, Path, Request, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};

use super::model::{
    BODY_LIMIT, CONSENT_FIELD, CaptureField, CaptureOutcome, HONEYPOT_FIELD, IDEMPOTENCY_FIELD,
    THANKS_PATH, escape_html,
};
use super::submit::{Captured, Submission, capture, check, stored_answer};
use crate::error::{Field, FieldError};
use crate::i18n::{Locale, locale_from_headers};
use crate::server::entities::capture_form;
use crate::server::state::AppState;

/// The longest idempotency key taken.
const MAX_IDEMPOTENCY_KEY: usize = 200;

/// `OPTIONS`: only the form's allowed origins get the CORS permission.
pub async fn preflight(
    State(state): State<AppState>,
    Path(key): Path<String>,
    headers: HeaderMap,
) -> Response {
    let locale = locale_from_headers(&headers);
    let form = match live_form(&state, &key).await {
        Ok(form) => form,
        Err(response) => return response_in(response, locale),
    };
    let Some(origin) = allowed_origin(&form, &headers) else {
        return error(
            StatusCode::FORBIDDEN,
            locale.texts().capture.err_origin_refused,
        );
    };
    let mut response = StatusCode::NO_CONTENT.into_response();
    let h = response.headers_mut();
    cors(h, &origin);
    h.insert(
        header::ACCESS_CONTROL_ALLOW_METHODS,
        HeaderValue::from_static("POST, OPTIONS"),
    );
    h.insert(
        header::ACCESS_CONTROL_ALLOW_HEADERS,
        HeaderValue::from_static("Content-Type, Idempotency-Key, Accept-Language"),
    );
    h.insert(
        header::ACCESS_CONTROL_MAX_AGE,
        HeaderValue::from_static("600"),
    );
    response
}

/// `POST`: a submission, as JSON or as a plain HTML form.
pub async fn submit(
    State(state): State<AppState>,
    Path(key): Path<String>,
    req: Request,
) -> Response {
    let headers = req.headers().clone();
    let locale = locale_from_headers(&headers);
    let t = locale.texts();
    let form = match live_form(&state, &key).await {
        Ok(form) => form,
        Err(response) => return response_in(response, locale),
    };
    let origin = match headers.get(header::ORIGIN) {
        None => None,
        Some(_) => match allowed_origin(&form, &headers) {
            Some(origin) => Some(origin),
            None => return error(StatusCode::FORBIDDEN, t.capture.err_origin_refused),
        },
    };
    let peer = req
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|ConnectInfo(addr)| addr.ip().to_string());
    let client = client_address(&headers, peer, state.capture.trust_forwarded_for);
    let response = answer(&state, &form, &headers, &client, req.into_body(), locale).await;
    with_cors(response, origin.as_deref())
}

async fn answer(
    state: &AppState,
    form: &capture_form::Model,
    headers: &HeaderMap,
    client: &str,
    body: Body,
    locale: Locale,
) -> Response {
    let t = locale.texts();
    let now = chrono::Utc::now();
    if let Err(wait) =
        state
            .capture_limiter
            .hit(form.id, client, state.capture.per_minute, now.timestamp())
    {
        let mut response = error(StatusCode::TOO_MANY_REQUESTS, t.capture.err_rate_limited);
        response
            .headers_mut()
            .insert(header::RETRY_AFTER, HeaderValue::from(wait));
        return response;
    }
    let kind = content_kind(headers);
    let Some(kind) = kind else {
        return error(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            t.capture.err_unsupported_type,
        );
    };
    // The body guard (`server::request_body`) already refused more than BODY_LIMIT.
    let Ok(bytes) = to_bytes(body, BODY_LIMIT).await else {
        return error(StatusCode::PAYLOAD_TOO_LARGE, t.err_too_large);
    };
    let Some(fields) = read_fields(kind, &bytes) else {
        return error(StatusCode::BAD_REQUEST, t.err_malformed);
    };
    if fields
        .get(HONEYPOT_FIELD)
        .is_some_and(|v| !v.trim().is_empty())
    {
        // A bot: it hears "accepted" and nothing is stored.
        return (
            StatusCode::ACCEPTED,
            axum::Json(json!({"status": "accepted"})),
        )
            .into_response();
    }
    let idempotency_key = headers
        .get("idempotency-key")
        .and_then(|v| v.to_str().ok())
        .map(str::to_string)
        .or_else(|| fields.get(IDEMPOTENCY_FIELD).cloned())
        .map(|k| k.trim().to_string())
        .filter(|k| !k.is_empty());
    if idempotency_key
        .as_ref()
        .is_some_and(|k| k.chars().count() > MAX_IDEMPOTENCY_KEY)
    {
        return error(StatusCode::BAD_REQUEST, t.err_malformed);
    }
    let plain_form = kind == ContentKind::Form && !wants_json(headers);
    if let Some(key) = &idempotency_key {
        match stored_answer(&state.db, form.id, key).await {
            Ok(Some(first)) => return success(form, first, plain_form),
            Ok(None) => {}
            Err(_) => return internal(locale),
        }
    }
    let submission = Submission {
        values: CaptureField::ALL
            .into_iter()
            .filter_map(|f| fields.get(f.code()).map(|v| (f, v.clone())))
            .collect(),
        consent: fields.get(CONSENT_FIELD).is_some_and(|v| is_yes(v)),
        idempotency_key,
        client_address: client.to_string(),
    };
    let valid = match check(form, &submission) {
        Ok(valid) => valid,
        Err(errors) => return invalid(&errors, locale, wants_html(headers) && plain_form),
    };
    match capture(&state.db, form, &valid, &submission, now).await {
        Ok(captured) => success(form, captured, plain_form),
        Err(err) => {
            tracing::error!(error = %err, form = form.id, "web-form capture failed");
            internal(locale)
        }
    }
}

/// The switched-on form with this key; otherwise the 404 (a switched-off form answers as if
/// it did not exist: its key tells nobody anything).
async fn live_form(state: &AppState, key: &str) -> Result<capture_form::Model, StatusCode> {
    match super::repo::form_by_key(&state.db, key).await {
        Ok(Some(form)) if form.active => Ok(form),
        Ok(_) => Err(StatusCode::NOT_FOUND),
        Err(err) => {
            tracing::error!(error = %err, "web-form lookup failed");
            Err(StatusCode::INTERNAL_SERVER_ERROR)
        }
    }
}

fn response_in(status: StatusCode, locale: Locale) -> Response {
    if status == StatusCode::NOT_FOUND {
        error(status, locale.texts().capture.err_not_found)
    } else {
        internal(locale)
    }
}

fn internal(locale: Locale) -> Response {
    error(
        StatusCode::INTERNAL_SERVER_ERROR,
        locale.texts().err_internal,
    )
}

/// `{"error": "…"}` with the status.
fn error(status: StatusCode, message: &str) -> Response {
    (status, axum::Json(json!({ "error": message }))).into_response()
}

/// 201 / 200 as JSON; a plain HTML form is sent on to the thank-you page (303).
fn success(form: &capture_form::Model, captured: Captured, plain_form: bool) -> Response {
    if plain_form {
        let to = form
            .thank_you_url
            .clone()
            .unwrap_or_else(|| THANKS_PATH.to_string());
        let mut response = StatusCode::SEE_OTHER.into_response();
        if let Ok(value) = HeaderValue::from_str(&to) {
            response.headers_mut().insert(header::LOCATION, value);
        }
        return response;
    }
    let status = match captured.outcome {
        CaptureOutcome::Created => StatusCode::CREATED,
        CaptureOutcome::Duplicate => StatusCode::OK,
    };
    (
        status,
        axum::Json(json!({"lead_id": captured.lead_id, "status": captured.outcome.code()})),
    )
        .into_response()
}

/// The public name of a field in an error: the posted field's, or `consent`.
fn public_name(field: Field) -> &'static str {
    match field {
        Field::Consent => CONSENT_FIELD,
        other => CaptureField::from_lead_field(other)
            .map(CaptureField::code)
            .unwrap_or("last_name"),
    }
}

/// 422 `{"errors": {"field": "message"}}` in the request's language; a person's browser
/// posting the plain form gets the same as a small page.
fn invalid(errors: &[FieldError], locale: Locale, page: bool) -> Response {
    let t = locale.texts();
    let messages: Vec<(&str, String)> = errors
        .iter()
        .map(|e| (public_name(e.field), t.field_problem(e.problem)))
        .collect();
    if page {
        let items: String = messages
            .iter()
            .map(|(field, message)| {
                let label = CaptureField::from_code(field)
                    .map(|f| t.capture.field(f))
                    .unwrap_or(*field);
                format!(
                    "<li><strong>{}</strong>: {}</li>",
                    escape_html(label),
                    escape_html(message)
                )
            })
            .collect();
        let body = format!(
            "<p>{}</p><ul>{items}</ul>",
            escape_html(t.capture.invalid_back)
        );
        return page_response(
            StatusCode::UNPROCESSABLE_ENTITY,
            locale,
            t.capture.invalid_title,
            &body,
        );
    }
    let map: serde_json::Map<String, Value> = messages
        .into_iter()
        .map(|(field, message)| (field.to_string(), Value::String(message)))
        .collect();
    (
        StatusCode::UNPROCESSABLE_ENTITY,
        axum::Json(json!({ "errors": map })),
    )
        .into_response()
}

/// `GET /capture/thanks`: for forms without a thank-you URL of their own.
pub async fn thanks(headers: HeaderMap) -> Response {
    let locale = locale_from_headers(&headers);
    let t = locale.texts();
    page_response(
        StatusCode::OK,
        locale,
        t.capture.thanks_title,
        &format!("<p>{}</p>", escape_html(t.capture.thanks_text)),
    )
}

fn page_response(status: StatusCode, locale: Locale, title: &str, body: &str) -> Response {
    let html = format!(
        "<!DOCTYPE html><html lang=\"{}\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>{title}</title><link rel=\"stylesheet\" href=\"/pkg/leady.css\"></head>\
         <body><main class=\"main\"><section class=\"page narrow capture-page\">\
         <h1>{title}</h1>{body}</section></main></body></html>",
        locale.code(),
        title = escape_html(title),
    );
    (
        status,
        [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
        html,
    )
        .into_response()
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum ContentKind {
    Json,
    Form,
}

fn content_kind(headers: &HeaderMap) -> Option<ContentKind> {
    let value = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())?
        .split(';')
        .next()?
        .trim()
        .to_ascii_lowercase();
    match value.as_str() {
        "application/json" => Some(ContentKind::Json),
        "application/x-www-form-urlencoded" => Some(ContentKind::Form),
        _ => None,
    }
}

/// The posted fields as text. JSON numbers and booleans become text (`true` consents); nested
/// values are refused, as is a body that does not parse.
fn read_fields(
    kind: ContentKind,
    bytes: &[u8],
) -> Option<std::collections::HashMap<String, String>> {
    match kind {
        ContentKind::Form => serde_urlencoded::from_bytes::<Vec<(String, String)>>(bytes)
            .ok()
            .map(|pairs| pairs.into_iter().collect()),
        ContentKind::Json => {
            let Value::Object(map) = serde_json::from_slice::<Value>(bytes).ok()? else {
                return None;
            };
            map.into_iter()
                .map(|(k, v)| {
                    let text = match v {
                        Value::String(s) => s,
                        Value::Null => String::new(),
                        Value::Bool(b) => b.to_string(),
                        Value::Number(n) => n.to_string(),
                        Value::Array(_) | Value::Object(_) => return None,
                    };
                    Some((k, text))
                })
                .collect()
        }
    }
}

fn is_yes(value: &str) -> bool {
    matches!(
        value.trim().to_ascii_lowercase().as_str(),
        "yes" | "on" | "true" | "1" | "ano"
    )
}

/// A client asking for JSON explicitly (and not for a page).
fn wants_json(headers: &HeaderMap) -> bool {
    headers
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.contains("application/json") && !v.contains("text/html"))
}

fn wants_html(headers: &HeaderMap) -> bool {
    headers
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.contains("text/html"))
}

/// The request's `Origin` when the form allows it.
fn allowed_origin(form: &capture_form::Model, headers: &HeaderMap) -> Option<String> {
    let origin = headers.get(header::ORIGIN)?.to_str().ok()?;
    super::repo::allows_origin(form, origin).then(|| origin.to_string())
}

fn cors(headers: &mut HeaderMap, origin: &str) {
    if let Ok(value) = HeaderValue::from_str(origin) {
        headers.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, value);
    }
    headers.insert(header::VARY, HeaderValue::from_static("Origin"));
    headers.insert(
        header::ACCESS_CONTROL_EXPOSE_HEADERS,
        HeaderValue::from_static("Retry-After"),
    );
}

fn with_cors(mut response: Response, origin: Option<&str>) -> Response {
    if let Some(origin) = origin {
        cors(response.headers_mut(), origin);
    }
    response
}

/// The client's address: the TCP peer's, or behind a trusted proxy the last
/// `X-Forwarded-For` entry.
pub fn client_address(headers: &HeaderMap, peer: Option<String>, trust_forwarded: bool) -> String {
    if trust_forwarded
        && let Some(last) = headers
            .get_all("x-forwarded-for")
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(','))
            .map(str::trim)
            .rfind(|v| !v.is_empty())
        && let Ok(ip) = last.parse::<std::net::IpAddr>()
    {
        return ip.to_string();
    }
    peer.unwrap_or_else(|| "unknown".to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forwarded_for_only_when_trusted_and_only_its_last_entry() {
        let mut h = HeaderMap::new();
        h.insert(
            "x-forwarded-for",
            HeaderValue::from_static("6.6.6.6, 203.0.113.7"),
        );
        let peer = Some("10.0.0.1".to_string());
        assert_eq!(client_address(&h, peer.clone(), false), "10.0.0.1");
        assert_eq!(client_address(&h, peer.clone(), true), "203.0.113.7");
        h.insert("x-forwarded-for", HeaderValue::from_static("nonsense"));
        assert_eq!(client_address(&h, peer, true), "10.0.0.1");
    }

    #[test]
    fn json_and_form_bodies_read_alike() {
        let json = read_fields(
            ContentKind::Json,
            br#"{"email":"a@b.cz","consent":true,"n":1}"#,
        )
        .unwrap();
        assert_eq!(json["consent"], "true");
        assert_eq!(json["n"], "1");
        let form = read_fields(ContentKind::Form, b"email=a%40b.cz&consent=yes").unwrap();
        assert_eq!(form["email"], "a@b.cz");
        assert!(read_fields(ContentKind::Json, b"[1]").is_none());
        assert!(read_fields(ContentKind::Json, br#"{"a":{"b":1}}"#).is_none());
    }
}
