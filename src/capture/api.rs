//! Web-form server functions for the admin page: find the caller, check they are an admin,
//! call the repo.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use super::model::{FormInput, FormView};
use crate::auth::model::PersonRef;
use crate::error::AppError;

#[cfg(feature = "ssr")]
use crate::auth::permissions::check_admin;
#[cfg(feature = "ssr")]
use crate::server::auth::current_user;
#[cfg(feature = "ssr")]
use crate::server::fns::{answer, db};

/// What the forms page loads: the forms, the people a form's leads may go to, and this
/// site's address (the snippets post to it).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FormsPage {
    pub forms: Vec<FormView>,
    pub people: Vec<PersonRef>,
    pub base_url: String,
}

#[server(prefix = "/api", endpoint = "admin/forms", output = crate::wire::Json)]
pub async fn load_forms() -> Result<FormsPage, AppError> {
    let result = async {
        check_admin(&current_user().await?)?;
        let db = db()?;
        Ok(FormsPage {
            forms: super::repo::list_forms(&db).await?,
            people: crate::assignment::repo::assignees(&db).await?,
            base_url: site_base_url(),
        })
    };
    answer(result.await)
}

#[server(prefix = "/api", endpoint = "admin/forms/save", output = crate::wire::Json, input = leptos::server_fn::codec::Json)]
pub async fn save_form(form: FormInput) -> Result<FormView, AppError> {
    let result = async {
        check_admin(&current_user().await?)?;
        let valid = form.validate().map_err(AppError::Invalid)?;
        super::repo::save_form(&db()?, valid, chrono::Utc::now()).await
    };
    answer(result.await)
}

/// This site as the admin's browser reaches it: the `Origin` of a call, else the proxy's
/// forwarded scheme and host, else the `Host`.
#[cfg(feature = "ssr")]
fn site_base_url() -> String {
    let Some(parts) = use_context::<axum::http::request::Parts>() else {
        return String::new();
    };
    let h = &parts.headers;
    let get = |name: &str| {
        h.get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::to_string)
    };
    if let Some(origin) = get("origin").filter(|o| o.starts_with("http")) {
        return origin;
    }
    let scheme = get("x-forwarded-proto").unwrap_or_else(|| "http".into());
    match get("x-forwarded-host").or_else(|| get("host")) {
        Some(host) => format!("{scheme}://{host}"),
        None => String::new(),
    }
}
