//! One message into the database (server only): a new lead, or an inbound email on the open
//! lead with the sender's address, or a skip — each remembered by the message's key in
//! `email_message`, in the same transaction, so nothing is made twice.
//!
//! A new lead goes the way every lead goes: `LeadInput` validated into `ValidLead`, then
//! `leads::create::insert_lead` with the assignment rules, then the live `Created` event
//! right before the commit (as quick entry does in `leads::repo`).

use chrono::{DateTime, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, DatabaseConnection, DatabaseTransaction,
    EntityTrait, QueryFilter, TransactionTrait,
};

use super::model::{ParsedEmail, SkipReason, activity_text, lead_input};
use crate::activities::model::{ActivityKind, EmailDirection};
use crate::leads::create::{NewLead, NewOwner, insert_lead};
use crate::leads::model::LeadStatus;
use crate::live::model::EventKind;
use crate::server::db::is_unique_violation;
use crate::server::entities::{activity, email_message, email_poll_status};

/// What a message became.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Outcome {
    Created {
        lead_id: i32,
    },
    Activity {
        lead_id: i32,
    },
    Skipped(SkipReason),
    /// Handled before (a repeated poll, a restart, or another instance got there first).
    Duplicate,
}

impl Outcome {
    /// The line `leady import-eml` prints for a file.
    pub fn line(&self) -> String {
        match self {
            Outcome::Created { lead_id } => format!("created lead {lead_id}"),
            Outcome::Activity { lead_id } => format!("activity on lead {lead_id}"),
            Outcome::Skipped(reason) => format!("skipped: {}", reason.code()),
            Outcome::Duplicate => "duplicate".into(),
        }
    }
}

const CREATED: &str = "created";
const ACTIVITY: &str = "activity";
const SKIPPED: &str = "skipped";

/// Reads raw bytes and takes the message in (`leady import-eml`, and the poller).
pub async fn take_in_raw(
    db: &DatabaseConnection,
    raw: &[u8],
    imap_uid: Option<u32>,
    now: DateTime<Utc>,
) -> Result<Outcome, sea_orm::DbErr> {
    take_in(db, &super::model::parse(raw), imap_uid, now).await
}

/// Takes one parsed message in (see the module's note). Invalid sender data is a skip with
/// its reason, never an error; errors are the database's.
pub async fn take_in(
    db: &DatabaseConnection,
    mail: &ParsedEmail,
    imap_uid: Option<u32>,
    now: DateTime<Utc>,
) -> Result<Outcome, sea_orm::DbErr> {
    // Most messages of a poll that repeats are known: one read says so without a write.
    if known(db, &mail.key).await? {
        return Ok(Outcome::Duplicate);
    }
    let skip = match &mail.skip {
        Some(reason) => Some(reason.clone()),
        None => match lead_input(mail).validate() {
            Ok(valid) => return write(db, mail, &valid, imap_uid, now).await,
            Err(problems) => Some(SkipReason::Invalid(
                problems
                    .iter()
                    .map(|e| format!("{:?} {:?}", e.field, e.problem))
                    .collect::<Vec<_>>()
                    .join(", "),
            )),
        },
    };
    let reason = skip.unwrap_or(SkipReason::Unreadable);
    tracing::info!(key = %mail.key, from = %mail.from_address, reason = %reason.code(), "email skipped");
    let row = message_row(mail, imap_uid, SKIPPED, Some(reason.code()), now);
    match row.insert(db).await {
        Ok(_) => Ok(Outcome::Skipped(reason)),
        Err(err) if is_unique_violation(&err) => Ok(Outcome::Duplicate),
        Err(err) => Err(err),
    }
}

async fn known(db: &DatabaseConnection, key: &str) -> Result<bool, sea_orm::DbErr> {
    Ok(email_message::Entity::find()
        .filter(email_message::Column::MessageId.eq(key))
        .one(db)
        .await?
        .is_some())
}

