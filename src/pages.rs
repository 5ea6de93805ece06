//! Every page as a lazily loaded route. With `cargo leptos build --split` (`.ci/build`) the
//! pages' code leaves the main WebAssembly and is fetched when a page is first opened; a first
//! load fetches the main part after the first paint (`ui::hydration_start`) and then the
//! page's own part, named by its path. The main part keeps the frame: router, menu, texts, toasts,
//! and the sign-in page (small, and the first page anyone sees).
//!
//! Pages are split in groups, not one by one: code two groups share becomes a part of its
//! own, so every split point multiplies the parts (one per page made hundreds, each a
//! request with its own overhead). The board and quick entry, the pages a phone opens first,
//! are groups of one. Without `--split` (tests, `cargo leptos watch`) these are ordinary
//! routes.

use leptos::lazy;
use leptos::prelude::*;
use leptos_router::LazyRoute;

/// A page of a group: which component the group's part renders.
#[derive(Clone, Copy)]
pub enum LeadPage {
    Detail,
    Convert,
    Tasks,
    Search,
}

#[derive(Clone, Copy)]
pub enum ClientPage {
    Accounts,
    Account,
    Contacts,
    Contact,
    Deals,
    Deal,
}

#[derive(Clone, Copy)]
pub enum ImportPage {
    Start,
    Batch,
}

#[derive(Clone, Copy)]
pub enum AdminPage {
    Users,
    Rules,
    Products,
    Forms,
    Email,
}

#[lazy]
fn board_part() -> AnyView {
    crate::leads::board::Board().into_any()
}

#[lazy]
fn quick_entry_part() -> AnyView {
    crate::leads::quick_entry::QuickEntry().into_any()
}

#[lazy]
fn dashboard_part() -> AnyView {
    crate::dashboard::page::DashboardPage().into_any()
}

#[lazy]
fn lead_part(page: LeadPage) -> AnyView {
    match page {
        LeadPage::Detail => crate::leads::detail::LeadDetailPage().into_any(),
        LeadPage::Convert => crate::clients::convert_page::ConvertLeadPage().into_any(),
        LeadPage::Tasks => crate::activities::tasks_page::TasksPage().into_any(),
        LeadPage::Search => crate::leads::search::LeadSearchPage().into_any(),
    }
}

#[lazy]
fn client_part(page: ClientPage) -> AnyView {
    use crate::clients::{deal_board, lists, records};
    match page {
        ClientPage::Accounts => lists::AccountsPage().into_any(),
        ClientPage::Account => records::AccountPage().into_any(),
        ClientPage::Contacts => lists::ContactsPage().into_any(),
        ClientPage::Contact => records::ContactPage().into_any(),
        ClientPage::Deals => deal_board::DealBoard().into_any(),
        ClientPage::Deal => records::DealPage().into_any(),
    }
}

#[lazy]
fn import_part(page: ImportPage) -> AnyView {
    use crate::imports::pages::{batch_page, start_page};
    match page {
        ImportPage::Start => start_page::ImportStartPage().into_any(),
        ImportPage::Batch => batch_page::ImportBatchPage().into_any(),
    }
}

#[lazy]
fn admin_part(page: AdminPage) -> AnyView {
    match page {
        AdminPage::Users => crate::people::users_page::UsersPage().into_any(),
        AdminPage::Rules => crate::assignment::rules_page::RulesPage().into_any(),
        AdminPage::Products => crate::products::products_page::ProductsPage().into_any(),
        AdminPage::Forms => crate::capture::forms_page::FormsPage().into_any(),
        AdminPage::Email => crate::email::status_page::EmailStatusPage().into_any(),
    }
}

/// The part the page at `path` needs: the routes of `app.rs` by group (the test below walks
/// every route).
pub fn part_for_path(path: &str) -> Option<&'static str> {
    let path = path.trim_end_matches('/');
    match path {
        "" => Some("board_part"),
        "/leads/new" => Some("quick_entry_part"),
        "/dashboard" => Some("dashboard_part"),
        "/tasks" | "/search" => Some("lead_part"),
        "/leads/import" => Some("import_part"),
        _ if path.starts_with("/leads/import/") => Some("import_part"),
        _ if path.starts_with("/leads/") => Some("lead_part"),
        "/clients" => Some("client_part"),
        _ if path.starts_with("/clients/") => Some("client_part"),
        _ if path.starts_with("/admin/") => Some("admin_part"),
        _ => None,
    }
}

