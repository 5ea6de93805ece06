//! Which rows of a file duplicate what exists, or an earlier row (server only). The keys are
//! `crate::matching`'s (the same as search and the conversion's look-alikes): email, phone in
//! E.164, IČO, and name with company. Existing records are looked up in chunks (IN lists), a
//! few queries per thousand rows, never one per row.

use std::collections::HashMap;

use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QuerySelect};

use super::model::{DuplicateMatch, MatchTarget, MatchedBy};
use crate::leads::model::{ValidLead, full_name};
use crate::matching::{company_key, email_key, name_key, phone_key};
use crate::server::entities::{account, contact, lead};

/// Values per IN list.
const CHUNK: usize = 500;

/// What a lead is matched by. Empty parts match nothing.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Keys {
    pub email: Option<String>,
    pub phone: Option<String>,
    pub ico: Option<String>,
    /// (name key, company key), both non-empty.
    pub name_company: Option<(String, String)>,
}

impl Keys {
    pub fn of(lead: &ValidLead) -> Self {
        let name = name_key(&lead.first_name, &lead.last_name);
        let company = company_key(&lead.company);
        Keys {
            email: lead.email.as_deref().and_then(email_key),
            phone: lead.phone.as_deref().and_then(phone_key),
            ico: lead.ico.clone().filter(|i| !i.is_empty()),
            name_company: (!name.is_empty() && !company.is_empty()).then_some((name, company)),
        }
    }
}

/// Existing records by each key.
#[derive(Default)]
pub struct Existing {
    email: HashMap<String, Vec<MatchTarget>>,
    phone: HashMap<String, Vec<MatchTarget>>,
    ico: HashMap<String, Vec<MatchTarget>>,
    name_company: HashMap<(String, String), Vec<MatchTarget>>,
}

impl Existing {
    /// The records `keys` match, each once with every way it matched; leads first, then
    /// contacts, then organisations.
    pub fn matches(&self, keys: &Keys) -> Vec<DuplicateMatch> {
        let mut found: Vec<DuplicateMatch> = Vec::new();
        let mut add = |targets: Option<&Vec<MatchTarget>>, by: MatchedBy| {
            for target in targets.into_iter().flatten() {
                match found.iter_mut().find(|m| m.target == *target) {
                    Some(m) if !m.by.contains(&by) => m.by.push(by),
                    Some(_) => {}
                    None => found.push(DuplicateMatch {
                        target: target.clone(),
                        by: vec![by],
                    }),
                }
            }
        };
        if let Some(email) = &keys.email {
            add(self.email.get(email), MatchedBy::Email);
        }
        if let Some(phone) = &keys.phone {
            add(self.phone.get(phone), MatchedBy::Phone);
        }
        if let Some(ico) = &keys.ico {
            add(self.ico.get(ico), MatchedBy::Ico);
        }
        if let Some(pair) = &keys.name_company {
            add(self.name_company.get(pair), MatchedBy::NameAndCompany);
            // An organisation matches by its name alone.
            add(
                self.name_company.get(&(String::new(), pair.1.clone())),
                MatchedBy::NameAndCompany,
            );
        }
        found.sort_by_key(|m| match m.target {
            MatchTarget::Lead { .. } => 0,
            MatchTarget::Contact { .. } => 1,
            MatchTarget::Account { .. } => 2,
            MatchTarget::Row { .. } => 3,
        });
        found
    }
}

