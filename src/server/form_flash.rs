//! A plain form post (the page's WebAssembly has not arrived, or JavaScript is off) that the
//! server refuses must not land the browser on a JSON error: it goes back to the page it came
//! from, and that page shows what was typed with the translated errors, as the hydrated form
//! does. What was typed and why it failed wait in the session for that one showing.

use axum::http::header;
use leptos::prelude::*;
use serde::{Deserialize, Serialize, de::DeserializeOwned};

use super::auth::request_session;
use super::fns::{answer, wants_html};
use crate::error::AppError;

/// One remembered failure per session: a newer one replaces it.
const KEY: &str = "form_flash";

#[derive(Serialize, Deserialize)]
struct Stored {
    form: String,
    typed: serde_json::Value,
    error: AppError,
}

/// Answers a form's server function like [`answer`], except that a refused plain form post is
/// sent back (302) to the page it was posted from, with `typed` and the error kept for it.
/// `form` names the form, so that only the page that shows this form picks them up.
pub async fn answer_form<T, I: Serialize>(
    result: Result<T, AppError>,
    form: &str,
    typed: &I,
) -> Result<T, AppError> {
    let Err(error) = &result else {
        return result;
    };
    if !wants_html() {
        return answer(result);
    }
    let stored = serde_json::to_value(typed).map(|typed| Stored {
        form: form.to_string(),
        typed,
        error: error.clone(),
    });
    let kept = match (request_session().await, stored) {
        (Ok(session), Ok(stored)) => session.insert(KEY, stored).await.is_ok(),
        _ => false,
    };
    if kept {
        leptos_axum::redirect(&back_to());
        result
    } else {
        answer(result)
    }
}

/// Keeps `typed` and `error` for the page showing `form`, in `session` (for a plain post
/// answered by an axum handler rather than a server function: the import's upload). True when
/// kept.
pub async fn keep<I: Serialize>(
    session: &tower_sessions::Session,
    form: &str,
    typed: &I,
    error: &AppError,
) -> bool {
    let Ok(typed) = serde_json::to_value(typed) else {
        return false;
    };
    let stored = Stored {
        form: form.to_string(),
        typed,
        error: error.clone(),
    };
    session.insert(KEY, stored).await.is_ok()
}

/// The form's page, from `Referer` when it is a page of this very site; otherwise the board.
fn back_to() -> String {
    use_context::<axum::http::request::Parts>()
        .and_then(|parts| {
            let referer = parts.headers.get(header::REFERER)?.to_str().ok()?;
            let uri: axum::http::Uri = referer.parse().ok()?;
            let host = parts.headers.get(header::HOST)?.to_str().ok()?;
            let same_site = uri
                .authority()
                .is_some_and(|a| a.as_str().eq_ignore_ascii_case(host));
            let back = uri.path_and_query()?.as_str();
            (same_site && back.starts_with('/') && !back.starts_with("//"))
                .then(|| back.to_string())
        })
        .unwrap_or_else(|| "/".to_string())
}

/// What was typed into `form` and why the server refused it, if the last plain post of this
/// session was that form's and failed. Taken: a reload shows the empty form again.
pub async fn take<I: DeserializeOwned>(form: &str) -> Option<(I, AppError)> {
    let session = request_session().await.ok()?;
    let stored = session.get::<Stored>(KEY).await.ok().flatten()?;
    if stored.form != form {
        return None;
    }
    let _ = session.remove::<Stored>(KEY).await;
    // A page renders as a stream: the session layer may have saved the session already.
    let _ = session.save().await;
    let typed = serde_json::from_value(stored.typed).ok()?;
    Some((typed, stored.error))
}
