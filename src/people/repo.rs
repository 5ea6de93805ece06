//! Users and what they cover, for the admin page (server only). Sign-in itself lives in
//! auth::repo.

use chrono::{DateTime, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter,
    QueryOrder, TransactionTrait,
};

use super::model::{UserView, ValidUser};
use crate::auth::model::{CurrentUser, PasswordProblem, Role};
use crate::auth::password::{self, PasswordWork};
use crate::auth::repo::{CreateUserError, NewUser};
use crate::error::{AppError, Field, FieldError, FieldProblem};
use crate::server::db::is_unique_violation;
use crate::server::entities::{app_user, product, user_product, user_region};
use crate::shared::region::Region;

fn invalid(field: Field, problem: FieldProblem) -> AppError {
    AppError::Invalid(vec![FieldError::new(field, problem)])
}

fn password_error(problem: PasswordProblem) -> AppError {
    invalid(
        Field::Password,
        match problem {
            PasswordProblem::TooShort => FieldProblem::PasswordTooShort,
            PasswordProblem::TooLong => FieldProblem::PasswordTooLong,
            PasswordProblem::TooCommon => FieldProblem::PasswordTooCommon,
        },
    )
}

/// Every user, active first, by name.
pub async fn list_users(db: &DatabaseConnection) -> Result<Vec<UserView>, AppError> {
    let users = app_user::Entity::find()
        .order_by_desc(app_user::Column::Active)
        .order_by_asc(app_user::Column::Name)
        .order_by_asc(app_user::Column::Id)
        .all(db)
        .await?;
    let regions = user_region::Entity::find().all(db).await?;
    let products = user_product::Entity::find().all(db).await?;
    Ok(users
        .into_iter()
        .map(|u| UserView {
            regions: Region::ALL
                .into_iter()
                .filter(|r| {
                    regions
                        .iter()
                        .any(|ur| ur.user_id == u.id && ur.region == r.code())
                })
                .collect(),
            products: products
                .iter()
                .filter(|p| p.user_id == u.id)
                .map(|p| p.product_id)
                .collect(),
            id: u.id,
            role: u.role,
            name: u.name,
            email: u.email,
            active: u.active,
        })
        .collect())
}

async fn check_products(db: &DatabaseConnection, ids: &[i32]) -> Result<(), AppError> {
    if ids.is_empty() {
        return Ok(());
    }
    let found = product::Entity::find()
        .filter(product::Column::Id.is_in(ids.to_vec()))
        .all(db)
        .await?
        .len();
    if found == ids.len() {
        Ok(())
    } else {
        Err(invalid(Field::Product, FieldProblem::UnknownChoice))
    }
}

/// Replaces what the user covers. Part of the caller's transaction.
async fn set_coverage(
    txn: &impl ConnectionTrait,
    user_id: i32,
    regions: &[Region],
    products: &[i32],
) -> Result<(), sea_orm::DbErr> {
    user_region::Entity::delete_many()
        .filter(user_region::Column::UserId.eq(user_id))
        .exec(txn)
        .await?;
    user_product::Entity::delete_many()
        .filter(user_product::Column::UserId.eq(user_id))
        .exec(txn)
        .await?;
    if !regions.is_empty() {
        user_region::Entity::insert_many(regions.iter().map(|r| user_region::ActiveModel {
            user_id: Set(user_id),
            region: Set(r.code().to_string()),
        }))
        .exec(txn)
        .await?;
    }
    if !products.is_empty() {
        user_product::Entity::insert_many(products.iter().map(|p| user_product::ActiveModel {
            user_id: Set(user_id),
            product_id: Set(*p),
        }))
        .exec(txn)
        .await?;
    }
    Ok(())
}

/// Creates a user with an initial password the admin hands over (outside a request).
pub async fn create_user(
    db: &DatabaseConnection,
    user: ValidUser,
    now: DateTime<Utc>,
) -> Result<i32, AppError> {
    create_user_with(db, &PasswordWork::new(1), user, now).await
}

