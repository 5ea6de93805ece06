//! Import batches (server only): the draft with its stored file and settings, reading and
//! analysing the file (each row new, duplicate or invalid), the preview, lists and summaries.
//! Writing leads is in `commit.rs`, removing them in `undo.rs`.

use chrono::{DateTime, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseConnection, DbErr,
    EntityTrait, QueryFilter, QueryOrder, QuerySelect,
};

use super::analysis::{AnalysedRow, analyse, count, lookups};
use super::model::{
    BatchCounts, BatchState, BatchSummary, ColumnTarget, IMPORT_STATUSES, ImportField, ImportPage,
    ImportPreview, ImportProgress, ImportRefusal, ImportSettings, OwnerChoice, PREVIEW_PAGE_SIZE,
    PreviewRow, RowFilter, UndoReport,
};
use super::parse::{Table, read};
use crate::auth::model::CurrentUser;
use crate::error::AppError;
use crate::server::entities::{app_user, import_batch};

/// Batches the upload page lists.
const RECENT_BATCHES: u64 = 20;

/// Stores an uploaded file as a draft batch, once it reads as a table with at least one
/// recognised column; answers the batch's id.
pub async fn create_draft(
    db: &DatabaseConnection,
    user: &CurrentUser,
    file_name: &str,
    bytes: Vec<u8>,
    sheet: Option<&str>,
    now: DateTime<Utc>,
) -> Result<i32, AppError> {
    let file_name = clean_file_name(file_name);
    let table = read(&bytes, &file_name, sheet).map_err(AppError::Import)?;
    let columns = super::mapping::suggest(&table.headers);
    if columns.iter().all(|c| *c == ColumnTarget::Ignore) {
        return Err(AppError::Import(ImportRefusal::NoRecognisableColumn));
    }
    let settings = ImportSettings {
        sheet: table.sheet.clone(),
        columns,
        ..Default::default()
    };
    let inserted = import_batch::ActiveModel {
        file_name: Set(file_name),
        content: Set(Some(bytes)),
        state: Set(BatchState::Draft),
        settings: Set(Some(to_json(&settings))),
        created_by: Set(user.id),
        created_at: Set(now),
        total_rows: Set(table.rows.len() as i32),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(inserted.id)
}

/// The name a file is listed under: its last path part, without control characters, at
/// most 255 characters.
fn clean_file_name(name: &str) -> String {
    let base = name.rsplit(['/', '\\']).next().unwrap_or("");
    let clean: String = base.chars().filter(|c| !c.is_control()).take(255).collect();
    let clean = clean.trim();
    if clean.is_empty() {
        "import".to_string()
    } else {
        clean.to_string()
    }
}

pub(crate) fn to_json<T: serde::Serialize>(value: &T) -> String {
    serde_json::to_string(value).unwrap_or_default()
}

/// A batch by id. Managers and admins may open every batch (as they see every lead); an id
/// that does not exist is NotFound.
pub(crate) async fn load_batch(
    db: &impl ConnectionTrait,
    id: i32,
) -> Result<import_batch::Model, AppError> {
    import_batch::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)
}

/// [`load_batch`] without the stored file (`content` is None): what a commit step and its
/// progress need. The file is up to 20 MB and a step reads it only when it goes on from
/// nothing (`step_cache.rs`).
pub(crate) async fn load_batch_head(
    db: &impl ConnectionTrait,
    id: i32,
) -> Result<import_batch::Model, AppError> {
    use sea_orm::Iterable;
    import_batch::Entity::find_by_id(id)
        .select_only()
        .columns(
            import_batch::Column::iter().filter(|c| !matches!(c, import_batch::Column::Content)),
        )
        .column_as(Expr::value(Option::<Vec<u8>>::None), "content")
        .into_model::<import_batch::Model>()
        .one(db)
        .await?
        .ok_or(AppError::NotFound)
}

pub(crate) fn settings_of(batch: &import_batch::Model) -> ImportSettings {
    batch
        .settings
        .as_deref()
        .and_then(|json| serde_json::from_str(json).ok())
        .unwrap_or_default()
}

/// The batch's stored file read with `sheet`.
pub(crate) fn read_table(
    batch: &import_batch::Model,
    sheet: Option<&str>,
) -> Result<Table, AppError> {
    let content = batch
        .content
        .as_deref()
        .ok_or(AppError::Import(ImportRefusal::NotDraft))?;
    read(content, &batch.file_name, sheet).map_err(AppError::Import)
}

