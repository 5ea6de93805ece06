//! The people and leads the tests start from: the one copy of the helpers each test file used
//! to carry for itself (`person()`, `boss()`, `new_lead()`, …). Users and leads are made
//! through the app's own functions (`create_user`, `create_lead`), except the bare user rows
//! of [`salesperson_row`]. Each caller passes its own clock (`at`): the files' dates differ,
//! and what a test asserts may depend on them.
//!
//! Not to be confused with `tests/fixtures/`, the recorded files (ARES answers, emails).

use chrono::{DateTime, Utc};
use leady::auth::model::{CurrentUser, Role};
use leady::auth::repo::{NewUser, create_user};
use leady::leads::model::LeadInput;
use leady::leads::repo;
use leady::server::entities::{app_user, lead};
use sea_orm::{ActiveValue::Set, DatabaseConnection, EntityTrait, PaginatorTrait};

pub use super::app::PASSWORD;

/// A user made by the real `create_user` at `at`, who signs in with [`PASSWORD`].
pub async fn user(
    db: &DatabaseConnection,
    email: &str,
    name: &str,
    role: Role,
    at: DateTime<Utc>,
) -> CurrentUser {
    create_user(
        db,
        NewUser {
            email: email.into(),
            name: name.into(),
            role,
            password: PASSWORD.into(),
        },
        at,
    )
    .await
    .unwrap()
}

/// The address [`person`] gives `name`: "Milan Vedoucí" → `milan.vedoucí@firma.cz`, with `á`
/// written `a` ("Bára Druhá" → `bara.druha@firma.cz`).
pub fn email_of(name: &str) -> String {
    format!(
        "{}@firma.cz",
        name.to_lowercase().replace(' ', ".").replace('á', "a")
    )
}

/// A user called `name`, at the address [`email_of`] makes from it.
pub async fn person(
    db: &DatabaseConnection,
    name: &str,
    role: Role,
    at: DateTime<Utc>,
) -> CurrentUser {
    user(db, &email_of(name), name, role, at).await
}

/// A user at `email`, named after the address's local part (`jana@firma.cz` → "jana").
pub async fn person_by_email(
    db: &DatabaseConnection,
    email: &str,
    role: Role,
    at: DateTime<Utc>,
) -> CurrentUser {
    let name = email.split('@').next().unwrap_or("x");
    user(db, email, name, role, at).await
}

/// A manager as the repo functions take one, without a row in the database.
pub fn manager(id: i32, name: &str, email: &str) -> CurrentUser {
    CurrentUser {
        id,
        name: name.into(),
        email: email.into(),
        role: Role::Manager,
    }
}

/// The manager the repo tests act as: one who may do anything on any lead, and who is nobody
/// in the database (id 0). The permission matrix has its own tests.
pub fn boss() -> CurrentUser {
    manager(0, "Vedoucí", "vedouci@firma.cz")
}

/// An active salesperson's row written directly (no password hash, so no hashing time): for
/// tests that only need someone to own leads. Answers the id.
pub async fn salesperson_row(
    db: &DatabaseConnection,
    name: &str,
    email: &str,
    at: DateTime<Utc>,
) -> i32 {
    let user = app_user::ActiveModel {
        email: Set(email.into()),
        name: Set(name.into()),
        role: Set(Role::Salesperson),
        active: Set(true),
        password_hash: Set(String::new()),
        created_at: Set(at),
        updated_at: Set(at),
        ..Default::default()
    };
    app_user::Entity::insert(user)
        .exec(db)
        .await
        .expect("add a salesperson")
        .last_insert_id
}

/// `n` active salespeople, "Obchodník 0" … (the benchmarks' team). Answers their ids.
pub async fn sales_team(db: &DatabaseConnection, n: usize) -> Vec<i32> {
    let now = Utc::now();
    let mut team = Vec::with_capacity(n);
    for i in 0..n {
        let name = format!("Obchodník {i}");
        let email = format!("obchodnik{i}@firma.cz");
        team.push(salesperson_row(db, &name, &email, now).await);
    }
    team
}

/// A lead made by the real `create_lead` at `at` (no form key, no owner yet). Answers its id.
pub async fn add_lead(db: &DatabaseConnection, input: LeadInput, at: DateTime<Utc>) -> i32 {
    let valid = input.validate().unwrap();
    repo::create_lead(db, valid, None, at).await.unwrap().id
}

/// The plainest valid lead: `first` `last`, at `first@firma.cz` (lower case). Answers its id.
pub async fn new_lead(db: &DatabaseConnection, first: &str, last: &str, at: DateTime<Utc>) -> i32 {
    let input = LeadInput {
        first_name: first.into(),
        last_name: last.into(),
        email: format!("{}@firma.cz", first.to_lowercase()),
        ..LeadInput::default()
    };
    add_lead(db, input, at).await
}

/// How many leads the database holds.
pub async fn lead_count(db: &DatabaseConnection) -> u64 {
    lead::Entity::find().count(db).await.unwrap()
}
