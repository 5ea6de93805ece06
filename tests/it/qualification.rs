//! BANT qualification on a real SQLite file and on PostgreSQL: saving it, the score in force
//! on the card, the board narrowed by score, versions, permissions and refusals.

use crate::common::fixtures::{new_lead, person};
use chrono::{DateTime, TimeZone, Utc};
use leady::assignment::repo as assignment;
use leady::auth::model::{CurrentUser, Role};
use leady::auth::permissions::LeadScope;
use leady::error::{AppError, Field};
use leady::leads::model::{BoardNarrowing, TransitionRefusal};
use leady::leads::repo::{self, BoardQuery};
use leady::qualification::model::{BudgetStatus, QualificationInput, Score, Timing};
use leady::qualification::repo as qualification;
use leady::server::entities::lead_qualification;
use sea_orm::{DatabaseConnection, EntityTrait, PaginatorTrait};

on_both_databases!(
    bant_is_saved_scored_and_shown_on_the_card,
    a_hand_set_score_wins_and_the_board_filters_by_score,
    stale_versions_others_leads_and_converted_leads_are_refused,
);

fn at(h: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 23, h, 0, 0).unwrap()
}

async fn version(db: &DatabaseConnection, id: i32) -> i32 {
    repo::card(db, id, LeadScope::Everything)
        .await
        .unwrap()
        .version
}

fn full_bant() -> QualificationInput {
    QualificationInput {
        need: "Nová balicí linka".into(),
        need_confirmed: "yes".into(),
        budget_czk: "1 500 000 Kč".into(),
        budget_status: "approved".into(),
        decision_maker: "yes".into(),
        approvers: "".into(),
        timing: "quarter".into(),
        notes: "Konkurence: Bosch".into(),
        score_override: "".into(),
    }
}

async fn save(
    db: &DatabaseConnection,
    who: &CurrentUser,
    lead: i32,
    input: QualificationInput,
) -> Result<leady::leads::detail_model::LeadDetail, AppError> {
    let valid = input.validate().map_err(AppError::Invalid)?;
    let seen = version(db, lead).await;
    qualification::save_qualification(db, who, lead, seen, valid, at(10)).await
}

async fn bant_is_saved_scored_and_shown_on_the_card(db: DatabaseConnection) {
    let jana = person(&db, "Jana Obchodní", Role::Salesperson, at(8)).await;
    let lead = new_lead(&db, "Eva", "Kvalitní", at(8)).await;
    let before = version(&db, lead).await;
    assert_eq!(
        repo::card(&db, lead, LeadScope::Everything)
            .await
            .unwrap()
            .score,
        None
    );

    let detail = save(&db, &jana, lead, full_bant()).await.unwrap();
    let q = detail.qualification.unwrap();
    assert_eq!(q.bant.budget_czk, Some(1_500_000));
    assert_eq!(q.bant.budget_status, BudgetStatus::Approved);
    assert_eq!(q.bant.timing, Timing::WithinQuarter);
    assert_eq!(q.bant.notes, "Konkurence: Bosch");
    assert_eq!(q.score(), Score::A);
    assert_eq!(detail.version, before + 1);
    let card = repo::card(&db, lead, LeadScope::Everything).await.unwrap();
    assert_eq!(card.score, Some(Score::A));

    // Saved again (an upsert, still one row): a later timing drops it to B.
    let later = QualificationInput {
        timing: "year".into(),
        ..full_bant()
    };
    let detail = save(&db, &jana, lead, later).await.unwrap();
    assert_eq!(detail.qualification.unwrap().score(), Score::B);
    assert_eq!(
        lead_qualification::Entity::find().count(&db).await.unwrap(),
        1
    );
    // No need at all: C, whatever else.
    let no_need = QualificationInput {
        need_confirmed: "no".into(),
        ..full_bant()
    };
    save(&db, &jana, lead, no_need).await.unwrap();
    assert_eq!(
        repo::card(&db, lead, LeadScope::Everything)
            .await
            .unwrap()
            .score,
        Some(Score::C)
    );
}

