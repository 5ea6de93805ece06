//! Converting leads into clients on a real SQLite file and on PostgreSQL: what the conversion
//! creates and links, the look-alike check, atomicity under an injected database failure,
//! who may convert and see what, and the deal board.

use crate::common::fixtures::{person_by_email, user};
use chrono::{DateTime, Duration, TimeZone, Utc};
use leady::activities::model::ActivityInput;
use leady::activities::repo as activities;
use leady::auth::model::{CurrentUser, Role};
use leady::auth::permissions::{ClientScope, LeadScope, client_scope};
use leady::clients::convert::{ConvertInput, ConvertOutcome, ForeignMatch, Link, MatchReason};
use leady::clients::convert_repo::{convert, convert_page};
use leady::clients::model::{AccountInput, ContactInput, Stage, StageMove};
use leady::clients::repo as clients;
use leady::error::{AppError, Field, FieldProblem};
use leady::leads::model::{LeadInput, LeadStatus, MoveRequest, TransitionRefusal};
use leady::leads::repo;
use leady::server::entities::{account, contact, lead_status_change, opportunity};
use sea_orm::{ConnectionTrait, DatabaseConnection, DbBackend, EntityTrait, PaginatorTrait};

on_both_databases!(
    converting_creates_the_client_and_keeps_the_lead_history_reachable,
    look_alikes_are_offered_and_linking_reuses_them,
    a_failure_anywhere_leaves_nothing_half_created,
    bad_input_is_refused_field_by_field_and_changes_nothing,
    only_qualified_leads_convert_and_salespeople_see_only_their_clients,
    deals_move_between_stages_on_their_board,
    linking_needs_the_right_to_open_what_is_linked,
    client_pages_list_only_what_the_caller_may_open,
    look_alikes_come_after_the_lead_and_show_nothing_of_colleagues_records,
    a_hidden_deal_as_anchor_counts_as_no_anchor,
    converting_a_pool_lead_makes_the_converter_its_owner,
    pool_leads_converted_before_go_to_their_converter,
);

fn t0() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 23, 9, 0, 0).unwrap()
}

/// A lead moved to Kvalifikovaný by `who` (given to them first when they are a salesperson).
async fn qualified_lead(
    db: &DatabaseConnection,
    who: &CurrentUser,
    company: &str,
    email: &str,
    phone: &str,
) -> i32 {
    let input = LeadInput {
        first_name: "Ota".into(),
        last_name: "Veselý".into(),
        email: email.into(),
        phone: phone.into(),
        company: company.into(),
        ..LeadInput::default()
    }
    .validate()
    .unwrap();
    let id = repo::create_lead(db, input, None, t0()).await.unwrap().id;
    if who.role == Role::Salesperson {
        leady::assignment::repo::assign_lead(db, who, id, Some(who.id), t0())
            .await
            .unwrap();
    }
    move_to(db, who, id, LeadStatus::Qualified).await.unwrap();
    id
}

async fn move_to(
    db: &DatabaseConnection,
    who: &CurrentUser,
    id: i32,
    to: LeadStatus,
) -> Result<(), AppError> {
    let version = repo::card(db, id, LeadScope::Everything).await?.version;
    let request = MoveRequest {
        lead_id: id,
        version,
        to,
        after_id: None,
        disqualify: None,
    };
    repo::move_lead(db, who, &request, t0() + Duration::hours(1))
        .await
        .map(|_| ())
}

/// The conversion screen's prefilled form, as the user would send it unchanged.
async fn prefill(db: &DatabaseConnection, who: &CurrentUser, lead: i32) -> ConvertInput {
    convert_page(db, who, lead).await.unwrap().prefill
}

async fn counts(db: &DatabaseConnection) -> (u64, u64, u64, u64) {
    (
        account::Entity::find().count(db).await.unwrap(),
        contact::Entity::find().count(db).await.unwrap(),
        opportunity::Entity::find().count(db).await.unwrap(),
        lead_status_change::Entity::find().count(db).await.unwrap(),
    )
}

fn converted(outcome: Result<ConvertOutcome, AppError>) -> leady::clients::convert::Conversion {
    match outcome {
        Ok(ConvertOutcome::Converted(c)) => c,
        other => panic!("expected a conversion, got {other:?}"),
    }
}

