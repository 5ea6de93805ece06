//! The lead's communication log on its detail page: a composer (note, call, meeting, task,
//! email) and the timeline below it, newest first, with author and time. Tasks are ticked off
//! in place.

use leptos::prelude::*;
use leptos::task::spawn_local;

use super::api::{LogActivity, set_task_done};
use super::model::{
    ActivityInput, ActivityKind, ActivityView, CallOutcome, EmailDirection, prague_input_value,
};
use crate::error::{AppError, Field};
use crate::i18n::{I18n, time::prague_datetime, use_i18n};
use crate::ui::clock::use_now;
use crate::ui::field::{SelectField, TextArea, TextField};
use crate::ui::field_errors::error_for;
use crate::ui::form_flash::{field_errors_of, last_error};
use crate::ui::toast::use_toasts;

/// `initial` comes with the lead's detail (one request for the page, no nested loading);
/// afterwards the list is kept up to date by this page's own answers.
#[component]
pub fn ActivityTimeline(
    lead_id: i32,
    initial: Vec<ActivityView>,
    /// A converted lead is read-only: its log is shown, nothing is added.
    #[prop(into)]
    read_only: Signal<bool>,
    /// What a refused plain post of the composer (no WebAssembly) typed, and why.
    flash: Option<(ActivityInput, AppError)>,
) -> impl IntoView {
    let i18n = use_i18n();
    let entries = RwSignal::new(initial);
    let flash = StoredValue::new(flash);
    view! {
        <section class="activities" aria-labelledby="activities-title">
            <h2 id="activities-title">{move || i18n.t().activities_title}</h2>
            <Show when=move || !read_only.get()>
                <Composer lead_id entries flash=flash.get_value()/>
            </Show>
            <Entries entries read_only/>
        </section>
    }
}

/// Two-way values of the composer's fields.
#[derive(Clone, Copy)]
struct ComposerValues {
    kind: RwSignal<ActivityKind>,
    subject: RwSignal<String>,
    body: RwSignal<String>,
    outcome: RwSignal<String>,
    direction: RwSignal<String>,
    place: RwSignal<String>,
    when: RwSignal<String>,
}

impl ComposerValues {
    fn new() -> Self {
        let values = ComposerValues {
            kind: RwSignal::new(ActivityKind::Note),
            subject: RwSignal::new(String::new()),
            body: RwSignal::new(String::new()),
            outcome: RwSignal::new(String::new()),
            direction: RwSignal::new(EmailDirection::Outgoing.code().to_string()),
            place: RwSignal::new(String::new()),
            when: RwSignal::new(String::new()),
        };
        values.suggest_when();
        values
    }

    /// What a refused plain post typed.
    fn set(&self, typed: ActivityInput) {
        if let Some(kind) = ActivityKind::from_code(&typed.kind) {
            self.kind.set(kind);
        }
        self.subject.set(typed.subject);
        self.body.set(typed.body);
        self.outcome.set(typed.outcome);
        if !typed.direction.is_empty() {
            self.direction.set(typed.direction);
        }
        self.place.set(typed.place);
        if !typed.when.is_empty() {
            self.when.set(typed.when);
        }
    }

    /// After a save: an empty form of the same kind, ready for the next entry.
    fn clear(&self) {
        self.subject.set(String::new());
        self.body.set(String::new());
        self.outcome.set(String::new());
        self.place.set(String::new());
        self.suggest_when();
    }

    /// A task is most often "call again tomorrow morning": suggest 9:00 the next day.
    fn suggest_when(&self) {
        let tomorrow = chrono::Utc::now() + chrono::Duration::days(1);
        let local = prague_input_value(tomorrow);
        let date = local.split('T').next().unwrap_or_default();
        self.when.set(format!("{date}T09:00"));
    }
}

