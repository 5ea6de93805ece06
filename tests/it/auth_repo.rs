//! Users, passwords, the sign-in throttle and the session store, on a real SQLite file and
//! on PostgreSQL.

use chrono::{Duration, Utc};
use leady::auth::model::{PasswordProblem, Role};
use leady::auth::password::PasswordWork;
use leady::auth::repo::{
    CreateUserError, NewUser, SignInOutcome, create_user, end_sessions_of, prune_failures,
    set_active,
};
use leady::server::session_store::{DbSessionStore, USER_ID_KEY};
use sea_orm::DatabaseConnection;
use tower_sessions::session::{Id, Record};
use tower_sessions::session_store::{ExpiredDeletion, SessionStore};

on_both_databases!(
    users_are_validated_and_emails_unique_ignoring_case,
    sign_in_outcomes,
    throttle_counts_per_account_and_address_within_the_window,
    account_wide_bound_spares_addresses_that_have_not_failed,
    session_store_round_trip_and_expiry,
    ending_a_users_sessions,
);

const PASSWORD: &str = "Zelený-kopec-u-Brna";

fn new_user(email: &str, role: Role, password: &str) -> NewUser {
    NewUser {
        email: email.into(),
        name: "Petr Prodejce".into(),
        role,
        password: password.into(),
    }
}

async fn users_are_validated_and_emails_unique_ignoring_case(db: DatabaseConnection) {
    let now = Utc::now();
    let user = create_user(
        &db,
        new_user(" Petr@Firma.CZ ", Role::Salesperson, PASSWORD),
        now,
    )
    .await
    .unwrap();
    assert_eq!(user.email, "petr@firma.cz");
    assert_eq!(user.role, Role::Salesperson);
    assert_eq!(
        create_user(&db, new_user("PETR@firma.cz", Role::Admin, PASSWORD), now).await,
        Err(CreateUserError::EmailTaken)
    );
    assert_eq!(
        create_user(&db, new_user("petr@", Role::Admin, PASSWORD), now).await,
        Err(CreateUserError::InvalidEmail)
    );
    assert_eq!(
        create_user(&db, new_user("a@firma.cz", Role::Admin, "password123"), now).await,
        Err(CreateUserError::Password(PasswordProblem::TooCommon))
    );
    assert_eq!(
        create_user(&db, new_user("a@firma.cz", Role::Admin, "kratke"), now).await,
        Err(CreateUserError::Password(PasswordProblem::TooShort))
    );
    let mut blank = new_user("b@firma.cz", Role::Admin, PASSWORD);
    blank.name = "  ".into();
    assert_eq!(
        create_user(&db, blank, now).await,
        Err(CreateUserError::NameRequired)
    );
    assert_eq!(leady::auth::repo::user_count(&db).await.unwrap(), 1);
}

/// The server's bound on password work, as the app has it.
fn work() -> PasswordWork {
    PasswordWork::new(2)
}

async fn sign_in(
    db: &DatabaseConnection,
    email: &str,
    password: &str,
    client: &str,
    now: chrono::DateTime<Utc>,
) -> Result<SignInOutcome, leady::error::AppError> {
    leady::auth::repo::sign_in(db, &work(), email, password, client, now).await
}

async fn sign_in_outcomes(db: DatabaseConnection) {
    let now = Utc::now();
    let user = create_user(&db, new_user("jana@firma.cz", Role::Manager, PASSWORD), now)
        .await
        .unwrap();
    assert_eq!(
        sign_in(&db, "JANA@firma.cz", PASSWORD, "10.0.0.1", now)
            .await
            .unwrap(),
        SignInOutcome::SignedIn(user.clone())
    );
    assert_eq!(
        sign_in(&db, "jana@firma.cz", "Zelený-kopec-u-brna", "10.0.0.1", now)
            .await
            .unwrap(),
        SignInOutcome::WrongCredentials
    );
    set_active(&db, user.id, false, now).await.unwrap();
    assert_eq!(
        sign_in(&db, "jana@firma.cz", PASSWORD, "10.0.0.1", now)
            .await
            .unwrap(),
        SignInOutcome::Deactivated
    );
    // A deactivated account with a wrong password reveals nothing more than any wrong password.
    assert_eq!(
        sign_in(&db, "jana@firma.cz", "hádám-heslo-42", "10.0.0.1", now)
            .await
            .unwrap(),
        SignInOutcome::WrongCredentials
    );
}

