//! `/admin/forms` (Správa → Webové formuláře): the web forms, an editor, and for each form its
//! key and the snippets to paste into a website (admins only; every server function checks).

use leptos::prelude::*;

use super::api::{FormsPage as Loaded, load_forms, save_form};
use super::model::{CaptureField, FormInput, FormView, OPENAPI_PATH};
use super::snippet::{fetch_snippet, html_snippet};
use crate::error::{AppError, Field, FieldError};
use crate::i18n::use_i18n;
use crate::leads::model::LeadSource;
use crate::ui::admin::{AdminTabs, CheckboxGroup, error_of};
use crate::ui::field::{SelectField, TextArea, TextField};
use crate::ui::toast::use_toasts;

#[component]
pub fn FormsPage() -> impl IntoView {
    let i18n = use_i18n();
    let t = move || i18n.t();
    let reload = RwSignal::new(0u32);
    let data = Resource::new(move || reload.get(), |_| load_forms());
    let editing = RwSignal::new(None::<FormView>);
    // The form whose snippets are shown (by id): a new form shows its own at once.
    let shown = RwSignal::new(None::<i32>);
    view! {
        <section class="page admin-page">
            <h1>{move || t().capture.title}</h1>
            <AdminTabs/>
            <p class="muted">{move || t().capture.intro}</p>
            <p><a href=OPENAPI_PATH rel="external" class="openapi-link">{move || t().capture.openapi_link}</a></p>
            <Transition fallback=|| ()>
                {move || Suspend::new(async move {
                    match data.await {
                        Ok(loaded) => view! {
                            <FormList loaded=loaded.clone() editing shown/>
                            <FormEditor loaded editing shown reload/>
                        }.into_any(),
                        Err(err) => view! { <p class="form-error" role="alert">{move || i18n.t().error(&err)}</p> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

#[component]
fn FormList(
    loaded: Loaded,
    editing: RwSignal<Option<FormView>>,
    shown: RwSignal<Option<i32>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let t = move || i18n.t();
    if loaded.forms.is_empty() {
        return view! { <p class="muted">{move || t().capture.empty}</p> }.into_any();
    }
    let base = loaded.base_url.clone();
    view! {
        <ul class="admin-list capture-forms">
            {loaded.forms.into_iter().map(|form| {
                let id = form.id;
                let active = form.active;
                let for_edit = form.clone();
                let owner = form.owner.as_ref().map(|p| p.name.clone());
                let source = form.source;
                let origins = form.origins.join(", ");
                let snippet_form = form.clone();
                let base = base.clone();
                view! {
                    <li class="admin-row capture-form" class:inactive=!active data-form=form.name.clone()>
                        <div class="admin-row-main">
                            <strong>{form.name.clone()}</strong>
                            <span>{move || t().source(source)}</span>
                            <span class="muted">{origins}</span>
                            <span class="muted">"→ "{move || owner.clone().unwrap_or_else(|| t().capture.by_rules.to_string())}</span>
                            <span class="state-badge">{move || if active { t().capture.on } else { t().capture.off }}</span>
                            <span>{move || t().capture.key}": "<code class="form-key">{form.key.clone()}</code></span>
                        </div>
                        <div class="admin-row-actions">
                            <button type="button" class="button secondary"
                                on:click=move |_| shown.update(|s| *s = if *s == Some(id) { None } else { Some(id) })>
                                {move || t().capture.show_snippet}
                            </button>
                            <button type="button" class="button secondary" on:click=move |_| editing.set(Some(for_edit.clone()))>
                                {move || t().edit}
                            </button>
                        </div>
                        <Show when=move || shown.get() == Some(id)>
                            <Snippets form=snippet_form.clone() base=base.clone()/>
                        </Show>
                    </li>
                }
            }).collect_view()}
        </ul>
    }.into_any()
}

/// The plain HTML form and the `fetch` example, ready to copy.
#[component]
fn Snippets(form: FormView, base: String) -> impl IntoView {
    let i18n = use_i18n();
    let t = move || i18n.t();
    let (html_form, fetch_form, fetch_base) = (form.clone(), form, base.clone());
    let html = move || html_snippet(&html_form, &base, t().capture);
    let fetch = move || fetch_snippet(&fetch_form, &fetch_base);
    view! {
        <div class="snippets">
            <h3>{move || t().capture.snippet_html}</h3>
            <p class="field-hint">{move || t().capture.snippet_html_hint}</p>
            <pre class="snippet" data-snippet="html"><code>{html}</code></pre>
            <h3>{move || t().capture.snippet_fetch}</h3>
            <pre class="snippet" data-snippet="fetch"><code>{fetch}</code></pre>
        </div>
    }
}

#[component]
fn FormEditor(
    loaded: Loaded,
    editing: RwSignal<Option<FormView>>,
    shown: RwSignal<Option<i32>>,
    reload: RwSignal<u32>,
) -> impl IntoView {
    let i18n = use_i18n();
    let t = move || i18n.t();
    let toasts = use_toasts();
    let name = RwSignal::new(String::new());
    let source = RwSignal::new(LeadSource::WebForm.code().to_string());
    let origins = RwSignal::new(String::new());
    let accepted = RwSignal::new(Vec::<String>::new());
    let required = RwSignal::new(Vec::<String>::new());
    let owner = RwSignal::new(String::new());
    let consent = RwSignal::new(String::new());
    let thank_you = RwSignal::new(String::new());
    let active = RwSignal::new(true);
    let errors = RwSignal::new(Vec::<FieldError>::new());
    let codes = |fields: &[CaptureField]| -> Vec<String> {
        fields.iter().map(|f| f.code().to_string()).collect()
    };

    Effect::new(move |_| {
        let form = editing.get();
        let f = form.as_ref();
        name.set(f.map(|f| f.name.clone()).unwrap_or_default());
        source.set(
            f.map_or(LeadSource::WebForm, |f| f.source)
                .code()
                .to_string(),
        );
        origins.set(f.map(|f| f.origins.join("\n")).unwrap_or_default());
        accepted.set(f.map_or_else(
            || {
                codes(&[
                    CaptureField::FirstName,
                    CaptureField::LastName,
                    CaptureField::Email,
                    CaptureField::Phone,
                    CaptureField::Message,
                ])
            },
            |f| codes(&f.accepted),
        ));
        required.set(f.map_or_else(
            || codes(&[CaptureField::LastName, CaptureField::Email]),
            |f| codes(&f.required),
        ));
        owner.set(
            f.and_then(|f| f.owner.as_ref())
                .map(|p| p.id.to_string())
                .unwrap_or_default(),
        );
        consent.set(f.and_then(|f| f.consent_text.clone()).unwrap_or_default());
        thank_you.set(f.and_then(|f| f.thank_you_url.clone()).unwrap_or_default());
        active.set(f.is_none_or(|f| f.active));
        errors.set(Vec::new());
    });

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let input = FormInput {
            id: editing.with_untracked(|f| f.as_ref().map(|f| f.id)),
            name: name.get_untracked(),
            source: source.get_untracked(),
            origins: origins.get_untracked(),
            accepted: accepted.get_untracked(),
            required: required.get_untracked(),
            owner: owner.get_untracked(),
            consent_text: consent.get_untracked(),
            thank_you_url: thank_you.get_untracked(),
            active: active.get_untracked(),
        };
        leptos::task::spawn_local(async move {
            match save_form(input).await {
                Ok(saved) => {
                    toasts.info(i18n.t().saved);
                    editing.set(None);
                    shown.set(Some(saved.id));
                    reload.update(|n| *n += 1);
                }
                Err(AppError::Invalid(list)) => errors.set(list),
                Err(err) => toasts.error(i18n.t().error(&err)),
            }
        });
    };

    let errors = Signal::from(errors);
    let sources = Signal::derive(move || {
        LeadSource::ALL
            .iter()
            .map(|s| (s.code().to_string(), t().source(*s).to_string()))
            .collect::<Vec<_>>()
    });
    let people = loaded.people.clone();
    let owners = Signal::derive(move || {
        std::iter::once((String::new(), t().capture.by_rules.to_string()))
            .chain(people.iter().map(|p| (p.id.to_string(), p.name.clone())))
            .collect::<Vec<_>>()
    });
    let field_options = Signal::derive(move || {
        CaptureField::ALL
            .iter()
            .map(|f| (f.code().to_string(), t().capture.field(*f).to_string()))
            .collect::<Vec<_>>()
    });
    view! {
        <form class="admin-form capture-form-editor" on:submit=submit novalidate=true>
            <h2>{move || match editing.get() {
                Some(f) => format!("{}: {}", t().edit, f.name),
                None => t().capture.new_form.to_string(),
            }}</h2>
            <div class="field-row">
                <TextField id="form-name" name="name" label=Signal::derive(move || t().capture.field_name)
                    value=name error=error_of(errors, Field::Name) required=true/>
                <SelectField id="form-source" name="source" label=Signal::derive(move || t().capture.field_source)
                    value=source options=sources error=error_of(errors, Field::Source)/>
            </div>
            <p class="field-hint">{move || t().capture.field_origins_hint}</p>
            <TextArea id="form-origins" name="origins" label=Signal::derive(move || t().capture.field_origins)
                value=origins error=error_of(errors, Field::Origins)/>
            <CheckboxGroup id="form-accepted" legend=Signal::derive(move || t().capture.field_accepted)
                options=field_options chosen=accepted error=error_of(errors, Field::AcceptedFields)/>
            <CheckboxGroup id="form-required" legend=Signal::derive(move || t().capture.field_required)
                options=field_options chosen=required error=error_of(errors, Field::RequiredFields)/>
            <SelectField id="form-owner" name="owner" label=Signal::derive(move || t().capture.field_owner)
                value=owner options=owners error=error_of(errors, Field::Owner)/>
            <p class="field-hint">{move || t().capture.field_consent_hint}</p>
            <TextArea id="form-consent" name="consent_text" label=Signal::derive(move || t().capture.field_consent)
                value=consent error=error_of(errors, Field::ConsentText)/>
            <TextField id="form-thank-you" name="thank_you_url" kind="url"
                label=Signal::derive(move || t().capture.field_thank_you)
                hint=Signal::derive(move || t().capture.field_thank_you_hint)
                value=thank_you error=error_of(errors, Field::ThankYouUrl)/>
            <label class="checkbox">
                <input type="checkbox" id="form-active" prop:checked=move || active.get()
                    on:change=move |ev| active.set(event_target_checked(&ev))/>
                <span>{move || t().capture.field_active}</span>
            </label>
            <div class="form-actions">
                <button type="submit" class="button primary">{move || t().save}</button>
                <Show when=move || editing.with(Option::is_some)>
                    <button type="button" class="button secondary" on:click=move |_| editing.set(None)>{move || t().cancel}</button>
                </Show>
            </div>
        </form>
    }
}
