//! Sign-in on the server: the session layer, the gate in front of everything but the sign-in
//! page, and the signed-in user for server functions.

use axum::body::Body;
use axum::extract::{ConnectInfo, State};
use axum::http::{Request, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use tower_sessions::cookie::SameSite;
use tower_sessions::cookie::time::Duration;
use tower_sessions::{Expiry, Session, SessionManagerLayer};

use super::config::Settings;
use super::session_store::{DbSessionStore, LOADED_USER_KEY, SIGNED_IN_AT_KEY, USER_ID_KEY};
use super::state::AppState;
use crate::auth::model::CurrentUser;
use crate::error::AppError;

pub const SESSION_COOKIE: &str = "leady_session";

/// The session cookie: HttpOnly, SameSite=Lax, Secure when the site is served over https;
/// a session unused for `idle_minutes` expires.
pub fn session_layer(
    store: DbSessionStore,
    settings: &Settings,
) -> SessionManagerLayer<DbSessionStore> {
    SessionManagerLayer::new(store)
        .with_name(SESSION_COOKIE)
        .with_http_only(true)
        .with_same_site(SameSite::Lax)
        .with_secure(settings.secure_cookies)
        .with_path("/")
        .with_expiry(Expiry::OnInactivity(Duration::minutes(
            settings.session_idle_minutes,
        )))
}

/// Marks the session as signed in for `user_id`, under a new session id (so that an id
/// planted before sign-in is worth nothing after it).
pub async fn start_session(session: &Session, user_id: i32) -> Result<(), AppError> {
    session.cycle_id().await.map_err(internal)?;
    session
        .insert(USER_ID_KEY, user_id)
        .await
        .map_err(internal)?;
    session
        .insert(SIGNED_IN_AT_KEY, chrono::Utc::now().timestamp())
        .await
        .map_err(internal)?;
    Ok(())
}

fn internal(err: impl std::fmt::Display) -> AppError {
    tracing::error!(error = %err, "session error");
    AppError::Internal
}

/// The user id of a signed-in session that is still within its max lifetime. A session past
/// it is ended here.
pub async fn signed_in_user_id(session: &Session, max_age: chrono::Duration) -> Option<i32> {
    let user_id = session.get::<i32>(USER_ID_KEY).await.ok().flatten()?;
    let since = session
        .get::<i64>(SIGNED_IN_AT_KEY)
        .await
        .ok()
        .flatten()
        .and_then(|s| chrono::DateTime::from_timestamp(s, 0))?;
    if chrono::Utc::now() - since > max_age {
        let _ = session.flush().await;
        return None;
    }
    Some(user_id)
}

/// The session of the request a server function is answering (the session layer put it there).
pub async fn request_session() -> Result<Session, AppError> {
    leptos_axum::extract::<Session>()
        .await
        .map_err(|_| AppError::Unauthorized)
}

/// The signed-in, active user calling a server function, or `Unauthorized`.
pub async fn current_user() -> Result<CurrentUser, AppError> {
    let session = request_session().await?;
    let state = leptos::prelude::use_context::<AppState>().ok_or(AppError::Internal)?;
    match session_user(&state, &session).await? {
        Some(user) => Ok(user),
        None => {
            let _ = session.flush().await;
            Err(AppError::Unauthorized)
        }
    }
}

/// The signed-in, active user of `session` (None: signed out, past its lifetime, gone or
/// deactivated). Usually read with the session itself, in the same statement
/// ([`LOADED_USER_KEY`]); a session signed in during this request reads the user anew.
pub async fn session_user(
    state: &AppState,
    session: &Session,
) -> Result<Option<CurrentUser>, AppError> {
    let Some(id) = signed_in_user_id(session, state.max_session_age).await else {
        return Ok(None);
    };
    if let Ok(Some(loaded)) = session.get::<Option<CurrentUser>>(LOADED_USER_KEY).await {
        match loaded {
            Some(user) if user.id == id => return Ok(Some(user)),
            // Read with the session: gone or deactivated.
            None => return Ok(None),
            Some(_) => {}
        }
    }
    crate::auth::repo::active_user(&state.db, id).await
}

/// The caller's address for the sign-in throttle ("unknown" when not served over TCP).
pub async fn client_address() -> String {
    leptos_axum::extract::<ConnectInfo<std::net::SocketAddr>>()
        .await
        .map(|ConnectInfo(addr)| addr.ip().to_string())
        .unwrap_or_else(|_| "unknown".to_string())
}

/// Paths anyone may reach: the sign-in page and its server function, the compiled site and
/// static files, the language switch, and the public web-form API with its description and
/// thank-you page.
fn is_public(path: &str) -> bool {
    use crate::capture::model::{CAPTURE_PATH, OPENAPI_PATH, THANKS_PATH};
    matches!(
        path,
        "/sign-in"
            | "/api/auth/sign-in"
            | "/lang"
            | "/favicon.svg"
            | "/manifest.webmanifest"
            | "/sw.js"
            | "/offline-queue.js"
    ) || path == OPENAPI_PATH
        || path == THANKS_PATH
        || path.starts_with(CAPTURE_PATH)
        || path.starts_with("/pkg/")
        || path.starts_with("/icons/")
}

/// Nothing but the sign-in page without a session: pages redirect to it (remembering where
/// the user was going), server functions answer 401.
pub async fn require_sign_in(
    State(state): State<AppState>,
    session: Session,
    req: Request<Body>,
    next: Next,
) -> Response {
    let path = req.uri().path();
    if is_public(path) {
        return next.run(req).await;
    }
    if signed_in_user_id(&session, state.max_session_age)
        .await
        .is_some()
    {
        return next.run(req).await;
    }
    if path.starts_with("/api/") {
        let body = serde_json::to_string(&AppError::Unauthorized).unwrap_or_default();
        return (
            StatusCode::UNAUTHORIZED,
            [(header::CONTENT_TYPE, "application/json")],
            body,
        )
            .into_response();
    }
    let wanted = req
        .uri()
        .path_and_query()
        .map(|p| p.as_str())
        .unwrap_or("/");
    let location = if wanted == "/" {
        "/sign-in".to_string()
    } else {
        format!(
            "/sign-in?{}",
            serde_urlencoded::to_string([("next", wanted)]).unwrap_or_default()
        )
    };
    (StatusCode::SEE_OTHER, [(header::LOCATION, location)]).into_response()
}

#[cfg(test)]
mod tests {
    use super::is_public;

    #[test]
    fn only_the_sign_in_page_and_assets_are_public() {
        assert!(is_public("/sign-in"));
        assert!(is_public("/api/auth/sign-in"));
        assert!(is_public("/pkg/leady.wasm"));
        assert!(!is_public("/"));
        assert!(!is_public("/leads/new"));
        assert!(!is_public("/api/leads/create"));
        assert!(!is_public("/api/auth/sign-out"));
        assert!(!is_public("/sign-in/../leads"));
    }
}
