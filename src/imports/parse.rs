//! Reading an uploaded file into a table of text cells (server only): CSV through the `csv`
//! crate after finding its encoding (`encoding_rs`) and separator, .xlsx through `calamine`.
//! Every cell comes out as the text it shows, trimmed: a formula's cached value, a number
//! without a trailing `.0`, a date as `2025-10-13`. Nothing is ever evaluated.

use std::io::Cursor;

use calamine::{Data, Reader, Xlsx};
use encoding_rs::{UTF_16BE, UTF_16LE, WINDOWS_1250};

use super::model::{ImportRefusal, MAX_FILE_BYTES, MAX_ROWS};

/// A file read into rows of text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Table {
    /// The workbook's sheets (empty for CSV).
    pub sheets: Vec<String>,
    /// The sheet read (None for CSV).
    pub sheet: Option<String>,
    /// The first non-empty row, as many cells as the widest row.
    pub headers: Vec<String>,
    /// The data rows that have any text, each as wide as `headers`.
    pub rows: Vec<Row>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Row {
    /// The row's number in the sheet (header = 1).
    pub number: u32,
    pub cells: Vec<String>,
}

/// Reads `bytes` (named `file_name`) as CSV or .xlsx; `sheet` picks an .xlsx sheet (None or
/// empty: the first). Refuses what the import cannot take, with the reason.
pub fn read(bytes: &[u8], file_name: &str, sheet: Option<&str>) -> Result<Table, ImportRefusal> {
    if bytes.len() > MAX_FILE_BYTES {
        return Err(ImportRefusal::TooLarge {
            max_mb: (MAX_FILE_BYTES / (1024 * 1024)) as u32,
        });
    }
    if bytes.is_empty() {
        return Err(ImportRefusal::Empty);
    }
    let sheet = sheet.map(str::trim).filter(|s| !s.is_empty());
    match kind_of(bytes, file_name) {
        Kind::Xlsx => read_xlsx(bytes, sheet),
        Kind::Csv => read_csv(&decode(bytes)?),
        Kind::Other => Err(ImportRefusal::WrongType),
    }
}

enum Kind {
    Csv,
    Xlsx,
    Other,
}

/// By content first (a zip is a workbook, an old binary .xls or other binary is not
/// ours), then by the name's extension.
fn kind_of(bytes: &[u8], file_name: &str) -> Kind {
    const ZIP: &[u8] = b"PK\x03\x04";
    const OLE: &[u8] = b"\xD0\xCF\x11\xE0";
    let extension = file_name
        .rsplit_once('.')
        .map(|(_, ext)| ext.trim().to_ascii_lowercase())
        .unwrap_or_default();
    if bytes.starts_with(OLE) {
        return Kind::Other;
    }
    match extension.as_str() {
        "xlsx" | "xlsm" => Kind::Xlsx,
        "csv" | "txt" | "tsv" | "" if !bytes.starts_with(ZIP) => Kind::Csv,
        "" => Kind::Xlsx,
        _ => Kind::Other,
    }
}

/// The text of a CSV: UTF-8 (with or without BOM), UTF-16 with a BOM (Excel's "Unicode
/// text"), or else windows-1250 (what Czech Excel writes). Text with characters a sheet
/// never has (NUL, other control characters) or bytes windows-1250 does not define is
/// refused as a broken encoding rather than imported as garbage.
pub fn decode(bytes: &[u8]) -> Result<String, ImportRefusal> {
    let text = if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        std::str::from_utf8(rest)
            .map_err(|_| ImportRefusal::BrokenEncoding)?
            .to_string()
    } else if bytes.starts_with(b"\xFF\xFE") || bytes.starts_with(b"\xFE\xFF") {
        let encoding = if bytes.starts_with(b"\xFF\xFE") {
            UTF_16LE
        } else {
            UTF_16BE
        };
        let (text, had_errors) = encoding.decode_with_bom_removal(bytes);
        if had_errors {
            return Err(ImportRefusal::BrokenEncoding);
        }
        text.into_owned()
    } else if let Ok(text) = std::str::from_utf8(bytes) {
        text.to_string()
    } else {
        let (text, had_errors) = WINDOWS_1250.decode_without_bom_handling(bytes);
        if had_errors {
            return Err(ImportRefusal::BrokenEncoding);
        }
        text.into_owned()
    };
    if text.chars().any(is_foreign_control) {
        return Err(ImportRefusal::BrokenEncoding);
    }
    Ok(text)
}

