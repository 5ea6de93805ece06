//! Pieces shared by the admin pages: the section tabs and a group of checkboxes.

use leptos::prelude::*;
use leptos_router::components::A;

use crate::error::{Field, FieldError};
use crate::i18n::use_i18n;

/// Users · Rules · Products · Web forms · E-mail.
#[component]
pub fn AdminTabs() -> impl IntoView {
    let i18n = use_i18n();
    let t = move || i18n.t();
    view! {
        <nav class="admin-tabs" aria-label=move || t().admin_sections>
            <A href="/admin/users">{move || t().admin_users}</A>
            <A href="/admin/rules">{move || t().admin_rules}</A>
            <A href="/admin/products">{move || t().admin_products}</A>
            <A href="/admin/forms">{move || t().capture.title}</A>
            <A href="/admin/email">{move || t().email.title}</A>
        </nav>
    }
}

/// Checkboxes for a set of values; `chosen` holds the checked values.
#[component]
pub fn CheckboxGroup(
    #[prop(into)] id: String,
    #[prop(into)] legend: Signal<&'static str>,
    #[prop(into)] options: Signal<Vec<(String, String)>>,
    chosen: RwSignal<Vec<String>>,
    #[prop(optional, into)] hint: Option<Signal<&'static str>>,
    #[prop(optional, into)] error: Option<Signal<Option<String>>>,
) -> impl IntoView {
    view! {
        <fieldset class="checkbox-group" id=id.clone()>
            <legend>{move || legend.get()}</legend>
            {hint.map(|h| view! { <p class="field-hint">{move || h.get()}</p> })}
            <div class="checkbox-grid">
                {move || options.get().into_iter().map(|(value, label)| {
                    let checked_value = value.clone();
                    let toggled = value.clone();
                    view! {
                        <label class="checkbox">
                            <input
                                type="checkbox"
                                value=value
                                prop:checked=move || chosen.with(|c| c.contains(&checked_value))
                                on:change=move |ev| {
                                    let on = event_target_checked(&ev);
                                    chosen.update(|c| {
                                        c.retain(|v| *v != toggled);
                                        if on {
                                            c.push(toggled.clone());
                                        }
                                    });
                                }
                            />
                            <span>{label}</span>
                        </label>
                    }
                }).collect_view()}
            </div>
            {error.map(|e| view! { <p class="field-error" aria-live="polite">{move || e.get().unwrap_or_default()}</p> })}
        </fieldset>
    }
}

/// The translated problem of `field` among `errors`, if any.
pub fn error_of(errors: Signal<Vec<FieldError>>, field: Field) -> Signal<Option<String>> {
    let i18n = use_i18n();
    Signal::derive(move || {
        errors
            .get()
            .into_iter()
            .find(|e| e.field == field)
            .map(|e| i18n.t().field_problem(e.problem))
    })
}
