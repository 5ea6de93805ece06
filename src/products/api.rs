//! Product server functions: everyone signed in reads the active list (the lead form offers
//! it); only admins change it.

use leptos::prelude::*;

use super::model::ProductView;
use crate::error::AppError;

#[cfg(feature = "ssr")]
use super::model::valid_product_name;
#[cfg(feature = "ssr")]
use crate::auth::permissions::check_admin;
#[cfg(feature = "ssr")]
use crate::server::auth::current_user;
#[cfg(feature = "ssr")]
use crate::server::fns::{answer, db};

/// Active products; with `with_retired` (admins only) the retired ones too.
#[server(prefix = "/api", endpoint = "products", output = crate::wire::Json)]
pub async fn list_products(with_retired: bool) -> Result<Vec<ProductView>, AppError> {
    let result = async {
        let user = current_user().await?;
        if with_retired {
            check_admin(&user)?;
        }
        super::repo::list_products(&db()?, with_retired).await
    };
    answer(result.await)
}

#[server(prefix = "/api", endpoint = "admin/products/create", output = crate::wire::Json)]
pub async fn create_product(name: String) -> Result<ProductView, AppError> {
    let result = async {
        check_admin(&current_user().await?)?;
        let name = valid_product_name(&name).map_err(AppError::Invalid)?;
        super::repo::create_product(&db()?, name, chrono::Utc::now()).await
    };
    answer(result.await)
}

#[server(prefix = "/api", endpoint = "admin/products/update", output = crate::wire::Json)]
pub async fn update_product(id: i32, name: String, active: bool) -> Result<(), AppError> {
    let result = async {
        check_admin(&current_user().await?)?;
        let name = valid_product_name(&name).map_err(AppError::Invalid)?;
        super::repo::update_product(&db()?, id, name, active).await
    };
    answer(result.await)
}
