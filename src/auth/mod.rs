//! People and sign-in: roles, passwords, sessions, the sign-in page.
pub mod api;
pub mod me;
pub mod model;
pub mod permissions;
pub mod sign_in;
pub mod user_menu;

#[cfg(feature = "ssr")]
pub mod password;
#[cfg(feature = "ssr")]
pub mod repo;
