//! The HTML shell, the app frame and the routes: nothing else.

use leptos::prelude::*;
use leptos_meta::{HashedStylesheet, MetaTags, Title, provide_meta_context};
use leptos_router::components::{A, Route, Router, Routes};
use leptos_router::{Lazy, SsrMode, path};

use crate::auth::me::provide_me;
use crate::auth::model::Role;
use crate::auth::{sign_in::SignInPage, user_menu::UserMenu};
use crate::i18n::{provide_i18n, use_i18n};
use crate::pages::*;
use crate::ui::{
    clock::provide_clock,
    hydration_start::HydrationStart,
    lang_switch::LangSwitch,
    toast::{ToastArea, provide_toasts},
};

pub fn shell(options: LeptosOptions) -> impl IntoView {
    let locale = crate::i18n::initial_locale();
    // The Content-Security-Policy names this response's nonce, which Leptos puts on its
    // inline scripts.
    #[cfg(feature = "ssr")]
    crate::server::headers::set_page_policy();
    view! {
        <!DOCTYPE html>
        <html lang=locale.code()>
            <head>
                <meta charset="utf-8"/>
                <meta name="viewport" content="width=device-width, initial-scale=1, viewport-fit=cover"/>
                <meta name="theme-color" content="#1d4ed8"/>
                <link rel="icon" href="/favicon.svg" type="image/svg+xml"/>
                <link rel="apple-touch-icon" href="/icons/icon-192.png"/>
                <link rel="manifest" href="/manifest.webmanifest"/>
                // The offline queue and the service worker's registration (quick entry at a
                // fair with no connection); loaded before the WebAssembly, which calls it.
                <script src="/offline-queue.js" defer></script>
                // The stylesheet under its hashed name (a release build's `hash.txt`).
                <HashedStylesheet options=options.clone() id="leptos"/>
                <AutoReload options=options.clone()/>
                // The WebAssembly and the page's parts are fetched after the first paint (see the module).
                <HydrationStart options/>
                <MetaTags/>
            </head>
            <body>
                <App/>
            </body>
        </html>
    }
}

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    let i18n = provide_i18n();
    provide_toasts();
    provide_clock();
    provide_me();
    view! {
        <Title text=move || i18n.t().app_name/>
        <Router>
            <div class="frame">
                <header class="topbar">
                    <A href="/" attr:class="brand">"Leady"</A>
                    <Nav/>
                </header>
                <main id="main" class="main">
                    <Routes fallback=NotFound>
                        // In-order streaming: the loaded content is in the HTML itself, so these
                        // pages work before (or without) the WebAssembly.
                        <Route path=path!("/sign-in") view=SignInPage ssr=SsrMode::InOrder/>
                        <Route path=path!("/") view={Lazy::<BoardRoute>::new()} ssr=SsrMode::InOrder/>
                        <Route path=path!("/leads/new") view={Lazy::<QuickEntryRoute>::new()} ssr=SsrMode::InOrder/>
                        // The upload form is a plain post and must be in the HTML itself.
                        <Route path=path!("/leads/import") view={Lazy::<ImportStartRoute>::new()} ssr=SsrMode::InOrder/>
                        <Route path=path!("/leads/import/:id") view={Lazy::<ImportBatchRoute>::new()} ssr=SsrMode::InOrder/>
                        // Rendered whole before answering, so a missing lead can still be a real 404.
                        <Route path=path!("/leads/:id") view={Lazy::<LeadDetailRoute>::new()} ssr=SsrMode::Async/>
                        <Route path=path!("/leads/:id/convert") view={Lazy::<ConvertLeadRoute>::new()}/>
                        <Route path=path!("/tasks") view={Lazy::<TasksRoute>::new()}/>
                        <Route path=path!("/dashboard") view={Lazy::<DashboardRoute>::new()}/>
                        <Route path=path!("/search") view={Lazy::<SearchRoute>::new()}/>
                        <Route path=path!("/clients") view={Lazy::<AccountsRoute>::new()}/>
                        <Route path=path!("/clients/accounts/:id") view={Lazy::<AccountRoute>::new()}/>
                        <Route path=path!("/clients/contacts") view={Lazy::<ContactsRoute>::new()}/>
                        <Route path=path!("/clients/contacts/:id") view={Lazy::<ContactRoute>::new()}/>
                        <Route path=path!("/clients/deals") view={Lazy::<DealBoardRoute>::new()}/>
                        <Route path=path!("/clients/deals/:id") view={Lazy::<DealRoute>::new()}/>
                        <Route path=path!("/admin/users") view={Lazy::<UsersRoute>::new()}/>
                        <Route path=path!("/admin/rules") view={Lazy::<RulesRoute>::new()}/>
                        <Route path=path!("/admin/products") view={Lazy::<ProductsRoute>::new()}/>
                        <Route path=path!("/admin/forms") view={Lazy::<FormsRoute>::new()}/>
                        <Route path=path!("/admin/email") view={Lazy::<EmailStatusRoute>::new()}/>
                    </Routes>
                </main>
                <ToastArea/>
            </div>
        </Router>
    }
}

