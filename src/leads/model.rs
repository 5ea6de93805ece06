//! Lead domain types and rules. Plain serde types shared by the browser and the server; no I/O.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::closing::{Disqualification, DisqualifyInput, DisqualifyReason};
use super::status::Score;
pub use super::status::{
    LeadSource, LeadStatus, TransitionRefusal, allowed_targets, check_transition,
};
pub use crate::shared::contact::{
    MAX_EMAIL, MAX_NAME, format_phone, full_name, is_valid_email, normalize_phone,
};
pub use crate::shared::field::{Field, FieldError, FieldProblem};
pub use crate::shared::person::PersonRef;
use crate::shared::region::Region;

/// The form fields of a lead, as typed by a person (quick entry and the detail page).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct LeadInput {
    pub first_name: String,
    pub last_name: String,
    pub email: String,
    pub phone: String,
    pub company: String,
    pub source: String,
    pub description: String,
    /// Region code (kraj), empty when unknown.
    #[serde(default)]
    pub region: String,
    /// Product id, empty when none.
    #[serde(default)]
    pub product: String,
    /// The company's IČO, empty when unknown (imports bring it; conversion carries it over).
    #[serde(default)]
    pub ico: String,
    /// The company's DIČ and registered address, empty when unknown ("Načíst z ARES" fills
    /// them; conversion carries them into the organisation).
    #[serde(default)]
    pub dic: String,
    #[serde(default)]
    pub street: String,
    #[serde(default)]
    pub city: String,
    #[serde(default)]
    pub postal_code: String,
}

/// A lead that passed validation: trimmed, the phone in E.164, the source known.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ValidLead {
    pub first_name: String,
    pub last_name: String,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub company: String,
    pub source: LeadSource,
    pub description: String,
    pub region: Option<Region>,
    /// Checked against the active products by the repo (the list lives in the database).
    pub product_id: Option<i32>,
    /// Eight digits with a valid check digit.
    pub ico: Option<String>,
    /// "CZ" and digits, or empty.
    pub dic: String,
    pub street: String,
    pub city: String,
    /// "602 00", or empty.
    pub postal_code: String,
}

pub const MAX_COMPANY: usize = 200;
pub const MAX_DESCRIPTION: usize = 5000;
/// The organisation form's limits, so a lead's address converts without a refusal.
pub const MAX_STREET: usize = 200;
pub const MAX_CITY: usize = 100;

impl LeadInput {
    /// Checks every field and reports all problems at once, so the form can show each next
    /// to its field.
    pub fn validate(&self) -> Result<ValidLead, Vec<FieldError>> {
        let mut errors = Vec::new();
        let mut fail = |field, problem| errors.push(FieldError { field, problem });

        let first_name = self.first_name.trim().to_string();
        let last_name = self.last_name.trim().to_string();
        let email = self.email.trim().to_string();
        let phone = self.phone.trim().to_string();
        let company = self.company.trim().to_string();
        let description = self.description.trim().to_string();
        let street = self.street.trim().to_string();
        let city = self.city.trim().to_string();

        if last_name.is_empty() {
            fail(Field::LastName, FieldProblem::Required);
        }
        for (field, value, max) in [
            (Field::FirstName, &first_name, MAX_NAME),
            (Field::LastName, &last_name, MAX_NAME),
            (Field::Email, &email, MAX_EMAIL),
            (Field::Company, &company, MAX_COMPANY),
            (Field::Description, &description, MAX_DESCRIPTION),
            (Field::Street, &street, MAX_STREET),
            (Field::City, &city, MAX_CITY),
        ] {
            if value.chars().count() > max {
                fail(field, FieldProblem::TooLong { max });
            }
        }
        if email.is_empty() && phone.is_empty() {
            fail(Field::Email, FieldProblem::EmailOrPhoneRequired);
            fail(Field::Phone, FieldProblem::EmailOrPhoneRequired);
        }
        if !email.is_empty() && email.chars().count() <= MAX_EMAIL && !is_valid_email(&email) {
            fail(Field::Email, FieldProblem::InvalidEmail);
        }
        let normalized_phone = if phone.is_empty() {
            None
        } else {
            let normalized = normalize_phone(&phone);
            if normalized.is_none() {
                fail(Field::Phone, FieldProblem::InvalidPhone);
            }
            normalized
        };
        let source = match self.source.trim() {
            "" => Some(LeadSource::Other),
            code => LeadSource::from_code(code),
        };
        if source.is_none() {
            fail(Field::Source, FieldProblem::UnknownSource);
        }
        let region = match self.region.trim() {
            "" => None,
            code => {
                let region = Region::from_code(code);
                if region.is_none() {
                    fail(Field::Region, FieldProblem::UnknownChoice);
                }
                region
            }
        };
        let product_id = match self.product.trim() {
            "" => None,
            id => {
                let id = id.parse::<i32>().ok();
                if id.is_none() {
                    fail(Field::Product, FieldProblem::UnknownChoice);
                }
                id
            }
        };

        let ico = match crate::shared::company::normalize_ico(&self.ico) {
            Ok(ico) => ico,
            Err(problem) => {
                fail(Field::Ico, problem);
                None
            }
        };
        let dic = crate::shared::company::normalize_dic(&self.dic).unwrap_or_else(|problem| {
            fail(Field::Dic, problem);
            String::new()
        });
        let postal_code = crate::shared::company::normalize_postal_code(&self.postal_code)
            .unwrap_or_else(|problem| {
                fail(Field::PostalCode, problem);
                String::new()
            });

        if !errors.is_empty() {
            return Err(errors);
        }
        Ok(ValidLead {
            first_name,
            last_name,
            email: (!email.is_empty()).then(|| email.to_lowercase()),
            phone: normalized_phone,
            company,
            source: source.unwrap_or_default(),
            description,
            region,
            product_id,
            ico,
            dic,
            street,
            city,
            postal_code,
        })
    }
}

