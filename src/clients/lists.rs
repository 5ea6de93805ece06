//! The Klienti lists: organisations (`/clients`, with "Nová organizace") and contacts
//! (`/clients/contacts`), each searchable with a plain GET form so the URL keeps the search,
//! and exportable as the search narrows it.

use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};

use super::api::{CreateAccount, list_accounts, list_contacts};
use super::fields::{AccountFields, AccountValues};
use super::model::AccountInput;
use super::tabs::ClientTabs;
use crate::exports::links::ExportLinks;
use crate::exports::model::ExportList;
use crate::i18n::use_i18n;
use crate::leads::model::format_phone;
use crate::ui::field_errors::field_errors;
use crate::ui::toast::use_toasts;

/// The search box of a list.
#[component]
fn SearchForm(q: Signal<String>, hint: Signal<&'static str>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <form method="get" class="inline-form search-form" role="search">
            <div class="field">
                <label for="client-search">{move || i18n.t().clients.search}</label>
                <input id="client-search" name="q" type="search" placeholder=move || hint.get()
                    value=q.get_untracked() prop:value=move || q.get()/>
            </div>
            <button type="submit" class="button secondary">{move || i18n.t().clients.search}</button>
        </form>
    }
}

#[component]
pub fn AccountsPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let q = Signal::derive(move || query.read().get("q").unwrap_or_default());
    let rows = Resource::new(move || q.get(), list_accounts);
    let c = move || i18n.t().clients;
    let adding = RwSignal::new(false);
    view! {
        <section class="page admin-page clients-page">
            <ClientTabs/>
            <h1>{move || c().accounts_title}</h1>
            <div class="list-tools">
                <SearchForm q hint=Signal::derive(move || c().accounts_search_hint)/>
                <ExportLinks list=ExportList::Accounts params=Signal::derive(move || vec![("q", q.get())])/>
                <button type="button" class="button primary" on:click=move |_| adding.update(|a| *a = !*a)>
                    {move || c().account_new}
                </button>
            </div>
            <Show when=move || adding.get()>
                <NewAccountForm on_cancel=Callback::new(move |_| adding.set(false))/>
            </Show>
            <Transition fallback=|| ()>
                {move || Suspend::new(async move {
                    match rows.await {
                        Ok(rows) if rows.is_empty() => view! { <p class="muted">{move || c().accounts_empty}</p> }.into_any(),
                        Ok(rows) => view! {
                            <table class="data-table">
                                <thead><tr>
                                    <th>{move || c().col_name}</th>
                                    <th>{move || c().col_ico}</th>
                                    <th>{move || c().col_city}</th>
                                    <th>{move || c().col_owner}</th>
                                </tr></thead>
                                <tbody>
                                    {rows.into_iter().map(|a| view! {
                                        <tr>
                                            <td><a href=format!("/clients/accounts/{}", a.id)>{a.name}</a></td>
                                            <td>{a.ico.unwrap_or_default()}</td>
                                            <td>{a.city}</td>
                                            <td>{a.owner.map(|o| o.name).unwrap_or_default()}</td>
                                        </tr>
                                    }).collect_view()}
                                </tbody>
                            </table>
                        }.into_any(),
                        Err(err) => view! { <p class="form-error" role="alert">{move || i18n.t().error(&err)}</p> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

#[component]
fn NewAccountForm(on_cancel: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let toasts = use_toasts();
    let navigate = use_navigate();
    let action = ServerAction::<CreateAccount>::new();
    let values = AccountValues::new(AccountInput::default());
    let errors = field_errors(action.value());
    Effect::new(move |_| match action.value().get() {
        Some(Ok(id)) => {
            toasts.info((i18n.t().clients.account_created)(&values.input().name));
            navigate(&format!("/clients/accounts/{id}"), Default::default());
        }
        Some(Err(crate::error::AppError::Invalid(_))) | None => {}
        Some(Err(err)) => toasts.error(i18n.t().error(&err)),
    });
    view! {
        <form class="admin-form" novalidate=true on:submit=move |ev| {
            ev.prevent_default();
            action.dispatch(CreateAccount { input: values.input() });
        }>
            <AccountFields values errors prefix="new-account"/>
            <div class="form-actions">
                <button type="submit" class="button primary" disabled=move || action.pending().get()>
                    {move || i18n.t().create}
                </button>
                <button type="button" class="button secondary" on:click=move |_| on_cancel.run(())>
                    {move || i18n.t().cancel}
                </button>
            </div>
        </form>
    }
}

#[component]
pub fn ContactsPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let q = Signal::derive(move || query.read().get("q").unwrap_or_default());
    let rows = Resource::new(move || q.get(), list_contacts);
    let c = move || i18n.t().clients;
    view! {
        <section class="page admin-page clients-page">
            <ClientTabs/>
            <h1>{move || c().contacts_title}</h1>
            <div class="list-tools">
                <SearchForm q hint=Signal::derive(move || c().contacts_search_hint)/>
                <ExportLinks list=ExportList::Contacts params=Signal::derive(move || vec![("q", q.get())])/>
            </div>
            <Transition fallback=|| ()>
                {move || Suspend::new(async move {
                    match rows.await {
                        Ok(rows) if rows.is_empty() => view! { <p class="muted">{move || c().contacts_empty}</p> }.into_any(),
                        Ok(rows) => view! { <ContactTable rows/> }.into_any(),
                        Err(err) => view! { <p class="form-error" role="alert">{move || i18n.t().error(&err)}</p> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

/// People as a table: the contacts list and an organisation's people.
#[component]
pub fn ContactTable(rows: Vec<super::model::ContactRow>) -> impl IntoView {
    let i18n = use_i18n();
    let c = move || i18n.t().clients;
    view! {
        <table class="data-table">
            <thead><tr>
                <th>{move || c().col_name}</th>
                <th>{move || c().col_account}</th>
                <th>{move || c().col_job}</th>
                <th>{move || c().col_email}</th>
                <th>{move || c().col_phone}</th>
            </tr></thead>
            <tbody>
                {rows.into_iter().map(|p| view! {
                    <tr>
                        <td><a href=format!("/clients/contacts/{}", p.id)>{p.full_name()}</a></td>
                        <td><a href=format!("/clients/accounts/{}", p.account_id)>{p.account_name}</a></td>
                        <td>{p.job_title}</td>
                        <td>{p.email.unwrap_or_default()}</td>
                        <td>{p.phone.as_deref().map(format_phone).unwrap_or_default()}</td>
                    </tr>
                }).collect_view()}
            </tbody>
        </table>
    }
}

/// "2 další" under a list of an organisation's or contact's records: how many the user may not
/// open (colleagues'), with none of their data.
#[component]
pub fn Others(count: u64, testid: &'static str) -> impl IntoView {
    let i18n = use_i18n();
    (count > 0).then(|| {
        view! {
            <p class="muted others" data-testid=testid title=move || i18n.t().clients.others_hint>
                {move || (i18n.t().clients.others)(count)}
            </p>
        }
    })
}
