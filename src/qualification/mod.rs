//! BANT qualification (need, budget, authority, timing) and the A/B/C score of a lead.
pub mod api;
pub mod model;
pub mod panel;

#[cfg(feature = "ssr")]
pub mod read;
#[cfg(feature = "ssr")]
pub mod repo;
