//! The dashboard's numbers on known data: a small team and a dozen leads whose every date is
//! fixed, so each number below can be worked out by hand (the comments do). SQLite and
//! PostgreSQL.

use crate::common::fixtures::salesperson_row;
use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use leady::activities::model::ActivityKind;
use leady::clients::model::Stage;
use leady::dashboard::model::{Granularity, OwnerFilter, Report, ReportQuery};
use leady::dashboard::repo::report;
use leady::leads::model::{LeadSource, LeadStatus};
use leady::server::entities::{account, activity, lead, lead_status_change, opportunity};
use sea_orm::{ActiveValue::Set, DatabaseConnection, EntityTrait};

on_both_databases!(
    a_week_of_known_leads_adds_up,
    filters_narrow_every_number,
    an_empty_period_has_no_rates,
    history_written_before_the_upgrade_counts_the_same
);

/// Wednesday 18 November 2026, 13:00 in Prague.
fn now() -> DateTime<Utc> {
    utc(18, 12, 0)
}

/// A November 2026 instant, UTC.
fn utc(day: u32, hour: u32, minute: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, day, hour, minute, 0)
        .unwrap()
}

struct Team {
    adam: i32,
    bara: i32,
    leads: Vec<i32>,
}

struct Seed {
    created: DateTime<Utc>,
    source: LeadSource,
    owner: Option<i32>,
    /// Status changes after creation, in order.
    history: Vec<(LeadStatus, DateTime<Utc>)>,
    first_contact: Option<DateTime<Utc>>,
}

async fn add_lead(db: &DatabaseConnection, n: usize, seed: Seed) -> i32 {
    let (status, changed) = seed
        .history
        .last()
        .copied()
        .unwrap_or((LeadStatus::New, seed.created));
    let row = lead::ActiveModel {
        first_name: Set("Lead".into()),
        last_name: Set(format!("L{n}")),
        name_key: Set(format!("l{n} lead")),
        email: Set(Some(format!("l{n}@firma.cz"))),
        phone: Set(None),
        company: Set(format!("Firma {n}")),
        source: Set(seed.source),
        description: Set(String::new()),
        status: Set(status),
        position: Set(n as i64 * 1024),
        version: Set(1),
        idempotency_key: Set(None),
        created_at: Set(seed.created),
        updated_at: Set(changed),
        status_changed_at: Set(changed),
        owner_id: Set(seed.owner),
        first_contact_at: Set(seed.first_contact),
        ..Default::default()
    };
    let id = lead::Entity::insert(row)
        .exec(db)
        .await
        .unwrap()
        .last_insert_id;
    let mut from = None;
    let mut changes = vec![(LeadStatus::New, seed.created)];
    changes.extend(seed.history);
    for (to, at) in changes {
        let change = lead_status_change::ActiveModel {
            lead_id: Set(id),
            from_status: Set(from),
            to_status: Set(to),
            changed_at: Set(at),
            ..Default::default()
        };
        lead_status_change::Entity::insert(change)
            .exec(db)
            .await
            .unwrap();
        from = Some(to);
    }
    id
}

async fn task(db: &DatabaseConnection, lead_id: i32, due: DateTime<Utc>, done: bool) {
    let row = activity::ActiveModel {
        lead_id: Set(lead_id),
        author_id: Set(None),
        kind: Set(ActivityKind::Task),
        subject: Set(format!("Zavolat {lead_id}")),
        body: Set(String::new()),
        call_outcome: Set(None),
        email_direction: Set(None),
        place: Set(String::new()),
        occurs_at: Set(Some(due)),
        done_at: Set(done.then_some(due)),
        created_at: Set(utc(1, 8, 0)),
        ..Default::default()
    };
    activity::Entity::insert(row).exec(db).await.unwrap();
}

async fn deal(
    db: &DatabaseConnection,
    account_id: i32,
    stage: Stage,
    amount: i64,
    owner: i32,
) -> i32 {
    let row = opportunity::ActiveModel {
        name: Set(format!("Zakázka {amount}")),
        account_id: Set(account_id),
        contact_id: Set(None),
        amount_czk: Set(Some(amount)),
        expected_close: Set(None),
        stage: Set(stage),
        position: Set(amount),
        owner_id: Set(Some(owner)),
        version: Set(1),
        created_at: Set(utc(17, 10, 0)),
        updated_at: Set(utc(17, 10, 0)),
        stage_changed_at: Set(utc(17, 10, 0)),
        ..Default::default()
    };
    opportunity::Entity::insert(row)
        .exec(db)
        .await
        .unwrap()
        .last_insert_id
}

