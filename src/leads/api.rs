//! Lead server functions: thin. Find the caller, validate, call the repo (which keeps every
//! query within what the caller may see), answer.

use leptos::prelude::*;

use super::detail_model::{LeadDetail, LeadPage};
use super::model::{
    BoardView, ColumnPage, CreatedLead, LeadCard, LeadInput, LeadStatus, MoveRequest, PageCursor,
};
use crate::error::AppError;

#[cfg(feature = "ssr")]
use crate::auth::permissions::{board_scope, visible_scope};
#[cfg(feature = "ssr")]
use crate::leads::model::BoardFilter;
#[cfg(feature = "ssr")]
use crate::server::auth::current_user;
#[cfg(feature = "ssr")]
use crate::server::fns::{answer, db, wants_html};
#[cfg(feature = "ssr")]
use crate::server::form_flash::answer_form;

/// The name under which a refused plain post of this form waits for the page.
pub const QUICK_ENTRY_FORM: &str = "quick-entry";

/// What a refused plain post of quick entry typed: the fields and the form's key.
pub type QuickEntryTyped = (LeadInput, String);

/// Saves a lead from the quick-entry form. `form_key` identifies one filling of the form:
/// submitting it twice creates one lead.
#[server(prefix = "/api", endpoint = "leads/create", output = crate::wire::Json)]
pub async fn create_lead(input: LeadInput, form_key: String) -> Result<CreatedLead, AppError> {
    let result = async {
        current_user().await?;
        let valid = input.validate().map_err(AppError::Invalid)?;
        let key = form_key.trim();
        let key = (!key.is_empty() && key.len() <= 64).then(|| key.to_string());
        super::repo::create_lead(&db()?, valid, key, chrono::Utc::now()).await
    }
    .await;
    // A browser without WebAssembly posted the plain form: show it the confirmation page, or
    // the form again with what was typed and what is wrong.
    if let Ok(created) = &result
        && wants_html()
    {
        leptos_axum::redirect(&format!("/leads/new?saved={}", created.id));
    }
    let typed: QuickEntryTyped = (input, form_key);
    answer_form(result, QUICK_ENTRY_FORM, &typed).await
}

/// The board's first pages. `filter` is a [`BoardFilter`] code ("all", "mine", "none" or a
/// person's id); an unknown one shows everything the caller may see.
#[server(prefix = "/api", endpoint = "leads/board", output = crate::wire::Json)]
pub async fn load_board(
    filter: String,
    score: Option<String>,
    closed: Option<String>,
) -> Result<BoardView, AppError> {
    let result = async {
        let user = current_user().await?;
        let filter = BoardFilter::from_code(&filter).unwrap_or_default();
        let db = db()?;
        // Read before the board: a change in between arrives live (twice at worst, harmless).
        let live_from = crate::live::bus::latest_id(&db).await?;
        let query = board_query(
            board_scope(&user, filter)?,
            score.as_deref(),
            closed.as_deref(),
        );
        let columns = super::repo::board(&db, query).await?;
        let assignees = if crate::auth::permissions::sees_all_leads(user.role) {
            crate::assignment::repo::assignees(&db).await?
        } else {
            Vec::new()
        };
        Ok(BoardView {
            me: user,
            assignees,
            columns,
            live_from,
        })
    };
    answer(result.await)
}

/// The board's query: the caller's scope narrowed by the chosen score (an unknown code: any)
/// and, unless `closed` is "all", without leads closed more than a day ago.
#[cfg(feature = "ssr")]
pub(crate) fn board_query(
    scope: crate::auth::permissions::LeadScope,
    score: Option<&str>,
    closed: Option<&str>,
) -> super::repo::BoardQuery {
    let show_closed = closed == Some("all");
    super::repo::BoardQuery {
        scope,
        narrowing: super::model::BoardNarrowing {
            score: score.and_then(crate::qualification::model::Score::from_code),
            closed_since: (!show_closed).then(|| super::closing::closed_cutoff(chrono::Utc::now())),
        },
    }
}