/// Control characters other than tab and line breaks (C0, DEL, C1): binary, or a wrong guess.
fn is_foreign_control(c: char) -> bool {
    c.is_control() && !matches!(c, '\t' | '\n' | '\r')
}

/// The separator of a CSV, from its header line: the most frequent of `;`, tab and `,`
/// outside quotes (a tie goes in that order: `;` is what Czech Excel writes). An Excel
/// `sep=X` first line names it outright (and is not a row).
pub fn detect_separator(text: &str) -> (u8, bool) {
    let first = text.lines().next().unwrap_or("");
    if let Some(sep) = first.trim().strip_prefix("sep=")
        && let [byte] = sep.as_bytes()
    {
        return (*byte, true);
    }
    let mut counts = [0usize; 3];
    let mut quoted = false;
    for c in first.chars() {
        match c {
            '"' => quoted = !quoted,
            ';' if !quoted => counts[0] += 1,
            '\t' if !quoted => counts[1] += 1,
            ',' if !quoted => counts[2] += 1,
            _ => {}
        }
    }
    let candidates = [b';', b'\t', b','];
    let best = (0..3).fold(0, |best, i| if counts[i] > counts[best] { i } else { best });
    let sep = if counts[best] == 0 {
        b';'
    } else {
        candidates[best]
    };
    (sep, false)
}

fn read_csv(text: &str) -> Result<Table, ImportRefusal> {
    let (separator, sep_line) = detect_separator(text);
    let body = if sep_line {
        text.split_once('\n').map(|(_, rest)| rest).unwrap_or("")
    } else {
        text
    };
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(separator)
        .has_headers(false)
        .flexible(true)
        .from_reader(body.as_bytes());
    let mut raw = Vec::new();
    // A row's number as Excel shows the file: its line, less the line breaks inside quoted
    // cells before it (Excel shows such a cell in one row); blank lines count.
    let mut breaks_in_cells = 0u64;
    for record in reader.records() {
        let record = record.map_err(|_| ImportRefusal::BrokenEncoding)?;
        let (line, byte) = record
            .position()
            .map(|p| (p.line(), p.byte() as usize))
            .unwrap_or((1, 0));
        // The position of a record after blank lines is where the blank lines start.
        let blank_lines = body.as_bytes()[byte.min(body.len())..]
            .iter()
            .take_while(|b| matches!(b, b'\r' | b'\n'))
            .filter(|b| **b == b'\n')
            .count() as u64;
        let number = line + blank_lines - breaks_in_cells + u64::from(sep_line);
        breaks_in_cells += record
            .iter()
            .map(|cell| cell.matches('\n').count() as u64)
            .sum::<u64>();
        let cells: Vec<String> = record.iter().map(clean).collect();
        raw.push((u32::try_from(number).unwrap_or(u32::MAX), cells));
        if raw.len() > MAX_ROWS + 1 {
            break;
        }
    }
    into_table(raw, Vec::new(), None)
}

fn read_xlsx(bytes: &[u8], sheet: Option<&str>) -> Result<Table, ImportRefusal> {
    let mut workbook: Xlsx<_> = calamine::open_workbook_from_rs(Cursor::new(bytes))
        .map_err(|_| ImportRefusal::Unreadable)?;
    let sheets = workbook.sheet_names();
    let name = match sheet {
        Some(name) => sheets
            .iter()
            .find(|s| s.as_str() == name)
            .cloned()
            .ok_or(ImportRefusal::NoSuchSheet)?,
        None => sheets.first().cloned().ok_or(ImportRefusal::Empty)?,
    };
    let range = workbook
        .worksheet_range(&name)
        .map_err(|_| ImportRefusal::Unreadable)?;
    let first_row = range.start().map(|(row, _)| row).unwrap_or(0);
    let first_col = range.start().map(|(_, col)| col).unwrap_or(0) as usize;
    let mut raw = Vec::new();
    for (index, cells) in range.rows().enumerate() {
        // Columns left of the used range are empty: keep the sheet's column positions.
        let mut row = vec![String::new(); first_col];
        row.extend(cells.iter().map(cell_text));
        if row.iter().any(|c| !c.is_empty()) {
            raw.push((first_row + index as u32 + 1, row));
        }
        if raw.len() > MAX_ROWS + 1 {
            break;
        }
    }
    into_table(raw, sheets, Some(name))
}

