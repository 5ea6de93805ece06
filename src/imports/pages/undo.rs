//! "Vrátit import": a button that asks first (in the page, not a browser dialog, so it reads
//! the same on a phone and to a screen reader), then reports how many leads it removed and
//! how many it kept, and why. Used by the list of imports and by a finished batch's page.

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::error::AppError;
use crate::i18n::time::prague_datetime;
use crate::i18n::use_i18n;
use crate::imports::api::undo_import;
use crate::imports::model::{BatchSummary, UndoReport};

#[derive(Clone, Copy, PartialEq, Eq)]
enum Step {
    Offer,
    Asking,
    Working,
}

/// The undo button of a committed batch. `on_undone` gets the report once the server has
/// answered; the caller shows it (with [`UndoReportView`]) in place of the button.
#[component]
pub fn UndoControl(
    batch: i32,
    #[prop(into)] file_name: String,
    on_undone: Callback<UndoReport>,
) -> impl IntoView {
    let i18n = use_i18n();
    let t = move || i18n.t().import_pages;
    let step = RwSignal::new(Step::Offer);
    let error = RwSignal::new(None::<AppError>);
    let question_id = format!("undo-question-{batch}");
    let confirm = move |_| {
        step.set(Step::Working);
        spawn_local(async move {
            match undo_import(batch).await {
                Ok(report) => on_undone.run(report),
                Err(err) => {
                    let _ = error.try_set(Some(err));
                    let _ = step.try_set(Step::Offer);
                }
            }
        });
    };
    view! {
        <div class="undo-control">
            {move || match step.get() {
                Step::Offer => view! {
                    <button type="button" class="button danger" on:click=move |_| {
                        error.set(None);
                        step.set(Step::Asking);
                    }>{move || t().undo}</button>
                }.into_any(),
                Step::Asking | Step::Working => {
                    let working = step.get() == Step::Working;
                    let file_name = file_name.clone();
                    let (labelled_by, question_id) = (question_id.clone(), question_id.clone());
                    view! {
                        <div class="undo-confirm" role="group" aria-labelledby=labelled_by>
                            <p id=question_id>{move || (t().undo_question)(&file_name)}</p>
                            <div class="form-actions">
                                <button type="button" class="button danger" disabled=working
                                    on:click=confirm>
                                    {move || if working { t().undoing } else { t().undo_yes }}
                                </button>
                                <button type="button" class="button secondary" disabled=working
                                    on:click=move |_| step.set(Step::Offer)>
                                    {move || i18n.t().cancel}
                                </button>
                            </div>
                        </div>
                    }.into_any()
                }
            }}
            {move || error.get().map(|err| view! {
                <p class="form-error" role="alert">{i18n.t().error(&err)}</p>
            })}
        </div>
    }
}

/// What an undo did: removed, kept, and the reasons of the kept ones.
#[component]
pub fn UndoReportView(report: UndoReport) -> impl IntoView {
    let i18n = use_i18n();
    let removed = report.removed;
    let kept = report.kept_total();
    let reasons = report.kept.clone();
    view! {
        <div class="undo-report" role="status" data-testid="undo-report">
            <p>
                {move || (i18n.t().import_pages.undo_removed)(removed)}" "
                {move || (i18n.t().import_pages.undo_kept)(kept)}
            </p>
            {(!reasons.is_empty()).then(|| view! {
                <ul class="kept-reasons">
                    {reasons.into_iter().filter(|k| k.count > 0).map(|k| view! {
                        <li>{move || {
                            let t = i18n.t();
                            (t.import_pages.undo_kept_reason)(t.imports.kept(k.reason), k.count)
                        }}</li>
                    }).collect_view()}
                </ul>
            })}
        </div>
    }
}

/// The undo of a batch as it stands: the report (with who and when) once undone, the button
/// while committed, nothing otherwise. `batch` is updated in place when the undo is done.
#[component]
pub fn BatchUndo(batch: RwSignal<BatchSummary>) -> impl IntoView {
    let i18n = use_i18n();
    let on_undone = Callback::new(move |report: UndoReport| {
        let _ = batch.try_update(|b| {
            b.state = crate::imports::model::BatchState::Undone;
            b.undo = Some(report);
        });
    });
    move || {
        let b = batch.get();
        match (b.state, b.undo) {
            (crate::imports::model::BatchState::Undone, report) => view! {
                {b.undone_at.map(|when| {
                    let who = b.undone_by.map(|p| p.name).unwrap_or_default();
                    let when = prague_datetime(when);
                    view! { <p class="muted">{move || (i18n.t().import_pages.undone_by)(&who, &when)}</p> }
                })}
                {report.map(|report| view! { <UndoReportView report/> })}
            }
            .into_any(),
            (crate::imports::model::BatchState::Committed, _) => {
                view! { <UndoControl batch=b.id file_name=b.file_name on_undone/> }.into_any()
            }
            _ => ().into_any(),
        }
    }
}
