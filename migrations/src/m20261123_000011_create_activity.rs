use sea_orm_migration::{prelude::*, schema::*};

use crate::m20261122_000001_create_lead::Lead;
use crate::m20261123_000003_create_app_user::AppUser;

#[derive(DeriveMigrationName)]
pub struct Migration;

/// The communication log of a lead: calls (with outcome), meetings (time, place), tasks (due,
/// done), emails (subject, body, direction) and notes, each with its author and time.
/// `occurs_at` is a meeting's time or a task's due time; `done_at` a task's completion.
#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Activity::Table)
                    .if_not_exists()
                    .col(pk_auto(Activity::Id))
                    .col(integer(Activity::LeadId))
                    .col(integer_null(Activity::AuthorId))
                    .col(string_len(Activity::Kind, 16))
                    .col(string_len(Activity::Subject, 200).default(""))
                    .col(text(Activity::Body).default(""))
                    .col(string_len_null(Activity::CallOutcome, 24))
                    .col(string_len_null(Activity::EmailDirection, 16))
                    .col(string_len(Activity::Place, 200).default(""))
                    .col(timestamp_with_time_zone_null(Activity::OccursAt))
                    .col(timestamp_with_time_zone_null(Activity::DoneAt))
                    .col(timestamp_with_time_zone(Activity::CreatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_activity_lead")
                            .from(Activity::Table, Activity::LeadId)
                            .to(Lead::Table, Lead::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_activity_author")
                            .from(Activity::Table, Activity::AuthorId)
                            .to(AppUser::Table, AppUser::Id)
                            .on_delete(ForeignKeyAction::SetNull),
                    )
                    .to_owned(),
            )
            .await?;
        // A lead's timeline, newest first.
        manager
            .create_index(
                Index::create()
                    .name("ix_activity_lead_created")
                    .table(Activity::Table)
                    .col(Activity::LeadId)
                    .col(Activity::CreatedAt)
                    .to_owned(),
            )
            .await?;
        // Open tasks by due time: "Moje úkoly" and the follow-up flag of the board's cards.
        manager
            .create_index(
                Index::create()
                    .name("ix_activity_open_tasks")
                    .table(Activity::Table)
                    .col(Activity::Kind)
                    .col(Activity::DoneAt)
                    .col(Activity::OccursAt)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(Activity::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
enum Activity {
    Table,
    Id,
    LeadId,
    AuthorId,
    Kind,
    Subject,
    Body,
    CallOutcome,
    EmailDirection,
    Place,
    OccursAt,
    DoneAt,
    CreatedAt,
}
