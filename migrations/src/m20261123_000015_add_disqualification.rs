use sea_orm_migration::{prelude::*, schema::*};

use crate::m20261122_000001_create_lead::Lead;

#[derive(DeriveMigrationName)]
pub struct Migration;

/// Why a lead was disqualified: on the lead while it stays Nekvalifikovaný (cleared when it is
/// reactivated), and on the status change itself, so the history keeps every reason given.
#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // SQLite adds one column per statement.
        for (table, column) in [
            (Lead::Table.into_iden(), Closing::DisqualifyReason),
            (Lead::Table.into_iden(), Closing::DisqualifyNote),
            (Closing::LeadStatusChange.into_iden(), Closing::Reason),
            (Closing::LeadStatusChange.into_iden(), Closing::Note),
        ] {
            let definition = match column {
                Closing::DisqualifyNote | Closing::Note => text_null(column),
                _ => string_len_null(column, 24),
            };
            manager
                .alter_table(
                    Table::alter()
                        .table(table)
                        .add_column(definition)
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for (table, column) in [
            (Lead::Table.into_iden(), Closing::DisqualifyReason),
            (Lead::Table.into_iden(), Closing::DisqualifyNote),
            (Closing::LeadStatusChange.into_iden(), Closing::Reason),
            (Closing::LeadStatusChange.into_iden(), Closing::Note),
        ] {
            manager
                .alter_table(Table::alter().table(table).drop_column(column).to_owned())
                .await?;
        }
        Ok(())
    }
}

#[derive(DeriveIden, Clone, Copy)]
enum Closing {
    LeadStatusChange,
    DisqualifyReason,
    DisqualifyNote,
    Reason,
    Note,
}
