//! One web-form submission (server only): checking it against its form, and writing it in one
//! transaction — a new lead through `leads::create::insert_lead` (validation, phone
//! normalisation, history row, assignment, live event, speed-to-lead clock all as quick entry),
//! or, when an open lead has the same email or phone, a note on that lead; the consent; the
//! idempotency answer.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, DatabaseConnection, DatabaseTransaction,
    EntityTrait, QueryFilter, TransactionTrait,
};

use super::model::{CaptureField, CaptureOutcome};
use crate::error::{AppError, Field, FieldError, FieldProblem};
use crate::leads::create::{NewLead, NewOwner, insert_lead, open_lead_of};
use crate::leads::model::{LeadInput, LeadStatus, ValidLead};
use crate::live::model::EventKind;
use crate::server::db::is_unique_violation;
use crate::server::entities::{
    activity, app_user, capture_form, capture_idempotency, lead_consent,
};

/// A submission as posted, once read: the accepted fields' values and the extras.
#[derive(Clone, Debug, Default)]
pub struct Submission {
    pub values: HashMap<CaptureField, String>,
    pub consent: bool,
    pub idempotency_key: Option<String>,
    pub client_address: String,
}

/// What the endpoint answers for a stored submission.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Captured {
    pub lead_id: i32,
    pub outcome: CaptureOutcome,
}

/// Checks a submission against its form: the required fields, then the lead's own rules, then
/// the consent. Problems of fields the form does not take are reported against one it does.
pub fn check(form: &capture_form::Model, sub: &Submission) -> Result<ValidLead, Vec<FieldError>> {
    let accepted = super::model::parse_fields(&form.accepted_fields);
    let required = super::model::parse_fields(&form.required_fields);
    let value = |f: CaptureField| {
        if accepted.contains(&f) {
            sub.values.get(&f).map(|v| v.trim()).unwrap_or("")
        } else {
            ""
        }
    };
    let mut errors: Vec<FieldError> = Vec::new();
    let mut fail = |field: Field, problem: FieldProblem| {
        if !errors.iter().any(|e| e.field == field) {
            errors.push(FieldError::new(field, problem));
        }
    };
    for f in &required {
        if value(*f).is_empty() {
            fail(f.lead_field(), FieldProblem::Required);
        }
    }
    let input = LeadInput {
        first_name: value(CaptureField::FirstName).into(),
        last_name: value(CaptureField::LastName).into(),
        email: value(CaptureField::Email).into(),
        phone: value(CaptureField::Phone).into(),
        company: value(CaptureField::Company).into(),
        description: value(CaptureField::Message).into(),
        source: form.source.code().to_string(),
        ..LeadInput::default()
    };
    let valid = match input.validate() {
        Ok(valid) => Some(valid),
        Err(problems) => {
            for e in problems {
                match CaptureField::from_lead_field(e.field) {
                    Some(f) if accepted.contains(&f) => fail(e.field, e.problem),
                    _ => {}
                }
            }
            None
        }
    };
    if form.consent_text.is_some() && !sub.consent {
        fail(Field::Consent, FieldProblem::ConsentMissing);
    }
    match valid {
        Some(valid) if errors.is_empty() => Ok(valid),
        _ => {
            if errors.is_empty() {
                // A lead rule on a field the form does not take (cannot happen with a valid
                // form, which takes the last name and an email or phone): name the last name.
                errors.push(FieldError::new(Field::LastName, FieldProblem::Required));
            }
            Err(errors)
        }
    }
}

/// The answer stored for this key on this form, if a submission with it went through.
pub async fn stored_answer(
    db: &DatabaseConnection,
    form_id: i32,
    key: &str,
) -> Result<Option<Captured>, sea_orm::DbErr> {
    Ok(capture_idempotency::Entity::find()
        .filter(capture_idempotency::Column::FormId.eq(form_id))
        .filter(capture_idempotency::Column::IdemKey.eq(key))
        .one(db)
        .await?
        .and_then(|row| {
            Some(Captured {
                lead_id: row.lead_id,
                outcome: CaptureOutcome::from_code(&row.outcome)?,
            })
        }))
}

