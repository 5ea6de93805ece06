//! The Klienti area's own navigation: organisations, contacts, deals.

use leptos::prelude::*;
use leptos_router::components::A;

use crate::i18n::use_i18n;

#[component]
pub fn ClientTabs() -> impl IntoView {
    let i18n = use_i18n();
    let c = move || i18n.t().clients;
    view! {
        <nav class="admin-tabs" aria-label=move || c().sections>
            <A href="/clients" attr:class="filter-chip" exact=true>{move || c().accounts_title}</A>
            <A href="/clients/contacts" attr:class="filter-chip">{move || c().contacts_title}</A>
            <A href="/clients/deals" attr:class="filter-chip">{move || c().deals_title}</A>
        </nav>
    }
}