/// The week of Monday 16 November, seen on Wednesday 18th at 12:00 UTC. "Before" is the
/// previous week up to the same moment: 8 Nov 23:00 UTC to 11 Nov 12:00 UTC.
async fn seed(db: &DatabaseConnection) -> Team {
    use LeadSource::*;
    use LeadStatus::*;
    let adam = salesperson_row(db, "Adam Bílý", "adam@firma.cz", utc(1, 8, 0)).await;
    let bara = salesperson_row(db, "Bára Černá", "bara@firma.cz", utc(1, 8, 0)).await;
    let seeds = vec![
        // L1: this week, web form, Adam. Contacted after 30 min, qualified after 24 h, converted.
        Seed {
            created: utc(16, 9, 0),
            source: WebForm,
            owner: Some(adam),
            history: vec![
                (Assigned, utc(16, 9, 5)),
                (Qualified, utc(17, 9, 0)),
                (Converted, utc(17, 10, 0)),
            ],
            first_contact: Some(utc(16, 9, 30)),
        },
        // L2: this week, web form, Adam. Contacted after 2 h, then disqualified.
        Seed {
            created: utc(16, 10, 0),
            source: WebForm,
            owner: Some(adam),
            history: vec![(InProcess, utc(16, 12, 0)), (Unqualified, utc(17, 12, 0))],
            first_contact: Some(utc(16, 12, 0)),
        },
        // L3: this week, trade fair, Bára. Contacted after 10 min, qualified after 6 h.
        Seed {
            created: utc(17, 8, 0),
            source: TradeFair,
            owner: Some(bara),
            history: vec![(InProcess, utc(17, 8, 10)), (Qualified, utc(17, 14, 0))],
            first_contact: Some(utc(17, 8, 10)),
        },
        // L4: this week, phone, nobody's; waiting three hours without contact.
        Seed {
            created: utc(18, 9, 0),
            source: Phone,
            owner: None,
            history: vec![],
            first_contact: None,
        },
        // L5: this week, phone, Bára; only half an hour old, not contacted yet.
        Seed {
            created: utc(18, 11, 30),
            source: Phone,
            owner: Some(bara),
            history: vec![(Assigned, utc(18, 11, 31))],
            first_contact: None,
        },
        // L6: last week (within "before"), referral, Bára; qualified last week, converted this
        // Monday: a conversion of this week, but not a qualification of this week.
        Seed {
            created: utc(10, 9, 0),
            source: Referral,
            owner: Some(bara),
            history: vec![(Qualified, utc(12, 9, 0)), (Converted, utc(16, 12, 0))],
            first_contact: Some(utc(10, 9, 20)),
        },
        // L7: last week but after the "same moment" (Friday), Adam.
        Seed {
            created: utc(13, 10, 0),
            source: Other,
            owner: Some(adam),
            history: vec![(InProcess, utc(13, 10, 5))],
            first_contact: Some(utc(13, 10, 5)),
        },
        // L8: last Monday (within "before"), web form, Adam.
        Seed {
            created: utc(9, 10, 0),
            source: WebForm,
            owner: Some(adam),
            history: vec![(InProcess, utc(9, 11, 0))],
            first_contact: Some(utc(9, 11, 0)),
        },
        // L9: early November, email, Bára; qualified on the 3rd, reopened, qualified again this
        // week: its time to qualify was measured on the 3rd, so it does not count now.
        Seed {
            created: utc(2, 9, 0),
            source: Email,
            owner: Some(bara),
            history: vec![
                (Qualified, utc(3, 9, 0)),
                (InProcess, utc(4, 9, 0)),
                (Qualified, utc(17, 9, 0)),
            ],
            first_contact: Some(utc(2, 9, 30)),
        },
    ];
    let mut leads = Vec::new();
    for (n, s) in seeds.into_iter().enumerate() {
        leads.push(add_lead(db, n + 1, s).await);
    }
    // Follow-ups: L3's is overdue; L1's is overdue but L1 is converted (nothing to follow up);
    // L5's is due tomorrow; L8's overdue one was done.
    task(db, leads[2], utc(18, 10, 0), false).await;
    task(db, leads[0], utc(17, 15, 0), false).await;
    task(db, leads[4], utc(19, 9, 0), false).await;
    task(db, leads[7], utc(12, 9, 0), true).await;
    // Deals: L1 became a 100 000 Kč proposal of Adam's; Bára has a new 50 000 Kč deal and a
    // won one (won is not pipeline).
    let firm = account::ActiveModel {
        name: Set("Firma 1".into()),
        name_key: Set("firma 1".into()),
        ico: Set(None),
        dic: Set(String::new()),
        street: Set(String::new()),
        city: Set(String::new()),
        postal_code: Set(String::new()),
        web: Set(String::new()),
        phone: Set(None),
        owner_id: Set(Some(adam)),
        version: Set(1),
        created_at: Set(utc(17, 10, 0)),
        updated_at: Set(utc(17, 10, 0)),
        ..Default::default()
    };
    let firm = account::Entity::insert(firm)
        .exec(db)
        .await
        .unwrap()
        .last_insert_id;
    let converted = deal(db, firm, Stage::Proposal, 100_000, adam).await;
    deal(db, firm, Stage::New, 50_000, bara).await;
    deal(db, firm, Stage::Won, 70_000, bara).await;
    lead::Entity::update(lead::ActiveModel {
        id: Set(leads[0]),
        converted_opportunity_id: Set(Some(converted)),
        ..Default::default()
    })
    .exec(db)
    .await
    .unwrap();
    Team { adam, bara, leads }
}

