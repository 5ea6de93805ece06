//! Import server functions: thin. Every one is for managers and admins only
//! (`permissions::check_import`); a batch id from the client is untrusted and is looked up
//! as any batch the caller may open (NotFound otherwise).
//!
//! `preview_import` and `start_import` take JSON (their settings nest enums); the others
//! take the usual form encoding.
//!
//! The upload itself is not a server function but the multipart route
//! `POST /leads/import/upload` (fields `file`, optional `sheet`): see the module doc of
//! [`crate::imports`].

use leptos::prelude::*;

use super::model::{
    ImportPage, ImportPreview, ImportProgress, ImportSettings, ImportStart, RowFilter, UndoReport,
};
use crate::error::AppError;

#[cfg(feature = "ssr")]
use crate::auth::permissions::check_import;
#[cfg(feature = "ssr")]
use crate::server::auth::current_user;
#[cfg(feature = "ssr")]
use crate::server::fns::{answer, db};

/// The upload page: the error of this session's last refused plain upload (taken: shown
/// once), and the recent batches, newest first.
#[server(prefix = "/api", endpoint = "imports/start", output = crate::wire::Json)]
pub async fn load_import_start() -> Result<ImportStart, AppError> {
    let result = async {
        check_import(&current_user().await?)?;
        let error = crate::server::form_flash::take::<()>(super::model::UPLOAD_FORM)
            .await
            .map(|((), error)| error);
        Ok(ImportStart {
            error,
            batches: super::repo::recent(&db()?).await?,
        })
    };
    answer(result.await)
}

/// A batch's page: the preview (saved settings, all rows, from the first) of a draft, the
/// progress of a commit under way, or the summary of a finished or undone batch.
#[server(prefix = "/api", endpoint = "imports/load", output = crate::wire::Json)]
pub async fn load_import(batch: i32) -> Result<ImportPage, AppError> {
    let result = async {
        check_import(&current_user().await?)?;
        super::repo::page(&db()?, batch).await
    };
    answer(result.await)
}

/// The draft with `settings` (None: the saved ones), which are saved with it: counts of every
/// kind and the rows `filter` admits from `offset` (at most `PREVIEW_PAGE_SIZE`). A sheet
/// other than the saved one starts from that sheet's suggested mapping. A mapping that does
/// not fit is refused (`AppError::Import`) and not saved. Only for drafts (`NotDraft`).
#[server(prefix = "/api", endpoint = "imports/preview", output = crate::wire::Json, input = leptos::server_fn::codec::Json)]
pub async fn preview_import(
    batch: i32,
    settings: Option<ImportSettings>,
    filter: RowFilter,
    offset: u32,
) -> Result<ImportPreview, AppError> {
    let result = async {
        check_import(&current_user().await?)?;
        super::repo::preview(&db()?, batch, settings, filter, offset).await
    };
    answer(result.await)
}

/// Starts writing the draft with `settings` (checked as by the preview: the mapping needs a
/// name and an email or phone column; the batch's owner must be active; the status one of
/// `IMPORT_STATUSES`). Nothing is written to leads yet: the caller then calls
/// [`commit_import_step`] until the progress has a summary. Starting a batch that is already
/// committing answers its progress (a second tab joins in).
#[server(prefix = "/api", endpoint = "imports/commit", output = crate::wire::Json, input = leptos::server_fn::codec::Json)]
pub async fn start_import(
    batch: i32,
    settings: ImportSettings,
) -> Result<ImportProgress, AppError> {
    let result = async {
        check_import(&current_user().await?)?;
        super::commit::start(&db()?, batch, settings).await
    };
    answer(result.await)
}

/// Writes the next `COMMIT_STEP_ROWS` rows of a committing batch in one transaction (leads
/// with their history row, assignment and live event; filled duplicates) and answers how far
/// it is. Two callers at once never write a row twice (each step claims its rows). A finished
/// batch answers its final progress with the summary.
#[server(prefix = "/api", endpoint = "imports/step", output = crate::wire::Json)]
pub async fn commit_import_step(batch: i32) -> Result<ImportProgress, AppError> {
    let result = async {
        let user = current_user().await?;
        check_import(&user)?;
        super::commit::step(&db()?, &user, batch, chrono::Utc::now()).await
    };
    answer(result.await)
}

/// "Vrátit import": removes the batch's leads nobody has touched since the import (no status
/// change, edit, activity, qualification, assignment by hand, conversion), with everything
/// that hangs on them, and tells the boards. Reports how many it removed and kept, and why.
/// Once per batch (`AlreadyUndone`); only after the commit finished (`NotCommitted`).
#[server(prefix = "/api", endpoint = "imports/undo", output = crate::wire::Json)]
pub async fn undo_import(batch: i32) -> Result<UndoReport, AppError> {
    let result = async {
        let user = current_user().await?;
        check_import(&user)?;
        super::undo::undo(&db()?, &user, batch, chrono::Utc::now()).await
    };
    answer(result.await)
}

/// Throws a draft away (its stored file with it). Only drafts (`NotDraft`).
#[server(prefix = "/api", endpoint = "imports/discard", output = crate::wire::Json)]
pub async fn discard_import(batch: i32) -> Result<(), AppError> {
    let result = async {
        check_import(&current_user().await?)?;
        super::repo::discard(&db()?, batch).await
    };
    answer(result.await)
}
