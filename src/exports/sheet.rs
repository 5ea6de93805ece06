//! One table (headers and rows of text) written as CSV for Czech Excel or as .xlsx (server
//! only). Every cell is text: nothing a user typed can become a formula in either file.
//!
//! CSV injection: a spreadsheet treats a cell that starts with `=`, `+`, `-` or `@` (and, in
//! some programs, a tab or carriage return) as a formula, so a lead named
//! `=HYPERLINK("http://…")` would run when the export is opened. In CSV such a cell gets a
//! leading `'` (the spreadsheet's own "this is text" mark). In .xlsx every value is written as
//! a string cell, which a spreadsheet never evaluates, so the value stays exactly as typed.

use std::borrow::Cow;

/// A table to export: a sheet name (for .xlsx), the header row, then the rows.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Sheet {
    pub name: String,
    pub headers: Vec<&'static str>,
    pub rows: Vec<Vec<String>>,
}

/// The UTF-8 byte order mark: without it Excel reads a CSV file in the system's code page.
pub const BOM: &[u8] = b"\xEF\xBB\xBF";

/// What a spreadsheet may take for the start of a formula.
fn starts_like_a_formula(cell: &str) -> bool {
    if cell.starts_with(['\t', '\r']) {
        return true;
    }
    // Leading spaces do not stop every spreadsheet from reading a formula.
    cell.trim_start_matches(' ')
        .starts_with(['=', '+', '-', '@'])
}

/// The cell as CSV must carry it: with a leading `'` when it would start a formula.
pub fn neutralise(cell: &str) -> Cow<'_, str> {
    if starts_like_a_formula(cell) {
        Cow::Owned(format!("'{cell}"))
    } else {
        Cow::Borrowed(cell)
    }
}

/// The sheet as a CSV file for Czech Excel: BOM, `;` between cells, CRLF, quotes only where
/// a cell needs them, formula-like cells neutralised.
pub fn to_csv(sheet: &Sheet) -> Result<Vec<u8>, csv::Error> {
    let mut out = Vec::with_capacity(64 + sheet.rows.len() * 160);
    out.extend_from_slice(BOM);
    let mut writer = csv::WriterBuilder::new()
        .delimiter(b';')
        .terminator(csv::Terminator::CRLF)
        .from_writer(out);
    write_row(&mut writer, sheet.headers.iter().copied())?;
    for row in &sheet.rows {
        write_row(&mut writer, row.iter().map(String::as_str))?;
    }
    writer
        .into_inner()
        .map_err(|e| csv::Error::from(e.into_error()))
}

fn write_row<'a>(
    writer: &mut csv::Writer<Vec<u8>>,
    cells: impl Iterator<Item = &'a str>,
) -> Result<(), csv::Error> {
    for cell in cells {
        writer.write_field(neutralise(cell).as_bytes())?;
    }
    // An empty record ends the one the fields were written into.
    writer.write_record(None::<&[u8]>)
}

/// The widest a column is fitted to, in pixels (a long description would fill the screen).
const MAX_COLUMN_PIXELS: u32 = 320;

/// The sheet as an Excel workbook: the header row bold, frozen and filterable; every value a
/// string cell.
pub fn to_xlsx(sheet: &Sheet) -> Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
    use rust_xlsxwriter::{Format, Workbook};
    let mut workbook = Workbook::new();
    let worksheet = workbook.add_worksheet();
    worksheet.set_name(sheet.name.as_str())?;
    let bold = Format::new().set_bold();
    for (col, header) in sheet.headers.iter().enumerate() {
        worksheet.write_string_with_format(0, col_num(col)?, *header, &bold)?;
    }
    for (index, row) in sheet.rows.iter().enumerate() {
        let row_num = u32::try_from(index + 1).map_err(|_| too_big())?;
        for (col, cell) in row.iter().enumerate() {
            if !cell.is_empty() {
                worksheet.write_string(row_num, col_num(col)?, cell.as_str())?;
            }
        }
    }
    if !sheet.headers.is_empty() {
        let last_row = u32::try_from(sheet.rows.len()).map_err(|_| too_big())?;
        let last_col = col_num(sheet.headers.len() - 1)?;
        worksheet.set_freeze_panes(1, 0)?;
        worksheet.autofilter(0, 0, last_row, last_col)?;
    }
    worksheet.set_autofit_max_width(MAX_COLUMN_PIXELS);
    worksheet.autofit();
    workbook.save_to_buffer()
}

fn col_num(col: usize) -> Result<u16, rust_xlsxwriter::XlsxError> {
    u16::try_from(col).map_err(|_| too_big())
}

fn too_big() -> rust_xlsxwriter::XlsxError {
    rust_xlsxwriter::XlsxError::RowColumnLimitError
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sheet(rows: &[&[&str]]) -> Sheet {
        Sheet {
            name: "Leady".into(),
            headers: vec!["Jméno", "Firma"],
            rows: rows
                .iter()
                .map(|r| r.iter().map(|c| c.to_string()).collect())
                .collect(),
        }
    }

    #[test]
    fn formula_like_cells_get_a_quote() {
        for cell in [
            "=1+1",
            "+420 602 123 456",
            "-5",
            "@SUM(A1)",
            "\t=1",
            "\r=1",
            "  =HYPERLINK(\"http://x\")",
        ] {
            assert_eq!(neutralise(cell), format!("'{cell}"), "{cell:?}");
        }
        for cell in [
            "Škoda",
            "",
            "a=b",
            "602 123 456",
            "30.11.2026 14:05",
            "'quoted",
        ] {
            assert_eq!(neutralise(cell), cell, "{cell:?}");
        }
    }

    #[test]
    fn csv_is_what_czech_excel_opens() {
        let bytes = to_csv(&sheet(&[
            &["Jan Novák", "ŠKODA AUTO a.s."],
            &["=HYPERLINK(\"http://x\")", "a;b \"c\"\nd"],
        ]))
        .unwrap();
        assert!(bytes.starts_with(BOM));
        let text = String::from_utf8(bytes[BOM.len()..].to_vec()).unwrap();
        assert_eq!(
            text,
            "Jméno;Firma\r\n\
             Jan Novák;ŠKODA AUTO a.s.\r\n\
             \"'=HYPERLINK(\"\"http://x\"\")\";\"a;b \"\"c\"\"\nd\"\r\n"
        );
    }

    #[test]
    fn an_empty_list_is_its_header() {
        let bytes = to_csv(&sheet(&[])).unwrap();
        assert_eq!(&bytes[BOM.len()..], "Jméno;Firma\r\n".as_bytes());
        let xlsx = to_xlsx(&sheet(&[])).unwrap();
        assert!(xlsx.starts_with(b"PK"), "a zip file");
    }
}
