//! Leads from a mailbox (issue 13, part 2): the poller reads an IMAP folder, each new message
//! from an unknown sender becomes a lead with source E-mail, a message from an open lead's
//! address becomes an incoming email on it, auto-replies and bounces are skipped. Every
//! message is remembered by its Message-ID, so nothing is made twice by a repeated poll, a
//! restart or a second instance. `leady import-eml` sends .eml files the same way.
//!
//! - `model`: settings and parsing into a plain struct (no I/O);
//! - `intake`: a parsed message into the database;
//! - `poller`: IMAP;
//! - `repo`: the last poll's status;
//! - `status_page`: the admin page.

pub mod status;
pub mod status_page;
pub mod texts;

#[cfg(feature = "ssr")]
pub mod intake;
#[cfg(feature = "ssr")]
pub mod model;
#[cfg(feature = "ssr")]
pub mod poller;
#[cfg(feature = "ssr")]
pub mod repo;
