//! The import pages' own texts (upload page, batch page, progress, undo) in Czech and English.
//! Part of [`crate::i18n::Texts`] (as `import_pages`), so a missing translation fails to
//! compile. The names of fields, kinds, choices and refusals are the backend's, in
//! [`super::texts`].

use super::model::{BatchCounts, PreviewCounts};

pub struct ImportPageTexts {
    /// The board's link to the upload page.
    pub board_link: &'static str,
    pub title: &'static str,
    pub intro: &'static str,
    pub file_label: &'static str,
    /// Under the file field: what the file must look like (largest size in MB, most rows).
    pub file_hint: fn(u32, u32) -> String,
    pub upload: &'static str,
    pub uploading: &'static str,

    pub earlier: &'static str,
    pub earlier_empty: &'static str,
    pub col_file: &'static str,
    pub col_by: &'static str,
    pub col_state: &'static str,
    pub col_counts: &'static str,
    pub col_actions: &'static str,
    /// The counts of a batch in one line ("vytvořeno 9 · přeskočeno 2 …").
    pub counts_line: fn(&BatchCounts) -> String,
    pub open_draft: &'static str,
    pub open_batch: &'static str,

    pub undo: &'static str,
    /// The confirmation question, with the file's name.
    pub undo_question: fn(&str) -> String,
    pub undo_yes: &'static str,
    pub undoing: &'static str,
    pub undo_removed: fn(u32) -> String,
    pub undo_kept: fn(u32) -> String,
    /// "změnil se stav: 2" — one reason and how many leads it kept.
    pub undo_kept_reason: fn(&str, u32) -> String,
    /// When and by whom an import was undone.
    pub undone_by: fn(&str, &str) -> String,

    pub back_to_imports: &'static str,
    pub batch_title: fn(&str) -> String,
    pub uploaded_by: fn(&str, &str) -> String,
    pub sheet_label: &'static str,
    pub mapping_title: &'static str,
    pub mapping_intro: &'static str,
    pub col_column: &'static str,
    pub col_samples: &'static str,
    pub col_target: &'static str,
    /// The accessible label of a column's select, with the column's header.
    pub map_label: fn(&str) -> String,
    /// A column without a header.
    pub unnamed_column: fn(usize) -> String,
    pub append_unmapped: &'static str,
    pub defaults_title: &'static str,
    pub defaults_intro: &'static str,
    pub owner_label: &'static str,
    pub owner_rules: &'static str,
    pub duplicates_title: &'static str,
    pub duplicates_all: &'static str,
    pub duplicates_hint: &'static str,

    pub preview_title: &'static str,
    pub preview_refreshing: &'static str,
    pub filter_label: &'static str,
    pub filter_all: fn(u32) -> String,
    pub filter_new: fn(u32) -> String,
    pub filter_duplicate: fn(u32) -> String,
    pub filter_invalid: fn(u32) -> String,
    pub table_label: &'static str,
    pub col_row: &'static str,
    pub col_name: &'static str,
    pub col_result: &'static str,
    pub col_choice: &'static str,
    pub row_choice_label: fn(u32) -> String,
    pub match_lead: &'static str,
    pub match_contact: &'static str,
    pub match_account: &'static str,
    pub match_row: &'static str,
    pub no_rows: &'static str,
    /// "Řádky 1–100 z 240".
    pub shown_rows: fn(u32, u32, u32) -> String,
    pub prev_page: &'static str,
    pub next_page: &'static str,
    /// What a commit with the current choices would do.
    pub will_do: fn(&PreviewCounts) -> String,
    /// "Importovat 9 leadů" (and how many existing leads get filled).
    pub commit_button: fn(u32, u32) -> String,
    pub starting: &'static str,
    pub discard: &'static str,
    pub discarded: &'static str,

    pub progress_title: &'static str,
    pub progress_label: &'static str,
    /// "1 500 z 10 000".
    pub progress_text: fn(u32, u32) -> String,
    pub progress_stopped: &'static str,
    pub retry: &'static str,

