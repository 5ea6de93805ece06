//! Import of leads from a CSV or Excel file (managers and admins).
//!
//! The flow, and what each step calls:
//!
//! 1. **Upload** — the page `/leads/import` ([`model::IMPORT_PAGE`]) shows a plain HTML form
//!    that works without WebAssembly:
//!    `<form method="post" action="/leads/import/upload" enctype="multipart/form-data">` with
//!    the fields `file` (the `.csv` or `.xlsx`, required; [`model::UPLOAD_FILE_FIELD`]) and
//!    `sheet` (optional, an .xlsx sheet's name; empty or missing: the first sheet;
//!    [`model::UPLOAD_SHEET_FIELD`]). The route ([`model::UPLOAD_URL`], `upload.rs`) checks the
//!    file (type, size ≤ 20 MB, encoding, ≤ 50,000 rows, a recognisable column), stores it as
//!    a draft batch and answers **303 to `/leads/import/{id}`**. A refused file answers **303
//!    back to `/leads/import`**, and the page's [`api::load_import_start`] reports the
//!    translated error once (`ImportStart::error`, an `AppError::Import(ImportRefusal)`). A
//!    client that sends `Accept: application/json` gets 201 with [`model::UploadedImport`]
//!    instead, or the `AppError` as JSON with its 4xx status (413 over 20 MB). Salespeople get
//!    403; without a session the sign-in gate answers first (303 to the sign-in page); the
//!    same-origin (CSRF) check applies as to every post.
//! 2. **Map and preview** — `/leads/import/{id}` loads [`api::load_import`] (an
//!    [`model::ImportPage`]: the draft's preview, a commit's progress, or a finished batch).
//!    Every change of the mapping, sheet, batch defaults or duplicate choices calls
//!    [`api::preview_import`] with the new [`model::ImportSettings`] (saved with the draft)
//!    and shows its counts and one page of rows; nothing is written to leads.
//!    [`api::discard_import`] throws a draft away.
//! 3. **Commit** — [`api::start_import`] with the settings shown, then
//!    [`api::commit_import_step`] again and again (each step one transaction of
//!    [`model::COMMIT_STEP_ROWS`] rows) until its progress carries `summary`. The progress
//!    lives in the batch row, so a closed tab or another instance simply continues where the
//!    last step ended (the batch's page shows the progress and steps on).
//! 4. **Undo** — [`api::undo_import`] ("Vrátit import") removes the batch's leads nobody has
//!    touched and reports what it kept and why.
//!
//! Texts: `texts.rs` (`Texts::imports`).

// The server side (ssr only): reading files, mapping, duplicates, the batches, the upload route.
#[cfg(feature = "ssr")]
pub mod analysis;
#[cfg(feature = "ssr")]
pub mod commit;
#[cfg(feature = "ssr")]
pub mod duplicates;
#[cfg(feature = "ssr")]
pub mod mapping;
#[cfg(feature = "ssr")]
pub mod parse;
#[cfg(feature = "ssr")]
pub mod repo;
#[cfg(feature = "ssr")]
pub mod rows;
#[cfg(feature = "ssr")]
mod step_cache;
#[cfg(feature = "ssr")]
pub mod undo;
#[cfg(feature = "ssr")]
pub mod upload;

pub mod api;
pub mod batch;
pub mod model;
pub mod refusal;
pub mod texts;

// The pages (browser and server), in their own folder, and their texts
// (`Texts::import_pages`).
pub mod page_texts;
pub mod pages;
