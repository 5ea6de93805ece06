//! Reading an import's rows and judging each (server only): invalid, a duplicate of an
//! existing record or of an earlier row, or new. The preview counts what it finds; a commit
//! step writes what it finds.

use std::ops::Range;

use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QuerySelect};

use super::duplicates::{EarlierRows, Keys, find_existing};
use super::model::{DuplicateChoice, ImportSettings, MatchTarget, PreviewCounts, RowOutcome};
use super::parse::Table;
use super::rows::{Interpreted, Lookups, Person, interpret};
use crate::error::AppError;
use crate::server::entities::{app_user, product};

/// What a row's cells are looked up against: active products, all people.
pub(crate) async fn lookups(db: &impl ConnectionTrait) -> Result<Lookups, sea_orm::DbErr> {
    let products: Vec<(i32, String)> = product::Entity::find()
        .select_only()
        .column(product::Column::Id)
        .column(product::Column::Name)
        .filter(product::Column::Active.eq(true))
        .into_tuple()
        .all(db)
        .await?;
    let people: Vec<(i32, String, bool)> = app_user::Entity::find()
        .select_only()
        .column(app_user::Column::Id)
        .column(app_user::Column::Email)
        .column(app_user::Column::Active)
        .into_tuple()
        .all(db)
        .await?;
    Ok(Lookups::new(
        products,
        people
            .into_iter()
            .map(|(id, email, active)| Person { id, email, active })
            .collect(),
    ))
}

/// One row, read and judged.
pub(crate) struct AnalysedRow {
    pub number: u32,
    pub interpreted: Interpreted,
    pub outcome: RowOutcome,
}

/// Reads the rows of `table` up to the end of `checked` and judges each: invalid, a
/// duplicate of an existing record or an earlier row, or new. Existing records are looked up
/// only for the rows in `checked` (a commit step's rows; the preview's: all); earlier rows
/// always count, later ones are not read.
pub(crate) async fn analyse(
    db: &impl ConnectionTrait,
    batch: i32,
    table: &Table,
    settings: &ImportSettings,
    lookups: &Lookups,
    checked: Range<usize>,
) -> Result<Vec<AnalysedRow>, AppError> {
    let mut earlier = EarlierRows::default();
    analyse_on(
        db,
        batch,
        table,
        settings,
        lookups,
        0,
        checked,
        &mut earlier,
    )
    .await
}

/// [`analyse`] going on from row `seen`, with `earlier` holding the rows before it (what a
/// commit step leaves for the next: `step_cache.rs`). Answers the rows from `seen` on and
/// leaves `earlier` holding every row read.
#[allow(clippy::too_many_arguments)]
pub(crate) async fn analyse_on(
    db: &impl ConnectionTrait,
    batch: i32,
    table: &Table,
    settings: &ImportSettings,
    lookups: &Lookups,
    seen: usize,
    checked: Range<usize>,
    earlier: &mut EarlierRows,
) -> Result<Vec<AnalysedRow>, AppError> {
    let end = checked.end.min(table.rows.len());
    let rows = &table.rows[seen.min(end)..end];
    let interpreted: Vec<Interpreted> = rows
        .iter()
        .map(|row| interpret(&row.cells, &table.headers, settings, lookups))
        .collect();
    let keys: Vec<Option<Keys>> = interpreted
        .iter()
        .map(|row| row.lead.as_ref().ok().map(Keys::of))
        .collect();
    let wanted: Vec<&Keys> = keys
        .iter()
        .enumerate()
        .filter(|(i, _)| checked.contains(&(seen + i)))
        .filter_map(|(_, k)| k.as_ref())
        .collect();
    let existing = find_existing(db, &wanted, batch).await?;
    let mut analysed = Vec::with_capacity(interpreted.len());
    for (offset, (row, interpreted)) in rows.iter().zip(interpreted).enumerate() {
        let i = seen + offset;
        let outcome = match (&interpreted.lead, &keys[offset]) {
            (Err(problems), _) => RowOutcome::Invalid {
                problems: problems.clone(),
            },
            (Ok(_), Some(keys)) => {
                let mut matches = if checked.contains(&i) {
                    existing.matches(keys)
                } else {
                    Vec::new()
                };
                matches.extend(earlier.check_and_add(row.number, keys));
                if matches.is_empty() {
                    RowOutcome::New
                } else {
                    RowOutcome::Duplicate {
                        matches,
                        choice: settings.choice_for(row.number),
                    }
                }
            }
            (Ok(_), None) => RowOutcome::New,
        };
        analysed.push(AnalysedRow {
            number: row.number,
            interpreted,
            outcome,
        });
    }
    Ok(analysed)
}

/// The first matched lead of a duplicate (the one "fill empty fields" fills).
pub(crate) fn matched_lead(outcome: &RowOutcome) -> Option<i32> {
    match outcome {
        RowOutcome::Duplicate { matches, .. } => matches.iter().find_map(|m| match m.target {
            MatchTarget::Lead { id, .. } => Some(id),
            _ => None,
        }),
        _ => None,
    }
}

pub(crate) fn count(rows: &[AnalysedRow]) -> PreviewCounts {
    let mut counts = PreviewCounts {
        rows: rows.len() as u32,
        ..Default::default()
    };
    for row in rows {
        match &row.outcome {
            RowOutcome::New => {
                counts.new += 1;
                counts.to_create += 1;
            }
            RowOutcome::Invalid { .. } => counts.invalid += 1,
            RowOutcome::Duplicate { choice, .. } => {
                counts.duplicate += 1;
                match choice {
                    DuplicateChoice::CreateAnyway => counts.to_create += 1,
                    DuplicateChoice::FillEmpty if matched_lead(&row.outcome).is_some() => {
                        counts.to_fill += 1
                    }
                    _ => counts.to_skip += 1,
                }
            }
        }
    }
    counts
}
