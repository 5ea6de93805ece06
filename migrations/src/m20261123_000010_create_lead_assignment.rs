use sea_orm_migration::{prelude::*, schema::*};

use crate::m20261122_000001_create_lead::Lead;
use crate::m20261123_000003_create_app_user::AppUser;

#[derive(DeriveMigrationName)]
pub struct Migration;

/// The assignment history of a lead: who it went from and to, who did it (none: a rule, whose
/// name is kept as it was then) and when.
#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(LeadAssignment::Table)
                    .if_not_exists()
                    .col(pk_auto(LeadAssignment::Id))
                    .col(integer(LeadAssignment::LeadId))
                    .col(integer_null(LeadAssignment::FromUserId))
                    .col(integer_null(LeadAssignment::ToUserId))
                    .col(integer_null(LeadAssignment::AssignedBy))
                    .col(string_len_null(LeadAssignment::RuleName, 100))
                    .col(timestamp_with_time_zone(LeadAssignment::AssignedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_lead_assignment_lead")
                            .from(LeadAssignment::Table, LeadAssignment::LeadId)
                            .to(Lead::Table, Lead::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_lead_assignment_from")
                            .from(LeadAssignment::Table, LeadAssignment::FromUserId)
                            .to(AppUser::Table, AppUser::Id)
                            .on_delete(ForeignKeyAction::SetNull),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_lead_assignment_to")
                            .from(LeadAssignment::Table, LeadAssignment::ToUserId)
                            .to(AppUser::Table, AppUser::Id)
                            .on_delete(ForeignKeyAction::SetNull),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_lead_assignment_by")
                            .from(LeadAssignment::Table, LeadAssignment::AssignedBy)
                            .to(AppUser::Table, AppUser::Id)
                            .on_delete(ForeignKeyAction::SetNull),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_lead_assignment_lead")
                    .table(LeadAssignment::Table)
                    .col(LeadAssignment::LeadId)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(LeadAssignment::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
enum LeadAssignment {
    Table,
    Id,
    LeadId,
    FromUserId,
    ToUserId,
    AssignedBy,
    RuleName,
    AssignedAt,
}
