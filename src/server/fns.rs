//! Plumbing shared by all server functions.

use axum::http::{StatusCode, header};
use leptos::prelude::*;
use leptos_axum::ResponseOptions;
use sea_orm::DatabaseConnection;

use super::state::AppState;
use crate::error::AppError;

/// The pool, from the state given to every server function as context.
pub fn db() -> Result<DatabaseConnection, AppError> {
    use_context::<AppState>()
        .map(|s| s.db)
        .ok_or(AppError::Internal)
}

/// The bound on password hashing and checking, from the state.
pub fn passwords() -> Result<crate::auth::password::PasswordWork, AppError> {
    use_context::<AppState>()
        .map(|s| s.passwords)
        .ok_or(AppError::Internal)
}

/// Sets the HTTP status that fits the error (422, 404, 409…) and passes the result on.
pub fn answer<T>(result: Result<T, AppError>) -> Result<T, AppError> {
    if let Err(err) = &result
        && let Some(response) = use_context::<ResponseOptions>()
    {
        response.set_status(
            StatusCode::from_u16(err.http_status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR),
        );
    }
    result
}

/// True for a plain HTML form post (no WebAssembly yet): it expects a page, not JSON.
pub fn wants_html() -> bool {
    use_context::<axum::http::request::Parts>()
        .and_then(|p| p.headers.get(header::ACCEPT).cloned())
        .and_then(|v| v.to_str().ok().map(|s| s.contains("text/html")))
        .unwrap_or(false)
}

/// On the server, a failure outside our code's body is the framework failing to read a
/// request (or to write an answer): see [`framework_error`].
impl leptos::server_fn::error::FromServerFnError for AppError {
    type Encoder = crate::wire::JsonText;

    fn from_server_fn_error(value: leptos::server_fn::error::ServerFnErrorErr) -> Self {
        framework_error(value)
    }
}

/// What a server function answers when the framework, not our code, failed: arguments that do
/// not decode are the caller's mistake (400, a generic translated message, the decoder's text
/// only in the log); anything else is a bug of ours (500, details in the log).
pub fn framework_error(err: leptos::server_fn::error::ServerFnErrorErr) -> AppError {
    use leptos::server_fn::error::ServerFnErrorErr as E;
    match err {
        E::Args(_) | E::MissingArg(_) | E::Deserialization(_) => {
            tracing::debug!(error = %err, "server function arguments refused");
            if let Some(response) = use_context::<ResponseOptions>() {
                response.set_status(StatusCode::BAD_REQUEST);
            }
            AppError::Malformed(crate::i18n::request_locale().texts().err_malformed.into())
        }
        other => {
            tracing::error!(error = %other, "server function failed outside its body");
            AppError::Internal
        }
    }
}

/// The longest search text worth running: nothing searched (names, companies, emails) is
/// longer than an email address. A longer text matches nothing, and SQLite refuses a LIKE
/// pattern over 50,000 bytes (a 500 before this check).
pub const SEARCH_MAX_CHARS: usize = crate::shared::contact::MAX_EMAIL;

/// True when `q` could match something, as far as its length goes.
pub fn searchable(q: &str) -> bool {
    q.trim().chars().count() <= SEARCH_MAX_CHARS
}
