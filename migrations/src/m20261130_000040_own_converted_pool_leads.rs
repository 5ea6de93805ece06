use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

/// A pool lead that was converted stayed in the pool: readable by every salesperson, with
/// links to the clients it became. From now on whoever converts a pool lead takes it; this
/// gives the leads converted before that to their converter, with an assignment row saying so
/// (by the converter, at the conversion's time).
#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        db.execute_unprepared(
            "INSERT INTO lead_assignment \
               (lead_id, from_user_id, to_user_id, assigned_by, rule_name, assigned_at) \
             SELECT id, NULL, converted_by, converted_by, NULL, status_changed_at FROM lead \
             WHERE status = 'converted' AND owner_id IS NULL AND converted_by IS NOT NULL",
        )
        .await?;
        db.execute_unprepared(
            "UPDATE lead SET owner_id = converted_by \
             WHERE status = 'converted' AND owner_id IS NULL AND converted_by IS NOT NULL",
        )
        .await?;
        Ok(())
    }

    /// Nothing to undo: an owner is a valid state of any lead.
    async fn down(&self, _manager: &SchemaManager) -> Result<(), DbErr> {
        Ok(())
    }
}