async fn converting_creates_the_client_and_keeps_the_lead_history_reachable(
    db: DatabaseConnection,
) {
    let boss = person_by_email(&db, "milan@firma.cz", Role::Manager, t0()).await;
    let lead = qualified_lead(
        &db,
        &boss,
        "Pekárna Novák s.r.o.",
        "ota@pekarna.cz",
        "777 123 456",
    )
    .await;
    let call = ActivityInput {
        kind: "call".into(),
        outcome: "reached".into(),
        body: "Chtějí dvě pece do konce roku.".into(),
        ..ActivityInput::default()
    };
    activities::log_activity(&db, &boss, lead, call.validate().unwrap(), t0())
        .await
        .unwrap();

    let mut input = prefill(&db, &boss, lead).await;
    assert_eq!(input.account_fields.name, "Pekárna Novák s.r.o.");
    assert_eq!(input.contact_fields.last_name, "Veselý");
    assert_eq!(input.contact_fields.phone, "+420 777 123 456");
    input.account_fields.ico = "26168685".into();
    input.opportunity_fields.amount = "450 000".into();
    let done = converted(convert(&db, &boss, &input, t0() + Duration::hours(2)).await);

    let detail = repo::lead_detail(&db, lead, LeadScope::Everything)
        .await
        .unwrap();
    assert_eq!(detail.status, LeadStatus::Converted);
    let to = detail
        .converted_to
        .clone()
        .expect("the lead links to what it became");
    assert_eq!(to.account.map(|a| a.id), Some(done.account_id));
    assert_eq!(to.contact.map(|c| c.name), Some("Ota Veselý".to_string()));
    assert_eq!(to.opportunity.map(|o| o.id), done.opportunity_id);
    assert_eq!(to.by.map(|b| b.id), Some(boss.id));

    // Read-only from now on: no edits, no moves, no second conversion.
    let edit = repo::update_lead(
        &db,
        &boss,
        lead,
        detail.version,
        detail.as_input().validate().unwrap(),
        t0(),
    )
    .await;
    assert_eq!(
        edit.unwrap_err(),
        AppError::Transition(TransitionRefusal::ConvertedIsFinal)
    );
    assert_eq!(
        move_to(&db, &boss, lead, LeadStatus::InProcess).await,
        Err(AppError::Transition(TransitionRefusal::ConvertedIsFinal))
    );
    let mut again = input.clone();
    again.version = detail.version;
    again.confirmed_new = true;
    assert_eq!(
        convert(&db, &boss, &again, t0()).await,
        Err(AppError::Transition(TransitionRefusal::ConvertedIsFinal))
    );

    // The lead's story is visible from each record it became.
    let scope = ClientScope::Everything;
    let acc = clients::account_detail(&db, scope, done.account_id)
        .await
        .unwrap();
    assert_eq!(acc.ico.as_deref(), Some("26168685"));
    assert_eq!(acc.contacts.len(), 1);
    assert_eq!(acc.opportunities[0].amount_czk, Some(450_000));
    assert_eq!(acc.origin_leads.len(), 1);
    let origin = &acc.origin_leads[0];
    assert_eq!(origin.id, lead);
    assert_eq!(origin.activities[0].body, "Chtějí dvě pece do konce roku.");
    assert_eq!(
        origin.history.last().map(|h| h.to),
        Some(LeadStatus::Converted)
    );
    let person = clients::contact_detail(&db, scope, done.contact_id)
        .await
        .unwrap();
    assert_eq!(person.row.email.as_deref(), Some("ota@pekarna.cz"));
    assert_eq!(person.origin_leads[0].id, lead);
    let deal = clients::opportunity_detail(&db, scope, done.opportunity_id.unwrap())
        .await
        .unwrap();
    assert_eq!(deal.card.stage, Stage::New);
    assert_eq!(deal.contact.map(|c| c.id), Some(done.contact_id));
    assert_eq!(deal.origin_leads[0].id, lead);
}

async fn look_alikes_are_offered_and_linking_reuses_them(db: DatabaseConnection) {
    let boss = person_by_email(&db, "milan@firma.cz", Role::Manager, t0()).await;
    // An earlier client: Strojírny Brno with Jana Malá.
    let first = qualified_lead(
        &db,
        &boss,
        "Strojírny Brno s.r.o.",
        "jana@strojirny.cz",
        "603 111 222",
    )
    .await;
    let mut input = prefill(&db, &boss, first).await;
    input.account_fields.ico = "26168685".into();
    input.contact_fields.first_name = "Jana".into();
    input.contact_fields.last_name = "Malá".into();
    let earlier = converted(convert(&db, &boss, &input, t0()).await);

    // A new lead from the same company, written differently, with Jana's phone.
    let second = qualified_lead(
        &db,
        &boss,
        "STROJÍRNY BRNO, a.s.",
        "info@strojirny.cz",
        "+420 603 111 222",
    )
    .await;
    let page = convert_page(&db, &boss, second).await.unwrap();
    assert_eq!(page.duplicates.accounts.len(), 1);
    assert_eq!(page.duplicates.accounts[0].id, earlier.account_id);
    assert_eq!(page.duplicates.accounts[0].reasons, [MatchReason::Name]);
    assert_eq!(page.duplicates.contacts[0].id, earlier.contact_id);
    assert_eq!(page.duplicates.contacts[0].reasons, [MatchReason::Phone]);

    // Sending the form as it is answers with the look-alikes and creates nothing.
    let before = counts(&db).await;
    let mut again = page.prefill.clone();
    again.account_fields.ico = "26 168 685".into();
    match convert(&db, &boss, &again, t0()).await {
        Ok(ConvertOutcome::Duplicates(found)) => {
            assert_eq!(
                found.accounts[0].reasons,
                [MatchReason::Ico, MatchReason::Name]
            );
            assert_eq!(found.contacts.len(), 1);
        }
        other => panic!("expected look-alikes, got {other:?}"),
    }
    assert_eq!(counts(&db).await, before);

    // Creating a second organisation with the same IČO is refused even when confirmed.
    again.confirmed_new = true;
    let refused = convert(&db, &boss, &again, t0()).await;
    assert_eq!(
        refused,
        Err(AppError::Invalid(vec![leady::error::FieldError::new(
            Field::Ico,
            FieldProblem::IcoTaken
        )]))
    );
    assert_eq!(counts(&db).await, before);

    // A contact of another organisation cannot be linked to this one.
    let other = clients::create_account(
        &db,
        &boss,
        AccountInput {
            name: "Jiná firma".into(),
            ..AccountInput::default()
        }
        .validate()
        .unwrap(),
        t0(),
    )
    .await
    .unwrap();
    let mut mismatched = page.prefill.clone();
    mismatched.account = Link::Existing(other);
    mismatched.contact = Link::Existing(earlier.contact_id);
    assert_eq!(
        convert(&db, &boss, &mismatched, t0()).await,
        Err(AppError::Invalid(vec![leady::error::FieldError::new(
            Field::Contact,
            FieldProblem::ContactElsewhere
        )]))
    );

    // Linking both: no new organisation or person, a new deal on the existing organisation.
    let before = counts(&db).await;
    let mut link = page.prefill.clone();
    link.account = Link::Existing(earlier.account_id);
    link.contact = Link::Existing(earlier.contact_id);
    let done = converted(convert(&db, &boss, &link, t0()).await);
    assert_eq!(
        (done.account_id, done.contact_id),
        (earlier.account_id, earlier.contact_id)
    );
    let after = counts(&db).await;
    assert_eq!(
        (after.0, after.1, after.2),
        (before.0, before.1, before.2 + 1)
    );
    let acc = clients::account_detail(&db, ClientScope::Everything, earlier.account_id)
        .await
        .unwrap();
    let origins: Vec<i32> = acc.origin_leads.iter().map(|o| o.id).collect();
    assert!(origins.contains(&first) && origins.contains(&second));
    assert_eq!(acc.opportunities.len(), 2);
}

