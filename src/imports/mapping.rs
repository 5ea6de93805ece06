//! Recognising the columns of a file by their headers, in Czech and English (server only).
//! Headers are compared folded (`crate::matching::fold`: no case, no diacritics, punctuation
//! as spaces) and without spaces, so "E-mail", "email", "Tel." and "TELEFON" are all found.

use super::model::{ColumnTarget, ImportField};
use crate::matching::fold;

/// The headers each field is known by, folded and without spaces.
const KNOWN: &[(ImportField, &[&str])] = &[
    (
        ImportField::FirstName,
        &["krestnijmeno", "firstname", "givenname", "forename"],
    ),
    (
        ImportField::LastName,
        &["prijmeni", "lastname", "surname", "familyname"],
    ),
    (
        ImportField::FullName,
        &[
            "celejmeno",
            "jmenoaprijmeni",
            "jmenoprijmeni",
            "name",
            "fullname",
            "kontakt",
            "kontaktniosoba",
            "contact",
            "contactname",
            "contactperson",
            "osoba",
        ],
    ),
    (
        ImportField::Email,
        &[
            "email",
            "mail",
            "emailovaadresa",
            "emailadresa",
            "emailaddress",
        ],
    ),
    (
        ImportField::Phone,
        &[
            "telefon",
            "tel",
            "telefonnicislo",
            "telcislo",
            "mobil",
            "mobilnitelefon",
            "mobile",
            "phone",
            "phonenumber",
            "telephone",
        ],
    ),
    (
        ImportField::Company,
        &[
            "firma",
            "spolecnost",
            "company",
            "companyname",
            "organizace",
            "organization",
            "organisation",
            "nazevfirmy",
            "zakaznik",
        ],
    ),
    (
        ImportField::Ico,
        &["ico", "ic", "icofirmy", "companyid", "registrationnumber"],
    ),
    (ImportField::Source, &["zdroj", "source", "leadsource"]),
    (
        ImportField::Description,
        &[
            "popis",
            "poznamka",
            "poznamky",
            "description",
            "note",
            "notes",
            "komentar",
            "comment",
        ],
    ),
    (ImportField::Region, &["kraj", "region"]),
    (
        ImportField::Product,
        &["produkt", "product", "zajemo", "interest"],
    ),
    (
        ImportField::Owner,
        &[
            "obchodnik",
            "owner",
            "salesperson",
            "salesrep",
            "vlastnik",
            "prirazeno",
            "assignedto",
        ],
    ),
    (ImportField::Status, &["stav", "status"]),
];

/// "Jméno" is a first name next to "Příjmení", and a whole name alone.
const FIRST_OR_WHOLE_NAME: &[&str] = &["jmeno"];

fn key(header: &str) -> String {
    fold(header).replace(' ', "")
}

/// The field a header names, if any.
pub fn recognise(header: &str) -> Option<ImportField> {
    let key = key(header);
    KNOWN
        .iter()
        .find(|(_, names)| names.contains(&key.as_str()))
        .map(|(field, _)| *field)
}

/// The suggested target of every column: the field its header names (the first column of a
/// field wins; a later one is left out), everything else not imported.
pub fn suggest(headers: &[String]) -> Vec<ColumnTarget> {
    let mut targets: Vec<ColumnTarget> = headers
        .iter()
        .map(|h| recognise(h).map_or(ColumnTarget::Ignore, ColumnTarget::Field))
        .collect();
    let has = |targets: &[ColumnTarget], field| targets.contains(&ColumnTarget::Field(field));
    // "Jméno": the first name when the file has a last name, else the whole name.
    for (i, header) in headers.iter().enumerate() {
        if targets[i] == ColumnTarget::Ignore && FIRST_OR_WHOLE_NAME.contains(&key(header).as_str())
        {
            let field = if has(&targets, ImportField::LastName) {
                ImportField::FirstName
            } else {
                ImportField::FullName
            };
            if !has(&targets, field) {
                targets[i] = ColumnTarget::Field(field);
            }
        }
    }
    // One column per field: the first.
    let mut seen = Vec::new();
    for target in &mut targets {
        if let ColumnTarget::Field(field) = *target {
            if seen.contains(&field) {
                *target = ColumnTarget::Ignore;
            } else {
                seen.push(field);
            }
        }
    }
    // A whole name next to first and last names would fill them twice.
    if has(&targets, ImportField::LastName)
        && let Some(i) = targets
            .iter()
            .position(|t| *t == ColumnTarget::Field(ImportField::FullName))
    {
        targets[i] = ColumnTarget::Ignore;
    }
    targets
}

