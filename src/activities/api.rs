//! Activity server functions: find the caller, validate, call the repo (which keeps every
//! query within the leads the caller may see).

use leptos::prelude::*;

use super::model::{ActivityInput, ActivityView, TaskItem};
use crate::error::AppError;

#[cfg(feature = "ssr")]
use crate::server::auth::current_user;
#[cfg(feature = "ssr")]
use crate::server::fns::{answer, db};
#[cfg(feature = "ssr")]
use crate::server::form_flash::answer_form;

/// A lead's timeline, newest first.
#[server(prefix = "/api", endpoint = "activities/list", output = crate::wire::Json)]
pub async fn list_activities(lead_id: i32) -> Result<Vec<ActivityView>, AppError> {
    let result = async {
        let user = current_user().await?;
        super::repo::timeline(&db()?, &user, lead_id).await
    };
    answer(result.await)
}

/// Logs a call, meeting, task, email or note on a lead.
#[server(prefix = "/api", endpoint = "activities/log", output = crate::wire::Json)]
pub async fn log_activity(lead_id: i32, input: ActivityInput) -> Result<ActivityView, AppError> {
    let result = async {
        let user = current_user().await?;
        let valid = input.validate().map_err(AppError::Invalid)?;
        super::repo::log_activity(&db()?, &user, lead_id, valid, chrono::Utc::now()).await
    }
    .await;
    let typed = crate::leads::detail_model::DetailTyped::Activity { lead_id, input };
    answer_form(result, crate::leads::detail_model::DETAIL_FORM, &typed).await
}

/// Ticks a task off (or opens it again).
#[server(prefix = "/api", endpoint = "activities/task-done", output = crate::wire::Json)]
pub async fn set_task_done(id: i32, done: bool) -> Result<ActivityView, AppError> {
    let result = async {
        let user = current_user().await?;
        super::repo::set_task_done(&db()?, &user, id, done, chrono::Utc::now()).await
    };
    answer(result.await)
}

/// "Moje úkoly": the caller's open tasks due by the end of today (Prague), overdue included.
#[server(prefix = "/api", endpoint = "activities/my-tasks", output = crate::wire::Json)]
pub async fn my_tasks() -> Result<Vec<TaskItem>, AppError> {
    let result = async {
        let user = current_user().await?;
        let (_, end_of_today) = crate::i18n::time::prague_day_bounds(chrono::Utc::now());
        super::repo::my_tasks(&db()?, &user, end_of_today).await
    };
    answer(result.await)
}
