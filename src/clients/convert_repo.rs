//! The conversion itself (server only): the lead check, the look-alike check, then one
//! transaction that creates or links the organisation, the contact and the deal and closes
//! the lead. Any failure on the way rolls all of it back.
//!
//! Who may do what: only a caller who may edit the lead gets any answer about look-alikes
//! (the lead is checked first, so a made-up lead id probes nothing); look-alikes the caller
//! may not open come back as [`ForeignMatch`] (the owner's name and why, no data of theirs);
//! and a record is linked only if the caller may open it (else NotFound, as opening it).

use chrono::{DateTime, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter,
    QueryOrder, QuerySelect, TransactionTrait,
};

use super::convert::{
    AccountMatch, ContactMatch, Conversion, ConvertInput, ConvertOutcome, ConvertPage, Duplicates,
    ForeignMatch, Link, MatchReason,
};
use super::model::{AccountInput, ContactInput, ValidAccount, ValidContact, normalize_ico};
use super::repo::{
    account_condition, contact_condition, insert_account, insert_contact, insert_opportunity,
    names_of_accounts,
};
use crate::auth::model::CurrentUser;
use crate::auth::permissions::{ClientScope, LeadAction, check_lead, client_scope, visible_scope};
use crate::error::{AppError, Field, FieldError, FieldProblem};
use crate::leads::model::{LeadStatus, TransitionRefusal, full_name};
use crate::leads::repo::lead_detail;
use crate::leads::scope::{claim_lead, scope_condition};
use crate::leads::store::{change_owner, lane, people_by_id, record_status_change};
// The one normalisation: the import's duplicate check and search compare the same way.
use crate::matching::{company_key, email_key, phone_key};
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
    let duplicates = duplicates(
        db,
        client_scope(user),
        &prefill.account_fields,
        &prefill.contact_fields,
    )
    .await?;
    Ok(ConvertPage {
        lead,
        prefill,
        duplicates,
    })
}

/// Organisations with the same IČO or the same normalised name, and contacts with the same
/// email or phone, across the whole firm: a salesperson must not create a second record of a
/// company a colleague already looks after. Those outside `scope` say only whose they are.
pub async fn duplicates(
    db: &impl ConnectionTrait,
    scope: ClientScope,
    account_fields: &AccountInput,
    contact_fields: &ContactInput,
) -> Result<Duplicates, AppError> {
    let (accounts, foreign_accounts) = account_matches(db, scope, account_fields).await?;
    let (contacts, foreign_contacts) = contact_matches(db, scope, contact_fields).await?;
    Ok(Duplicates {
        accounts,
        contacts,
        foreign_accounts,
        foreign_contacts,
    })
}

/// Which of `ids` the caller may open (`visible`: the scope's condition on that table).
async fn visible_ids<E>(
    db: &impl ConnectionTrait,
    id: E::Column,
    ids: Vec<i32>,
    visible: Condition,
) -> Result<std::collections::HashSet<i32>, sea_orm::DbErr>
where
    E: EntityTrait,
{
    if ids.is_empty() {
        return Ok(Default::default());
    }
    let rows: Vec<i32> = E::find()
        .select_only()
        .column(id)
        .filter(id.is_in(ids))
        .filter(visible)
        .into_tuple()
        .all(db)
        .await?;
    Ok(rows.into_iter().collect())
}

async fn account_matches(
    db: &impl ConnectionTrait,
    scope: ClientScope,
    fields: &AccountInput,
) -> Result<(Vec<AccountMatch>, Vec<ForeignMatch>), AppError> {
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
        return Ok(Default::default());
    }
    let rows = account::Entity::find()
        .filter(any)
        .order_by_asc(account::Column::NameKey)
        .order_by_asc(account::Column::Id)
        .limit(MATCH_LIMIT)
        .all(db)
        .await?;
    let people = people_by_id(db, rows.iter().filter_map(|a| a.owner_id).collect()).await?;
    let visible = visible_ids::<account::Entity>(
        db,
        account::Column::Id,
        rows.iter().map(|a| a.id).collect(),
        account_condition(scope),
    )
    .await?;
    let (mut mine, mut foreign) = (Vec::new(), Vec::new());
    for a in rows {
        let mut reasons = Vec::new();
        if ico.is_some() && a.ico == ico {
            reasons.push(MatchReason::Ico);
        }
        if !key.is_empty() && a.name_key == key {
            reasons.push(MatchReason::Name);
        }
        let owner = a.owner_id.and_then(|id| people.get(&id).cloned());
        if visible.contains(&a.id) {
            mine.push(AccountMatch {
                id: a.id,
                name: a.name,
                ico: a.ico,
                city: a.city,
                owner,
                reasons,
            });
        } else {
            foreign.push(ForeignMatch {
                owner: owner.map(|o| o.name),
                reasons,
            });
        }
    }
    Ok((mine, foreign))
}

