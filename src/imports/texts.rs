//! The import's texts in Czech and English. Part of [`crate::i18n::Texts`] (as `imports`), so
//! a missing translation fails to compile as everywhere else. The pages add their own labels
//! here.

use super::model::{
    BatchState, DuplicateChoice, ImportField, ImportRefusal, KeptReason, MatchedBy, RowKind,
};

pub struct ImportTexts {
    pub field_first_name: &'static str,
    pub field_last_name: &'static str,
    pub field_full_name: &'static str,
    pub field_email: &'static str,
    pub field_phone: &'static str,
    pub field_company: &'static str,
    pub field_ico: &'static str,
    pub field_source: &'static str,
    pub field_description: &'static str,
    pub field_region: &'static str,
    pub field_product: &'static str,
    pub field_owner: &'static str,
    pub field_status: &'static str,
    pub target_ignore: &'static str,
    pub target_append: &'static str,

    pub choice_skip: &'static str,
    pub choice_create: &'static str,
    pub choice_fill: &'static str,

    pub kind_new: &'static str,
    pub kind_duplicate: &'static str,
    pub kind_invalid: &'static str,

    pub state_draft: &'static str,
    pub state_committing: &'static str,
    pub state_committed: &'static str,
    pub state_undone: &'static str,

    pub matched_email: &'static str,
    pub matched_phone: &'static str,
    pub matched_ico: &'static str,
    pub matched_name_company: &'static str,
    /// "řádek 7" — an earlier row of the same file.
    pub row_n: fn(u32) -> String,

    pub issue_unknown_source: &'static str,
    pub issue_unknown_owner: &'static str,
    pub issue_inactive_owner: &'static str,
    pub issue_unknown_status: &'static str,
    pub issue_status_not_importable: &'static str,
    pub issue_unknown_region: &'static str,
    pub issue_unknown_product: &'static str,

    pub kept_moved: &'static str,
    pub kept_edited: &'static str,
    pub kept_activity: &'static str,
    pub kept_assigned: &'static str,
    pub kept_qualified: &'static str,
    pub kept_converted: &'static str,

    pub err_no_file: &'static str,
    pub err_empty: &'static str,
    pub err_wrong_type: &'static str,
    pub err_too_large: fn(u32) -> String,
    pub err_too_many_rows: fn(u32) -> String,
    pub err_broken_encoding: &'static str,
    pub err_unreadable: &'static str,
    pub err_no_such_sheet: &'static str,
    pub err_no_recognisable_column: &'static str,
    pub err_mapping_does_not_fit: &'static str,
    pub err_field_mapped_twice: fn(&str) -> String,
    pub err_no_name_column: &'static str,
    pub err_no_contact_column: &'static str,
    pub err_owner_unavailable: &'static str,
    pub err_status_not_importable: &'static str,
    pub err_not_draft: &'static str,
    pub err_not_started: &'static str,
    pub err_not_committed: &'static str,
    pub err_already_undone: &'static str,
}

