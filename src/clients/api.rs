//! Client server functions: thin. Find the caller, validate, call the repo (which keeps every
//! query within what the caller may see), answer.

use leptos::prelude::*;

use super::convert::{ConvertInput, ConvertOutcome, ConvertPage};
use super::model::{
    AccountDetail, AccountInput, AccountRow, ContactDetail, ContactInput, ContactRow,
    OpportunityCard, OpportunityDetail, OpportunityInput, StageColumn, StageMove,
};
use crate::error::AppError;

#[cfg(feature = "ssr")]
use crate::auth::permissions::client_scope;
#[cfg(feature = "ssr")]
use crate::server::auth::current_user;
#[cfg(feature = "ssr")]
use crate::server::fns::{answer, db};

#[server(prefix = "/api", endpoint = "clients/convert-page", output = crate::wire::Json)]
pub async fn load_convert_page(lead_id: i32) -> Result<ConvertPage, AppError> {
    let result = async {
        let user = current_user().await?;
        super::convert_repo::convert_page(&db()?, &user, lead_id).await
    };
    answer(result.await)
}

#[server(prefix = "/api", endpoint = "clients/convert", output = crate::wire::Json)]
pub async fn convert_lead(input: ConvertInput) -> Result<ConvertOutcome, AppError> {
    let result = async {
        let user = current_user().await?;
        super::convert_repo::convert(&db()?, &user, &input, chrono::Utc::now()).await
    };
    answer(result.await)
}

#[server(prefix = "/api", endpoint = "clients/accounts", output = crate::wire::Json)]
pub async fn list_accounts(q: String) -> Result<Vec<AccountRow>, AppError> {
    let result = async {
        let user = current_user().await?;
        if !crate::server::fns::searchable(&q) {
            return Ok(Vec::new());
        }
        super::repo::list_accounts(&db()?, client_scope(&user), &q).await
    };
    answer(result.await)
}

#[server(prefix = "/api", endpoint = "clients/account", output = crate::wire::Json)]
pub async fn load_account(id: i32) -> Result<AccountDetail, AppError> {
    let result = async {
        let user = current_user().await?;
        super::repo::account_detail(&db()?, client_scope(&user), id).await
    };
    answer(result.await)
}

#[server(prefix = "/api", endpoint = "clients/account-create", output = crate::wire::Json)]
pub async fn create_account(input: AccountInput) -> Result<i32, AppError> {
    let result = async {
        let user = current_user().await?;
        let valid = input.validate().map_err(AppError::Invalid)?;
        super::repo::create_account(&db()?, &user, valid, chrono::Utc::now()).await
    };
    answer(result.await)
}

#[server(prefix = "/api", endpoint = "clients/account-update", output = crate::wire::Json)]
pub async fn update_account(
    id: i32,
    version: i32,
    input: AccountInput,
) -> Result<AccountDetail, AppError> {
    let result = async {
        let user = current_user().await?;
        let valid = input.validate().map_err(AppError::Invalid)?;
        super::repo::update_account(&db()?, &user, id, version, valid, chrono::Utc::now()).await
    };
    answer(result.await)
}

#[server(prefix = "/api", endpoint = "clients/contacts", output = crate::wire::Json)]
pub async fn list_contacts(q: String) -> Result<Vec<ContactRow>, AppError> {
    let result = async {
        let user = current_user().await?;
        if !crate::server::fns::searchable(&q) {
            return Ok(Vec::new());
        }
        super::repo::list_contacts(&db()?, client_scope(&user), &q).await
    };
    answer(result.await)
}

#[server(prefix = "/api", endpoint = "clients/contact", output = crate::wire::Json)]
pub async fn load_contact(id: i32) -> Result<ContactDetail, AppError> {
    let result = async {
        let user = current_user().await?;
        super::repo::contact_detail(&db()?, client_scope(&user), id).await
    };
    answer(result.await)
}

#[server(prefix = "/api", endpoint = "clients/contact-create", output = crate::wire::Json)]
pub async fn create_contact(account_id: i32, input: ContactInput) -> Result<i32, AppError> {
    let result = async {
        let user = current_user().await?;
        let valid = input.validate().map_err(AppError::Invalid)?;
        super::repo::create_contact(&db()?, &user, account_id, valid, chrono::Utc::now()).await
    };
    answer(result.await)
}

#[server(prefix = "/api", endpoint = "clients/contact-update", output = crate::wire::Json)]
pub async fn update_contact(
    id: i32,
    version: i32,
    input: ContactInput,
) -> Result<ContactDetail, AppError> {
    let result = async {
        let user = current_user().await?;
        let valid = input.validate().map_err(AppError::Invalid)?;
        super::repo::update_contact(&db()?, &user, id, version, valid, chrono::Utc::now()).await
    };
    answer(result.await)
}

#[server(prefix = "/api", endpoint = "clients/deals-board", output = crate::wire::Json)]
pub async fn load_deal_board() -> Result<Vec<StageColumn>, AppError> {
    let result = async {
        let user = current_user().await?;
        super::repo::opportunity_board(&db()?, client_scope(&user)).await
    };
    answer(result.await)
}

#[server(prefix = "/api", endpoint = "clients/deal", output = crate::wire::Json)]
pub async fn load_deal(id: i32) -> Result<OpportunityDetail, AppError> {
    let result = async {
        let user = current_user().await?;
        super::repo::opportunity_detail(&db()?, client_scope(&user), id).await
    };
    answer(result.await)
}

#[server(prefix = "/api", endpoint = "clients/deal-update", output = crate::wire::Json)]
pub async fn update_deal(
    id: i32,
    version: i32,
    input: OpportunityInput,
) -> Result<OpportunityDetail, AppError> {
    let result = async {
        let user = current_user().await?;
        let valid = input.validate().map_err(AppError::Invalid)?;
        super::repo::update_opportunity(&db()?, &user, id, version, valid, chrono::Utc::now()).await
    };
    answer(result.await)
}

#[server(prefix = "/api", endpoint = "clients/deal-move", output = crate::wire::Json)]
pub async fn move_deal(request: StageMove) -> Result<OpportunityCard, AppError> {
    let result = async {
        let user = current_user().await?;
        super::repo::move_opportunity(&db()?, &user, &request, chrono::Utc::now()).await
    };
    answer(result.await)
}