async fn contact_matches(
    db: &impl ConnectionTrait,
    scope: ClientScope,
    fields: &ContactInput,
) -> Result<(Vec<ContactMatch>, Vec<ForeignMatch>), AppError> {
    let email = email_key(&fields.email);
    let phone = phone_key(&fields.phone);
    if email.is_none() && phone.is_none() {
        return Ok(Default::default());
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
        .order_by_asc(contact::Column::Id)
        .limit(MATCH_LIMIT)
        .all(db)
        .await?;
    let visible = visible_ids::<contact::Entity>(
        db,
        contact::Column::Id,
        rows.iter().map(|c| c.id).collect(),
        contact_condition(scope),
    )
    .await?;
    // Names of the organisations of visible contacts only (a contact the caller may open is at
    // an organisation they may open).
    let accounts = names_of_accounts(
        db,
        rows.iter()
            .filter(|c| visible.contains(&c.id))
            .map(|c| c.account_id)
            .collect(),
    )
    .await?;
    let people = people_by_id(
        db,
        rows.iter()
            .filter(|c| !visible.contains(&c.id))
            .filter_map(|c| c.owner_id)
            .collect(),
    )
    .await?;
    let (mut mine, mut foreign) = (Vec::new(), Vec::new());
    for c in rows {
        let mut reasons = Vec::new();
        if email.is_some() && c.email == email {
            reasons.push(MatchReason::Email);
        }
        if phone.is_some() && c.phone == phone {
            reasons.push(MatchReason::Phone);
        }
        if visible.contains(&c.id) {
            mine.push(ContactMatch {
                id: c.id,
                name: full_name(&c.first_name, &c.last_name),
                email: c.email,
                phone: c.phone,
                account_id: c.account_id,
                account_name: accounts.get(&c.account_id).cloned().unwrap_or_default(),
                reasons,
            });
        } else {
            foreign.push(ForeignMatch {
                owner: c
                    .owner_id
                    .and_then(|id| people.get(&id).map(|p| p.name.clone())),
                reasons,
            });
        }
    }
    Ok((mine, foreign))
}

/// Only a Kvalifikovaný lead converts; a converted one is final.
fn convertible(status: LeadStatus) -> Result<(), AppError> {
    match status {
        LeadStatus::Qualified => Ok(()),
        LeadStatus::Converted => Err(AppError::Transition(TransitionRefusal::ConvertedIsFinal)),
        _ => Err(AppError::Transition(
            TransitionRefusal::OnlyQualifiedConverts,
        )),
    }
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

/// Converts the lead: the lead itself first (one the caller may not edit is not found, and
/// nothing else is looked at), then the look-alikes (unless the user has seen them and chose
/// to create new records), then everything in one transaction.
pub async fn convert(
    db: &DatabaseConnection,
    user: &CurrentUser,
    input: &ConvertInput,
    now: DateTime<Utc>,
) -> Result<ConvertOutcome, AppError> {
    let seen = lead::Entity::find_by_id(input.lead_id)
        .filter(scope_condition(visible_scope(user)))
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    check_lead(user, seen.owner_id, LeadAction::Edit)?;
    convertible(seen.status)?;
    let checked = check(input)?;
    let scope = client_scope(user);
    if !input.confirmed_new {
        let mut found = Duplicates::default();
        if input.account == Link::New {
            (found.accounts, found.foreign_accounts) =
                account_matches(db, scope, &input.account_fields).await?;
        }
        if input.contact == Link::New {
            (found.contacts, found.foreign_contacts) =
                contact_matches(db, scope, &input.contact_fields).await?;
        }
        if !found.is_empty() {
            return Ok(ConvertOutcome::Duplicates(found));
        }
    }
    let txn = db.begin().await?;
    // The first write: a lead changed since the user opened the screen is not converted.
    let current = claim_lead(
        &txn,
        user,
        input.lead_id,
        Some(input.version),
        LeadAction::Edit,
        now,
    )
    .await?;
    convertible(current.status)?;
    // The new records belong to whoever works the lead. A pool lead is taken by whoever
    // converts it: a converted lead is read-only history that links to clients, and the pool
    // is open to every salesperson, so it must not stay there.
    let owner = match current.owner_id {
        Some(owner) => owner,
        None => {
            change_owner(&txn, &current, Some(user.id), Some(user.id), None, now).await?;
            user.id
        }
    };

    // Linking needs the right to open what is linked: anything else is "not found", as
    // opening it would be (checked before anything is written that could make it visible).
    let account_id = match (input.account, &checked.account) {
        (Link::Existing(id), _) => {
            account::Entity::find_by_id(id)
                .filter(account_condition(scope))
                .one(&txn)
                .await?
                .ok_or(AppError::NotFound)?
                .id
        }
        (Link::New, Some(valid)) => insert_account(&txn, valid, owner, now).await?,
        (Link::New, None) => return Err(AppError::Internal),
    };
    let contact_id = match (input.contact, &checked.contact) {
        (Link::Existing(id), _) => {
            let existing = contact::Entity::find_by_id(id)
                .filter(contact_condition(scope))
                .one(&txn)
                .await?
                .ok_or(AppError::NotFound)?;
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
    // Who had it before hears of it too (a pool lead leaves every salesperson's board).
    let events = crate::live::outbox::record(
        &txn,
        current.id,
        crate::live::model::EventKind::Converted,
        Some(current.owner_id),
        now,
    )
    .await?;
    crate::live::outbox::commit(txn, events).await?;
    Ok(ConvertOutcome::Converted(Conversion {
        account_id,
        contact_id,
        opportunity_id,
    }))
}

fn invalid(field: Field, problem: FieldProblem) -> AppError {
    AppError::Invalid(vec![FieldError::new(field, problem)])
}
