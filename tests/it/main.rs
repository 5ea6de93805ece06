//! The integration tests: one test binary (`cargo test --test it`), one module per area, each
//! scenario on a fresh SQLite file and on a fresh PostgreSQL schema (`common`). All of them run
//! as threads of this one process, in parallel: a test keeps to its own database, its own
//! ports (the OS picks them) and its own temp files, and sets no process-wide state.
//!
//! One binary instead of one per file: the test code is linked against `leady` once, not
//! 21 times.

#[macro_use]
mod common;

mod activities;
mod ares;
mod assignment;
mod auth_repo;
mod capture;
mod clients;
mod closing;
mod dashboard;
mod email;
mod export;
mod headers;
mod http;
mod import;
mod leads_repo;
mod live;
mod malformed;
mod module_graph;
mod permissions;
mod qualification;
mod search;
mod sessions;
mod statements;