#[component]
fn Composer(
    lead_id: i32,
    entries: RwSignal<Vec<ActivityView>>,
    flash: Option<(ActivityInput, AppError)>,
) -> impl IntoView {
    let i18n = use_i18n();
    let toasts = use_toasts();
    let action = ServerAction::<LogActivity>::new();
    let values = ComposerValues::new();
    let (typed, flash_error) = flash.unzip();
    if let Some(typed) = typed {
        values.set(typed);
    }
    let last_error = last_error(action.value(), flash_error);
    let errors = field_errors_of(last_error);
    let error_of = move |field: Field| error_for(errors, field);

    Effect::new(move |_| match action.value().get() {
        Some(Ok(saved)) => {
            let kind = saved.kind;
            entries.update(|list| list.insert(0, saved));
            values.clear();
            toasts.info((i18n.t().activity_logged)(i18n.t().activity_kind(kind)));
        }
        Some(Err(AppError::Invalid(_))) | None => {}
        Some(Err(err)) => toasts.error(i18n.t().error(&err)),
    });

    let kind = move || values.kind.get();
    let outcomes = Signal::derive(move || {
        let t = i18n.t();
        std::iter::once((String::new(), t.choice_pick.to_string()))
            .chain(
                CallOutcome::ALL
                    .iter()
                    .map(|o| (o.code().to_string(), t.call_outcome(*o).to_string())),
            )
            .collect::<Vec<_>>()
    });
    let directions = Signal::derive(move || {
        let t = i18n.t();
        EmailDirection::ALL
            .iter()
            .map(|d| (d.code().to_string(), t.email_direction(*d).to_string()))
            .collect::<Vec<_>>()
    });
    let subject_label = Signal::derive(move || {
        let t = i18n.t();
        match values.kind.get() {
            ActivityKind::Task => t.activity_task_title,
            ActivityKind::Meeting => t.activity_meeting_title,
            _ => t.activity_subject,
        }
    });
    let when_label = Signal::derive(move || {
        let t = i18n.t();
        if values.kind.get() == ActivityKind::Task {
            t.activity_due
        } else {
            t.activity_meeting_when
        }
    });
    let body_label = Signal::derive(move || {
        let t = i18n.t();
        match values.kind.get() {
            ActivityKind::Note => t.activity_note_text,
            ActivityKind::Email => t.activity_email_body,
            _ => t.activity_details,
        }
    });

    view! {
        <ActionForm action attr:class="composer" attr:novalidate=true>
            <input type="hidden" name="lead_id" value=lead_id/>
            <fieldset class="kind-picker">
                <legend>{move || i18n.t().activity_kind_label}</legend>
                {ActivityKind::ALL.into_iter().map(|k| view! {
                    <label class="kind-option" class:chosen=move || kind() == k>
                        <input
                            type="radio"
                            name="input[kind]"
                            value=k.code()
                            checked=move || kind() == k
                            prop:checked=move || kind() == k
                            on:change=move |_| values.kind.set(k)
                        />
                        <span>{move || i18n.t().activity_kind(k)}</span>
                    </label>
                }).collect_view()}
            </fieldset>
            <Show when=move || kind() == ActivityKind::Call>
                <SelectField id="activity-outcome" name="input[outcome]" label=Signal::derive(move || i18n.t().activity_outcome)
                    value=values.outcome options=outcomes error=error_of(Field::Outcome)/>
            </Show>
            <Show when=move || kind() == ActivityKind::Email>
                <SelectField id="activity-direction" name="input[direction]" label=Signal::derive(move || i18n.t().activity_direction)
                    value=values.direction options=directions error=error_of(Field::Direction)/>
            </Show>
            <Show when=move || matches!(kind(), ActivityKind::Meeting | ActivityKind::Task | ActivityKind::Email)>
                <TextField id="activity-subject" name="input[subject]" label=subject_label
                    value=values.subject error=error_of(Field::Subject) required=true/>
            </Show>
            <Show when=move || matches!(kind(), ActivityKind::Meeting | ActivityKind::Task)>
                <div class="field-row">
                    <TextField id="activity-when" name="input[when]" label=when_label kind="datetime-local"
                        value=values.when error=error_of(Field::When) required=true/>
                    <Show when=move || kind() == ActivityKind::Meeting>
                        <TextField id="activity-place" name="input[place]" label=Signal::derive(move || i18n.t().activity_place)
                            value=values.place error=error_of(Field::Place)/>
                    </Show>
                </div>
            </Show>
            <TextArea id="activity-body" name="input[body]" label=body_label
                value=values.body error=error_of(Field::Body)/>
            <button type="submit" class="button primary" disabled=move || action.pending().get()>
                {move || if action.pending().get() { i18n.t().saving } else { i18n.t().activity_add }}
            </button>
        </ActionForm>
    }
}