/// A cell as the sheet shows it.
fn cell_text(cell: &Data) -> String {
    match cell {
        Data::Empty | Data::Error(_) => String::new(),
        Data::String(text) | Data::DateTimeIso(text) | Data::DurationIso(text) => clean(text),
        Data::Int(n) => n.to_string(),
        Data::Float(f) => number_text(*f),
        Data::Bool(b) => if *b { "TRUE" } else { "FALSE" }.to_string(),
        Data::DateTime(date) if date.is_datetime() => {
            let (y, m, d, hh, mm, ss, _) = date.to_ymd_hms_milli();
            if (hh, mm, ss) == (0, 0, 0) {
                format!("{y:04}-{m:02}-{d:02}")
            } else {
                format!("{y:04}-{m:02}-{d:02} {hh:02}:{mm:02}")
            }
        }
        Data::DateTime(duration) => number_text(duration.as_f64()),
    }
}

/// A number as Excel shows it in a General cell: whole numbers without `.0` (a phone number
/// or IČO typed as a number stays its digits).
fn number_text(f: f64) -> String {
    if f.is_finite() && f.fract() == 0.0 && f.abs() < 1e15 {
        format!("{}", f as i64)
    } else {
        format!("{f}")
    }
}

/// Trimmed, without NUL (PostgreSQL cannot store it; a sheet never means it).
fn clean(text: &str) -> String {
    text.trim().replace('\0', "")
}

