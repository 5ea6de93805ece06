//! Lead ownership and assignment on a real SQLite file and on PostgreSQL: manual assignment,
//! taking pool leads, what each role sees, and the rules (each kind, order, inactive people,
//! fairness under concurrent creation).

use std::collections::HashMap;

use crate::common::fixtures::person;
use chrono::{Duration, TimeZone, Utc};
use leady::assignment::model::RuleInput;
use leady::assignment::repo as assignment;
use leady::auth::model::{CurrentUser, Role};
use leady::auth::permissions::{LeadScope, visible_scope};
use leady::auth::repo::set_active;
use leady::error::{AppError, Field, FieldError, FieldProblem};
use leady::leads::model::{LeadInput, LeadStatus, MoveRequest, ValidLead};
use leady::leads::repo;
use leady::people::model::UserInput;
use leady::people::repo as people;
use leady::products::repo as products;
use sea_orm::DatabaseConnection;

on_both_databases!(
    a_manager_assigns_and_a_new_lead_becomes_assigned_with_history,
    assignment_goes_to_active_people_only,
    a_salesperson_takes_pool_leads_but_never_touches_others,
    each_role_sees_what_it_may_on_the_board_and_detail,
    round_robin_takes_turns_and_skips_inactive_people,
    source_region_and_product_rules_match_their_leads,
    the_first_matching_rule_wins_and_no_match_stays_unassigned,
    concurrent_creation_is_shared_fairly,
    admin_edits_users_coverage_and_cannot_lock_themselves_out,
    products_are_unique_and_retired_ones_are_not_offered,
    assignment_checks_the_lead_before_the_person,
    a_hidden_lead_as_anchor_counts_as_no_anchor,
);

fn now() -> chrono::DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 23, 9, 0, 0).unwrap()
}

fn lead(last: &str, source: &str, region: &str, product: Option<i32>) -> ValidLead {
    LeadInput {
        first_name: "Jan".into(),
        last_name: last.into(),
        email: "jan@firma.cz".into(),
        source: source.into(),
        region: region.into(),
        product: product.map(|p| p.to_string()).unwrap_or_default(),
        ..LeadInput::default()
    }
    .validate()
    .unwrap()
}

async fn create(db: &DatabaseConnection, l: ValidLead) -> (i32, Option<i32>) {
    let created = repo::create_lead(db, l, None, now()).await.unwrap();
    (created.id, created.owner.map(|o| o.id))
}

async fn rule(
    db: &DatabaseConnection,
    name: &str,
    kind: &str,
    value: &str,
    members: Vec<i32>,
) -> i32 {
    let valid = RuleInput {
        id: None,
        name: name.into(),
        kind: kind.into(),
        match_value: value.into(),
        members,
        active: true,
    }
    .validate()
    .unwrap();
    assignment::save_rule(db, valid, now()).await.unwrap()
}

async fn cover(
    db: &DatabaseConnection,
    admin: &CurrentUser,
    who: &CurrentUser,
    regions: &[&str],
    products: Vec<i32>,
) {
    let input = UserInput {
        name: who.name.clone(),
        email: who.email.clone(),
        role: who.role.code().into(),
        regions: regions.iter().map(|r| r.to_string()).collect(),
        products,
        password: String::new(),
    };
    people::update_user(db, admin, who.id, input.validate(false).unwrap(), now())
        .await
        .unwrap();
}

