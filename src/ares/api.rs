//! The lookup's server function: signed-in users only, reads nothing of ours and writes
//! nothing; the form that asked saves through its own path.

use leptos::prelude::*;

use super::model::CompanyFacts;
use crate::error::AppError;

#[cfg(feature = "ssr")]
use crate::error::{Field, FieldError, FieldProblem};
#[cfg(feature = "ssr")]
use crate::server::auth::current_user;
#[cfg(feature = "ssr")]
use crate::server::fns::answer;

/// The company registered under `ico` in ARES. A missing or mistyped IČO is refused before
/// any request (`Invalid` on the IČO field); ARES's failures come as `AppError::Ares`.
#[server(prefix = "/api", endpoint = "ares/lookup", output = crate::wire::Json)]
pub async fn lookup_company(ico: String) -> Result<CompanyFacts, AppError> {
    let result = async {
        current_user().await?;
        let refuse = |problem| AppError::Invalid(vec![FieldError::new(Field::Ico, problem)]);
        let ico = crate::clients::model::normalize_ico(&ico)
            .map_err(refuse)?
            .ok_or_else(|| refuse(FieldProblem::Required))?;
        let ares = use_context::<crate::server::state::AppState>()
            .map(|s| s.ares)
            .ok_or(AppError::Internal)?;
        ares.lookup(&ico, chrono::Utc::now())
            .await
            .map_err(AppError::Ares)
    };
    answer(result.await)
}
