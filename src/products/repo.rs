//! Products in the database (server only).

use chrono::{DateTime, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter,
    QueryOrder,
};

use super::model::ProductView;
use crate::error::{AppError, Field, FieldError, FieldProblem};
use crate::server::db::is_unique_violation;
use crate::server::entities::product;

fn name_taken(err: sea_orm::DbErr) -> AppError {
    if is_unique_violation(&err) {
        AppError::Invalid(vec![FieldError::new(Field::Name, FieldProblem::NameTaken)])
    } else {
        err.into()
    }
}

/// Products by name; retired ones only when asked for (the admin's list).
pub async fn list_products(
    db: &DatabaseConnection,
    with_retired: bool,
) -> Result<Vec<ProductView>, AppError> {
    let mut query = product::Entity::find();
    if !with_retired {
        query = query.filter(product::Column::Active.eq(true));
    }
    Ok(query
        .order_by_asc(product::Column::NameKey)
        .all(db)
        .await?
        .into_iter()
        .map(|p| ProductView {
            id: p.id,
            name: p.name,
            active: p.active,
        })
        .collect())
}

pub async fn create_product(
    db: &DatabaseConnection,
    name: String,
    now: DateTime<Utc>,
) -> Result<ProductView, AppError> {
    let saved = product::ActiveModel {
        name_key: Set(name.to_lowercase()),
        name: Set(name),
        active: Set(true),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await
    .map_err(name_taken)?;
    Ok(ProductView {
        id: saved.id,
        name: saved.name,
        active: saved.active,
    })
}

/// Renames a product and retires or restores it.
pub async fn update_product(
    db: &DatabaseConnection,
    id: i32,
    name: String,
    active: bool,
) -> Result<(), AppError> {
    let updated = product::Entity::update_many()
        .col_expr(product::Column::NameKey, Expr::value(name.to_lowercase()))
        .col_expr(product::Column::Name, Expr::value(name))
        .col_expr(product::Column::Active, Expr::value(active))
        .filter(product::Column::Id.eq(id))
        .exec(db)
        .await
        .map_err(name_taken)?;
    if updated.rows_affected == 0 {
        return Err(AppError::NotFound);
    }
    Ok(())
}
