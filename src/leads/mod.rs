//! Leads: the domain rules, the server functions and the screens (board, quick entry, detail).
pub mod api;
pub mod board;
pub mod closing;
pub mod company_fields;
#[cfg(feature = "ssr")]
pub mod create;
pub mod detail;
pub mod disqualify_dialog;
pub mod draft;
pub mod form;
pub mod model;
pub mod quick_entry;
pub mod region;
#[cfg(feature = "ssr")]
pub mod repo;
pub mod search;
pub mod waiting;
