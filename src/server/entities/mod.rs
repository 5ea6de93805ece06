//! SeaORM entities: table shapes only. Queries and rules live in each feature's repo.rs.
pub mod account;
pub mod activity;
pub mod app_user;
pub mod assignment_rule;
pub mod assignment_rule_member;
pub mod contact;
pub mod lead;
pub mod lead_assignment;
pub mod lead_event;
pub mod lead_qualification;
pub mod lead_status_change;
pub mod opportunity;
pub mod product;
pub mod sign_in_failure;
pub mod user_product;
pub mod user_region;
pub mod user_session;