/// Makes the database itself fail a statement of the conversion: on inserting a deal, or on
/// closing the lead (the last write).
async fn inject_failure(db: &DatabaseConnection, at: &str) {
    let sql: Vec<String> = match (db.get_database_backend(), at) {
        (DbBackend::Sqlite, "deal") => vec![
            "CREATE TRIGGER fail_at_deal BEFORE INSERT ON opportunity BEGIN SELECT RAISE(ABORT, 'injected failure'); END".into(),
        ],
        (DbBackend::Sqlite, _) => vec![
            "CREATE TRIGGER fail_at_lead BEFORE UPDATE OF status ON lead WHEN NEW.status = 'converted' BEGIN SELECT RAISE(ABORT, 'injected failure'); END".into(),
        ],
        (_, at) => vec![
            "CREATE OR REPLACE FUNCTION fail_injected() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION 'injected failure'; END $$ LANGUAGE plpgsql".into(),
            if at == "deal" {
                "CREATE TRIGGER fail_at_deal BEFORE INSERT ON opportunity FOR EACH ROW EXECUTE FUNCTION fail_injected()".into()
            } else {
                "CREATE TRIGGER fail_at_lead BEFORE UPDATE ON lead FOR EACH ROW WHEN (NEW.status = 'converted') EXECUTE FUNCTION fail_injected()".into()
            },
        ],
    };
    for statement in sql {
        db.execute_unprepared(&statement).await.unwrap();
    }
}

async fn remove_failure(db: &DatabaseConnection, at: &str) {
    let sql = match (db.get_database_backend(), at) {
        (DbBackend::Sqlite, _) => format!("DROP TRIGGER fail_at_{at}"),
        (_, "deal") => "DROP TRIGGER fail_at_deal ON opportunity".to_string(),
        _ => "DROP TRIGGER fail_at_lead ON lead".to_string(),
    };
    db.execute_unprepared(&sql).await.unwrap();
}

async fn a_failure_anywhere_leaves_nothing_half_created(db: DatabaseConnection) {
    let boss = person_by_email(&db, "milan@firma.cz", Role::Manager, t0()).await;
    let lead = qualified_lead(&db, &boss, "Pila Hradec", "pila@hradec.cz", "").await;
    let input = prefill(&db, &boss, lead).await;
    let before = counts(&db).await;
    let version = repo::card(&db, lead, LeadScope::Everything)
        .await
        .unwrap()
        .version;

    for at in ["deal", "lead"] {
        inject_failure(&db, at).await;
        // The organisation and the contact were written before the failure; none survive.
        assert_eq!(
            convert(&db, &boss, &input, t0()).await,
            Err(AppError::Internal),
            "failing at {at}"
        );
        assert_eq!(counts(&db).await, before, "failing at {at}");
        let card = repo::card(&db, lead, LeadScope::Everything).await.unwrap();
        assert_eq!(
            (card.status, card.version),
            (LeadStatus::Qualified, version)
        );
        remove_failure(&db, at).await;
    }

    let done = converted(convert(&db, &boss, &input, t0()).await);
    assert!(done.opportunity_id.is_some());
    let after = counts(&db).await;
    assert_eq!(
        after,
        (before.0 + 1, before.1 + 1, before.2 + 1, before.3 + 1)
    );
}

async fn bad_input_is_refused_field_by_field_and_changes_nothing(db: DatabaseConnection) {
    let boss = person_by_email(&db, "milan@firma.cz", Role::Manager, t0()).await;
    let lead = qualified_lead(&db, &boss, "Sklárna Kryštof", "", "605 444 333").await;
    let mut input = prefill(&db, &boss, lead).await;
    input.account_fields.ico = "12345678".into();
    input.account_fields.postal_code = "1234".into();
    input.contact_fields.last_name = " ".into();
    input.contact_fields.email = "ne-e-mail".into();
    input.opportunity_fields.expected_close = "příští týden".into();
    input.opportunity_fields.amount = "hodně".into();
    let before = counts(&db).await;
    let Err(AppError::Invalid(errors)) = convert(&db, &boss, &input, t0()).await else {
        panic!("bad input must be refused");
    };
    let fields: Vec<Field> = errors.iter().map(|e| e.field).collect();
    assert_eq!(
        fields,
        [
            Field::Ico,
            Field::PostalCode,
            Field::LastName,
            Field::Email,
            Field::Amount,
            Field::ExpectedClose
        ]
    );
    assert_eq!(counts(&db).await, before);
    // A deal left out is not validated.
    input.with_opportunity = false;
    let Err(AppError::Invalid(errors)) = convert(&db, &boss, &input, t0()).await else {
        panic!("still refused");
    };
    assert_eq!(errors.len(), 4);
}

