//! Web forms: plain types and rules shared by the admin page and the server; no I/O.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::auth::model::PersonRef;
use crate::error::{Field, FieldError, FieldProblem};
use crate::leads::model::LeadSource;

/// Where a visitor's form posts: `/api/v1/capture/{form_key}`.
pub const CAPTURE_PATH: &str = "/api/v1/capture/";
/// The OpenAPI description of the public API.
pub const OPENAPI_PATH: &str = "/api/v1/openapi.json";
/// Leady's own thank-you page, for forms without a thank-you URL.
pub const THANKS_PATH: &str = "/capture/thanks";
/// The hidden field a plain HTML form sends its idempotency key in.
pub const IDEMPOTENCY_FIELD: &str = "_idempotency_key";
/// The honeypot: a field people never see and bots fill in.
pub const HONEYPOT_FIELD: &str = "website";
/// The checkbox a visitor ticks to consent.
pub const CONSENT_FIELD: &str = "consent";
/// The largest body the capture endpoint takes (413 above it).
pub const BODY_LIMIT: usize = 16 * 1024;

pub fn capture_url(base: &str, key: &str) -> String {
    format!("{}{CAPTURE_PATH}{key}", base.trim_end_matches('/'))
}

/// A field a web form may send; its code is the name in the posted form or JSON.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum CaptureField {
    FirstName,
    LastName,
    Email,
    Phone,
    Company,
    Message,
}

impl CaptureField {
    pub const ALL: [CaptureField; 6] = [
        CaptureField::FirstName,
        CaptureField::LastName,
        CaptureField::Email,
        CaptureField::Phone,
        CaptureField::Company,
        CaptureField::Message,
    ];

    pub fn code(self) -> &'static str {
        match self {
            CaptureField::FirstName => "first_name",
            CaptureField::LastName => "last_name",
            CaptureField::Email => "email",
            CaptureField::Phone => "phone",
            CaptureField::Company => "company",
            CaptureField::Message => "message",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|f| f.code() == code.trim())
    }

    /// The lead's field it fills (errors of lead validation come back against that one).
    pub fn lead_field(self) -> Field {
        match self {
            CaptureField::FirstName => Field::FirstName,
            CaptureField::LastName => Field::LastName,
            CaptureField::Email => Field::Email,
            CaptureField::Phone => Field::Phone,
            CaptureField::Company => Field::Company,
            CaptureField::Message => Field::Description,
        }
    }

    pub fn from_lead_field(field: Field) -> Option<Self> {
        Self::ALL.into_iter().find(|f| f.lead_field() == field)
    }

    /// A lead needs a last name, and an email or a phone: a form always takes the last name.
    pub fn always_accepted(self) -> bool {
        self == CaptureField::LastName
    }
}

/// "email,phone" → the fields, unknown codes dropped.
pub fn parse_fields(codes: &str) -> Vec<CaptureField> {
    let mut fields: Vec<CaptureField> = codes
        .split(',')
        .filter_map(CaptureField::from_code)
        .collect();
    fields.dedup();
    fields
}

pub fn fields_code(fields: &[CaptureField]) -> String {
    CaptureField::ALL
        .into_iter()
        .filter(|f| fields.contains(f))
        .map(CaptureField::code)
        .collect::<Vec<_>>()
        .join(",")
}

/// What came of a submission.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum CaptureOutcome {
    /// A new lead.
    Created,
    /// An open lead had the same email or phone: the submission was logged on it.
    Duplicate,
}

impl CaptureOutcome {
    pub fn code(self) -> &'static str {
        match self {
            CaptureOutcome::Created => "created",
            CaptureOutcome::Duplicate => "duplicate",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        [CaptureOutcome::Created, CaptureOutcome::Duplicate]
            .into_iter()
            .find(|o| o.code() == code)
    }
}

/// A form as the admin page lists it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FormView {
    pub id: i32,
    pub key: String,
    pub name: String,
    pub source: LeadSource,
    pub origins: Vec<String>,
    pub accepted: Vec<CaptureField>,
    pub required: Vec<CaptureField>,
    /// None: the assignment rules decide.
    pub owner: Option<PersonRef>,
    pub consent_text: Option<String>,
    pub consent_version: i32,
    pub thank_you_url: Option<String>,
    pub active: bool,
}

