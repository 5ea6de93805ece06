//! Disqualifying and reactivating leads on a real SQLite file and on PostgreSQL: a reason is
//! required and recorded in the history, reactivation clears it, and closed leads leave the
//! default board after a day while staying findable.

use crate::common::fixtures::{new_lead, user};
use chrono::{DateTime, Duration, TimeZone, Utc};
use leady::auth::model::{CurrentUser, Role};
use leady::auth::permissions::LeadScope;
use leady::error::{AppError, Field, FieldError, FieldProblem};
use leady::leads::closing::{DisqualifyInput, DisqualifyReason, closed_cutoff};
use leady::leads::model::{BoardNarrowing, LeadInput, LeadStatus, MoveRequest, TransitionRefusal};
use leady::leads::repo::{self, BoardQuery};
use leady::server::entities::lead_status_change;
use sea_orm::{DatabaseConnection, EntityTrait, PaginatorTrait};

on_both_databases!(
    disqualifying_needs_a_reason_and_a_refusal_changes_nothing,
    the_reason_is_kept_on_the_lead_and_in_the_history,
    a_disqualified_lead_can_be_reactivated,
    closed_leads_leave_the_default_board_after_a_day,
    closed_leads_stay_findable_by_name_company_or_email,
);

fn t0() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 23, 9, 0, 0).unwrap()
}

async fn move_to(
    db: &DatabaseConnection,
    who: &CurrentUser,
    id: i32,
    to: LeadStatus,
    why: Option<(&str, &str)>,
    now: DateTime<Utc>,
) -> Result<leady::leads::model::LeadCard, AppError> {
    let version = repo::card(db, id, LeadScope::Everything).await?.version;
    let request = MoveRequest {
        lead_id: id,
        version,
        to,
        after_id: None,
        disqualify: why.map(|(reason, note)| DisqualifyInput {
            reason: reason.into(),
            note: note.into(),
        }),
    };
    repo::move_lead(db, who, &request, now).await
}

async fn history_rows(db: &DatabaseConnection) -> u64 {
    lead_status_change::Entity::find().count(db).await.unwrap()
}

async fn disqualifying_needs_a_reason_and_a_refusal_changes_nothing(db: DatabaseConnection) {
    let boss = user(&db, "milan@firma.cz", "Milan Vedoucí", Role::Manager, t0()).await;
    let id = new_lead(&db, "Ota", "Bezdůvodný", t0()).await;
    let before = repo::card(&db, id, LeadScope::Everything).await.unwrap();
    let rows = history_rows(&db).await;

    let refused = move_to(&db, &boss, id, LeadStatus::Unqualified, None, t0()).await;
    assert_eq!(
        refused,
        Err(AppError::Invalid(vec![FieldError::new(
            Field::Reason,
            FieldProblem::Required
        )]))
    );
    let other_without_words = move_to(
        &db,
        &boss,
        id,
        LeadStatus::Unqualified,
        Some(("other", " ")),
        t0(),
    )
    .await;
    assert_eq!(
        other_without_words,
        Err(AppError::Invalid(vec![FieldError::new(
            Field::ReasonNote,
            FieldProblem::Required
        )]))
    );
    let unknown = move_to(
        &db,
        &boss,
        id,
        LeadStatus::Unqualified,
        Some(("bored", "")),
        t0(),
    )
    .await;
    assert!(matches!(unknown, Err(AppError::Invalid(_))));

    let after = repo::card(&db, id, LeadScope::Everything).await.unwrap();
    assert_eq!(
        after, before,
        "a refused move changes nothing, not even the version"
    );
    assert_eq!(history_rows(&db).await, rows);
}

async fn the_reason_is_kept_on_the_lead_and_in_the_history(db: DatabaseConnection) {
    let boss = user(&db, "milan@firma.cz", "Milan Vedoucí", Role::Manager, t0()).await;
    let id = new_lead(&db, "Ota", "Ztracený", t0()).await;
    move_to(&db, &boss, id, LeadStatus::InProcess, None, t0())
        .await
        .unwrap();
    let card = move_to(
        &db,
        &boss,
        id,
        LeadStatus::Unqualified,
        Some(("lost", " Šli ke konkurenci ")),
        t0() + Duration::hours(1),
    )
    .await
    .unwrap();
    assert_eq!(card.status, LeadStatus::Unqualified);
    assert_eq!(card.disqualify_reason, Some(DisqualifyReason::Lost));

    let detail = repo::lead_detail(&db, id, LeadScope::Everything)
        .await
        .unwrap();
    let dq = detail.disqualification.unwrap();
    assert_eq!(dq.reason, DisqualifyReason::Lost);
    assert_eq!(dq.note, "Šli ke konkurenci");
    let last = detail.history.last().unwrap();
    assert_eq!(last.from, Some(LeadStatus::InProcess));
    assert_eq!(last.to, LeadStatus::Unqualified);
    assert_eq!(
        last.disqualification.as_ref().unwrap().reason,
        DisqualifyReason::Lost
    );
    // Earlier changes carry no reason.
    assert!(detail.history[0].disqualification.is_none());

    // Reordering within Nekvalifikovaný asks for nothing and keeps the reason.
    let again = move_to(
        &db,
        &boss,
        id,
        LeadStatus::Unqualified,
        None,
        t0() + Duration::hours(2),
    )
    .await
    .unwrap();
    assert_eq!(again.disqualify_reason, Some(DisqualifyReason::Lost));
}

