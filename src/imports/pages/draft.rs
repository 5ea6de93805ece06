//! A draft batch: the mapping, the batch defaults and the duplicate choices, the preview they
//! give, and the button that starts the commit. Every change asks the server for a new
//! preview (which also saves the settings with the draft, so a reload keeps them); only the
//! latest answer counts, and a refused mapping keeps the last good preview on screen with the
//! reason next to what caused it.

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::use_navigate;

use super::draft_state::{Draft, ErrorSpot, error_spot};
use super::mapping::MappingSection;
use super::preview_table::PreviewSection;
use crate::i18n::time::prague_datetime;
use crate::i18n::use_i18n;
use crate::imports::api::{discard_import, start_import};
use crate::imports::model::{
    DuplicateChoice, IMPORT_PAGE, IMPORT_STATUSES, ImportPreview, ImportProgress, OwnerChoice,
};
use crate::leads::model::{LeadSource, LeadStatus};
use crate::ui::toast::use_toasts;

#[component]
pub fn DraftView(preview: ImportPreview, on_started: Callback<ImportProgress>) -> impl IntoView {
    let i18n = use_i18n();
    let t = move || i18n.t().import_pages;
    let file_name = preview.batch.file_name.clone();
    let who = preview.batch.created_by.name.clone();
    let when = prague_datetime(preview.batch.created_at);
    let draft = Draft::new(preview);
    view! {
        <h1>{move || (t().batch_title)(&file_name)}</h1>
        <p class="muted">{move || (t().uploaded_by)(&who, &when)}</p>
        <div class="import-settings">
            <MappingSection draft/>
            <DefaultsSection draft/>
        </div>
        <PreviewSection draft/>
        <CommitBar draft on_started/>
    }
}

/// Source, owner and status for the whole batch, and the choice for all duplicates.
#[component]
fn DefaultsSection(draft: Draft) -> impl IntoView {
    let i18n = use_i18n();
    let t = move || i18n.t().import_pages;
    let settings = draft.settings;
    let owners = Memo::new(move |_| draft.preview.with(|p| p.owners.clone()));
    let owner_error = draft.error_at(ErrorSpot::Owner);
    let status_error = draft.error_at(ErrorSpot::Status);
    let owner_code = move || match settings.with(|s| s.defaults.owner) {
        OwnerChoice::Rules => "rules".to_string(),
        OwnerChoice::Person(id) => id.to_string(),
    };
    view! {
        <section class="import-section import-defaults" aria-labelledby="import-defaults-title">
            <h2 id="import-defaults-title">{move || t().defaults_title}</h2>
            <p class="field-hint">{move || t().defaults_intro}</p>
            <div class="field">
                <label for="import-source">{move || i18n.t().field_source}</label>
                <select id="import-source" on:change=move |ev| {
                    if let Some(source) = LeadSource::from_code(&event_target_value(&ev)) {
                        draft.change(|s| s.defaults.source = source);
                    }
                }>
                    {LeadSource::ALL.into_iter().map(|source| view! {
                        <option value=source.code()
                            selected=move || settings.with(|s| s.defaults.source == source)>
                            {move || i18n.t().source(source)}
                        </option>
                    }).collect_view()}
                </select>
            </div>
            <div class="field" class:field-invalid=move || owner_error.get().is_some()>
                <label for="import-owner">{move || t().owner_label}</label>
                <select id="import-owner"
                    aria-invalid=move || owner_error.get().is_some().then_some("true")
                    aria-describedby="import-owner-error"
                    prop:value=owner_code
                    on:change=move |ev| {
                        let code = event_target_value(&ev);
                        let owner = code.parse::<i32>().map(OwnerChoice::Person).unwrap_or(OwnerChoice::Rules);
                        draft.change(|s| s.defaults.owner = owner);
                    }>
                    <option value="rules" selected=move || owner_code() == "rules">{move || t().owner_rules}</option>
                    {move || owners.get().into_iter().map(|person| {
                        let code = person.id.to_string();
                        let selected = code.clone();
                        view! { <option value=code selected=move || owner_code() == selected>{person.name}</option> }
                    }).collect_view()}
                </select>
                <p class="field-error" id="import-owner-error" aria-live="polite">{move || owner_error.get().unwrap_or_default()}</p>
            </div>
            <div class="field" class:field-invalid=move || status_error.get().is_some()>
                <label for="import-status">{move || i18n.t().field_status}</label>
                <select id="import-status"
                    aria-invalid=move || status_error.get().is_some().then_some("true")
                    aria-describedby="import-status-error"
                    on:change=move |ev| {
                        if let Some(status) = LeadStatus::from_code(&event_target_value(&ev)) {
                            draft.change(|s| s.defaults.status = status);
                        }
                    }>
                    {IMPORT_STATUSES.into_iter().map(|status| view! {
                        <option value=status.code()
                            selected=move || settings.with(|s| s.defaults.status == status)>
                            {move || i18n.t().status(status)}
                        </option>
                    }).collect_view()}
                </select>
                <p class="field-error" id="import-status-error" aria-live="polite">{move || status_error.get().unwrap_or_default()}</p>
            </div>
            <h2>{move || t().duplicates_title}</h2>
            <div class="field">
                <label for="import-duplicates">{move || t().duplicates_all}</label>
                <p class="field-hint" id="import-duplicates-hint">{move || t().duplicates_hint}</p>
                <select id="import-duplicates" aria-describedby="import-duplicates-hint"
                    on:change=move |ev| {
                        if let Some(choice) = DuplicateChoice::from_code(&event_target_value(&ev)) {
                            // "For all" means all: single rows' choices give way.
                            draft.change_in_place(|s| {
                                s.duplicates = choice;
                                s.row_choices.clear();
                            });
                        }
                    }>
                    {DuplicateChoice::ALL.into_iter().map(|choice| view! {
                        <option value=choice.code()
                            selected=move || settings.with(|s| s.duplicates == choice)>
                            {move || i18n.t().imports.choice(choice)}
                        </option>
                    }).collect_view()}
                </select>
            </div>
        </section>
    }
}