fn message_row(
    mail: &ParsedEmail,
    imap_uid: Option<u32>,
    outcome: &str,
    reason: Option<String>,
    now: DateTime<Utc>,
) -> email_message::ActiveModel {
    email_message::ActiveModel {
        message_id: Set(mail.key.clone()),
        imap_uid: Set(imap_uid.map(i64::from)),
        received_at: Set(mail.sent_at.unwrap_or(now)),
        outcome: Set(outcome.into()),
        reason: Set(reason.map(|r| r.chars().take(255).collect())),
        lead_id: Set(None),
        processed_at: Set(now),
        ..Default::default()
    }
}

/// The lead or the activity, and the message's row, in one transaction.
///
/// The first statement takes the poll-status row (a write that changes nothing): on SQLite a
/// write transaction must start with a write (see `leads::repo`), and on PostgreSQL it makes
/// intakes take turns, so two messages of one new sender on two instances cannot both miss
/// each other's lead; `leads::create::lock_person` does the same against a web form's post
/// about the same person. The message's row comes next: a unique violation there means another
/// instance handled the message already.
async fn write(
    db: &DatabaseConnection,
    mail: &ParsedEmail,
    valid: &crate::leads::model::ValidLead,
    imap_uid: Option<u32>,
    now: DateTime<Utc>,
) -> Result<Outcome, sea_orm::DbErr> {
    let txn = db.begin().await?;
    email_poll_status::Entity::update_many()
        .col_expr(
            email_poll_status::Column::Id,
            Expr::col(email_poll_status::Column::Id),
        )
        .filter(email_poll_status::Column::Id.eq(1))
        .exec(&txn)
        .await?;
    let claimed = match message_row(mail, imap_uid, CREATED, None, now)
        .insert(&txn)
        .await
    {
        Ok(row) => row.id,
        Err(err) if is_unique_violation(&err) => {
            txn.rollback().await?;
            return Ok(Outcome::Duplicate);
        }
        Err(err) => return Err(err),
    };
    // A web form about the same person may be writing at this moment (on another instance).
    crate::leads::create::lock_person(&txn, valid).await?;
    let (outcome, lead_id, event) =
        match crate::leads::create::open_lead_of(&txn, valid.email.as_deref(), None).await? {
            Some(lead_id) => {
                log_inbound(&txn, lead_id, mail, now).await?;
                (ACTIVITY, lead_id, EventKind::Activity)
            }
            None => {
                let created = insert_lead(
                    &txn,
                    NewLead {
                        input: valid,
                        form_key: None,
                        status: LeadStatus::New,
                        owner: NewOwner::Rules,
                        import_batch: None,
                    },
                    now,
                )
                .await?;
                (CREATED, created.id, EventKind::Created)
            }
        };
    email_message::Entity::update_many()
        .col_expr(email_message::Column::Outcome, Expr::value(outcome))
        .col_expr(email_message::Column::LeadId, Expr::value(lead_id))
        .filter(email_message::Column::Id.eq(claimed))
        .exec(&txn)
        .await?;
    // The event last, right before the commit (see `live::outbox::record`).
    let events = crate::live::outbox::record(&txn, lead_id, event, None, now).await?;
    crate::live::outbox::commit(txn, events).await?;
    Ok(if outcome == ACTIVITY {
        Outcome::Activity { lead_id }
    } else {
        Outcome::Created { lead_id }
    })
}

/// The message as an incoming email on the lead. No author (the mailbox wrote it) and not a
/// first contact: speed-to-lead is about us answering.
async fn log_inbound(
    txn: &DatabaseTransaction,
    lead_id: i32,
    mail: &ParsedEmail,
    now: DateTime<Utc>,
) -> Result<(), sea_orm::DbErr> {
    let (subject, body) = activity_text(mail);
    activity::ActiveModel {
        lead_id: Set(lead_id),
        author_id: Set(None),
        kind: Set(ActivityKind::Email),
        subject: Set(subject),
        body: Set(body),
        call_outcome: Set(None),
        email_direction: Set(Some(EmailDirection::Incoming.code().into())),
        place: Set(String::new()),
        occurs_at: Set(None),
        done_at: Set(None),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(txn)
    .await?;
    Ok(())
}
