//! The conversion itself (server only): the look-alike check, then one transaction that
//! creates or links the organisation, the contact and the deal and closes the lead. Any
//! failure on the way rolls all of it back.

use chrono::{DateTime, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter,
    QueryOrder, QuerySelect, TransactionTrait,
};

use super::convert::{
    AccountMatch, ContactMatch, Conversion, ConvertInput, ConvertOutcome, ConvertPage, Duplicates,
    Link, MatchReason,
};
use super::model::{AccountInput, ContactInput, ValidAccount, ValidContact, normalize_ico};
use super::repo::{
    company_key, insert_account, insert_contact, insert_opportunity, names_of_accounts,
};
use crate::auth::model::CurrentUser;
use crate::auth::permissions::{LeadAction, check_lead, visible_scope};
use crate::error::{AppError, Field, FieldError, FieldProblem};
use crate::leads::model::{LeadStatus, TransitionRefusal, full_name, normalize_phone};
use crate::leads::repo::{claim_version, lane, lead_detail, people_by_id, record_status_change};
use crate::server::entities::{account, contact, lead};

/// How many look-alikes of each kind are shown.
const MATCH_LIMIT: u64 = 10;

/// The conversion screen for a lead the user may edit.
pub async fn convert_page(
    db: &DatabaseConnection,
    user: &CurrentUser,
    lead_id: i32,
) -> Result<ConvertPage, AppError> {
    let lead = lead_detail(db, lead_id, visible_scope(user)).await?;
    check_lead(user, lead.owner.as_ref().map(|o| o.id), LeadAction::Edit)?;
    let prefill = ConvertInput::prefill(&lead);
    let duplicates = duplicates(db, &prefill.account_fields, &prefill.contact_fields).await?;
    Ok(ConvertPage {
        lead,
        prefill,
        duplicates,
    })
}

/// Organisations with the same IČO or the same normalised name, and contacts with the same
/// email or phone, across the whole firm: a salesperson must not create a second record of a
/// company a colleague already looks after.
pub async fn duplicates(
    db: &impl ConnectionTrait,
    account_fields: &AccountInput,
    contact_fields: &ContactInput,
) -> Result<Duplicates, AppError> {
    Ok(Duplicates {
        accounts: account_matches(db, account_fields).await?,
        contacts: contact_matches(db, contact_fields).await?,
    })
}

async fn account_matches(
    db: &impl ConnectionTrait,
    fields: &AccountInput,
) -> Result<Vec<AccountMatch>, AppError> {
    let ico = normalize_ico(&fields.ico).ok().flatten();
    let key = company_key(&fields.name);
    let mut any = Condition::any();
    if let Some(ico) = &ico {
        any = any.add(account::Column::Ico.eq(ico.clone()));
    }
    if !key.is_empty() {
        any = any.add(account::Column::NameKey.eq(key.clone()));
    }
    if ico.is_none() && key.is_empty() {
        return Ok(Vec::new());
    }
    let rows = account::Entity::find()
        .filter(any)
        .order_by_asc(account::Column::NameKey)
        .limit(MATCH_LIMIT)
        .all(db)
        .await?;
    let people = people_by_id(db, rows.iter().filter_map(|a| a.owner_id).collect()).await?;
    Ok(rows
        .into_iter()
        .map(|a| {
            let mut reasons = Vec::new();
            if ico.is_some() && a.ico == ico {
                reasons.push(MatchReason::Ico);
            }
            if !key.is_empty() && a.name_key == key {
                reasons.push(MatchReason::Name);
            }
            AccountMatch {
                id: a.id,
                name: a.name,
                ico: a.ico,
                city: a.city,
                owner: a.owner_id.and_then(|id| people.get(&id).cloned()),
                reasons,
            }
        })
        .collect())
}

async fn contact_matches(
    db: &impl ConnectionTrait,
    fields: &ContactInput,
) -> Result<Vec<ContactMatch>, AppError> {
    let email = Some(fields.email.trim().to_lowercase()).filter(|e| !e.is_empty());
    let phone = normalize_phone(&fields.phone);
    if email.is_none() && phone.is_none() {
        return Ok(Vec::new());
    }
    let mut any = Condition::any();
    if let Some(email) = &email {
        any = any.add(contact::Column::Email.eq(email.clone()));
    }
    if let Some(phone) = &phone {
        any = any.add(contact::Column::Phone.eq(phone.clone()));
    }
    let rows = contact::Entity::find()
        .filter(any)
        .order_by_asc(contact::Column::NameKey)
        .limit(MATCH_LIMIT)
        .all(db)
        .await?;
    let accounts = names_of_accounts(db, rows.iter().map(|c| c.account_id).collect()).await?;
    Ok(rows
        .into_iter()
        .map(|c| {
            let mut reasons = Vec::new();
            if email.is_some() && c.email == email {
                reasons.push(MatchReason::Email);
            }
            if phone.is_some() && c.phone == phone {
                reasons.push(MatchReason::Phone);
            }
            ContactMatch {
                id: c.id,
                name: full_name(&c.first_name, &c.last_name),
                email: c.email,
                phone: c.phone,
                account_id: c.account_id,
                account_name: accounts.get(&c.account_id).cloned().unwrap_or_default(),
                reasons,
            }
        })
        .collect())
}

