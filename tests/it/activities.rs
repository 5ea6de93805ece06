//! The communication log on a real SQLite file and on PostgreSQL: logging each kind, the
//! timeline's order and authors, who may read and write it, tasks done and "Moje úkoly",
//! the follow-up flag and the speed-to-lead timestamp.

use crate::common::fixtures::{add_lead, person};
use chrono::{DateTime, Duration, TimeZone, Utc};
use leady::activities::model::{ActivityInput, ActivityKind, CallOutcome, EmailDirection};
use leady::activities::repo as activities;
use leady::assignment::repo as assignment;
use leady::auth::model::{CurrentUser, Role};
use leady::auth::permissions::LeadScope;
use leady::error::{AppError, Field, FieldProblem};
use leady::leads::model::{LeadInput, LeadStatus, MoveRequest, TransitionRefusal};
use leady::leads::repo;
use leady::server::entities::{activity, lead};
use sea_orm::{DatabaseConnection, EntityTrait, PaginatorTrait};

on_both_databases!(
    each_kind_is_logged_with_author_and_the_timeline_is_newest_first,
    bad_input_is_refused_by_field_and_changes_nothing,
    others_leads_are_not_found_and_converted_leads_are_read_only,
    the_first_contact_is_the_first_call_meeting_sent_email_or_move_into_process,
    tasks_are_ticked_off_and_my_tasks_lists_what_is_due_today,
    a_worked_lead_without_a_future_task_needs_follow_up,
);

fn at(h: u32, m: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 23, h, m, 0).unwrap()
}

/// A team: a manager, a salesperson who owns a fresh lead, another salesperson.
struct Team {
    boss: CurrentUser,
    jana: CurrentUser,
    petr: CurrentUser,
    lead: i32,
}

async fn team(db: &DatabaseConnection) -> Team {
    let boss = person(db, "Milan Vedoucí", Role::Manager, at(8, 0)).await;
    let jana = person(db, "Jana Obchodní", Role::Salesperson, at(8, 0)).await;
    let petr = person(db, "Petr Prodejce", Role::Salesperson, at(8, 0)).await;
    let lead = add_lead(db, karel("Dvořák"), at(8, 30)).await;
    assignment::assign_lead(db, &boss, lead, Some(jana.id), at(9, 0))
        .await
        .unwrap();
    Team {
        boss,
        jana,
        petr,
        lead,
    }
}

/// Karel `last` of Strojírny Brno, with a phone and no email.
fn karel(last: &str) -> LeadInput {
    LeadInput {
        first_name: "Karel".into(),
        last_name: last.into(),
        phone: "602 123 456".into(),
        company: "Strojírny Brno".into(),
        ..LeadInput::default()
    }
}

fn note(text: &str) -> ActivityInput {
    ActivityInput {
        kind: "note".into(),
        body: text.into(),
        ..ActivityInput::default()
    }
}

fn call(outcome: &str) -> ActivityInput {
    ActivityInput {
        kind: "call".into(),
        outcome: outcome.into(),
        body: "Volal jsem ohledně poptávky.".into(),
        ..ActivityInput::default()
    }
}

/// A task due at `when` (Prague wall clock, "YYYY-MM-DDTHH:MM").
fn task(subject: &str, when: &str) -> ActivityInput {
    ActivityInput {
        kind: "task".into(),
        subject: subject.into(),
        when: when.into(),
        ..ActivityInput::default()
    }
}

async fn log(
    db: &DatabaseConnection,
    who: &CurrentUser,
    lead: i32,
    input: ActivityInput,
    now: DateTime<Utc>,
) -> Result<leady::activities::model::ActivityView, AppError> {
    let valid = input.validate().map_err(AppError::Invalid)?;
    activities::log_activity(db, who, lead, valid, now).await
}

async fn first_contact(db: &DatabaseConnection, id: i32) -> Option<DateTime<Utc>> {
    lead::Entity::find_by_id(id)
        .one(db)
        .await
        .unwrap()
        .unwrap()
        .first_contact_at
}

