//! Live updates: every change to a lead becomes a small event (ids and versions only) that
//! reaches every open screen allowed to see it, on this instance and on every other instance
//! sharing the database.
//!
//! Why Server-Sent Events and not Leptos's websocket server functions: the traffic is one way
//! (server → browser; changes still go through the ordinary server functions), SSE is plain
//! HTTP through any proxy, and the browser's EventSource reconnects by itself and sends the
//! last event id it saw (`Last-Event-ID`), which is exactly the replay this needs.
#[cfg(feature = "ssr")]
pub mod bus;
pub mod listen;
pub mod model;
#[cfg(feature = "ssr")]
pub mod outbox;
#[cfg(feature = "ssr")]
pub mod sse;
