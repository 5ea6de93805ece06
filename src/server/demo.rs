//! Demo data, only ever on request (`leady demo-data`): Czech leads spread over the last
//! three weeks and across the board, each with a believable status history.

use chrono::{DateTime, Duration, Utc};
use sea_orm::DatabaseConnection;

use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};

use crate::auth::model::{CurrentUser, Role};
use crate::error::AppError;
use crate::leads::model::{LeadInput, LeadStatus, MoveRequest};
use crate::leads::repo;
use crate::server::entities::app_user;
use crate::shared::region::Region;

/// Active users of a role, oldest first.
async fn people_with_role(
    db: &DatabaseConnection,
    role: Role,
) -> Result<Vec<CurrentUser>, AppError> {
    Ok(app_user::Entity::find()
        .filter(app_user::Column::Role.eq(role.code()))
        .filter(app_user::Column::Active.eq(true))
        .order_by_asc(app_user::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .map(|u| CurrentUser {
            id: u.id,
            name: u.name,
            email: u.email,
            role,
        })
        .collect())
}

const PEOPLE: &[(&str, &str)] = &[
    ("Jan", "Novák"),
    ("Petra", "Svobodová"),
    ("Tomáš", "Dvořák"),
    ("Lucie", "Černá"),
    ("Martin", "Procházka"),
    ("Kateřina", "Kučerová"),
    ("Jiří", "Veselý"),
    ("Eva", "Horáková"),
    ("Pavel", "Němec"),
    ("Markéta", "Marková"),
    ("Ondřej", "Pokorný"),
    ("Tereza", "Pospíšilová"),
    ("Lukáš", "Hájek"),
    ("Veronika", "Králová"),
    ("Michal", "Jelínek"),
    ("Barbora", "Růžičková"),
    ("David", "Beneš"),
    ("Hana", "Fialová"),
    ("Jakub", "Sedláček"),
    ("Zuzana", "Doležalová"),
    ("Petr", "Zeman"),
    ("Alena", "Kolářová"),
    ("Josef", "Navrátil"),
    ("Monika", "Čermáková"),
    ("Roman", "Urban"),
    ("Jana", "Vaněčková"),
    ("Filip", "Blažek"),
    ("Simona", "Kříženecká"),
    ("Vojtěch", "Kopecký"),
    ("Klára", "Holubová"),
    ("Radek", "Šimek"),
    ("Ivana", "Konečná"),
    ("Marek", "Malý"),
    ("Denisa", "Štěpánková"),
    ("Aleš", "Vlček"),
    ("Romana", "Říhová"),
];

const COMPANIES: &[&str] = &[
    "Strojírny Brno a.s.",
    "Pekárna U Mlýna s.r.o.",
    "Moravia Logistics s.r.o.",
    "Stavby Kolín s.r.o.",
    "Ostravské teplárny a.s.",
    "Vinařství Pod Pálavou",
    "IT Praha Solutions s.r.o.",
    "Zahradnictví Zelená s.r.o.",
    "Autodíly Plzeň s.r.o.",
    "Hotel Šumava",
    "Elektro Hradec s.r.o.",
    "Kovo Jihlava a.s.",
    "",
];

const NEEDS: &[&str] = &[
    "Zájem o nabídku na 20 licencí, ozvat se do pátku.",
    "Potkali jsme se na veletrhu v Brně, chtějí ukázku.",
    "Poptávka přes web: hledají náhradu za Excel.",
    "Doporučení od stávajícího klienta, rozhoduje jednatel.",
    "Chtějí cenu pro 3 pobočky.",
    "",
];

/// Adds the demo leads and returns how many. Safe to run twice: it only adds.
pub async fn insert_demo_leads(
    db: &DatabaseConnection,
    now: DateTime<Utc>,
) -> Result<usize, AppError> {
    let managers = people_with_role(db, Role::Manager).await?;
    let salespeople = people_with_role(db, Role::Salesperson).await?;
    // Moves are made as the manager; without demo users, as a stand-in manager.
    let boss = managers.first().cloned().unwrap_or(CurrentUser {
        id: 0,
        name: "demo".into(),
        email: String::new(),
        role: Role::Manager,
    });
    // A fixed pseudo-random sequence: the same demo board every time, no extra dependency.
    let mut seed: u64 = 20_261_122;
    let mut next = move |n: usize| {
        seed = seed
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        ((seed >> 33) as usize) % n
    };
    let sources = [
        "web_form",
        "phone",
        "email",
        "referral",
        "trade_fair",
        "marketing",
        "other",
    ];
    let paths: &[&[LeadStatus]] = &[
        &[],
        &[LeadStatus::Assigned],
        &[LeadStatus::Assigned, LeadStatus::InProcess],
        &[LeadStatus::InProcess],
        &[
            LeadStatus::Assigned,
            LeadStatus::InProcess,
            LeadStatus::Qualified,
        ],
        &[LeadStatus::Assigned, LeadStatus::Unqualified],
    ];
    let mut qualified_companies = 0;
    for (i, (first, last)) in PEOPLE.iter().enumerate() {
        let company = COMPANIES[next(COMPANIES.len())];
        let domain = if company.is_empty() {
            "seznam.cz".to_string()
        } else {
            company_domain(company)
        };
        let input = LeadInput {
            first_name: first.to_string(),
            last_name: last.to_string(),
            email: if i % 4 == 3 {
                String::new()
            } else {
                format!("{}@{domain}", ascii(first))
            },
            phone: if i % 3 == 0 || i % 4 == 3 {
                format!("+420 7{:02} {:03} {:03}", next(100), next(1000), next(1000))
            } else {
                String::new()
            },
            company: company.to_string(),
            source: sources[next(sources.len())].to_string(),
            description: NEEDS[next(NEEDS.len())].to_string(),
            region: Region::ALL[next(Region::ALL.len())].code().to_string(),
            product: String::new(),
            ico: String::new(),
            ..LeadInput::default()
        };
        let valid = input.validate().map_err(AppError::Invalid)?;
        let mut at = now - Duration::minutes(30 + next(21 * 24 * 60) as i64);
        let created = repo::create_lead(db, valid, None, at).await?;
        let mut version = 1;
        let path = paths[next(paths.len())];
        for status in path.iter() {
            at += Duration::minutes(20 + next(3 * 24 * 60) as i64);
            let at = at.min(now);
            // The manager hands the lead to a salesperson: that is what makes it Přiřazený.
            if *status == LeadStatus::Assigned
                && let Some(boss) = managers.first()
                && !salespeople.is_empty()
            {
                let to = salespeople[i % salespeople.len()].id;
                version = crate::assignment::repo::assign_lead(db, boss, created.id, Some(to), at)
                    .await?
                    .version;
                continue;
            }
            let request = MoveRequest {
                lead_id: created.id,
                version,
                to: *status,
                after_id: None,
                disqualify: crate::leads::closing::reason_if_needed(*status),
            };
            version = repo::move_lead(db, &boss, &request, at).await?.version;
        }
        // The salesperson who works it (or the manager); without demo users, nobody.
        let worker = salespeople
            .get(i % salespeople.len().max(1))
            .or(managers.first());
        if let Some(worker) = worker {
            add_demo_work(db, worker, created.id, path, at.min(now), now, i).await?;
        }
        // Every other qualified lead of a company has become a client, its deal somewhere on
        // the board (only with a real manager to do it).
        if path.last() == Some(&LeadStatus::Qualified) && !company.is_empty() {
            qualified_companies += 1;
            if qualified_companies % 2 == 0 && !managers.is_empty() {
                let stage = crate::clients::model::Stage::ALL[next(4)];
                convert_demo_lead(db, &boss, created.id, stage, at.min(now)).await?;
            }
        }
    }
    Ok(PEOPLE.len())
}

/// Converts a demo lead as its screen would (prefilled, look-alikes linked rather than
/// duplicated) and puts its deal into `stage`.
async fn convert_demo_lead(
    db: &DatabaseConnection,
    boss: &CurrentUser,
    lead_id: i32,
    stage: crate::clients::model::Stage,
    at: DateTime<Utc>,
) -> Result<(), AppError> {
    use crate::clients::convert::{ConvertOutcome, Link};
    let page = crate::clients::convert_repo::convert_page(db, boss, lead_id).await?;
    let mut input = page.prefill;
    input.opportunity_fields.stage = stage.code().into();
    if let Some(existing) = page.duplicates.accounts.first() {
        input.account = Link::Existing(existing.id);
    }
    if let Some(person) = page
        .duplicates
        .contacts
        .iter()
        .find(|c| input.account == Link::Existing(c.account_id))
    {
        input.contact = Link::Existing(person.id);
    }
    input.confirmed_new = true;
    match crate::clients::convert_repo::convert(db, boss, &input, at).await? {
        ConvertOutcome::Converted(_) => Ok(()),
        ConvertOutcome::Duplicates(_) => Err(AppError::Internal),
    }
}

/// What the team has done on a demo lead: a call once it was worked, the next step as a task
/// on every other open lead (some overdue, some for tomorrow: "Moje úkoly" and the follow-up
/// flag have something to show), and BANT on qualified leads.
async fn add_demo_work(
    db: &DatabaseConnection,
    who: &CurrentUser,
    lead_id: i32,
    path: &[LeadStatus],
    at: DateTime<Utc>,
    now: DateTime<Utc>,
    i: usize,
) -> Result<(), AppError> {
    use crate::activities::model::{ActivityInput, prague_input_value};
    use crate::activities::repo::log_activity;
    use crate::qualification::model::QualificationInput;

    if path.contains(&LeadStatus::InProcess) {
        let call = ActivityInput {
            kind: "call".into(),
            outcome: "reached".into(),
            body: "Probrali jsme poptávku, chtějí nabídku.".into(),
            ..ActivityInput::default()
        };
        log_activity(
            db,
            who,
            lead_id,
            call.validate().map_err(AppError::Invalid)?,
            at,
        )
        .await?;
    }
    let open = matches!(
        path.last(),
        Some(LeadStatus::Assigned | LeadStatus::InProcess)
    );
    if open && i.is_multiple_of(2) {
        let due = if i.is_multiple_of(4) {
            now - Duration::hours(3)
        } else {
            now + Duration::days(1)
        };
        let task = ActivityInput {
            kind: "task".into(),
            subject: "Zavolat a domluvit schůzku".into(),
            when: prague_input_value(due),
            ..ActivityInput::default()
        };
        log_activity(
            db,
            who,
            lead_id,
            task.validate().map_err(AppError::Invalid)?,
            at,
        )
        .await?;
    }
    if path.last() == Some(&LeadStatus::Qualified) {
        let bant = QualificationInput {
            need: "Nahradit tabulky jedním systémem pro obchod.".into(),
            need_confirmed: "yes".into(),
            budget_czk: "450 000".into(),
            budget_status: if i.is_multiple_of(2) {
                "approved"
            } else {
                "unknown"
            }
            .into(),
            decision_maker: "yes".into(),
            timing: "quarter".into(),
            ..QualificationInput::default()
        };
        let valid = bant.validate().map_err(AppError::Invalid)?;
        let version = repo::card(db, lead_id, crate::auth::permissions::LeadScope::Everything)
            .await?
            .version;
        crate::qualification::repo::save_qualification(db, who, lead_id, version, valid, at)
            .await?;
    }
    Ok(())
}

fn ascii(s: &str) -> String {
    crate::leads::store::name_key(s, "").replace(' ', "")
}

fn company_domain(company: &str) -> String {
    let word = company.split_whitespace().next().unwrap_or("firma");
    format!("{}.cz", ascii(word))
}

/// The demo team: one of each role and two salespeople. Each gets a fresh random password,
/// returned so that the command can print it; an account already present is left as it is.
pub async fn insert_demo_users(
    db: &DatabaseConnection,
    now: DateTime<Utc>,
) -> Result<Vec<(String, String, String)>, String> {
    use crate::auth::model::Role;
    use crate::auth::repo::{CreateUserError, NewUser, create_user};
    const TEAM: &[(&str, &str, Role)] = &[
        ("admin@leady.demo", "Alena Adminová", Role::Admin),
        ("manazer@leady.demo", "Milan Manažer", Role::Manager),
        ("jana@leady.demo", "Jana Obchodníková", Role::Salesperson),
        ("petr@leady.demo", "Petr Prodejce", Role::Salesperson),
    ];
    let mut created = Vec::new();
    for (email, name, role) in TEAM {
        let password = format!("demo-{}", &uuid::Uuid::new_v4().simple().to_string()[..12]);
        let user = NewUser {
            email: email.to_string(),
            name: name.to_string(),
            role: *role,
            password: password.clone(),
        };
        match create_user(db, user, now).await {
            Ok(_) => created.push((email.to_string(), role.code().to_string(), password)),
            Err(CreateUserError::EmailTaken) => created.push((
                email.to_string(),
                role.code().to_string(),
                "(already there, password unchanged)".to_string(),
            )),
            Err(e) => return Err(e.to_string()),
        }
    }
    Ok(created)
}
