//! The last poll of the mailbox, as the admin page shows it (browser and server).

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// The last poll, as the page shows it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct EmailStatusView {
    /// The mailbox this instance polls ("user@host:port/folder"); None: its poller is off.
    pub mailbox: Option<String>,
    /// None: never polled.
    pub polled_at: Option<DateTime<Utc>>,
    pub created: i32,
    pub activities: i32,
    pub skipped: i32,
    pub error: Option<String>,
}