async fn a_manager_assigns_and_a_new_lead_becomes_assigned_with_history(db: DatabaseConnection) {
    let boss = person(&db, "Milan Manažer", Role::Manager, now()).await;
    let jana = person(&db, "Jana Obchodní", Role::Salesperson, now()).await;
    let petr = person(&db, "Petr Prodejce", Role::Salesperson, now()).await;
    let (id, owner) = create(&db, lead("Novák", "phone", "", None)).await;
    assert_eq!(owner, None, "no rules: the lead stays in the pool");

    let card = assignment::assign_lead(&db, &boss, id, Some(jana.id), now() + Duration::minutes(5))
        .await
        .unwrap();
    assert_eq!(
        card.status,
        LeadStatus::Assigned,
        "Nový → Přiřazený on assignment"
    );
    assert_eq!(card.owner.as_ref().map(|o| o.id), Some(jana.id));
    assert_eq!(card.version, 2);

    let card = assignment::assign_lead(&db, &boss, id, Some(petr.id), now() + Duration::minutes(9))
        .await
        .unwrap();
    assert_eq!(
        card.status,
        LeadStatus::Assigned,
        "a reassignment keeps the status"
    );

    let detail = repo::lead_detail(&db, id, LeadScope::Everything)
        .await
        .unwrap();
    assert_eq!(
        detail.owner.as_ref().map(|o| o.name.as_str()),
        Some("Petr Prodejce")
    );
    let statuses: Vec<_> = detail.history.iter().map(|h| (h.from, h.to)).collect();
    assert_eq!(
        statuses,
        vec![
            (None, LeadStatus::New),
            (Some(LeadStatus::New), LeadStatus::Assigned)
        ]
    );
    let entries: Vec<_> = detail
        .assignments
        .iter()
        .map(|a| {
            (
                a.from.as_ref().map(|p| p.id),
                a.to.as_ref().map(|p| p.id),
                a.by.as_ref().map(|p| p.id),
                a.at,
            )
        })
        .collect();
    assert_eq!(
        entries,
        vec![
            (
                None,
                Some(jana.id),
                Some(boss.id),
                now() + Duration::minutes(5)
            ),
            (
                Some(jana.id),
                Some(petr.id),
                Some(boss.id),
                now() + Duration::minutes(9)
            ),
        ]
    );

    // Back to the pool: the owner goes, the status stays (it was worked on).
    let card = assignment::assign_lead(&db, &boss, id, None, now())
        .await
        .unwrap();
    assert_eq!(card.owner, None);
    assert_eq!(card.status, LeadStatus::Assigned);
}

async fn assignment_goes_to_active_people_only(db: DatabaseConnection) {
    let boss = person(&db, "Milan Manažer", Role::Manager, now()).await;
    let gone = person(&db, "Odešlý Obchodník", Role::Salesperson, now()).await;
    set_active(&db, gone.id, false, now()).await.unwrap();
    let (id, _) = create(&db, lead("Novák", "phone", "", None)).await;
    assert_eq!(
        assignment::assign_lead(&db, &boss, id, Some(gone.id), now()).await,
        Err(AppError::Invalid(vec![FieldError::new(
            Field::Owner,
            FieldProblem::InactiveUser
        )]))
    );
    assert_eq!(
        assignment::assign_lead(&db, &boss, id, Some(999_999), now()).await,
        Err(AppError::Invalid(vec![FieldError::new(
            Field::Owner,
            FieldProblem::InactiveUser
        )]))
    );
    let detail = repo::lead_detail(&db, id, LeadScope::Everything)
        .await
        .unwrap();
    assert_eq!(
        (detail.owner, detail.status, detail.version),
        (None, LeadStatus::New, 1)
    );
    assert_eq!(
        assignment::assign_lead(&db, &boss, 999_999, None, now()).await,
        Err(AppError::NotFound)
    );
}

