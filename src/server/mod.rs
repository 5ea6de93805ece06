//! Everything that exists only on the server: start-up, state, database, HTTP plumbing.

pub mod config;
pub mod csrf;
pub mod db;
pub mod demo;
pub mod entities;
pub mod fns;
pub mod lang;
pub mod state;

use axum::Router;
use axum::routing::post;
use leptos::config::LeptosOptions;
use leptos_axum::{LeptosRoutes, generate_route_list};
use sea_orm::DatabaseConnection;

use crate::app::{App, shell};
use config::Settings;
use state::AppState;

/// The whole HTTP application over an open database: pages, server functions, assets.
pub fn router(db: DatabaseConnection, settings: &Settings) -> Router {
    let leptos_options = LeptosOptions::builder()
        .output_name(env!("CARGO_CRATE_NAME"))
        .site_root(settings.site_root.as_str())
        .site_pkg_dir("pkg")
        .site_addr(settings.site_addr)
        .build();
    let state = AppState {
        db,
        leptos_options: leptos_options.clone(),
    };
    let routes = generate_route_list(App);
    Router::<AppState>::new()
        .route("/lang", post(lang::set_language))
        .leptos_routes(&state, routes, {
            let options = leptos_options.clone();
            move || shell(options.clone())
        })
        .fallback(leptos_axum::file_and_error_handler::<AppState, _>(shell))
        .layer(axum::middleware::from_fn(csrf::same_origin_only))
        .layer(
            tower_http::compression::CompressionLayer::new()
                .br(true)
                .gzip(true),
        )
        .with_state(state)
}

/// Connects, migrates and serves until Ctrl-C or SIGTERM.
pub async fn serve(settings: Settings) -> Result<(), String> {
    let app = router(db::open(&settings).await?, &settings);
    let listener = tokio::net::TcpListener::bind(settings.site_addr)
        .await
        .map_err(|e| format!("cannot listen on {}: {e}", settings.site_addr))?;
    tracing::info!("Leady listens on http://{}", settings.site_addr);
    axum::serve(listener, app)
        .with_graceful_shutdown(shutdown_signal())
        .await
        .map_err(|e| e.to_string())
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