impl ImportTexts {
    pub fn field(&self, field: ImportField) -> &'static str {
        match field {
            ImportField::FirstName => self.field_first_name,
            ImportField::LastName => self.field_last_name,
            ImportField::FullName => self.field_full_name,
            ImportField::Email => self.field_email,
            ImportField::Phone => self.field_phone,
            ImportField::Company => self.field_company,
            ImportField::Ico => self.field_ico,
            ImportField::Source => self.field_source,
            ImportField::Description => self.field_description,
            ImportField::Region => self.field_region,
            ImportField::Product => self.field_product,
            ImportField::Owner => self.field_owner,
            ImportField::Status => self.field_status,
        }
    }

    pub fn choice(&self, choice: DuplicateChoice) -> &'static str {
        match choice {
            DuplicateChoice::Skip => self.choice_skip,
            DuplicateChoice::CreateAnyway => self.choice_create,
            DuplicateChoice::FillEmpty => self.choice_fill,
        }
    }

    pub fn kind(&self, kind: RowKind) -> &'static str {
        match kind {
            RowKind::New => self.kind_new,
            RowKind::Duplicate => self.kind_duplicate,
            RowKind::Invalid => self.kind_invalid,
        }
    }

    pub fn state(&self, state: BatchState) -> &'static str {
        match state {
            BatchState::Draft => self.state_draft,
            BatchState::Committing => self.state_committing,
            BatchState::Committed => self.state_committed,
            BatchState::Undone => self.state_undone,
        }
    }

    pub fn matched_by(&self, by: MatchedBy) -> &'static str {
        match by {
            MatchedBy::Email => self.matched_email,
            MatchedBy::Phone => self.matched_phone,
            MatchedBy::Ico => self.matched_ico,
            MatchedBy::NameAndCompany => self.matched_name_company,
        }
    }

    pub fn kept(&self, reason: KeptReason) -> &'static str {
        match reason {
            KeptReason::Moved => self.kept_moved,
            KeptReason::Edited => self.kept_edited,
            KeptReason::Activity => self.kept_activity,
            KeptReason::AssignedByHand => self.kept_assigned,
            KeptReason::Qualified => self.kept_qualified,
            KeptReason::Converted => self.kept_converted,
        }
    }

    pub fn refusal(&self, refusal: ImportRefusal) -> String {
        match refusal {
            ImportRefusal::NoFile => self.err_no_file.into(),
            ImportRefusal::Empty => self.err_empty.into(),
            ImportRefusal::WrongType => self.err_wrong_type.into(),
            ImportRefusal::TooLarge { max_mb } => (self.err_too_large)(max_mb),
            ImportRefusal::TooManyRows { max } => (self.err_too_many_rows)(max),
            ImportRefusal::BrokenEncoding => self.err_broken_encoding.into(),
            ImportRefusal::Unreadable => self.err_unreadable.into(),
            ImportRefusal::NoSuchSheet => self.err_no_such_sheet.into(),
            ImportRefusal::NoRecognisableColumn => self.err_no_recognisable_column.into(),
            ImportRefusal::MappingDoesNotFit => self.err_mapping_does_not_fit.into(),
            ImportRefusal::FieldMappedTwice(field) => {
                (self.err_field_mapped_twice)(self.field(field))
            }
            ImportRefusal::NoNameColumn => self.err_no_name_column.into(),
            ImportRefusal::NoContactColumn => self.err_no_contact_column.into(),
            ImportRefusal::OwnerUnavailable => self.err_owner_unavailable.into(),
            ImportRefusal::StatusNotImportable => self.err_status_not_importable.into(),
            ImportRefusal::NotDraft => self.err_not_draft.into(),
            ImportRefusal::NotStarted => self.err_not_started.into(),
            ImportRefusal::NotCommitted => self.err_not_committed.into(),
            ImportRefusal::AlreadyUndone => self.err_already_undone.into(),
        }
    }
}

/// Thousands with a space, as Czech writes them: 50 000.
fn czech_number(n: u32) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push('\u{a0}');
        }
        out.push(c);
    }
    out
}

fn english_number(n: u32) -> String {
    czech_number(n).replace('\u{a0}', ",")
}

pub static CS: ImportTexts = ImportTexts {
    field_first_name: "Jméno",
    field_last_name: "Příjmení",
    field_full_name: "Celé jméno",
    field_email: "E-mail",
    field_phone: "Telefon",
    field_company: "Firma",
    field_ico: "IČO",
    field_source: "Zdroj",
    field_description: "Popis",
    field_region: "Kraj",
    field_product: "Produkt",
    field_owner: "Obchodník (e-mail)",
    field_status: "Stav",
    target_ignore: "Neimportovat",
    target_append: "Přidat do popisu",

    choice_skip: "Přeskočit",
    choice_create: "Přesto vytvořit",
    choice_fill: "Doplnit prázdná pole",

    kind_new: "Nový",
    kind_duplicate: "Duplicita",
    kind_invalid: "Chybný",

    state_draft: "Rozpracovaný",
    state_committing: "Probíhá",
    state_committed: "Dokončený",
    state_undone: "Vrácený",

    matched_email: "stejný e-mail",
    matched_phone: "stejný telefon",
    matched_ico: "stejné IČO",
    matched_name_company: "stejné jméno a firma",
    row_n: |n| format!("řádek {n}"),

    issue_unknown_source: "Neznámý zdroj",
    issue_unknown_owner: "Obchodník s tímto e-mailem neexistuje",
    issue_inactive_owner: "Obchodník je deaktivovaný",
    issue_unknown_status: "Neznámý stav",
    issue_status_not_importable: "Tento stav nelze importovat",
    issue_unknown_region: "Neznámý kraj",
    issue_unknown_product: "Neznámý produkt",

    kept_moved: "změnil se stav",
    kept_edited: "byl upraven",
    kept_activity: "má aktivitu",
    kept_assigned: "byl ručně přiřazen",
    kept_qualified: "má vyplněnou kvalifikaci",
    kept_converted: "byl převeden na klienta",

    err_no_file: "Vyberte soubor.",
    err_empty: "Soubor je prázdný.",
    err_wrong_type: "Tento typ souboru neumíme načíst. Nahrajte .csv nebo .xlsx.",
    err_too_large: |mb| format!("Soubor je větší než {mb} MB."),
    err_too_many_rows: |max| format!("Soubor má víc než {} řádků.", czech_number(max)),
    err_broken_encoding: "Soubor má neznámé kódování. Uložte ho jako CSV v UTF-8 nebo windows-1250.",
    err_unreadable: "Soubor Excelu nejde přečíst (je poškozený nebo zaheslovaný).",
    err_no_such_sheet: "Tento list v sešitu není.",
    err_no_recognisable_column: "Žádný sloupec nepoznáváme. První řádek musí mít názvy sloupců (Jméno, E-mail, Telefon, Firma…).",
    err_mapping_does_not_fit: "Přiřazení sloupců neodpovídá souboru.",
    err_field_mapped_twice: |field| format!("Pole „{field}“ je přiřazeno dvěma sloupcům."),
    err_no_name_column: "Přiřaďte sloupec s příjmením nebo celým jménem.",
    err_no_contact_column: "Přiřaďte sloupec s e-mailem nebo telefonem.",
    err_owner_unavailable: "Vybraný obchodník není aktivní.",
    err_status_not_importable: "Do tohoto stavu nelze importovat.",
    err_not_draft: "Tento import už byl spuštěn.",
    err_not_started: "Import ještě nebyl spuštěn.",
    err_not_committed: "Import ještě není dokončený.",
    err_already_undone: "Tento import už byl vrácen.",
};

