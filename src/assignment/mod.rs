//! Assignment: who works a lead. Manual (a manager's pick, a salesperson taking a pool lead)
//! and automatic (the admin's ordered rules, run on every new lead).
pub mod api;
pub mod model;
pub mod owner_panel;
pub mod rules_page;

#[cfg(feature = "ssr")]
pub mod picker;
#[cfg(feature = "ssr")]
pub mod repo;
