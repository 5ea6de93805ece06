//! The poll-status row (server only): the last poll's report for the admin page, and the
//! highest IMAP UID handled, which only saves fetching old messages again.

use chrono::{DateTime, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};

use super::status::EmailStatusView;
use crate::server::entities::email_poll_status;

/// What one poll did.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PollReport {
    pub created: u32,
    pub activities: u32,
    pub skipped: u32,
    /// Messages handled before (not shown: a repeated poll sees every old message again
    /// only when the UID mark was lost).
    pub duplicates: u32,
    /// Why the poll failed, after counting what it did before.
    pub error: Option<String>,
}

const ROW: i32 = 1;

/// Stores the report of the poll that ended at `now`.
pub async fn record_poll(
    db: &impl ConnectionTrait,
    report: &PollReport,
    now: DateTime<Utc>,
) -> Result<(), sea_orm::DbErr> {
    let count = |n: u32| i32::try_from(n).unwrap_or(i32::MAX);
    email_poll_status::Entity::update_many()
        .col_expr(email_poll_status::Column::PolledAt, Expr::value(now))
        .col_expr(
            email_poll_status::Column::CreatedCount,
            Expr::value(count(report.created)),
        )
        .col_expr(
            email_poll_status::Column::ActivityCount,
            Expr::value(count(report.activities)),
        )
        .col_expr(
            email_poll_status::Column::SkippedCount,
            Expr::value(count(report.skipped)),
        )
        .col_expr(
            email_poll_status::Column::Error,
            Expr::value(report.error.clone()),
        )
        .filter(email_poll_status::Column::Id.eq(ROW))
        .exec(db)
        .await?;
    Ok(())
}

/// The folder's UIDVALIDITY and the highest UID handled in it (0: none).
pub async fn uid_mark(db: &impl ConnectionTrait) -> Result<(Option<i64>, i64), sea_orm::DbErr> {
    Ok(email_poll_status::Entity::find_by_id(ROW)
        .one(db)
        .await?
        .map(|row| (row.uid_validity, row.last_uid))
        .unwrap_or((None, 0)))
}

pub async fn set_uid_mark(
    db: &impl ConnectionTrait,
    uid_validity: Option<i64>,
    last_uid: i64,
) -> Result<(), sea_orm::DbErr> {
    email_poll_status::Entity::update_many()
        .col_expr(
            email_poll_status::Column::UidValidity,
            Expr::value(uid_validity),
        )
        .col_expr(email_poll_status::Column::LastUid, Expr::value(last_uid))
        .filter(email_poll_status::Column::Id.eq(ROW))
        .exec(db)
        .await?;
    Ok(())
}

/// The last poll, as the admin page shows it.
pub async fn status(
    db: &impl ConnectionTrait,
    mailbox: Option<String>,
) -> Result<EmailStatusView, sea_orm::DbErr> {
    let row = email_poll_status::Entity::find_by_id(ROW).one(db).await?;
    Ok(match row {
        Some(row) => EmailStatusView {
            mailbox,
            polled_at: row.polled_at,
            created: row.created_count,
            activities: row.activity_count,
            skipped: row.skipped_count,
            error: row.error,
        },
        None => EmailStatusView {
            mailbox,
            ..EmailStatusView::default()
        },
    })
}