async fn a_salesperson_takes_pool_leads_but_never_touches_others(db: DatabaseConnection) {
    let boss = person(&db, "Milan Manažer", Role::Manager, now()).await;
    let jana = person(&db, "Jana Obchodní", Role::Salesperson, now()).await;
    let petr = person(&db, "Petr Prodejce", Role::Salesperson, now()).await;
    let (pool, _) = create(&db, lead("Volný", "phone", "", None)).await;
    let (petrs, _) = create(&db, lead("Petrův", "phone", "", None)).await;
    assignment::assign_lead(&db, &boss, petrs, Some(petr.id), now())
        .await
        .unwrap();

    // Jana may not give the pool lead to Petr, but may take it.
    assert_eq!(
        assignment::assign_lead(&db, &jana, pool, Some(petr.id), now()).await,
        Err(AppError::Forbidden)
    );
    let card = assignment::assign_lead(&db, &jana, pool, Some(jana.id), now())
        .await
        .unwrap();
    assert_eq!(
        (card.owner.map(|o| o.id), card.status),
        (Some(jana.id), LeadStatus::Assigned)
    );
    let detail = repo::lead_detail(&db, pool, visible_scope(&jana))
        .await
        .unwrap();
    assert_eq!(
        detail
            .assignments
            .last()
            .and_then(|a| a.by.as_ref().map(|p| p.id)),
        Some(jana.id)
    );

    // Petr's lead does not exist for Jana, whatever she tries, with any version.
    let version = repo::lead_detail(&db, petrs, LeadScope::Everything)
        .await
        .unwrap()
        .version;
    assert_eq!(
        repo::lead_detail(&db, petrs, visible_scope(&jana)).await,
        Err(AppError::NotFound)
    );
    assert_eq!(
        assignment::assign_lead(&db, &jana, petrs, Some(jana.id), now()).await,
        Err(AppError::NotFound)
    );
    for seen in [version, version + 7] {
        let request = MoveRequest {
            lead_id: petrs,
            version: seen,
            to: LeadStatus::InProcess,
            after_id: None,
            disqualify: None,
        };
        assert_eq!(
            repo::move_lead(&db, &jana, &request, now()).await,
            Err(AppError::NotFound)
        );
        assert_eq!(
            repo::update_lead(
                &db,
                &jana,
                petrs,
                seen,
                lead("Přepsaný", "phone", "", None),
                now()
            )
            .await,
            Err(AppError::NotFound)
        );
    }
    let untouched = repo::lead_detail(&db, petrs, LeadScope::Everything)
        .await
        .unwrap();
    assert_eq!(
        (untouched.version, untouched.last_name.as_str()),
        (version, "Petrův")
    );

    // Her own lead she moves and edits.
    let request = MoveRequest {
        lead_id: pool,
        version: card.version,
        to: LeadStatus::InProcess,
        after_id: None,
        disqualify: None,
    };
    let moved = repo::move_lead(&db, &jana, &request, now()).await.unwrap();
    repo::update_lead(
        &db,
        &jana,
        pool,
        moved.version,
        lead("Upravený", "phone", "", None),
        now(),
    )
    .await
    .unwrap();
}

async fn each_role_sees_what_it_may_on_the_board_and_detail(db: DatabaseConnection) {
    let boss = person(&db, "Milan Manažer", Role::Manager, now()).await;
    let jana = person(&db, "Jana Obchodní", Role::Salesperson, now()).await;
    let petr = person(&db, "Petr Prodejce", Role::Salesperson, now()).await;
    let (pool, _) = create(&db, lead("Volný", "phone", "", None)).await;
    let (janas, _) = create(&db, lead("Janin", "phone", "", None)).await;
    let (petrs, _) = create(&db, lead("Petrův", "phone", "", None)).await;
    assignment::assign_lead(&db, &boss, janas, Some(jana.id), now())
        .await
        .unwrap();
    assignment::assign_lead(&db, &boss, petrs, Some(petr.id), now())
        .await
        .unwrap();

    async fn ids(db: &DatabaseConnection, scope: LeadScope) -> Vec<i32> {
        let mut ids: Vec<i32> = repo::board(db, scope)
            .await
            .unwrap()
            .into_iter()
            .flat_map(|c| c.cards.into_iter().map(|card| card.id))
            .collect();
        ids.sort();
        ids
    }
    let mut all = vec![pool, janas, petrs];
    all.sort();
    assert_eq!(ids(&db, visible_scope(&boss)).await, all);
    let mut janas_world = vec![pool, janas];
    janas_world.sort();
    assert_eq!(ids(&db, visible_scope(&jana)).await, janas_world);
    assert_eq!(ids(&db, LeadScope::OwnedBy(jana.id)).await, vec![janas]);
    assert_eq!(ids(&db, LeadScope::Unassigned).await, vec![pool]);
    let board = repo::board(&db, visible_scope(&jana)).await.unwrap();
    let totals: u64 = board.iter().map(|c| c.total).sum();
    assert_eq!(totals, 2, "column totals count only what she may see");
    let card = board
        .iter()
        .flat_map(|c| c.cards.iter())
        .find(|c| c.id == janas)
        .unwrap();
    assert_eq!(
        card.owner.as_ref().map(|o| o.initials()),
        Some("JO".to_string())
    );
    let page = repo::column_page(&db, LeadStatus::Assigned, None, visible_scope(&jana))
        .await
        .unwrap();
    assert_eq!(
        page.cards.iter().map(|c| c.id).collect::<Vec<_>>(),
        vec![janas]
    );
}