async fn throttle_counts_per_account_and_address_within_the_window(db: DatabaseConnection) {
    let start = Utc::now();
    create_user(
        &db,
        new_user("eva@firma.cz", Role::Salesperson, PASSWORD),
        start,
    )
    .await
    .unwrap();
    for _ in 0..5 {
        let out = sign_in(&db, "eva@firma.cz", "spatne", "10.0.1.1", start)
            .await
            .unwrap();
        assert_eq!(out, SignInOutcome::WrongCredentials);
    }
    // Per account and address: the sixth try from there waits, whatever the password.
    assert_eq!(
        sign_in(&db, "EVA@firma.cz", PASSWORD, "10.0.1.1", start)
            .await
            .unwrap(),
        SignInOutcome::Throttled(15)
    );
    // From an address that has not failed, the owner signs in: a stranger's guesses elsewhere
    // do not lock her out.
    assert!(matches!(
        sign_in(&db, "eva@firma.cz", PASSWORD, "10.0.1.2", start)
            .await
            .unwrap(),
        SignInOutcome::SignedIn(_)
    ));
    // After the window the address may try again; success clears its record.
    let later = start + Duration::minutes(16);
    assert!(matches!(
        sign_in(&db, "eva@firma.cz", PASSWORD, "10.0.1.1", later)
            .await
            .unwrap(),
        SignInOutcome::SignedIn(_)
    ));
    for _ in 0..5 {
        let out = sign_in(&db, "eva@firma.cz", "spatne", "10.0.1.1", later)
            .await
            .unwrap();
        assert_eq!(
            out,
            SignInOutcome::WrongCredentials,
            "the record was cleared"
        );
    }

    // Per address: many accounts guessed from one place.
    for i in 0..30 {
        let out = sign_in(&db, &format!("x{i}@firma.cz"), "spatne", "10.6.6.6", later)
            .await
            .unwrap();
        assert_eq!(out, SignInOutcome::WrongCredentials);
    }
    assert_eq!(
        sign_in(&db, "eva@firma.cz", PASSWORD, "10.6.6.6", later)
            .await
            .unwrap(),
        SignInOutcome::Throttled(15)
    );
    assert!(matches!(
        sign_in(&db, "eva@firma.cz", PASSWORD, "10.7.7.7", later)
            .await
            .unwrap(),
        SignInOutcome::SignedIn(_)
    ));
    // Failures are kept for the account-wide hour, then forgotten.
    assert_eq!(
        prune_failures(&db, later + Duration::minutes(16))
            .await
            .unwrap(),
        0
    );
    let pruned = prune_failures(&db, later + Duration::minutes(61))
        .await
        .unwrap();
    assert_eq!(pruned, 35, "the address's 30 and the account's last 5");
}

