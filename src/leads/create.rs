//! Creating leads inside the caller's transaction (server only), one from quick entry or a
//! few hundred from an import step, each the way every new lead is made: the row at the top
//! of its column, its first history row, then its owner (the assignment rules, or a given
//! person; a lead given an owner in Nový moves to Přiřazený, with a second history row and
//! an assignment row).
//!
//! A batch costs a fixed number of statements, not a number per lead: the rows go in with one
//! INSERT … RETURNING, the rules are read once ([`crate::assignment::picker`]), each column's
//! top is read once, and the places with owners, the history and the assignment rows are
//! written with one statement each.
//!
//! The caller writes the `Created` events last, right before its commit (see
//! `live::outbox::record_many`: on PostgreSQL everything after an event runs under the
//! event-order lock).

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder,
};

use super::model::{CreatedLead, LeadStatus, PersonRef, ValidLead, full_name};
use super::store::{lane, lead_search_key, name_key, people_by_id, status_change_row};
use crate::server::entities::{lead, lead_assignment, lead_status_change};
use crate::server::ordering::GAP;

/// Who a new lead goes to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum NewOwner {
    /// The assignment rules decide (nobody when none applies).
    Rules,
    /// This person, recorded as given by `by` (an import's fixed owner).
    Person { id: i32, by: i32 },
    /// This person, the fixed owner of a web form: recorded with the form's name where a
    /// rule's name goes (nobody assigned it by hand).
    Form { id: i32, form_name: String },
}

/// A lead about to be created.
pub(crate) struct NewLead<'a> {
    pub input: &'a ValidLead,
    /// Quick entry's idempotency key.
    pub form_key: Option<String>,
    /// The column it starts in (quick entry: Nový).
    pub status: LeadStatus,
    pub owner: NewOwner,
    /// The import that creates it.
    pub import_batch: Option<i32>,
}

/// Creates one lead (see the module's note).
pub(crate) async fn insert_lead(
    txn: &impl ConnectionTrait,
    new: NewLead<'_>,
    now: DateTime<Utc>,
) -> Result<CreatedLead, sea_orm::DbErr> {
    insert_leads(txn, vec![new], now)
        .await?
        .pop()
        .ok_or(sea_orm::DbErr::RecordNotInserted)
}

/// The advisory-lock space of "a person's email or phone" (1 and 2 are sign-in's, `auth::repo`).
const PERSON_LOCK_SPACE: i32 = 3;

/// On PostgreSQL, leads that arrive by themselves (web forms, the mailbox) about one person
/// take turns whichever way they come, so two of them with the same email or phone cannot
/// both miss each other in their duplicate check and make two leads: a transaction-scoped lock on each of the person's keys, taken in the order
/// of their lock numbers so two submissions never wait on each other. (On SQLite the
/// transaction's first write already holds the one write lock.)
pub(crate) async fn lock_person(
    txn: &impl ConnectionTrait,
    new: &ValidLead,
) -> Result<(), sea_orm::DbErr> {
    if txn.get_database_backend() != sea_orm::DbBackend::Postgres {
        return Ok(());
    }
    let mut locks: Vec<i32> = [
        new.email.as_deref().and_then(crate::matching::email_key),
        new.phone.as_deref().and_then(crate::matching::phone_key),
    ]
    .into_iter()
    .flatten()
    .map(|key| lock_number(&key))
    .collect();
    locks.sort_unstable();
    locks.dedup();
    for number in locks {
        txn.execute_raw(sea_orm::Statement::from_sql_and_values(
            sea_orm::DbBackend::Postgres,
            "SELECT pg_advisory_xact_lock($1, $2)",
            [PERSON_LOCK_SPACE.into(), number.into()],
        ))
        .await?;
    }
    Ok(())
}

/// A key's lock number: FNV-1a, the same on every instance and every build (a collision only
/// makes two people take turns).
fn lock_number(key: &str) -> i32 {
    let hash = key.bytes().fold(0x811c_9dc5_u32, |h, b| {
        (h ^ u32::from(b)).wrapping_mul(0x0100_0193)
    });
    i32::from_ne_bytes(hash.to_ne_bytes())
}

