//! Export (issue 12): the board's current filter, the lead search's results and the Klienti
//! lists as a `.csv` file for Czech Excel or as `.xlsx`. A GET download served by an axum
//! handler (`handlers`, server only) from the same conditions as the screen (`repo`), written
//! by `sheet`; the pages show `links::ExportLinks` carrying their filter or search.

pub mod links;
pub mod model;
pub mod texts;

#[cfg(feature = "ssr")]
pub mod handlers;
#[cfg(feature = "ssr")]
pub mod repo;
#[cfg(feature = "ssr")]
pub mod sheet;
