//! The client side (Klienti): organisations, contacts, deals and the conversion of a qualified
//! lead into them.
pub mod api;
pub mod convert;
#[cfg(feature = "ssr")]
pub mod convert_repo;
pub mod model;
#[cfg(feature = "ssr")]
pub mod repo;
pub mod texts;