/// The newest open lead (not closed as Nekvalifikovaný or Převedený) with this email or
/// phone, compared by `crate::matching`'s keys as search and import compare them: where a
/// lead that arrives by itself (web form, mailbox) is logged instead of becoming a second
/// card. Call it after `lock_person`.
pub(crate) async fn open_lead_of(
    txn: &impl ConnectionTrait,
    email: Option<&str>,
    phone: Option<&str>,
) -> Result<Option<i32>, sea_orm::DbErr> {
    let email = email.and_then(crate::matching::email_key);
    let phone = phone.and_then(crate::matching::phone_key);
    if email.is_none() && phone.is_none() {
        return Ok(None);
    }
    let mut same = sea_orm::Condition::any();
    if let Some(email) = email {
        same = same.add(lead::Column::Email.eq(email));
    }
    if let Some(phone) = phone {
        same = same.add(lead::Column::Phone.eq(phone));
    }
    let open = [
        LeadStatus::New,
        LeadStatus::Assigned,
        LeadStatus::InProcess,
        LeadStatus::Qualified,
    ]
    .map(|s| s.code());
    Ok(lead::Entity::find()
        .filter(same)
        .filter(lead::Column::Status.is_in(open))
        .order_by_desc(lead::Column::Id)
        .one(txn)
        .await?
        .map(|l| l.id))
}

/// The owner chosen for a new lead.
struct Chosen {
    id: i32,
    /// The person, when the rules already named them.
    person: Option<PersonRef>,
    /// Who gave it (None: a rule).
    by: Option<i32>,
    rule_name: Option<String>,
}

/// Creates the leads, in order (see the module's note); answers them in the same order.
pub(crate) async fn insert_leads(
    txn: &impl ConnectionTrait,
    news: Vec<NewLead<'_>>,
    now: DateTime<Utc>,
) -> Result<Vec<CreatedLead>, sea_orm::DbErr> {
    if news.is_empty() {
        return Ok(Vec::new());
    }
    // The rows first: on SQLite a write transaction must start with a write (see repo.rs).
    // Until they get their place, the position holds the row's index: RETURNING gives rows
    // back in no promised order, and this says which input each one is.
    let rows = lead::Entity::insert_many(
        news.iter()
            .enumerate()
            .map(|(index, new)| fresh_row(new, index as i64, now)),
    )
    .exec_with_returning(txn)
    .await?;
    let mut ids = vec![0; news.len()];
    for row in &rows {
        if let Some(slot) = usize::try_from(row.position)
            .ok()
            .and_then(|i| ids.get_mut(i))
        {
            *slot = row.id;
        }
    }
    if ids.contains(&0) {
        return Err(sea_orm::DbErr::RecordNotInserted);
    }

    let chosen = choose_owners(txn, &news, now).await?;
    // Where each lead ends up: a lead given an owner in Nový moves to Přiřazený.
    let finals: Vec<LeadStatus> = news
        .iter()
        .zip(&chosen)
        .map(|(new, owner)| match (new.status, owner) {
            (LeadStatus::New, Some(_)) => LeadStatus::Assigned,
            (status, _) => status,
        })
        .collect();
    settle(txn, &ids, &chosen, &finals).await?;
    record_history(txn, &ids, &news, &chosen, &finals, now).await?;

    let named: HashMap<i32, PersonRef> = people_by_id(
        txn,
        chosen
            .iter()
            .flatten()
            .filter(|c| c.person.is_none())
            .map(|c| c.id)
            .collect(),
    )
    .await?;
    Ok(news
        .iter()
        .zip(ids)
        .zip(chosen)
        .map(|((new, id), owner)| CreatedLead {
            id,
            name: full_name(&new.input.first_name, &new.input.last_name),
            repeated: false,
            owner: owner.and_then(|c| c.person.or_else(|| named.get(&c.id).cloned())),
        })
        .collect())
}

fn fresh_row(new: &NewLead<'_>, index: i64, now: DateTime<Utc>) -> lead::ActiveModel {
    let input = new.input;
    lead::ActiveModel {
        first_name: Set(input.first_name.clone()),
        last_name: Set(input.last_name.clone()),
        name_key: Set(name_key(&input.first_name, &input.last_name)),
        search_key: Set(Some(lead_search_key(input))),
        ico: Set(input.ico.clone()),
        email: Set(input.email.clone()),
        phone: Set(input.phone.clone()),
        company: Set(input.company.clone()),
        source: Set(input.source),
        description: Set(input.description.clone()),
        region: Set(input.region.map(|r| r.code().to_string())),
        product_id: Set(input.product_id),
        status: Set(new.status),
        position: Set(index),
        version: Set(1),
        idempotency_key: Set(new.form_key.clone()),
        created_at: Set(now),
        updated_at: Set(now),
        status_changed_at: Set(now),
        import_batch_id: Set(new.import_batch),
        dic: Set(input.dic.clone()),
        street: Set(input.street.clone()),
        city: Set(input.city.clone()),
        postal_code: Set(input.postal_code.clone()),
        ..Default::default()
    }
}