/// Looks up the leads (except those of `batch`: a batch never duplicates itself), contacts
/// and organisations any of `keys` match.
pub async fn find_existing(
    db: &impl ConnectionTrait,
    keys: &[&Keys],
    batch: i32,
) -> Result<Existing, sea_orm::DbErr> {
    let mut existing = Existing::default();
    let distinct = |pick: &dyn Fn(&Keys) -> Option<String>| {
        let mut values: Vec<String> = keys.iter().filter_map(|k| pick(k)).collect();
        values.sort_unstable();
        values.dedup();
        values
    };
    let emails = distinct(&|k| k.email.clone());
    let phones = distinct(&|k| k.phone.clone());
    let icos = distinct(&|k| k.ico.clone());
    let names = distinct(&|k| k.name_company.as_ref().map(|p| p.0.clone()));
    let companies = distinct(&|k| k.name_company.as_ref().map(|p| p.1.clone()));
    let not_this_batch = || {
        sea_orm::Condition::any()
            .add(lead::Column::ImportBatchId.is_null())
            .add(lead::Column::ImportBatchId.ne(batch))
    };

    type LeadRow = (
        i32,
        String,
        String,
        Option<String>,
        Option<String>,
        Option<String>,
        String,
    );
    let lead_query = || {
        lead::Entity::find()
            .select_only()
            .columns([
                lead::Column::Id,
                lead::Column::FirstName,
                lead::Column::LastName,
                lead::Column::Email,
                lead::Column::Phone,
                lead::Column::Ico,
                lead::Column::Company,
            ])
            .filter(not_this_batch())
    };
    let mut leads: HashMap<i32, LeadRow> = HashMap::new();
    for (column, values) in [
        (lead::Column::Email, &emails),
        (lead::Column::Phone, &phones),
        (lead::Column::Ico, &icos),
        (lead::Column::NameKey, &names),
    ] {
        for chunk in values.chunks(CHUNK) {
            let rows: Vec<LeadRow> = lead_query()
                .filter(column.is_in(chunk.iter().cloned()))
                .into_tuple()
                .all(db)
                .await?;
            leads.extend(rows.into_iter().map(|row| (row.0, row)));
        }
    }
    let mut leads: Vec<LeadRow> = leads.into_values().collect();
    leads.sort_by_key(|row| row.0);
    for (id, first, last, email, phone, ico, company) in leads {
        let target = MatchTarget::Lead {
            id,
            name: full_name(&first, &last),
        };
        let pair = (name_key(&first, &last), company_key(&company));
        index(&mut existing, target, email, phone, ico, Some(pair));
    }

    type ContactRow = (i32, String, String, Option<String>, Option<String>);
    let mut contacts: HashMap<i32, ContactRow> = HashMap::new();
    for (column, values) in [
        (contact::Column::Email, &emails),
        (contact::Column::Phone, &phones),
    ] {
        for chunk in values.chunks(CHUNK) {
            let rows: Vec<ContactRow> = contact::Entity::find()
                .select_only()
                .columns([
                    contact::Column::Id,
                    contact::Column::FirstName,
                    contact::Column::LastName,
                    contact::Column::Email,
                    contact::Column::Phone,
                ])
                .filter(column.is_in(chunk.iter().cloned()))
                .into_tuple()
                .all(db)
                .await?;
            contacts.extend(rows.into_iter().map(|row| (row.0, row)));
        }
    }
    let mut contacts: Vec<ContactRow> = contacts.into_values().collect();
    contacts.sort_by_key(|row| row.0);
    for (id, first, last, email, phone) in contacts {
        let target = MatchTarget::Contact {
            id,
            name: full_name(&first, &last),
        };
        index(&mut existing, target, email, phone, None, None);
    }

    type AccountRow = (i32, String, String, Option<String>);
    let mut accounts: HashMap<i32, AccountRow> = HashMap::new();
    for (column, values) in [
        (account::Column::Ico, &icos),
        (account::Column::NameKey, &companies),
    ] {
        for chunk in values.chunks(CHUNK) {
            let rows: Vec<AccountRow> = account::Entity::find()
                .select_only()
                .columns([
                    account::Column::Id,
                    account::Column::Name,
                    account::Column::NameKey,
                    account::Column::Ico,
                ])
                .filter(column.is_in(chunk.iter().cloned()))
                .into_tuple()
                .all(db)
                .await?;
            accounts.extend(rows.into_iter().map(|row| (row.0, row)));
        }
    }
    let mut accounts: Vec<AccountRow> = accounts.into_values().collect();
    accounts.sort_by_key(|row| row.0);
    for (id, name, key, ico) in accounts {
        let target = MatchTarget::Account { id, name };
        // An organisation has no person's name: it is filed under an empty one.
        let pair = (!key.is_empty()).then(|| (String::new(), key));
        index(&mut existing, target, None, None, ico, pair);
    }
    Ok(existing)
}

fn index(
    existing: &mut Existing,
    target: MatchTarget,
    email: Option<String>,
    phone: Option<String>,
    ico: Option<String>,
    name_company: Option<(String, String)>,
) {
    if let Some(email) = email.as_deref().and_then(email_key) {
        existing
            .email
            .entry(email)
            .or_default()
            .push(target.clone());
    }
    if let Some(phone) = phone.as_deref().and_then(phone_key) {
        existing
            .phone
            .entry(phone)
            .or_default()
            .push(target.clone());
    }
    if let Some(ico) = ico.filter(|i| !i.is_empty()) {
        existing.ico.entry(ico).or_default().push(target.clone());
    }
    if let Some(pair) = name_company.filter(|(_, company)| !company.is_empty()) {
        existing.name_company.entry(pair).or_default().push(target);
    }
}

/// The rows seen so far, by key: the first row with each key.
#[derive(Default)]
pub struct EarlierRows {
    email: HashMap<String, u32>,
    phone: HashMap<String, u32>,
    ico: HashMap<String, u32>,
    name_company: HashMap<(String, String), u32>,
}

impl EarlierRows {
    /// The earlier rows `keys` match (the first with each key), then remembers `row`.
    pub fn check_and_add(&mut self, row: u32, keys: &Keys) -> Vec<DuplicateMatch> {
        let mut found: Vec<DuplicateMatch> = Vec::new();
        let mut note = |earlier: u32, by: MatchedBy| {
            if earlier == row {
                return;
            }
            let target = MatchTarget::Row { row: earlier };
            match found.iter_mut().find(|m| m.target == target) {
                Some(m) => m.by.push(by),
                None => found.push(DuplicateMatch {
                    target,
                    by: vec![by],
                }),
            }
        };
        if let Some(email) = &keys.email {
            note(
                *self.email.entry(email.clone()).or_insert(row),
                MatchedBy::Email,
            );
        }
        if let Some(phone) = &keys.phone {
            note(
                *self.phone.entry(phone.clone()).or_insert(row),
                MatchedBy::Phone,
            );
        }
        if let Some(ico) = &keys.ico {
            note(*self.ico.entry(ico.clone()).or_insert(row), MatchedBy::Ico);
        }
        if let Some(pair) = &keys.name_company {
            note(
                *self.name_company.entry(pair.clone()).or_insert(row),
                MatchedBy::NameAndCompany,
            );
        }
        found
    }
}
