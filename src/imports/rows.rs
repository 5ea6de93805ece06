//! One row of a file as a lead (server only): the mapped cells become a [`LeadInput`] and go
//! through the lead's own validation (`LeadInput::validate`, the same rules as the form), plus
//! what only a file can get wrong: a source, region, product, owner or status that does not
//! exist. Every problem is reported at the cell it comes from. Cells are text exactly as
//! typed (trimmed); nothing is evaluated.

use std::collections::HashMap;

use super::mapping::split_full_name;
use super::model::{
    CellIssue, CellProblem, ColumnTarget, IMPORT_STATUSES, ImportField, ImportSettings, RowValues,
};
use crate::error::Field;
use crate::i18n::Locale;
use crate::leads::model::{LeadInput, LeadSource, LeadStatus, ValidLead, normalize_phone};
use crate::matching::fold;
use crate::shared::region::Region;

/// A person a row's "Obchodník" cell can name.
#[derive(Clone, Debug)]
pub struct Person {
    pub id: i32,
    pub email: String,
    pub active: bool,
}

/// The names a row's cells are looked up by, folded: Czech and English names and codes of
/// sources, statuses and regions; product names; people's emails.
pub struct Lookups {
    sources: HashMap<String, LeadSource>,
    statuses: HashMap<String, LeadStatus>,
    regions: HashMap<String, Region>,
    products: HashMap<String, i32>,
    people: HashMap<String, (i32, bool)>,
}

impl Lookups {
    /// `products`: the active ones (id, name).
    pub fn new(products: Vec<(i32, String)>, people: Vec<Person>) -> Self {
        let locales = [Locale::Cs.texts(), Locale::En.texts()];
        let mut sources = HashMap::new();
        for source in LeadSource::ALL {
            sources.insert(fold(source.code()), source);
            for texts in locales {
                sources.insert(fold(texts.source(source)), source);
            }
        }
        let mut statuses = HashMap::new();
        for status in LeadStatus::ALL {
            statuses.insert(fold(status.code()), status);
            for texts in locales {
                statuses.insert(fold(texts.status(status)), status);
            }
        }
        let mut regions = HashMap::new();
        for region in Region::ALL {
            regions.insert(fold(region.code()), region);
            for texts in locales {
                let name = fold(texts.region(region));
                // "Jihomoravský kraj" is also just "Jihomoravský"; "Kraj Vysočina", "Vysočina".
                let short = name
                    .strip_suffix(" kraj")
                    .or_else(|| name.strip_prefix("kraj "))
                    .or_else(|| name.strip_suffix(" region"))
                    .map(str::to_string);
                regions.insert(name, region);
                if let Some(short) = short {
                    regions.insert(short, region);
                }
            }
        }
        regions.insert("praha".into(), Region::Praha);
        Lookups {
            sources,
            statuses,
            regions,
            products: products
                .into_iter()
                .map(|(id, name)| (fold(&name), id))
                .collect(),
            people: people
                .into_iter()
                .map(|p| (p.email.trim().to_lowercase(), (p.id, p.active)))
                .collect(),
        }
    }
}

/// A row read as a lead.
#[derive(Clone, Debug)]
pub struct Interpreted {
    pub values: RowValues,
    /// The lead, or every problem of the row.
    pub lead: Result<ValidLead, Vec<CellProblem>>,
    /// The row's own owner ("Obchodník"); None: the batch's choice.
    pub owner: Option<i32>,
    /// The row's own status ("Stav"); None: the batch's.
    pub status: Option<LeadStatus>,
}

