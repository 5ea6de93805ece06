//! The commit's progress: the browser asks the server to write the next step of rows, again
//! and again, and the bar moves with each answer until the summary comes. The progress lives
//! in the batch, so a step that failed (the network at a fair) is simply asked for again, and
//! a page opened later goes on where the last step ended.

use leptos::prelude::*;

use crate::error::AppError;
use crate::i18n::use_i18n;
use crate::imports::api::commit_import_step;
use crate::imports::model::ImportProgress;

#[component]
pub fn CommitProgress(
    start: ImportProgress,
    on_finished: Callback<ImportProgress>,
) -> impl IntoView {
    let i18n = use_i18n();
    let t = move || i18n.t().import_pages;
    let batch = start.batch;
    let progress = RwSignal::new(start);
    let error = RwSignal::new(None::<AppError>);
    let running = StoredValue::new(false);

    // Steps until the summary comes, an error stops it, or the page is left (a signal of a
    // left page is gone: `try_set` hands the value back).
    let run = move || {
        if running.get_value() {
            return;
        }
        running.set_value(true);
        error.set(None);
        leptos::task::spawn_local(async move {
            loop {
                if progress.with_untracked(|p| p.summary.is_some()) {
                    on_finished.run(progress.get_untracked());
                    break;
                }
                match commit_import_step(batch).await {
                    Ok(next) => {
                        if progress.try_set(next).is_some() {
                            break;
                        }
                    }
                    Err(err) => {
                        let _ = error.try_set(Some(err));
                        break;
                    }
                }
            }
            running.try_set_value(false);
        });
    };
    // Effects run only in the browser: the server renders the bar where the batch stands.
    Effect::new(move |_| run());

    view! {
        <h1>{move || t().progress_title}</h1>
        <ProgressBar progress=progress.into() busy=Signal::derive(move || error.with(Option::is_none))/>
        {move || error.get().map(|err| view! {
            <div class="form-error" role="alert">
                <p>{i18n.t().error(&err)}</p>
                <p>{move || t().progress_stopped}</p>
                <button type="button" class="button secondary" on:click=move |_| run()>
                    {move || t().retry}
                </button>
            </div>
        })}
    }
}

/// The bar with "1 500 z 10 000" under it.
#[component]
pub fn ProgressBar(
    progress: Signal<ImportProgress>,
    #[prop(into)] busy: Signal<bool>,
) -> impl IntoView {
    let i18n = use_i18n();
    let t = move || i18n.t().import_pages;
    let done = move || progress.with(|p| p.done);
    let total = move || progress.with(|p| p.total);
    view! {
        <div class="commit-progress" aria-busy=move || busy.get().then_some("true")>
            <label for="import-progress">{move || t().progress_label}</label>
            <progress id="import-progress" max=total value=done>
                {move || format!("{} %", progress.with(ImportProgress::percent))}
            </progress>
            <p class="progress-text" data-testid="progress-text">
                {move || (t().progress_text)(done(), total())}
            </p>
        </div>
    }
}
