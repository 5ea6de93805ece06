//! The dashboard's "needs attention" lists: leads waiting for their first contact and
//! overdue tasks, with how many more there are than it shows.

use leptos::prelude::*;

use super::model::Report;
use crate::i18n::time::{age, prague_datetime};
use crate::i18n::use_i18n;

#[component]
pub fn Attention(r: Report) -> impl IntoView {
    let i18n = use_i18n();
    let t = move || i18n.t().dashboard;
    let now = r.now;
    let waiting_more = r.waiting.total.saturating_sub(r.waiting.items.len() as u32);
    let overdue_more = r.overdue.total.saturating_sub(r.overdue.items.len() as u32);
    let waiting_total = r.waiting.total;
    let overdue_total = r.overdue.total;
    view! {
        <section class="dash-card dash-wide attention" aria-labelledby="attention-title">
            <h2 id="attention-title">{move || t().attention_title}</h2>
            <div class="attention-lists">
                <div id="waiting">
                    <h3>{move || t().waiting_title}" "<span class="count">{waiting_total}</span></h3>
                    {if r.waiting.items.is_empty() {
                        view! { <p class="muted">{move || t().waiting_empty}</p> }.into_any()
                    } else {
                        view! {
                            <ul class="attention-list">
                                {r.waiting.items.into_iter().map(|w| {
                                    let created = w.created_at;
                                    view! {
                                        <li data-lead-id=w.lead_id>
                                            <a href=format!("/leads/{}", w.lead_id)>{w.name}</a>
                                            {(!w.company.is_empty()).then(|| format!(" · {}", w.company))}
                                            <span class="muted">" · "{move || (t().waiting_for)(&age(i18n.t(), created, now))}</span>
                                            {w.owner.map(|o| view! { <span class="muted">" · "{o}</span> })}
                                        </li>
                                    }
                                }).collect_view()}
                            </ul>
                            {(waiting_more > 0).then(|| view! { <p class="muted">{move || (t().more)(waiting_more)}</p> })}
                        }.into_any()
                    }}
                </div>
                <div id="overdue">
                    <h3>{move || t().overdue_title}" "<span class="count">{overdue_total}</span></h3>
                    {if r.overdue.items.is_empty() {
                        view! { <p class="muted">{move || t().overdue_empty}</p> }.into_any()
                    } else {
                        view! {
                            <ul class="attention-list">
                                {r.overdue.items.into_iter().map(|task| view! {
                                    <li data-task-id=task.task_id>
                                        <a href=format!("/leads/{}", task.lead_id)>{task.lead_name}</a>
                                        " · "{task.subject}
                                        <span class="overdue-mark">" · "{move || (t().due)(&prague_datetime(task.due))}</span>
                                        {task.owner.map(|o| view! { <span class="muted">" · "{o}</span> })}
                                    </li>
                                }).collect_view()}
                            </ul>
                            {(overdue_more > 0).then(|| view! { <p class="muted">{move || (t().more)(overdue_more)}</p> })}
                        }.into_any()
                    }}
                </div>
            </div>
        </section>
    }
}
