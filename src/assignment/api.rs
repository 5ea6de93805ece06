//! Assignment server functions: find the caller, check the permission, call the repo.

use leptos::prelude::*;

use super::model::{RuleInput, RuleView};
use crate::auth::model::PersonRef;
use crate::error::AppError;
use crate::leads::model::LeadCard;

#[cfg(feature = "ssr")]
use crate::auth::permissions::{check_admin, check_people_directory};
#[cfg(feature = "ssr")]
use crate::server::auth::current_user;
#[cfg(feature = "ssr")]
use crate::server::fns::{answer, db};

/// Gives a lead to `to`, or back to the pool (None). Taking a pool lead for oneself is the
/// same call with one's own id.
#[server(prefix = "/api", endpoint = "leads/assign", output = crate::wire::Json)]
pub async fn assign_lead(lead_id: i32, to: Option<i32>) -> Result<LeadCard, AppError> {
    let result = async {
        let user = current_user().await?;
        super::repo::assign_lead(&db()?, &user, lead_id, to, chrono::Utc::now()).await
    };
    answer(result.await)
}

/// Active people a lead can be given to (managers and admins).
#[server(prefix = "/api", endpoint = "people/assignees", output = crate::wire::Json)]
pub async fn list_assignees() -> Result<Vec<PersonRef>, AppError> {
    let result = async {
        let user = current_user().await?;
        check_people_directory(&user)?;
        super::repo::assignees(&db()?).await
    };
    answer(result.await)
}

#[server(prefix = "/api", endpoint = "admin/rules", output = crate::wire::Json)]
pub async fn list_rules() -> Result<Vec<RuleView>, AppError> {
    let result = async {
        check_admin(&current_user().await?)?;
        super::repo::list_rules(&db()?).await
    };
    answer(result.await)
}

#[server(prefix = "/api", endpoint = "admin/rules/save", output = crate::wire::Json, input = leptos::server_fn::codec::Json)]
pub async fn save_rule(rule: RuleInput) -> Result<i32, AppError> {
    let result = async {
        check_admin(&current_user().await?)?;
        let valid = rule.validate().map_err(AppError::Invalid)?;
        super::repo::save_rule(&db()?, valid, chrono::Utc::now()).await
    };
    answer(result.await)
}

#[server(prefix = "/api", endpoint = "admin/rules/delete", output = crate::wire::Json)]
pub async fn delete_rule(id: i32) -> Result<(), AppError> {
    let result = async {
        check_admin(&current_user().await?)?;
        super::repo::delete_rule(&db()?, id).await
    };
    answer(result.await)
}

/// Moves a rule one place up or down in the order they are tried.
#[server(prefix = "/api", endpoint = "admin/rules/move", output = crate::wire::Json)]
pub async fn move_rule(id: i32, up: bool) -> Result<(), AppError> {
    let result = async {
        check_admin(&current_user().await?)?;
        super::repo::move_rule(&db()?, id, up, chrono::Utc::now()).await
    };
    answer(result.await)
}
