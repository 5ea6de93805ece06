//! Qualification server functions: find the caller, validate, call the repo.

use leptos::prelude::*;

use super::model::QualificationInput;
use crate::error::AppError;
use crate::leads::detail_model::LeadDetail;

#[cfg(feature = "ssr")]
use crate::server::auth::current_user;
#[cfg(feature = "ssr")]
use crate::server::fns::db;
#[cfg(feature = "ssr")]
use crate::server::form_flash::answer_form;

/// Saves a lead's BANT and score; answers the lead as it now is (with its new version).
#[server(prefix = "/api", endpoint = "qualification/save", output = crate::wire::Json)]
pub async fn save_qualification(
    lead_id: i32,
    version: i32,
    input: QualificationInput,
) -> Result<LeadDetail, AppError> {
    let result = async {
        let user = current_user().await?;
        let valid = input.validate().map_err(AppError::Invalid)?;
        super::repo::save_qualification(&db()?, &user, lead_id, version, valid, chrono::Utc::now())
            .await
    }
    .await;
    let typed = crate::leads::detail_model::DetailTyped::Qualification { lead_id, input };
    answer_form(result, crate::leads::detail_model::DETAIL_FORM, &typed).await
}