/// A card on the board: just what the card shows and what a move needs.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LeadCard {
    pub id: i32,
    pub first_name: String,
    pub last_name: String,
    pub company: String,
    pub source: LeadSource,
    pub status: LeadStatus,
    pub version: i32,
    /// Its place in the column (board order is position, then id).
    pub position: i64,
    pub created_at: DateTime<Utc>,
    pub owner: Option<PersonRef>,
    /// When the team first contacted the lead (speed-to-lead); None while it waits.
    pub first_contact_at: Option<DateTime<Utc>>,
    /// The due time of the lead's latest open task, if it has any.
    pub latest_task_due: Option<DateTime<Utc>>,
    /// A/B/C once qualified.
    pub score: Option<Score>,
    /// Why it was disqualified, while it is Nekvalifikovaný.
    pub disqualify_reason: Option<DisqualifyReason>,
}

/// How long a new lead may wait for the first contact before its card warns.
pub const SPEED_TO_LEAD_MINUTES: i64 = 60;

impl LeadCard {
    pub fn full_name(&self) -> String {
        full_name(&self.first_name, &self.last_name)
    }

    /// Since when the lead has been waiting for its first contact: only leads nobody has
    /// contacted yet that are still new or just assigned.
    pub fn waiting_since(&self) -> Option<DateTime<Utc>> {
        let early = matches!(self.status, LeadStatus::New | LeadStatus::Assigned);
        (early && self.first_contact_at.is_none()).then_some(self.created_at)
    }

    /// Waiting longer than the speed-to-lead target (one hour).
    pub fn waits_too_long(&self, now: DateTime<Utc>) -> bool {
        self.waiting_since()
            .is_some_and(|since| (now - since).num_minutes() >= SPEED_TO_LEAD_MINUTES)
    }

    /// "Vyžaduje follow-up": a lead being worked (Přiřazený, V jednání) with no open task
    /// due from now on.
    pub fn needs_follow_up(&self, now: DateTime<Utc>) -> bool {
        let worked = matches!(self.status, LeadStatus::Assigned | LeadStatus::InProcess);
        worked && self.latest_task_due.is_none_or(|due| due < now)
    }
}

/// One page of a board column, with the column's true total.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ColumnPage {
    pub status: LeadStatus,
    pub total: u64,
    pub cards: Vec<LeadCard>,
    /// Where the next page starts (keyset), None when this was the last page.
    pub next: Option<PageCursor>,
}

/// What the board page loads at once: who is looking (to offer what they may do), the people
/// a manager may assign to and filter by, and the first page of every column.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BoardView {
    pub me: crate::auth::model::CurrentUser,
    /// Empty for salespeople: they only take leads for themselves.
    pub assignees: Vec<PersonRef>,
    pub columns: Vec<ColumnPage>,
    /// The newest live event when the board was read: its live stream starts after it, so a
    /// change made meanwhile still arrives.
    pub live_from: i64,
}

/// What the board shows beyond who may see what: one score only (None: any).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct BoardNarrowing {
    pub score: Option<Score>,
    /// Closed leads (Nekvalifikovaný, Převedený) that changed status before this moment are
    /// left out. None: every closed lead stays.
    pub closed_since: Option<DateTime<Utc>>,
}

/// Keyset cursor: cards after this (position, id) in the column's order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PageCursor {
    pub position: i64,
    pub id: i32,
}

