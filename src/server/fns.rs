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