/// OWASP ASVS 5.0: at most 100 failed checks of one account an hour, from all addresses
/// together; past that an address that already failed waits, one that has not still gets a
/// check (so the owner is not locked out by strangers).
async fn account_wide_bound_spares_addresses_that_have_not_failed(db: DatabaseConnection) {
    let start = Utc::now();
    create_user(
        &db,
        new_user("ota@firma.cz", Role::Manager, PASSWORD),
        start,
    )
    .await
    .unwrap();
    // 100 failures from 25 addresses, 4 each (under the per-address limit of 5).
    for i in 0..100 {
        let client = format!("10.8.0.{}", i % 25);
        let out = sign_in(&db, "ota@firma.cz", "hádám", &client, start)
            .await
            .unwrap();
        assert_eq!(out, SignInOutcome::WrongCredentials, "try {i}");
    }
    let soon = start + Duration::minutes(20);
    // An address that failed within the hour waits, even past the 15-minute window.
    assert_eq!(
        sign_in(&db, "ota@firma.cz", PASSWORD, "10.8.0.3", soon)
            .await
            .unwrap(),
        SignInOutcome::Throttled(60)
    );
    // An address that has not failed gets its check: the owner signs in.
    assert!(matches!(
        sign_in(&db, "ota@firma.cz", PASSWORD, "10.9.0.1", soon)
            .await
            .unwrap(),
        SignInOutcome::SignedIn(_)
    ));
    // A fresh address gets one wrong check, then waits for the hour.
    assert_eq!(
        sign_in(&db, "ota@firma.cz", "hádám", "10.9.0.2", soon)
            .await
            .unwrap(),
        SignInOutcome::WrongCredentials
    );
    assert_eq!(
        sign_in(&db, "ota@firma.cz", PASSWORD, "10.9.0.2", soon)
            .await
            .unwrap(),
        SignInOutcome::Throttled(60)
    );
    // After the hour the failures no longer count.
    let later = start + Duration::minutes(61);
    assert!(matches!(
        sign_in(&db, "ota@firma.cz", PASSWORD, "10.8.0.3", later)
            .await
            .unwrap(),
        SignInOutcome::SignedIn(_)
    ));
}

fn record(user_id: Option<i32>, expires_in: i64) -> Record {
    let mut data = std::collections::HashMap::new();
    if let Some(id) = user_id {
        data.insert(USER_ID_KEY.to_string(), serde_json::json!(id));
    }
    data.insert("since".to_string(), serde_json::json!(1_700_000_000));
    Record {
        id: Id::default(),
        data,
        expiry_date: tower_sessions::cookie::time::OffsetDateTime::now_utc()
            + tower_sessions::cookie::time::Duration::seconds(expires_in),
    }
}

async fn session_store_round_trip_and_expiry(db: DatabaseConnection) {
    let store = DbSessionStore::new(db.clone());
    let mut live = record(None, 3600);
    store.create(&mut live).await.unwrap();
    let loaded = store.load(&live.id).await.unwrap().unwrap();
    assert_eq!(loaded.data, live.data);
    assert_eq!(
        loaded.expiry_date.unix_timestamp(),
        live.expiry_date.unix_timestamp()
    );

    live.data.insert("note".into(), serde_json::json!("ahoj"));
    store.save(&live).await.unwrap();
    assert_eq!(
        store.load(&live.id).await.unwrap().unwrap().data["note"],
        "ahoj"
    );

    let mut expired = record(None, -5);
    store.create(&mut expired).await.unwrap();
    assert!(store.load(&expired.id).await.unwrap().is_none());
    store.delete_expired().await.unwrap();
    assert!(store.load(&live.id).await.unwrap().is_some());

    store.delete(&live.id).await.unwrap();
    assert!(store.load(&live.id).await.unwrap().is_none());
}

async fn ending_a_users_sessions(db: DatabaseConnection) {
    let now = Utc::now();
    let a = create_user(
        &db,
        new_user("a@firma.cz", Role::Salesperson, PASSWORD),
        now,
    )
    .await
    .unwrap();
    let b = create_user(
        &db,
        new_user("b@firma.cz", Role::Salesperson, PASSWORD),
        now,
    )
    .await
    .unwrap();
    let store = DbSessionStore::new(db.clone());
    let mut phone = record(Some(a.id), 3600);
    let mut laptop = record(Some(a.id), 3600);
    let mut other = record(Some(b.id), 3600);
    for r in [&mut phone, &mut laptop, &mut other] {
        store.create(r).await.unwrap();
    }
    assert_eq!(end_sessions_of(&db, a.id).await.unwrap(), 2);
    assert!(store.load(&phone.id).await.unwrap().is_none());
    assert!(store.load(&laptop.id).await.unwrap().is_none());
    assert!(store.load(&other.id).await.unwrap().is_some());
}
