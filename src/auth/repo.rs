//! Users and sign-in attempts in the database (server only).

use chrono::{DateTime, Duration, Utc};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, DatabaseConnection, EntityTrait,
    PaginatorTrait, QueryFilter,
};

use super::model::{CurrentUser, FAILURE_WINDOW_MINUTES, Role, normalize_email};
use super::password;
use crate::error::AppError;
use crate::server::db::is_unique_violation;
use crate::server::entities::{app_user, sign_in_failure, user_session};

/// Failures within the window after which an account refuses further tries.
pub const MAX_FAILURES_PER_ACCOUNT: u64 = 5;
/// Failures from one address within the window (many accounts guessed from one place).
pub const MAX_FAILURES_PER_CLIENT: u64 = 30;

pub struct NewUser {
    pub email: String,
    pub name: String,
    pub role: Role,
    pub password: String,
}

#[derive(Debug, PartialEq, Eq)]
pub enum CreateUserError {
    InvalidEmail,
    NameRequired,
    Password(super::model::PasswordProblem),
    EmailTaken,
    Failed(String),
}

impl std::fmt::Display for CreateUserError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            CreateUserError::InvalidEmail => write!(f, "the email address is not valid"),
            CreateUserError::NameRequired => write!(f, "a name is required"),
            CreateUserError::Password(p) => write!(
                f,
                "the password is not acceptable ({})",
                match p {
                    super::model::PasswordProblem::TooShort => "shorter than 8 characters",
                    super::model::PasswordProblem::TooLong => "longer than 128 characters",
                    super::model::PasswordProblem::TooCommon => "one of the most common passwords",
                }
            ),
            CreateUserError::EmailTaken => write!(f, "a user with this email already exists"),
            CreateUserError::Failed(e) => write!(f, "{e}"),
        }
    }
}

pub async fn create_user(
    db: &DatabaseConnection,
    user: NewUser,
    now: DateTime<Utc>,
) -> Result<CurrentUser, CreateUserError> {
    let email = normalize_email(&user.email);
    if !email_address::EmailAddress::is_valid(&email) {
        return Err(CreateUserError::InvalidEmail);
    }
    let name = user.name.trim().to_string();
    if name.is_empty() {
        return Err(CreateUserError::NameRequired);
    }
    password::check_policy(&user.password).map_err(CreateUserError::Password)?;
    let hash = password::hash(&user.password).map_err(CreateUserError::Failed)?;
    let inserted = app_user::ActiveModel {
        email: Set(email),
        name: Set(name),
        role: Set(user.role.code().to_string()),
        active: Set(true),
        password_hash: Set(hash),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await
    .map_err(|e| {
        if is_unique_violation(&e) {
            CreateUserError::EmailTaken
        } else {
            CreateUserError::Failed(e.to_string())
        }
    })?;
    Ok(to_current(inserted))
}

fn to_current(m: app_user::Model) -> CurrentUser {
    CurrentUser {
        id: m.id,
        role: Role::from_code(&m.role).unwrap_or(Role::Salesperson),
        name: m.name,
        email: m.email,
    }
}

/// An active user by id: the check made on every request of a signed-in session.
pub async fn active_user(
    db: &DatabaseConnection,
    id: i32,
) -> Result<Option<CurrentUser>, AppError> {
    Ok(app_user::Entity::find_by_id(id)
        .one(db)
        .await?
        .filter(|u| u.active)
        .map(to_current))
}

#[derive(Debug, PartialEq, Eq)]
pub enum SignInOutcome {
    SignedIn(CurrentUser),
    WrongCredentials,
    Deactivated,
    /// Too many failures; try again after this many minutes.
    Throttled(i64),
}

/// Checks the throttle, then the password; records a failure or clears the account's record.
/// `client` is the caller's address (or "unknown").
pub async fn sign_in(
    db: &DatabaseConnection,
    email: &str,
    password_attempt: &str,
    client: &str,
    now: DateTime<Utc>,
) -> Result<SignInOutcome, AppError> {
    let account = normalize_email(email);
    let since = now - Duration::minutes(FAILURE_WINDOW_MINUTES);
    let account_failures = sign_in_failure::Entity::find()
        .filter(sign_in_failure::Column::Account.eq(account.as_str()))
        .filter(sign_in_failure::Column::FailedAt.gt(since))
        .count(db)
        .await?;
    let client_failures = sign_in_failure::Entity::find()
        .filter(sign_in_failure::Column::Client.eq(client))
        .filter(sign_in_failure::Column::FailedAt.gt(since))
        .count(db)
        .await?;
    if account_failures >= MAX_FAILURES_PER_ACCOUNT || client_failures >= MAX_FAILURES_PER_CLIENT {
        return Ok(SignInOutcome::Throttled(FAILURE_WINDOW_MINUTES));
    }

    let user = app_user::Entity::find()
        .filter(app_user::Column::Email.eq(account.as_str()))
        .one(db)
        .await?;
    let matches = match &user {
        Some(u) => password::verify(password_attempt, &u.password_hash),
        None => {
            password::verify_nothing(password_attempt);
            false
        }
    };
    match user {
        Some(u) if matches && u.active => {
            sign_in_failure::Entity::delete_many()
                .filter(sign_in_failure::Column::Account.eq(account.as_str()))
                .exec(db)
                .await?;
            Ok(SignInOutcome::SignedIn(to_current(u)))
        }
        Some(u) if matches && !u.active => Ok(SignInOutcome::Deactivated),
        _ => {
            sign_in_failure::ActiveModel {
                account: Set(account.chars().take(254).collect()),
                client: Set(client.chars().take(64).collect()),
                failed_at: Set(now),
                ..Default::default()
            }
            .insert(db)
            .await?;
            Ok(SignInOutcome::WrongCredentials)
        }
    }
}

/// Forgets failures older than the window (run now and then).
pub async fn prune_failures(db: &DatabaseConnection, now: DateTime<Utc>) -> Result<u64, AppError> {
    let before = now - Duration::minutes(FAILURE_WINDOW_MINUTES);
    Ok(sign_in_failure::Entity::delete_many()
        .filter(sign_in_failure::Column::FailedAt.lte(before))
        .exec(db)
        .await?
        .rows_affected)
}

/// Ends every session of a user (deactivation, password change).
pub async fn end_sessions_of(db: &DatabaseConnection, user_id: i32) -> Result<u64, AppError> {
    Ok(user_session::Entity::delete_many()
        .filter(user_session::Column::UserId.eq(user_id))
        .exec(db)
        .await?
        .rows_affected)
}

/// Deactivates or reactivates a user; deactivation ends their sessions at once.
pub async fn set_active(
    db: &DatabaseConnection,
    user_id: i32,
    active: bool,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let updated = app_user::Entity::update_many()
        .col_expr(
            app_user::Column::Active,
            sea_orm::sea_query::Expr::value(active),
        )
        .col_expr(
            app_user::Column::UpdatedAt,
            sea_orm::sea_query::Expr::value(now),
        )
        .filter(app_user::Column::Id.eq(user_id))
        .exec(db)
        .await?;
    if updated.rows_affected == 0 {
        return Err(AppError::NotFound);
    }
    if !active {
        end_sessions_of(db, user_id).await?;
    }
    Ok(())
}

pub async fn user_count(db: &DatabaseConnection) -> Result<u64, AppError> {
    Ok(app_user::Entity::find().count(db).await?)
}
