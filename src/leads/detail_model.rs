//! The lead detail page's read model: the lead with everything the page shows around it
//! (activities, qualification, history, owner changes, what it became, consents). It sits
//! above the lead core and the features whose parts it gathers; nothing below imports it.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::closing::Disqualification;
use super::model::{
    LeadInput, LeadSource, LeadStatus, PersonRef, StatusChange, format_phone, full_name,
};
use crate::activities::model::ActivityInput;
use crate::qualification::model::{Qualification, QualificationInput};
use crate::shared::region::Region;

/// Everything on the detail page.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LeadDetail {
    pub id: i32,
    pub first_name: String,
    pub last_name: String,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub company: String,
    pub source: LeadSource,
    pub description: String,
    /// The company's IČO, when known.
    #[serde(default)]
    pub ico: Option<String>,
    /// The company's DIČ and registered address (empty when unknown).
    #[serde(default)]
    pub dic: String,
    #[serde(default)]
    pub street: String,
    #[serde(default)]
    pub city: String,
    #[serde(default)]
    pub postal_code: String,
    pub status: LeadStatus,
    pub version: i32,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub status_changed_at: DateTime<Utc>,
    pub region: Option<Region>,
    pub product_id: Option<i32>,
    pub owner: Option<PersonRef>,
    /// When the team first contacted the lead (speed-to-lead); None while it waits.
    pub first_contact_at: Option<DateTime<Utc>>,
    /// The BANT answers, once anyone has filled them in.
    pub qualification: Option<Qualification>,
    /// Why it was disqualified, while it is Nekvalifikovaný.
    pub disqualification: Option<Disqualification>,
    /// The communication log, newest first.
    pub activities: Vec<crate::activities::model::ActivityView>,
    pub history: Vec<StatusChange>,
    /// Who the lead was given to, by whom or by which rule, newest last.
    pub assignments: Vec<AssignmentEntry>,
    /// What it became, once converted.
    pub converted_to: Option<crate::clients::model::ConvertedTo>,
    /// What the person consented to through web forms, oldest first.
    #[serde(default)]
    pub consents: Vec<crate::capture::model::ConsentView>,
}

impl LeadDetail {
    pub fn full_name(&self) -> String {
        full_name(&self.first_name, &self.last_name)
    }

    pub fn as_input(&self) -> LeadInput {
        LeadInput {
            first_name: self.first_name.clone(),
            last_name: self.last_name.clone(),
            email: self.email.clone().unwrap_or_default(),
            phone: self.phone.as_deref().map(format_phone).unwrap_or_default(),
            company: self.company.clone(),
            source: self.source.code().to_string(),
            description: self.description.clone(),
            region: self
                .region
                .map(|r| r.code().to_string())
                .unwrap_or_default(),
            product: self.product_id.map(|p| p.to_string()).unwrap_or_default(),
            ico: self.ico.clone().unwrap_or_default(),
            dic: self.dic.clone(),
            street: self.street.clone(),
            city: self.city.clone(),
            postal_code: self.postal_code.clone(),
        }
    }
}

/// One change of a lead's owner.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AssignmentEntry {
    pub from: Option<PersonRef>,
    pub to: Option<PersonRef>,
    /// The person who assigned (None: a rule did, or the person took the lead themselves).
    pub by: Option<PersonRef>,
    pub rule_name: Option<String>,
    pub at: DateTime<Utc>,
}

/// Everything the detail page needs, in one answer: the lead, who is looking (to offer what
/// they may do) and, for managers, the people they may assign it to. One request, so the page
/// renders with no nested loading.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LeadPage {
    pub detail: LeadDetail,
    pub me: crate::auth::model::CurrentUser,
    /// Empty for salespeople.
    pub assignees: Vec<PersonRef>,
    /// The active products the lead form offers.
    pub products: Vec<crate::products::model::ProductView>,
    /// A refused plain post (no WebAssembly) of one of the page's forms: what was typed and
    /// why. Read with the page, so the page has one resource (no second one to hydrate).
    pub flash: Option<crate::ui::form_flash::FormFlash<DetailTyped>>,
}

/// The name under which a refused plain post of the detail form waits for the page.
pub const DETAIL_FORM: &str = "lead-detail";

/// What a refused plain post of one of the detail page's forms typed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum DetailTyped {
    /// The lead's own fields, with the version the form was loaded at.
    Lead {
        id: i32,
        version: i32,
        input: LeadInput,
    },
    Qualification {
        lead_id: i32,
        input: QualificationInput,
    },
    Activity {
        lead_id: i32,
        input: ActivityInput,
    },
}

impl DetailTyped {
    pub fn lead_id(&self) -> i32 {
        match self {
            DetailTyped::Lead { id, .. } => *id,
            DetailTyped::Qualification { lead_id, .. } | DetailTyped::Activity { lead_id, .. } => {
                *lead_id
            }
        }
    }
}
