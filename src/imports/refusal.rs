//! Why an import is refused, and the file fields a refusal can name. Apart from `model` so the
//! error type (`AppError::Import`) can carry it without depending on the import's pages' data.

use serde::{Deserialize, Serialize};

/// What a column of the file can fill.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ImportField {
    FirstName,
    LastName,
    /// "Celé jméno": split into first and last name (the last word is the last name).
    FullName,
    Email,
    Phone,
    Company,
    Ico,
    /// A source by its Czech or English name or its code ("Veletrh", "Trade fair", "trade_fair").
    Source,
    Description,
    /// A region (kraj) by its Czech or English name or code.
    Region,
    /// A product by its name (active products only).
    Product,
    /// "Obchodník": the owner's email.
    Owner,
    /// "Stav": a status by its Czech or English name or code.
    Status,
}

impl ImportField {
    pub const ALL: [ImportField; 13] = [
        ImportField::FirstName,
        ImportField::LastName,
        ImportField::FullName,
        ImportField::Email,
        ImportField::Phone,
        ImportField::Company,
        ImportField::Ico,
        ImportField::Source,
        ImportField::Description,
        ImportField::Region,
        ImportField::Product,
        ImportField::Owner,
        ImportField::Status,
    ];

    /// Stable code for `<select>` values.
    pub fn code(self) -> &'static str {
        match self {
            ImportField::FirstName => "first_name",
            ImportField::LastName => "last_name",
            ImportField::FullName => "full_name",
            ImportField::Email => "email",
            ImportField::Phone => "phone",
            ImportField::Company => "company",
            ImportField::Ico => "ico",
            ImportField::Source => "source",
            ImportField::Description => "description",
            ImportField::Region => "region",
            ImportField::Product => "product",
            ImportField::Owner => "owner",
            ImportField::Status => "status",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|f| f.code() == code)
    }
}

/// Why a file, a mapping or a batch's state is refused. Each maps to a translated message
/// (`Texts::imports`). Carried by `AppError::Import`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ImportRefusal {
    /// The form came without a file.
    NoFile,
    /// Nothing in it: no bytes, no header, or a header and no data rows.
    Empty,
    /// Neither a CSV (text) nor an .xlsx.
    WrongType,
    /// Over [`super::model::MAX_FILE_BYTES`].
    TooLarge { max_mb: u32 },
    /// Over [`super::model::MAX_ROWS`] data rows.
    TooManyRows { max: u32 },
    /// Neither UTF-8 nor windows-1250 text.
    BrokenEncoding,
    /// An .xlsx that cannot be read (damaged, password-protected).
    Unreadable,
    /// The chosen sheet is not in the workbook.
    NoSuchSheet,
    /// Not one header is recognised (Jméno, E-mail, Telefon, Firma…).
    NoRecognisableColumn,
    /// The mapping has a different number of columns than the file.
    MappingDoesNotFit,
    /// Two columns are mapped to the same field.
    FieldMappedTwice(ImportField),
    /// Neither Příjmení nor Celé jméno is mapped.
    NoNameColumn,
    /// Neither E-mail nor Telefon is mapped.
    NoContactColumn,
    /// The batch's owner is not an active person.
    OwnerUnavailable,
    /// The batch's status is not one of [`super::model::IMPORT_STATUSES`].
    StatusNotImportable,
    /// Only a draft can be previewed, committed or discarded.
    NotDraft,
    /// Commit steps need a started commit.
    NotStarted,
    /// Undo needs a finished import.
    NotCommitted,
    /// This import has been undone already.
    AlreadyUndone,
}

impl ImportRefusal {
    /// The HTTP status it is answered with.
    pub fn http_status(self) -> u16 {
        match self {
            ImportRefusal::TooLarge { .. } => 413,
            ImportRefusal::NotDraft
            | ImportRefusal::NotCommitted
            | ImportRefusal::AlreadyUndone => 409,
            _ => 422,
        }
    }
}
