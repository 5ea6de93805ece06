//! What a commit step leaves for the next step of the same batch on this instance: the file
//! as read, and the rows seen so far (for "repeats an earlier row"). Without it each step
//! reads the whole file and every earlier row again, and a 10,000-row import spends most of
//! its time doing so (the work grows with the square of the rows).
//!
//! Only a shortcut: a step that finds nothing here (another instance, a restart, a lost claim)
//! reads from the start and judges every row exactly the same, because the batch's file and
//! settings no longer change once it is committing. An entry is taken out by the step that
//! uses it, so two steps never share one.
//!
//! A batch is known by its id and its creation time together: one process may serve two
//! databases (tests do), and a database that was reset hands out the same ids again, so an
//! id alone could find another file's rows.

use std::sync::{Arc, Mutex};

use chrono::{DateTime, Utc};

use super::duplicates::EarlierRows;
use super::parse::Table;

/// Batches carried at once (imports running at the same time on one instance).
const KEPT: usize = 4;

/// Where a batch's next step starts.
pub(crate) struct Carried {
    pub table: Arc<Table>,
    /// The rows before `next_row`.
    pub earlier: EarlierRows,
}

/// Which batch: its id, and when it was made (see the module note).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) struct BatchKey {
    pub id: i32,
    pub created_at: DateTime<Utc>,
}

struct Entry {
    batch: BatchKey,
    next_row: usize,
    carried: Carried,
}

/// The carried steps, newest last.
#[derive(Default)]
struct Shelf {
    entries: Vec<Entry>,
}

impl Shelf {
    fn take(&mut self, batch: BatchKey, next_row: usize) -> Option<Carried> {
        let index = self.entries.iter().position(|e| e.batch == batch)?;
        let entry = self.entries.remove(index);
        (entry.next_row == next_row).then_some(entry.carried)
    }

    fn keep(&mut self, batch: BatchKey, next_row: usize, carried: Carried) {
        self.entries.retain(|e| e.batch != batch);
        if self.entries.len() >= KEPT {
            self.entries.remove(0);
        }
        self.entries.push(Entry {
            batch,
            next_row,
            carried,
        });
    }
}

static SHELF: Mutex<Shelf> = Mutex::new(Shelf {
    entries: Vec::new(),
});

/// The carried state of `batch` when its next step starts at `next_row`; taken out.
pub(crate) fn take(batch: BatchKey, next_row: usize) -> Option<Carried> {
    SHELF.lock().ok()?.take(batch, next_row)
}

/// Keeps what the next step of `batch`, starting at `next_row`, can go on from.
pub(crate) fn keep(batch: BatchKey, next_row: usize, carried: Carried) {
    if let Ok(mut shelf) = SHELF.lock() {
        shelf.keep(batch, next_row, carried);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table() -> Arc<Table> {
        Arc::new(Table {
            sheets: Vec::new(),
            sheet: None,
            headers: vec!["E-mail".into()],
            rows: Vec::new(),
        })
    }

    fn key(id: i32) -> BatchKey {
        BatchKey {
            id,
            created_at: DateTime::from_timestamp(1_800_000_000, 0).unwrap(),
        }
    }

    fn carried() -> Carried {
        Carried {
            table: table(),
            earlier: EarlierRows::default(),
        }
    }

    #[test]
    fn a_step_takes_only_what_was_left_for_its_own_start() {
        let mut shelf = Shelf::default();
        shelf.keep(key(1), 250, carried());
        assert!(
            shelf.take(key(1), 500).is_none(),
            "another start: read again"
        );
        assert!(shelf.take(key(1), 250).is_none(), "a miss drops the entry");
        shelf.keep(key(2), 250, carried());
        shelf.keep(key(2), 500, carried());
        assert!(
            shelf.take(key(2), 250).is_none(),
            "the newer step replaced it"
        );
        shelf.keep(key(2), 500, carried());
        assert!(shelf.take(key(2), 500).is_some());
        assert!(shelf.take(key(2), 500).is_none(), "taken once");
    }

    #[test]
    fn only_a_few_batches_are_kept() {
        let mut shelf = Shelf::default();
        for batch in 0..KEPT as i32 + 2 {
            shelf.keep(key(batch), 10, carried());
        }
        assert!(shelf.take(key(0), 10).is_none(), "the oldest went");
        assert!(shelf.take(key(1), 10).is_none());
        assert!(shelf.take(key(KEPT as i32 + 1), 10).is_some());
    }

    #[test]
    fn another_databases_batch_of_the_same_id_finds_nothing() {
        let mut shelf = Shelf::default();
        shelf.keep(key(7), 250, carried());
        let other = BatchKey {
            id: 7,
            created_at: key(7).created_at + chrono::Duration::milliseconds(1),
        };
        assert!(shelf.take(other, 250).is_none(), "same id, another batch");
        assert!(
            shelf.take(key(7), 250).is_some(),
            "its own batch still finds it"
        );
    }
}