async fn round_robin_takes_turns_and_skips_inactive_people(db: DatabaseConnection) {
    let a = person(&db, "Anna Prvá", Role::Salesperson, now()).await;
    let b = person(&db, "Bára Druhá", Role::Salesperson, now()).await;
    let c = person(&db, "Cyril Třetí", Role::Salesperson, now()).await;
    rule(
        &db,
        "Všichni dokola",
        "round_robin",
        "",
        vec![c.id, a.id, b.id],
    )
    .await;
    let mut owners = Vec::new();
    for i in 0..6 {
        owners.push(
            create(&db, lead(&format!("L{i}"), "other", "", None))
                .await
                .1
                .unwrap(),
        );
    }
    assert_eq!(owners, vec![a.id, b.id, c.id, a.id, b.id, c.id]);

    set_active(&db, b.id, false, now()).await.unwrap();
    let mut owners = Vec::new();
    for i in 0..4 {
        owners.push(
            create(&db, lead(&format!("M{i}"), "other", "", None))
                .await
                .1
                .unwrap(),
        );
    }
    assert!(
        !owners.contains(&b.id),
        "an inactive person gets no leads: {owners:?}"
    );
    assert_eq!(owners.iter().filter(|o| **o == a.id).count(), 2);

    // A rule-assigned lead is Přiřazený, and its history names the rule.
    let (id, _) = create(&db, lead("Historie", "other", "", None)).await;
    let detail = repo::lead_detail(&db, id, LeadScope::Everything)
        .await
        .unwrap();
    assert_eq!(detail.status, LeadStatus::Assigned);
    let last = detail.assignments.last().unwrap();
    assert_eq!(last.rule_name.as_deref(), Some("Všichni dokola"));
    assert_eq!(last.by, None);
}

async fn source_region_and_product_rules_match_their_leads(db: DatabaseConnection) {
    let admin = person(&db, "Alena Adminová", Role::Admin, now()).await;
    let web = person(&db, "Wanda Webová", Role::Salesperson, now()).await;
    let brno = person(&db, "Bohouš Brněnský", Role::Salesperson, now()).await;
    let crm = person(&db, "Karel Licence", Role::Salesperson, now()).await;
    let licence = products::create_product(&db, "CRM licence".into(), now())
        .await
        .unwrap()
        .id;
    cover(&db, &admin, &brno, &["JHM"], vec![]).await;
    cover(&db, &admin, &crm, &[], vec![licence]).await;
    rule(&db, "Web → Wanda", "source", "web_form", vec![web.id]).await;
    rule(&db, "Podle kraje", "region", "", vec![]).await;
    rule(
        &db,
        "Podle produktu",
        "product",
        &licence.to_string(),
        vec![],
    )
    .await;

    assert_eq!(
        create(&db, lead("A", "web_form", "JHM", Some(licence)))
            .await
            .1,
        Some(web.id)
    );
    assert_eq!(
        create(&db, lead("B", "phone", "JHM", Some(licence)))
            .await
            .1,
        Some(brno.id)
    );
    assert_eq!(
        create(&db, lead("C", "phone", "PHA", Some(licence)))
            .await
            .1,
        Some(crm.id)
    );
    assert_eq!(
        create(&db, lead("D", "phone", "", Some(licence))).await.1,
        Some(crm.id)
    );
    assert_eq!(
        create(&db, lead("E", "phone", "PHA", None)).await.1,
        None,
        "nobody covers Praha"
    );

    // A rule naming both a product and a person: that person, even without the product in
    // their profile.
    let kit = products::create_product(&db, "Servisní balíček".into(), now())
        .await
        .unwrap()
        .id;
    rule(
        &db,
        "Balíček → Wanda",
        "product",
        &kit.to_string(),
        vec![web.id],
    )
    .await;
    assert_eq!(
        create(&db, lead("F", "phone", "", Some(kit))).await.1,
        Some(web.id)
    );
}

