//! `/leads/import/{id}`: one batch through its life on one page — the mapping and preview of
//! a draft, the progress of the commit, then the summary with "Vrátit import". The stages
//! follow one another in place (no reload between them); opening the page later shows the
//! stage the batch is in, and a commit left half-way goes on from where it stopped.

use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

use super::draft::DraftView;
use super::progress::{CommitProgress, ProgressBar};
use super::undo::BatchUndo;
use crate::error::AppError;
use crate::i18n::time::prague_datetime;
use crate::i18n::use_i18n;
use crate::imports::api::load_import;
use crate::imports::model::{BatchCounts, BatchState, BatchSummary, ImportPage, ImportProgress};

#[component]
pub fn ImportBatchPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let page = Resource::new(
        move || params.read().get("id").and_then(|s| s.parse::<i32>().ok()),
        |id| async move {
            match id {
                Some(id) => load_import(id).await,
                None => Err(AppError::NotFound),
            }
        },
    );
    view! {
        <section class="page import-page">
            <p><a href=crate::imports::model::IMPORT_PAGE class="back-link">{move || i18n.t().import_pages.back_to_imports}</a></p>
            <Transition fallback=move || view! { <p class="loading">{move || i18n.t().board_loading}</p> }>
                {move || Suspend::new(async move {
                    match page.await {
                        Ok(page) => view! { <BatchStages page/> }.into_any(),
                        Err(err) => view! {
                            <h1>{move || i18n.t().import_pages.title}</h1>
                            <p class="form-error" role="alert">{move || i18n.t().error(&err)}</p>
                        }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

/// Where the batch is on this page.
#[derive(Clone, Debug, PartialEq)]
enum Stage {
    Draft,
    Committing(ImportProgress),
    /// With the commit's last progress when it ran on this page.
    Finished(Option<ImportProgress>),
}

#[component]
fn BatchStages(page: ImportPage) -> impl IntoView {
    let (stage, draft, finished) = match page {
        ImportPage::Draft(preview) => (Stage::Draft, Some(preview), None),
        ImportPage::Committing(progress) => (Stage::Committing(progress), None, None),
        ImportPage::Finished(summary) => (Stage::Finished(None), None, Some(summary)),
    };
    let stage = RwSignal::new(stage);
    let summary = RwSignal::new(finished);
    let draft = StoredValue::new(draft);
    let on_started = Callback::new(move |progress: ImportProgress| {
        stage.set(Stage::Committing(progress));
    });
    let on_finished = Callback::new(move |progress: ImportProgress| {
        summary.set(progress.summary.clone());
        stage.set(Stage::Finished(Some(progress)));
    });
    // Only the stage's kind re-renders the page; the progress moves inside its own view.
    let kind = Memo::new(move |_| match stage.get() {
        Stage::Draft => 0,
        Stage::Committing(_) => 1,
        Stage::Finished(_) => 2,
    });
    move || match kind.get() {
        0 => match draft.get_value() {
            Some(preview) => view! { <DraftView preview on_started/> }.into_any(),
            None => ().into_any(),
        },
        1 => {
            let start = match stage.get_untracked() {
                Stage::Committing(progress) => progress,
                _ => return ().into_any(),
            };
            view! { <CommitProgress start on_finished/> }.into_any()
        }
        _ => match summary.get_untracked() {
            Some(done) => {
                let progress = match stage.get_untracked() {
                    Stage::Finished(progress) => progress,
                    _ => None,
                };
                view! { <FinishedView summary=done progress/> }.into_any()
            }
            None => ().into_any(),
        },
    }
}

/// A committed or undone batch: what it did, a way to the board, and undo. `progress` is the
/// commit's full bar when it has just run on this page.
#[component]
fn FinishedView(summary: BatchSummary, progress: Option<ImportProgress>) -> impl IntoView {
    let i18n = use_i18n();
    let t = move || i18n.t().import_pages;
    let who = summary.created_by.name.clone();
    let when = prague_datetime(summary.committed_at.unwrap_or(summary.created_at));
    let file_name = summary.file_name.clone();
    let counts = summary.counts;
    let batch = RwSignal::new(summary);
    let undone = move || batch.with(|b| b.state == BatchState::Undone);
    view! {
        <h1>{move || (t().batch_title)(&file_name)}</h1>
        <p class="muted">{move || (t().uploaded_by)(&who, &when)}</p>
        {progress.map(|p| view! { <ProgressBar progress=Signal::stored(p) busy=false/> })}
        <div class="import-finished" role="status" data-testid="import-summary">
            <h2>{move || if undone() { t().undone_title } else { t().finished_title }}</h2>
            <CountsList counts/>
        </div>
        <p class="form-actions">
            <a href="/" class="button primary">{move || t().to_board}</a>
        </p>
        <BatchUndo batch/>
    }
}

/// The counts of a batch as a definition list.
#[component]
pub fn CountsList(counts: BatchCounts) -> impl IntoView {
    let i18n = use_i18n();
    let t = move || i18n.t().import_pages;
    let number = move |n: u32| match i18n.locale() {
        crate::i18n::Locale::Cs => crate::imports::page_texts::czech_number(n),
        crate::i18n::Locale::En => crate::imports::page_texts::english_number(n),
    };
    let item = move |label: fn(&crate::imports::page_texts::ImportPageTexts) -> &'static str,
                     value: u32,
                     key: &'static str| {
        view! {
            <div class="import-count" data-count=key>
                <dt>{move || label(t())}</dt>
                <dd>{move || number(value)}</dd>
            </div>
        }
    };
    view! {
        <dl class="import-counts">
            {item(|t| t.sum_rows, counts.rows, "rows")}
            {item(|t| t.sum_created, counts.created, "created")}
            {item(|t| t.sum_filled, counts.filled, "filled")}
            {item(|t| t.sum_skipped, counts.skipped, "skipped")}
            {item(|t| t.sum_invalid, counts.invalid, "invalid")}
        </dl>
    }
}
