use sea_orm_migration::{prelude::*, schema::*};

use crate::m20261122_000001_create_lead::Lead;
use crate::m20261123_000003_create_app_user::AppUser;

#[derive(DeriveMigrationName)]
pub struct Migration;

/// Web forms that post leads into Leady (`crate::capture`), and what comes with them:
///
/// - `capture_form`: a form's public key, the source it stamps, the origins allowed to post it
///   (one per line), the fields it accepts and requires (comma-separated codes), a fixed owner
///   or none (the assignment rules decide), its consent text with a version that goes up
///   whenever the text changes, a thank-you URL, an on/off switch.
/// - `lead_consent`: what a person consented to, one row per consent (a table, not columns
///   on lead, so export and erasure can list and remove them): the text and its version, when,
///   through which form, from which address.
/// - `capture_idempotency`: the first answer to a submission with an `Idempotency-Key`, per
///   form, so a retry (to any instance) gets the same answer; old rows are pruned.
#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(CaptureForm::Table)
                    .if_not_exists()
                    .col(pk_auto(CaptureForm::Id))
                    .col(string_len_uniq(CaptureForm::FormKey, 64))
                    .col(string_len(CaptureForm::Name, 100))
                    .col(string_len(CaptureForm::Source, 32))
                    .col(text(CaptureForm::AllowedOrigins).default(""))
                    .col(string_len(CaptureForm::AcceptedFields, 200))
                    .col(string_len(CaptureForm::RequiredFields, 200))
                    .col(integer_null(CaptureForm::OwnerId))
                    .col(text_null(CaptureForm::ConsentText))
                    .col(integer(CaptureForm::ConsentVersion).default(0))
                    .col(string_len_null(CaptureForm::ThankYouUrl, 500))
                    .col(boolean(CaptureForm::Active).default(true))
                    .col(timestamp_with_time_zone(CaptureForm::CreatedAt))
                    .col(timestamp_with_time_zone(CaptureForm::UpdatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_capture_form_owner")
                            .from(CaptureForm::Table, CaptureForm::OwnerId)
                            .to(AppUser::Table, AppUser::Id)
                            .on_delete(ForeignKeyAction::SetNull),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(LeadConsent::Table)
                    .if_not_exists()
                    .col(pk_auto(LeadConsent::Id))
                    .col(integer(LeadConsent::LeadId))
                    .col(integer_null(LeadConsent::FormId))
                    .col(string_len(LeadConsent::FormName, 100))
                    .col(text(LeadConsent::ConsentText))
                    .col(integer(LeadConsent::ConsentVersion))
                    .col(timestamp_with_time_zone(LeadConsent::ConsentedAt))
                    .col(string_len(LeadConsent::ClientAddress, 64))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_lead_consent_lead")
                            .from(LeadConsent::Table, LeadConsent::LeadId)
                            .to(Lead::Table, Lead::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_lead_consent_form")
                            .from(LeadConsent::Table, LeadConsent::FormId)
                            .to(CaptureForm::Table, CaptureForm::Id)
                            .on_delete(ForeignKeyAction::SetNull),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_lead_consent_lead")
                    .table(LeadConsent::Table)
                    .col(LeadConsent::LeadId)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(CaptureIdempotency::Table)
                    .if_not_exists()
                    .col(pk_auto(CaptureIdempotency::Id))
                    .col(integer(CaptureIdempotency::FormId))
                    .col(string_len(CaptureIdempotency::IdemKey, 200))
                    .col(integer(CaptureIdempotency::LeadId))
                    .col(string_len(CaptureIdempotency::Outcome, 16))
                    .col(timestamp_with_time_zone(CaptureIdempotency::CreatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_capture_idempotency_form")
                            .from(CaptureIdempotency::Table, CaptureIdempotency::FormId)
                            .to(CaptureForm::Table, CaptureForm::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ux_capture_idempotency_key")
                    .table(CaptureIdempotency::Table)
                    .col(CaptureIdempotency::FormId)
                    .col(CaptureIdempotency::IdemKey)
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_capture_idempotency_created")
                    .table(CaptureIdempotency::Table)
                    .col(CaptureIdempotency::CreatedAt)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            CaptureIdempotency::Table.into_iden(),
            LeadConsent::Table.into_iden(),
            CaptureForm::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).if_exists().to_owned())
                .await?;
        }
        Ok(())
    }
}

#[derive(DeriveIden)]
enum CaptureForm {
    Table,
    Id,
    FormKey,
    Name,
    Source,
    AllowedOrigins,
    AcceptedFields,
    RequiredFields,
    OwnerId,
    ConsentText,
    ConsentVersion,
    ThankYouUrl,
    Active,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum LeadConsent {
    Table,
    Id,
    LeadId,
    FormId,
    FormName,
    ConsentText,
    ConsentVersion,
    ConsentedAt,
    ClientAddress,
}

#[derive(DeriveIden)]
enum CaptureIdempotency {
    Table,
    Id,
    FormId,
    IdemKey,
    LeadId,
    Outcome,
    CreatedAt,
}
