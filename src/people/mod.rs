//! People administration: the admin creates, edits and deactivates users and sets the
//! regions and products each covers (what the assignment rules look at).
pub mod api;
pub mod model;
pub mod users_page;

#[cfg(feature = "ssr")]
pub mod repo;
