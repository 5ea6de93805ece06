//! The dashboard's one server function: find the caller, check they manage, validate the
//! filters, read the numbers.

use leptos::prelude::*;

use super::model::{Report, ReportQuery};
use crate::error::AppError;

#[cfg(feature = "ssr")]
use crate::auth::permissions::check_dashboard;
#[cfg(feature = "ssr")]
use crate::server::auth::current_user;
#[cfg(feature = "ssr")]
use crate::server::fns::{answer, db};

#[server(prefix = "/api", endpoint = "dashboard/report", output = crate::wire::Json)]
pub async fn load_report(query: ReportQuery) -> Result<Report, AppError> {
    let result = async {
        let user = current_user().await?;
        check_dashboard(&user)?;
        let now = chrono::Utc::now();
        let filter = query
            .validate(super::model::prague_date(now))
            .map_err(AppError::Invalid)?;
        super::repo::report(&db()?, filter, now).await
    };
    answer(result.await)
}
