//! A form's field errors from its action's last answer, and the translated message of one
//! field's error, for showing next to that field (any form: leads, clients, activities).

use leptos::prelude::*;

use crate::error::{AppError, Field, FieldError};
use crate::i18n::use_i18n;

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

/// The translated message of the first error against `field`, for showing next to it.
pub fn error_for(errors: Signal<Vec<FieldError>>, field: Field) -> Signal<Option<String>> {
    let i18n = use_i18n();
    Signal::derive(move || {
        errors
            .get()
            .into_iter()
            .find(|e| e.field == field)
            .map(|e| i18n.t().field_problem(e.problem))
    })
}