/// Creates a user, hashing through the server's shared bound.
pub async fn create_user_with(
    db: &DatabaseConnection,
    passwords: &PasswordWork,
    user: ValidUser,
    now: DateTime<Utc>,
) -> Result<i32, AppError> {
    check_products(db, &user.products).await?;
    let created = crate::auth::repo::create_user_with(
        db,
        passwords,
        NewUser {
            email: user.email.clone(),
            name: user.name.clone(),
            role: user.role,
            password: user.password.clone().unwrap_or_default(),
        },
        now,
    )
    .await
    .map_err(|e| match e {
        CreateUserError::InvalidEmail => invalid(Field::Email, FieldProblem::InvalidEmail),
        CreateUserError::NameRequired => invalid(Field::Name, FieldProblem::Required),
        CreateUserError::Password(p) => password_error(p),
        CreateUserError::EmailTaken => invalid(Field::Email, FieldProblem::EmailTaken),
        CreateUserError::Failed(err) => {
            tracing::error!(error = %err, "creating a user failed");
            AppError::Internal
        }
    })?;
    let txn = db.begin().await?;
    set_coverage(&txn, created.id, &user.regions, &user.products).await?;
    txn.commit().await?;
    Ok(created.id)
}

/// Saves the admin's edit of a user (outside a request).
pub async fn update_user(
    db: &DatabaseConnection,
    actor: &CurrentUser,
    id: i32,
    user: ValidUser,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    update_user_with(db, &PasswordWork::new(1), actor, None, id, user, now).await
}

/// Saves the admin's edit of a user. An admin cannot take their own admin role away (there
/// would be nobody left to undo it). A new password or another role ends the user's sessions
/// (all but `actor_session`, the one making the change), so nobody keeps working under the
/// old password or the old role.
pub async fn update_user_with(
    db: &DatabaseConnection,
    passwords: &PasswordWork,
    actor: &CurrentUser,
    actor_session: Option<&str>,
    id: i32,
    user: ValidUser,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    if id == actor.id && user.role != Role::Admin {
        return Err(invalid(Field::Role, FieldProblem::NotOnYourself));
    }
    check_products(db, &user.products).await?;
    let hash = match &user.password {
        Some(p) => {
            password::check_policy(p).map_err(password_error)?;
            Some(passwords.hash(p).await.map_err(|err| {
                tracing::error!(error = %err, "hashing a password failed");
                AppError::Internal
            })?)
        }
        None => None,
    };
    let new_password = hash.is_some();
    let txn = db.begin().await?;
    let before = app_user::Entity::find_by_id(id).one(&txn).await?;
    let mut update = app_user::Entity::update_many()
        .col_expr(app_user::Column::Name, Expr::value(user.name.clone()))
        .col_expr(app_user::Column::Email, Expr::value(user.email.clone()))
        .col_expr(app_user::Column::Role, Expr::value(user.role.code()))
        .col_expr(app_user::Column::UpdatedAt, Expr::value(now))
        .filter(app_user::Column::Id.eq(id));
    if let Some(hash) = hash {
        update = update.col_expr(app_user::Column::PasswordHash, Expr::value(hash));
    }
    let updated = update.exec(&txn).await.map_err(|e| {
        if is_unique_violation(&e) {
            invalid(Field::Email, FieldProblem::EmailTaken)
        } else {
            e.into()
        }
    })?;
    if updated.rows_affected == 0 {
        return Err(AppError::NotFound);
    }
    if new_password || before.as_ref().is_some_and(|b| b.role != user.role) {
        let keep = actor_session.filter(|_| id == actor.id);
        crate::auth::repo::end_sessions_but(&txn, id, keep).await?;
    }
    set_coverage(&txn, id, &user.regions, &user.products).await?;
    txn.commit().await?;
    Ok(())
}

/// Deactivates (ending their sessions; rules skip them) or reactivates a user. Nobody
/// deactivates themselves.
pub async fn set_user_active(
    db: &DatabaseConnection,
    actor: &CurrentUser,
    id: i32,
    active: bool,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    if id == actor.id && !active {
        return Err(invalid(Field::Active, FieldProblem::NotOnYourself));
    }
    crate::auth::repo::set_active(db, id, active, now).await
}
