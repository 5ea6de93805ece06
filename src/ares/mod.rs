//! Company lookup by IČO in ARES, the Czech register of economic subjects.
//!
//! "Načíst z ARES" (quick entry, the lead detail, the organisation form) calls
//! [`api::lookup_company`], which asks `GET {ares.base_url}/ekonomicke-subjekty/{ico}` through
//! [`client::AresClient`] (3 s timeout, answers cached for a day per app instance) and answers
//! the company's name, DIČ, address and region as plain [`model::CompanyFacts`]. The lookup only
//! reads: what it found lands in the form's fields, and saving goes through the form's own save
//! path, which validates everything. A failure (bad IČO, not found, timeout, ARES down or
//! answering nonsense) is a translated message next to the button; the form still saves.
//!
//! Settings: `[ares] base_url` in Leptos.toml, overridden by `LEADY_ARES_URL`; the default is
//! the public ARES REST endpoint ([`model::DEFAULT_BASE_URL`]). Tests point it at a local stub
//! serving `tests/fixtures/ares/{ico}.json`.

#[cfg(feature = "ssr")]
pub mod client;
#[cfg(feature = "ssr")]
pub mod response;

pub mod api;
pub mod button;
pub mod kraj;
pub mod model;
pub mod texts;