#[server(prefix = "/api", endpoint = "leads/column", output = crate::wire::Json)]
pub async fn load_column(
    status: LeadStatus,
    cursor: Option<PageCursor>,
    filter: String,
    score: Option<String>,
    closed: Option<String>,
) -> Result<ColumnPage, AppError> {
    let result = async {
        let user = current_user().await?;
        let filter = BoardFilter::from_code(&filter).unwrap_or_default();
        let query = board_query(
            board_scope(&user, filter)?,
            score.as_deref(),
            closed.as_deref(),
        );
        super::repo::column_page(&db()?, status, cursor, query).await
    };
    answer(result.await)
}

#[server(prefix = "/api", endpoint = "leads/move", output = crate::wire::Json)]
pub async fn move_lead(request: MoveRequest) -> Result<LeadCard, AppError> {
    let result = async {
        let user = current_user().await?;
        super::repo::move_lead(&db()?, &user, &request, chrono::Utc::now()).await
    };
    answer(result.await)
}

/// The detail page's data: the lead within the caller's scope, the caller, and the people a
/// manager may assign to.
#[server(prefix = "/api", endpoint = "leads/page", output = crate::wire::Json)]
pub async fn load_lead_page(id: i32) -> Result<LeadPage, AppError> {
    let result = async {
        let user = current_user().await?;
        let db = db()?;
        let detail = super::repo::lead_detail(&db, id, visible_scope(&user)).await?;
        let assignees = if crate::auth::permissions::sees_all_leads(user.role) {
            crate::assignment::repo::assignees(&db).await?
        } else {
            Vec::new()
        };
        let products = crate::products::repo::list_products(&db, false).await?;
        let flash = crate::server::form_flash::take(super::detail_model::DETAIL_FORM)
            .await
            .map(|(typed, error)| crate::ui::form_flash::FormFlash { typed, error });
        Ok(LeadPage {
            detail,
            me: user,
            assignees,
            products,
            flash,
        })
    };
    answer(result.await)
}

#[server(prefix = "/api", endpoint = "leads/get", output = crate::wire::Json)]
pub async fn get_lead(id: i32) -> Result<LeadDetail, AppError> {
    let result = async {
        let user = current_user().await?;
        super::repo::lead_detail(&db()?, id, visible_scope(&user)).await
    };
    answer(result.await)
}

#[server(prefix = "/api", endpoint = "leads/update", output = crate::wire::Json)]
pub async fn update_lead(id: i32, version: i32, input: LeadInput) -> Result<LeadDetail, AppError> {
    let result = async {
        let user = current_user().await?;
        let valid = input.validate().map_err(AppError::Invalid)?;
        super::repo::update_lead(&db()?, &user, id, version, valid, chrono::Utc::now()).await
    }
    .await;
    let typed = super::detail_model::DetailTyped::Lead { id, version, input };
    answer_form(result, super::detail_model::DETAIL_FORM, &typed).await
}

/// Leads the caller may see whose name, company, email, phone or IČO contains `q` (case and
/// diacritics aside), closed ones included.
#[server(prefix = "/api", endpoint = "leads/search", output = crate::wire::Json)]
pub async fn search_leads(q: String) -> Result<Vec<LeadCard>, AppError> {
    let result = async {
        let user = current_user().await?;
        if !crate::server::fns::searchable(&q) {
            return Ok(Vec::new());
        }
        super::repo::search(&db()?, visible_scope(&user), &q).await
    };
    answer(result.await)
}

/// One card as the caller's board shows it (a live update fetches the card it heard of).
#[server(prefix = "/api", endpoint = "leads/card", output = crate::wire::Json)]
pub async fn get_card(id: i32) -> Result<LeadCard, AppError> {
    let result = async {
        let user = current_user().await?;
        super::repo::card(&db()?, id, visible_scope(&user)).await
    };
    answer(result.await)
}