async fn only_qualified_leads_convert_and_salespeople_see_only_their_clients(
    db: DatabaseConnection,
) {
    person_by_email(&db, "milan@firma.cz", Role::Manager, t0()).await;
    let eva = person_by_email(&db, "eva@firma.cz", Role::Salesperson, t0()).await;
    let petr = person_by_email(&db, "petr@firma.cz", Role::Salesperson, t0()).await;

    let lead = qualified_lead(&db, &eva, "Vinařství Mikulov", "vino@mikulov.cz", "").await;
    let input = prefill(&db, &eva, lead).await;
    // Not yet qualified: back to V jednání, and the conversion is refused.
    move_to(&db, &eva, lead, LeadStatus::InProcess)
        .await
        .unwrap();
    let mut stale = input.clone();
    stale.version = repo::card(&db, lead, LeadScope::Everything)
        .await
        .unwrap()
        .version;
    assert_eq!(
        convert(&db, &eva, &stale, t0()).await,
        Err(AppError::Transition(
            TransitionRefusal::OnlyQualifiedConverts
        ))
    );
    move_to(&db, &eva, lead, LeadStatus::Qualified)
        .await
        .unwrap();
    // The version the screen was opened with is outdated now.
    assert_eq!(convert(&db, &eva, &input, t0()).await, Err(AppError::Stale));
    let fresh = prefill(&db, &eva, lead).await;
    // Petr may not convert (or even see) Eva's lead.
    assert_eq!(
        convert(&db, &petr, &fresh, t0()).await,
        Err(AppError::NotFound)
    );
    assert_eq!(
        convert_page(&db, &petr, lead).await.err(),
        Some(AppError::NotFound)
    );
    let done = converted(convert(&db, &eva, &fresh, t0()).await);

    // Eva owns what her lead became; Petr sees none of it; the manager sees all.
    let eva_scope = client_scope(&eva);
    let petr_scope = client_scope(&petr);
    assert_eq!(
        clients::account_detail(&db, eva_scope, done.account_id)
            .await
            .unwrap()
            .owner
            .map(|o| o.id),
        Some(eva.id)
    );
    assert_eq!(
        clients::account_detail(&db, petr_scope, done.account_id)
            .await
            .err(),
        Some(AppError::NotFound)
    );
    assert_eq!(
        clients::contact_detail(&db, petr_scope, done.contact_id)
            .await
            .err(),
        Some(AppError::NotFound)
    );
    let deal = done.opportunity_id.unwrap();
    assert_eq!(
        clients::opportunity_detail(&db, petr_scope, deal)
            .await
            .err(),
        Some(AppError::NotFound)
    );
    assert!(
        clients::list_accounts(&db, petr_scope, "")
            .await
            .unwrap()
            .is_empty()
    );
    assert_eq!(
        clients::list_accounts(&db, eva_scope, "mikulov")
            .await
            .unwrap()
            .len(),
        1
    );
    assert_eq!(
        clients::list_accounts(&db, ClientScope::Everything, "")
            .await
            .unwrap()
            .len(),
        1
    );
    assert!(
        clients::list_contacts(&db, petr_scope, "")
            .await
            .unwrap()
            .is_empty()
    );
    let petr_board = clients::opportunity_board(&db, petr_scope).await.unwrap();
    assert!(
        petr_board
            .iter()
            .all(|c| c.cards.is_empty() && c.total == 0)
    );
    let version = clients::opportunity_detail(&db, eva_scope, deal)
        .await
        .unwrap()
        .card
        .version;
    let request = StageMove {
        opportunity_id: deal,
        version,
        to: Stage::Won,
        after_id: None,
    };
    assert_eq!(
        clients::move_opportunity(&db, &petr, &request, t0())
            .await
            .err(),
        Some(AppError::NotFound)
    );
    let edit = AccountInput {
        name: "Převzato".into(),
        ..AccountInput::default()
    }
    .validate()
    .unwrap();
    assert_eq!(
        clients::update_account(&db, &petr, done.account_id, 1, edit, t0())
            .await
            .err(),
        Some(AppError::NotFound)
    );
    let contact = ContactInput {
        last_name: "Cizí".into(),
        ..ContactInput::default()
    }
    .validate()
    .unwrap();
    assert_eq!(
        clients::create_contact(&db, &petr, done.account_id, contact, t0())
            .await
            .err(),
        Some(AppError::NotFound)
    );
    assert_eq!(
        clients::list_contacts(&db, ClientScope::Everything, "")
            .await
            .unwrap()
            .len(),
        1,
        "the refused contact was rolled back"
    );
}

async fn deals_move_between_stages_on_their_board(db: DatabaseConnection) {
    let boss = person_by_email(&db, "milan@firma.cz", Role::Manager, t0()).await;
    let mut deals = Vec::new();
    for (i, company) in ["Alfa", "Beta", "Gama"].into_iter().enumerate() {
        let lead = qualified_lead(
            &db,
            &boss,
            company,
            &format!("{}@firma{i}.cz", company.to_lowercase()),
            "",
        )
        .await;
        let mut input = prefill(&db, &boss, lead).await;
        input.opportunity_fields.amount = format!("{}", (i + 1) * 100_000);
        deals.push(
            converted(convert(&db, &boss, &input, t0()).await)
                .opportunity_id
                .unwrap(),
        );
    }
    let board = clients::opportunity_board(&db, ClientScope::Everything)
        .await
        .unwrap();
    let new = &board[0];
    assert_eq!(
        (new.stage, new.total, new.amount_czk),
        (Stage::New, 3, 600_000)
    );
    // Newest on top.
    assert_eq!(
        new.cards.iter().map(|c| c.id).collect::<Vec<_>>(),
        [deals[2], deals[1], deals[0]]
    );

    let card = |id: i32| new.cards.iter().find(|c| c.id == id).cloned().unwrap();
    let alfa = card(deals[0]);
    let moved = clients::move_opportunity(
        &db,
        &boss,
        &StageMove {
            opportunity_id: alfa.id,
            version: alfa.version,
            to: Stage::Proposal,
            after_id: None,
        },
        t0(),
    )
    .await
    .unwrap();
    assert_eq!(
        (moved.stage, moved.version),
        (Stage::Proposal, alfa.version + 1)
    );
    // The same move again, with the old version, is stale.
    let stale = StageMove {
        opportunity_id: alfa.id,
        version: alfa.version,
        to: Stage::Won,
        after_id: None,
    };
    assert_eq!(
        clients::move_opportunity(&db, &boss, &stale, t0())
            .await
            .err(),
        Some(AppError::Stale)
    );
    // Beta lands right below Alfa.
    let beta = card(deals[1]);
    clients::move_opportunity(
        &db,
        &boss,
        &StageMove {
            opportunity_id: beta.id,
            version: beta.version,
            to: Stage::Proposal,
            after_id: Some(alfa.id),
        },
        t0(),
    )
    .await
    .unwrap();
    let board = clients::opportunity_board(&db, ClientScope::Everything)
        .await
        .unwrap();
    assert_eq!(board[0].total, 1);
    assert_eq!(
        board[1].cards.iter().map(|c| c.id).collect::<Vec<_>>(),
        [alfa.id, beta.id]
    );
    assert_eq!(board[1].amount_czk, 300_000);
}

