//! Sign-in server functions. Signing in is the one server function open without a session.

use leptos::prelude::*;

use super::model::CurrentUser;
#[cfg(feature = "ssr")]
use super::model::{SignInRefusal, safe_next};
use crate::error::AppError;

#[cfg(feature = "ssr")]
use crate::server::fns::{answer, db, passwords, wants_html};

/// Checks the password and starts a session. Answers where to go next (a path on this site).
#[server(prefix = "/api", endpoint = "auth/sign-in", output = crate::wire::Json)]
pub async fn sign_in(
    email: String,
    password: String,
    next: Option<String>,
) -> Result<String, AppError> {
    use super::repo::SignInOutcome;
    let next = safe_next(next.as_deref());
    let result = async {
        let client = crate::server::auth::client_address().await;
        let outcome = super::repo::sign_in(
            &db()?,
            &passwords()?,
            &email,
            &password,
            &client,
            chrono::Utc::now(),
        )
        .await?;
        match outcome {
            SignInOutcome::SignedIn(user) => {
                let session = crate::server::auth::request_session().await?;
                crate::server::auth::start_session(&session, user.id).await?;
                tracing::info!(user = user.id, "signed in");
                Ok(next.clone())
            }
            SignInOutcome::WrongCredentials => {
                Err(AppError::SignIn(SignInRefusal::WrongCredentials))
            }
            SignInOutcome::Deactivated => Err(AppError::SignIn(SignInRefusal::Deactivated)),
            SignInOutcome::Throttled(minutes) => {
                Err(AppError::SignIn(SignInRefusal::Throttled { minutes }))
            }
        }
    }
    .await;
    // A browser without WebAssembly posted the plain form: send it on, or back to the form with
    // the reason (a redirect, so no error status on top).
    if wants_html() {
        match &result {
            Ok(path) => leptos_axum::redirect(path),
            Err(AppError::SignIn(refusal)) => {
                let mut query = vec![("failed", refusal.code().to_string())];
                if let SignInRefusal::Throttled { minutes } = refusal {
                    query.push(("wait", minutes.to_string()));
                }
                query.push(("next", next.clone()));
                leptos_axum::redirect(&format!(
                    "/sign-in?{}",
                    serde_urlencoded::to_string(query).unwrap_or_default()
                ));
                return result;
            }
            Err(_) => {}
        }
    }
    answer(result)
}

/// Ends the session on the server (the cookie alone is then worth nothing).
#[server(prefix = "/api", endpoint = "auth/sign-out", output = crate::wire::Json)]
pub async fn sign_out() -> Result<(), AppError> {
    let session = crate::server::auth::request_session().await?;
    session.flush().await.map_err(|_| AppError::Internal)?;
    if wants_html() {
        leptos_axum::redirect("/sign-in");
    }
    Ok(())
}

/// Who is signed in (for the top bar). Never sets an error status: the page it is part of
/// decides its own.
#[server(prefix = "/api", endpoint = "auth/me", output = crate::wire::Json)]
pub async fn me() -> Result<CurrentUser, AppError> {
    crate::server::auth::current_user().await
}
