//! The client side: organisations (Organizace), their people (Kontakty) and deals
//! (Příležitosti). Plain types shared by the server and the browser, and their input rules.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use crate::activities::model::ActivityView;
use crate::error::{Field, FieldError, FieldProblem};
use crate::leads::model::{
    LeadSource, MAX_COMPANY, MAX_EMAIL, MAX_NAME, PersonRef, StatusChange, full_name,
    is_valid_email, normalize_phone,
};
use crate::qualification::model::parse_czk;
pub use crate::shared::company::{normalize_dic, normalize_ico, normalize_postal_code};

/// The stages of a deal, in board order. Vyhráno and Prohráno close it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sea_orm::EnumIter, sea_orm::DeriveActiveEnum))]
#[cfg_attr(
    feature = "ssr",
    sea_orm(
        rs_type = "String",
        db_type = "String(sea_orm::sea_query::StringLen::N(16))"
    )
)]
pub enum Stage {
    #[default]
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "new"))]
    New,
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "proposal"))]
    Proposal,
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "negotiation"))]
    Negotiation,
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "won"))]
    Won,
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "lost"))]
    Lost,
}

impl Stage {
    pub const ALL: [Stage; 5] = [
        Stage::New,
        Stage::Proposal,
        Stage::Negotiation,
        Stage::Won,
        Stage::Lost,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Stage::New => "new",
            Stage::Proposal => "proposal",
            Stage::Negotiation => "negotiation",
            Stage::Won => "won",
            Stage::Lost => "lost",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Stage::ALL.into_iter().find(|s| s.code() == code)
    }

    pub fn is_open(self) -> bool {
        !matches!(self, Stage::Won | Stage::Lost)
    }
}

/// A web address: a host with a dot and no spaces; "https://" is added when no scheme is given.
pub fn normalize_web(raw: &str) -> Result<String, FieldProblem> {
    let web = raw.trim();
    if web.is_empty() {
        return Ok(String::new());
    }
    let with_scheme = if web.starts_with("http://") || web.starts_with("https://") {
        web.to_string()
    } else {
        format!("https://{web}")
    };
    let host = with_scheme
        .split("://")
        .nth(1)
        .unwrap_or("")
        .split('/')
        .next()
        .unwrap_or("");
    let valid = host.contains('.')
        && !host.starts_with('.')
        && !host.ends_with('.')
        && !with_scheme.chars().any(char::is_whitespace)
        && with_scheme.len() <= 200;
    if valid {
        Ok(with_scheme)
    } else {
        Err(FieldProblem::InvalidWeb)
    }
}

/// The form fields of an organisation, as typed.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccountInput {
    pub name: String,
    pub ico: String,
    pub dic: String,
    pub street: String,
    pub city: String,
    pub postal_code: String,
    pub web: String,
    pub phone: String,
}

/// Why a record looks like the one being created.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum MatchReason {
    Ico,
    Name,
    Email,
    Phone,
}

/// An organisation that passed validation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ValidAccount {
    pub name: String,
    pub ico: Option<String>,
    pub dic: String,
    pub street: String,
    pub city: String,
    pub postal_code: String,
    pub web: String,
    pub phone: Option<String>,
}

/// Collects every problem of a form, so each shows next to its field.
#[derive(Default)]
struct Problems(Vec<FieldError>);

impl Problems {
    fn add(&mut self, field: Field, problem: FieldProblem) {
        self.0.push(FieldError::new(field, problem));
    }

    /// Trimmed text, required or not, at most `max` characters.
    fn text(&mut self, field: Field, raw: &str, max: usize, required: bool) -> String {
        let value = raw.trim().to_string();
        if required && value.is_empty() {
            self.add(field, FieldProblem::Required);
        } else if value.chars().count() > max {
            self.add(field, FieldProblem::TooLong { max });
        }
        value
    }

    fn check<T: Default>(&mut self, field: Field, result: Result<T, FieldProblem>) -> T {
        result.unwrap_or_else(|problem| {
            self.add(field, problem);
            T::default()
        })
    }