/// A column's cards per page: the board's first page and each "load more" (a scroll to the
/// column's end fetches the next). 20 fill a column well past a desktop screen; 50 per column
/// made the first load hydrate up to 300 cards, and Lighthouse's phone simulation counted
/// that as 450 ms of blocked main thread (performance 0.89 with 10,000 leads).
pub const PAGE_SIZE: u64 = 20;

/// A move of a card: into `to` (possibly the same column), directly after `after_id`
/// (None: to the top of the column). `version` is the version the user saw.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MoveRequest {
    pub lead_id: i32,
    pub version: i32,
    pub to: LeadStatus,
    pub after_id: Option<i32>,
    /// Required when the move disqualifies the lead (into Nekvalifikovaný).
    #[serde(default)]
    pub disqualify: Option<DisqualifyInput>,
}

/// Whose leads the board shows.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum BoardFilter {
    /// Everything the user may see: a manager every lead, a salesperson theirs and the pool.
    #[default]
    All,
    Mine,
    Unassigned,
    /// One person's leads (managers only).
    Owner(i32),
}

impl BoardFilter {
    /// The value in the board's URL (`?owner=`).
    pub fn code(self) -> String {
        match self {
            BoardFilter::All => "all".into(),
            BoardFilter::Mine => "mine".into(),
            BoardFilter::Unassigned => "none".into(),
            BoardFilter::Owner(id) => id.to_string(),
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        match code {
            "all" => Some(BoardFilter::All),
            "mine" => Some(BoardFilter::Mine),
            "none" => Some(BoardFilter::Unassigned),
            id => id.parse().ok().map(BoardFilter::Owner),
        }
    }

    /// Whether a card owned by `owner` belongs on a board filtered so, for `me`.
    pub fn admits(self, owner: Option<i32>, me: i32) -> bool {
        match self {
            BoardFilter::All => true,
            BoardFilter::Mine => owner == Some(me),
            BoardFilter::Unassigned => owner.is_none(),
            BoardFilter::Owner(id) => owner == Some(id),
        }
    }
}

/// One row of a lead's status history.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StatusChange {
    pub from: Option<LeadStatus>,
    pub to: LeadStatus,
    pub changed_at: DateTime<Utc>,
    /// Why, when the change disqualified the lead.
    pub disqualification: Option<Disqualification>,
}

