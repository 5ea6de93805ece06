//! Import of leads from a file: the shared serde types (browser and server) and the small
//! rules both sides need. No I/O here; parsing, mapping and the database live in the ssr-only
//! modules next to this one.
//!
//! Row numbers are the sheet's own: the header is row 1, the first data row is row 2, so a
//! user finds "řádek 7" in Excel where it says 7.

use serde::{Deserialize, Serialize};

pub use super::batch::{BatchCounts, BatchState, BatchSummary, KeptCount, KeptReason, UndoReport};
pub use super::refusal::{ImportField, ImportRefusal};
use crate::auth::model::PersonRef;
use crate::error::FieldProblem;
use crate::leads::model::{LeadSource, LeadStatus};

/// The page that takes a file (and lists earlier imports).
pub const IMPORT_PAGE: &str = "/leads/import";
/// Where the upload form posts (multipart/form-data). See [`super`] for the fields.
pub const UPLOAD_URL: &str = "/leads/import/upload";
/// The multipart field with the file (required).
pub const UPLOAD_FILE_FIELD: &str = "file";
/// The multipart field with the chosen sheet of an .xlsx (optional; empty: the first sheet).
pub const UPLOAD_SHEET_FIELD: &str = "sheet";
/// The form name under which a refused plain upload keeps its error for the upload page
/// (`server::form_flash`); `load_import_start` takes it.
pub const UPLOAD_FORM: &str = "import_upload";

/// The largest file taken: 20 MB.
pub const MAX_FILE_BYTES: usize = 20 * 1024 * 1024;
/// The most data rows (below the header) a file may have.
pub const MAX_ROWS: usize = 50_000;
/// Rows per page of the preview.
pub const PREVIEW_PAGE_SIZE: u32 = 100;
/// Rows written per commit step (one transaction each).
pub const COMMIT_STEP_ROWS: u32 = 250;

/// The page of one batch: its preview while a draft, its progress while committing, its
/// summary (and undo) afterwards.
pub fn batch_url(id: i32) -> String {
    format!("{IMPORT_PAGE}/{id}")
}

/// What one column of the file is used for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
pub enum ColumnTarget {
    /// Not imported.
    #[default]
    Ignore,
    /// Fills a field of the lead. At most one column per field.
    Field(ImportField),
    /// Appended to the description as "Header: value" lines (empty cells are left out).
    AppendToDescription,
}

impl ColumnTarget {
    /// Stable code for `<select>` values: "ignore", "append" or the field's code.
    pub fn code(self) -> &'static str {
        match self {
            ColumnTarget::Ignore => "ignore",
            ColumnTarget::AppendToDescription => "append",
            ColumnTarget::Field(field) => field.code(),
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        match code {
            "ignore" => Some(ColumnTarget::Ignore),
            "append" => Some(ColumnTarget::AppendToDescription),
            other => ImportField::from_code(other).map(ColumnTarget::Field),
        }
    }
}

/// Who gets the batch's leads (a row's "Obchodník" cell wins over it).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
pub enum OwnerChoice {
    /// The assignment rules decide, as for a lead typed by hand.
    #[default]
    Rules,
    /// This active person, recorded as assigned by the importer.
    Person(i32),
}

/// The values every row of the batch gets unless its own cell says otherwise.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BatchDefaults {
    pub source: LeadSource,
    pub owner: OwnerChoice,
    /// One of [`IMPORT_STATUSES`]; Nový by default.
    pub status: LeadStatus,
}

impl Default for BatchDefaults {
    fn default() -> Self {
        BatchDefaults {
            source: LeadSource::Other,
            owner: OwnerChoice::Rules,
            status: LeadStatus::New,
        }
    }
}

/// The statuses an imported lead may start in. Nekvalifikovaný needs a reason and Převedený
/// a conversion, so neither comes from a file.
pub const IMPORT_STATUSES: [LeadStatus; 4] = [
    LeadStatus::New,
    LeadStatus::Assigned,
    LeadStatus::InProcess,
    LeadStatus::Qualified,
];

/// What happens to a row that duplicates something.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
pub enum DuplicateChoice {
    /// Not imported (the default).
    #[default]
    Skip,
    /// Imported as a new lead all the same.
    CreateAnyway,
    /// The matched existing lead gets the row's values in its empty fields (nothing it has is
    /// overwritten). Only for a match with a lead; a row that matches only a client or an
    /// earlier row of the file is skipped.
    FillEmpty,
}

impl DuplicateChoice {
    pub const ALL: [DuplicateChoice; 3] = [
        DuplicateChoice::Skip,
        DuplicateChoice::CreateAnyway,
        DuplicateChoice::FillEmpty,
    ];