/// Top bar on a desktop, a bottom bar within thumb's reach on a phone. The sign-in page
/// shows only the language switch.
#[component]
fn Nav() -> impl IntoView {
    let i18n = use_i18n();
    let location = leptos_router::hooks::use_location();
    let signing_in = move || location.pathname.get() == "/sign-in";
    view! {
        <Show when=move || !signing_in() fallback=|| view! { <div class="nav"><LangSwitch/></div> }>
        <nav class="nav" aria-label=move || i18n.t().nav_main>
            <A href="/" attr:class="nav-item" exact=true>
                <span class="nav-icon" aria-hidden="true">"▦"</span>
                <span class="nav-label">{move || i18n.t().nav_board}</span>
            </A>
            <A href="/leads/new" attr:class="nav-item nav-primary">
                <span class="nav-icon" aria-hidden="true">"+"</span>
                <span class="nav-label">{move || i18n.t().nav_new_lead}</span>
            </A>
            <A href="/tasks" attr:class="nav-item">
                <span class="nav-icon" aria-hidden="true">"✓"</span>
                <span class="nav-label">{move || i18n.t().nav_tasks}</span>
            </A>
            <A href="/clients" attr:class="nav-item">
                <span class="nav-icon" aria-hidden="true">"◉"</span>
                <span class="nav-label">{move || i18n.t().clients.nav_clients}</span>
            </A>
            <RoleLinks/>
            <LangSwitch/>
            <UserMenu/>
        </nav>
        </Show>
    }
}

/// "Přehled" for managers and admins, "Správa" for admins (the pages refuse everyone else
/// anyway).
#[component]
fn RoleLinks() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                let role = crate::auth::me::current().await.ok().map(|u| u.role);
                let manages = matches!(role, Some(Role::Manager | Role::Admin));
                view! {
                    {manages.then(|| view! {
                        <A href="/dashboard" attr:class="nav-item">
                            <span class="nav-icon" aria-hidden="true">"◔"</span>
                            <span class="nav-label">{move || i18n.t().dashboard.nav}</span>
                        </A>
                    })}
                    {(role == Some(Role::Admin)).then(|| view! {
                        <A href="/admin/users" attr:class="nav-item">
                            <span class="nav-icon" aria-hidden="true">"⚙"</span>
                            <span class="nav-label">{move || i18n.t().nav_admin}</span>
                        </A>
                    })}
                }
            })}
        </Suspense>
    }
}

#[component]
fn NotFound() -> impl IntoView {
    let i18n = use_i18n();
    #[cfg(feature = "ssr")]
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(axum::http::StatusCode::NOT_FOUND);
    }
    view! {
        <section class="page narrow">
            <h1>{move || i18n.t().not_found_title}</h1>
            <p>{move || i18n.t().not_found_text}</p>
            <p><A href="/">{move || i18n.t().detail_back}</A></p>
        </section>
    }
}