async fn a_hand_set_score_wins_and_the_board_filters_by_score(db: DatabaseConnection) {
    let jana = person(&db, "Jana Obchodní", Role::Salesperson, at(8)).await;
    let a = new_lead(&db, "Eva", "Áčková", at(8)).await;
    let b = new_lead(&db, "Eva", "Béčková", at(8)).await;
    let unscored = new_lead(&db, "Eva", "Neznámá", at(8)).await;
    save(&db, &jana, a, full_bant()).await.unwrap();
    let overridden = QualificationInput {
        score_override: "B".into(),
        ..full_bant()
    };
    let detail = save(&db, &jana, b, overridden).await.unwrap();
    let q = detail.qualification.unwrap();
    assert_eq!(q.bant.suggested_score(), Score::A);
    assert_eq!(q.score_override, Some(Score::B));
    assert_eq!(q.score(), Score::B);

    let ids_with = |score: Option<Score>| {
        let db = db.clone();
        async move {
            let query = BoardQuery {
                scope: LeadScope::Everything,
                narrowing: BoardNarrowing {
                    score,
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
    assert_eq!(ids_with(Some(Score::A)).await, vec![a]);
    assert_eq!(ids_with(Some(Score::B)).await, vec![b]);
    assert!(ids_with(Some(Score::C)).await.is_empty());
    assert_eq!(ids_with(None).await, vec![a, b, unscored]);
    // The column's total counts only what the filter admits.
    let query = BoardQuery {
        scope: LeadScope::Everything,
        narrowing: BoardNarrowing {
            score: Some(Score::A),
            ..BoardNarrowing::default()
        },
    };
    let page = repo::column_page(&db, leady::leads::model::LeadStatus::New, None, query)
        .await
        .unwrap();
    assert_eq!(page.total, 1);
}

async fn stale_versions_others_leads_and_converted_leads_are_refused(db: DatabaseConnection) {
    let boss = person(&db, "Milan Vedoucí", Role::Manager, at(8)).await;
    let jana = person(&db, "Jana Obchodní", Role::Salesperson, at(8)).await;
    let petr = person(&db, "Petr Prodejce", Role::Salesperson, at(8)).await;
    let lead = new_lead(&db, "Eva", "Hlídaná", at(8)).await;
    assignment::assign_lead(&db, &boss, lead, Some(jana.id), at(9))
        .await
        .unwrap();
    let valid = full_bant().validate().unwrap();
    let seen = version(&db, lead).await;

    // Petr may not see Jana's lead: not found, nothing written.
    assert_eq!(
        qualification::save_qualification(&db, &petr, lead, seen, valid.clone(), at(10)).await,
        Err(AppError::NotFound)
    );
    // A version someone else has moved past.
    assert_eq!(
        qualification::save_qualification(&db, &jana, lead, seen - 1, valid.clone(), at(10)).await,
        Err(AppError::Stale)
    );
    assert_eq!(
        lead_qualification::Entity::find().count(&db).await.unwrap(),
        0
    );
    // Bad input names its fields.
    let bad = QualificationInput {
        budget_czk: "hodně peněz".into(),
        ..full_bant()
    };
    match save(&db, &jana, lead, bad).await {
        Err(AppError::Invalid(errors)) => assert_eq!(errors[0].field, Field::Budget),
        other => panic!("expected a field error, got {other:?}"),
    }
    // A converted lead is read-only.
    sea_orm::ConnectionTrait::execute_unprepared(
        &db,
        &format!("UPDATE lead SET status = 'converted' WHERE id = {lead}"),
    )
    .await
    .unwrap();
    let seen = version(&db, lead).await;
    assert_eq!(
        qualification::save_qualification(&db, &jana, lead, seen, valid, at(11)).await,
        Err(AppError::Transition(TransitionRefusal::ConvertedIsFinal))
    );
    assert_eq!(version(&db, lead).await, seen);
}