/// Writes a checked submission. The transaction's first statement takes the form's row
/// (a write that changes nothing): on SQLite a write transaction must start with a write (see
/// `leads::repo`). On PostgreSQL `leads::create::lock_person` then makes submissions about one person take
/// turns, so two of them cannot both miss each other in the duplicate check. With an idempotency
/// key, the key is claimed next: a parallel retry waits for it and answers what it stored.
pub async fn capture(
    db: &DatabaseConnection,
    form: &capture_form::Model,
    lead_in: &ValidLead,
    sub: &Submission,
    now: DateTime<Utc>,
) -> Result<Captured, AppError> {
    let txn = db.begin().await?;
    capture_form::Entity::update_many()
        .col_expr(
            capture_form::Column::Id,
            Expr::col(capture_form::Column::Id),
        )
        .filter(capture_form::Column::Id.eq(form.id))
        .exec(&txn)
        .await?;
    crate::leads::create::lock_person(&txn, lead_in).await?;
    let claim = match &sub.idempotency_key {
        Some(key) => {
            let claimed = capture_idempotency::ActiveModel {
                form_id: Set(form.id),
                idem_key: Set(key.clone()),
                lead_id: Set(0),
                outcome: Set(CaptureOutcome::Created.code().to_string()),
                created_at: Set(now),
                ..Default::default()
            }
            .insert(&txn)
            .await;
            match claimed {
                Ok(row) => Some(row.id),
                Err(err) if is_unique_violation(&err) => {
                    txn.rollback().await?;
                    return stored_answer(db, form.id, key)
                        .await?
                        .ok_or(AppError::Internal);
                }
                Err(err) => return Err(err.into()),
            }
        }
        None => None,
    };
    let captured =
        match open_lead_of(&txn, lead_in.email.as_deref(), lead_in.phone.as_deref()).await? {
            Some(lead_id) => {
                log_submission(&txn, form, lead_id, lead_in, now).await?;
                Captured {
                    lead_id,
                    outcome: CaptureOutcome::Duplicate,
                }
            }
            None => {
                let owner = fixed_owner(&txn, form).await?;
                let created = insert_lead(
                    &txn,
                    NewLead {
                        input: lead_in,
                        form_key: None,
                        status: LeadStatus::New,
                        owner,
                        import_batch: None,
                    },
                    now,
                )
                .await?;
                Captured {
                    lead_id: created.id,
                    outcome: CaptureOutcome::Created,
                }
            }
        };
    if let (Some(text), true) = (&form.consent_text, sub.consent) {
        lead_consent::ActiveModel {
            lead_id: Set(captured.lead_id),
            form_id: Set(Some(form.id)),
            form_name: Set(form.name.clone()),
            consent_text: Set(text.clone()),
            consent_version: Set(form.consent_version),
            consented_at: Set(now),
            client_address: Set(sub.client_address.chars().take(64).collect()),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
    }
    if let Some(id) = claim {
        capture_idempotency::Entity::update_many()
            .col_expr(
                capture_idempotency::Column::LeadId,
                Expr::value(captured.lead_id),
            )
            .col_expr(
                capture_idempotency::Column::Outcome,
                Expr::value(captured.outcome.code()),
            )
            .filter(capture_idempotency::Column::Id.eq(id))
            .exec(&txn)
            .await?;
    }
    // The event last, right before the commit (see `live::outbox::record`).
    let kind = match captured.outcome {
        CaptureOutcome::Created => EventKind::Created,
        CaptureOutcome::Duplicate => EventKind::Activity,
    };
    let events = crate::live::outbox::record(&txn, captured.lead_id, kind, None, now).await?;
    crate::live::outbox::commit(txn, events).await?;
    Ok(captured)
}

/// The form's fixed owner while they are active; otherwise the assignment rules decide.
async fn fixed_owner(
    txn: &DatabaseTransaction,
    form: &capture_form::Model,
) -> Result<NewOwner, sea_orm::DbErr> {
    let Some(id) = form.owner_id else {
        return Ok(NewOwner::Rules);
    };
    let active = app_user::Entity::find_by_id(id)
        .one(txn)
        .await?
        .is_some_and(|u| u.active);
    Ok(if active {
        NewOwner::Form {
            id,
            form_name: form.name.clone(),
        }
    } else {
        NewOwner::Rules
    })
}

/// A repeated enquiry, kept as a note on the open lead (not a contact: speed-to-lead is about
/// us answering). Written in Czech, the team's language, like the rest of the stored data.
async fn log_submission(
    txn: &DatabaseTransaction,
    form: &capture_form::Model,
    lead_id: i32,
    sent: &ValidLead,
    now: DateTime<Utc>,
) -> Result<(), sea_orm::DbErr> {
    let t = crate::i18n::Locale::Cs.texts();
    let lines: Vec<String> = [
        (t.capture.first_name, sent.first_name.clone()),
        (t.capture.last_name, sent.last_name.clone()),
        (t.capture.email, sent.email.clone().unwrap_or_default()),
        (
            t.capture.phone,
            sent.phone
                .as_deref()
                .map(crate::leads::model::format_phone)
                .unwrap_or_default(),
        ),
        (t.capture.company, sent.company.clone()),
        (t.capture.message, sent.description.clone()),
    ]
    .into_iter()
    .filter(|(_, v)| !v.is_empty())
    .map(|(label, v)| format!("{label}: {v}"))
    .collect();
    activity::ActiveModel {
        lead_id: Set(lead_id),
        author_id: Set(None),
        kind: Set(crate::activities::model::ActivityKind::Note),
        subject: Set((t.capture.duplicate_subject)(&form.name)
            .chars()
            .take(crate::activities::model::SUBJECT_MAX)
            .collect()),
        body: Set(lines.join("\n")),
        place: Set(String::new()),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(txn)
    .await?;
    Ok(())
}
