//! Everything that exists only on the server: start-up, state, database, HTTP plumbing.

pub mod auth;
pub mod config;
pub mod csrf;
pub mod db;
pub mod demo;
pub mod entities;
pub mod fns;
pub mod form_flash;
pub mod headers;
pub mod lang;
pub mod ordering;
pub mod request_body;
pub mod search_keys;
pub mod session_store;
pub mod sql_count;
pub mod state;
pub mod static_files;

use axum::Router;
use axum::routing::post;
use leptos::config::LeptosOptions;
use leptos_axum::{AxumRouteListing, LeptosRoutes, generate_route_list};
use sea_orm::DatabaseConnection;

use crate::app::{App, shell};
use config::Settings;
use state::AppState;

/// The whole HTTP application over an open database: pages, server functions, assets.
pub fn router(db: DatabaseConnection, settings: &Settings) -> Router {
    app(db, settings).0
}

/// The application and its event bus (to end the live streams when the server stops).
fn app(db: DatabaseConnection, settings: &Settings) -> (Router, crate::live::bus::EventBus) {
    let leptos_options = LeptosOptions::builder()
        .output_name(env!("CARGO_CRATE_NAME"))
        .site_root(settings.site_root.as_str())
        .site_pkg_dir("pkg")
        .site_addr(settings.site_addr)
        .hash_files(static_files::site_is_hashed())
        .build();
    let state = AppState {
        db: db.clone(),
        leptos_options: leptos_options.clone(),
        max_session_age: chrono::Duration::hours(settings.session_max_hours),
        bus: crate::live::bus::EventBus::start(db.clone()),
        passwords: crate::auth::password::PasswordWork::for_this_machine(),
        live_recheck: settings.live_recheck,
        ares: crate::ares::client::AresClient::new(&settings.ares_base_url),
        capture: settings.capture,
        capture_limiter: Default::default(),
    };
    let bus = state.bus.clone();
    let sessions = auth::session_layer(session_store::DbSessionStore::new(db), settings);
    let routes = route_list();
    let router = Router::<AppState>::new()
        .route("/lang", post(lang::set_language))
        .route(
            crate::imports::model::UPLOAD_URL,
            post(crate::imports::upload::upload).layer(axum::extract::DefaultBodyLimit::max(
                crate::imports::upload::BODY_LIMIT,
            )),
        )
        .route("/api/events", axum::routing::get(crate::live::sse::events))
        // The public web-form API: no session, no same-origin check (see `crate::capture`).
        .route(
            "/api/v1/capture/{form_key}",
            post(crate::capture::handler::submit).options(crate::capture::handler::preflight),
        )
        .route(
            crate::capture::model::OPENAPI_PATH,
            axum::routing::get(crate::capture::openapi::serve),
        )
        .route(
            crate::capture::model::THANKS_PATH,
            axum::routing::get(crate::capture::handler::thanks),
        )
        .route(
            "/export/{file}",
            axum::routing::get(crate::exports::handlers::download),
        )
        .leptos_routes(&state, routes, {
            let options = leptos_options.clone();
            move || shell(options.clone())
        })
        .nest_service("/pkg", static_files::pkg_service(&settings.site_root))
        .fallback(leptos_axum::file_and_error_handler::<AppState, _>(shell))
        // Outermost last: CSRF check, then the session, then the sign-in gate.
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            auth::require_sign_in,
        ))
        .layer(sessions)
        .layer(axum::middleware::from_fn(csrf::same_origin_only))
        .layer(
            tower_http::compression::CompressionLayer::new()
                .br(true)
                .gzip(true),
        )
        // Outermost: a too-large body is refused before anything reads it; every answer,
        // refusals included, carries the security headers.
        .layer(axum::middleware::from_fn(request_body::guard))
        .layer(axum::middleware::from_fn(headers::security_headers))
        .layer(axum::middleware::from_fn(sql_count::counting))
        .with_state(state);
    (router, bus)
}

/// The app's routes, generated once per process. Generating runs the whole app with resource
/// loading switched off by a process-wide Leptos flag: a page rendering meanwhile on another
/// thread could wait for ever on a resource that first polled then (the integration tests build
/// a router per test, in parallel, and hung now and then).
fn route_list() -> Vec<AxumRouteListing> {
    static ROUTES: std::sync::OnceLock<Vec<AxumRouteListing>> = std::sync::OnceLock::new();
    ROUTES.get_or_init(|| generate_route_list(App)).clone()
}

/// Connects, migrates and serves until Ctrl-C or SIGTERM.
pub async fn serve(settings: Settings) -> Result<(), String> {
    let db = db::open(&settings).await?;
    if crate::auth::repo::user_count(&db).await.unwrap_or(1) == 0 {
        tracing::warn!(
            "No users yet. Create the first admin: leady create-admin --email E --name N \
             (password on standard input), or add the demo team with leady demo-data."
        );
    }
    spawn_housekeeping(db.clone());
    // The mailbox intake, when `[email]` names a host.
    if let Some(mailbox) = settings.email.clone() {
        tokio::spawn(crate::email::poller::run(db.clone(), mailbox));
    }
    let (app, bus) = app(db, &settings);
    let app = app.into_make_service_with_connect_info::<std::net::SocketAddr>();
    let listener = tokio::net::TcpListener::bind(settings.site_addr)
        .await
        .map_err(|e| format!("cannot listen on {}: {e}", settings.site_addr))?;
    tracing::info!("Leady listens on http://{}", settings.site_addr);
    axum::serve(listener, app)
        .with_graceful_shutdown(async move {
            shutdown_signal().await;
            // Live streams never end by themselves, and a graceful shutdown waits for every
            // open response: end them, and the browsers reconnect (to this instance once it is
            // back, or to another behind the same address) and catch up from their last id.
            bus.close();
        })
        .await
        .map_err(|e| e.to_string())
}

/// Forgets expired sessions, old sign-in failures, abandoned import drafts and old web-form
/// idempotency keys every ten minutes, and keeps SQLite's planner statistics current.
fn spawn_housekeeping(db: DatabaseConnection) {
    use tower_sessions::session_store::ExpiredDeletion;
    tokio::spawn(async move {
        let store = session_store::DbSessionStore::new(db.clone());
        let mut tick = tokio::time::interval(std::time::Duration::from_secs(600));
        loop {
            tick.tick().await;
            if let Err(e) = store.delete_expired().await {
                tracing::warn!(error = %e, "could not delete expired sessions");
            }
            let _ = crate::auth::repo::prune_failures(&db, chrono::Utc::now()).await;
            if let Err(e) = crate::imports::repo::prune_drafts(&db, chrono::Utc::now()).await {
                tracing::warn!(error = %e, "could not delete old import drafts");
            }
            if let Err(e) = crate::capture::repo::prune_idempotency(&db, chrono::Utc::now()).await {
                tracing::warn!(error = %e, "could not delete old web-form idempotency keys");
            }
            if let Err(e) = db::refresh_statistics(&db).await {
                tracing::warn!(error = %e, "could not refresh the planner's statistics");
            }
        }
    });
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        if let Ok(mut s) = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
        {
            s.recv().await;
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! { _ = ctrl_c => {}, _ = terminate => {} }
}
