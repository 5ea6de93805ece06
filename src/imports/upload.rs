//! `POST /leads/import/upload` (server only): the upload form's target, a plain multipart
//! post that works without WebAssembly. Fields: `file` (required) and `sheet` (optional).
//!
//! The route reads its own body (the global 64 KiB limit and NUL refusal of
//! `server::request_body` do not apply: an .xlsx is a zip full of NUL bytes), up to the
//! file limit plus the form's envelope. Answers:
//! - stored: 303 to the batch's page (`Accept: application/json`: 201 with `UploadedImport`);
//! - refused: 303 back to the upload page, the translated error kept in the session for its
//!   one next showing (JSON: the `AppError` with its 4xx status, 413 for a file too large);
//! - a salesperson: 403; a session without an active user: 401.
//!
//! The sign-in gate and the same-origin (CSRF) check run before it, as for every post.

use axum::body::{Body, Bytes};
use axum::extract::{FromRequest, Multipart, Request, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use futures_util::StreamExt;
use tower_sessions::Session;

use super::model::{
    IMPORT_PAGE, ImportRefusal, MAX_FILE_BYTES, UPLOAD_FILE_FIELD, UPLOAD_FORM, UPLOAD_SHEET_FIELD,
    UploadedImport, batch_url,
};
use crate::error::AppError;
use crate::server::request_body::{DRAIN_LIMIT, drain, json_error};
use crate::server::state::AppState;

/// The largest body taken: the file and the form's envelope around it.
pub const BODY_LIMIT: usize = MAX_FILE_BYTES + 256 * 1024;

fn too_large() -> AppError {
    AppError::Import(ImportRefusal::TooLarge {
        max_mb: (MAX_FILE_BYTES / (1024 * 1024)) as u32,
    })
}

pub async fn upload(State(state): State<AppState>, session: Session, req: Request) -> Response {
    let wants_json = wants_json(req.headers());
    let (parts, body) = req.into_parts();
    let body = match read_body(&parts.headers, body).await {
        Ok(body) => body,
        Err(complete) => {
            let mut response = refuse(&session, wants_json, too_large()).await;
            if !complete {
                response
                    .headers_mut()
                    .insert(header::CONNECTION, HeaderValue::from_static("close"));
            }
            return response;
        }
    };
    let user = match signed_in_user(&state, &session).await {
        Ok(user) => user,
        Err(error) => return json_error(status_of(&error), &error),
    };
    if let Err(error) = crate::auth::permissions::check_import(&user) {
        return json_error(status_of(&error), &error);
    }
    let request = Request::from_parts(parts, Body::from(body));
    let form = match read_form(request, &state).await {
        Ok(form) => form,
        Err(refusal) => return refuse(&session, wants_json, AppError::Import(refusal)).await,
    };
    let created = super::repo::create_draft(
        &state.db,
        &user,
        &form.file_name,
        form.bytes,
        form.sheet.as_deref(),
        chrono::Utc::now(),
    )
    .await;
    match created {
        Ok(id) if wants_json => {
            let answer = UploadedImport {
                id,
                url: batch_url(id),
            };
            let body = serde_json::to_string(&answer).unwrap_or_default();
            (
                StatusCode::CREATED,
                [(header::CONTENT_TYPE, "application/json")],
                body,
            )
                .into_response()
        }
        Ok(id) => see_other(&batch_url(id)),
        Err(error) => refuse(&session, wants_json, error).await,
    }
}

/// A client that asks for JSON (and not for a page) gets JSON answers.
fn wants_json(headers: &HeaderMap) -> bool {
    let accept = headers
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    accept.contains("application/json") && !accept.contains("text/html")
}

fn status_of(error: &AppError) -> StatusCode {
    StatusCode::from_u16(error.http_status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR)
}

fn see_other(location: &str) -> Response {
    (
        StatusCode::SEE_OTHER,
        [(header::LOCATION, location.to_string())],
    )
        .into_response()
}

/// A refused upload: JSON with its status, or back to the upload page with the error kept.
async fn refuse(session: &Session, wants_json: bool, error: AppError) -> Response {
    if !wants_json && crate::server::form_flash::keep(session, UPLOAD_FORM, &(), &error).await {
        return see_other(IMPORT_PAGE);
    }
    json_error(status_of(&error), &error)
}

/// The body, up to [`BODY_LIMIT`]; `Err(complete)` when larger (`complete`: the rest was
/// read and thrown away, so the client hears the answer instead of a reset connection).
async fn read_body(headers: &HeaderMap, body: Body) -> Result<Bytes, bool> {
    let declared = headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<u64>().ok());
    let mut stream = body.into_data_stream();
    if let Some(declared) = declared
        && declared > BODY_LIMIT as u64
    {
        let waits_for_continue = headers
            .get(header::EXPECT)
            .is_some_and(|v| v.as_bytes().eq_ignore_ascii_case(b"100-continue"));
        let complete = !waits_for_continue && declared <= DRAIN_LIMIT && drain(stream, 0).await;
        return Err(complete);
    }
    let mut read: Vec<u8> = Vec::new();
    while let Some(chunk) = stream.next().await {
        let Ok(chunk) = chunk else {
            return Err(false);
        };
        if read.len() + chunk.len() > BODY_LIMIT {
            let seen = (read.len() + chunk.len()) as u64;
            return Err(drain(stream, seen).await);
        }
        read.extend_from_slice(&chunk);
    }
    Ok(Bytes::from(read))
}

/// The parts of the upload form.
struct UploadForm {
    file_name: String,
    bytes: Vec<u8>,
    sheet: Option<String>,
}

async fn read_form(request: Request, state: &AppState) -> Result<UploadForm, ImportRefusal> {
    let mut multipart = Multipart::from_request(request, state)
        .await
        .map_err(|_| ImportRefusal::NoFile)?;
    let mut file = None;
    let mut sheet = None;
    while let Some(field) = multipart
        .next_field()
        .await
        .map_err(|_| ImportRefusal::NoFile)?
    {
        match field.name() {
            Some(UPLOAD_FILE_FIELD) => {
                let file_name = field.file_name().unwrap_or("").to_string();
                let bytes = field.bytes().await.map_err(|_| ImportRefusal::NoFile)?;
                file = Some((file_name, bytes));
            }
            Some(UPLOAD_SHEET_FIELD) => {
                let text = field.text().await.unwrap_or_default();
                sheet = Some(text.chars().take(255).collect::<String>());
            }
            _ => {}
        }
    }
    match file {
        // A browser sends an empty part with no name when no file was chosen.
        None => Err(ImportRefusal::NoFile),
        Some((name, bytes)) if name.is_empty() && bytes.is_empty() => Err(ImportRefusal::NoFile),
        Some((_, bytes)) if bytes.len() > MAX_FILE_BYTES => Err(ImportRefusal::TooLarge {
            max_mb: (MAX_FILE_BYTES / (1024 * 1024)) as u32,
        }),
        Some((file_name, bytes)) => Ok(UploadForm {
            file_name,
            bytes: bytes.to_vec(),
            sheet: sheet.filter(|s| !s.trim().is_empty()),
        }),
    }
}

/// The signed-in active user of `session`.
async fn signed_in_user(
    state: &AppState,
    session: &Session,
) -> Result<crate::auth::model::CurrentUser, AppError> {
    crate::server::auth::session_user(state, session)
        .await?
        .ok_or(AppError::Unauthorized)
}