async fn the_first_matching_rule_wins_and_no_match_stays_unassigned(db: DatabaseConnection) {
    let a = person(&db, "Anna Prvá", Role::Salesperson, now()).await;
    let b = person(&db, "Bára Druhá", Role::Salesperson, now()).await;
    let phone = rule(&db, "Telefon → Anna", "source", "phone", vec![a.id]).await;
    let fair = rule(&db, "Veletrh → Bára", "source", "trade_fair", vec![b.id]).await;
    let catch_all = rule(&db, "Zbytek → Bára", "round_robin", "", vec![b.id]).await;
    assert_eq!(
        create(&db, lead("A", "phone", "", None)).await.1,
        Some(a.id)
    );
    assert_eq!(
        create(&db, lead("B", "trade_fair", "", None)).await.1,
        Some(b.id)
    );

    // Moving the catch-all to the top makes it win everything.
    assignment::move_rule(&db, catch_all, true, now())
        .await
        .unwrap();
    assignment::move_rule(&db, catch_all, true, now())
        .await
        .unwrap();
    let order: Vec<i32> = assignment::list_rules(&db)
        .await
        .unwrap()
        .iter()
        .map(|r| r.id)
        .collect();
    assert_eq!(order, vec![catch_all, phone, fair]);
    assert_eq!(
        create(&db, lead("C", "phone", "", None)).await.1,
        Some(b.id)
    );

    // Off, it is skipped; deleted, it is gone; with no match the lead stays in Nový.
    let mut off = RuleInput {
        id: Some(catch_all),
        name: "Zbytek → Bára".into(),
        kind: "round_robin".into(),
        match_value: String::new(),
        members: vec![b.id],
        active: false,
    };
    assignment::save_rule(&db, off.validate().unwrap(), now())
        .await
        .unwrap();
    assert_eq!(
        create(&db, lead("D", "phone", "", None)).await.1,
        Some(a.id)
    );
    assignment::delete_rule(&db, phone).await.unwrap();
    let (id, owner) = create(&db, lead("E", "phone", "", None)).await;
    assert_eq!(owner, None);
    let detail = repo::lead_detail(&db, id, LeadScope::Everything)
        .await
        .unwrap();
    assert_eq!(
        (detail.status, detail.assignments.len()),
        (LeadStatus::New, 0)
    );
    off.id = Some(424_242);
    assert_eq!(
        assignment::save_rule(&db, off.validate().unwrap(), now()).await,
        Err(AppError::NotFound)
    );
}

async fn concurrent_creation_is_shared_fairly(db: DatabaseConnection) {
    // A refused create would say only "Internal": let the server's log show why.
    crate::common::log_to_test_output();
    let mut members = Vec::new();
    for name in ["Anna Prvá", "Bára Druhá", "Cyril Třetí"] {
        members.push(person(&db, name, Role::Salesperson, now()).await.id);
    }
    rule(&db, "Dokola", "round_robin", "", members.clone()).await;
    // All 1,000 start at once; at most 64 hold or wait for one of the pool's connections at a
    // time, so that a slow (debug, shared) machine does not hit the pool's 10 s acquire
    // timeout. Many transactions still race for the rule's turn counter at every moment.
    let gate = std::sync::Arc::new(tokio::sync::Semaphore::new(64));
    let tasks: Vec<_> = (0..1000)
        .map(|i| {
            let (db, gate) = (db.clone(), gate.clone());
            tokio::spawn(async move {
                let _permit = gate.acquire().await;
                repo::create_lead(
                    &db,
                    lead(&format!("Souběh {i}"), "web_form", "", None),
                    None,
                    now(),
                )
                .await
            })
        })
        .collect();
    let mut counts: HashMap<i32, usize> = HashMap::new();
    for task in tasks {
        let created = task
            .await
            .unwrap()
            .expect("every concurrent create succeeds");
        *counts
            .entry(created.owner.expect("every lead is assigned").id)
            .or_default() += 1;
    }
    let shares: Vec<usize> = members
        .iter()
        .map(|m| counts.get(m).copied().unwrap_or(0))
        .collect();
    assert_eq!(shares.iter().sum::<usize>(), 1000);
    let (min, max) = (shares.iter().min().unwrap(), shares.iter().max().unwrap());
    assert!(max - min <= 1, "1,000 leads shared within ±1: {shares:?}");
}