    fn phone(&mut self, field: Field, raw: &str) -> Option<String> {
        if raw.trim().is_empty() {
            return None;
        }
        let phone = normalize_phone(raw);
        if phone.is_none() {
            self.add(field, FieldProblem::InvalidPhone);
        }
        phone
    }

    fn email(&mut self, field: Field, raw: &str) -> Option<String> {
        let email = raw.trim().to_lowercase();
        if email.is_empty() {
            return None;
        }
        if email.len() > MAX_EMAIL || !is_valid_email(&email) {
            self.add(field, FieldProblem::InvalidEmail);
        }
        Some(email)
    }

    fn finish<T>(self, value: T) -> Result<T, Vec<FieldError>> {
        if self.0.is_empty() {
            Ok(value)
        } else {
            Err(self.0)
        }
    }
}

impl AccountInput {
    pub fn validate(&self) -> Result<ValidAccount, Vec<FieldError>> {
        let mut p = Problems::default();
        let valid = ValidAccount {
            name: p.text(Field::Company, &self.name, MAX_COMPANY, true),
            ico: p.check(Field::Ico, normalize_ico(&self.ico)),
            dic: p.check(Field::Dic, normalize_dic(&self.dic)),
            street: p.text(Field::Street, &self.street, 200, false),
            city: p.text(Field::City, &self.city, 100, false),
            postal_code: p.check(Field::PostalCode, normalize_postal_code(&self.postal_code)),
            web: p.check(Field::Web, normalize_web(&self.web)),
            phone: p.phone(Field::AccountPhone, &self.phone),
        };
        p.finish(valid)
    }
}

/// The form fields of a contact person, as typed.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContactInput {
    pub first_name: String,
    pub last_name: String,
    pub email: String,
    pub phone: String,
    pub job_title: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ValidContact {
    pub first_name: String,
    pub last_name: String,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub job_title: String,
}

impl ContactInput {
    pub fn validate(&self) -> Result<ValidContact, Vec<FieldError>> {
        let mut p = Problems::default();
        let valid = ValidContact {
            first_name: p.text(Field::FirstName, &self.first_name, MAX_NAME, false),
            last_name: p.text(Field::LastName, &self.last_name, MAX_NAME, true),
            email: p.email(Field::Email, &self.email),
            phone: p.phone(Field::Phone, &self.phone),
            job_title: p.text(Field::JobTitle, &self.job_title, 100, false),
        };
        p.finish(valid)
    }
}

/// The form fields of a deal, as typed. `expected_close` is a date ("2026-12-31" from a date
/// picker, or "31. 12. 2026").
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct OpportunityInput {
    pub name: String,
    pub amount: String,
    pub expected_close: String,
    pub stage: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ValidOpportunity {
    pub name: String,
    pub amount_czk: Option<i64>,
    pub expected_close: Option<NaiveDate>,
    pub stage: Stage,
}

/// "2026-12-31" or "31. 12. 2026" / "31.12.2026".
pub fn parse_date(raw: &str) -> Result<Option<NaiveDate>, FieldProblem> {
    let text = raw.trim();
    if text.is_empty() {
        return Ok(None);
    }
    let compact: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    NaiveDate::parse_from_str(&compact, "%Y-%m-%d")
        .or_else(|_| NaiveDate::parse_from_str(&compact, "%d.%m.%Y"))
        .map(Some)
        .map_err(|_| FieldProblem::InvalidDate)
}

impl OpportunityInput {
    pub fn validate(&self) -> Result<ValidOpportunity, Vec<FieldError>> {
        let mut p = Problems::default();
        let stage = if self.stage.trim().is_empty() {
            Stage::New
        } else {
            Stage::from_code(self.stage.trim()).unwrap_or_else(|| {
                p.add(Field::Stage, FieldProblem::UnknownChoice);
                Stage::New
            })
        };
        let valid = ValidOpportunity {
            name: p.text(Field::OpportunityName, &self.name, 200, true),
            amount_czk: p.check(Field::Amount, parse_czk(&self.amount)),
            expected_close: p.check(Field::ExpectedClose, parse_date(&self.expected_close)),
            stage,
        };
        p.finish(valid)
    }
}

/// A record linked from elsewhere: its id and what to call it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecordRef {
    pub id: i32,
    pub name: String,
}

