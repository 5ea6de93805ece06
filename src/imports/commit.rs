//! Writing a batch (server only). `start` freezes the settings and marks the batch
//! committing; each `step` then handles the next `COMMIT_STEP_ROWS` rows in one transaction.
//!
//! The progress lives in the batch row (`next_row`), not in a process: the page calls the
//! step again and again, and a closed tab, a reload or another instance simply continues with
//! the next call. A step first claims its rows (`UPDATE … SET next_row = to WHERE next_row =
//! from`, the transaction's first statement, which on SQLite also takes the write lock before
//! any read); whoever loses the claim writes nothing and answers the progress, so no row is
//! ever written twice.
//!
//! A step's new leads are created together by `leads::create::insert_leads`, as quick entry's
//! one lead: history row, then the owner (the rules, or the batch's or row's person, assigned
//! by the importer); the step's `Created` and `Edited` events are written last, right before
//! the commit.

use std::sync::Arc;

use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, TransactionTrait};

use super::analysis::{AnalysedRow, analyse_on, lookups, matched_lead};
use super::duplicates::EarlierRows;
use super::model::{
    BatchState, COMMIT_STEP_ROWS, DuplicateChoice, ImportProgress, ImportRefusal, ImportSettings,
    OwnerChoice, RowOutcome,
};
use super::repo::{
    check_fit, check_ready, load_batch, load_batch_head, progress, read_table, settings_of, to_json,
};
use super::step_cache;
use crate::auth::model::CurrentUser;
use crate::auth::permissions::{LeadAction, check_lead};
use crate::error::AppError;
use crate::leads::create::{NewLead, NewOwner, insert_leads};
use crate::leads::model::{LeadStatus, ValidLead};
use crate::leads::store::{lead_search_key, name_key};
use crate::live::model::EventKind;
use crate::live::outbox::record_many;
use crate::server::entities::{import_batch, lead};
use crate::shared::region::Region;

/// Starts the commit of a draft with `settings`. A batch already committing answers its
/// progress (a second tab joins in).
pub async fn start(
    db: &DatabaseConnection,
    id: i32,
    mut settings: ImportSettings,
) -> Result<ImportProgress, AppError> {
    let batch = load_batch(db, id).await?;
    match batch.state {
        BatchState::Draft => {}
        BatchState::Committing => return progress(db, &batch).await,
        BatchState::Committed | BatchState::Undone => {
            return Err(AppError::Import(ImportRefusal::NotDraft));
        }
    }
    settings.sheet = settings.sheet.filter(|s| !s.trim().is_empty());
    let table = read_table(&batch, settings.sheet.as_deref())?;
    settings.sheet = table.sheet.clone();
    check_fit(&settings, &table.headers).map_err(AppError::Import)?;
    check_ready(db, &settings).await?;
    import_batch::Entity::update_many()
        .col_expr(
            import_batch::Column::State,
            Expr::value(BatchState::Committing),
        )
        .col_expr(
            import_batch::Column::Settings,
            Expr::value(to_json(&settings)),
        )
        .col_expr(
            import_batch::Column::TotalRows,
            Expr::value(table.rows.len() as i32),
        )
        .col_expr(import_batch::Column::NextRow, Expr::value(0))
        .filter(import_batch::Column::Id.eq(id))
        .filter(import_batch::Column::State.eq(BatchState::Draft))
        .exec(db)
        .await?;
    let batch = load_batch_head(db, id).await?;
    match batch.state {
        BatchState::Committing => progress(db, &batch).await,
        _ => Err(AppError::Import(ImportRefusal::NotDraft)),
    }
}

/// What one step did.
#[derive(Default)]
struct StepCounts {
    created: Vec<i32>,
    filled: Vec<i32>,
    skipped: i32,
    invalid: i32,
}