async fn admin_edits_users_coverage_and_cannot_lock_themselves_out(db: DatabaseConnection) {
    let admin = person(&db, "Alena Adminová", Role::Admin, now()).await;
    let licence = products::create_product(&db, "CRM licence".into(), now())
        .await
        .unwrap()
        .id;
    let input = UserInput {
        name: "Nový Obchodník".into(),
        email: "Novy@Firma.cz".into(),
        role: "salesperson".into(),
        regions: vec!["JHM".into(), "ZLK".into()],
        products: vec![licence],
        password: "Dlouhé-heslo-na-veletrh".into(),
    };
    let id = people::create_user(&db, input.validate(true).unwrap(), now())
        .await
        .unwrap();
    assert_eq!(
        people::create_user(&db, input.validate(true).unwrap(), now()).await,
        Err(AppError::Invalid(vec![FieldError::new(
            Field::Email,
            FieldProblem::EmailTaken
        )]))
    );
    let mut common = input.clone();
    common.email = "jiny@firma.cz".into();
    common.password = "password123".into();
    assert_eq!(
        people::create_user(&db, common.validate(true).unwrap(), now()).await,
        Err(AppError::Invalid(vec![FieldError::new(
            Field::Password,
            FieldProblem::PasswordTooCommon
        )]))
    );
    let users = people::list_users(&db).await.unwrap();
    let created = users.iter().find(|u| u.id == id).unwrap();
    assert_eq!(created.email, "novy@firma.cz");
    assert_eq!(
        created.regions.iter().map(|r| r.code()).collect::<Vec<_>>(),
        vec!["JHM", "ZLK"]
    );
    assert_eq!(created.products, vec![licence]);

    let mut edit = input.clone();
    edit.role = "manager".into();
    edit.regions = vec![];
    edit.password = String::new();
    people::update_user(&db, &admin, id, edit.validate(false).unwrap(), now())
        .await
        .unwrap();
    let users = people::list_users(&db).await.unwrap();
    let edited = users.iter().find(|u| u.id == id).unwrap();
    assert_eq!((edited.role, edited.regions.len()), (Role::Manager, 0));

    let mut demote = edit.clone();
    demote.email = admin.email.clone();
    demote.role = "salesperson".into();
    assert_eq!(
        people::update_user(
            &db,
            &admin,
            admin.id,
            demote.validate(false).unwrap(),
            now()
        )
        .await,
        Err(AppError::Invalid(vec![FieldError::new(
            Field::Role,
            FieldProblem::NotOnYourself
        )]))
    );
    assert_eq!(
        people::set_user_active(&db, &admin, admin.id, false, now()).await,
        Err(AppError::Invalid(vec![FieldError::new(
            Field::Active,
            FieldProblem::NotOnYourself
        )]))
    );
    people::set_user_active(&db, &admin, id, false, now())
        .await
        .unwrap();
    let users = people::list_users(&db).await.unwrap();
    assert!(!users.iter().find(|u| u.id == id).unwrap().active);
}

async fn products_are_unique_and_retired_ones_are_not_offered(db: DatabaseConnection) {
    let p = products::create_product(&db, "Servis".into(), now())
        .await
        .unwrap();
    assert_eq!(
        products::create_product(&db, "SERVIS".into(), now()).await,
        Err(AppError::Invalid(vec![FieldError::new(
            Field::Name,
            FieldProblem::NameTaken
        )]))
    );
    create(&db, lead("S produktem", "phone", "", Some(p.id))).await;
    products::update_product(&db, p.id, "Servis".into(), false)
        .await
        .unwrap();
    assert!(
        products::list_products(&db, false)
            .await
            .unwrap()
            .is_empty()
    );
    assert_eq!(products::list_products(&db, true).await.unwrap().len(), 1);
    assert_eq!(
        repo::create_lead(&db, lead("Vyřazený", "phone", "", Some(p.id)), None, now()).await,
        Err(AppError::Invalid(vec![FieldError::new(
            Field::Product,
            FieldProblem::UnknownChoice
        )]))
    );
}

/// Issue 11, item 4b: a salesperson learns nothing about user ids by assigning a lead she may
/// not assign: the lead is checked before the person.
async fn assignment_checks_the_lead_before_the_person(db: DatabaseConnection) {
    let boss = person(&db, "Milan Manažer", Role::Manager, now()).await;
    let jana = person(&db, "Jana Obchodní", Role::Salesperson, now()).await;
    let petr = person(&db, "Petr Prodejce", Role::Salesperson, now()).await;
    let gone = person(&db, "Odešlý Obchodník", Role::Salesperson, now()).await;
    set_active(&db, gone.id, false, now()).await.unwrap();
    let (petrs, _) = create(&db, lead("Petrův", "phone", "", None)).await;
    assignment::assign_lead(&db, &boss, petrs, Some(petr.id), now())
        .await
        .unwrap();
    let (pool, _) = create(&db, lead("Volný", "phone", "", None)).await;

    for to in [
        Some(999_999),
        Some(gone.id),
        Some(boss.id),
        Some(jana.id),
        None,
    ] {
        assert_eq!(
            assignment::assign_lead(&db, &jana, petrs, to, now()).await,
            Err(AppError::NotFound),
            "a colleague's lead, to {to:?}"
        );
    }
    for to in [Some(999_999), Some(gone.id), Some(petr.id)] {
        assert_eq!(
            assignment::assign_lead(&db, &jana, pool, to, now()).await,
            Err(AppError::Forbidden),
            "a pool lead given away, to {to:?}"
        );
    }
    // A manager, who may assign, is told the person is not assignable.
    assert_eq!(
        assignment::assign_lead(&db, &boss, pool, Some(999_999), now()).await,
        Err(AppError::Invalid(vec![FieldError::new(
            Field::Owner,
            FieldProblem::InactiveUser
        )]))
    );
    let untouched = repo::lead_detail(&db, pool, LeadScope::Everything)
        .await
        .unwrap();
    assert_eq!((untouched.owner, untouched.version), (None, 1));
}