#[component]
pub(crate) fn Entries(
    entries: RwSignal<Vec<ActivityView>>,
    read_only: Signal<bool>,
) -> impl IntoView {
    let i18n = use_i18n();
    let list = move || entries.get();
    view! {
        <Show
            when=move || entries.with(|l| !l.is_empty())
            fallback=move || view! { <p class="empty">{move || i18n.t().activities_empty}</p> }
        >
            <ol class="timeline" aria-label=move || i18n.t().activities_title>
                <For each=list key=|a| (a.id, a.done_at) let(entry)>
                    <Entry entry entries read_only/>
                </For>
            </ol>
        </Show>
    }
}

#[component]
fn Entry(
    entry: ActivityView,
    entries: RwSignal<Vec<ActivityView>>,
    read_only: Signal<bool>,
) -> impl IntoView {
    let i18n = use_i18n();
    let now = use_now();
    let t = move || i18n.t();
    let headline = {
        let entry = entry.clone();
        move || headline(i18n, &entry)
    };
    let author = entry
        .author
        .as_ref()
        .map(|p| p.name.clone())
        .unwrap_or_default();
    let overdue = {
        let entry = entry.clone();
        Signal::derive(move || entry.is_overdue(now.get()))
    };
    view! {
        <li class="activity" data-kind=entry.kind.code() class:done=entry.done_at.is_some() class:overdue=overdue>
            <div class="activity-head">
                <span class="activity-kind">{headline}</span>
                <span class="activity-author">{author}</span>
                <time datetime=entry.created_at.to_rfc3339()>{prague_datetime(entry.created_at)}</time>
            </div>
            {(!entry.subject.is_empty()).then(|| view! { <p class="activity-subject">{entry.subject.clone()}</p> })}
            {entry.when.map(|when| {
                let label = move || if entry.kind == ActivityKind::Task { t().activity_due } else { t().activity_meeting_when };
                let place = entry.place.clone();
                view! {
                    <p class="activity-when">
                        {label}": "<time datetime=when.to_rfc3339()>{prague_datetime(when)}</time>
                        {(!place.is_empty()).then(|| view! { " · "{move || t().activity_place}": "{place.clone()} })}
                        {move || overdue.get().then(|| view! { " · "<strong class="overdue-mark">{t().task_overdue}</strong> })}
                    </p>
                }
            })}
            {(!entry.body.is_empty()).then(|| view! { <p class="activity-body">{entry.body.clone()}</p> })}
            {(entry.kind == ActivityKind::Task).then(|| view! {
                <TaskCheckbox task=entry.clone() disabled=read_only on_saved=move |saved: ActivityView| {
                    entries.update(|list| {
                        if let Some(slot) = list.iter_mut().find(|a| a.id == saved.id) {
                            *slot = saved;
                        }
                    });
                }/>
            })}
        </li>
    }
}

/// "Hovor · Zastižen", "E-mail · odchozí", "Úkol".
fn headline(i18n: I18n, entry: &ActivityView) -> String {
    let t = i18n.t();
    let kind = t.activity_kind(entry.kind);
    match (entry.outcome, entry.direction) {
        (Some(outcome), _) => format!("{kind} · {}", t.call_outcome(outcome)),
        (_, Some(direction)) => format!("{kind} · {}", t.email_direction(direction)),
        _ => kind.to_string(),
    }
}

/// "Hotovo": ticks a task off or opens it again; `on_saved` gets the server's answer.
#[component]
pub fn TaskCheckbox(
    task: ActivityView,
    #[prop(into)] disabled: Signal<bool>,
    on_saved: impl Fn(ActivityView) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let i18n = use_i18n();
    let toasts = use_toasts();
    let pending = RwSignal::new(false);
    let done = RwSignal::new(task.done_at.is_some());
    let id = task.id;
    let on_change = move |ev: leptos::ev::Event| {
        let wanted = event_target_checked(&ev);
        done.set(wanted);
        pending.set(true);
        spawn_local(async move {
            let answer = set_task_done(id, wanted).await;
            pending.set(false);
            match answer {
                Ok(saved) => {
                    let t = i18n.t();
                    toasts.info(if wanted {
                        t.task_done_toast
                    } else {
                        t.task_reopened_toast
                    });
                    on_saved(saved);
                }
                Err(err) => {
                    done.set(!wanted);
                    toasts.error(i18n.t().error(&err));
                }
            }
        });
    };
    view! {
        <label class="task-done">
            <input
                type="checkbox"
                checked=task.done_at.is_some()
                prop:checked=move || done.get()
                disabled=move || disabled.get() || pending.get()
                on:change=on_change
            />
            <span>{move || i18n.t().task_done}</span>
        </label>
    }
}