    pub fn code(self) -> &'static str {
        match self {
            DuplicateChoice::Skip => "skip",
            DuplicateChoice::CreateAnyway => "create",
            DuplicateChoice::FillEmpty => "fill",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|c| c.code() == code)
    }
}

/// One row's own choice, overriding the batch's.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RowChoice {
    pub row: u32,
    pub choice: DuplicateChoice,
}

/// Everything the user decides before committing. Saved with the draft by every preview, so
/// a reload keeps it; the commit uses exactly the settings it is started with.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct ImportSettings {
    /// The sheet of an .xlsx (None: the first; always None for CSV). Choosing another sheet
    /// gives that sheet's suggested mapping (the columns are others).
    pub sheet: Option<String>,
    /// One target per column of the file, in the file's order.
    pub columns: Vec<ColumnTarget>,
    pub defaults: BatchDefaults,
    /// The choice for all duplicates ("for all").
    pub duplicates: DuplicateChoice,
    /// Choices for single rows, overriding `duplicates`.
    pub row_choices: Vec<RowChoice>,
}

impl ImportSettings {
    /// The choice that applies to `row`.
    pub fn choice_for(&self, row: u32) -> DuplicateChoice {
        self.row_choices
            .iter()
            .rev()
            .find(|c| c.row == row)
            .map(|c| c.choice)
            .unwrap_or(self.duplicates)
    }

    /// The column mapped to `field`, if any.
    pub fn column_of(&self, field: ImportField) -> Option<usize> {
        self.columns
            .iter()
            .position(|t| *t == ColumnTarget::Field(field))
    }
}

/// How a row matched something that exists.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum MatchedBy {
    Email,
    /// The phone, both normalised to E.164.
    Phone,
    Ico,
    /// The same name and the same company (both folded: case, diacritics, legal form).
    NameAndCompany,
}

/// What a duplicate row matches, with where to look at it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum MatchTarget {
    Lead {
        id: i32,
        name: String,
    },
    Contact {
        id: i32,
        name: String,
    },
    /// An organisation (matched by IČO or company name).
    Account {
        id: i32,
        name: String,
    },
    /// An earlier row of the same file.
    Row {
        row: u32,
    },
}

impl MatchTarget {
    /// The page of the matched record (None for a row of the file).
    pub fn url(&self) -> Option<String> {
        match self {
            MatchTarget::Lead { id, .. } => Some(format!("/leads/{id}")),
            MatchTarget::Contact { id, .. } => Some(format!("/clients/contacts/{id}")),
            MatchTarget::Account { id, .. } => Some(format!("/clients/accounts/{id}")),
            MatchTarget::Row { .. } => None,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DuplicateMatch {
    pub target: MatchTarget,
    pub by: Vec<MatchedBy>,
}

/// What is wrong with one cell.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum CellIssue {
    /// A rule of the lead itself (the same as the lead form's): a bad email, phone or IČO
    /// checksum, a required name, email or phone missing, too long. `Texts::field_problem`.
    Lead(FieldProblem),
    /// Not a source we know (by Czech or English name or code).
    UnknownSource,
    /// No person with this email.
    UnknownOwner,
    /// The person exists but is deactivated.
    InactiveOwner,
    /// Not a status we know.
    UnknownStatus,
    /// A status an import may not set (Nekvalifikovaný, Převedený).
    StatusNotImportable,
    /// Not a region (kraj) we know.
    UnknownRegion,
    /// Not an active product.
    UnknownProduct,
}

/// A problem of a row, at the cell it comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CellProblem {
    /// The column (0-based) of the cell; None when the field is not mapped at all (e.g. no
    /// email and no phone column).
    pub column: Option<u32>,
    pub field: ImportField,
    pub issue: CellIssue,
}

/// The row as it would become a lead (after splitting the full name and normalising).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct RowValues {
    pub first_name: String,
    pub last_name: String,
    pub email: String,
    /// E.164 when valid, else as typed.
    pub phone: String,
    pub company: String,
    pub ico: String,
}

/// What a row is.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum RowOutcome {
    New,
    /// Matches something that exists (first the records, then the earlier rows); `choice`
    /// is what applies to it now.
    Duplicate {
        matches: Vec<DuplicateMatch>,
        choice: DuplicateChoice,
    },
    Invalid {
        problems: Vec<CellProblem>,
    },
}

