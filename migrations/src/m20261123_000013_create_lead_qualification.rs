use sea_orm_migration::{prelude::*, schema::*};

use crate::m20261122_000001_create_lead::Lead;
use crate::m20261123_000003_create_app_user::AppUser;

#[derive(DeriveMigrationName)]
pub struct Migration;

/// A lead's BANT qualification (need, budget, authority, timing), one row per lead once a
/// salesperson has filled it in, and the score set by hand over the suggested one.
#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(LeadQualification::Table)
                    .if_not_exists()
                    .col(integer(LeadQualification::LeadId).primary_key())
                    .col(text(LeadQualification::Need).default(""))
                    .col(boolean_null(LeadQualification::NeedConfirmed))
                    .col(big_integer_null(LeadQualification::BudgetCzk))
                    .col(string_len(LeadQualification::BudgetStatus, 16).default("unknown"))
                    .col(boolean_null(LeadQualification::DecisionMaker))
                    .col(string_len(LeadQualification::Approvers, 300).default(""))
                    .col(string_len(LeadQualification::Timing, 16).default("unknown"))
                    .col(text(LeadQualification::Notes).default(""))
                    .col(string_len_null(LeadQualification::ScoreOverride, 1))
                    .col(integer_null(LeadQualification::UpdatedBy))
                    .col(timestamp_with_time_zone(LeadQualification::UpdatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_lead_qualification_lead")
                            .from(LeadQualification::Table, LeadQualification::LeadId)
                            .to(Lead::Table, Lead::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_lead_qualification_user")
                            .from(LeadQualification::Table, LeadQualification::UpdatedBy)
                            .to(AppUser::Table, AppUser::Id)
                            .on_delete(ForeignKeyAction::SetNull),
                    )
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(LeadQualification::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
enum LeadQualification {
    Table,
    LeadId,
    Need,
    NeedConfirmed,
    BudgetCzk,
    BudgetStatus,
    DecisionMaker,
    Approvers,
    Timing,
    Notes,
    ScoreOverride,
    UpdatedBy,
    UpdatedAt,
}