    pub finished_title: &'static str,
    pub undone_title: &'static str,
    pub sum_rows: &'static str,
    pub sum_created: &'static str,
    pub sum_filled: &'static str,
    pub sum_skipped: &'static str,
    pub sum_invalid: &'static str,
    pub to_board: &'static str,
}

/// Thousands with a no-break space, as Czech writes them: 10 000.
pub fn czech_number(n: u32) -> String {
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

/// Thousands with a comma: 10,000.
pub fn english_number(n: u32) -> String {
    czech_number(n).replace('\u{a0}', ",")
}

/// "lead", "leady", "leadů": Czech counts 1, 2–4 and the rest apart.
fn czech_leads(n: u32) -> &'static str {
    match n {
        1 => "lead",
        2..=4 => "leady",
        _ => "leadů",
    }
}

fn english_leads(n: u32) -> &'static str {
    if n == 1 { "lead" } else { "leads" }
}

pub static CS: ImportPageTexts = ImportPageTexts {
    board_link: "Import",
    title: "Import leadů",
    intro: "Nahrajte seznam leadů jako .csv nebo .xlsx, třeba kontakty z veletrhu. Než se cokoli zapíše, uvidíte náhled každého řádku.",
    file_label: "Soubor (.csv nebo .xlsx)",
    file_hint: |mb, rows| {
        format!(
            "První řádek s názvy sloupců. Nejvýš {mb} MB a {} řádků.",
            czech_number(rows)
        )
    },
    upload: "Nahrát a zobrazit náhled",
    uploading: "Nahrává se…",

    earlier: "Dřívější importy",
    earlier_empty: "Zatím tu žádný import není.",
    col_file: "Soubor",
    col_by: "Nahrál(a)",
    col_state: "Stav",
    col_counts: "Výsledek",
    col_actions: "Akce",
    counts_line: |c| {
        format!(
            "řádků {} · vytvořeno {} · doplněno {} · přeskočeno {} · chybných {}",
            czech_number(c.rows),
            czech_number(c.created),
            czech_number(c.filled),
            czech_number(c.skipped),
            czech_number(c.invalid)
        )
    },
    open_draft: "Pokračovat",
    open_batch: "Otevřít",

    undo: "Vrátit import",
    undo_question: |file| {
        format!(
            "Vrátit import souboru „{file}“? Odstraní se jeho leady, na které od importu nikdo nesáhl. Ostatní zůstanou."
        )
    },
    undo_yes: "Ano, vrátit",
    undoing: "Vrací se…",
    undo_removed: |n| format!("Odstraněno leadů: {}.", czech_number(n)),
    undo_kept: |n| format!("Ponecháno leadů: {}.", czech_number(n)),
    undo_kept_reason: |reason, n| format!("{reason}: {}", czech_number(n)),
    undone_by: |who, when| format!("Vrátil(a) {who}, {when}"),

    back_to_imports: "← Importy",
    batch_title: |file| format!("Import: {file}"),
    uploaded_by: |who, when| format!("Nahrál(a) {who}, {when}"),
    sheet_label: "List sešitu",
    mapping_title: "Sloupce souboru",
    mapping_intro: "U každého sloupce vyberte, co v leadu vyplní. Rozpoznané sloupce jsou předvyplněné.",
    col_column: "Sloupec",
    col_samples: "Ukázka hodnot",
    col_target: "Importovat jako",
    map_label: |header| format!("Sloupec „{header}“ importovat jako"),
    unnamed_column: |n| format!("Sloupec {n}"),
    append_unmapped: "Nepřiřazené sloupce přidat do popisu",
    defaults_title: "Výchozí hodnoty",
    defaults_intro: "Dostanou je řádky, které vlastní hodnotu nemají.",
    owner_label: "Obchodník",
    owner_rules: "Podle pravidel přiřazení",
    duplicates_title: "Duplicity",
    duplicates_all: "Co se všemi duplicitami",
    duplicates_hint: "U jednotlivých řádků v náhledu můžete zvolit jinak.",

    preview_title: "Náhled",
    preview_refreshing: "Náhled se obnovuje…",
    filter_label: "Zobrazit řádky",
    filter_all: |n| format!("Vše ({})", czech_number(n)),
    filter_new: |n| format!("Nové ({})", czech_number(n)),
    filter_duplicate: |n| format!("Duplicity ({})", czech_number(n)),
    filter_invalid: |n| format!("Chybné ({})", czech_number(n)),
    table_label: "Náhled řádků souboru",
    col_row: "Řádek",
    col_name: "Jméno",
    col_result: "Výsledek",
    col_choice: "Co s duplicitou",
    row_choice_label: |row| format!("Řádek {row}: co s duplicitou"),
    match_lead: "Lead",
    match_contact: "Kontakt",
    match_account: "Organizace",
    match_row: "Dříve v souboru",
    no_rows: "Žádné řádky.",
    shown_rows: |from, to, total| {
        format!(
            "Řádky {}–{} z {}",
            czech_number(from),
            czech_number(to),
            czech_number(total)
        )
    },
    prev_page: "Předchozí",
    next_page: "Další",
    will_do: |c| {
        format!(
            "Vytvoří se {} · doplní se {} · přeskočí se {} · chybných se neimportuje {}",
            czech_number(c.to_create),
            czech_number(c.to_fill),
            czech_number(c.to_skip),
            czech_number(c.invalid)
        )
    },
    commit_button: |create, fill| {
        let mut text = format!(
            "Importovat {} {}",
            czech_number(create),
            czech_leads(create)
        );
        if fill > 0 {
            text.push_str(&format!(" a doplnit {}", czech_number(fill)));
        }
        text
    },
    starting: "Spouští se…",
    discard: "Zahodit import",
    discarded: "Import byl zahozen.",

    progress_title: "Importuje se…",
    progress_label: "Průběh importu",
    progress_text: |done, total| format!("{} z {}", czech_number(done), czech_number(total)),
    progress_stopped: "Import se zastavil. Nic se neztratilo; pokračuje tam, kde skončil.",
    retry: "Pokračovat",

    finished_title: "Import je dokončený",
    undone_title: "Import byl vrácen",
    sum_rows: "Řádků v souboru",
    sum_created: "Vytvořeno leadů",
    sum_filled: "Doplněno leadů",
    sum_skipped: "Přeskočeno duplicit",
    sum_invalid: "Chybných řádků",
    to_board: "Zobrazit na tabuli",
};

