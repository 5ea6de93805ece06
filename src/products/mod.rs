//! Products a lead can ask about: a short list the admin maintains; retired, never deleted.
pub mod api;
pub mod model;
pub mod products_page;

#[cfg(feature = "ssr")]
pub mod repo;
