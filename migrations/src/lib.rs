//! Leady's schema, one append-only file per step. The same steps run on SQLite and PostgreSQL.
pub use sea_orm_migration::prelude::*;

mod m20261122_000001_create_lead;
mod m20261122_000002_create_lead_status_change;
mod m20261123_000003_create_app_user;
mod m20261123_000004_create_user_session;
mod m20261123_000005_create_sign_in_failure;
mod m20261123_000006_create_product;
mod m20261123_000007_add_lead_owner_region_product;
mod m20261123_000008_create_user_coverage;
mod m20261123_000009_create_assignment_rule;
mod m20261123_000010_create_lead_assignment;
mod m20261123_000011_create_activity;
mod m20261123_000012_add_lead_first_contact;
mod m20261123_000013_create_lead_qualification;
mod m20261123_000014_add_lead_score;
mod m20261123_000015_add_disqualification;
mod m20261123_000016_create_account;
mod m20261123_000017_create_contact;
mod m20261123_000018_create_opportunity;
mod m20261123_000019_add_lead_conversion;
mod m20261123_000020_create_lead_event;
mod m20261124_000021_add_report_indexes;
mod m20261130_000040_own_converted_pool_leads;
mod m20261130_000041_add_search_keys;
mod m20261130_000042_create_import_batch;
mod m20261130_000043_lead_event_outlives_lead;
mod m20261130_000045_add_lead_company_details;
mod m20261201_000046_create_capture_form;
mod m20261201_000047_create_email_message;
mod m20261207_000048_add_dashboard_facts;

pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m20261122_000001_create_lead::Migration),
            Box::new(m20261122_000002_create_lead_status_change::Migration),
            Box::new(m20261123_000003_create_app_user::Migration),
            Box::new(m20261123_000004_create_user_session::Migration),
            Box::new(m20261123_000005_create_sign_in_failure::Migration),
            Box::new(m20261123_000006_create_product::Migration),
            Box::new(m20261123_000007_add_lead_owner_region_product::Migration),
            Box::new(m20261123_000008_create_user_coverage::Migration),
            Box::new(m20261123_000009_create_assignment_rule::Migration),
            Box::new(m20261123_000010_create_lead_assignment::Migration),
            Box::new(m20261123_000011_create_activity::Migration),
            Box::new(m20261123_000012_add_lead_first_contact::Migration),
            Box::new(m20261123_000013_create_lead_qualification::Migration),
            Box::new(m20261123_000014_add_lead_score::Migration),
            Box::new(m20261123_000015_add_disqualification::Migration),
            Box::new(m20261123_000016_create_account::Migration),
            Box::new(m20261123_000017_create_contact::Migration),
            Box::new(m20261123_000018_create_opportunity::Migration),
            Box::new(m20261123_000019_add_lead_conversion::Migration),
            Box::new(m20261123_000020_create_lead_event::Migration),
            Box::new(m20261124_000021_add_report_indexes::Migration),
            Box::new(m20261130_000040_own_converted_pool_leads::Migration),
            Box::new(m20261130_000041_add_search_keys::Migration),
            Box::new(m20261130_000042_create_import_batch::Migration),
            Box::new(m20261130_000043_lead_event_outlives_lead::Migration),
            Box::new(m20261130_000045_add_lead_company_details::Migration),
            Box::new(m20261201_000046_create_capture_form::Migration),
            Box::new(m20261201_000047_create_email_message::Migration),
            Box::new(m20261207_000048_add_dashboard_facts::Migration),
        ]
    }
}