/// The form editor as typed. `id` None creates a new form.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FormInput {
    pub id: Option<i32>,
    pub name: String,
    /// `LeadSource` code; empty: Webový formulář.
    pub source: String,
    /// One origin per line (or separated by spaces or commas).
    pub origins: String,
    pub accepted: Vec<String>,
    pub required: Vec<String>,
    /// A user id, or empty for the assignment rules.
    pub owner: String,
    pub consent_text: String,
    pub thank_you_url: String,
    pub active: bool,
}

/// A form that passed the checks that need no database.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ValidForm {
    pub id: Option<i32>,
    pub name: String,
    pub source: LeadSource,
    pub origins: Vec<String>,
    pub accepted: Vec<CaptureField>,
    pub required: Vec<CaptureField>,
    pub owner_id: Option<i32>,
    pub consent_text: Option<String>,
    pub thank_you_url: Option<String>,
    pub active: bool,
}

pub const MAX_FORM_NAME: usize = 100;
pub const MAX_CONSENT: usize = 5000;
pub const MAX_URL: usize = 500;
pub const MAX_ORIGINS: usize = 20;

impl FormInput {
    pub fn validate(&self) -> Result<ValidForm, Vec<FieldError>> {
        let mut errors = Vec::new();
        let mut fail = |field, problem| errors.push(FieldError::new(field, problem));
        let name = self.name.trim().to_string();
        if name.is_empty() {
            fail(Field::Name, FieldProblem::Required);
        } else if name.chars().count() > MAX_FORM_NAME {
            fail(Field::Name, FieldProblem::TooLong { max: MAX_FORM_NAME });
        }
        let source = match self.source.trim() {
            "" => Some(LeadSource::WebForm),
            code => LeadSource::from_code(code),
        };
        if source.is_none() {
            fail(Field::Source, FieldProblem::UnknownSource);
        }
        let mut origins = Vec::new();
        let mut bad_origin = false;
        for raw in self
            .origins
            .split(|c: char| c.is_whitespace() || c == ',')
            .filter(|s| !s.is_empty())
        {
            match normalize_origin(raw) {
                Some(origin) if !origins.contains(&origin) => origins.push(origin),
                Some(_) => {}
                None => {
                    bad_origin = true;
                    break;
                }
            }
        }
        if bad_origin {
            fail(Field::Origins, FieldProblem::InvalidOrigin);
        } else if origins.is_empty() {
            fail(Field::Origins, FieldProblem::Required);
        } else if origins.len() > MAX_ORIGINS {
            fail(Field::Origins, FieldProblem::TooLong { max: MAX_ORIGINS });
        }
        let mut accepted: Vec<CaptureField> = CaptureField::ALL
            .into_iter()
            .filter(|f| f.always_accepted() || self.accepted.iter().any(|a| a == f.code()))
            .collect();
        accepted.dedup();
        let required: Vec<CaptureField> = CaptureField::ALL
            .into_iter()
            .filter(|f| f.always_accepted() || self.required.iter().any(|r| r == f.code()))
            .collect();
        if required.iter().any(|f| !accepted.contains(f)) {
            fail(Field::RequiredFields, FieldProblem::RequiredNotAccepted);
        }
        if !accepted.contains(&CaptureField::Email) && !accepted.contains(&CaptureField::Phone) {
            fail(Field::AcceptedFields, FieldProblem::EmailOrPhoneRequired);
        }
        let owner_id = match self.owner.trim() {
            "" => None,
            id => match id.parse::<i32>() {
                Ok(id) => Some(id),
                Err(_) => {
                    fail(Field::Owner, FieldProblem::UnknownChoice);
                    None
                }
            },
        };
        let consent = self.consent_text.trim().to_string();
        if consent.chars().count() > MAX_CONSENT {
            fail(
                Field::ConsentText,
                FieldProblem::TooLong { max: MAX_CONSENT },
            );
        }
        let thank_you = self.thank_you_url.trim().to_string();
        if thank_you.chars().count() > MAX_URL {
            fail(Field::ThankYouUrl, FieldProblem::TooLong { max: MAX_URL });
        } else if !thank_you.is_empty() && !is_http_url(&thank_you) {
            fail(Field::ThankYouUrl, FieldProblem::InvalidWeb);
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        Ok(ValidForm {
            id: self.id,
            name,
            source: source.unwrap_or(LeadSource::WebForm),
            origins,
            accepted,
            required,
            owner_id,
            consent_text: (!consent.is_empty()).then_some(consent),
            thank_you_url: (!thank_you.is_empty()).then_some(thank_you),
            active: self.active,
        })
    }
}

/// `https://www.firma.cz/` → `https://www.firma.cz`; a browser's `Origin` is scheme, host and
/// port (only when not the default), lower case, without a path. None for anything else.
pub fn normalize_origin(raw: &str) -> Option<String> {
    let raw = raw.trim().trim_end_matches('/');
    let (scheme, rest) = raw.split_once("://")?;
    let scheme = scheme.to_ascii_lowercase();
    if scheme != "http" && scheme != "https" {
        return None;
    }
    let host = rest.to_ascii_lowercase();
    let valid = !host.is_empty()
        && host
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | ':' | '[' | ']'));
    if !valid {
        return None;
    }
    let host = match (scheme.as_str(), host.rsplit_once(':')) {
        ("http", Some((h, "80"))) | ("https", Some((h, "443"))) => h.to_string(),
        _ => host,
    };
    Some(format!("{scheme}://{host}"))
}

