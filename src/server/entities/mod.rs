//! SeaORM entities: table shapes only. Queries and rules live in each feature's repo.rs.
pub mod app_user;
pub mod lead;
pub mod lead_status_change;
pub mod sign_in_failure;
pub mod user_session;
