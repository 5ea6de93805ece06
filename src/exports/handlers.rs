//! `GET /export/{list}.{csv|xlsx}` (server only): a download of what the user's screen shows.
//! A GET because it only reads (the CSRF guard lets GETs through; nothing changes). The
//! sign-in gate sends a browser without a session to the sign-in page first; here the user
//! must still be active, and each list keeps the scope of its screen:
//! the board `board_scope` (a salesperson asking for a colleague's board is refused), the
//! search `visible_scope`, the Klienti lists `client_scope`.

use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use tower_sessions::Session;

use super::model::{ExportFormat, ExportList, parse_file};
use super::repo::Table;
use super::sheet::{Sheet, to_csv, to_xlsx};
use crate::auth::model::CurrentUser;
use crate::auth::permissions::{board_scope, client_scope, visible_scope};
use crate::error::AppError;
use crate::i18n::{Texts, locale_from_headers};
use crate::leads::model::BoardFilter;
use crate::server::state::AppState;

/// The query parameters of the screens: the board's filter, or a search text.
#[derive(Debug, Default, Deserialize)]
pub struct ExportQuery {
    #[serde(default)]
    owner: Option<String>,
    #[serde(default)]
    score: Option<String>,
    #[serde(default)]
    closed: Option<String>,
    #[serde(default)]
    q: Option<String>,
}

pub async fn download(
    State(state): State<AppState>,
    session: Session,
    Path(file): Path<String>,
    Query(query): Query<ExportQuery>,
    headers: HeaderMap,
) -> Response {
    let t = locale_from_headers(&headers).texts();
    let Some((list, format)) = parse_file(&file) else {
        return refusal(t, AppError::NotFound);
    };
    let Some(user) = signed_in(&state, &session).await else {
        return refusal(t, AppError::Unauthorized);
    };
    let table = match read(&state, &user, list, &query, t).await {
        Ok(table) => table,
        Err(err) => return refusal(t, err),
    };
    let sheet = Sheet {
        name: t.exports.sheet(list).to_string(),
        headers: table.headers,
        rows: table.rows,
    };
    // Writing 10,000 rows takes a moment of CPU: off the request threads.
    let written = tokio::task::spawn_blocking(move || encode(&sheet, format)).await;
    let bytes = match written {
        Ok(Ok(bytes)) => bytes,
        Ok(Err(err)) => {
            tracing::error!(error = %err, list = list.code(), "export failed");
            return refusal(t, AppError::Internal);
        }
        Err(err) => {
            tracing::error!(error = %err, "export task failed");
            return refusal(t, AppError::Internal);
        }
    };
    let name = file_name(t, list, format, chrono::Utc::now());
    let mut response = (StatusCode::OK, bytes).into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static(format.content_type()),
    );
    if let Ok(value) = HeaderValue::from_str(&format!("attachment; filename=\"{name}\"")) {
        headers.insert(header::CONTENT_DISPOSITION, value);
    }
    response
}

/// A search text with nothing to look for (only punctuation): it finds nothing.
const FINDS_NOTHING: &str = "%";

/// The rows of `list` for `user`, narrowed as the screen narrows them.
async fn read(
    state: &AppState,
    user: &CurrentUser,
    list: ExportList,
    query: &ExportQuery,
    t: &'static Texts,
) -> Result<Table, AppError> {
    let db = &state.db;
    let q = query.q.as_deref().unwrap_or_default();
    // Too long to match anything: the screens answer nothing too.
    let q = if crate::server::fns::searchable(q) {
        q
    } else {
        FINDS_NOTHING
    };
    match list {
        ExportList::Leads => {
            let filter = query
                .owner
                .as_deref()
                .and_then(BoardFilter::from_code)
                .unwrap_or_default();
            let board = crate::leads::api::board_query(
                board_scope(user, filter)?,
                query.score.as_deref(),
                query.closed.as_deref(),
            );
            super::repo::board_leads(db, board, t).await
        }
        ExportList::Search => super::repo::searched_leads(db, visible_scope(user), q, t).await,
        ExportList::Accounts => super::repo::accounts(db, client_scope(user), q, t).await,
        ExportList::Contacts => super::repo::contacts(db, client_scope(user), q, t).await,
        ExportList::Deals => super::repo::deals(db, client_scope(user), t).await,
    }
}

fn encode(sheet: &Sheet, format: ExportFormat) -> Result<Vec<u8>, String> {
    match format {
        ExportFormat::Csv => to_csv(sheet).map_err(|e| e.to_string()),
        ExportFormat::Xlsx => to_xlsx(sheet).map_err(|e| e.to_string()),
    }
}

/// "leady-2026-11-30.csv": the list and the Prague date of the export.
pub fn file_name(
    t: &Texts,
    list: ExportList,
    format: ExportFormat,
    now: chrono::DateTime<chrono::Utc>,
) -> String {
    let day = (now + crate::i18n::time::prague_offset(now)).date_naive();
    format!(
        "{}-{}.{}",
        t.exports.file_stem(list),
        day.format("%Y-%m-%d"),
        format.extension()
    )
}

/// The signed-in, still active user of the session.
async fn signed_in(state: &AppState, session: &Session) -> Option<CurrentUser> {
    crate::server::auth::session_user(state, session)
        .await
        .ok()
        .flatten()
}

/// A refused export: the status that fits and the translated reason as plain text.
fn refusal(t: &Texts, err: AppError) -> Response {
    let status =
        StatusCode::from_u16(err.http_status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    (
        status,
        [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
        t.error(&err),
    )
        .into_response()
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn the_file_name_carries_the_prague_date() {
        let t = crate::i18n::Locale::Cs.texts();
        // 23:30 UTC on 30 November is already 1 December in Prague.
        let late = chrono::Utc
            .with_ymd_and_hms(2026, 11, 30, 23, 30, 0)
            .unwrap();
        assert_eq!(
            file_name(t, ExportList::Leads, ExportFormat::Csv, late),
            "leady-2026-12-01.csv"
        );
        let noon = chrono::Utc
            .with_ymd_and_hms(2026, 11, 30, 12, 0, 0)
            .unwrap();
        assert_eq!(
            file_name(t, ExportList::Accounts, ExportFormat::Xlsx, noon),
            "organizace-2026-11-30.xlsx"
        );
    }
}
