//! Lead search (`/search?q=`): every lead the user may see whose name, company, email, phone
//! or IČO matches (case and diacritics aside), closed ones included — the way back to a lead
//! that has left the board.

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use super::api::search_leads;
use crate::exports::links::ExportLinks;
use crate::exports::model::ExportList;
use crate::i18n::use_i18n;

/// The search box; on the board and on the results page. A plain GET form.
#[component]
pub fn LeadSearchBox(#[prop(optional, into)] value: String) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <form method="get" action="/search" role="search" class="lead-search">
            <input
                type="search"
                name="q"
                value=value
                aria-label=move || i18n.t().search_label
                placeholder=move || i18n.t().search_hint
            />
            <button type="submit" class="button secondary">{move || i18n.t().search_button}</button>
        </form>
    }
}

#[component]
pub fn LeadSearchPage() -> impl IntoView {
    let i18n = use_i18n();
    let t = move || i18n.t();
    let query = use_query_map();
    let q = Memo::new(move |_| query.read().get("q").unwrap_or_default());
    let found = Resource::new(move || q.get(), search_leads);
    view! {
        <section class="page narrow search-page">
            <h1>{move || t().search_title}</h1>
            {move || view! { <LeadSearchBox value=q.get()/> }}
            <Transition fallback=|| ()>
                {move || Suspend::new(async move {
                    match found.await {
                        Ok(leads) if leads.is_empty() && !q.get_untracked().trim().is_empty() => {
                            view! { <p class="muted">{move || t().search_none}</p> }.into_any()
                        }
                        Ok(leads) => view! {
                            {(!leads.is_empty()).then(|| view! {
                                <p class="export-bar">
                                    <ExportLinks list=ExportList::Search params=vec![("q", q.get_untracked())]/>
                                </p>
                            })}
                            <ul class="admin-list search-results" aria-label=move || t().search_title>
                                {leads.into_iter().map(|lead| {
                                    let status = lead.status;
                                    view! {
                                        <li class="admin-row">
                                            <span class="admin-row-main">
                                                <a href=format!("/leads/{}", lead.id)>{lead.full_name()}</a>
                                                <span class="muted">{lead.company.clone()}</span>
                                                <span class="status-badge" data-status=status.code()>{move || t().status(status)}</span>
                                                {lead.owner.map(|o| view! { <span class="muted">{o.name}</span> })}
                                            </span>
                                        </li>
                                    }
                                }).collect_view()}
                            </ul>
                        }.into_any(),
                        Err(err) => view! { <p class="form-error" role="alert">{move || t().error(&err)}</p> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}
