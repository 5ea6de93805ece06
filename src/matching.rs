//! The one normalisation of names, companies, emails and phone numbers for comparing and
//! searching (server only). Search, the import's duplicate check and the conversion's
//! look-alikes all use these functions, so what one finds the others find too.
//!
//! Folding: Unicode NFD with the combining marks dropped (č → c, Š → s), lower case, and every
//! character that is not a letter or digit turned into a space. "ŠKODA AUTO a.s.", "škoda auto
//! a s" and "Skoda-Auto" all fold to words of one alphabet, which SQLite's `lower()` and
//! `LIKE` (ASCII only) cannot do.

use unicode_normalization::UnicodeNormalization;

use crate::shared::contact::normalize_phone;

/// Lower case, no diacritics, punctuation as single spaces, trimmed.
pub fn fold(text: &str) -> String {
    let folded: String = text
        .nfd()
        .filter(|c| !unicode_normalization::char::is_combining_mark(*c))
        .flat_map(char::to_lowercase)
        .map(|c| if c.is_alphanumeric() { c } else { ' ' })
        .collect();
    folded.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// "příjmení jméno", lower case, diacritics removed: the sort key of a person's name.
pub fn name_key(first: &str, last: &str) -> String {
    fold(&format!("{last} {first}"))
}

/// Legal forms left out of a company's key: "ACME s.r.o." and "Acme, spol. s r.o." are one
/// company. Written as the fold writes them (lower case, punctuation as spaces).
const LEGAL_FORMS: [&str; 14] = [
    "spol s r o",
    "s r o",
    "sro",
    "a s",
    "as",
    "v o s",
    "k s",
    "z s",
    "o p s",
    "s e",
    "se",
    "z u",
    "gmbh",
    "ltd",
];

/// A company's name for comparing: folded, without its legal form.
pub fn company_key(name: &str) -> String {
    let key = fold(name);
    for form in LEGAL_FORMS {
        if let Some(rest) = key.strip_suffix(form)
            && (rest.is_empty() || rest.ends_with(' '))
            && !rest.trim().is_empty()
        {
            return rest.trim_end().to_string();
        }
    }
    key
}

/// An email address for comparing: trimmed, lower case; None when empty.
pub fn email_key(email: &str) -> Option<String> {
    let key = email.trim().to_lowercase();
    (!key.is_empty()).then_some(key)
}

/// A phone number for comparing: E.164, however it was written; None when it is not a number.
pub fn phone_key(phone: &str) -> Option<String> {
    normalize_phone(phone)
}

/// The words of a phone number in a search key: its E.164 digits and, for a Czech number, the
/// nine national digits, so "602123456", "602 123 456" and "+420 602 123 456" all find it.
fn phone_words(e164: &str) -> String {
    let digits = e164.trim_start_matches('+');
    match digits.strip_prefix("420") {
        Some(national) if national.len() == 9 => format!("{digits} {national}"),
        _ => digits.to_string(),
    }
}

/// The parts of a record that search looks at. Empty parts are left out.
#[derive(Clone, Copy, Debug, Default)]
pub struct KeyParts<'a> {
    pub first_name: &'a str,
    pub last_name: &'a str,
    /// A company or organisation name.
    pub company: &'a str,
    pub email: Option<&'a str>,
    /// E.164 as stored.
    pub phone: Option<&'a str>,
    pub ico: Option<&'a str>,
    /// Anything else worth finding by (an organisation's city).
    pub extra: &'a str,
}

/// The stored search key of a record: every part folded, phone numbers as digits, separated
/// by " | " so a search word never spans two parts.
pub fn search_key(parts: KeyParts<'_>) -> String {
    let mut words = Vec::with_capacity(6);
    let name = name_key(parts.first_name, parts.last_name);
    for part in [name, fold(parts.company), fold(parts.extra)] {
        if !part.is_empty() {
            words.push(part);
        }
    }
    if let Some(email) = parts.email.and_then(email_key) {
        words.push(fold(&email));
    }
    if let Some(phone) = parts.phone.filter(|p| !p.is_empty()) {
        words.push(phone_words(phone));
    }
    if let Some(ico) = parts.ico.filter(|i| !i.is_empty()) {
        words.push(ico.to_string());
    }
    words.join(" | ")
}

/// What a search for `q` looks for: each returned piece must occur in the key (all of them).
/// A query that is a phone number (or only digits and separators) becomes its digits; anything
/// else its folded words. Empty when there is nothing to look for.
pub fn query_terms(q: &str) -> Vec<String> {
    let q = q.trim();
    if q.is_empty() {
        return Vec::new();
    }
    if let Some(e164) = normalize_phone(q) {
        return vec![e164.trim_start_matches('+').to_string()];
    }
    let numeric = q
        .chars()
        .all(|c| c.is_ascii_digit() || " +-/().\u{a0}".contains(c));
    if numeric {
        let digits: String = q.chars().filter(char::is_ascii_digit).collect();
        return if digits.is_empty() {
            Vec::new()
        } else {
            vec![digits]
        };
    }
    fold(q).split_whitespace().map(str::to_string).collect()
}

/// A LIKE pattern for "contains `term`". Terms come from [`query_terms`]: letters, digits and
/// spaces only, so nothing needs escaping.
pub fn contains_pattern(term: &str) -> String {
    format!("%{term}%")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fold_drops_case_diacritics_and_punctuation() {
        assert_eq!(fold("ŠKODA AUTO a.s."), "skoda auto a s");
        assert_eq!(fold("  Příliš  žluťoučký kůň "), "prilis zlutoucky kun");
        assert_eq!(fold("jan.novak@firma.cz"), "jan novak firma cz");
        assert_eq!(fold(""), "");
    }

    #[test]
    fn name_key_is_surname_first() {
        assert_eq!(name_key("Jiří", "Šťastný"), "stastny jiri");
        assert_eq!(name_key("", "Dvořák"), "dvorak");
    }

    #[test]
    fn company_key_leaves_out_the_legal_form() {
        assert_eq!(company_key("Strojírny Brno, s.r.o."), "strojirny brno");
        assert_eq!(company_key("STROJÍRNY BRNO spol. s r.o."), "strojirny brno");
        assert_eq!(company_key("Strojírny Brno a.s."), "strojirny brno");
        assert_eq!(company_key("Pegas"), "pegas");
        assert_eq!(company_key("AS"), "as");
        assert_eq!(company_key("  "), "");
    }

    #[test]
    fn every_way_of_writing_finds_the_same_record() {
        let key = search_key(KeyParts {
            first_name: "Jan",
            last_name: "Novák",
            company: "ŠKODA AUTO a.s.",
            email: Some("Jan.Novak@skoda.cz"),
            phone: Some("+420602123456"),
            ico: Some("00177041"),
            extra: "",
        });
        for q in [
            "skoda",
            "škoda",
            "ŠKODA",
            "novák škoda",
            "602123456",
            "602 123 456",
            "+420 602 123 456",
            "123 456",
            "00177041",
            "jan.novak@skoda",
        ] {
            let terms = query_terms(q);
            assert!(!terms.is_empty(), "{q}");
            assert!(
                terms.iter().all(|t| key.contains(t.as_str())),
                "{q} in {key}"
            );
        }
        assert!(
            !query_terms("dvořák")
                .iter()
                .all(|t| key.contains(t.as_str()))
        );
        assert!(query_terms("  ").is_empty());
        assert!(query_terms("%_").is_empty());
    }
}