/// The parts of the input that will be created, validated together so every problem shows.
struct Checked {
    account: Option<ValidAccount>,
    contact: Option<ValidContact>,
    opportunity: Option<super::model::ValidOpportunity>,
}

fn check(input: &ConvertInput) -> Result<Checked, AppError> {
    fn keep<T>(errors: &mut Vec<FieldError>, result: Result<T, Vec<FieldError>>) -> Option<T> {
        result.map_err(|problems| errors.extend(problems)).ok()
    }
    let mut errors = Vec::new();
    let account = match input.account {
        Link::New => keep(&mut errors, input.account_fields.validate()),
        Link::Existing(_) => None,
    };
    let contact = match input.contact {
        Link::New => keep(&mut errors, input.contact_fields.validate()),
        Link::Existing(_) => None,
    };
    let opportunity = if input.with_opportunity {
        keep(&mut errors, input.opportunity_fields.validate())
    } else {
        None
    };
    if errors.is_empty() {
        Ok(Checked {
            account,
            contact,
            opportunity,
        })
    } else {
        Err(AppError::Invalid(errors))
    }
}

/// Converts the lead: look-alikes first (unless the user has seen them and chose to create
/// new records), then everything in one transaction.
pub async fn convert(
    db: &DatabaseConnection,
    user: &CurrentUser,
    input: &ConvertInput,
    now: DateTime<Utc>,
) -> Result<ConvertOutcome, AppError> {
    let checked = check(input)?;
    if !input.confirmed_new {
        let mut found = Duplicates::default();
        if input.account == Link::New {
            found.accounts = account_matches(db, &input.account_fields).await?;
        }
        if input.contact == Link::New {
            found.contacts = contact_matches(db, &input.contact_fields).await?;
        }
        if !found.is_empty() {
            return Ok(ConvertOutcome::Duplicates(found));
        }
    }
    let txn = db.begin().await?;
    // The first write: a lead changed since the user opened the screen is not converted.
    claim_version(
        &txn,
        input.lead_id,
        Some(input.version),
        visible_scope(user),
        now,
    )
    .await?;
    let current = lead::Entity::find_by_id(input.lead_id)
        .one(&txn)
        .await?
        .ok_or(AppError::NotFound)?;
    check_lead(user, current.owner_id, LeadAction::Edit)?;
    match LeadStatus::from_code(&current.status) {
        Some(LeadStatus::Qualified) => {}
        Some(LeadStatus::Converted) => {
            return Err(AppError::Transition(TransitionRefusal::ConvertedIsFinal));
        }
        _ => {
            return Err(AppError::Transition(
                TransitionRefusal::OnlyQualifiedConverts,
            ));
        }
    }
    // The new records belong to whoever works the lead.
    let owner = current.owner_id.unwrap_or(user.id);

    let account_id = match (input.account, &checked.account) {
        (Link::Existing(id), _) => {
            account::Entity::find_by_id(id)
                .one(&txn)
                .await?
                .ok_or_else(|| invalid(Field::Account, FieldProblem::UnknownChoice))?
                .id
        }
        (Link::New, Some(valid)) => insert_account(&txn, valid, owner, now).await?,
        (Link::New, None) => return Err(AppError::Internal),
    };
    let contact_id = match (input.contact, &checked.contact) {
        (Link::Existing(id), _) => {
            let existing = contact::Entity::find_by_id(id)
                .one(&txn)
                .await?
                .ok_or_else(|| invalid(Field::Contact, FieldProblem::UnknownChoice))?;
            if existing.account_id != account_id {
                return Err(invalid(Field::Contact, FieldProblem::ContactElsewhere));
            }
            existing.id
        }
        (Link::New, Some(valid)) => insert_contact(&txn, account_id, valid, owner, now).await?,
        (Link::New, None) => return Err(AppError::Internal),
    };
    let opportunity_id = match &checked.opportunity {
        Some(valid) => {
            Some(insert_opportunity(&txn, account_id, Some(contact_id), valid, owner, now).await?)
        }
        None => None,
    };

    let position = lane(LeadStatus::Converted).top(&txn, current.id).await?;
    lead::Entity::update_many()
        .col_expr(
            lead::Column::Status,
            Expr::value(LeadStatus::Converted.code()),
        )
        .col_expr(lead::Column::Position, Expr::value(position))
        .col_expr(lead::Column::StatusChangedAt, Expr::value(now))
        .col_expr(lead::Column::ConvertedAccountId, Expr::value(account_id))
        .col_expr(lead::Column::ConvertedContactId, Expr::value(contact_id))
        .col_expr(
            lead::Column::ConvertedOpportunityId,
            Expr::value(opportunity_id),
        )
        .col_expr(lead::Column::ConvertedBy, Expr::value(user.id))
        .filter(lead::Column::Id.eq(current.id))
        .exec(&txn)
        .await?;
    record_status_change(
        &txn,
        current.id,
        Some(LeadStatus::Qualified),
        LeadStatus::Converted,
        None,
        now,
    )
    .await?;
    crate::live::outbox::record(
        &txn,
        current.id,
        crate::live::model::EventKind::Converted,
        None,
        now,
    )
    .await?;
    txn.commit().await?;
    Ok(ConvertOutcome::Converted(Conversion {
        account_id,
        contact_id,
        opportunity_id,
    }))
}

fn invalid(field: Field, problem: FieldProblem) -> AppError {
    AppError::Invalid(vec![FieldError::new(field, problem)])
}
