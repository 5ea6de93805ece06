//! Leady's schema, one append-only file per step. The same steps run on SQLite and PostgreSQL.
pub use sea_orm_migration::prelude::*;

mod m20261122_000001_create_lead;
mod m20261122_000002_create_lead_status_change;

pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m20261122_000001_create_lead::Migration),
            Box::new(m20261122_000002_create_lead_status_change::Migration),
        ]
    }
}