/// What a converted lead became.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConvertedTo {
    pub account: Option<RecordRef>,
    pub contact: Option<RecordRef>,
    pub opportunity: Option<RecordRef>,
    pub by: Option<PersonRef>,
}

/// A row of the organisations list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccountRow {
    pub id: i32,
    pub name: String,
    pub ico: Option<String>,
    pub city: String,
    pub owner: Option<PersonRef>,
}

/// A row of the contacts list (and of an organisation's people).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContactRow {
    pub id: i32,
    pub first_name: String,
    pub last_name: String,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub job_title: String,
    pub account_id: i32,
    pub account_name: String,
    pub owner: Option<PersonRef>,
}

impl ContactRow {
    pub fn full_name(&self) -> String {
        full_name(&self.first_name, &self.last_name)
    }
}

/// A deal as a card of the opportunity board and a row of its lists.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OpportunityCard {
    pub id: i32,
    pub name: String,
    pub account_id: i32,
    pub account_name: String,
    pub amount_czk: Option<i64>,
    pub expected_close: Option<NaiveDate>,
    pub stage: Stage,
    pub version: i32,
    pub owner: Option<PersonRef>,
}

/// The lead an organisation, contact or deal came from: its story before it became a client.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OriginLead {
    pub id: i32,
    pub name: String,
    pub source: LeadSource,
    pub created_at: DateTime<Utc>,
    pub converted_at: DateTime<Utc>,
    pub converted_by: Option<PersonRef>,
    pub history: Vec<StatusChange>,
    pub activities: Vec<ActivityView>,
}

/// An organisation's page. Its lists hold only what the caller may open on its own page;
/// the `hidden_*` counts say how many more there are (colleagues' records: no details).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccountDetail {
    pub id: i32,
    pub version: i32,
    pub input: AccountInput,
    pub ico: Option<String>,
    pub owner: Option<PersonRef>,
    pub created_at: DateTime<Utc>,
    pub contacts: Vec<ContactRow>,
    pub hidden_contacts: u64,
    pub opportunities: Vec<OpportunityCard>,
    pub hidden_opportunities: u64,
    pub origin_leads: Vec<OriginLead>,
    pub hidden_origin_leads: u64,
}

/// A contact's page; lists and counts as on [`AccountDetail`].
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContactDetail {
    pub row: ContactRow,
    pub version: i32,
    pub opportunities: Vec<OpportunityCard>,
    pub hidden_opportunities: u64,
    pub origin_leads: Vec<OriginLead>,
    pub hidden_origin_leads: u64,
}

/// A deal's page: its contact only if the caller may open it; origin leads as on
/// [`AccountDetail`].
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OpportunityDetail {
    pub card: OpportunityCard,
    pub contact: Option<PersonRef>,
    pub origin_leads: Vec<OriginLead>,
    pub hidden_origin_leads: u64,
}

impl OpportunityDetail {
    pub fn as_input(&self) -> OpportunityInput {
        OpportunityInput {
            name: self.card.name.clone(),
            amount: self
                .card
                .amount_czk
                .map(|a| a.to_string())
                .unwrap_or_default(),
            expected_close: self
                .card
                .expected_close
                .map(|d| d.format("%Y-%m-%d").to_string())
                .unwrap_or_default(),
            stage: self.card.stage.code().to_string(),
        }
    }
}

/// One stage of the opportunity board: its cards in board order, how many there are and
/// what they are worth together.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StageColumn {
    pub stage: Stage,
    pub total: u64,
    pub amount_czk: i64,
    pub cards: Vec<OpportunityCard>,
}

/// How many cards a column of the opportunity board shows at most.
pub const STAGE_PAGE: u64 = 100;

