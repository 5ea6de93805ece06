//! SeaORM entities: table shapes only. Queries and rules live in each feature's repo.rs.
pub mod lead;
pub mod lead_status_change;