async fn a_disqualified_lead_can_be_reactivated(db: DatabaseConnection) {
    let boss = user(&db, "milan@firma.cz", "Milan Vedoucí", Role::Manager, t0()).await;
    let id = new_lead(&db, "Ota", "Vrácený", t0()).await;
    move_to(
        &db,
        &boss,
        id,
        LeadStatus::Unqualified,
        Some(("unreachable", "")),
        t0(),
    )
    .await
    .unwrap();
    // Never back to Nový.
    assert_eq!(
        move_to(&db, &boss, id, LeadStatus::New, None, t0()).await,
        Err(AppError::Transition(TransitionRefusal::CannotReturnToNew))
    );
    let back = move_to(
        &db,
        &boss,
        id,
        LeadStatus::InProcess,
        None,
        t0() + Duration::days(3),
    )
    .await
    .unwrap();
    assert_eq!(back.status, LeadStatus::InProcess);
    assert_eq!(back.disqualify_reason, None);
    let detail = repo::lead_detail(&db, id, LeadScope::Everything)
        .await
        .unwrap();
    assert_eq!(detail.disqualification, None);
    // The history keeps why it was closed once.
    let reasons: Vec<Option<DisqualifyReason>> = detail
        .history
        .iter()
        .map(|h| h.disqualification.as_ref().map(|d| d.reason))
        .collect();
    assert_eq!(
        reasons,
        vec![None, Some(DisqualifyReason::Unreachable), None]
    );
}

async fn closed_leads_leave_the_default_board_after_a_day(db: DatabaseConnection) {
    let boss = user(&db, "milan@firma.cz", "Milan Vedoucí", Role::Manager, t0()).await;
    let open = new_lead(&db, "Ota", "Otevřený", t0()).await;
    let closed = new_lead(&db, "Ota", "Uzavřený", t0()).await;
    move_to(
        &db,
        &boss,
        closed,
        LeadStatus::Unqualified,
        Some(("bad_fit", "")),
        t0(),
    )
    .await
    .unwrap();
    let converted = new_lead(&db, "Ota", "Převedený", t0()).await;
    sea_orm::ConnectionTrait::execute_unprepared(
        &db,
        &format!("UPDATE lead SET status = 'converted' WHERE id = {converted}"),
    )
    .await
    .unwrap();

    let on_board = |now: Option<DateTime<Utc>>| {
        let db = db.clone();
        async move {
            let query = BoardQuery {
                scope: LeadScope::Everything,
                narrowing: BoardNarrowing {
                    closed_since: now.map(closed_cutoff),
                    ..BoardNarrowing::default()
                },
            };
            let mut ids: Vec<i32> = repo::board(&db, query)
                .await
                .unwrap()
                .into_iter()
                .flat_map(|c| c.cards.into_iter().map(|card| card.id))
                .collect();
            ids.sort();
            ids
        }
    };
    // Within the day: still there.
    assert_eq!(
        on_board(Some(t0() + Duration::hours(23))).await,
        vec![open, closed, converted]
    );
    // After it: only the open lead, however old it is.
    assert_eq!(on_board(Some(t0() + Duration::hours(25))).await, vec![open]);
    // "Skrýt uzavřené" off: everything stays findable.
    assert_eq!(on_board(None).await, vec![open, closed, converted]);
    let unqualified_total = repo::column_page(
        &db,
        LeadStatus::Unqualified,
        None,
        BoardQuery {
            scope: LeadScope::Everything,
            narrowing: BoardNarrowing {
                closed_since: Some(closed_cutoff(t0() + Duration::hours(25))),
                ..BoardNarrowing::default()
            },
        },
    )
    .await
    .unwrap()
    .total;
    assert_eq!(unqualified_total, 0);
}

async fn closed_leads_stay_findable_by_name_company_or_email(db: DatabaseConnection) {
    let boss = user(&db, "milan@firma.cz", "Milan Vedoucí", Role::Manager, t0()).await;
    let input = LeadInput {
        first_name: "Jiří".into(),
        last_name: "Šťastný".into(),
        email: "jiri@pila-hradec.cz".into(),
        company: "Pila Hradec".into(),
        ..LeadInput::default()
    }
    .validate()
    .unwrap();
    let id = repo::create_lead(&db, input, None, t0()).await.unwrap().id;
    new_lead(&db, "Ota", "Jiný", t0()).await;
    move_to(
        &db,
        &boss,
        id,
        LeadStatus::Unqualified,
        Some(("lost", "")),
        t0(),
    )
    .await
    .unwrap();
    // Weeks later it is off the board, but a search finds it by any of these.
    for q in ["stastny", "ŠŤASTNÝ", "jiří", "pila hr", "PILA-HRADEC.cz"] {
        let found = repo::search(&db, LeadScope::Everything, q).await.unwrap();
        let ids: Vec<i32> = found.iter().map(|c| c.id).collect();
        assert_eq!(ids, [id], "searching {q:?}");
        assert_eq!(found[0].status, LeadStatus::Unqualified);
    }
    assert!(
        repo::search(&db, LeadScope::Everything, "  ")
            .await
            .unwrap()
            .is_empty()
    );
    assert!(
        repo::search(&db, LeadScope::Everything, "%")
            .await
            .unwrap()
            .len()
            <= 2
    );
    // A salesperson finds only what they may see: not the pool lead once it is someone's.
    assert!(
        repo::search(&db, LeadScope::OwnedBy(boss.id), "stastny")
            .await
            .unwrap()
            .is_empty()
    );
}
