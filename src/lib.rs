#![recursion_limit = "256"]
//! Leady: a lead-management CRM. Components compile to WebAssembly (feature `hydrate`) and
//! to the server (feature `ssr`); SeaORM and all server plumbing exist only under `ssr`.

pub mod activities;
pub mod app;
pub mod ares;
pub mod assignment;
pub mod auth;
pub mod capture;
pub mod clients;
pub mod dashboard;
pub mod email;
pub mod error;
pub mod exports;
pub mod i18n;
pub mod imports;
pub mod leads;
pub mod live;
#[cfg(feature = "ssr")]
pub mod matching;
pub mod pages;
pub mod people;
pub mod products;
pub mod qualification;
pub mod ui;
pub mod wire;

#[cfg(feature = "ssr")]
pub mod server;
pub mod shared;

#[cfg(feature = "hydrate")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    _ = any_spawner::Executor::init_wasm_bindgen();
    leptos::task::spawn_local(async {
        // The page's own WebAssembly part first (`pages`), then hydration in one go.
        pages::load_rendered_parts().await;
        leptos::mount::hydrate_body(app::App);
        // Lets browser tests (and curious people) see that the app has taken over the page.
        if let Some(body) = leptos::prelude::document().body() {
            let _ = body.set_attribute("data-hydrated", "true");
        }
    });
}