impl RowOutcome {
    pub fn kind(&self) -> RowKind {
        match self {
            RowOutcome::New => RowKind::New,
            RowOutcome::Duplicate { .. } => RowKind::Duplicate,
            RowOutcome::Invalid { .. } => RowKind::Invalid,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum RowKind {
    New,
    Duplicate,
    Invalid,
}

/// One row of the preview.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PreviewRow {
    /// The row's number in the sheet (header = 1).
    pub row: u32,
    /// The cells as in the file (trimmed), one per column; text, never evaluated.
    pub cells: Vec<String>,
    pub values: RowValues,
    pub outcome: RowOutcome,
}

/// Which rows a preview page lists.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
pub enum RowFilter {
    #[default]
    All,
    New,
    Duplicate,
    Invalid,
}

impl RowFilter {
    pub fn admits(self, kind: RowKind) -> bool {
        match self {
            RowFilter::All => true,
            RowFilter::New => kind == RowKind::New,
            RowFilter::Duplicate => kind == RowKind::Duplicate,
            RowFilter::Invalid => kind == RowKind::Invalid,
        }
    }
}

/// How many rows are of each kind, and what a commit with the current choices would do.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct PreviewCounts {
    pub rows: u32,
    pub new: u32,
    pub duplicate: u32,
    pub invalid: u32,
    /// New rows plus duplicates to create anyway.
    pub to_create: u32,
    /// Duplicates whose matched lead gets its empty fields filled.
    pub to_fill: u32,
    /// Duplicates left out.
    pub to_skip: u32,
}

/// The upload page's data.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportStart {
    /// Why the last plain upload of this session was refused (shown once, by the file field).
    pub error: Option<crate::error::AppError>,
    /// Recent batches, newest first (drafts and unfinished ones included).
    pub batches: Vec<BatchSummary>,
}

/// The preview of a draft: the file's columns, the settings, the counts and one page of rows.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportPreview {
    pub batch: BatchSummary,
    /// The sheets of an .xlsx (empty for CSV).
    pub sheets: Vec<String>,
    /// The header cells of the file (or sheet), in order.
    pub headers: Vec<String>,
    /// The settings in force (saved with the draft; on first load, the suggested mapping).
    pub settings: ImportSettings,
    pub counts: PreviewCounts,
    pub filter: RowFilter,
    /// Index of the first listed row among the rows the filter admits.
    pub offset: u32,
    /// How many rows the filter admits.
    pub filtered: u32,
    /// Up to [`PREVIEW_PAGE_SIZE`] rows.
    pub rows: Vec<PreviewRow>,
    /// Active people the batch may be given to.
    pub owners: Vec<PersonRef>,
}

/// How far a commit is.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportProgress {
    pub batch: i32,
    pub state: BatchState,
    /// Rows handled (written, skipped or invalid).
    pub done: u32,
    pub total: u32,
    /// Set once the commit has finished.
    pub summary: Option<BatchSummary>,
}

impl ImportProgress {
    /// 0–100, for the progress bar.
    pub fn percent(&self) -> u32 {
        if self.total == 0 {
            100
        } else {
            (u64::from(self.done) * 100 / u64::from(self.total)) as u32
        }
    }
}

/// A batch's page, by its state. One value per page load: boxing the large variant would buy
/// nothing.
#[allow(clippy::large_enum_variant)]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ImportPage {
    Draft(ImportPreview),
    Committing(ImportProgress),
    /// Committed or undone.
    Finished(BatchSummary),
}

/// What the upload route answers a client that asked for JSON (`Accept: application/json`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct UploadedImport {
    pub id: i32,
    /// The batch's page ([`batch_url`]).
    pub url: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip() {
        for field in ImportField::ALL {
            assert_eq!(ImportField::from_code(field.code()), Some(field));
            let target = ColumnTarget::Field(field);
            assert_eq!(ColumnTarget::from_code(target.code()), Some(target));
        }
        for target in [ColumnTarget::Ignore, ColumnTarget::AppendToDescription] {
            assert_eq!(ColumnTarget::from_code(target.code()), Some(target));
        }
        for choice in DuplicateChoice::ALL {
            assert_eq!(DuplicateChoice::from_code(choice.code()), Some(choice));
        }
        assert_eq!(ColumnTarget::from_code("nothing"), None);
    }

    #[test]
    fn a_row_choice_overrides_the_batch_choice() {
        let settings = ImportSettings {
            duplicates: DuplicateChoice::Skip,
            row_choices: vec![
                RowChoice {
                    row: 5,
                    choice: DuplicateChoice::FillEmpty,
                },
                RowChoice {
                    row: 5,
                    choice: DuplicateChoice::CreateAnyway,
                },
            ],
            ..Default::default()
        };
        assert_eq!(settings.choice_for(4), DuplicateChoice::Skip);
        assert_eq!(settings.choice_for(5), DuplicateChoice::CreateAnyway);
    }

    #[test]
    fn progress_percent() {
        let progress = |done, total| ImportProgress {
            batch: 1,
            state: BatchState::Committing,
            done,
            total,
            summary: None,
        };
        assert_eq!(progress(0, 0).percent(), 100);
        assert_eq!(progress(250, 1000).percent(), 25);
        assert_eq!(progress(10_000, 10_000).percent(), 100);
    }
}