/// Each lead's owner: the given person, or whom the rules pick (read once for all leads).
async fn choose_owners(
    txn: &impl ConnectionTrait,
    news: &[NewLead<'_>],
    now: DateTime<Utc>,
) -> Result<Vec<Option<Chosen>>, sea_orm::DbErr> {
    let by_rules: Vec<&ValidLead> = news
        .iter()
        .filter(|n| n.owner == NewOwner::Rules)
        .map(|n| n.input)
        .collect();
    let mut picked = if by_rules.is_empty() {
        Vec::new()
    } else {
        let book = crate::assignment::picker::load(txn).await?;
        crate::assignment::picker::pick(txn, &book, &by_rules, now).await?
    }
    .into_iter();
    Ok(news
        .iter()
        .map(|new| match &new.owner {
            NewOwner::Rules => picked.next().flatten().map(|(person, rule)| Chosen {
                id: person.id,
                person: Some(person),
                by: None,
                rule_name: Some(rule),
            }),
            NewOwner::Person { id, by } => Some(Chosen {
                id: *id,
                person: None,
                by: Some(*by),
                rule_name: None,
            }),
            NewOwner::Form { id, form_name } => Some(Chosen {
                id: *id,
                person: None,
                by: None,
                rule_name: Some(form_name.clone()),
            }),
        })
        .collect())
}

/// Puts the new rows at the top of their columns, the later above the earlier (as if they
/// had come one by one), with their owners and final status: one read per column and one
/// UPDATE for all (on PostgreSQL every UPDATE writes each row anew, indexes included).
async fn settle(
    txn: &impl ConnectionTrait,
    ids: &[i32],
    chosen: &[Option<Chosen>],
    finals: &[LeadStatus],
) -> Result<(), sea_orm::DbErr> {
    let mut next: HashMap<LeadStatus, i64> = HashMap::new();
    let mut positions = Vec::with_capacity(ids.len());
    for status in finals {
        let position = match next.get(status) {
            Some(p) => *p,
            None => lane(*status).top_without(txn, ids).await?,
        };
        next.insert(*status, position - GAP);
        positions.push(position);
    }
    let by_id = |value: &dyn Fn(usize) -> Expr, otherwise: Expr| -> Expr {
        let mut case = sea_orm::sea_query::CaseStatement::new();
        for (index, id) in ids.iter().enumerate() {
            case = case.case(lead::Column::Id.eq(*id), value(index));
        }
        case.finally(otherwise).into()
    };
    let position = by_id(
        &|i| Expr::value(positions[i]),
        Expr::col(lead::Column::Position),
    );
    let status = by_id(
        &|i| Expr::value(finals[i].code()),
        Expr::col(lead::Column::Status),
    );
    let owner = by_id(
        &|i| Expr::value(chosen[i].as_ref().map(|c| c.id)),
        Expr::col(lead::Column::OwnerId),
    );
    lead::Entity::update_many()
        .col_expr(lead::Column::Position, position)
        .col_expr(lead::Column::Status, status)
        .col_expr(lead::Column::OwnerId, owner)
        .filter(lead::Column::Id.is_in(ids.iter().copied()))
        .exec(txn)
        .await?;
    Ok(())
}

/// History and assignment rows.
async fn record_history(
    txn: &impl ConnectionTrait,
    ids: &[i32],
    news: &[NewLead<'_>],
    chosen: &[Option<Chosen>],
    finals: &[LeadStatus],
    now: DateTime<Utc>,
) -> Result<(), sea_orm::DbErr> {
    // History: every lead's first row, then the moves (each lead's rows stay in order).
    let history = |lead_id: i32, from: Option<LeadStatus>, to: LeadStatus| {
        status_change_row(lead_id, from, to, None, now)
    };
    let firsts = ids
        .iter()
        .zip(news)
        .map(|(id, new)| history(*id, None, new.status));
    let moves = ids
        .iter()
        .zip(news.iter().zip(finals))
        .filter(|(_, (new, end))| new.status != **end)
        .map(|(id, (new, end))| history(*id, Some(new.status), *end));
    lead_status_change::Entity::insert_many(firsts.chain(moves))
        .exec_without_returning(txn)
        .await?;
    let assignments: Vec<lead_assignment::ActiveModel> = ids
        .iter()
        .zip(chosen)
        .filter_map(|(id, owner)| {
            let owner = owner.as_ref()?;
            Some(lead_assignment::ActiveModel {
                lead_id: Set(*id),
                from_user_id: Set(None),
                to_user_id: Set(Some(owner.id)),
                assigned_by: Set(owner.by),
                rule_name: Set(owner.rule_name.clone()),
                assigned_at: Set(now),
                ..Default::default()
            })
        })
        .collect();
    if !assignments.is_empty() {
        lead_assignment::Entity::insert_many(assignments)
            .exec_without_returning(txn)
            .await?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::lock_number;

    #[test]
    fn lock_numbers_are_fnv1a_so_every_instance_agrees() {
        assert_eq!(lock_number("a"), 0xe40c_292c_u32 as i32);
        assert_ne!(lock_number("jana@firma.cz"), lock_number("+420602123456"));
    }
}