/// Loads the part of the page the server rendered, before hydration, so that the router
/// hydrates it at once as it does a page without parts (Leptos's asynchronous hydration of a
/// lazy route lost its place in the page here: "expected a marker node" in `<main>`). The
/// page's path says which part. (Leptos's `<link rel="preload">` for the parts were not
/// reliable either: `SsrMode::Async` pages, the lead detail, lacked them half the time; the
/// page no longer asks for them, see `ui::hydration_start`.)
#[cfg(feature = "hydrate")]
pub async fn load_rendered_parts() {
    let path = window().location().pathname().unwrap_or_default();
    let by_path = part_for_path(&path);
    let named = |part: &str| by_path == Some(part);
    if named("board_part") {
        __preload_board_part().await;
    }
    if named("quick_entry_part") {
        __preload_quick_entry_part().await;
    }
    if named("dashboard_part") {
        __preload_dashboard_part().await;
    }
    if named("lead_part") {
        __preload_lead_part().await;
    }
    if named("client_part") {
        __preload_client_part().await;
    }
    if named("import_part") {
        __preload_import_part().await;
    }
    if named("admin_part") {
        __preload_admin_part().await;
    }
}

/// `Route => part(page)`: a route type whose view is its group's part. Its data half is
/// empty: each page loads its own data, as it always did.
macro_rules! lazy_page {
    ($($route:ident => $part:ident($($page:expr)?)),* $(,)?) => {$(
        pub struct $route;

        impl LazyRoute for $route {
            fn data() -> Self {
                $route
            }

            async fn view(_this: Self) -> AnyView {
                $part($($page)?).await
            }
        }
    )*};
}

lazy_page! {
    BoardRoute => board_part(),
    QuickEntryRoute => quick_entry_part(),
    DashboardRoute => dashboard_part(),
    LeadDetailRoute => lead_part(LeadPage::Detail),
    ConvertLeadRoute => lead_part(LeadPage::Convert),
    TasksRoute => lead_part(LeadPage::Tasks),
    SearchRoute => lead_part(LeadPage::Search),
    AccountsRoute => client_part(ClientPage::Accounts),
    AccountRoute => client_part(ClientPage::Account),
    ContactsRoute => client_part(ClientPage::Contacts),
    ContactRoute => client_part(ClientPage::Contact),
    DealBoardRoute => client_part(ClientPage::Deals),
    DealRoute => client_part(ClientPage::Deal),
    ImportStartRoute => import_part(ImportPage::Start),
    ImportBatchRoute => import_part(ImportPage::Batch),
    UsersRoute => admin_part(AdminPage::Users),
    RulesRoute => admin_part(AdminPage::Rules),
    ProductsRoute => admin_part(AdminPage::Products),
    FormsRoute => admin_part(AdminPage::Forms),
    EmailStatusRoute => admin_part(AdminPage::Email),
}

#[cfg(test)]
mod tests {
    use super::part_for_path;

    #[test]
    fn every_route_finds_its_part() {
        for (path, part) in [
            ("/", Some("board_part")),
            ("/leads/new", Some("quick_entry_part")),
            ("/leads/import", Some("import_part")),
            ("/leads/import/7", Some("import_part")),
            ("/leads/42", Some("lead_part")),
            ("/leads/42/convert", Some("lead_part")),
            ("/tasks", Some("lead_part")),
            ("/dashboard", Some("dashboard_part")),
            ("/search", Some("lead_part")),
            ("/clients", Some("client_part")),
            ("/clients/accounts/3", Some("client_part")),
            ("/clients/contacts", Some("client_part")),
            ("/clients/contacts/3", Some("client_part")),
            ("/clients/deals", Some("client_part")),
            ("/clients/deals/3", Some("client_part")),
            ("/admin/users", Some("admin_part")),
            ("/admin/rules", Some("admin_part")),
            ("/admin/products", Some("admin_part")),
            ("/admin/forms", Some("admin_part")),
            ("/admin/email", Some("admin_part")),
            ("/sign-in", None),
            ("/neni-tu", None),
        ] {
            assert_eq!(part_for_path(path), part, "{path}");
        }
    }
}