/// Issue 11, item 4a: a lead the caller may not see, as the anchor of a move, is no anchor:
/// the answer is the same whichever column that lead is in (or if it does not exist).
async fn a_hidden_lead_as_anchor_counts_as_no_anchor(db: DatabaseConnection) {
    let boss = person(&db, "Milan Manažer", Role::Manager, now()).await;
    let jana = person(&db, "Jana Obchodní", Role::Salesperson, now()).await;
    let petr = person(&db, "Petr Prodejce", Role::Salesperson, now()).await;
    let mut janas = Vec::new();
    for last in ["Jedna", "Dva", "Tři"] {
        let (id, _) = create(&db, lead(last, "phone", "", None)).await;
        assignment::assign_lead(&db, &boss, id, Some(jana.id), now())
            .await
            .unwrap();
        janas.push(id);
    }
    let (petrs, _) = create(&db, lead("Petrův", "phone", "", None)).await;
    assignment::assign_lead(&db, &boss, petrs, Some(petr.id), now())
        .await
        .unwrap();
    let version = |id: i32| {
        let db = db.clone();
        async move {
            repo::lead_detail(&db, id, LeadScope::Everything)
                .await
                .unwrap()
                .version
        }
    };
    let request = |id: i32, version: i32, after: Option<i32>| MoveRequest {
        lead_id: id,
        version,
        to: LeadStatus::InProcess,
        after_id: after,
        disqualify: None,
    };
    // Petr's lead is in Přiřazený, not in V jednání: before, this answered Stale (409).
    let moved = repo::move_lead(
        &db,
        &jana,
        &request(janas[0], version(janas[0]).await, Some(petrs)),
        now(),
    )
    .await
    .unwrap();
    assert_eq!(moved.status, LeadStatus::InProcess);
    // Now in V jednání: still no anchor, so Jana's card goes on top as with none.
    repo::move_lead(
        &db,
        &boss,
        &request(petrs, version(petrs).await, None),
        now(),
    )
    .await
    .unwrap();
    repo::move_lead(
        &db,
        &jana,
        &request(janas[1], version(janas[1]).await, Some(petrs)),
        now(),
    )
    .await
    .unwrap();
    // A lead that does not exist: the same.
    repo::move_lead(
        &db,
        &jana,
        &request(janas[2], version(janas[2]).await, Some(999_999)),
        now(),
    )
    .await
    .unwrap();
    let column: Vec<i32> =
        repo::column_page(&db, LeadStatus::InProcess, None, LeadScope::Everything)
            .await
            .unwrap()
            .cards
            .iter()
            .map(|c| c.id)
            .collect();
    assert_eq!(column, [janas[2], janas[1], petrs, janas[0]]);
    // Her own lead as an anchor in another column is still a stale picture; in this one, it
    // places the card below it.
    let (pool, _) = create(&db, lead("Volný", "phone", "", None)).await;
    let mut wrong = request(janas[0], version(janas[0]).await, Some(pool));
    assert_eq!(
        repo::move_lead(&db, &jana, &wrong, now()).await,
        Err(AppError::Stale)
    );
    wrong.after_id = Some(janas[2]);
    repo::move_lead(&db, &jana, &wrong, now()).await.unwrap();
    let column: Vec<i32> =
        repo::column_page(&db, LeadStatus::InProcess, None, visible_scope(&jana))
            .await
            .unwrap()
            .cards
            .iter()
            .map(|c| c.id)
            .collect();
    assert_eq!(column, [janas[2], janas[0], janas[1]]);
}
