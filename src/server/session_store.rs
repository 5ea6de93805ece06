//! tower-sessions' store over the app's own database (SQLite or PostgreSQL), so that sessions
//! survive restarts and are shared by every app instance. The signed-in user's id is kept in
//! its own column too, so that all sessions of a user can be ended at once.

use chrono::{DateTime, Utc};
use sea_orm::sea_query::OnConflict;
use std::collections::HashMap;

use sea_orm::{
    ActiveValue::Set, ColumnTrait, DatabaseConnection, EntityTrait, JoinType, QueryFilter,
    QuerySelect,
};
use tower_sessions::session::{Id, Record};
use tower_sessions::session_store::{self, ExpiredDeletion, SessionStore};

use super::entities::{app_user, user_session};

/// The session key holding the signed-in user's id.
pub const USER_ID_KEY: &str = "uid";
/// The session key holding when the user signed in (Unix seconds), for the absolute lifetime.
pub const SIGNED_IN_AT_KEY: &str = "since";
/// The session key under which [`DbSessionStore::load`] hands over the signed-in user as the
/// same statement read them (null when the user is gone or deactivated). Never stored: it is
/// as old as the request, so a deactivation or a new role counts on the next request.
pub const LOADED_USER_KEY: &str = "_user";

#[derive(Clone, Debug)]
pub struct DbSessionStore {
    db: DatabaseConnection,
}

impl DbSessionStore {
    pub fn new(db: DatabaseConnection) -> Self {
        Self { db }
    }
}

fn backend(err: sea_orm::DbErr) -> session_store::Error {
    session_store::Error::Backend(err.to_string())
}

fn expires_at(record: &Record) -> DateTime<Utc> {
    DateTime::from_timestamp(record.expiry_date.unix_timestamp(), 0).unwrap_or_else(Utc::now)
}

fn row(record: &Record) -> Result<user_session::ActiveModel, session_store::Error> {
    let mut stored = record.data.clone();
    stored.remove(LOADED_USER_KEY);
    let data =
        serde_json::to_string(&stored).map_err(|e| session_store::Error::Encode(e.to_string()))?;
    let user_id = record
        .data
        .get(USER_ID_KEY)
        .and_then(|v| v.as_i64())
        .and_then(|v| i32::try_from(v).ok());
    Ok(user_session::ActiveModel {
        id: Set(record.id.to_string()),
        user_id: Set(user_id),
        data: Set(data),
        expires_at: Set(expires_at(record)),
    })
}

#[async_trait::async_trait]
impl SessionStore for DbSessionStore {
    async fn create(&self, record: &mut Record) -> session_store::Result<()> {
        // A fresh random id colliding is practically impossible; still, never overwrite.
        loop {
            let inserted = user_session::Entity::insert(row(record)?)
                .on_conflict(
                    OnConflict::column(user_session::Column::Id)
                        .do_nothing()
                        .to_owned(),
                )
                .exec_without_returning(&self.db)
                .await
                .map_err(backend)?;
            if inserted > 0 {
                return Ok(());
            }
            record.id = Id::default();
        }
    }

    async fn save(&self, record: &Record) -> session_store::Result<()> {
        user_session::Entity::insert(row(record)?)
            .on_conflict(
                OnConflict::column(user_session::Column::Id)
                    .update_columns([
                        user_session::Column::UserId,
                        user_session::Column::Data,
                        user_session::Column::ExpiresAt,
                    ])
                    .to_owned(),
            )
            .exec_without_returning(&self.db)
            .await
            .map_err(backend)?;
        Ok(())
    }

    /// The session and its user in one statement: every signed-in request needs both.
    async fn load(&self, id: &Id) -> session_store::Result<Option<Record>> {
        let Some((found, user)) = user_session::Entity::find_by_id(id.to_string())
            .filter(user_session::Column::ExpiresAt.gt(Utc::now()))
            .select_also(app_user::Entity)
            .join(
                JoinType::LeftJoin,
                user_session::Entity::belongs_to(app_user::Entity)
                    .from(user_session::Column::UserId)
                    .to(app_user::Column::Id)
                    .into(),
            )
            .one(&self.db)
            .await
            .map_err(backend)?
        else {
            return Ok(None);
        };
        let mut data: HashMap<String, serde_json::Value> = serde_json::from_str(&found.data)
            .map_err(|e| session_store::Error::Decode(e.to_string()))?;
        if found.user_id.is_some() {
            let active = user.filter(|u| u.active).map(crate::auth::repo::to_current);
            data.insert(
                LOADED_USER_KEY.to_string(),
                serde_json::to_value(active)
                    .map_err(|e| session_store::Error::Decode(e.to_string()))?,
            );
        }
        let expiry_date = tower_sessions::cookie::time::OffsetDateTime::from_unix_timestamp(
            found.expires_at.timestamp(),
        )
        .map_err(|e| session_store::Error::Decode(e.to_string()))?;
        Ok(Some(Record {
            id: *id,
            data,
            expiry_date,
        }))
    }

    async fn delete(&self, id: &Id) -> session_store::Result<()> {
        user_session::Entity::delete_by_id(id.to_string())
            .exec(&self.db)
            .await
            .map_err(backend)?;
        Ok(())
    }
}

#[async_trait::async_trait]
impl ExpiredDeletion for DbSessionStore {
    async fn delete_expired(&self) -> session_store::Result<()> {
        user_session::Entity::delete_many()
            .filter(user_session::Column::ExpiresAt.lte(Utc::now()))
            .exec(&self.db)
            .await
            .map_err(backend)?;
        Ok(())
    }
}
