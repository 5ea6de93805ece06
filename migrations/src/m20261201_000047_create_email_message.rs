use sea_orm_migration::{prelude::*, schema::*};

use crate::m20261122_000001_create_lead::Lead;

#[derive(DeriveMigrationName)]
pub struct Migration;

/// The mailbox intake (`crate::email`). `email_message` remembers every message handled, by
/// its Message-ID (or a hash of its bytes): the unique key is what keeps two instances, a
/// restart or a repeated poll from making a lead twice. It is written in the same transaction
/// as the lead or activity. `email_poll_status` is one row (id 1, made here) with the last
/// poll's time, counts and error, so any instance's admin page shows it, and the highest IMAP
/// UID seen (only to fetch less; correctness rests on the Message-ID).
#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(EmailMessage::Table)
                    .if_not_exists()
                    .col(pk_auto(EmailMessage::Id))
                    .col(string_len_uniq(EmailMessage::MessageId, 255))
                    .col(big_integer_null(EmailMessage::ImapUid))
                    .col(timestamp_with_time_zone(EmailMessage::ReceivedAt))
                    .col(string_len(EmailMessage::Outcome, 16))
                    .col(string_len_null(EmailMessage::Reason, 255))
                    .col(integer_null(EmailMessage::LeadId))
                    .col(timestamp_with_time_zone(EmailMessage::ProcessedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_email_message_lead")
                            .from(EmailMessage::Table, EmailMessage::LeadId)
                            .to(Lead::Table, Lead::Id)
                            .on_delete(ForeignKeyAction::SetNull),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(EmailPollStatus::Table)
                    .if_not_exists()
                    .col(integer(EmailPollStatus::Id).primary_key())
                    .col(timestamp_with_time_zone_null(EmailPollStatus::PolledAt))
                    .col(integer(EmailPollStatus::CreatedCount).default(0))
                    .col(integer(EmailPollStatus::ActivityCount).default(0))
                    .col(integer(EmailPollStatus::SkippedCount).default(0))
                    .col(text_null(EmailPollStatus::Error))
                    .col(big_integer_null(EmailPollStatus::UidValidity))
                    .col(big_integer(EmailPollStatus::LastUid).default(0))
                    .to_owned(),
            )
            .await?;
        manager
            .get_connection()
            .execute_unprepared("INSERT INTO email_poll_status (id) VALUES (1)")
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(EmailPollStatus::Table).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(EmailMessage::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
enum EmailMessage {
    Table,
    Id,
    MessageId,
    ImapUid,
    ReceivedAt,
    Outcome,
    Reason,
    LeadId,
    ProcessedAt,
}

#[derive(DeriveIden)]
enum EmailPollStatus {
    Table,
    Id,
    PolledAt,
    CreatedCount,
    ActivityCount,
    SkippedCount,
    Error,
    UidValidity,
    LastUid,
}