async fn each_kind_is_logged_with_author_and_the_timeline_is_newest_first(db: DatabaseConnection) {
    let t = team(&db).await;
    log(&db, &t.jana, t.lead, note("Zajímá je servis."), at(10, 0))
        .await
        .unwrap();
    log(&db, &t.jana, t.lead, call("reached"), at(10, 5))
        .await
        .unwrap();
    let meeting = ActivityInput {
        kind: "meeting".into(),
        subject: "Prohlídka provozu".into(),
        when: "2026-11-25T10:00".into(),
        place: "Brno, Hala B".into(),
        ..ActivityInput::default()
    };
    log(&db, &t.jana, t.lead, meeting, at(10, 10))
        .await
        .unwrap();
    log(
        &db,
        &t.boss,
        t.lead,
        task("Poslat nabídku", "2026-11-24T09:00"),
        at(10, 15),
    )
    .await
    .unwrap();
    let email = ActivityInput {
        kind: "email".into(),
        subject: "Re: poptávka".into(),
        body: "Děkujeme, ozveme se.".into(),
        direction: "incoming".into(),
        ..ActivityInput::default()
    };
    log(&db, &t.jana, t.lead, email, at(10, 20)).await.unwrap();

    let timeline = activities::timeline(&db, &t.jana, t.lead).await.unwrap();
    let kinds: Vec<ActivityKind> = timeline.iter().map(|a| a.kind).collect();
    assert_eq!(
        kinds,
        vec![
            ActivityKind::Email,
            ActivityKind::Task,
            ActivityKind::Meeting,
            ActivityKind::Call,
            ActivityKind::Note
        ]
    );
    assert_eq!(timeline[0].direction, Some(EmailDirection::Incoming));
    assert_eq!(timeline[1].author.as_ref().unwrap().name, "Milan Vedoucí");
    // 9:00 in Prague in November is 8:00 UTC.
    assert_eq!(
        timeline[1].when,
        Some(Utc.with_ymd_and_hms(2026, 11, 24, 8, 0, 0).unwrap())
    );
    assert_eq!(timeline[2].place, "Brno, Hala B");
    assert_eq!(timeline[3].outcome, Some(CallOutcome::Reached));
    assert_eq!(timeline[4].body, "Zajímá je servis.");
    assert_eq!(timeline[4].author.as_ref().unwrap().name, "Jana Obchodní");

    // Whoever takes the lead over sees all of it.
    assignment::assign_lead(&db, &t.boss, t.lead, Some(t.petr.id), at(11, 0))
        .await
        .unwrap();
    assert_eq!(
        activities::timeline(&db, &t.petr, t.lead)
            .await
            .unwrap()
            .len(),
        5
    );
}

async fn bad_input_is_refused_by_field_and_changes_nothing(db: DatabaseConnection) {
    let t = team(&db).await;
    let refused = log(&db, &t.jana, t.lead, call(""), at(10, 0)).await;
    assert_eq!(
        refused,
        Err(AppError::Invalid(vec![leady::error::FieldError::new(
            Field::Outcome,
            FieldProblem::Required
        )]))
    );
    let bad_date = log(&db, &t.jana, t.lead, task("Volat", "zítra"), at(10, 0)).await;
    assert!(matches!(bad_date, Err(AppError::Invalid(e)) if e[0].field == Field::When));
    assert_eq!(activity::Entity::find().count(&db).await.unwrap(), 0);
    assert_eq!(first_contact(&db, t.lead).await, None);
    // A lead that does not exist.
    let missing = log(&db, &t.jana, 999_999, note("x"), at(10, 0)).await;
    assert_eq!(missing, Err(AppError::NotFound));
}

async fn others_leads_are_not_found_and_converted_leads_are_read_only(db: DatabaseConnection) {
    let t = team(&db).await;
    let mine = log(
        &db,
        &t.jana,
        t.lead,
        task("Zavolat", "2026-11-24T09:00"),
        at(10, 0),
    )
    .await
    .unwrap();
    // Petr: another salesperson's lead does not exist for him, its tasks neither.
    assert_eq!(
        log(&db, &t.petr, t.lead, note("Cizí"), at(10, 1)).await,
        Err(AppError::NotFound)
    );
    assert_eq!(
        activities::timeline(&db, &t.petr, t.lead).await,
        Err(AppError::NotFound)
    );
    assert_eq!(
        activities::set_task_done(&db, &t.petr, mine.id, true, at(10, 2)).await,
        Err(AppError::NotFound)
    );
    // A pool lead is everyone's to work.
    let pool = add_lead(&db, karel("Volný"), at(8, 30)).await;
    log(&db, &t.petr, pool, note("Volal z veletrhu"), at(10, 3))
        .await
        .unwrap();
    // A converted lead keeps its log but takes nothing new.
    sea_orm::ConnectionTrait::execute_unprepared(
        &db,
        &format!("UPDATE lead SET status = 'converted' WHERE id = {}", t.lead),
    )
    .await
    .unwrap();
    assert_eq!(
        log(&db, &t.boss, t.lead, note("Pozdě"), at(10, 4)).await,
        Err(AppError::Transition(TransitionRefusal::ConvertedIsFinal))
    );
    assert_eq!(
        activities::set_task_done(&db, &t.jana, mine.id, true, at(10, 5)).await,
        Err(AppError::Transition(TransitionRefusal::ConvertedIsFinal))
    );
    assert_eq!(
        activities::timeline(&db, &t.jana, t.lead)
            .await
            .unwrap()
            .len(),
        1
    );
}