/// A move on the opportunity board: like a lead's, with the version the user saw.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StageMove {
    pub opportunity_id: i32,
    pub version: i32,
    pub to: Stage,
    /// The card it lands right below (None: the top of the column).
    pub after_id: Option<i32>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ico_checks_its_check_digit_and_pads_old_numbers() {
        assert_eq!(normalize_ico("26168685"), Ok(Some("26168685".into())));
        assert_eq!(normalize_ico(" 261 68 685 "), Ok(Some("26168685".into())));
        assert_eq!(normalize_ico(""), Ok(None));
        assert_eq!(normalize_ico("26168684"), Err(FieldProblem::InvalidIco));
        assert_eq!(normalize_ico("2616868A"), Err(FieldProblem::InvalidIco));
        assert_eq!(normalize_ico("261686851"), Err(FieldProblem::InvalidIco));
        // Remainder 0 and 1 give check digits 1 and 0.
        assert_eq!(normalize_ico("00000001"), Ok(Some("00000001".into())));
        assert_eq!(normalize_ico("00000000"), Err(FieldProblem::InvalidIco));
        assert_eq!(normalize_ico("60"), Ok(Some("00000060".into())));
        assert_eq!(normalize_ico("00000019"), Ok(Some("00000019".into())));
        assert_eq!(normalize_ico("19"), Ok(Some("00000019".into())));
    }

    #[test]
    fn dic_postal_code_and_web_are_written_one_way() {
        assert_eq!(normalize_dic("cz 26168685"), Ok("CZ26168685".into()));
        assert_eq!(normalize_dic("26168685"), Err(FieldProblem::InvalidDic));
        assert_eq!(normalize_postal_code("60200"), Ok("602 00".into()));
        assert_eq!(
            normalize_postal_code("602 0"),
            Err(FieldProblem::InvalidPostalCode)
        );
        assert_eq!(normalize_web("firma.cz"), Ok("https://firma.cz".into()));
        assert_eq!(
            normalize_web("http://firma.cz/kontakt"),
            Ok("http://firma.cz/kontakt".into())
        );
        assert_eq!(normalize_web("firma"), Err(FieldProblem::InvalidWeb));
        assert_eq!(normalize_web("fir ma.cz"), Err(FieldProblem::InvalidWeb));
    }

    #[test]
    fn forms_report_every_problem_against_its_field() {
        let errors = AccountInput {
            ico: "123".into(),
            phone: "12".into(),
            ..AccountInput::default()
        }
        .validate()
        .unwrap_err();
        let fields: Vec<Field> = errors.iter().map(|e| e.field).collect();
        assert_eq!(fields, [Field::Company, Field::Ico, Field::AccountPhone]);

        let deal = OpportunityInput {
            name: "Dodávka".into(),
            amount: "1 200 000 Kč".into(),
            expected_close: "31. 12. 2026".into(),
            stage: "proposal".into(),
        }
        .validate()
        .unwrap();
        assert_eq!(deal.amount_czk, Some(1_200_000));
        assert_eq!(deal.expected_close, NaiveDate::from_ymd_opt(2026, 12, 31));
        assert_eq!(deal.stage, Stage::Proposal);
        let bad = OpportunityInput {
            stage: "vyhrano".into(),
            expected_close: "zítra".into(),
            ..OpportunityInput::default()
        }
        .validate()
        .unwrap_err();
        let fields: Vec<Field> = bad.iter().map(|e| e.field).collect();
        assert_eq!(
            fields,
            [Field::Stage, Field::OpportunityName, Field::ExpectedClose]
        );
    }

    /// On the server `Stage` is stored as its `code()`: the active enum's value is that very
    /// string for every variant, and reads back as the variant; anything else is an error.
    #[cfg(feature = "ssr")]
    #[test]
    fn stage_is_stored_as_its_code() {
        use sea_orm::{ActiveEnum, Iterable};
        for variant in Stage::iter() {
            assert_eq!(variant.to_value(), variant.code(), "{variant:?}");
            let stored = variant.code().to_owned();
            assert_eq!(Stage::try_from_value(&stored).ok(), Some(variant));
        }
        assert!(Stage::try_from_value(&"unknown value".to_owned()).is_err());
    }
}