/// An organisation founded by `who` (no conversion), answered by id.
async fn organisation(db: &DatabaseConnection, who: &CurrentUser, name: &str, ico: &str) -> i32 {
    let input = AccountInput {
        name: name.into(),
        ico: ico.into(),
        city: "Brno".into(),
        ..AccountInput::default()
    };
    clients::create_account(db, who, input.validate().unwrap(), t0())
        .await
        .unwrap()
}

async fn person_at(
    db: &DatabaseConnection,
    who: &CurrentUser,
    account: i32,
    last: &str,
    email: &str,
    phone: &str,
) -> i32 {
    let input = ContactInput {
        first_name: "Karel".into(),
        last_name: last.into(),
        email: email.into(),
        phone: phone.into(),
        ..ContactInput::default()
    };
    clients::create_contact(db, who, account, input.validate().unwrap(), t0())
        .await
        .unwrap()
}

/// Issue 11, item 1: a salesperson cannot convert her lead into an organisation or onto a
/// contact she may not open — the same "not found" as opening it, and nothing written.
async fn linking_needs_the_right_to_open_what_is_linked(db: DatabaseConnection) {
    let boss = person_by_email(&db, "milan@firma.cz", Role::Manager, t0()).await;
    let eva = person_by_email(&db, "eva@firma.cz", Role::Salesperson, t0()).await;
    let org = organisation(&db, &boss, "Manažerova firma s.r.o.", "26168685").await;
    let karel = person_at(&db, &boss, org, "Šéf", "karel@manazerova.cz", "").await;
    let lead = qualified_lead(&db, &eva, "Evina firma", "ota@evina.cz", "").await;
    let form = prefill(&db, &eva, lead).await;
    let before = counts(&db).await;
    let card = repo::card(&db, lead, LeadScope::Everything).await.unwrap();

    let attempts = [
        (Link::Existing(org), Link::New),
        (Link::New, Link::Existing(karel)),
        (Link::Existing(org), Link::Existing(karel)),
        // An id that does not exist answers the same: ids tell nothing.
        (Link::Existing(999_999), Link::New),
        (Link::New, Link::Existing(999_999)),
    ];
    for (account, contact) in attempts {
        let mut input = form.clone();
        input.account = account;
        input.contact = contact;
        input.confirmed_new = true;
        assert_eq!(
            convert(&db, &eva, &input, t0()).await,
            Err(AppError::NotFound),
            "{account:?} / {contact:?}"
        );
    }
    assert_eq!(counts(&db).await, before, "nothing written");
    let after = repo::card(&db, lead, LeadScope::Everything).await.unwrap();
    assert_eq!(
        (after.status, after.version),
        (LeadStatus::Qualified, card.version)
    );
    let eva_scope = client_scope(&eva);
    assert_eq!(
        clients::account_detail(&db, eva_scope, org).await.err(),
        Some(AppError::NotFound),
        "she still cannot open the organisation"
    );
    assert_eq!(
        clients::contact_detail(&db, eva_scope, karel).await.err(),
        Some(AppError::NotFound)
    );
    assert!(
        clients::list_accounts(&db, eva_scope, "")
            .await
            .unwrap()
            .is_empty()
    );

    // The manager, who may open both, may link her lead to them.
    let mut by_boss = prefill(&db, &boss, lead).await;
    by_boss.account = Link::Existing(org);
    by_boss.contact = Link::Existing(karel);
    let done = converted(convert(&db, &boss, &by_boss, t0()).await);
    assert_eq!((done.account_id, done.contact_id), (org, karel));
}

