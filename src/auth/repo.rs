//! Users and sign-in attempts in the database (server only).

use chrono::{DateTime, Duration, Utc};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseConnection,
    DbBackend, EntityTrait, PaginatorTrait, QueryFilter, Statement, TransactionTrait,
};

use super::model::{CurrentUser, FAILURE_WINDOW_MINUTES, Role, normalize_email};
use super::password::{self, PasswordWork};
use crate::error::AppError;
use crate::server::db::is_unique_violation;
use crate::server::entities::{app_user, sign_in_failure, user_session};

/// Password checks of one account from one address within the window (the person who
/// mistypes; a guesser at one place). Counted when claimed, before the check runs.
pub const MAX_CHECKS_PER_ACCOUNT_AND_CLIENT: u64 = 5;
/// Failures from one address within the window (many accounts guessed from one place).
pub const MAX_FAILURES_PER_CLIENT: u64 = 30;
/// Failed checks of one account from all addresses within [`ACCOUNT_WINDOW_MINUTES`] (OWASP
/// ASVS 5.0 asks for at most 100 an hour). Past it, only an address that has not failed on
/// this account within that hour gets a check, so the owner is not locked out by strangers.
pub const MAX_FAILURES_PER_ACCOUNT: u64 = 100;
pub const ACCOUNT_WINDOW_MINUTES: i64 = 60;

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

/// Creates a user outside a request (the command line, the demo team, tests): hashing still
/// runs off the async workers, one at a time.
pub async fn create_user(
    db: &DatabaseConnection,
    user: NewUser,
    now: DateTime<Utc>,
) -> Result<CurrentUser, CreateUserError> {
    create_user_with(db, &PasswordWork::new(1), user, now).await
}