/// Splits a whole name: the last word is the last name, the rest the first name
/// ("Jan Novák" → Jan / Novák; "Novák" → "" / Novák). "Novák, Jan" is last name first.
pub fn split_full_name(full: &str) -> (String, String) {
    let full = full.trim();
    if let Some((last, first)) = full.split_once(',') {
        return (first.trim().to_string(), last.trim().to_string());
    }
    match full.rsplit_once(char::is_whitespace) {
        Some((first, last)) => (first.trim().to_string(), last.trim().to_string()),
        None => (String::new(), full.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn suggested(headers: &[&str]) -> Vec<ColumnTarget> {
        suggest(&headers.iter().map(|h| h.to_string()).collect::<Vec<_>>())
    }

    #[test]
    fn czech_and_english_headers() {
        use ImportField::*;
        for (header, field) in [
            ("Příjmení", LastName),
            ("E-mail", Email),
            ("email", Email),
            ("E-MAIL ", Email),
            ("Telefon", Phone),
            ("Tel.", Phone),
            ("Mobil", Phone),
            ("Phone", Phone),
            ("Firma", Company),
            ("Společnost", Company),
            ("Company", Company),
            ("IČO", Ico),
            ("IČ", Ico),
            ("Celé jméno", FullName),
            ("Name", FullName),
            ("Full name", FullName),
            ("Zdroj", Source),
            ("Popis", Description),
            ("Poznámka", Description),
            ("Kraj", Region),
            ("Produkt", Product),
            ("Obchodník", Owner),
            ("Stav", Status),
            ("First name", FirstName),
            ("Last name", LastName),
        ] {
            assert_eq!(recognise(header), Some(field), "{header}");
        }
        assert_eq!(recognise("Datum narození"), None);
        assert_eq!(recognise(""), None);
    }

    #[test]
    fn jmeno_is_a_first_name_next_to_a_last_name_and_a_whole_name_alone() {
        use ColumnTarget::*;
        use ImportField::*;
        assert_eq!(
            suggested(&["Jméno", "Příjmení", "Telefon"]),
            [Field(FirstName), Field(LastName), Field(Phone)]
        );
        assert_eq!(
            suggested(&["Jméno", "E-mail", "Velikost trička"]),
            [Field(FullName), Field(Email), Ignore]
        );
    }

    #[test]
    fn one_column_per_field() {
        use ColumnTarget::*;
        use ImportField::*;
        assert_eq!(
            suggested(&["E-mail", "Telefon", "Mobil", "Email"]),
            [Field(Email), Field(Phone), Ignore, Ignore]
        );
        assert_eq!(
            suggested(&["Celé jméno", "Příjmení"]),
            [Ignore, Field(LastName)]
        );
    }

    #[test]
    fn full_names_split_at_the_last_word() {
        let split = |s| split_full_name(s);
        assert_eq!(split("Jan Novák"), ("Jan".into(), "Novák".into()));
        assert_eq!(
            split(" Marie Anna  Svobodová "),
            ("Marie Anna".into(), "Svobodová".into())
        );
        assert_eq!(split("Novák"), ("".into(), "Novák".into()));
        assert_eq!(split("Novák, Jan"), ("Jan".into(), "Novák".into()));
        assert_eq!(split(""), ("".into(), "".into()));
    }
}