/// Issue 11, item 2: an organisation's and a contact's page list only what the caller may
/// open; colleagues' contacts, deals and leads only as a count.
async fn client_pages_list_only_what_the_caller_may_open(db: DatabaseConnection) {
    let boss = person_by_email(&db, "milan@firma.cz", Role::Manager, t0()).await;
    let eva = person_by_email(&db, "eva@firma.cz", Role::Salesperson, t0()).await;
    let petr = person_by_email(&db, "petr@firma.cz", Role::Salesperson, t0()).await;
    let org = organisation(&db, &boss, "Strojírny Brno s.r.o.", "").await;

    // Eva's lead and two of Petr's, each converted by the manager into the one organisation;
    // Petr's second deal is with Eva's contact.
    let note = |body: &str| {
        ActivityInput {
            kind: "note".into(),
            body: body.into(),
            ..ActivityInput::default()
        }
        .validate()
        .unwrap()
    };
    let eva_lead = qualified_lead(
        &db,
        &eva,
        "Strojírny",
        "eva.klient@strojirny.cz",
        "603 111 222",
    )
    .await;
    activities::log_activity(&db, &eva, eva_lead, note("Evina poznámka"), t0())
        .await
        .unwrap();
    let petr_lead = qualified_lead(
        &db,
        &petr,
        "Strojírny",
        "petr.klient@strojirny.cz",
        "604 999 888",
    )
    .await;
    activities::log_activity(&db, &petr, petr_lead, note("Petrova tajná poznámka"), t0())
        .await
        .unwrap();
    let petr_second = qualified_lead(&db, &petr, "Strojírny", "nakup@strojirny.cz", "").await;
    activities::log_activity(
        &db,
        &petr,
        petr_second,
        note("Petrova druhá poznámka"),
        t0(),
    )
    .await
    .unwrap();
    let mut input = prefill(&db, &boss, eva_lead).await;
    input.account = Link::Existing(org);
    input.opportunity_fields.amount = "111111".into();
    let eva_done = converted(convert(&db, &boss, &input, t0()).await);
    let mut input = prefill(&db, &boss, petr_lead).await;
    input.account = Link::Existing(org);
    input.opportunity_fields.amount = "999999".into();
    let petr_done = converted(convert(&db, &boss, &input, t0()).await);
    let mut input = prefill(&db, &boss, petr_second).await;
    input.account = Link::Existing(org);
    input.contact = Link::Existing(eva_done.contact_id);
    input.opportunity_fields.amount = "777777".into();
    let petr_second_done = converted(convert(&db, &boss, &input, t0()).await);
    let petr_phone = leady::leads::model::normalize_phone("604 999 888").unwrap();
    let petrs_secrets = [
        "petr.klient@strojirny.cz",
        petr_phone.as_str(),
        "999999",
        "777777",
        "Petrova tajná poznámka",
        "Petrova druhá poznámka",
    ];
    let leaks = |json: &str, secrets: &[&str]| -> Vec<String> {
        secrets
            .iter()
            .filter(|s| json.contains(*s))
            .map(|s| s.to_string())
            .collect()
    };

    // Eva's view of the organisation: the organisation, her rows, and how many others.
    let eva_scope = client_scope(&eva);
    let view = clients::account_detail(&db, eva_scope, org).await.unwrap();
    assert_eq!(view.input.name, "Strojírny Brno s.r.o.");
    assert_eq!(
        view.contacts.iter().map(|c| c.id).collect::<Vec<_>>(),
        [eva_done.contact_id]
    );
    assert_eq!(view.hidden_contacts, 1);
    assert_eq!(
        view.opportunities.iter().map(|o| o.id).collect::<Vec<_>>(),
        [eva_done.opportunity_id.unwrap()]
    );
    assert_eq!(view.hidden_opportunities, 2);
    assert_eq!(
        view.origin_leads.iter().map(|l| l.id).collect::<Vec<_>>(),
        [eva_lead]
    );
    assert_eq!(view.origin_leads[0].activities[0].body, "Evina poznámka");
    assert_eq!(view.hidden_origin_leads, 2);
    let json = serde_json::to_string(&view).unwrap();
    assert_eq!(leaks(&json, &petrs_secrets), Vec::<String>::new());

    // Her contact's page: her deal and her lead; Petr's deal with her contact is a count.
    let view = clients::contact_detail(&db, eva_scope, eva_done.contact_id)
        .await
        .unwrap();
    assert_eq!(
        view.opportunities.iter().map(|o| o.id).collect::<Vec<_>>(),
        [eva_done.opportunity_id.unwrap()]
    );
    assert_eq!(view.hidden_opportunities, 1);
    assert_eq!(
        view.origin_leads.iter().map(|l| l.id).collect::<Vec<_>>(),
        [eva_lead]
    );
    assert_eq!(view.hidden_origin_leads, 1);
    let json = serde_json::to_string(&view).unwrap();
    assert_eq!(leaks(&json, &petrs_secrets), Vec::<String>::new());

    // Petr's view, the other way round; his deal with Eva's contact does not name her.
    let petr_scope = client_scope(&petr);
    let view = clients::account_detail(&db, petr_scope, org).await.unwrap();
    assert_eq!(
        view.contacts.iter().map(|c| c.id).collect::<Vec<_>>(),
        [petr_done.contact_id]
    );
    assert_eq!(
        (
            view.hidden_contacts,
            view.opportunities.len(),
            view.hidden_opportunities,
            view.origin_leads.len(),
            view.hidden_origin_leads
        ),
        (1, 2, 1, 2, 1)
    );
    let json = serde_json::to_string(&view).unwrap();
    let evas_secrets = [
        "eva.klient@strojirny.cz",
        "603111222",
        "111111",
        "Evina poznámka",
    ];
    assert_eq!(leaks(&json, &evas_secrets), Vec::<String>::new());
    let deal =
        clients::opportunity_detail(&db, petr_scope, petr_second_done.opportunity_id.unwrap())
            .await
            .unwrap();
    assert_eq!(deal.contact, None, "Eva's contact stays unnamed for Petr");
    assert_eq!((deal.origin_leads.len(), deal.hidden_origin_leads), (1, 0));
    assert_eq!(
        clients::contact_detail(&db, petr_scope, eva_done.contact_id)
            .await
            .err(),
        Some(AppError::NotFound)
    );

    // The manager sees everything, nothing is counted away.
    let view = clients::account_detail(&db, ClientScope::Everything, org)
        .await
        .unwrap();
    assert_eq!(
        (
            view.contacts.len(),
            view.opportunities.len(),
            view.origin_leads.len()
        ),
        (2, 3, 3)
    );
    assert_eq!(
        (
            view.hidden_contacts,
            view.hidden_opportunities,
            view.hidden_origin_leads
        ),
        (0, 0, 0)
    );
    let view = clients::contact_detail(&db, ClientScope::Everything, eva_done.contact_id)
        .await
        .unwrap();
    assert_eq!(
        (view.opportunities.len(), view.hidden_opportunities),
        (2, 0)
    );
    let deal = clients::opportunity_detail(
        &db,
        ClientScope::Everything,
        petr_second_done.opportunity_id.unwrap(),
    )
    .await
    .unwrap();
    assert_eq!(deal.contact.map(|c| c.id), Some(eva_done.contact_id));
}