/// Writes the next rows of a committing batch; answers the progress afterwards.
pub async fn step(
    db: &DatabaseConnection,
    user: &CurrentUser,
    id: i32,
    now: DateTime<Utc>,
) -> Result<ImportProgress, AppError> {
    let batch = load_batch_head(db, id).await?;
    match batch.state {
        BatchState::Draft => return Err(AppError::Import(ImportRefusal::NotStarted)),
        BatchState::Committed | BatchState::Undone => return progress(db, &batch).await,
        BatchState::Committing => {}
    }
    let settings = settings_of(&batch);
    let next_row = usize::try_from(batch.next_row).unwrap_or(0);
    let key = step_cache::BatchKey {
        id,
        created_at: batch.created_at,
    };
    // Where the last step on this instance stopped, or the file read from its start.
    let (table, mut earlier, seen) = match step_cache::take(key, next_row) {
        Some(carried) => (carried.table, carried.earlier, next_row),
        None => (
            Arc::new(read_table(
                &load_batch(db, id).await?,
                settings.sheet.as_deref(),
            )?),
            EarlierRows::default(),
            0,
        ),
    };
    let total = table.rows.len();
    let from = next_row.min(total);
    let to = (from + COMMIT_STEP_ROWS as usize).min(total);
    let lookups = lookups(db).await?;
    let analysed = analyse_on(
        db,
        id,
        &table,
        &settings,
        &lookups,
        seen,
        from..to,
        &mut earlier,
    )
    .await?;
    let rows = &analysed[from.saturating_sub(seen).min(analysed.len())..];

    let txn = db.begin().await?;
    let claimed = import_batch::Entity::update_many()
        .col_expr(import_batch::Column::NextRow, Expr::value(to as i32))
        .filter(import_batch::Column::Id.eq(id))
        .filter(import_batch::Column::State.eq(BatchState::Committing))
        .filter(import_batch::Column::NextRow.eq(batch.next_row))
        .exec(&txn)
        .await?;
    if claimed.rows_affected != 1 {
        // Another step was faster: it writes these rows.
        txn.rollback().await?;
        return progress(db, &load_batch_head(db, id).await?).await;
    }
    let mut counts = StepCounts::default();
    let mut creating = Vec::new();
    for row in rows {
        if let Some(new) = write_row(&txn, user, id, &settings, row, &mut counts, now).await? {
            creating.push(new);
        }
    }
    counts.created = insert_leads(&txn, creating, now)
        .await?
        .into_iter()
        .map(|created| created.id)
        .collect();
    let finished = to == total;
    let mut update = import_batch::Entity::update_many()
        .col_expr(
            import_batch::Column::CreatedCount,
            Expr::col(import_batch::Column::CreatedCount).add(counts.created.len() as i32),
        )
        .col_expr(
            import_batch::Column::FilledCount,
            Expr::col(import_batch::Column::FilledCount).add(counts.filled.len() as i32),
        )
        .col_expr(
            import_batch::Column::SkippedCount,
            Expr::col(import_batch::Column::SkippedCount).add(counts.skipped),
        )
        .col_expr(
            import_batch::Column::InvalidCount,
            Expr::col(import_batch::Column::InvalidCount).add(counts.invalid),
        )
        .filter(import_batch::Column::Id.eq(id));
    if finished {
        update = update
            .col_expr(
                import_batch::Column::State,
                Expr::value(BatchState::Committed),
            )
            .col_expr(import_batch::Column::CommittedAt, Expr::value(now))
            // The file has served its purpose; the batch keeps its name and counts.
            .col_expr(
                import_batch::Column::Content,
                Expr::value(Option::<Vec<u8>>::None),
            );
    }
    update.exec(&txn).await?;
    let created = record_many(&txn, &counts.created, EventKind::Created, now).await?;
    counts.filled.sort_unstable();
    counts.filled.dedup();
    let filled = record_many(&txn, &counts.filled, EventKind::Edited, now).await?;
    crate::live::outbox::commit(txn, created.and(filled)).await?;
    if !finished {
        step_cache::keep(key, to, step_cache::Carried { table, earlier });
    }
    progress(db, &load_batch_head(db, id).await?).await
}

/// Handles one row as its outcome and choice say: counts it, fills an existing lead, or
/// answers the lead to create (the step creates its leads together).
async fn write_row<'a>(
    txn: &sea_orm::DatabaseTransaction,
    user: &CurrentUser,
    batch: i32,
    settings: &ImportSettings,
    row: &'a AnalysedRow,
    counts: &mut StepCounts,
    now: DateTime<Utc>,
) -> Result<Option<NewLead<'a>>, AppError> {
    let Ok(valid) = &row.interpreted.lead else {
        counts.invalid += 1;
        return Ok(None);
    };
    let create = match &row.outcome {
        RowOutcome::Invalid { .. } => {
            counts.invalid += 1;
            return Ok(None);
        }
        RowOutcome::New => true,
        RowOutcome::Duplicate { choice, .. } => match choice {
            DuplicateChoice::Skip => false,
            DuplicateChoice::CreateAnyway => true,
            DuplicateChoice::FillEmpty => {
                match matched_lead(&row.outcome) {
                    Some(lead_id) if fill_empty(txn, user, lead_id, valid, now).await? => {
                        counts.filled.push(lead_id)
                    }
                    _ => counts.skipped += 1,
                }
                return Ok(None);
            }
        },
    };
    if !create {
        counts.skipped += 1;
        return Ok(None);
    }
    let owner = match (row.interpreted.owner, settings.defaults.owner) {
        (Some(id), _) | (None, OwnerChoice::Person(id)) => NewOwner::Person { id, by: user.id },
        (None, OwnerChoice::Rules) => NewOwner::Rules,
    };
    Ok(Some(NewLead {
        input: valid,
        form_key: None,
        status: row.interpreted.status.unwrap_or(settings.defaults.status),
        owner,
        import_batch: Some(batch),
    }))
}