/// A mapping fits the file: one target per column, each field at most once.
pub(crate) fn check_fit(
    settings: &ImportSettings,
    headers: &[String],
) -> Result<(), ImportRefusal> {
    if settings.columns.len() != headers.len() {
        return Err(ImportRefusal::MappingDoesNotFit);
    }
    let mut seen = Vec::new();
    for target in &settings.columns {
        if let ColumnTarget::Field(field) = target {
            if seen.contains(field) {
                return Err(ImportRefusal::FieldMappedTwice(*field));
            }
            seen.push(*field);
        }
    }
    Ok(())
}

/// Settings a commit can start with: a name column, an email or phone column, an active
/// owner, an importable status.
pub(crate) async fn check_ready(
    db: &impl ConnectionTrait,
    settings: &ImportSettings,
) -> Result<(), AppError> {
    let mapped = |field| settings.column_of(field).is_some();
    let refuse = |refusal| Err(AppError::Import(refusal));
    if !mapped(ImportField::LastName) && !mapped(ImportField::FullName) {
        return refuse(ImportRefusal::NoNameColumn);
    }
    if !mapped(ImportField::Email) && !mapped(ImportField::Phone) {
        return refuse(ImportRefusal::NoContactColumn);
    }
    if !IMPORT_STATUSES.contains(&settings.defaults.status) {
        return refuse(ImportRefusal::StatusNotImportable);
    }
    if let OwnerChoice::Person(id) = settings.defaults.owner {
        let active = app_user::Entity::find_by_id(id)
            .one(db)
            .await?
            .is_some_and(|u| u.active);
        if !active {
            return refuse(ImportRefusal::OwnerUnavailable);
        }
    }
    Ok(())
}

/// The draft's preview with `settings` (None: the saved ones), which are saved with it.
pub async fn preview(
    db: &DatabaseConnection,
    id: i32,
    settings: Option<ImportSettings>,
    filter: RowFilter,
    offset: u32,
) -> Result<ImportPreview, AppError> {
    let batch = load_batch(db, id).await?;
    if batch.state != BatchState::Draft {
        return Err(AppError::Import(ImportRefusal::NotDraft));
    }
    let saved = settings_of(&batch);
    let mut settings = settings.unwrap_or_else(|| saved.clone());
    settings.sheet = settings.sheet.filter(|s| !s.trim().is_empty());
    let table = read_table(&batch, settings.sheet.as_deref())?;
    if table.sheet != saved.sheet {
        // Another sheet has other columns: start from its suggested mapping.
        settings.columns = super::mapping::suggest(&table.headers);
        settings.row_choices.clear();
    }
    settings.sheet = table.sheet.clone();
    check_fit(&settings, &table.headers).map_err(AppError::Import)?;
    if settings != saved {
        import_batch::Entity::update_many()
            .col_expr(
                import_batch::Column::Settings,
                Expr::value(to_json(&settings)),
            )
            .col_expr(
                import_batch::Column::TotalRows,
                Expr::value(table.rows.len() as i32),
            )
            .filter(import_batch::Column::Id.eq(id))
            .filter(import_batch::Column::State.eq(BatchState::Draft))
            .exec(db)
            .await?;
    }
    let lookups = lookups(db).await?;
    let analysed = analyse(db, id, &table, &settings, &lookups, 0..table.rows.len()).await?;
    let counts = count(&analysed);
    let admitted: Vec<(usize, &AnalysedRow)> = analysed
        .iter()
        .enumerate()
        .filter(|(_, row)| filter.admits(row.outcome.kind()))
        .collect();
    let rows = admitted
        .iter()
        .skip(offset as usize)
        .take(PREVIEW_PAGE_SIZE as usize)
        .map(|(i, row)| PreviewRow {
            row: row.number,
            cells: table.rows[*i].cells.clone(),
            values: row.interpreted.values.clone(),
            outcome: row.outcome.clone(),
        })
        .collect();
    let mut summary = summary(db, &batch).await?;
    summary.counts.rows = counts.rows;
    Ok(ImportPreview {
        batch: summary,
        sheets: table.sheets,
        headers: table.headers,
        settings,
        counts,
        filter,
        offset,
        filtered: admitted.len() as u32,
        rows,
        owners: crate::assignment::repo::assignees(db).await?,
    })
}