/// Issue 11, item 3: the lead is checked before any look-alike is searched for, and a
/// colleague's look-alike says only whose it is — yet still stops a duplicate IČO.
async fn look_alikes_come_after_the_lead_and_show_nothing_of_colleagues_records(
    db: DatabaseConnection,
) {
    let boss = user(&db, "milan@firma.cz", "Milan Manažer", Role::Manager, t0()).await;
    let eva = person_by_email(&db, "eva@firma.cz", Role::Salesperson, t0()).await;
    let petr = person_by_email(&db, "petr@firma.cz", Role::Salesperson, t0()).await;
    let org = organisation(&db, &boss, "Pekárna U Mlýna s.r.o.", "26168685").await;
    let karel = person_at(&db, &boss, org, "Mlynář", "karel@mlyn.cz", "777 111 222").await;
    let lead = qualified_lead(&db, &eva, "Pekárna u mlýna", "karel@mlyn.cz", "777 111 222").await;
    let petrs = qualified_lead(&db, &petr, "Jinde", "jinde@jinde.cz", "").await;

    // A lead she may not open, or none at all: not found, and nothing about look-alikes.
    let mut probe = prefill(&db, &eva, lead).await;
    probe.account_fields.ico = "26168685".into();
    for id in [petrs, 999_999] {
        probe.lead_id = id;
        assert_eq!(
            convert(&db, &eva, &probe, t0()).await,
            Err(AppError::NotFound)
        );
        assert_eq!(
            convert_page(&db, &eva, id).await.err(),
            Some(AppError::NotFound)
        );
    }

    // Her own lead: the manager's records show up as his, with none of their data.
    let page = convert_page(&db, &eva, lead).await.unwrap();
    let found = &page.duplicates;
    assert!(found.accounts.is_empty() && found.contacts.is_empty());
    let his = |reasons: Vec<MatchReason>| ForeignMatch {
        owner: Some("Milan Manažer".into()),
        reasons,
    };
    assert_eq!(found.foreign_accounts, [his(vec![MatchReason::Name])]);
    assert_eq!(
        found.foreign_contacts,
        [his(vec![MatchReason::Email, MatchReason::Phone])]
    );
    let json = serde_json::to_string(found).unwrap();
    for secret in ["26168685", "Brno", "Mlynář", "U Mlýna"] {
        assert!(!json.contains(secret), "{secret} leaked: {json}");
    }

    // With the IČO typed in: the same, by IČO; creating it anyway is refused, linking it too.
    let before = counts(&db).await;
    let mut input = page.prefill.clone();
    input.account_fields.ico = "26168685".into();
    match convert(&db, &eva, &input, t0()).await {
        Ok(ConvertOutcome::Duplicates(found)) => {
            assert_eq!(
                found.foreign_accounts,
                [his(vec![MatchReason::Ico, MatchReason::Name])]
            );
            assert!(found.accounts.is_empty() && found.contacts.is_empty());
        }
        other => panic!("expected look-alikes, got {other:?}"),
    }
    input.confirmed_new = true;
    assert_eq!(
        convert(&db, &eva, &input, t0()).await,
        Err(AppError::Invalid(vec![leady::error::FieldError::new(
            Field::Ico,
            FieldProblem::IcoTaken
        )]))
    );
    assert_eq!(counts(&db).await, before);

    // The manager sees them as records to link, and links them.
    let page = convert_page(&db, &boss, lead).await.unwrap();
    assert_eq!(
        page.duplicates
            .accounts
            .iter()
            .map(|a| a.id)
            .collect::<Vec<_>>(),
        [org]
    );
    assert_eq!(page.duplicates.accounts[0].ico.as_deref(), Some("26168685"));
    assert_eq!(
        page.duplicates
            .contacts
            .iter()
            .map(|c| c.id)
            .collect::<Vec<_>>(),
        [karel]
    );
    assert!(page.duplicates.foreign_accounts.is_empty());
    let mut link = page.prefill.clone();
    link.account = Link::Existing(org);
    link.contact = Link::Existing(karel);
    converted(convert(&db, &boss, &link, t0()).await);
}

/// Issue 11, item 4a: a deal the caller may not see, as the anchor of a move, is no anchor:
/// the answer is the same wherever that deal is (or if it does not exist).
async fn a_hidden_deal_as_anchor_counts_as_no_anchor(db: DatabaseConnection) {
    let boss = person_by_email(&db, "milan@firma.cz", Role::Manager, t0()).await;
    let eva = person_by_email(&db, "eva@firma.cz", Role::Salesperson, t0()).await;
    let boss_lead = qualified_lead(&db, &boss, "Šéfova", "sef@sefova.cz", "").await;
    let input = prefill(&db, &boss, boss_lead).await;
    let hidden = converted(convert(&db, &boss, &input, t0()).await)
        .opportunity_id
        .unwrap();
    let mut mine = Vec::new();
    for (company, email) in [("Evina jedna", "e1@evina.cz"), ("Evina dvě", "e2@evina.cz")] {
        let lead = qualified_lead(&db, &eva, company, email, "").await;
        let input = prefill(&db, &eva, lead).await;
        mine.push(
            converted(convert(&db, &eva, &input, t0()).await)
                .opportunity_id
                .unwrap(),
        );
    }
    let eva_scope = client_scope(&eva);
    let version = |id: i32| {
        let db = db.clone();
        async move {
            clients::opportunity_detail(&db, ClientScope::Everything, id)
                .await
                .unwrap()
                .card
                .version
        }
    };
    let move_after = |id: i32, version: i32, after: Option<i32>| StageMove {
        opportunity_id: id,
        version,
        to: Stage::Proposal,
        after_id: after,
    };
    // The hidden deal is in Nová, not in Nabídka: before, this answered Stale (409).
    let moved = clients::move_opportunity(
        &db,
        &eva,
        &move_after(mine[0], version(mine[0]).await, Some(hidden)),
        t0(),
    )
    .await
    .unwrap();
    assert_eq!(moved.stage, Stage::Proposal);
    // Now in Nabídka: still no anchor, so Eva's card goes on top as with none.
    let boss_card = clients::opportunity_detail(&db, ClientScope::Everything, hidden)
        .await
        .unwrap()
        .card;
    clients::move_opportunity(
        &db,
        &boss,
        &move_after(hidden, boss_card.version, None),
        t0(),
    )
    .await
    .unwrap();
    clients::move_opportunity(
        &db,
        &eva,
        &move_after(mine[1], version(mine[1]).await, Some(hidden)),
        t0(),
    )
    .await
    .unwrap();
    let column = |board: Vec<leady::clients::model::StageColumn>| {
        board[1].cards.iter().map(|c| c.id).collect::<Vec<_>>()
    };
    assert_eq!(
        column(
            clients::opportunity_board(&db, ClientScope::Everything)
                .await
                .unwrap()
        ),
        [mine[1], hidden, mine[0]]
    );
    // A deal that does not exist: the same.
    clients::move_opportunity(
        &db,
        &eva,
        &move_after(mine[0], version(mine[0]).await, Some(999_999)),
        t0(),
    )
    .await
    .unwrap();
    assert_eq!(
        column(clients::opportunity_board(&db, eva_scope).await.unwrap()),
        [mine[0], mine[1]]
    );
    // Her own deal in another column is still a stale picture.
    let mut request = move_after(mine[0], version(mine[0]).await, Some(mine[1]));
    request.to = Stage::Negotiation;
    assert_eq!(
        clients::move_opportunity(&db, &eva, &request, t0())
            .await
            .err(),
        Some(AppError::Stale)
    );
}