/// Reads one row's `cells` (as wide as `headers`) with the `settings`' mapping and defaults.
pub fn interpret(
    cells: &[String],
    headers: &[String],
    settings: &ImportSettings,
    lookups: &Lookups,
) -> Interpreted {
    let column = |field| settings.column_of(field);
    let cell = |field| -> &str {
        column(field)
            .and_then(|i| cells.get(i))
            .map_or("", |c| c.as_str())
    };
    let mut problems = Vec::new();
    let mut problem = |field: ImportField, issue: CellIssue| {
        problems.push(CellProblem {
            column: column(field).map(|c| c as u32),
            field,
            issue,
        });
    };

    let mut first_name = cell(ImportField::FirstName).to_string();
    let mut last_name = cell(ImportField::LastName).to_string();
    let whole_name = cell(ImportField::FullName);
    let name_from_whole = last_name.is_empty() && !whole_name.is_empty();
    if name_from_whole {
        let (first, last) = split_full_name(whole_name);
        if first_name.is_empty() {
            first_name = first;
        }
        last_name = last;
    }

    let source = match cell(ImportField::Source) {
        "" => settings.defaults.source,
        text => lookups
            .sources
            .get(&fold(text))
            .copied()
            .unwrap_or_else(|| {
                problem(ImportField::Source, CellIssue::UnknownSource);
                settings.defaults.source
            }),
    };
    let region = match cell(ImportField::Region) {
        "" => String::new(),
        text => match lookups.regions.get(&fold(text)) {
            Some(region) => region.code().to_string(),
            None => {
                problem(ImportField::Region, CellIssue::UnknownRegion);
                String::new()
            }
        },
    };
    let product = match cell(ImportField::Product) {
        "" => String::new(),
        text => match lookups.products.get(&fold(text)) {
            Some(id) => id.to_string(),
            None => {
                problem(ImportField::Product, CellIssue::UnknownProduct);
                String::new()
            }
        },
    };
    let owner = match cell(ImportField::Owner) {
        "" => None,
        text => match lookups.people.get(&text.to_lowercase()) {
            Some((id, true)) => Some(*id),
            Some((_, false)) => {
                problem(ImportField::Owner, CellIssue::InactiveOwner);
                None
            }
            None => {
                problem(ImportField::Owner, CellIssue::UnknownOwner);
                None
            }
        },
    };
    let status = match cell(ImportField::Status) {
        "" => None,
        text => match lookups.statuses.get(&fold(text)) {
            Some(status) if IMPORT_STATUSES.contains(status) => Some(*status),
            Some(_) => {
                problem(ImportField::Status, CellIssue::StatusNotImportable);
                None
            }
            None => {
                problem(ImportField::Status, CellIssue::UnknownStatus);
                None
            }
        },
    };

    let input = LeadInput {
        first_name,
        last_name,
        email: cell(ImportField::Email).to_string(),
        phone: cell(ImportField::Phone).to_string(),
        company: cell(ImportField::Company).to_string(),
        source: source.code().to_string(),
        description: description(cells, headers, settings),
        region,
        product,
        ico: cell(ImportField::Ico).to_string(),
        ..LeadInput::default()
    };
    let values = RowValues {
        first_name: input.first_name.clone(),
        last_name: input.last_name.clone(),
        email: input.email.clone(),
        phone: normalize_phone(&input.phone).unwrap_or_else(|| input.phone.clone()),
        company: input.company.clone(),
        ico: input.ico.clone(),
    };
    let validated = input.validate();
    if let Err(errors) = &validated {
        for error in errors {
            let field = match error.field {
                Field::FirstName | Field::LastName if name_from_whole => ImportField::FullName,
                Field::FirstName => ImportField::FirstName,
                Field::LastName if column(ImportField::LastName).is_none() => ImportField::FullName,
                Field::LastName => ImportField::LastName,
                Field::Email => ImportField::Email,
                Field::Phone => ImportField::Phone,
                Field::Company => ImportField::Company,
                Field::Ico => ImportField::Ico,
                Field::Region => ImportField::Region,
                Field::Product => ImportField::Product,
                Field::Source => ImportField::Source,
                _ => ImportField::Description,
            };
            problem(field, CellIssue::Lead(error.problem));
        }
    }
    let lead = match validated {
        Ok(valid) if problems.is_empty() => Ok(valid),
        _ => Err(problems),
    };
    Interpreted {
        values,
        lead,
        owner,
        status,
    }
}