/// Header and data rows from the non-empty rows, all as wide as the widest.
fn into_table(
    raw: Vec<(u32, Vec<String>)>,
    sheets: Vec<String>,
    sheet: Option<String>,
) -> Result<Table, ImportRefusal> {
    let mut rows = raw
        .into_iter()
        .filter(|(_, cells)| cells.iter().any(|c| !c.is_empty()));
    let Some((_, headers)) = rows.next() else {
        return Err(ImportRefusal::Empty);
    };
    let rows: Vec<(u32, Vec<String>)> = rows.collect();
    if rows.is_empty() {
        return Err(ImportRefusal::Empty);
    }
    if rows.len() > MAX_ROWS {
        return Err(ImportRefusal::TooManyRows {
            max: MAX_ROWS as u32,
        });
    }
    let width = rows
        .iter()
        .map(|(_, cells)| cells.len())
        .chain([headers.len()])
        .max()
        .unwrap_or(0);
    let pad = |mut cells: Vec<String>| {
        cells.resize(width, String::new());
        cells
    };
    Ok(Table {
        sheets,
        sheet,
        headers: pad(headers),
        rows: rows
            .into_iter()
            .map(|(number, cells)| Row {
                number,
                cells: pad(cells),
            })
            .collect(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn separators_are_detected_from_the_header() {
        assert_eq!(
            detect_separator("Jméno;Příjmení;E-mail\n1;2;3"),
            (b';', false)
        );
        assert_eq!(detect_separator("Name,Email,Phone\n"), (b',', false));
        assert_eq!(detect_separator("Name\tEmail\tPhone"), (b'\t', false));
        // A comma inside a quoted header does not count.
        assert_eq!(
            detect_separator("\"Firma, s.r.o.\";Jméno;Telefon"),
            (b';', false)
        );
        assert_eq!(detect_separator("sep=,\nJméno;x,y"), (b',', true));
        assert_eq!(detect_separator("Jméno"), (b';', false));
    }

    #[test]
    fn encodings() {
        let czech = "Jméno;Příjmení\nŽaneta;Šťastná\n";
        assert_eq!(decode(czech.as_bytes()).unwrap(), czech);
        let with_bom = [b"\xEF\xBB\xBF".as_slice(), czech.as_bytes()].concat();
        assert_eq!(decode(&with_bom).unwrap(), czech);
        let (cp1250, _, unmappable) = WINDOWS_1250.encode(czech);
        assert!(!unmappable);
        assert!(std::str::from_utf8(&cp1250).is_err());
        assert_eq!(decode(&cp1250).unwrap(), czech);
        let utf16: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain(czech.encode_utf16().flat_map(u16::to_le_bytes))
            .collect();
        assert_eq!(decode(&utf16).unwrap(), czech);
        assert_eq!(
            decode(b"a;b\n\x00\x01\x02"),
            Err(ImportRefusal::BrokenEncoding)
        );
        // 0x81 is not defined in windows-1250.
        assert_eq!(decode(b"a;b\n\x81\x83"), Err(ImportRefusal::BrokenEncoding));
        // A UTF-8 BOM followed by something else than UTF-8.
        assert_eq!(
            decode(b"\xEF\xBB\xBFa\xE9"),
            Err(ImportRefusal::BrokenEncoding)
        );
    }

    #[test]
    fn csv_rows_keep_their_sheet_numbers_and_text() {
        let table = read(
            "Jméno;Poznámka\n\nJan;=1+1\n;\nEva;\"a;b\nc\"\n".as_bytes(),
            "k.csv",
            None,
        )
        .unwrap();
        assert_eq!(table.headers, ["Jméno", "Poznámka"]);
        let rows: Vec<(u32, Vec<&str>)> = table
            .rows
            .iter()
            .map(|r| (r.number, r.cells.iter().map(String::as_str).collect()))
            .collect();
        // Blank line 2 and the empty row 4 are not rows, but count as Excel counts them.
        assert_eq!(rows, [(3, vec!["Jan", "=1+1"]), (5, vec!["Eva", "a;b\nc"])]);
        let table = read(b"Email\n\"a\nb\";x\nc@d.cz\n", "k.csv", None).unwrap();
        assert_eq!(table.rows[1].number, 3);
    }

    #[test]
    fn bad_files() {
        assert_eq!(read(b"", "a.csv", None), Err(ImportRefusal::Empty));
        assert_eq!(
            read(b"Jmeno;Email\n", "a.csv", None),
            Err(ImportRefusal::Empty)
        );
        assert_eq!(
            read(b"\x89PNG\r\n", "a.png", None),
            Err(ImportRefusal::WrongType)
        );
        assert_eq!(
            read(b"\xD0\xCF\x11\xE0\xA1\xB1", "a.xls", None),
            Err(ImportRefusal::WrongType)
        );
        assert_eq!(
            read(b"PK\x03\x04garbage", "a.xlsx", None),
            Err(ImportRefusal::Unreadable)
        );
        let mut many = String::from("Email\n");
        for i in 0..=MAX_ROWS {
            many.push_str(&format!("a{i}@b.cz\n"));
        }
        assert_eq!(
            read(many.as_bytes(), "a.csv", None),
            Err(ImportRefusal::TooManyRows {
                max: MAX_ROWS as u32
            })
        );
    }

    #[test]
    fn numbers_show_as_in_excel() {
        assert_eq!(number_text(777123456.0), "777123456");
        assert_eq!(number_text(0.5), "0.5");
        assert_eq!(number_text(-3.0), "-3");
    }

    #[test]
    fn xlsx_sheets() {
        let mut book = rust_xlsxwriter::Workbook::new();
        let first = book.add_worksheet().set_name("Kontakty").unwrap();
        first.write(0, 0, "Jméno").unwrap();
        first.write(0, 1, "Telefon").unwrap();
        first.write(1, 0, "Jan").unwrap();
        first.write(1, 1, 777123456).unwrap();
        let second = book.add_worksheet().set_name("Veletrh").unwrap();
        second.write(2, 1, "E-mail").unwrap();
        second.write(3, 1, "=1+1").unwrap();
        let bytes = book.save_to_buffer().unwrap();

        let table = read(&bytes, "k.xlsx", None).unwrap();
        assert_eq!(table.sheets, ["Kontakty", "Veletrh"]);
        assert_eq!(table.sheet.as_deref(), Some("Kontakty"));
        assert_eq!(table.rows[0].cells, ["Jan", "777123456"]);
        let table = read(&bytes, "k.xlsx", Some("Veletrh")).unwrap();
        assert_eq!(table.headers, ["", "E-mail"]);
        assert_eq!(table.rows[0].number, 4);
        assert_eq!(table.rows[0].cells, ["", "=1+1"]);
        assert_eq!(
            read(&bytes, "k.xlsx", Some("Nic")),
            Err(ImportRefusal::NoSuchSheet)
        );
    }
}
