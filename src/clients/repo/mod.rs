//! Client queries and updates (server only): organisations, contacts, deals, and the leads
//! they came from. Every query stays within the caller's [`ClientScope`].
//! Split by record: `accounts`, `contacts`, `deals`, and `origin` (the leads they came from),
//! all on `scope` (who sees what). Callers use the functions from here.

mod accounts;
mod contacts;
mod deals;
mod origin;
mod scope;

pub use accounts::*;
pub use contacts::*;
pub use deals::*;
pub use origin::*;
pub use scope::*;