/// Issue 11, item 4d: a pool lead converted by a salesperson becomes hers, so it leaves the
/// pool that every salesperson reads, with its links to the clients.
async fn converting_a_pool_lead_makes_the_converter_its_owner(db: DatabaseConnection) {
    let boss = person_by_email(&db, "milan@firma.cz", Role::Manager, t0()).await;
    let eva = person_by_email(&db, "eva@firma.cz", Role::Salesperson, t0()).await;
    let petr = person_by_email(&db, "petr@firma.cz", Role::Salesperson, t0()).await;
    // Qualified by the manager and left in the pool.
    let lead = qualified_lead(&db, &boss, "Bazénová", "bazen@bazen.cz", "").await;
    assert_eq!(
        repo::card(&db, lead, LeadScope::Everything)
            .await
            .unwrap()
            .owner,
        None
    );
    let input = prefill(&db, &eva, lead).await;
    let done = converted(convert(&db, &eva, &input, t0()).await);

    let detail = repo::lead_detail(&db, lead, LeadScope::Everything)
        .await
        .unwrap();
    assert_eq!(detail.owner.map(|o| o.id), Some(eva.id));
    let last = detail.assignments.last().expect("an assignment row");
    assert_eq!(
        (
            last.from.as_ref().map(|p| p.id),
            last.to.as_ref().map(|p| p.id),
            last.by.as_ref().map(|p| p.id)
        ),
        (None, Some(eva.id), Some(eva.id))
    );
    assert_eq!(
        repo::lead_detail(&db, lead, leady::auth::permissions::visible_scope(&petr))
            .await
            .err(),
        Some(AppError::NotFound),
        "no longer in the pool other salespeople read"
    );
    assert!(
        repo::lead_detail(&db, lead, leady::auth::permissions::visible_scope(&eva))
            .await
            .is_ok()
    );
    let account = clients::account_detail(&db, client_scope(&eva), done.account_id)
        .await
        .unwrap();
    assert_eq!(account.owner.map(|o| o.id), Some(eva.id));
    assert_eq!(account.origin_leads.len(), 1);
    assert_eq!(
        clients::account_detail(&db, client_scope(&petr), done.account_id)
            .await
            .err(),
        Some(AppError::NotFound)
    );
}

/// Issue 11, item 4d, for the data already there: migration 40 gives a converted lead left in
/// the pool to whoever converted it, with an assignment row.
async fn pool_leads_converted_before_go_to_their_converter(db: DatabaseConnection) {
    use leady::server::entities::lead_assignment;
    use migration::{Migrator, MigratorTrait};
    use sea_orm::{ColumnTrait, QueryFilter};

    let boss = person_by_email(&db, "milan@firma.cz", Role::Manager, t0()).await;
    let eva = person_by_email(&db, "eva@firma.cz", Role::Salesperson, t0()).await;
    let lead = qualified_lead(&db, &boss, "Stará konverze", "stara@konverze.cz", "").await;
    let input = prefill(&db, &eva, lead).await;
    converted(convert(&db, &eva, &input, t0()).await);
    // As a conversion left it before: still in the pool, no assignment row.
    db.execute_unprepared(&format!(
        "UPDATE lead SET owner_id = NULL WHERE id = {lead}"
    ))
    .await
    .unwrap();
    lead_assignment::Entity::delete_many()
        .filter(lead_assignment::Column::LeadId.eq(lead))
        .exec(&db)
        .await
        .unwrap();

    // Undo migration 40 (and any after it), then migrate up again.
    let all = Migrator::migrations();
    let at = all
        .iter()
        .position(|m| m.name().contains("000040_own_converted_pool_leads"))
        .unwrap_or_else(|| {
            panic!(
                "migration 40 is not among {:?}",
                all.iter().map(|m| m.name().to_string()).collect::<Vec<_>>()
            )
        });
    Migrator::down(&db, Some((all.len() - at) as u32))
        .await
        .unwrap();
    Migrator::up(&db, None).await.unwrap();

    let detail = repo::lead_detail(&db, lead, LeadScope::Everything)
        .await
        .unwrap();
    assert_eq!(detail.owner.map(|o| o.id), Some(eva.id));
    let rows: Vec<_> = detail
        .assignments
        .iter()
        .map(|a| {
            (
                a.from.as_ref().map(|p| p.id),
                a.to.as_ref().map(|p| p.id),
                a.by.as_ref().map(|p| p.id),
            )
        })
        .collect();
    assert_eq!(rows, [(None, Some(eva.id), Some(eva.id))]);
}
