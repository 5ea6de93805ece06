//! "Převést": a qualified lead becomes an organisation, a contact person and, if the user
//! wants, a deal — in one transaction. Before anything is created the user sees records that
//! look like the same company or person and chooses to link to one or to create a new one.

use serde::{Deserialize, Serialize};

pub use super::model::MatchReason;
use super::model::{AccountInput, ContactInput, OpportunityInput};
use crate::leads::detail_model::LeadDetail;
use crate::leads::model::PersonRef;

/// Link to an existing record (its id) or create a new one from the form.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum Link {
    #[default]
    New,
    Existing(i32),
}

impl Link {
    /// The value of the choice's radio button: "new" or the record's id.
    pub fn code(self) -> String {
        match self {
            Link::New => "new".into(),
            Link::Existing(id) => id.to_string(),
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        match code {
            "new" | "" => Some(Link::New),
            id => id.parse().ok().map(Link::Existing),
        }
    }
}

/// Everything the conversion screen sends.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConvertInput {
    pub lead_id: i32,
    /// The lead's version the user saw: a lead changed meanwhile is not converted blindly.
    pub version: i32,
    pub account: Link,
    pub account_fields: AccountInput,
    pub contact: Link,
    pub contact_fields: ContactInput,
    /// Create a deal too.
    pub with_opportunity: bool,
    pub opportunity_fields: OpportunityInput,
    /// The user has seen the look-alikes and still wants new records.
    pub confirmed_new: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccountMatch {
    pub id: i32,
    pub name: String,
    pub ico: Option<String>,
    pub city: String,
    pub owner: Option<PersonRef>,
    pub reasons: Vec<MatchReason>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContactMatch {
    pub id: i32,
    pub name: String,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub account_id: i32,
    pub account_name: String,
    pub reasons: Vec<MatchReason>,
}

/// A look-alike the caller may not open: what it matched on and whose it is, nothing of its
/// own data (no id, name, IČO, email or phone). It still stops a duplicate: the user asks the
/// owner or a manager, who may link the lead to it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ForeignMatch {
    /// The owner's name (None: nobody owns it).
    pub owner: Option<String>,
    pub reasons: Vec<MatchReason>,
}

/// Existing records the new ones would duplicate: those the caller may open, to link to, and
/// those of colleagues, only as a warning.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Duplicates {
    pub accounts: Vec<AccountMatch>,
    pub contacts: Vec<ContactMatch>,
    pub foreign_accounts: Vec<ForeignMatch>,
    pub foreign_contacts: Vec<ForeignMatch>,
}

impl Duplicates {
    pub fn is_empty(&self) -> bool {
        self.accounts.is_empty()
            && self.contacts.is_empty()
            && self.foreign_accounts.is_empty()
            && self.foreign_contacts.is_empty()
    }
}

/// The conversion screen's data: the lead, the form prefilled from it, and the look-alikes
/// of that prefill.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConvertPage {
    pub lead: LeadDetail,
    pub prefill: ConvertInput,
    pub duplicates: Duplicates,
}

/// What became of the lead.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Conversion {
    pub account_id: i32,
    pub contact_id: i32,
    pub opportunity_id: Option<i32>,
}

/// The answer to "Převést": done, or look-alikes the user has to decide about first.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ConvertOutcome {
    Converted(Conversion),
    Duplicates(Duplicates),
}

impl ConvertInput {
    /// The form as the lead fills it: the company (and its IČO) becomes the organisation, the
    /// person the contact, and a deal is offered under the company's name with the BANT budget.
    pub fn prefill(lead: &LeadDetail) -> Self {
        let budget = lead
            .qualification
            .as_ref()
            .and_then(|q| q.bant.budget_czk)
            .map(|b| b.to_string())
            .unwrap_or_default();
        let company = lead.company.trim().to_string();
        ConvertInput {
            lead_id: lead.id,
            version: lead.version,
            account: Link::New,
            account_fields: AccountInput {
                name: company.clone(),
                // The lead's IČO is the company's: it also finds an existing organisation.
                ico: lead.ico.clone().unwrap_or_default(),
                dic: lead.dic.clone(),
                street: lead.street.clone(),
                city: lead.city.clone(),
                postal_code: lead.postal_code.clone(),
                ..AccountInput::default()
            },
            contact: Link::New,
            contact_fields: ContactInput {
                first_name: lead.first_name.clone(),
                last_name: lead.last_name.clone(),
                email: lead.email.clone().unwrap_or_default(),
                phone: lead
                    .phone
                    .as_deref()
                    .map(crate::leads::model::format_phone)
                    .unwrap_or_default(),
                job_title: String::new(),
            },
            with_opportunity: true,
            opportunity_fields: OpportunityInput {
                name: if company.is_empty() {
                    lead.full_name()
                } else {
                    company
                },
                amount: budget,
                expected_close: String::new(),
                stage: super::model::Stage::New.code().into(),
            },
            confirmed_new: false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Link;

    #[test]
    fn link_codes_round_trip() {
        assert_eq!(Link::from_code("new"), Some(Link::New));
        assert_eq!(Link::from_code("42"), Some(Link::Existing(42)));
        assert_eq!(Link::from_code("x"), None);
        assert_eq!(
            Link::from_code(&Link::Existing(7).code()),
            Some(Link::Existing(7))
        );
    }
}