async fn the_first_contact_is_the_first_call_meeting_sent_email_or_move_into_process(
    db: DatabaseConnection,
) {
    let t = team(&db).await;
    // Notes, tasks and an email the lead sent us are not contact.
    log(&db, &t.jana, t.lead, note("Připravit se"), at(9, 10))
        .await
        .unwrap();
    log(
        &db,
        &t.jana,
        t.lead,
        task("Zavolat", "2026-11-23T15:00"),
        at(9, 11),
    )
    .await
    .unwrap();
    let incoming = ActivityInput {
        kind: "email".into(),
        subject: "Dotaz".into(),
        direction: "incoming".into(),
        ..ActivityInput::default()
    };
    log(&db, &t.jana, t.lead, incoming, at(9, 12))
        .await
        .unwrap();
    assert_eq!(first_contact(&db, t.lead).await, None);
    // The first call counts, even unanswered; the second changes nothing.
    log(&db, &t.jana, t.lead, call("no_answer"), at(9, 40))
        .await
        .unwrap();
    assert_eq!(first_contact(&db, t.lead).await, Some(at(9, 40)));
    log(&db, &t.jana, t.lead, call("reached"), at(11, 0))
        .await
        .unwrap();
    assert_eq!(first_contact(&db, t.lead).await, Some(at(9, 40)));
    let card = repo::card(&db, t.lead, LeadScope::Everything)
        .await
        .unwrap();
    assert_eq!(card.first_contact_at, Some(at(9, 40)));
    assert_eq!(card.waiting_since(), None);

    // A lead moved into V jednání without a logged call: the move is the first contact.
    let other = add_lead(&db, karel("Procházka"), at(8, 30)).await;
    let before = repo::card(&db, other, LeadScope::Everything).await.unwrap();
    assert_eq!(before.waiting_since(), Some(before.created_at));
    assert!(before.waits_too_long(at(9, 31)));
    let moved = repo::move_lead(
        &db,
        &t.boss,
        &MoveRequest {
            lead_id: other,
            version: before.version,
            to: LeadStatus::InProcess,
            after_id: None,
            disqualify: None,
        },
        at(12, 0),
    )
    .await
    .unwrap();
    assert_eq!(moved.first_contact_at, Some(at(12, 0)));
    let detail = repo::lead_detail(&db, other, LeadScope::Everything)
        .await
        .unwrap();
    assert_eq!(detail.first_contact_at, Some(at(12, 0)));
}