/// What the commit would do, the button that starts it, and throwing the draft away.
#[component]
fn CommitBar(draft: Draft, on_started: Callback<ImportProgress>) -> impl IntoView {
    let i18n = use_i18n();
    let t = move || i18n.t().import_pages;
    let toasts = use_toasts();
    let navigate = use_navigate();
    let starting = RwSignal::new(false);
    let counts = move || draft.preview.with(|p| p.counts);
    let general_error = draft.error_at(ErrorSpot::General);
    let elsewhere = move || {
        draft.error.with(|e| {
            e.as_ref()
                .is_some_and(|e| error_spot(e) != ErrorSpot::General)
        })
    };
    let nothing_to_do = move || {
        let c = counts();
        c.to_create + c.to_fill == 0
    };
    let commit = move |_| {
        if starting.get_untracked() {
            return;
        }
        starting.set(true);
        let settings = draft.settings.get_untracked();
        spawn_local(async move {
            match start_import(draft.batch, settings).await {
                Ok(progress) => on_started.run(progress),
                Err(err) => {
                    let _ = draft.error.try_set(Some(err));
                    let _ = starting.try_set(false);
                }
            }
        });
    };
    let discard = move |_| {
        let navigate = navigate.clone();
        spawn_local(async move {
            match discard_import(draft.batch).await {
                Ok(()) => {
                    toasts.info(i18n.t().import_pages.discarded);
                    navigate(IMPORT_PAGE, Default::default());
                }
                Err(err) => toasts.error(i18n.t().error(&err)),
            }
        });
    };
    view! {
        <div class="commit-bar">
            <p class="will-do" data-testid="will-do">{move || (t().will_do)(&counts())}</p>
            <Show when=elsewhere>
                <p class="form-error" role="alert">{move || i18n.t().err_form_has_errors}</p>
            </Show>
            {move || general_error.get().map(|message| view! {
                <p class="form-error" role="alert">{message}</p>
            })}
            <div class="form-actions">
                <button type="button" class="button primary" data-testid="commit-import"
                    disabled=move || starting.get() || draft.loading.get() || nothing_to_do()
                    on:click=commit>
                    {move || if starting.get() {
                        t().starting.to_string()
                    } else {
                        let c = counts();
                        (t().commit_button)(c.to_create, c.to_fill)
                    }}
                </button>
                <button type="button" class="button danger" disabled=move || starting.get() on:click=discard>
                    {move || t().discard}
                </button>
            </div>
        </div>
    }
}
