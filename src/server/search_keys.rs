//! Fills the search keys that are not computed yet (NULL): rows written before the keys
//! existed, or after a change of the folding asks for new keys (a migration sets them NULL).
//! Runs after every migration, so a database in use always has a key on every row.

use sea_orm::sea_query::Expr;
use sea_orm::{
    ColumnTrait, DatabaseConnection, DbErr, EntityTrait, QueryFilter, QuerySelect, TransactionTrait,
};

use crate::matching::{KeyParts, search_key};
use crate::server::entities::{account, contact, lead};

/// Rows keyed per transaction.
const BATCH: u64 = 500;

pub async fn fill_missing(db: &DatabaseConnection) -> Result<(), DbErr> {
    fill_leads(db).await?;
    fill_accounts(db).await?;
    fill_contacts(db).await
}

async fn write<E, C>(
    db: &DatabaseConnection,
    id: C,
    key: C,
    rows: Vec<(i32, String)>,
) -> Result<(), DbErr>
where
    E: EntityTrait,
    C: ColumnTrait,
{
    let txn = db.begin().await?;
    for (row, value) in rows {
        E::update_many()
            .col_expr(key, Expr::value(value))
            .filter(id.eq(row))
            .exec(&txn)
            .await?;
    }
    txn.commit().await
}

async fn fill_leads(db: &DatabaseConnection) -> Result<(), DbErr> {
    loop {
        let rows = lead::Entity::find()
            .filter(lead::Column::SearchKey.is_null())
            .limit(BATCH)
            .all(db)
            .await?;
        if rows.is_empty() {
            return Ok(());
        }
        let keys = rows
            .iter()
            .map(|l| {
                let key = search_key(KeyParts {
                    first_name: &l.first_name,
                    last_name: &l.last_name,
                    company: &l.company,
                    email: l.email.as_deref(),
                    phone: l.phone.as_deref(),
                    ico: l.ico.as_deref(),
                    extra: "",
                });
                (l.id, key)
            })
            .collect();
        write::<lead::Entity, _>(db, lead::Column::Id, lead::Column::SearchKey, keys).await?;
    }
}

async fn fill_accounts(db: &DatabaseConnection) -> Result<(), DbErr> {
    loop {
        let rows = account::Entity::find()
            .filter(account::Column::SearchKey.is_null())
            .limit(BATCH)
            .all(db)
            .await?;
        if rows.is_empty() {
            return Ok(());
        }
        let keys = rows
            .iter()
            .map(|a| {
                let key = search_key(KeyParts {
                    company: &a.name,
                    phone: a.phone.as_deref(),
                    ico: a.ico.as_deref(),
                    extra: &a.city,
                    ..Default::default()
                });
                (a.id, key)
            })
            .collect();
        write::<account::Entity, _>(db, account::Column::Id, account::Column::SearchKey, keys)
            .await?;
    }
}

async fn fill_contacts(db: &DatabaseConnection) -> Result<(), DbErr> {
    loop {
        let rows = contact::Entity::find()
            .filter(contact::Column::SearchKey.is_null())
            .limit(BATCH)
            .all(db)
            .await?;
        if rows.is_empty() {
            return Ok(());
        }
        let keys = rows
            .iter()
            .map(|c| {
                let key = search_key(KeyParts {
                    first_name: &c.first_name,
                    last_name: &c.last_name,
                    email: c.email.as_deref(),
                    phone: c.phone.as_deref(),
                    ..Default::default()
                });
                (c.id, key)
            })
            .collect();
        write::<contact::Entity, _>(db, contact::Column::Id, contact::Column::SearchKey, keys)
            .await?;
    }
}
