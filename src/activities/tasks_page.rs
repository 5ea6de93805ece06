//! "Moje úkoly" (`/tasks`): the signed-in person's open tasks due today, overdue ones first,
//! each ticked off in place.

use leptos::prelude::*;

use super::api::my_tasks;
use super::model::TaskItem;
use super::timeline::TaskCheckbox;
use crate::i18n::{time::prague_datetime, use_i18n};
use crate::ui::clock::use_now;

#[component]
pub fn TasksPage() -> impl IntoView {
    let i18n = use_i18n();
    let tasks = Resource::new(|| (), |_| my_tasks());
    view! {
        <section class="page narrow tasks-page">
            <h1>{move || i18n.t().tasks_title}</h1>
            <p class="page-intro">{move || i18n.t().tasks_intro}</p>
            <Transition fallback=move || view! { <p class="loading">{i18n.t().board_loading}</p> }>
                {move || Suspend::new(async move {
                    match tasks.await {
                        Ok(list) => view! { <TaskList list/> }.into_any(),
                        Err(err) => view! {
                            <p class="form-error" role="alert">{move || i18n.t().error(&err)}</p>
                        }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

#[component]
fn TaskList(list: Vec<TaskItem>) -> impl IntoView {
    let i18n = use_i18n();
    let now = use_now();
    let items = RwSignal::new(list);
    let open = move || items.with(|l| l.iter().filter(|i| i.task.done_at.is_none()).count());
    view! {
        <p class="tasks-count" aria-live="polite">{move || (i18n.t().tasks_open_count)(open())}</p>
        <Show
            when=move || items.with(|l| !l.is_empty())
            fallback=move || view! { <p class="empty">{move || i18n.t().tasks_empty}</p> }
        >
            <ul class="task-list" aria-label=move || i18n.t().tasks_title>
                <For each=move || items.get() key=|i| (i.task.id, i.task.done_at) let(item)>
                    {
                        let task = item.task.clone();
                        let due = task.when;
                        let overdue = {
                            let task = task.clone();
                            Signal::derive(move || task.is_overdue(now.get()))
                        };
                        let lead_href = format!("/leads/{}", task.lead_id);
                        view! {
                            <li class="task-item" class:done=task.done_at.is_some() class:overdue=overdue data-task-id=task.id>
                                <TaskCheckbox task=task.clone() disabled=false on_saved=move |saved| {
                                    items.update(|l| {
                                        if let Some(slot) = l.iter_mut().find(|i| i.task.id == saved.id) {
                                            slot.task = saved;
                                        }
                                    });
                                }/>
                                <div class="task-text">
                                    <span class="task-subject">{task.subject.clone()}</span>
                                    <a href=lead_href class="task-lead">
                                        {item.lead_name.clone()}
                                        {(!item.lead_company.is_empty()).then(|| format!(" · {}", item.lead_company))}
                                    </a>
                                    {due.map(|due| view! {
                                        <span class="task-due">
                                            <time datetime=due.to_rfc3339()>{prague_datetime(due)}</time>
                                            {move || overdue.get().then(|| view! { " · "<strong class="overdue-mark">{i18n.t().task_overdue}</strong> })}
                                        </span>
                                    })}
                                </div>
                            </li>
                        }
                    }
                </For>
            </ul>
        </Show>
    }
}
