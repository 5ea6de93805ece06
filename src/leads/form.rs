//! The lead's form fields, shared by quick entry and the detail page. Input names follow the
//! server functions' `input: LeadInput` argument, so the plain HTML form posts them as-is.

use leptos::prelude::*;

use super::model::{FieldError, LeadField, LeadInput, LeadSource};
use crate::error::AppError;
use crate::i18n::use_i18n;
use crate::ui::field::{SelectField, TextArea, TextField};

/// Two-way values of every field.
#[derive(Clone, Copy)]
pub struct LeadFormValues {
    pub first_name: RwSignal<String>,
    pub last_name: RwSignal<String>,
    pub email: RwSignal<String>,
    pub phone: RwSignal<String>,
    pub company: RwSignal<String>,
    pub source: RwSignal<String>,
    pub description: RwSignal<String>,
}

impl LeadFormValues {
    pub fn new(input: LeadInput) -> Self {
        Self {
            first_name: RwSignal::new(input.first_name),
            last_name: RwSignal::new(input.last_name),
            email: RwSignal::new(input.email),
            phone: RwSignal::new(input.phone),
            company: RwSignal::new(input.company),
            source: RwSignal::new(input.source),
            description: RwSignal::new(input.description),
        }
    }

    pub fn set(&self, input: LeadInput) {
        self.first_name.set(input.first_name);
        self.last_name.set(input.last_name);
        self.email.set(input.email);
        self.phone.set(input.phone);
        self.company.set(input.company);
        self.source.set(input.source);
        self.description.set(input.description);
    }
}

/// The field errors of the last answer of a form's action.
pub fn field_errors<T, S>(value: S) -> Signal<Vec<FieldError>>
where
    T: Clone + Send + Sync + 'static,
    S: Get<Value = Option<Result<T, AppError>>> + Send + Sync + 'static,
{
    Signal::derive(move || match value.get() {
        Some(Err(AppError::Invalid(errors))) => errors,
        _ => Vec::new(),
    })
}

/// Every lead field with its label and its error. `prefix` makes ids unique on the page.
#[component]
pub fn LeadFields(
    values: LeadFormValues,
    errors: Signal<Vec<FieldError>>,
    #[prop(into)] prefix: String,
    #[prop(optional, into)] disabled: Signal<bool>,
) -> impl IntoView {
    let i18n = use_i18n();
    let error_of = move |field: LeadField| {
        Signal::derive(move || {
            errors
                .get()
                .into_iter()
                .find(|e| e.field == field)
                .map(|e| i18n.t().field_problem(e.problem))
        })
    };
    let id = move |name: &str| format!("{prefix}-{name}");
    let sources = Signal::derive(move || {
        let t = i18n.t();
        LeadSource::ALL
            .iter()
            .map(|s| (s.code(), t.source(*s)))
            .collect::<Vec<_>>()
    });
    view! {
        <div class="field-row">
            <TextField id=id("first-name") name="input[first_name]" label=Signal::derive(move || i18n.t().field_first_name)
                value=values.first_name error=error_of(LeadField::FirstName) autocomplete="given-name" disabled/>
            <TextField id=id("last-name") name="input[last_name]" label=Signal::derive(move || i18n.t().field_last_name)
                value=values.last_name error=error_of(LeadField::LastName) autocomplete="family-name" required=true disabled/>
        </div>
        <TextField id=id("email") name="input[email]" label=Signal::derive(move || i18n.t().field_email)
            value=values.email error=error_of(LeadField::Email) kind="email" autocomplete="email" inputmode="email"
            hint=Signal::derive(move || i18n.t().email_or_phone_hint) disabled/>
        <TextField id=id("phone") name="input[phone]" label=Signal::derive(move || i18n.t().field_phone)
            value=values.phone error=error_of(LeadField::Phone) kind="tel" autocomplete="tel" inputmode="tel" disabled/>
        <TextField id=id("company") name="input[company]" label=Signal::derive(move || i18n.t().field_company)
            value=values.company error=error_of(LeadField::Company) autocomplete="organization" disabled/>
        <SelectField id=id("source") name="input[source]" label=Signal::derive(move || i18n.t().field_source)
            value=values.source options=sources error=error_of(LeadField::Source) disabled/>
        <TextArea id=id("description") name="input[description]" label=Signal::derive(move || i18n.t().field_description)
            value=values.description error=error_of(LeadField::Description) disabled/>
    }
}
