//! The OpenAPI 3.1 description of the public capture API, generated from these types by
//! `utoipa` and served at `/api/v1/openapi.json` (server only). The field names come from
//! `CaptureField` and the constants in `model.rs`; the test in tests/it/capture.rs checks the
//! document against them, so the description cannot drift from what the endpoint reads.

use std::collections::BTreeMap;

use axum::http::header;
use axum::response::IntoResponse;
use utoipa::{OpenApi, ToSchema};

/// A submission. Which fields a form accepts and requires is set per form on its admin page;
/// fields it does not accept are ignored.
#[allow(dead_code)]
#[derive(ToSchema)]
pub struct CaptureRequest {
    first_name: Option<String>,
    /// Every form accepts it; a lead needs it.
    last_name: String,
    email: Option<String>,
    /// Czech numbers with or without +420, international ones with + or 00.
    phone: Option<String>,
    company: Option<String>,
    /// Becomes the lead's description.
    message: Option<String>,
    /// Required (true, "yes", "on") when the form has a consent text.
    consent: Option<bool>,
    /// The honeypot: leave it empty. A filled one is answered 202 and dropped.
    website: Option<String>,
    /// For plain HTML forms, instead of the `Idempotency-Key` header.
    _idempotency_key: Option<String>,
}

/// The lead the submission created or was logged on.
#[allow(dead_code)]
#[derive(ToSchema)]
pub struct CaptureAnswer {
    lead_id: i32,
    /// `created`, or `duplicate` when an open lead has the same email or phone (the submission
    /// is logged on it as an activity).
    status: String,
}

/// Invalid fields, each with a message in Czech or English (by `Accept-Language`).
#[allow(dead_code)]
#[derive(ToSchema)]
pub struct CaptureErrors {
    errors: BTreeMap<String, String>,
}

/// A refusal with a message in Czech or English.
#[allow(dead_code)]
#[derive(ToSchema)]
pub struct ErrorAnswer {
    error: String,
}

/// Send a web form's submission. Public: no session; the key and the form's allowed origins
/// govern it.
#[utoipa::path(
    post,
    path = "/api/v1/capture/{form_key}",
    operation_id = "capture",
    tag = "capture",
    params(
        ("form_key" = String, Path, description = "The form's key, from its admin page"),
        ("Idempotency-Key" = Option<String>, Header, description = "A retry with the same key (per form, kept 24 hours) gets the first answer"),
        ("Accept-Language" = Option<String>, Header, description = "cs (default) or en, for messages"),
    ),
    request_body(
        description = "JSON, or a plain HTML form (application/x-www-form-urlencoded); at most 16 KiB",
        content(
            (CaptureRequest = "application/json"),
            (CaptureRequest = "application/x-www-form-urlencoded"),
        )
    ),
    responses(
        (status = 201, description = "A new lead", body = CaptureAnswer),
        (status = 200, description = "Duplicate: logged on the open lead with the same email or phone", body = CaptureAnswer),
        (status = 202, description = "Honeypot filled: dropped"),
        (status = 303, description = "A plain HTML form post (urlencoded, without Accept: application/json): on to the form's thank-you URL, or Leady's thank-you page",
            headers(("Location" = String, description = "Where to go"))),
        (status = 400, description = "A body that does not parse", body = ErrorAnswer),
        (status = 403, description = "The browser's Origin is not one of the form's allowed origins", body = ErrorAnswer),
        (status = 404, description = "Unknown or switched-off form", body = ErrorAnswer),
        (status = 413, description = "Body over 16 KiB"),
        (status = 415, description = "Neither JSON nor a urlencoded form", body = ErrorAnswer),
        (status = 422, description = "Invalid fields", body = CaptureErrors),
        (status = 429, description = "Too many submissions from this address to this form this minute", body = ErrorAnswer,
            headers(("Retry-After" = u64, description = "Seconds until it may send again"))),
    )
)]
#[allow(dead_code)]
fn capture() {}

/// The CORS pre-flight: answered 204 with permission for the form's allowed origins only.
#[utoipa::path(
    options,
    path = "/api/v1/capture/{form_key}",
    operation_id = "capture_preflight",
    tag = "capture",
    params(("form_key" = String, Path, description = "The form's key")),
    responses(
        (status = 204, description = "The Origin is allowed"),
        (status = 403, description = "The Origin is not allowed", body = ErrorAnswer),
        (status = 404, description = "Unknown or switched-off form", body = ErrorAnswer),
    )
)]
#[allow(dead_code)]
fn capture_preflight() {}

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Leady public API",
        description = "Web forms post leads into Leady.",
        version = "1"
    ),
    paths(capture, capture_preflight),
    components(schemas(CaptureRequest, CaptureAnswer, CaptureErrors, ErrorAnswer))
)]
struct PublicApi;

/// The document as JSON.
pub fn document() -> String {
    PublicApi::openapi().to_pretty_json().unwrap_or_default()
}

/// `GET /api/v1/openapi.json`.
pub async fn serve() -> axum::response::Response {
    static DOC: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    (
        [(header::CONTENT_TYPE, "application/json")],
        DOC.get_or_init(document).clone(),
    )
        .into_response()
}
