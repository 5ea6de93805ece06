//! The lead detail's owner: who works the lead, the manager's picker to (re)assign it, the
//! salesperson's "Převzít" for a pool lead, and the assignment history.

use leptos::prelude::*;

use super::api::assign_lead;
use crate::auth::model::{CurrentUser, PersonRef};
use crate::auth::permissions::sees_all_leads;
use crate::error::AppError;
use crate::i18n::{time::prague_datetime, use_i18n};
use crate::leads::detail_model::{AssignmentEntry, LeadDetail};
use crate::leads::model::LeadStatus;
use crate::ui::toast::use_toasts;

/// `me` and `assignees` come with the page's one request: no loading of its own, so the
/// server-rendered panel and the hydrating one are built from the same data.
#[component]
pub fn OwnerPanel(
    current: RwSignal<LeadDetail>,
    reload: RwSignal<u32>,
    me: CurrentUser,
    assignees: Vec<PersonRef>,
) -> impl IntoView {
    let i18n = use_i18n();
    let t = move || i18n.t();
    let toasts = use_toasts();
    let pending = RwSignal::new(false);
    let owner_name = move || {
        current.with(|d| {
            d.owner
                .as_ref()
                .map(|o| o.name.clone())
                .unwrap_or_else(|| t().owner_none.to_string())
        })
    };
    let give = move |to: Option<i32>| {
        let lead_id = current.with_untracked(|d| d.id);
        pending.set(true);
        leptos::task::spawn_local(async move {
            match assign_lead(lead_id, to).await {
                Ok(card) => {
                    let name = card.full_name();
                    match &card.owner {
                        Some(o) => toasts.info((i18n.t().assigned_toast)(&name, &o.name)),
                        None => toasts.info((i18n.t().returned_toast)(&name)),
                    }
                    reload.update(|n| *n += 1);
                }
                Err(err) => {
                    toasts.error(i18n.t().error(&err));
                    if matches!(err, AppError::NotFound | AppError::Stale) {
                        reload.update(|n| *n += 1);
                    }
                }
            }
            pending.set(false);
        });
    };
    let closed = move || current.with(|d| d.status == LeadStatus::Converted);
    view! {
        <section class="owner-panel" aria-labelledby="owner-title">
            <h2 id="owner-title">{move || t().detail_owner}</h2>
            <p class="owner-name" data-testid="owner-name">{owner_name}</p>
            <Show when=move || !closed()>
                {if sees_all_leads(me.role) {
                    view! { <AssignPicker current pending give people=assignees.clone()/> }.into_any()
                } else {
                    let me_id = me.id;
                    view! {
                        <Show when=move || current.with(|d| d.owner.is_none())>
                            <button type="button" class="button primary" disabled=move || pending.get()
                                on:click=move |_| give(Some(me_id))>
                                {move || t().take_lead}
                            </button>
                        </Show>
                    }.into_any()
                }}
            </Show>
            <h3>{move || t().detail_assignments}</h3>
            <ol class="history assignment-history" aria-label=move || t().detail_assignments>
                {move || current.with(|d| d.assignments.iter().rev().map(|a| view! { <AssignmentLine entry=a.clone()/> }).collect_view())}
            </ol>
        </section>
    }
}

/// A manager's select of active people (or the pool) and the button that applies it.
#[component]
fn AssignPicker(
    current: RwSignal<LeadDetail>,
    pending: RwSignal<bool>,
    give: impl Fn(Option<i32>) + Copy + Send + Sync + 'static,
    people: Vec<PersonRef>,
) -> impl IntoView {
    let i18n = use_i18n();
    let t = move || i18n.t();
    let chosen = RwSignal::new(
        current
            .with_untracked(|d| d.owner.as_ref().map(|o| o.id.to_string()))
            .unwrap_or_default(),
    );
    view! {
        <div class="assign-picker">
            <label for="detail-owner">{move || t().assign_to}</label>
            <select id="detail-owner" prop:value=move || chosen.get()
                on:change=move |ev| chosen.set(event_target_value(&ev))>
                <option value="" selected=move || chosen.with(String::is_empty)>{move || t().owner_none}</option>
                {people.into_iter().map(|p| {
                    let id = p.id.to_string();
                    let mine = id.clone();
                    view! { <option value=id selected=move || chosen.with(|c| *c == mine)>{p.name}</option> }
                }).collect_view()}
            </select>
            <button type="button" class="button primary" disabled=move || pending.get()
                on:click=move |_| give(chosen.get_untracked().parse::<i32>().ok())>
                {move || t().detail_assign_button}
            </button>
        </div>
    }
}

#[component]
fn AssignmentLine(entry: AssignmentEntry) -> impl IntoView {
    let i18n = use_i18n();
    let text = move || {
        let t = i18n.t();
        let name = |p: &Option<crate::auth::model::PersonRef>| {
            p.as_ref()
                .map(|p| p.name.clone())
                .unwrap_or_else(|| t.owner_none.to_string())
        };
        let taken = entry.by.is_some() && entry.by == entry.to;
        let what = if taken {
            (t.assignment_took)(&name(&entry.to))
        } else {
            (t.assignment_change)(&name(&entry.from), &name(&entry.to))
        };
        let how = match (&entry.rule_name, &entry.by) {
            (Some(rule), _) => Some((t.assignment_by_rule)(rule)),
            (None, Some(by)) if !taken => Some((t.assignment_by)(&by.name)),
            _ => None,
        };
        match how {
            Some(how) => format!("{what}, {how}"),
            None => what,
        }
    };
    view! {
        <li>
            <span class="history-change">{text}</span>
            <time datetime=entry.at.to_rfc3339()>{prague_datetime(entry.at)}</time>
        </li>
    }
}