pub static EN: ImportTexts = ImportTexts {
    field_first_name: "First name",
    field_last_name: "Last name",
    field_full_name: "Full name",
    field_email: "Email",
    field_phone: "Phone",
    field_company: "Company",
    field_ico: "Company ID (IČO)",
    field_source: "Source",
    field_description: "Description",
    field_region: "Region",
    field_product: "Product",
    field_owner: "Salesperson (email)",
    field_status: "Status",
    target_ignore: "Do not import",
    target_append: "Add to description",

    choice_skip: "Skip",
    choice_create: "Create anyway",
    choice_fill: "Fill empty fields",

    kind_new: "New",
    kind_duplicate: "Duplicate",
    kind_invalid: "Invalid",

    state_draft: "Draft",
    state_committing: "In progress",
    state_committed: "Finished",
    state_undone: "Undone",

    matched_email: "same email",
    matched_phone: "same phone",
    matched_ico: "same company ID",
    matched_name_company: "same name and company",
    row_n: |n| format!("row {n}"),

    issue_unknown_source: "Unknown source",
    issue_unknown_owner: "No salesperson has this email",
    issue_inactive_owner: "The salesperson is deactivated",
    issue_unknown_status: "Unknown status",
    issue_status_not_importable: "This status cannot be imported",
    issue_unknown_region: "Unknown region",
    issue_unknown_product: "Unknown product",

    kept_moved: "its status changed",
    kept_edited: "it was edited",
    kept_activity: "it has an activity",
    kept_assigned: "it was assigned by hand",
    kept_qualified: "its qualification was filled in",
    kept_converted: "it was converted to a client",

    err_no_file: "Choose a file.",
    err_empty: "The file is empty.",
    err_wrong_type: "This kind of file cannot be read. Upload a .csv or .xlsx.",
    err_too_large: |mb| format!("The file is larger than {mb} MB."),
    err_too_many_rows: |max| format!("The file has more than {} rows.", english_number(max)),
    err_broken_encoding: "The file's encoding is unknown. Save it as CSV in UTF-8 or windows-1250.",
    err_unreadable: "The Excel file cannot be read (damaged or password-protected).",
    err_no_such_sheet: "The workbook has no such sheet.",
    err_no_recognisable_column: "No column is recognised. The first row must name the columns (Name, Email, Phone, Company…).",
    err_mapping_does_not_fit: "The column mapping does not fit the file.",
    err_field_mapped_twice: |field| format!("The field “{field}” is mapped to two columns."),
    err_no_name_column: "Map a column with the last name or the full name.",
    err_no_contact_column: "Map a column with the email or the phone.",
    err_owner_unavailable: "The chosen salesperson is not active.",
    err_status_not_importable: "Leads cannot be imported into this status.",
    err_not_draft: "This import has already been started.",
    err_not_started: "The import has not been started.",
    err_not_committed: "The import has not finished yet.",
    err_already_undone: "This import has already been undone.",
};
