//! The page side of a refused plain form post (see `server::form_flash`): a form reads what
//! was typed and why it was refused, once, while the page renders on the server. In the
//! browser there is never anything to read: a hydrated form posts through its action and
//! shows its answer itself.

use leptos::prelude::*;
use serde::{Deserialize, Serialize, de::DeserializeOwned};

use crate::error::{AppError, FieldError};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FormFlash<I> {
    pub typed: I,
    pub error: AppError,
}

/// A form's last error: its action's once the action has answered, before that the refused
/// plain post's (`flash_error`).
pub fn last_error<T, S>(value: S, flash_error: Option<AppError>) -> Signal<Option<AppError>>
where
    T: Clone + Send + Sync + 'static,
    S: Get<Value = Option<Result<T, AppError>>> + Send + Sync + 'static,
{
    Signal::derive(move || match value.get() {
        Some(Err(err)) => Some(err),
        Some(Ok(_)) => None,
        None => flash_error.clone(),
    })
}

/// The field errors within `error`, to show next to the fields.
pub fn field_errors_of(error: Signal<Option<AppError>>) -> Signal<Vec<FieldError>> {
    Signal::derive(move || match error.get() {
        Some(AppError::Invalid(errors)) => errors,
        _ => Vec::new(),
    })
}

/// The refused post of `form`, if the request being rendered follows one. Await it inside a
/// Suspense before building the form, so the server renders the typed values.
pub fn use_form_flash<I>(form: &'static str) -> Resource<Option<FormFlash<I>>>
where
    I: Clone + Serialize + DeserializeOwned + Send + Sync + 'static,
{
    Resource::new(
        || (),
        move |_| async move {
            #[cfg(feature = "ssr")]
            {
                crate::server::form_flash::take::<I>(form)
                    .await
                    .map(|(typed, error)| FormFlash { typed, error })
            }
            #[cfg(not(feature = "ssr"))]
            {
                let _ = form;
                None
            }
        },
    )
}
