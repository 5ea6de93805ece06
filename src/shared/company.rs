//! A Czech company's identifiers and address as the registry (ARES) writes them.

use crate::shared::field::FieldProblem;

/// An IČO as the registry writes it: eight digits whose last is the mod-11 check digit of the
/// first seven (older, shorter numbers are padded with zeros). Spaces are ignored; empty is
/// None.
pub fn normalize_ico(raw: &str) -> Result<Option<String>, FieldProblem> {
    let digits: String = raw.chars().filter(|c| !c.is_whitespace()).collect();
    if digits.is_empty() {
        return Ok(None);
    }
    if digits.len() > 8 || !digits.chars().all(|c| c.is_ascii_digit()) {
        return Err(FieldProblem::InvalidIco);
    }
    let ico = format!("{digits:0>8}");
    let values: Vec<u32> = ico.chars().filter_map(|c| c.to_digit(10)).collect();
    let sum: u32 = values[..7]
        .iter()
        .zip((2..=8).rev())
        .map(|(d, w)| d * w)
        .sum();
    let check = match sum % 11 {
        0 => 1,
        1 => 0,
        r => 11 - r,
    };
    if values[7] == check {
        Ok(Some(ico))
    } else {
        Err(FieldProblem::InvalidIco)
    }
}

/// A Czech DIČ: "CZ" and 8–10 digits, written without spaces in upper case.
pub fn normalize_dic(raw: &str) -> Result<String, FieldProblem> {
    let dic: String = raw
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .to_uppercase();
    if dic.is_empty() {
        return Ok(dic);
    }
    match dic.strip_prefix("CZ") {
        Some(digits)
            if (8..=10).contains(&digits.len()) && digits.chars().all(|c| c.is_ascii_digit()) =>
        {
            Ok(dic)
        }
        _ => Err(FieldProblem::InvalidDic),
    }
}

/// A Czech postal code (PSČ) as it is written: "602 00".
pub fn normalize_postal_code(raw: &str) -> Result<String, FieldProblem> {
    let digits: String = raw.chars().filter(|c| !c.is_whitespace()).collect();
    if digits.is_empty() {
        return Ok(digits);
    }
    if digits.len() == 5 && digits.chars().all(|c| c.is_ascii_digit()) {
        Ok(format!("{} {}", &digits[..3], &digits[3..]))
    } else {
        Err(FieldProblem::InvalidPostalCode)
    }
}
