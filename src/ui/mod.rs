//! Components shared by every feature.
pub mod admin;
pub mod charts;
pub mod clock;
pub mod column_tabs;
pub mod drag;
pub mod field;
pub mod field_errors;
pub mod form_flash;
pub mod hydration_start;
pub mod lang_switch;
pub mod offline;
pub mod timers;
pub mod toast;
