//! The client side (Klienti): organisations, contacts, deals and the conversion of a qualified
//! lead into them.
pub mod api;
pub mod convert;
pub mod convert_page;
#[cfg(feature = "ssr")]
pub mod convert_repo;
pub mod deal_board;
pub mod fields;
pub mod lists;
pub mod model;
pub mod origin;
pub mod records;
#[cfg(feature = "ssr")]
pub mod repo;
pub mod tabs;
pub mod texts;
