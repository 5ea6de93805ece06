//! Whole Czech crowns as people type and read them.

use crate::shared::field::FieldProblem;

/// Ten billion crowns: larger is a typo.
pub const BUDGET_MAX: i64 = 10_000_000_000;

/// A budget in whole crowns as a Czech user types it: spaces (also non-breaking) between
/// thousands, an optional "Kč" or ",-", no decimals that are not zero.
pub fn parse_czk(raw: &str) -> Result<Option<i64>, FieldProblem> {
    let mut s: String = raw
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '\u{a0}' && *c != '.')
        .collect();
    if s.is_empty() {
        return Ok(None);
    }
    for suffix in ["Kč", "kč", "CZK", "czk", ",-", ",00"] {
        if let Some(rest) = s.strip_suffix(suffix) {
            s = rest.to_string();
        }
    }
    if let Some(rest) = s.strip_suffix(",-") {
        s = rest.to_string();
    }
    if s.is_empty() || !s.chars().all(|c| c.is_ascii_digit()) {
        return Err(FieldProblem::InvalidAmount);
    }
    match s.parse::<i64>() {
        Ok(n) if n <= BUDGET_MAX => Ok(Some(n)),
        _ => Err(FieldProblem::InvalidAmount),
    }
}

/// "1 500 000 Kč": thousands apart with a non-breaking space, as Czech readers expect.
pub fn format_czk(amount: i64) -> String {
    let digits = amount.unsigned_abs().to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push('\u{a0}');
        }
        out.push(c);
    }
    let sign = if amount < 0 { "-" } else { "" };
    format!("{sign}{out}\u{a0}Kč")
}
