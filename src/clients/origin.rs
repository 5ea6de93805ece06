//! "Historie z leadu": on an organisation, contact or deal, the leads it came from with their
//! status history and their whole communication log, read-only — those the user may open;
//! colleagues' leads only as a count.

use leptos::prelude::*;

use super::lists::Others;
use super::model::OriginLead;
use crate::activities::timeline::Entries;
use crate::i18n::{time::prague_datetime, use_i18n};

#[component]
pub fn OriginLeads(origins: Vec<OriginLead>, hidden: u64) -> impl IntoView {
    let i18n = use_i18n();
    let empty = origins.is_empty() && hidden == 0;
    view! {
        <section class="origin-leads" aria-labelledby="origin-title">
            <h2 id="origin-title">{move || i18n.t().clients.origin_title}</h2>
            {empty.then(|| view! { <p class="muted">{move || i18n.t().clients.origin_empty}</p> })}
            {origins.into_iter().map(|origin| view! { <OriginLeadView origin/> }).collect_view()}
            <Others count=hidden testid="hidden-origin-leads"/>
        </section>
    }
}

#[component]
fn OriginLeadView(origin: OriginLead) -> impl IntoView {
    let i18n = use_i18n();
    let entries = RwSignal::new(origin.activities);
    let by = origin.converted_by.map(|p| p.name);
    let converted_at = origin.converted_at;
    let history = origin.history;
    view! {
        <article class="origin-lead" data-lead-id=origin.id>
            <h3><a href=format!("/leads/{}", origin.id)>{origin.name}</a></h3>
            <p class="detail-meta">
                <span class="card-source">{move || i18n.t().source(origin.source)}</span>
                <span>{move || {
                    let c = i18n.t().clients;
                    (c.origin_converted)(&prague_datetime(converted_at), by.as_deref().unwrap_or(c.nobody))
                }}</span>
            </p>
            <ol class="history compact">
                {move || {
                    let t = i18n.t();
                    history
                        .iter()
                        .map(|h| {
                            let what = match h.from {
                                None => format!("{}: {}", t.detail_history_created, t.status(h.to)),
                                Some(from) => format!("{} → {}", t.status(from), t.status(h.to)),
                            };
                            view! {
                                <li>
                                    <span class="history-change">{what}</span>
                                    <time datetime=h.changed_at.to_rfc3339()>{prague_datetime(h.changed_at)}</time>
                                </li>
                            }
                        })
                        .collect_view()
                }}
            </ol>
            <Entries entries read_only=Signal::from(true)/>
        </article>
    }
}
