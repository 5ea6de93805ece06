use axum::extract::FromRef;
use leptos::config::LeptosOptions;
use sea_orm::DatabaseConnection;

/// What every request handler and server function may need. Cloned per request (cheap: the
/// pool and the options are reference counted); given to server functions through context.
#[derive(Clone)]
pub struct AppState {
    pub db: DatabaseConnection,
    pub leptos_options: LeptosOptions,
    /// A session ends this long after sign-in, however active it is.
    pub max_session_age: chrono::Duration,
    /// This instance's live events.
    pub bus: crate::live::bus::EventBus,
    /// Password hashing and checking: on the blocking pool, a few at a time.
    pub passwords: crate::auth::password::PasswordWork,
    /// How often an open live stream checks that its session and user still stand.
    pub live_recheck: std::time::Duration,
    /// The company lookup in ARES, with this instance's cache of its answers.
    pub ares: crate::ares::client::AresClient,
    /// The web-form API's settings and its per-instance rate limit.
    pub capture: crate::server::config::CaptureSettings,
    pub capture_limiter: crate::capture::limiter::RateLimiter,
}

impl FromRef<AppState> for LeptosOptions {
    fn from_ref(state: &AppState) -> Self {
        state.leptos_options.clone()
    }
}
