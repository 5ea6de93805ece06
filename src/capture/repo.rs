//! Web forms in the database (server only): the admin's list and edits, the lookup by key,
//! a lead's consents, and the pruning of old idempotency answers.

use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseConnection,
    EntityTrait, QueryFilter, QueryOrder,
};

use super::model::{ConsentView, FormView, ValidForm, fields_code, parse_fields};
use crate::error::{AppError, Field, FieldError, FieldProblem};
use crate::leads::store::people_by_id;
use crate::server::entities::{app_user, capture_form, capture_idempotency, lead_consent};

/// How long an idempotency key's answer is kept: a retry comes within minutes; a day is ample.
pub const IDEMPOTENCY_HOURS: i64 = 24;

/// A new form's key: 32 random hex digits (unguessable; it is the form's only credential).
pub fn new_form_key() -> String {
    uuid::Uuid::new_v4().simple().to_string()
}

fn origins_of(form: &capture_form::Model) -> Vec<String> {
    form.allowed_origins
        .lines()
        .map(str::trim)
        .filter(|o| !o.is_empty())
        .map(str::to_string)
        .collect()
}

/// Whether a browser's `Origin` header may post this form.
pub fn allows_origin(form: &capture_form::Model, origin: &str) -> bool {
    super::model::normalize_origin(origin).is_some_and(|origin| origins_of(form).contains(&origin))
}

/// Every form, newest first.
pub async fn list_forms(db: &DatabaseConnection) -> Result<Vec<FormView>, AppError> {
    let forms = capture_form::Entity::find()
        .order_by_desc(capture_form::Column::Id)
        .all(db)
        .await?;
    let people = people_by_id(db, forms.iter().filter_map(|f| f.owner_id).collect()).await?;
    Ok(forms
        .into_iter()
        .map(|f| {
            let owner = f.owner_id.and_then(|id| people.get(&id).cloned());
            view(f, owner)
        })
        .collect())
}

pub fn view(f: capture_form::Model, owner: Option<crate::auth::model::PersonRef>) -> FormView {
    FormView {
        id: f.id,
        origins: origins_of(&f),
        key: f.form_key,
        name: f.name,
        source: f.source,
        accepted: parse_fields(&f.accepted_fields),
        required: parse_fields(&f.required_fields),
        owner,
        consent_text: f.consent_text,
        consent_version: f.consent_version,
        thank_you_url: f.thank_you_url,
        active: f.active,
    }
}

/// Creates or updates a form; answers it. A changed consent text gets the next version.
pub async fn save_form(
    db: &DatabaseConnection,
    form: ValidForm,
    now: DateTime<Utc>,
) -> Result<FormView, AppError> {
    if let Some(owner) = form.owner_id {
        let active = app_user::Entity::find_by_id(owner)
            .one(db)
            .await?
            .map(|u| u.active);
        match active {
            Some(true) => {}
            Some(false) => {
                return Err(AppError::Invalid(vec![FieldError::new(
                    Field::Owner,
                    FieldProblem::InactiveUser,
                )]));
            }
            None => {
                return Err(AppError::Invalid(vec![FieldError::new(
                    Field::Owner,
                    FieldProblem::UnknownChoice,
                )]));
            }
        }
    }
    let existing = match form.id {
        Some(id) => Some(
            capture_form::Entity::find_by_id(id)
                .one(db)
                .await?
                .ok_or(AppError::NotFound)?,
        ),
        None => None,
    };
    let consent_version = match (&existing, &form.consent_text) {
        (_, None) => existing.as_ref().map_or(0, |e| e.consent_version),
        (Some(e), Some(text)) if e.consent_text.as_deref() == Some(text.as_str()) => {
            e.consent_version
        }
        (Some(e), Some(_)) => e.consent_version + 1,
        (None, Some(_)) => 1,
    };
    let mut model = capture_form::ActiveModel {
        name: Set(form.name),
        source: Set(form.source),
        allowed_origins: Set(form.origins.join("\n")),
        accepted_fields: Set(fields_code(&form.accepted)),
        required_fields: Set(fields_code(&form.required)),
        owner_id: Set(form.owner_id),
        consent_text: Set(form.consent_text),
        consent_version: Set(consent_version),
        thank_you_url: Set(form.thank_you_url),
        active: Set(form.active),
        updated_at: Set(now),
        ..Default::default()
    };
    let saved = match existing {
        Some(e) => {
            model.id = Set(e.id);
            model.update(db).await?
        }
        None => {
            model.form_key = Set(new_form_key());
            model.created_at = Set(now);
            model.insert(db).await?
        }
    };
    let owner = match saved.owner_id {
        Some(id) => people_by_id(db, vec![id]).await?.remove(&id),
        None => None,
    };
    Ok(view(saved, owner))
}

/// The form with this key, switched on or off (None: no such form).
pub async fn form_by_key(
    db: &impl ConnectionTrait,
    key: &str,
) -> Result<Option<capture_form::Model>, sea_orm::DbErr> {
    if key.is_empty() || key.len() > 64 {
        return Ok(None);
    }
    capture_form::Entity::find()
        .filter(capture_form::Column::FormKey.eq(key))
        .one(db)
        .await
}

/// What a lead consented to, oldest first.
pub async fn consents_of(
    db: &impl ConnectionTrait,
    lead_id: i32,
) -> Result<Vec<ConsentView>, sea_orm::DbErr> {
    Ok(lead_consent::Entity::find()
        .filter(lead_consent::Column::LeadId.eq(lead_id))
        .order_by_asc(lead_consent::Column::ConsentedAt)
        .order_by_asc(lead_consent::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .map(|c| ConsentView {
            form_name: c.form_name,
            text: c.consent_text,
            version: c.consent_version,
            at: c.consented_at,
            client_address: c.client_address,
        })
        .collect())
}

/// Forgets idempotency answers older than [`IDEMPOTENCY_HOURS`].
pub async fn prune_idempotency(
    db: &DatabaseConnection,
    now: DateTime<Utc>,
) -> Result<u64, sea_orm::DbErr> {
    let before = now - chrono::Duration::hours(IDEMPOTENCY_HOURS);
    Ok(capture_idempotency::Entity::delete_many()
        .filter(capture_idempotency::Column::CreatedAt.lt(before))
        .exec(db)
        .await?
        .rows_affected)
}