pub static EN: ImportPageTexts = ImportPageTexts {
    board_link: "Import",
    title: "Import leads",
    intro: "Upload a list of leads as .csv or .xlsx, such as the contacts from a trade fair. You see a preview of every row before anything is written.",
    file_label: "File (.csv or .xlsx)",
    file_hint: |mb, rows| {
        format!(
            "The first row names the columns. At most {mb} MB and {} rows.",
            english_number(rows)
        )
    },
    upload: "Upload and preview",
    uploading: "Uploading…",

    earlier: "Earlier imports",
    earlier_empty: "No imports yet.",
    col_file: "File",
    col_by: "Uploaded by",
    col_state: "State",
    col_counts: "Result",
    col_actions: "Actions",
    counts_line: |c| {
        format!(
            "{} rows · {} created · {} filled · {} skipped · {} invalid",
            english_number(c.rows),
            english_number(c.created),
            english_number(c.filled),
            english_number(c.skipped),
            english_number(c.invalid)
        )
    },
    open_draft: "Continue",
    open_batch: "Open",

    undo: "Undo import",
    undo_question: |file| {
        format!(
            "Undo the import of “{file}”? Its leads that nobody has touched since the import are removed. The others stay."
        )
    },
    undo_yes: "Yes, undo",
    undoing: "Undoing…",
    undo_removed: |n| format!("Removed {} {}.", english_number(n), english_leads(n)),
    undo_kept: |n| format!("Kept {} {}.", english_number(n), english_leads(n)),
    undo_kept_reason: |reason, n| format!("{reason}: {}", english_number(n)),
    undone_by: |who, when| format!("Undone by {who}, {when}"),

    back_to_imports: "← Imports",
    batch_title: |file| format!("Import: {file}"),
    uploaded_by: |who, when| format!("Uploaded by {who}, {when}"),
    sheet_label: "Sheet",
    mapping_title: "Columns of the file",
    mapping_intro: "For each column choose what it fills in the lead. Recognised columns are filled in already.",
    col_column: "Column",
    col_samples: "Sample values",
    col_target: "Import as",
    map_label: |header| format!("Import column “{header}” as"),
    unnamed_column: |n| format!("Column {n}"),
    append_unmapped: "Add unmapped columns to the description",
    defaults_title: "Defaults",
    defaults_intro: "Rows without a value of their own get these.",
    owner_label: "Salesperson",
    owner_rules: "By the assignment rules",
    duplicates_title: "Duplicates",
    duplicates_all: "What to do with all duplicates",
    duplicates_hint: "You can choose differently for single rows in the preview.",

    preview_title: "Preview",
    preview_refreshing: "Refreshing the preview…",
    filter_label: "Show rows",
    filter_all: |n| format!("All ({})", english_number(n)),
    filter_new: |n| format!("New ({})", english_number(n)),
    filter_duplicate: |n| format!("Duplicates ({})", english_number(n)),
    filter_invalid: |n| format!("Invalid ({})", english_number(n)),
    table_label: "Preview of the file's rows",
    col_row: "Row",
    col_name: "Name",
    col_result: "Result",
    col_choice: "Duplicate",
    row_choice_label: |row| format!("Row {row}: what to do with the duplicate"),
    match_lead: "Lead",
    match_contact: "Contact",
    match_account: "Organisation",
    match_row: "Earlier in the file",
    no_rows: "No rows.",
    shown_rows: |from, to, total| {
        format!(
            "Rows {}–{} of {}",
            english_number(from),
            english_number(to),
            english_number(total)
        )
    },
    prev_page: "Previous",
    next_page: "Next",
    will_do: |c| {
        format!(
            "To create {} · to fill {} · to skip {} · invalid, not imported {}",
            english_number(c.to_create),
            english_number(c.to_fill),
            english_number(c.to_skip),
            english_number(c.invalid)
        )
    },
    commit_button: |create, fill| {
        let mut text = format!(
            "Import {} {}",
            english_number(create),
            english_leads(create)
        );
        if fill > 0 {
            text.push_str(&format!(" and fill {}", english_number(fill)));
        }
        text
    },
    starting: "Starting…",
    discard: "Discard import",
    discarded: "The import was discarded.",

    progress_title: "Importing…",
    progress_label: "Import progress",
    progress_text: |done, total| format!("{} of {}", english_number(done), english_number(total)),
    progress_stopped: "The import stopped. Nothing is lost; it continues where it ended.",
    retry: "Continue",

    finished_title: "The import is finished",
    undone_title: "The import was undone",
    sum_rows: "Rows in the file",
    sum_created: "Leads created",
    sum_filled: "Leads filled",
    sum_skipped: "Duplicates skipped",
    sum_invalid: "Invalid rows",
    to_board: "Show on the board",
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_group_thousands() {
        assert_eq!(czech_number(7), "7");
        assert_eq!(czech_number(1_500), "1\u{a0}500");
        assert_eq!(czech_number(10_000), "10\u{a0}000");
        assert_eq!(english_number(1_234_567), "1,234,567");
    }

    #[test]
    fn czech_counts_leads_in_three_forms() {
        assert_eq!((CS.commit_button)(1, 0), "Importovat 1 lead");
        assert_eq!((CS.commit_button)(3, 0), "Importovat 3 leady");
        assert_eq!((CS.commit_button)(12, 2), "Importovat 12 leadů a doplnit 2");
        assert_eq!((EN.commit_button)(1, 0), "Import 1 lead");
        assert_eq!(
            (CS.progress_text)(1_500, 10_000),
            "1\u{a0}500 z 10\u{a0}000"
        );
    }
}
