//! The one error type of every server function. It crosses the wire as JSON and carries
//! only codes: the browser turns them into a message in the user's language.

#[cfg(not(feature = "ssr"))]
use leptos::server_fn::error::{FromServerFnError, ServerFnErrorErr};
use serde::{Deserialize, Serialize};

use crate::auth::model::SignInRefusal;
use crate::leads::status::TransitionRefusal;
pub use crate::shared::field::{Field, FieldError, FieldProblem};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum AppError {
    /// The input broke a rule; each problem belongs to a form field.
    #[error("invalid input: {0:?}")]
    Invalid(Vec<FieldError>),
    #[error("not found")]
    NotFound,
    /// Somebody else changed the record since the user loaded it.
    #[error("stale version")]
    Stale,
    #[error("status change refused: {0:?}")]
    Transition(TransitionRefusal),
    /// Nobody is signed in, or the session has ended.
    #[error("not signed in")]
    Unauthorized,
    /// Signed in, but the role does not allow this.
    #[error("forbidden")]
    Forbidden,
    #[error("sign-in refused: {0:?}")]
    SignIn(SignInRefusal),
    /// Something broke on the server; details are in the server log, not in the browser.
    #[error("internal error")]
    Internal,
    /// The request never got an answer from our code (network down, server restarting).
    #[error("transport: {0}")]
    Transport(String),
    /// The arguments could not be read (missing, mistyped, not UTF-8): a tampered or outdated
    /// client, never a user's typing. Carries the message in the request's language for
    /// clients without our tables; the browser shows its own (`Texts::err_malformed`).
    #[error("malformed request")]
    Malformed(String),
    /// The body is over the server functions' limit (`server::request_body`).
    #[error("request too large")]
    TooLarge(String),
    /// An import's file, mapping or batch state was refused (`imports::model`).
    #[error("import refused: {0:?}")]
    Import(crate::imports::refusal::ImportRefusal),
    /// The company lookup in ARES found nothing usable (`ares::model`).
    #[error("ARES lookup failed: {0:?}")]
    Ares(crate::ares::model::AresFailure),
}

/// In the browser, a call that got no answer of ours. On the server the impl lives in
/// `server::fns`, next to the request plumbing it answers for (the framework failing to read
/// a request), so this type depends on nothing above it.
#[cfg(not(feature = "ssr"))]
impl FromServerFnError for AppError {
    type Encoder = crate::wire::JsonText;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        AppError::Transport(value.to_string())
    }
}

impl AppError {
    /// The HTTP status the error is answered with: client mistakes are 4xx, never 500.
    pub fn http_status(&self) -> u16 {
        match self {
            AppError::Invalid(_) => 422,
            AppError::NotFound => 404,
            AppError::Stale | AppError::Transition(_) => 409,
            AppError::Unauthorized => 401,
            AppError::Forbidden => 403,
            AppError::SignIn(SignInRefusal::Throttled { .. }) => 429,
            AppError::SignIn(SignInRefusal::Deactivated) => 403,
            AppError::SignIn(SignInRefusal::WrongCredentials) => 401,
            AppError::Internal => 500,
            AppError::Transport(_) => 400,
            AppError::Malformed(_) => 400,
            AppError::TooLarge(_) => 413,
            AppError::Import(r) => r.http_status(),
            AppError::Ares(f) => f.http_status(),
        }
    }
}

#[cfg(feature = "ssr")]
impl From<sea_orm::DbErr> for AppError {
    fn from(err: sea_orm::DbErr) -> Self {
        tracing::error!(error = %err, "database error");
        AppError::Internal
    }
}