fn is_http_url(url: &str) -> bool {
    let lower = url.to_ascii_lowercase();
    (lower.starts_with("https://") || lower.starts_with("http://"))
        && url.len() > "https://".len()
        && !url
            .chars()
            .any(|c| c.is_whitespace() || c == '"' || c == '<')
}

/// What a lead consented to, as its detail page shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConsentView {
    pub form_name: String,
    pub text: String,
    pub version: i32,
    pub at: DateTime<Utc>,
    pub client_address: String,
}

pub fn escape_html(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input() -> FormInput {
        FormInput {
            name: "Kontakt".into(),
            origins: "https://www.firma.cz/\nhttp://localhost:8080".into(),
            accepted: vec!["email".into(), "phone".into()],
            required: vec!["email".into()],
            active: true,
            ..FormInput::default()
        }
    }

    #[test]
    fn a_form_takes_the_last_name_and_normalised_origins() {
        let form = input().validate().unwrap();
        assert_eq!(form.source, LeadSource::WebForm);
        assert_eq!(
            form.origins,
            vec!["https://www.firma.cz", "http://localhost:8080"]
        );
        assert_eq!(
            form.accepted,
            vec![
                CaptureField::LastName,
                CaptureField::Email,
                CaptureField::Phone
            ]
        );
        assert_eq!(
            form.required,
            vec![CaptureField::LastName, CaptureField::Email]
        );
    }

    #[test]
    fn bad_forms_are_refused_field_by_field() {
        let bad = FormInput {
            name: " ".into(),
            origins: "ftp://x".into(),
            accepted: vec![],
            required: vec!["company".into()],
            thank_you_url: "javascript:alert(1)".into(),
            ..FormInput::default()
        };
        let fields: Vec<Field> = bad
            .validate()
            .unwrap_err()
            .into_iter()
            .map(|e| e.field)
            .collect();
        assert_eq!(
            fields,
            vec![
                Field::Name,
                Field::Origins,
                Field::RequiredFields,
                Field::AcceptedFields,
                Field::ThankYouUrl
            ]
        );
    }

    #[test]
    fn origins_compare_as_browsers_send_them() {
        assert_eq!(
            normalize_origin("HTTPS://Www.Firma.cz:443/"),
            Some("https://www.firma.cz".into())
        );
        assert_eq!(
            normalize_origin("http://127.0.0.1:3210"),
            Some("http://127.0.0.1:3210".into())
        );
        assert_eq!(normalize_origin("https://firma.cz/kontakt"), None);
        assert_eq!(normalize_origin("null"), None);
    }
}