/// Gives an existing lead the row's values in the fields it has empty, when the importer
/// may edit it and it is not converted; bumps its version. True when anything changed.
async fn fill_empty(
    txn: &sea_orm::DatabaseTransaction,
    user: &CurrentUser,
    lead_id: i32,
    row: &ValidLead,
    now: DateTime<Utc>,
) -> Result<bool, AppError> {
    let Some(current) = lead::Entity::find_by_id(lead_id).one(txn).await? else {
        return Ok(false);
    };
    if check_lead(user, current.owner_id, LeadAction::Edit).is_err()
        || current.status == LeadStatus::Converted
    {
        return Ok(false);
    }
    let empty = |text: &str| text.trim().is_empty();
    let mut merged = ValidLead {
        first_name: current.first_name.clone(),
        last_name: current.last_name.clone(),
        email: current.email.clone(),
        phone: current.phone.clone(),
        company: current.company.clone(),
        source: current.source,
        description: current.description.clone(),
        region: current.region.as_deref().and_then(Region::from_code),
        product_id: current.product_id,
        ico: current.ico.clone(),
        dic: current.dic.clone(),
        street: current.street.clone(),
        city: current.city.clone(),
        postal_code: current.postal_code.clone(),
    };
    let mut changed = false;
    let mut take = |slot: &mut String, value: &str| {
        if empty(slot) && !empty(value) {
            *slot = value.to_string();
            changed = true;
        }
    };
    take(&mut merged.first_name, &row.first_name);
    take(&mut merged.company, &row.company);
    take(&mut merged.description, &row.description);
    let mut take_option = |slot: &mut Option<String>, value: &Option<String>| {
        if slot.as_deref().is_none_or(empty) && value.as_deref().is_some_and(|v| !empty(v)) {
            slot.clone_from(value);
            changed = true;
        }
    };
    take_option(&mut merged.email, &row.email);
    take_option(&mut merged.phone, &row.phone);
    take_option(&mut merged.ico, &row.ico);
    if merged.region.is_none() && row.region.is_some() {
        merged.region = row.region;
        changed = true;
    }
    if merged.product_id.is_none() && row.product_id.is_some() {
        merged.product_id = row.product_id;
        changed = true;
    }
    if !changed {
        return Ok(false);
    }
    lead::Entity::update_many()
        .col_expr(
            lead::Column::Version,
            Expr::col(lead::Column::Version).add(1),
        )
        .col_expr(lead::Column::UpdatedAt, Expr::value(now))
        .col_expr(
            lead::Column::FirstName,
            Expr::value(merged.first_name.clone()),
        )
        .col_expr(
            lead::Column::NameKey,
            Expr::value(name_key(&merged.first_name, &merged.last_name)),
        )
        .col_expr(
            lead::Column::SearchKey,
            Expr::value(lead_search_key(&merged)),
        )
        .col_expr(lead::Column::Email, Expr::value(merged.email))
        .col_expr(lead::Column::Phone, Expr::value(merged.phone))
        .col_expr(lead::Column::Company, Expr::value(merged.company))
        .col_expr(lead::Column::Ico, Expr::value(merged.ico))
        .col_expr(lead::Column::Description, Expr::value(merged.description))
        .col_expr(
            lead::Column::Region,
            Expr::value(merged.region.map(|r| r.code().to_string())),
        )
        .col_expr(lead::Column::ProductId, Expr::value(merged.product_id))
        .filter(lead::Column::Id.eq(lead_id))
        .filter(lead::Column::Version.eq(current.version))
        .exec(txn)
        .await?;
    Ok(true)
}
