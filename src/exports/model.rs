//! What can be exported and the addresses of the downloads, shared by the links (browser) and
//! the handler (server): `/export/{list}.{csv|xlsx}?…` with the same query parameters the
//! list's own page has, so an export holds what the screen shows.

/// The lists that export.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExportList {
    /// The board with its filter (`owner`, `score`, `closed`): every matching lead, not only
    /// the cards loaded so far.
    Leads,
    /// The lead search (`q`).
    Search,
    /// Klienti: organisations (`q`).
    Accounts,
    /// Klienti: contacts (`q`).
    Contacts,
    /// Klienti: the deals of the deal board.
    Deals,
}

impl ExportList {
    pub const ALL: [ExportList; 5] = [
        ExportList::Leads,
        ExportList::Search,
        ExportList::Accounts,
        ExportList::Contacts,
        ExportList::Deals,
    ];

    pub fn code(self) -> &'static str {
        match self {
            ExportList::Leads => "leads",
            ExportList::Search => "search",
            ExportList::Accounts => "accounts",
            ExportList::Contacts => "contacts",
            ExportList::Deals => "deals",
        }
    }
}

/// The file kinds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExportFormat {
    /// UTF-8 with a BOM, `;` between cells, CRLF: what Czech Excel opens without a wizard.
    Csv,
    Xlsx,
}

impl ExportFormat {
    pub fn extension(self) -> &'static str {
        match self {
            ExportFormat::Csv => "csv",
            ExportFormat::Xlsx => "xlsx",
        }
    }

    pub fn content_type(self) -> &'static str {
        match self {
            ExportFormat::Csv => "text/csv; charset=utf-8",
            ExportFormat::Xlsx => {
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            }
        }
    }
}

/// The list and format a download's file name asks for ("leads.csv"), if it is one.
pub fn parse_file(name: &str) -> Option<(ExportList, ExportFormat)> {
    let (list, extension) = name.rsplit_once('.')?;
    let list = ExportList::ALL.into_iter().find(|l| l.code() == list)?;
    let format = [ExportFormat::Csv, ExportFormat::Xlsx]
        .into_iter()
        .find(|f| f.extension() == extension)?;
    Some((list, format))
}

/// The download's address: "/export/leads.csv?owner=mine&score=A". Empty values are left out.
pub fn export_href(list: ExportList, format: ExportFormat, params: &[(&str, String)]) -> String {
    let query: Vec<String> = params
        .iter()
        .filter(|(_, value)| !value.trim().is_empty())
        .map(|(name, value)| format!("{name}={}", encode(value)))
        .collect();
    let path = format!("/export/{}.{}", list.code(), format.extension());
    if query.is_empty() {
        path
    } else {
        format!("{path}?{}", query.join("&"))
    }
}

/// Percent-encoding of a query value (UTF-8 bytes; letters, digits and `-._~` stay).
fn encode(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for byte in value.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                out.push(byte as char)
            }
            _ => out.push_str(&format!("%{byte:02X}")),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names_round_trip() {
        for list in ExportList::ALL {
            for format in [ExportFormat::Csv, ExportFormat::Xlsx] {
                let href = export_href(list, format, &[]);
                let file = href.trim_start_matches("/export/");
                assert_eq!(parse_file(file), Some((list, format)), "{href}");
            }
        }
        assert_eq!(parse_file("leads.pdf"), None);
        assert_eq!(parse_file("people.csv"), None);
        assert_eq!(parse_file("leads"), None);
        assert_eq!(parse_file("leads.csv.xlsx"), None);
    }

    #[test]
    fn the_address_carries_the_filter_encoded() {
        assert_eq!(
            export_href(
                ExportList::Leads,
                ExportFormat::Csv,
                &[
                    ("owner", "mine".into()),
                    ("score", "A".into()),
                    ("closed", String::new())
                ]
            ),
            "/export/leads.csv?owner=mine&score=A"
        );
        assert_eq!(
            export_href(
                ExportList::Search,
                ExportFormat::Xlsx,
                &[("q", "Škoda & syn 50%".into())]
            ),
            "/export/search.xlsx?q=%C5%A0koda%20%26%20syn%2050%25"
        );
        assert_eq!(
            export_href(
                ExportList::Accounts,
                ExportFormat::Csv,
                &[("q", "  ".into())]
            ),
            "/export/accounts.csv"
        );
    }
}
