//! An import batch's life as the pages show it: its state, its counts, what an undo kept and
//! why, and the list of recent batches.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::auth::model::PersonRef;

/// Where a batch is in its life.
/// On the server stored as its `code()` (an active enum: anything else fails the read).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sea_orm::EnumIter, sea_orm::DeriveActiveEnum))]
#[cfg_attr(
    feature = "ssr",
    sea_orm(
        rs_type = "String",
        db_type = "String(sea_orm::sea_query::StringLen::N(16))"
    )
)]
pub enum BatchState {
    /// Uploaded; mapping and preview; nothing written.
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "draft"))]
    Draft,
    /// Being written step by step (a closed tab leaves it here; opening it continues).
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "committing"))]
    Committing,
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "committed"))]
    Committed,
    /// Its untouched leads were removed.
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "undone"))]
    Undone,
}

impl BatchState {
    pub fn code(self) -> &'static str {
        match self {
            BatchState::Draft => "draft",
            BatchState::Committing => "committing",
            BatchState::Committed => "committed",
            BatchState::Undone => "undone",
        }
    }
}

/// What a batch did (filled in as it commits).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct BatchCounts {
    /// Data rows of the file.
    pub rows: u32,
    /// Leads created (new rows and duplicates created anyway).
    pub created: u32,
    /// Duplicates left out.
    pub skipped: u32,
    /// Existing leads whose empty fields were filled.
    pub filled: u32,
    /// Invalid rows (never written).
    pub invalid: u32,
}

/// Why undo kept a lead of the batch.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum KeptReason {
    /// Its status changed after the import.
    Moved,
    /// Its fields were edited (or filled by a later import).
    Edited,
    /// Someone logged an activity (note, call, task…) on it.
    Activity,
    /// Someone assigned it by hand.
    AssignedByHand,
    /// Its BANT qualification was filled in.
    Qualified,
    /// It became a client.
    Converted,
}

impl KeptReason {
    /// In order of precedence: a lead kept for several reasons counts under the first.
    pub const ALL: [KeptReason; 6] = [
        KeptReason::Converted,
        KeptReason::AssignedByHand,
        KeptReason::Moved,
        KeptReason::Qualified,
        KeptReason::Activity,
        KeptReason::Edited,
    ];
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct KeptCount {
    pub reason: KeptReason,
    pub count: u32,
}

/// What "Vrátit import" did. A kept lead counts once, under the first reason of
/// [`KeptReason::ALL`] that applies to it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct UndoReport {
    pub removed: u32,
    pub kept: Vec<KeptCount>,
}

impl UndoReport {
    pub fn kept_total(&self) -> u32 {
        self.kept.iter().map(|k| k.count).sum()
    }
}

/// A batch as lists and its page show it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BatchSummary {
    pub id: i32,
    pub file_name: String,
    pub created_by: PersonRef,
    pub created_at: DateTime<Utc>,
    pub state: BatchState,
    pub committed_at: Option<DateTime<Utc>>,
    pub counts: BatchCounts,
    pub undone_at: Option<DateTime<Utc>>,
    pub undone_by: Option<PersonRef>,
    /// What the undo did, once undone.
    pub undo: Option<UndoReport>,
}