/// What saving a quick-entry form returns.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CreatedLead {
    pub id: i32,
    pub name: String,
    /// True when this submit repeated an earlier one (same form key): nothing new was created.
    pub repeated: bool,
    /// Who an assignment rule gave the lead to, if one did.
    pub owner: Option<PersonRef>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input() -> LeadInput {
        LeadInput {
            first_name: " Jan ".into(),
            last_name: "Novák".into(),
            email: "Jan.Novak@Firma.cz".into(),
            phone: "".into(),
            company: "Firma s.r.o.".into(),
            source: "trade_fair".into(),
            description: "".into(),
            region: "JHM".into(),
            product: "".into(),
            ico: "".into(),
            ..LeadInput::default()
        }
    }

    fn problems(input: &LeadInput) -> Vec<(Field, FieldProblem)> {
        input
            .validate()
            .unwrap_err()
            .into_iter()
            .map(|e| (e.field, e.problem))
            .collect()
    }

    fn card(status: LeadStatus, minutes_old: i64) -> (LeadCard, DateTime<Utc>) {
        let now = DateTime::parse_from_rfc3339("2026-11-23T12:00:00Z")
            .unwrap()
            .with_timezone(&Utc);
        let card = LeadCard {
            id: 1,
            first_name: "Jan".into(),
            last_name: "Novák".into(),
            company: String::new(),
            source: LeadSource::Phone,
            status,
            version: 1,
            position: 0,
            created_at: now - chrono::Duration::minutes(minutes_old),
            owner: None,
            first_contact_at: None,
            latest_task_due: None,
            score: None,
            disqualify_reason: None,
        };
        (card, now)
    }

    #[test]
    fn an_uncontacted_new_lead_warns_after_one_hour() {
        let (young, now) = card(LeadStatus::New, 59);
        assert_eq!(young.waiting_since(), Some(young.created_at));
        assert!(!young.waits_too_long(now));
        let (old, now) = card(LeadStatus::Assigned, 60);
        assert!(old.waits_too_long(now));
        let contacted = LeadCard {
            first_contact_at: Some(now),
            ..old.clone()
        };
        assert_eq!(contacted.waiting_since(), None);
        assert!(!contacted.waits_too_long(now));
        let (worked, now) = card(LeadStatus::InProcess, 600);
        assert!(!worked.waits_too_long(now));
    }

    #[test]
    fn a_worked_lead_without_a_future_task_needs_follow_up() {
        let (lead, now) = card(LeadStatus::InProcess, 10);
        assert!(lead.needs_follow_up(now));
        let planned = LeadCard {
            latest_task_due: Some(now + chrono::Duration::days(1)),
            ..lead.clone()
        };
        assert!(!planned.needs_follow_up(now));
        let overdue = LeadCard {
            latest_task_due: Some(now - chrono::Duration::minutes(1)),
            ..lead.clone()
        };
        assert!(overdue.needs_follow_up(now));
        for status in [
            LeadStatus::New,
            LeadStatus::Qualified,
            LeadStatus::Unqualified,
        ] {
            let (other, now) = card(status, 10);
            assert!(!other.needs_follow_up(now), "{status:?}");
        }
    }

    #[test]
    fn valid_input_is_trimmed_and_normalised() {
        let valid = input().validate().unwrap();
        assert_eq!(valid.first_name, "Jan");
        assert_eq!(valid.email.as_deref(), Some("jan.novak@firma.cz"));
        assert_eq!(valid.source, LeadSource::TradeFair);
        assert_eq!(valid.phone, None);
    }

    #[test]
    fn company_details_are_checked_and_written_one_way() {
        let mut i = input();
        i.dic = "cz 26168685".into();
        i.postal_code = "60200".into();
        i.street = " Husova 240/12 ".into();
        i.city = "Brno".into();
        let valid = i.validate().unwrap();
        assert_eq!(valid.dic, "CZ26168685");
        assert_eq!(valid.postal_code, "602 00");
        assert_eq!(valid.street, "Husova 240/12");
        i.dic = "26168685".into();
        i.postal_code = "6020".into();
        i.city = "x".repeat(MAX_CITY + 1);
        assert_eq!(
            problems(&i),
            vec![
                (Field::City, FieldProblem::TooLong { max: MAX_CITY }),
                (Field::Dic, FieldProblem::InvalidDic),
                (Field::PostalCode, FieldProblem::InvalidPostalCode)
            ]
        );
    }

    #[test]
    fn last_name_is_required() {
        let mut i = input();
        i.last_name = "  ".into();
        assert_eq!(
            problems(&i),
            vec![(Field::LastName, FieldProblem::Required)]
        );
    }

    #[test]
    fn email_or_phone_is_required() {
        let mut i = input();
        i.email.clear();
        assert_eq!(
            problems(&i),
            vec![
                (Field::Email, FieldProblem::EmailOrPhoneRequired),
                (Field::Phone, FieldProblem::EmailOrPhoneRequired)
            ]
        );
        i.phone = "777 123 456".into();
        assert_eq!(
            i.validate().unwrap().phone.as_deref(),
            Some("+420777123456")
        );
    }

    #[test]
    fn bad_email_is_refused() {
        for bad in [
            "jan",
            "jan@",
            "@firma.cz",
            "jan@firma",
            "jan novak@firma.cz",
            "jan@@firma.cz",
        ] {
            let mut i = input();
            i.email = bad.into();
            assert_eq!(
                problems(&i),
                vec![(Field::Email, FieldProblem::InvalidEmail)],
                "{bad}"
            );
        }
    }

    #[test]
    fn czech_and_international_phones() {
        let ok = [
            ("+420 777 123 456", "+420777123456"),
            ("777123456", "+420777123456"),
            ("777 123 456", "+420777123456"),
            ("00420 777-123-456", "+420777123456"),
            ("+421 905 123 456", "+421905123456"),
            ("+49 (30) 1234567", "+49301234567"),
            ("602.123.456", "+420602123456"),
        ];
        for (raw, e164) in ok {
            assert_eq!(normalize_phone(raw).as_deref(), Some(e164), "{raw}");
        }
        for bad in [
            "12345",
            "0777123456",
            "+420 777 123",
            "+420 777 123 4567",
            "777x23456",
            "+0 123",
            "abc",
            "+1234567",
        ] {
            assert_eq!(normalize_phone(bad), None, "{bad}");
        }
    }

    #[test]
    fn phone_format_round_trip() {
        assert_eq!(format_phone("+420777123456"), "+420 777 123 456");
        assert_eq!(format_phone("+421905123456"), "+421905123456");
    }

    #[test]
    fn unknown_source_and_long_fields_are_refused() {
        let mut i = input();
        i.source = "fax".into();
        i.company = "x".repeat(MAX_COMPANY + 1);
        assert_eq!(
            problems(&i),
            vec![
                (Field::Company, FieldProblem::TooLong { max: MAX_COMPANY }),
                (Field::Source, FieldProblem::UnknownSource)
            ]
        );
    }
}
