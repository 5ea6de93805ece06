//! The communication log of a lead (calls, meetings, tasks, emails, notes), the follow-up
//! flag and speed-to-lead that come from it, and the "Moje úkoly" list.
pub mod api;
pub mod model;
pub mod tasks_page;
pub mod timeline;

#[cfg(feature = "ssr")]
pub mod repo;