async fn tasks_are_ticked_off_and_my_tasks_lists_what_is_due_today(db: DatabaseConnection) {
    let t = team(&db).await;
    // Today is 23 Nov 2026; the Prague day ends at 23:00 UTC.
    let (_, end_of_today) = leady::i18n::time::prague_day_bounds(at(10, 0));
    let overdue = log(
        &db,
        &t.jana,
        t.lead,
        task("Včerejší", "2026-11-22T09:00"),
        at(10, 0),
    )
    .await
    .unwrap();
    let today = log(
        &db,
        &t.boss,
        t.lead,
        task("Dnešní", "2026-11-23T16:00"),
        at(10, 1),
    )
    .await
    .unwrap();
    log(
        &db,
        &t.jana,
        t.lead,
        task("Zítřejší", "2026-11-24T09:00"),
        at(10, 2),
    )
    .await
    .unwrap();
    // A task Petr wrote on a pool lead is his; one on Jana's lead is hers.
    let pool = add_lead(&db, karel("Volný"), at(8, 30)).await;
    let petrs = log(
        &db,
        &t.petr,
        pool,
        task("Pool", "2026-11-23T12:00"),
        at(10, 3),
    )
    .await
    .unwrap();

    let subjects = |items: Vec<leady::activities::model::TaskItem>| {
        items
            .into_iter()
            .map(|i| i.task.subject)
            .collect::<Vec<_>>()
    };
    let janas = activities::my_tasks(&db, &t.jana, end_of_today)
        .await
        .unwrap();
    assert_eq!(janas[0].lead_name, "Karel Dvořák");
    assert_eq!(janas[0].lead_company, "Strojírny Brno");
    assert_eq!(subjects(janas), vec!["Včerejší", "Dnešní"]);
    assert_eq!(
        subjects(
            activities::my_tasks(&db, &t.petr, end_of_today)
                .await
                .unwrap()
        ),
        vec!["Pool"]
    );
    assert!(
        activities::my_tasks(&db, &t.boss, end_of_today)
            .await
            .unwrap()
            .is_empty()
    );

    // Ticked off: gone from the list, kept in the timeline; opened again: back.
    let done = activities::set_task_done(&db, &t.jana, overdue.id, true, at(10, 5))
        .await
        .unwrap();
    assert_eq!(done.done_at, Some(at(10, 5)));
    assert_eq!(
        subjects(
            activities::my_tasks(&db, &t.jana, end_of_today)
                .await
                .unwrap()
        ),
        vec!["Dnešní"]
    );
    activities::set_task_done(&db, &t.jana, overdue.id, false, at(10, 6))
        .await
        .unwrap();
    assert_eq!(
        subjects(
            activities::my_tasks(&db, &t.jana, end_of_today)
                .await
                .unwrap()
        ),
        vec!["Včerejší", "Dnešní"]
    );
    // Only tasks can be ticked off.
    let a_note = log(&db, &t.jana, t.lead, note("Jen poznámka"), at(10, 7))
        .await
        .unwrap();
    assert_eq!(
        activities::set_task_done(&db, &t.jana, a_note.id, true, at(10, 8)).await,
        Err(AppError::NotFound)
    );
    // When Petr takes over Jana's lead, her tasks on it become his.
    assignment::assign_lead(&db, &t.boss, t.lead, Some(t.petr.id), at(11, 0))
        .await
        .unwrap();
    assert!(
        activities::my_tasks(&db, &t.jana, end_of_today)
            .await
            .unwrap()
            .is_empty()
    );
    assert_eq!(
        subjects(
            activities::my_tasks(&db, &t.petr, end_of_today)
                .await
                .unwrap()
        ),
        vec!["Včerejší", "Pool", "Dnešní"]
    );
    let _ = (today, petrs);
}

async fn a_worked_lead_without_a_future_task_needs_follow_up(db: DatabaseConnection) {
    let t = team(&db).await;
    let now = at(10, 0);
    // Přiřazený with no task at all.
    let card = repo::card(&db, t.lead, LeadScope::Everything)
        .await
        .unwrap();
    assert_eq!(card.status, LeadStatus::Assigned);
    assert!(card.needs_follow_up(now));
    // A task tomorrow: planned.
    let tomorrow = log(
        &db,
        &t.jana,
        t.lead,
        task("Zavolat", "2026-11-24T09:00"),
        now,
    )
    .await
    .unwrap();
    let card = repo::card(&db, t.lead, LeadScope::Everything)
        .await
        .unwrap();
    assert_eq!(
        card.latest_task_due,
        Some(Utc.with_ymd_and_hms(2026, 11, 24, 8, 0, 0).unwrap())
    );
    assert!(!card.needs_follow_up(now));
    // Once that moment passes without the task being done, it needs follow-up again.
    assert!(card.needs_follow_up(at(8, 1) + Duration::days(1)));
    // Done: nothing open ahead.
    activities::set_task_done(&db, &t.jana, tomorrow.id, true, now)
        .await
        .unwrap();
    let board = repo::board(&db, LeadScope::Everything).await.unwrap();
    let card = board
        .iter()
        .flat_map(|c| c.cards.iter())
        .find(|c| c.id == t.lead)
        .unwrap();
    assert_eq!(card.latest_task_due, None);
    assert!(card.needs_follow_up(now));
}
