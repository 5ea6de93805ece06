//! The import's pages: `/leads/import` (upload form and earlier imports, `start_page`) and
//! `/leads/import/{id}` (`batch_page`: the draft's mapping and preview, the commit's
//! progress, the summary with undo). Built only on the shared types and server functions of
//! [`super::model`] and [`super::api`].

pub mod batch_page;
pub mod draft;
pub mod draft_state;
pub mod mapping;
pub mod preview_table;
pub mod progress;
pub mod start_page;
pub mod undo;
