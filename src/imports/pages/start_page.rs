//! `/leads/import`: the upload form and the earlier imports. The form is a plain multipart
//! post (it works before the WebAssembly arrives and sends the file as the browser has it);
//! the route answers with the batch's page, or back here with the refusal, which
//! `load_import_start` hands over once and the page shows by the file field.

use leptos::prelude::*;

use super::undo::BatchUndo;
use crate::error::AppError;
use crate::i18n::time::prague_datetime;
use crate::i18n::use_i18n;
use crate::imports::api::load_import_start;
use crate::imports::model::{
    BatchState, BatchSummary, MAX_FILE_BYTES, MAX_ROWS, UPLOAD_FILE_FIELD, UPLOAD_URL, batch_url,
};

/// What the file picker offers (the server checks the content, not the name).
const ACCEPTED_FILES: &str =
    ".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

#[component]
pub fn ImportStartPage() -> impl IntoView {
    let i18n = use_i18n();
    let t = move || i18n.t().import_pages;
    let start = Resource::new(|| (), |_| load_import_start());
    view! {
        <section class="page import-page">
            <p><a href="/" class="back-link">{move || i18n.t().detail_back}</a></p>
            <h1>{move || t().title}</h1>
            <p class="intro">{move || t().intro}</p>
            <Transition fallback=move || view! { <p class="loading">{move || i18n.t().board_loading}</p> }>
                {move || Suspend::new(async move {
                    match start.await {
                        Ok(start) => view! {
                            <UploadForm error=start.error/>
                            <h2>{move || t().earlier}</h2>
                            <BatchList batches=start.batches/>
                        }.into_any(),
                        Err(err) => view! {
                            <p class="form-error" role="alert">{move || i18n.t().error(&err)}</p>
                        }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

/// The file field and its button; `error` is the refusal of the last plain upload.
#[component]
fn UploadForm(error: Option<AppError>) -> impl IntoView {
    let i18n = use_i18n();
    let t = move || i18n.t().import_pages;
    let uploading = RwSignal::new(false);
    let has_error = error.is_some();
    let message = move || {
        error
            .as_ref()
            .map(|e| i18n.t().error(e))
            .unwrap_or_default()
    };
    let hint = move || (t().file_hint)((MAX_FILE_BYTES / (1024 * 1024)) as u32, MAX_ROWS as u32);
    view! {
        <form
            class="upload-form"
            method="post"
            action=UPLOAD_URL
            enctype="multipart/form-data"
            // The browser posts the form itself; this only shows that it is on its way (a big
            // file over a fair's mobile data takes a while).
            on:submit=move |_| uploading.set(true)
        >
            <div class="field" class:field-invalid=has_error>
                <label for="import-file">{move || t().file_label}</label>
                <p class="field-hint" id="import-file-hint">{hint}</p>
                <input
                    id="import-file"
                    type="file"
                    name=UPLOAD_FILE_FIELD
                    accept=ACCEPTED_FILES
                    required=true
                    aria-required="true"
                    aria-invalid=has_error.then_some("true")
                    aria-describedby=if has_error { "import-file-hint import-file-error" } else { "import-file-hint" }
                />
                <p class="field-error" id="import-file-error" role=has_error.then_some("alert")>{message}</p>
            </div>
            <button type="submit" class="button primary" disabled=move || uploading.get()>
                {move || if uploading.get() { t().uploading } else { t().upload }}
            </button>
        </form>
    }
}

/// Earlier imports, newest first: who, when, the file, what it did, and undo.
#[component]
fn BatchList(batches: Vec<BatchSummary>) -> impl IntoView {
    let i18n = use_i18n();
    let t = move || i18n.t().import_pages;
    if batches.is_empty() {
        return view! { <p class="muted">{move || t().earlier_empty}</p> }.into_any();
    }
    view! {
        <table class="data-table import-batches">
            <thead>
                <tr>
                    <th scope="col">{move || t().col_file}</th>
                    <th scope="col">{move || t().col_by}</th>
                    <th scope="col">{move || t().col_state}</th>
                    <th scope="col">{move || t().col_counts}</th>
                    <th scope="col">{move || t().col_actions}</th>
                </tr>
            </thead>
            <tbody>
                {batches.into_iter().map(|b| view! { <BatchRow batch=b/> }).collect_view()}
            </tbody>
        </table>
    }
    .into_any()
}

#[component]
fn BatchRow(batch: BatchSummary) -> impl IntoView {
    let i18n = use_i18n();
    let t = move || i18n.t().import_pages;
    let url = batch_url(batch.id);
    let who = batch.created_by.name.clone();
    let when = prague_datetime(batch.created_at);
    let file_name = batch.file_name.clone();
    let id = batch.id;
    let current = RwSignal::new(batch);
    let state = move || current.with(|b| b.state);
    let open_label = move || match state() {
        BatchState::Draft | BatchState::Committing => t().open_draft,
        _ => t().open_batch,
    };
    view! {
        <tr data-batch=id>
            <td><a href=url.clone()>{file_name}</a></td>
            <td>{who}<br/><span class="muted">{when}</span></td>
            <td><span class="state-badge">{move || i18n.t().imports.state(state())}</span></td>
            <td class="batch-counts">{move || current.with(|b| (t().counts_line)(&b.counts))}</td>
            <td class="batch-actions">
                <a href=url class="button secondary">{open_label}</a>
                <BatchUndo batch=current/>
            </td>
        </tr>
    }
}
