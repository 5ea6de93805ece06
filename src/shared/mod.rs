//! The leaf of the crate: domain helpers every feature shares — form fields and their
//! problems, names, email and phone, company identifiers, money, regions, references to
//! people. Nothing here imports from the rest of Leady (`tests/module_graph.rs` keeps every
//! arrow pointing down), so any feature may use it without tying itself to another.

pub mod company;
pub mod contact;
pub mod field;
pub mod money;
pub mod person;
pub mod prague;
pub mod region;
