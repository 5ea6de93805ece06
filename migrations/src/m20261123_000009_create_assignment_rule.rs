use sea_orm_migration::{prelude::*, schema::*};

use crate::m20261123_000003_create_app_user::AppUser;

#[derive(DeriveMigrationName)]
pub struct Migration;

/// Assignment rules, tried in `position` order on every new lead; the first that matches
/// assigns it. `kind` is round_robin, source, region or product; `match_value` is the source
/// or region code or the product id the rule looks for. Members are the people the rule
/// assigns to, in turn: `turn` counts the leads the rule has assigned, so the next one goes
/// to member number `turn mod count` (fair even when leads arrive at the same moment: the
/// counter is bumped in the lead's own transaction, which locks the rule's row).
#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(AssignmentRule::Table)
                    .if_not_exists()
                    .col(pk_auto(AssignmentRule::Id))
                    .col(string_len(AssignmentRule::Name, 100))
                    .col(integer(AssignmentRule::Position))
                    .col(string_len(AssignmentRule::Kind, 20))
                    .col(string_len_null(AssignmentRule::MatchValue, 20))
                    .col(boolean(AssignmentRule::Active).default(true))
                    .col(big_integer(AssignmentRule::Turn).default(0))
                    .col(timestamp_with_time_zone(AssignmentRule::CreatedAt))
                    .col(timestamp_with_time_zone(AssignmentRule::UpdatedAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(AssignmentRuleMember::Table)
                    .if_not_exists()
                    .col(integer(AssignmentRuleMember::RuleId))
                    .col(integer(AssignmentRuleMember::UserId))
                    .primary_key(
                        Index::create()
                            .col(AssignmentRuleMember::RuleId)
                            .col(AssignmentRuleMember::UserId),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_rule_member_rule")
                            .from(AssignmentRuleMember::Table, AssignmentRuleMember::RuleId)
                            .to(AssignmentRule::Table, AssignmentRule::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_rule_member_user")
                            .from(AssignmentRuleMember::Table, AssignmentRuleMember::UserId)
                            .to(AppUser::Table, AppUser::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(AssignmentRuleMember::Table).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(AssignmentRule::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
enum AssignmentRule {
    Table,
    Id,
    Name,
    Position,
    Kind,
    MatchValue,
    Active,
    Turn,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum AssignmentRuleMember {
    Table,
    RuleId,
    UserId,
}