/// The description: the mapped column's text, then "Header: value" for every column to
/// append that has a value.
fn description(cells: &[String], headers: &[String], settings: &ImportSettings) -> String {
    let mut parts: Vec<String> = Vec::new();
    for (i, target) in settings.columns.iter().enumerate() {
        let value = cells.get(i).map_or("", |c| c.as_str());
        if value.is_empty() {
            continue;
        }
        match target {
            ColumnTarget::Field(ImportField::Description) => parts.insert(0, value.to_string()),
            ColumnTarget::AppendToDescription => {
                let header = headers.get(i).map_or("", |h| h.as_str());
                parts.push(if header.is_empty() {
                    value.to_string()
                } else {
                    format!("{header}: {value}")
                });
            }
            _ => {}
        }
    }
    parts.join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::FieldProblem;
    use crate::imports::model::BatchDefaults;

    fn settings(columns: &[ColumnTarget]) -> ImportSettings {
        ImportSettings {
            columns: columns.to_vec(),
            defaults: BatchDefaults {
                source: LeadSource::TradeFair,
                ..Default::default()
            },
            ..Default::default()
        }
    }

    fn lookups() -> Lookups {
        Lookups::new(
            vec![(3, "Tepelná čerpadla".into())],
            vec![
                Person {
                    id: 7,
                    email: "eva@firma.cz".into(),
                    active: true,
                },
                Person {
                    id: 8,
                    email: "old@firma.cz".into(),
                    active: false,
                },
            ],
        )
    }

    fn strings(cells: &[&str]) -> Vec<String> {
        cells.iter().map(|c| c.to_string()).collect()
    }

    #[test]
    fn a_good_row_with_a_whole_name_and_looked_up_cells() {
        use ColumnTarget::*;
        use ImportField::*;
        let columns = [
            Field(FullName),
            Field(Phone),
            Field(Source),
            Field(Region),
            Field(Product),
            Field(Owner),
            Field(Status),
            AppendToDescription,
            Field(Company),
        ];
        let headers = strings(&[
            "Celé jméno",
            "Telefon",
            "Zdroj",
            "Kraj",
            "Produkt",
            "Obchodník",
            "Stav",
            "Velikost",
            "Firma",
        ]);
        let cells = strings(&[
            "Jan Novák",
            "777 123 456",
            "Doporučení",
            "Jihomoravský",
            "tepelna cerpadla",
            "EVA@firma.cz",
            "V jednání",
            "XL",
            "=1+1",
        ]);
        let row = interpret(&cells, &headers, &settings(&columns), &lookups());
        let lead = row.lead.unwrap();
        assert_eq!(
            (lead.first_name.as_str(), lead.last_name.as_str()),
            ("Jan", "Novák")
        );
        assert_eq!(lead.phone.as_deref(), Some("+420777123456"));
        assert_eq!(lead.source, LeadSource::Referral);
        assert_eq!(
            lead.region,
            Some(crate::shared::region::Region::Jihomoravsky)
        );
        assert_eq!(lead.product_id, Some(3));
        assert_eq!(lead.description, "Velikost: XL");
        assert_eq!(lead.company, "=1+1", "a formula stays text");
        assert_eq!(row.owner, Some(7));
        assert_eq!(row.status, Some(LeadStatus::InProcess));
    }

    #[test]
    fn every_problem_at_its_cell() {
        use ColumnTarget::*;
        use ImportField::*;
        let columns = [
            Field(LastName),
            Field(Email),
            Field(Ico),
            Field(Source),
            Field(Owner),
            Field(Status),
        ];
        let headers = strings(&["Příjmení", "E-mail", "IČO", "Zdroj", "Obchodník", "Stav"]);
        let cells = strings(&[
            "Nováková",
            "jana@",
            "12345678",
            "Rádio",
            "nikdo@firma.cz",
            "Převedený",
        ]);
        let row = interpret(&cells, &headers, &settings(&columns), &lookups());
        let mut problems = row.lead.unwrap_err();
        problems.sort_by_key(|p| p.column);
        let found: Vec<(Option<u32>, CellIssue)> =
            problems.iter().map(|p| (p.column, p.issue)).collect();
        assert_eq!(
            found,
            [
                (Some(1), CellIssue::Lead(FieldProblem::InvalidEmail)),
                (Some(2), CellIssue::Lead(FieldProblem::InvalidIco)),
                (Some(3), CellIssue::UnknownSource),
                (Some(4), CellIssue::UnknownOwner),
                (Some(5), CellIssue::StatusNotImportable),
            ]
        );
        let cells = strings(&["Nováková", "", "", "", "old@firma.cz", "Hotovo"]);
        let problems = interpret(&cells, &headers, &settings(&columns), &lookups())
            .lead
            .unwrap_err();
        let issues: Vec<CellIssue> = problems.iter().map(|p| p.issue).collect();
        assert!(issues.contains(&CellIssue::InactiveOwner));
        assert!(issues.contains(&CellIssue::UnknownStatus));
        assert!(issues.contains(&CellIssue::Lead(FieldProblem::EmailOrPhoneRequired)));
    }

    #[test]
    fn the_batch_source_applies_to_empty_cells() {
        use ColumnTarget::*;
        use ImportField::*;
        let columns = [
            Field(LastName),
            Field(Email),
            Field(Source),
            Field(Description),
        ];
        let headers = strings(&["Příjmení", "E-mail", "Zdroj", "Popis"]);
        let cells = strings(&["Novák", "jan@novak.cz", "", "Chce nabídku"]);
        let lead = interpret(&cells, &headers, &settings(&columns), &lookups())
            .lead
            .unwrap();
        assert_eq!(lead.source, LeadSource::TradeFair);
        assert_eq!(lead.email.as_deref(), Some("jan@novak.cz"));
        assert_eq!(lead.description, "Chce nabídku");
    }
}
