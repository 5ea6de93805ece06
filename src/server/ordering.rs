//! Hand-ordered columns (the lead board, the opportunity board): each card has a `position`
//! within its column, spaced `GAP` apart so a drop between two cards usually takes the middle
//! value and touches one row. Only when two neighbours have no room left is the column
//! renumbered.

use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};

use crate::error::AppError;

/// Distance between neighbouring cards: room for 16 halvings before a column is renumbered.
pub const GAP: i64 = 1 << 16;

/// One column of a hand-ordered board: the rows of `E` whose `group` column equals `value`.
pub struct Lane<E: EntityTrait> {
    pub group: E::Column,
    pub value: &'static str,
    pub position: E::Column,
    pub id: E::Column,
}

impl<E: EntityTrait> Lane<E> {
    /// Rows strictly after (position, id) in column order.
    pub fn after(&self, position: i64, id: i32) -> sea_orm::Condition {
        sea_orm::Condition::any()
            .add(self.position.gt(position))
            .add(
                sea_orm::Condition::all()
                    .add(self.position.eq(position))
                    .add(self.id.gt(id)),
            )
    }

    /// A position above the first card of the column (other than `moving`).
    pub async fn top(
        &self,
        txn: &impl ConnectionTrait,
        moving: i32,
    ) -> Result<i64, sea_orm::DbErr> {
        self.top_without(txn, &[moving]).await
    }

    /// A position above the first card of the column, leaving out the cards `arriving` (new
    /// rows that do not have their place yet).
    pub async fn top_without(
        &self,
        txn: &impl ConnectionTrait,
        arriving: &[i32],
    ) -> Result<i64, sea_orm::DbErr> {
        let min: Option<i64> = E::find()
            .select_only()
            .column_as(self.position.min(), "p")
            .filter(self.group.eq(self.value))
            .filter(self.id.is_not_in(arriving.iter().copied()))
            .into_tuple::<Option<i64>>()
            .one(txn)
            .await?
            .flatten();
        Ok(min.map(|p| p - GAP).unwrap_or(0))
    }

    /// Whether `id` is a card the caller may see (`visible`: their scope's condition), in any
    /// column. A move's anchor they may not see is taken as no anchor at all, like one that
    /// does not exist: otherwise "placed" or "stale" would tell which column a hidden card
    /// is in.
    pub async fn sees(
        &self,
        txn: &impl ConnectionTrait,
        id: i32,
        visible: sea_orm::Condition,
    ) -> Result<bool, sea_orm::DbErr> {
        Ok(E::find()
            .select_only()
            .column(self.id)
            .filter(self.id.eq(id))
            .filter(visible)
            .into_tuple::<i32>()
            .one(txn)
            .await?
            .is_some())
    }

    /// A position right below the card `after`; renumbers the column when there is no room.
    /// The anchor must still be in this column, or the user's picture is outdated (Stale).
    pub async fn below(
        &self,
        txn: &impl ConnectionTrait,
        after: i32,
        moving: i32,
    ) -> Result<i64, AppError> {
        let anchor: (i32, i64) = E::find()
            .select_only()
            .column(self.id)
            .column(self.position)
            .filter(self.id.eq(after))
            .filter(self.group.eq(self.value))
            .into_tuple()
            .one(txn)
            .await?
            .ok_or(AppError::Stale)?;
        let next: Option<i64> = E::find()
            .select_only()
            .column(self.position)
            .filter(self.group.eq(self.value))
            .filter(self.id.ne(moving))
            .filter(self.after(anchor.1, anchor.0))
            .order_by_asc(self.position)
            .order_by_asc(self.id)
            .into_tuple()
            .one(txn)
            .await?;
        match next {
            None => Ok(anchor.1 + GAP),
            Some(next) if next - anchor.1 >= 2 => Ok(anchor.1 + (next - anchor.1) / 2),
            Some(_) => Ok(self.renumber(txn, anchor.0, moving).await?),
        }
    }

    /// Spreads the column out evenly again, leaving a slot right after `after` for `moving`.
    async fn renumber(
        &self,
        txn: &impl ConnectionTrait,
        after: i32,
        moving: i32,
    ) -> Result<i64, sea_orm::DbErr> {
        let ids: Vec<i32> = E::find()
            .select_only()
            .column(self.id)
            .filter(self.group.eq(self.value))
            .filter(self.id.ne(moving))
            .order_by_asc(self.position)
            .order_by_asc(self.id)
            .into_tuple()
            .all(txn)
            .await?;
        let mut slot = 0;
        let mut position = 0;
        for id in ids {
            position += GAP;
            E::update_many()
                .col_expr(self.position, Expr::value(position))
                .filter(self.id.eq(id))
                .exec(txn)
                .await?;
            if id == after {
                position += GAP;
                slot = position;
            }
        }
        Ok(slot)
    }
}