async fn week(db: &DatabaseConnection, owner: &str, source: &str) -> Report {
    let query = ReportQuery {
        owner: owner.into(),
        source: source.into(),
        ..Default::default()
    };
    let today = NaiveDate::from_ymd_opt(2026, 11, 18).unwrap();
    report(db, query.validate(today).unwrap(), now())
        .await
        .unwrap()
}

fn funnel(r: &Report, status: LeadStatus) -> u32 {
    r.funnel.iter().find(|(s, _)| *s == status).unwrap().1
}

fn source(r: &Report, source: LeadSource) -> (u32, u32, u32) {
    let row = r.sources.iter().find(|s| s.source == source).unwrap();
    (row.new, row.outcomes.converted, row.outcomes.unqualified)
}

fn stage(r: &Report, stage: Stage) -> (u32, i64) {
    let row = r.pipeline.iter().find(|p| p.stage == stage).unwrap();
    (row.count, row.amount_czk)
}

async fn a_week_of_known_leads_adds_up(db: DatabaseConnection) {
    let team = seed(&db).await;
    let r = week(&db, "", "").await;
    assert_eq!(r.filter.per, Granularity::Week);

    // L1–L5 came this week; L6 and L8 last week before Wednesday noon (L7 came on Friday).
    assert_eq!((r.new_leads, r.new_leads_before), (5, 2));
    let bars: Vec<(String, u32)> = r
        .series
        .iter()
        .map(|b| (b.first_day.to_string(), b.count))
        .collect();
    assert_eq!(bars.len(), 8);
    assert_eq!(bars[7], ("2026-11-16".into(), 5));
    assert_eq!(bars[6], ("2026-11-09".into(), 3), "L6, L7, L8");
    assert_eq!(bars[5], ("2026-11-02".into(), 1), "L9");
    assert_eq!(bars.iter().map(|b| b.1).sum::<u32>(), 9);

    // New by source; closed this week: L1 converted, L2 disqualified, L6 converted.
    assert_eq!(source(&r, LeadSource::WebForm), (2, 1, 1));
    assert_eq!(source(&r, LeadSource::TradeFair), (1, 0, 0));
    assert_eq!(source(&r, LeadSource::Phone), (2, 0, 0));
    assert_eq!(source(&r, LeadSource::Referral), (0, 1, 0));
    assert_eq!((r.overall.converted, r.overall.unqualified), (2, 1));
    assert_eq!(r.overall.rate().map(|p| p.round()), Some(67.0));

    // Per salesperson, by name, the pool last.
    let people: Vec<(Option<i32>, u32, u32, u32)> = r
        .by_person
        .iter()
        .map(|p| {
            (
                p.person.as_ref().map(|p| p.id),
                p.new,
                p.outcomes.converted,
                p.outcomes.unqualified,
            )
        })
        .collect();
    assert_eq!(
        people,
        vec![
            (Some(team.adam), 2, 1, 1),
            (Some(team.bara), 2, 1, 0),
            (None, 1, 0, 0)
        ]
    );

    // First qualified this week: L1 after 1 440 min, L3 after 360 (L6 and L9 were earlier).
    assert_eq!(r.to_qualify.count, 2);
    assert_eq!(r.to_qualify.median_minutes, Some(900));
    assert_eq!(r.to_qualify.mean_minutes, Some(900));

    // Speed: L1 30 min, L2 120, L3 10; L4 missed its hour; L5's hour is not up yet.
    assert_eq!((r.speed.counted, r.speed.within_hour), (4, 2));
    assert_eq!(r.speed.to_first_contact.median_minutes, Some(30));

    use LeadStatus::*;
    let shape: Vec<u32> = [New, Assigned, InProcess, Qualified, Unqualified, Converted]
        .into_iter()
        .map(|s| funnel(&r, s))
        .collect();
    assert_eq!(shape, vec![1, 1, 0, 1, 1, 1]);

    assert_eq!(stage(&r, Stage::New), (1, 50_000));
    assert_eq!(stage(&r, Stage::Proposal), (1, 100_000));
    assert_eq!(stage(&r, Stage::Negotiation), (0, 0));
    // The open stages, in board order, and nothing closed.
    let stages: Vec<Stage> = r.pipeline.iter().map(|p| p.stage).collect();
    assert_eq!(
        stages,
        vec![Stage::New, Stage::Proposal, Stage::Negotiation]
    );

    assert_eq!(r.waiting.total, 1);
    assert_eq!(r.waiting.items[0].lead_id, team.leads[3]);
    assert_eq!(r.overdue.total, 1);
    assert_eq!(r.overdue.items[0].lead_id, team.leads[2]);
    assert_eq!(r.people.len(), 2, "both salespeople offered in the filter");
}

