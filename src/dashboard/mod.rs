//! The manager dashboard (`/dashboard`): new leads, sources, conversion, time to qualify,
//! speed-to-lead, funnel and pipeline, and what needs attention now, for a period, a
//! salesperson and a source. It listens to the live event stream and re-reads its numbers
//! whenever a lead changes.
pub mod api;
pub mod attention;
#[cfg(feature = "ssr")]
mod attention_repo;
pub mod model;
pub mod page;
#[cfg(feature = "ssr")]
pub mod repo;
pub mod texts;