/// A batch's page by its state.
pub async fn page(db: &DatabaseConnection, id: i32) -> Result<ImportPage, AppError> {
    let batch = load_batch(db, id).await?;
    match batch.state {
        BatchState::Draft => Ok(ImportPage::Draft(
            preview(db, id, None, RowFilter::All, 0).await?,
        )),
        BatchState::Committing => Ok(ImportPage::Committing(progress(db, &batch).await?)),
        BatchState::Committed | BatchState::Undone => {
            Ok(ImportPage::Finished(summary(db, &batch).await?))
        }
    }
}

/// How far the batch's commit is (with the summary once finished).
pub(crate) async fn progress(
    db: &impl ConnectionTrait,
    batch: &import_batch::Model,
) -> Result<ImportProgress, AppError> {
    let state = batch.state;
    let finished = matches!(state, BatchState::Committed | BatchState::Undone);
    Ok(ImportProgress {
        batch: batch.id,
        state,
        done: if finished {
            batch.total_rows as u32
        } else {
            batch.next_row as u32
        },
        total: batch.total_rows as u32,
        summary: if finished {
            Some(summary(db, batch).await?)
        } else {
            None
        },
    })
}

/// Throws a draft away.
pub async fn discard(db: &DatabaseConnection, id: i32) -> Result<(), AppError> {
    load_batch(db, id).await?;
    let deleted = import_batch::Entity::delete_many()
        .filter(import_batch::Column::Id.eq(id))
        .filter(import_batch::Column::State.eq(BatchState::Draft))
        .exec(db)
        .await?;
    if deleted.rows_affected == 1 {
        Ok(())
    } else {
        Err(AppError::Import(ImportRefusal::NotDraft))
    }
}

/// How long an untouched draft (and its stored file) is kept.
pub const DRAFT_DAYS: i64 = 7;

/// Deletes drafts nobody committed within [`DRAFT_DAYS`] (the housekeeping does it); answers
/// how many.
pub async fn prune_drafts(db: &DatabaseConnection, now: DateTime<Utc>) -> Result<u64, DbErr> {
    let deleted = import_batch::Entity::delete_many()
        .filter(import_batch::Column::State.eq(BatchState::Draft))
        .filter(import_batch::Column::CreatedAt.lt(now - chrono::Duration::days(DRAFT_DAYS)))
        .exec(db)
        .await?;
    Ok(deleted.rows_affected)
}

/// The most recent batches, newest first.
pub async fn recent(db: &DatabaseConnection) -> Result<Vec<BatchSummary>, AppError> {
    let batches = import_batch::Entity::find()
        .order_by_desc(import_batch::Column::CreatedAt)
        .order_by_desc(import_batch::Column::Id)
        .limit(RECENT_BATCHES)
        .all(db)
        .await?;
    let mut summaries = Vec::with_capacity(batches.len());
    for batch in &batches {
        summaries.push(summary(db, batch).await?);
    }
    Ok(summaries)
}

pub(crate) async fn summary(
    db: &impl ConnectionTrait,
    batch: &import_batch::Model,
) -> Result<BatchSummary, AppError> {
    let ids: Vec<i32> = [Some(batch.created_by), batch.undone_by]
        .into_iter()
        .flatten()
        .collect();
    let people = crate::leads::store::people_by_id(db, ids).await?;
    let person = |id: i32| {
        people
            .get(&id)
            .cloned()
            .unwrap_or(crate::auth::model::PersonRef {
                id,
                name: String::new(),
            })
    };
    Ok(BatchSummary {
        id: batch.id,
        file_name: batch.file_name.clone(),
        created_by: person(batch.created_by),
        created_at: batch.created_at,
        state: batch.state,
        committed_at: batch.committed_at,
        counts: BatchCounts {
            rows: batch.total_rows as u32,
            created: batch.created_count as u32,
            skipped: batch.skipped_count as u32,
            filled: batch.filled_count as u32,
            invalid: batch.invalid_count as u32,
        },
        undone_at: batch.undone_at,
        undone_by: batch.undone_by.map(person),
        undo: batch
            .undo_report
            .as_deref()
            .and_then(|json| serde_json::from_str::<UndoReport>(json).ok()),
    })
}