async fn filters_narrow_every_number(db: DatabaseConnection) {
    let team = seed(&db).await;
    let adam = week(&db, &team.adam.to_string(), "").await;
    assert_eq!(adam.filter.owner, OwnerFilter::Person(team.adam));
    assert_eq!((adam.new_leads, adam.new_leads_before), (2, 1));
    assert_eq!((adam.overall.converted, adam.overall.unqualified), (1, 1));
    assert_eq!(adam.to_qualify.median_minutes, Some(1440));
    assert_eq!((adam.speed.counted, adam.speed.within_hour), (2, 1));
    assert_eq!(stage(&adam, Stage::Proposal), (1, 100_000));
    assert_eq!(stage(&adam, Stage::New), (0, 0));
    assert_eq!((adam.waiting.total, adam.overdue.total), (0, 0));
    assert_eq!(adam.by_person.len(), 1);

    let pool = week(&db, "pool", "").await;
    assert_eq!(pool.new_leads, 1);
    assert_eq!(pool.waiting.total, 1);
    assert_eq!(pool.overall.closed(), 0);

    let web = week(&db, "", "web_form").await;
    assert_eq!((web.new_leads, web.new_leads_before), (2, 1));
    assert_eq!(web.sources.iter().map(|s| s.new).sum::<u32>(), 2);
    // Only the deal converted from a web-form lead.
    assert_eq!(stage(&web, Stage::Proposal), (1, 100_000));
    assert_eq!(stage(&web, Stage::New), (0, 0));

    let phone = week(&db, &team.bara.to_string(), "phone").await;
    assert_eq!(phone.new_leads, 1, "L5");
    assert_eq!(phone.speed.counted, 0, "L5's hour is not up");
}

async fn an_empty_period_has_no_rates(db: DatabaseConnection) {
    seed(&db).await;
    let query = ReportQuery {
        period: "custom".into(),
        from: "1. 1. 2026".into(),
        to: "31. 1. 2026".into(),
        ..Default::default()
    };
    let today = NaiveDate::from_ymd_opt(2026, 11, 18).unwrap();
    let r = report(&db, query.validate(today).unwrap(), now())
        .await
        .unwrap();
    assert_eq!(r.new_leads, 0);
    assert_eq!(r.overall.rate(), None);
    assert_eq!(r.to_qualify.median_minutes, None);
    assert_eq!(r.speed.share_within_hour(), None);
    // Weekly bars up to January's last week, extended back to eight for a trend; all empty.
    let firsts: Vec<NaiveDate> = r.series.iter().map(|b| b.first_day).collect();
    assert_eq!(firsts.len(), 8, "{firsts:?}");
    assert_eq!(firsts[0], NaiveDate::from_ymd_opt(2025, 12, 8).unwrap());
    assert_eq!(firsts[7], NaiveDate::from_ymd_opt(2026, 1, 26).unwrap());
    assert!(r.series.iter().all(|b| b.count == 0));
    // What needs attention is about now, whatever the period.
    assert_eq!(r.waiting.total, 1);
}

/// Migration 48 keeps each lead's first qualification on the lead (a trigger does, as history
/// is written). A database upgraded with history already in it fills that from the history:
/// undoing 48 and applying it again must give the very same report.
async fn history_written_before_the_upgrade_counts_the_same(db: DatabaseConnection) {
    use migration::{Migrator, MigratorTrait};
    seed(&db).await;
    let before = week(&db, "", "").await;
    assert_eq!(
        before.to_qualify.count, 2,
        "L1 and L3 were first qualified this week"
    );

    let all = Migrator::migrations();
    let at = all
        .iter()
        .position(|m| m.name().contains("000048_add_dashboard_facts"))
        .expect("migration 48 is listed");
    Migrator::down(&db, Some((all.len() - at) as u32))
        .await
        .unwrap();
    Migrator::up(&db, None).await.unwrap();

    let after = week(&db, "", "").await;
    assert_eq!(after.to_qualify, before.to_qualify);
    assert_eq!(after.speed, before.speed);
    assert_eq!(after.funnel, before.funnel);
    assert_eq!(after.by_person, before.by_person);
}
