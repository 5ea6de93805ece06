//! Every page as a lazily loaded route. With `cargo leptos build --split` (`.ci/build`) the
//! pages' code leaves the main WebAssembly and is fetched when a page is first opened; the
//! server names the current page's parts in `<link rel="preload">`, so a first load fetches
//! them alongside the main part. The main part keeps the frame: router, menu, texts, toasts,
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
