//! The signed-in person, loaded once per page load and shared by every component that shows
//! or hides something by role (the server checks again on every call).

use leptos::prelude::*;

use super::api::me;
use super::model::CurrentUser;
use crate::error::AppError;

#[derive(Clone, Copy)]
pub struct Me(OnceResource<Result<CurrentUser, AppError>>);

/// Called once in `App`.
pub fn provide_me() {
    provide_context(Me(OnceResource::new(me())));
}

/// The signed-in user (or why there is none), to await inside a Suspense.
pub async fn current() -> Result<CurrentUser, AppError> {
    expect_context::<Me>().0.await
}