/// Creates a user, hashing the password through `passwords` (the server's shared bound).
pub async fn create_user_with(
    db: &DatabaseConnection,
    passwords: &PasswordWork,
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
    let hash = passwords
        .hash(&user.password)
        .await
        .map_err(CreateUserError::Failed)?;
    let inserted = app_user::ActiveModel {
        email: Set(email),
        name: Set(name),
        role: Set(user.role),
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

/// The user as the pages see them (also the session store's, which reads them with the session).
pub(crate) fn to_current(m: app_user::Model) -> CurrentUser {
    CurrentUser {
        id: m.id,
        role: m.role,
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

/// Claims a password check, then checks: the claim is written (as a failure) before the
/// password is verified, so a burst of parallel tries cannot all pass the throttle; a success
/// clears this account's failures from this address, a wrong password leaves the claim as the
/// failure. `client` is the caller's address (or "unknown").
pub async fn sign_in(
    db: &DatabaseConnection,
    passwords: &PasswordWork,
    email: &str,
    password_attempt: &str,
    client: &str,
    now: DateTime<Utc>,
) -> Result<SignInOutcome, AppError> {
    // Stored shortened; compared in the same form (or long emails would never be throttled).
    let account: String = normalize_email(email).chars().take(254).collect();
    let client: String = client.chars().take(64).collect();
    let claim = match claim_check(db, &account, &client, now).await? {
        Claim::Granted(id) => id,
        Claim::Throttled(minutes) => return Ok(SignInOutcome::Throttled(minutes)),
    };

    let user = app_user::Entity::find()
        .filter(app_user::Column::Email.eq(account.as_str()))
        .one(db)
        .await?;
    let matches = match &user {
        Some(u) => passwords.verify(password_attempt, &u.password_hash).await,
        None => {
            passwords.verify_nothing(password_attempt).await;
            false
        }
    };
    match user {
        Some(u) if matches && u.active => {
            sign_in_failure::Entity::delete_many()
                .filter(sign_in_failure::Column::Account.eq(account.as_str()))
                .filter(sign_in_failure::Column::Client.eq(client.as_str()))
                .exec(db)
                .await?;
            Ok(SignInOutcome::SignedIn(to_current(u)))
        }
        Some(_) if matches => {
            // The right password of a deactivated account is no guess.
            sign_in_failure::Entity::delete_by_id(claim)
                .exec(db)
                .await?;
            Ok(SignInOutcome::Deactivated)
        }
        _ => Ok(SignInOutcome::WrongCredentials),
    }
}

enum Claim {
    /// The check may run; the id of the row that counts it.
    Granted(i32),
    /// Refused; the next try is possible after this many minutes.
    Throttled(i64),
}

/// Writes the attempt, then counts within the same transaction, and keeps the row only if the
/// limits allow it. Claims for one account (and for one address) are taken one at a time:
/// PostgreSQL by transaction-scoped advisory locks on the account and the address (always in
/// that order, so two claims cannot wait on each other); SQLite because the first statement
/// is a write, which holds the database's one write lock until commit.
async fn claim_check(
    db: &DatabaseConnection,
    account: &str,
    client: &str,
    now: DateTime<Utc>,
) -> Result<Claim, AppError> {
    let txn = db.begin().await?;
    if txn.get_database_backend() == DbBackend::Postgres {
        for (space, key) in [(1, account), (2, client)] {
            txn.execute_raw(Statement::from_sql_and_values(
                DbBackend::Postgres,
                "SELECT pg_advisory_xact_lock($1, hashtext($2))",
                [space.into(), key.into()],
            ))
            .await?;
        }
    }
    let claimed = sign_in_failure::ActiveModel {
        account: Set(account.to_string()),
        client: Set(client.to_string()),
        failed_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    let window = now - Duration::minutes(FAILURE_WINDOW_MINUTES);
    let hour = now - Duration::minutes(ACCOUNT_WINDOW_MINUTES);
    // Every count includes the row just written.
    let count = |account: Option<&str>, client: Option<&str>, since: DateTime<Utc>| {
        let mut query =
            sign_in_failure::Entity::find().filter(sign_in_failure::Column::FailedAt.gt(since));
        if let Some(account) = account {
            query = query.filter(sign_in_failure::Column::Account.eq(account));
        }
        if let Some(client) = client {
            query = query.filter(sign_in_failure::Column::Client.eq(client));
        }
        query.count(&txn)
    };
    let throttled = if count(Some(account), Some(client), window).await?
        > MAX_CHECKS_PER_ACCOUNT_AND_CLIENT
        || count(None, Some(client), window).await? > MAX_FAILURES_PER_CLIENT
    {
        Some(FAILURE_WINDOW_MINUTES)
    } else if count(Some(account), None, hour).await? > MAX_FAILURES_PER_ACCOUNT
        && count(Some(account), Some(client), hour).await? > 1
    {
        Some(ACCOUNT_WINDOW_MINUTES)
    } else {
        None
    };
    match throttled {
        Some(minutes) => {
            txn.rollback().await?;
            Ok(Claim::Throttled(minutes))
        }
        None => {
            txn.commit().await?;
            Ok(Claim::Granted(claimed.id))
        }
    }
}

/// Forgets failures older than the longest window (run now and then).
pub async fn prune_failures(db: &DatabaseConnection, now: DateTime<Utc>) -> Result<u64, AppError> {
    let before = now - Duration::minutes(ACCOUNT_WINDOW_MINUTES.max(FAILURE_WINDOW_MINUTES));
    Ok(sign_in_failure::Entity::delete_many()
        .filter(sign_in_failure::Column::FailedAt.lte(before))
        .exec(db)
        .await?
        .rows_affected)
}

/// Ends every session of a user (deactivation, password change).
pub async fn end_sessions_of(db: &DatabaseConnection, user_id: i32) -> Result<u64, AppError> {
    end_sessions_but(db, user_id, None).await
}

/// Ends every session of a user but `keep` (the session of an admin editing themselves), in
/// the caller's transaction if it has one. Open live streams notice within their re-check.
pub async fn end_sessions_but(
    db: &impl ConnectionTrait,
    user_id: i32,
    keep: Option<&str>,
) -> Result<u64, AppError> {
    let mut delete =
        user_session::Entity::delete_many().filter(user_session::Column::UserId.eq(user_id));
    if let Some(keep) = keep {
        delete = delete.filter(user_session::Column::Id.ne(keep));
    }
    Ok(delete.exec(db).await?.rows_affected)
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
