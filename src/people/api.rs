//! User administration server functions (admins only).

use leptos::prelude::*;

use super::model::{UserInput, UserView};
use crate::error::AppError;

#[cfg(feature = "ssr")]
use crate::auth::permissions::check_admin;
#[cfg(feature = "ssr")]
use crate::server::auth::current_user;
#[cfg(feature = "ssr")]
use crate::server::fns::{answer, db, passwords};

#[server(prefix = "/api", endpoint = "admin/users", output = crate::wire::Json)]
pub async fn list_users() -> Result<Vec<UserView>, AppError> {
    let result = async {
        check_admin(&current_user().await?)?;
        super::repo::list_users(&db()?).await
    };
    answer(result.await)
}

#[server(prefix = "/api", endpoint = "admin/users/create", output = crate::wire::Json, input = leptos::server_fn::codec::Json)]
pub async fn create_user(user: UserInput) -> Result<i32, AppError> {
    let result = async {
        check_admin(&current_user().await?)?;
        let valid = user.validate(true).map_err(AppError::Invalid)?;
        super::repo::create_user_with(&db()?, &passwords()?, valid, chrono::Utc::now()).await
    };
    answer(result.await)
}

#[server(prefix = "/api", endpoint = "admin/users/update", output = crate::wire::Json, input = leptos::server_fn::codec::Json)]
pub async fn update_user(id: i32, user: UserInput) -> Result<(), AppError> {
    let result = async {
        let actor = current_user().await?;
        check_admin(&actor)?;
        let valid = user.validate(false).map_err(AppError::Invalid)?;
        // An admin changing their own password stays signed in here, nowhere else.
        let session = crate::server::auth::request_session().await?;
        let own = session.id().map(|id| id.to_string());
        super::repo::update_user_with(
            &db()?,
            &passwords()?,
            &actor,
            own.as_deref(),
            id,
            valid,
            chrono::Utc::now(),
        )
        .await
    };
    answer(result.await)
}

/// Deactivates (their sessions end at once, rules skip them) or reactivates a user.
#[server(prefix = "/api", endpoint = "admin/users/set-active", output = crate::wire::Json)]
pub async fn set_user_active(id: i32, active: bool) -> Result<(), AppError> {
    let result = async {
        let actor = current_user().await?;
        check_admin(&actor)?;
        super::repo::set_user_active(&db()?, &actor, id, active, chrono::Utc::now()).await
    };
    answer(result.await)
}
