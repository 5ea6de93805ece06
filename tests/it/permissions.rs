//! The permission matrix: every server function, called over HTTP through the real router by
//! each role — nobody signed in, the salesperson who owns the lead, another salesperson, a
//! manager, an admin. Each cell states the expected status; every refusal is also checked to
//! have changed nothing in the database. SQLite and PostgreSQL.

use crate::common::app::TestApp;
use axum::http::StatusCode;
use leady::assignment::model::RuleInput;
use leady::assignment::repo as assignment;
use leady::auth::model::{CurrentUser, Role};
use leady::auth::permissions::LeadScope;
use leady::leads::model::LeadInput;
use leady::leads::repo;
use leady::server::entities::{
    account, activity, app_user, assignment_rule, contact, import_batch, lead, lead_assignment,
    lead_qualification, lead_status_change, opportunity, product,
};
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter};
use serde_json::json;
use std::collections::BTreeSet;

on_both_databases!(every_server_function_by_every_role);

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Who {
    Anonymous,
    Owner,
    OtherSalesperson,
    Manager,
    Admin,
}

const WHO: [Who; 5] = [
    Who::Anonymous,
    Who::Owner,
    Who::OtherSalesperson,
    Who::Manager,
    Who::Admin,
];

/// What the operation acts on, made fresh for every cell so that cells do not depend on
/// each other: a lead owned by the owner salesperson, a rule, a product and a user to edit.
struct Target {
    lead: i32,
    version: i32,
    owner: i32,
    other: i32,
    rule: i32,
    product: i32,
    user: i32,
    /// An open task on the lead.
    task: i32,
    /// The owner's client records: an organisation, a person there, a deal with them.
    account: i32,
    contact: i32,
    deal: i32,
    /// A qualified lead of the owner, ready to convert.
    qualified: i32,
    qualified_version: i32,
    /// Imports: a draft (with the settings a commit may start with), one being committed,
    /// one committed.
    draft: i32,
    draft_settings: leady::imports::model::ImportSettings,
    committing: i32,
    committed: i32,
}

/// Counts and versions that any accepted mutation changes.
async fn fingerprint(db: &DatabaseConnection) -> Vec<i64> {
    let versions: Vec<(i32, i32, Option<i32>, String)> = lead::Entity::find()
        .all(db)
        .await
        .unwrap()
        .into_iter()
        .map(|l| (l.id, l.version, l.owner_id, l.last_name))
        .collect();
    let users: Vec<(bool, String, Role)> = app_user::Entity::find()
        .all(db)
        .await
        .unwrap()
        .into_iter()
        .map(|u| (u.active, u.name, u.role))
        .collect();
    let rules: Vec<(i32, String, i32)> = assignment_rule::Entity::find()
        .all(db)
        .await
        .unwrap()
        .into_iter()
        .map(|r| (r.id, r.name, r.position))
        .collect();
    let products: Vec<(String, bool)> = product::Entity::find()
        .all(db)
        .await
        .unwrap()
        .into_iter()
        .map(|p| (p.name, p.active))
        .collect();
    let activities: Vec<(i32, Option<chrono::DateTime<chrono::Utc>>)> = activity::Entity::find()
        .all(db)
        .await
        .unwrap()
        .into_iter()
        .map(|a| (a.id, a.done_at))
        .collect();
    let clients = (
        account::Entity::find()
            .all(db)
            .await
            .unwrap()
            .into_iter()
            .map(|a| (a.id, a.version, a.name))
            .collect::<Vec<_>>(),
        contact::Entity::find()
            .all(db)
            .await
            .unwrap()
            .into_iter()
            .map(|c| (c.id, c.version, c.last_name))
            .collect::<Vec<_>>(),
        opportunity::Entity::find()
            .all(db)
            .await
            .unwrap()
            .into_iter()
            .map(|o| (o.id, o.version, o.stage))
            .collect::<Vec<_>>(),
    );
    let batches: Vec<(i32, String, i32, Option<String>)> = import_batch::Entity::find()
        .all(db)
        .await
        .unwrap()
        .into_iter()
        .map(|b| (b.id, b.state.code().to_string(), b.next_row, b.settings))
        .collect();
    vec![
        hash(&format!("{clients:?}")),
        hash(&format!("{activities:?}")),
        hash(&format!("{versions:?}")),
        hash(&format!("{users:?}")),
        hash(&format!("{rules:?}")),
        hash(&format!("{products:?}")),
        lead_status_change::Entity::find().count(db).await.unwrap() as i64,
        lead_assignment::Entity::find().count(db).await.unwrap() as i64,
        lead_qualification::Entity::find().count(db).await.unwrap() as i64,
        hash(&format!("{batches:?}")),
    ]
}

fn hash(s: &str) -> i64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    s.hash(&mut h);
    h.finish() as i64
}

/// One operation: its name, the request, and the expected status per role.
struct Op {
    name: &'static str,
    call: for<'a> fn(&'a TestApp, &'a Target, usize) -> futures_like::Call<'a>,
    expect: fn(Who) -> StatusCode,
}

/// A boxed request future (no extra crate needed for that).
mod futures_like {
    pub type Call<'a> = std::pin::Pin<
        Box<dyn std::future::Future<Output = (axum::http::StatusCode, String)> + Send + 'a>,
    >;
}

const OK: StatusCode = StatusCode::OK;
const UNAUTHORIZED: StatusCode = StatusCode::UNAUTHORIZED;
const FORBIDDEN: StatusCode = StatusCode::FORBIDDEN;
const NOT_FOUND: StatusCode = StatusCode::NOT_FOUND;

/// Anyone signed in.
fn everyone(who: Who) -> StatusCode {
    if who == Who::Anonymous {
        UNAUTHORIZED
    } else {
        OK
    }
}

/// The lead's owner and managers; another salesperson is told the lead does not exist.
fn lead_workers(who: Who) -> StatusCode {
    match who {
        Who::Anonymous => UNAUTHORIZED,
        Who::OtherSalesperson => NOT_FOUND,
        _ => OK,
    }
}

/// Managers and admins.
fn managers(who: Who) -> StatusCode {
    match who {
        Who::Anonymous => UNAUTHORIZED,
        Who::Owner | Who::OtherSalesperson => FORBIDDEN,
        _ => OK,
    }
}

/// Admins only.
fn admins(who: Who) -> StatusCode {
    match who {
        Who::Anonymous => UNAUTHORIZED,
        Who::Admin => OK,
        _ => FORBIDDEN,
    }
}

fn lead_fields(last: &str) -> Vec<(&'static str, &str)> {
    vec![
        ("input[first_name]", "Jan"),
        ("input[last_name]", last),
        ("input[email]", "jan@firma.cz"),
        ("input[phone]", ""),
        ("input[company]", ""),
        ("input[source]", "phone"),
        ("input[description]", ""),
        ("input[region]", "JHM"),
        ("input[product]", ""),
    ]
}

/// Server functions without a row, and why. Anything else the registry lists needs a row.
const NOT_IN_THE_MATRIX: [(&str, &str); 1] = [(
    "/api/auth/sign-out",
    "it ends the session the other cells share; tests/it/http.rs signs out",
)];

fn ops() -> Vec<Op> {
    vec![
        Op {
            name: "auth/sign-in with an unknown account",
            call: |app, _, n| {
                Box::pin(async move {
                    let email = format!("nikdo{n}@firma.cz");
                    app.post_form(
                        "/api/auth/sign-in",
                        &[("email", email.as_str()), ("password", "Cizí-heslo-2026")],
                    )
                    .await
                })
            },
            // Open to anyone, and it lets nobody in on a wrong password.
            expect: |_| UNAUTHORIZED,
        },
        Op {
            name: "auth/me",
            call: |app, _, _| Box::pin(app.post_form("/api/auth/me", &[])),
            expect: everyone,
        },
        Op {
            name: "leads/create",
            call: |app, _, n| {
                Box::pin(async move {
                    let key = format!("matrix-{n}");
                    let mut fields = lead_fields("Matice");
                    fields.push(("form_key", key.as_str()));
                    app.post_form("/api/leads/create", &fields).await
                })
            },
            expect: everyone,
        },
        Op {
            name: "leads/board",
            call: |app, _, _| Box::pin(app.post_form("/api/leads/board", &[("filter", "all")])),
            expect: everyone,
        },
        Op {
            name: "leads/board of another person",
            call: |app, t, _| {
                Box::pin(async move {
                    let someone = t.user.to_string();
                    app.post_form("/api/leads/board", &[("filter", someone.as_str())])
                        .await
                })
            },
            expect: managers,
        },
        Op {
            name: "leads/column",
            call: |app, _, _| {
                Box::pin(app.post_form(
                    "/api/leads/column",
                    &[("status", "Assigned"), ("filter", "mine")],
                ))
            },
            expect: everyone,
        },
        Op {
            name: "leads/page",
            call: |app, t, _| {
                Box::pin(async move {
                    app.post_form("/api/leads/page", &[("id", &t.lead.to_string())])
                        .await
                })
            },
            expect: lead_workers,
        },
        Op {
            name: "leads/card",
            call: |app, t, _| {
                Box::pin(async move {
                    app.post_form("/api/leads/card", &[("id", &t.lead.to_string())])
                        .await
                })
            },
            expect: lead_workers,
        },
        Op {
            name: "leads/search",
            call: |app, _, _| Box::pin(app.post_form("/api/leads/search", &[("q", "Terč")])),
            expect: everyone,
        },
        Op {
            // A checksum that fails: refused before any request to ARES (tests/it/ares.rs
            // covers the lookup itself against a stub).
            name: "ares/lookup with a mistyped IČO",
            call: |app, _, _| Box::pin(app.post_form("/api/ares/lookup", &[("ico", "28453019")])),
            expect: |who| match who {
                Who::Anonymous => UNAUTHORIZED,
                _ => StatusCode::UNPROCESSABLE_ENTITY,
            },
        },
        Op {
            name: "leads/get",
            call: |app, t, _| {
                Box::pin(async move {
                    app.post_form("/api/leads/get", &[("id", &t.lead.to_string())])
                        .await
                })
            },
            expect: lead_workers,
        },
        Op {
            name: "leads/move",
            call: |app, t, _| {
                Box::pin(async move {
                    let (id, version) = (t.lead.to_string(), t.version.to_string());
                    app.post_form(
                        "/api/leads/move",
                        &[
                            ("request[lead_id]", id.as_str()),
                            ("request[version]", version.as_str()),
                            ("request[to]", "InProcess"),
                        ],
                    )
                    .await
                })
            },
            expect: lead_workers,
        },
        Op {
            name: "leads/update",
            call: |app, t, _| {
                Box::pin(async move {
                    let (id, version) = (t.lead.to_string(), t.version.to_string());
                    let mut fields = lead_fields("Přepsaný");
                    fields.push(("id", id.as_str()));
                    fields.push(("version", version.as_str()));
                    app.post_form("/api/leads/update", &fields).await
                })
            },
            expect: lead_workers,
        },
        Op {
            name: "leads/assign: take it",
            call: |app, t, _| {
                Box::pin(async move {
                    let me = app_user_id(app).await;
                    let (id, to) = (t.lead.to_string(), me.to_string());
                    app.post_form(
                        "/api/leads/assign",
                        &[("lead_id", id.as_str()), ("to", to.as_str())],
                    )
                    .await
                })
            },
            expect: lead_workers,
        },
        Op {
            name: "leads/assign: to someone else",
            call: |app, t, _| {
                Box::pin(async move {
                    let (id, to) = (t.lead.to_string(), t.other.to_string());
                    app.post_form(
                        "/api/leads/assign",
                        &[("lead_id", id.as_str()), ("to", to.as_str())],
                    )
                    .await
                })
            },
            expect: |who| match who {
                Who::Anonymous => UNAUTHORIZED,
                Who::Owner => FORBIDDEN,
                Who::OtherSalesperson => NOT_FOUND,
                _ => OK,
            },
        },
        Op {
            name: "leads/assign: back to the pool",
            call: |app, t, _| {
                Box::pin(async move {
                    app.post_form("/api/leads/assign", &[("lead_id", &t.lead.to_string())])
                        .await
                })
            },
            expect: |who| match who {
                Who::Anonymous => UNAUTHORIZED,
                Who::Owner => FORBIDDEN,
                Who::OtherSalesperson => NOT_FOUND,
                _ => OK,
            },
        },
        Op {
            name: "activities/list",
            call: |app, t, _| {
                Box::pin(async move {
                    app.post_form("/api/activities/list", &[("lead_id", &t.lead.to_string())])
                        .await
                })
            },
            expect: lead_workers,
        },
        Op {
            name: "activities/log",
            call: |app, t, _| {
                Box::pin(async move {
                    let id = t.lead.to_string();
                    app.post_form(
                        "/api/activities/log",
                        &[
                            ("lead_id", id.as_str()),
                            ("input[kind]", "call"),
                            ("input[outcome]", "reached"),
                            ("input[body]", "Domluveno"),
                        ],
                    )
                    .await
                })
            },
            expect: lead_workers,
        },
        Op {
            name: "activities/task-done",
            call: |app, t, _| {
                Box::pin(async move {
                    app.post_form(
                        "/api/activities/task-done",
                        &[("id", &t.task.to_string()), ("done", "true")],
                    )
                    .await
                })
            },
            expect: lead_workers,
        },
        Op {
            name: "qualification/save",
            call: |app, t, _| {
                Box::pin(async move {
                    let (id, version) = (t.lead.to_string(), t.version.to_string());
                    app.post_form(
                        "/api/qualification/save",
                        &[
                            ("lead_id", id.as_str()),
                            ("version", version.as_str()),
                            ("input[need_confirmed]", "yes"),
                            ("input[budget_czk]", "150 000"),
                            ("input[budget_status]", "approved"),
                            ("input[timing]", "month"),
                        ],
                    )
                    .await
                })
            },
            expect: lead_workers,
        },
        Op {
            name: "activities/my-tasks",
            call: |app, _, _| Box::pin(app.post_form("/api/activities/my-tasks", &[])),
            expect: everyone,
        },
        Op {
            name: "dashboard/report",
            call: |app, _, _| {
                Box::pin(app.post_form(
                    "/api/dashboard/report",
                    &[
                        ("query[period]", "month"),
                        ("query[from]", ""),
                        ("query[to]", ""),
                        ("query[owner]", ""),
                        ("query[source]", ""),
                        ("query[per]", ""),
                    ],
                ))
            },
            expect: managers,
        },
        Op {
            name: "admin/email/status",
            call: |app, _, _| Box::pin(app.post_form("/api/admin/email/status", &[])),
            expect: admins,
        },
        Op {
            name: "people/assignees",
            call: |app, _, _| Box::pin(app.post_form("/api/people/assignees", &[])),
            expect: managers,
        },
        Op {
            name: "products",
            call: |app, _, _| {
                Box::pin(app.post_form("/api/products", &[("with_retired", "false")]))
            },
            expect: everyone,
        },
        Op {
            name: "products with retired",
            call: |app, _, _| Box::pin(app.post_form("/api/products", &[("with_retired", "true")])),
            expect: admins,
        },
        Op {
            name: "admin/products/create",
            call: |app, _, n| {
                Box::pin(async move {
                    let name = format!("Produkt {n}");
                    app.post_form("/api/admin/products/create", &[("name", name.as_str())])
                        .await
                })
            },
            expect: admins,
        },
        Op {
            name: "admin/products/update",
            call: |app, t, _| {
                Box::pin(async move {
                    let id = t.product.to_string();
                    app.post_form(
                        "/api/admin/products/update",
                        &[
                            ("id", id.as_str()),
                            ("name", "Přejmenovaný"),
                            ("active", "false"),
                        ],
                    )
                    .await
                })
            },
            expect: admins,
        },
        Op {
            name: "admin/users",
            call: |app, _, _| Box::pin(app.post_form("/api/admin/users", &[])),
            expect: admins,
        },
        Op {
            name: "admin/users/create",
            call: |app, _, n| {
                Box::pin(app.post_json(
                    "/api/admin/users/create",
                    json!({"user": {"name": "Nový Kolega", "email": format!("novy{n}@firma.cz"),
                        "role": "salesperson", "regions": ["JHM"], "products": [],
                        "password": "Dlouhé-heslo-2026"}}),
                ))
            },
            expect: admins,
        },
        Op {
            name: "admin/users/update",
            call: |app, t, n| {
                Box::pin(app.post_json(
                    "/api/admin/users/update",
                    json!({"id": t.user, "user": {"name": format!("Terč {n}"), "email": format!("upraveny{}@firma.cz", t.user),
                        "role": "manager", "regions": [], "products": [], "password": ""}}),
                ))
            },
            expect: admins,
        },
        Op {
            name: "admin/users/set-active",
            call: |app, t, _| {
                Box::pin(async move {
                    app.post_form(
                        "/api/admin/users/set-active",
                        &[("id", &t.user.to_string()), ("active", "false")],
                    )
                    .await
                })
            },
            expect: admins,
        },
        Op {
            name: "admin/forms",
            call: |app, _, _| Box::pin(app.post_form("/api/admin/forms", &[])),
            expect: admins,
        },
        Op {
            name: "admin/forms/save",
            call: |app, _, n| {
                Box::pin(app.post_json(
                    "/api/admin/forms/save",
                    json!({"form": {"id": null, "name": format!("Formulář {n}"), "source": "",
                        "origins": "https://www.firma.cz", "accepted": ["email"], "required": [],
                        "owner": "", "consent_text": "", "thank_you_url": "", "active": true}}),
                ))
            },
            expect: admins,
        },
        Op {
            name: "admin/rules",
            call: |app, _, _| Box::pin(app.post_form("/api/admin/rules", &[])),
            expect: admins,
        },
        Op {
            name: "admin/rules/save",
            call: |app, t, _| {
                Box::pin(app.post_json(
                    "/api/admin/rules/save",
                    json!({"rule": {"id": null, "name": "Nové", "kind": "round_robin", "match_value": "",
                        "members": [t.owner], "active": true}}),
                ))
            },
            expect: admins,
        },
        Op {
            name: "admin/rules/move",
            call: |app, t, _| {
                Box::pin(async move {
                    app.post_form(
                        "/api/admin/rules/move",
                        &[("id", &t.rule.to_string()), ("up", "true")],
                    )
                    .await
                })
            },
            expect: admins,
        },
        Op {
            name: "admin/rules/delete",
            call: |app, t, _| {
                Box::pin(async move {
                    app.post_form("/api/admin/rules/delete", &[("id", &t.rule.to_string())])
                        .await
                })
            },
            expect: admins,
        },
    ]
}

/// Every field of a form struct named `prefix`, as the form encoding spells it.
fn nested<'a>(prefix: &str, fields: &[(&str, &'a str)]) -> Vec<(String, &'a str)> {
    fields
        .iter()
        .map(|(k, v)| (format!("{prefix}[{k}]"), *v))
        .collect()
}

fn account_fields(name: &str) -> Vec<(&'static str, &str)> {
    vec![
        ("name", name),
        ("ico", ""),
        ("dic", ""),
        ("street", ""),
        ("city", "Brno"),
        ("postal_code", ""),
        ("web", ""),
        ("phone", ""),
    ]
}

fn contact_fields(last: &str) -> Vec<(&'static str, &str)> {
    vec![
        ("first_name", "Eva"),
        ("last_name", last),
        ("email", ""),
        ("phone", ""),
        ("job_title", ""),
    ]
}

fn deal_fields(name: &str) -> Vec<(&'static str, &str)> {
    vec![
        ("name", name),
        ("amount", "1000"),
        ("expected_close", ""),
        ("stage", "proposal"),
    ]
}

async fn post_owned(app: &TestApp, url: &str, fields: Vec<(String, &str)>) -> (StatusCode, String) {
    let borrowed: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (k.as_str(), *v)).collect();
    app.post_form(url, &borrowed).await
}

/// The import's server functions: managers and admins only.
fn import_ops() -> Vec<Op> {
    fn batch(id: i32) -> String {
        id.to_string()
    }
    vec![
        Op {
            name: "imports/start",
            call: |app, _, _| Box::pin(app.post_form("/api/imports/start", &[])),
            expect: managers,
        },
        Op {
            name: "imports/load",
            call: |app, t, _| {
                Box::pin(async move {
                    app.post_form("/api/imports/load", &[("batch", &batch(t.draft))])
                        .await
                })
            },
            expect: managers,
        },
        Op {
            name: "imports/preview",
            call: |app, t, _| {
                Box::pin(app.post_json(
                    "/api/imports/preview",
                    json!({"batch": t.draft, "settings": null, "filter": "All", "offset": 0}),
                ))
            },
            expect: managers,
        },
        Op {
            name: "imports/commit",
            call: |app, t, _| {
                Box::pin(app.post_json(
                    "/api/imports/commit",
                    json!({"batch": t.draft, "settings": t.draft_settings}),
                ))
            },
            expect: managers,
        },
        Op {
            name: "imports/step",
            call: |app, t, _| {
                Box::pin(async move {
                    app.post_form("/api/imports/step", &[("batch", &batch(t.committing))])
                        .await
                })
            },
            expect: managers,
        },
        Op {
            name: "imports/undo",
            call: |app, t, _| {
                Box::pin(async move {
                    app.post_form("/api/imports/undo", &[("batch", &batch(t.committed))])
                        .await
                })
            },
            expect: managers,
        },
        Op {
            name: "imports/discard",
            call: |app, t, _| {
                Box::pin(async move {
                    app.post_form("/api/imports/discard", &[("batch", &batch(t.draft))])
                        .await
                })
            },
            expect: managers,
        },
    ]
}

/// The client side's server functions.
fn client_ops() -> Vec<Op> {
    vec![
        Op {
            name: "clients/accounts",
            call: |app, _, _| Box::pin(app.post_form("/api/clients/accounts", &[("q", "")])),
            expect: everyone,
        },
        Op {
            name: "clients/contacts",
            call: |app, _, _| Box::pin(app.post_form("/api/clients/contacts", &[("q", "")])),
            expect: everyone,
        },
        Op {
            name: "clients/deals-board",
            call: |app, _, _| Box::pin(app.post_form("/api/clients/deals-board", &[])),
            expect: everyone,
        },
        Op {
            name: "clients/account",
            call: |app, t, _| {
                Box::pin(async move {
                    app.post_form("/api/clients/account", &[("id", &t.account.to_string())])
                        .await
                })
            },
            expect: lead_workers,
        },
        Op {
            name: "clients/contact",
            call: |app, t, _| {
                Box::pin(async move {
                    app.post_form("/api/clients/contact", &[("id", &t.contact.to_string())])
                        .await
                })
            },
            expect: lead_workers,
        },
        Op {
            name: "clients/deal",
            call: |app, t, _| {
                Box::pin(async move {
                    app.post_form("/api/clients/deal", &[("id", &t.deal.to_string())])
                        .await
                })
            },
            expect: lead_workers,
        },
        Op {
            name: "clients/account-create",
            call: |app, _, n| {
                Box::pin(async move {
                    let name = format!("Nová firma {n}");
                    post_owned(
                        app,
                        "/api/clients/account-create",
                        nested("input", &account_fields(&name)),
                    )
                    .await
                })
            },
            expect: everyone,
        },
        Op {
            name: "clients/account-update",
            call: |app, t, _| {
                Box::pin(async move {
                    let id = t.account.to_string();
                    let mut fields = nested("input", &account_fields("Přejmenovaná"));
                    fields.push(("id".into(), id.as_str()));
                    fields.push(("version".into(), "1"));
                    post_owned(app, "/api/clients/account-update", fields).await
                })
            },
            expect: lead_workers,
        },
        Op {
            name: "clients/contact-create",
            call: |app, t, _| {
                Box::pin(async move {
                    let id = t.account.to_string();
                    let mut fields = nested("input", &contact_fields("Nováková"));
                    fields.push(("account_id".into(), id.as_str()));
                    post_owned(app, "/api/clients/contact-create", fields).await
                })
            },
            expect: lead_workers,
        },
        Op {
            name: "clients/contact-update",
            call: |app, t, _| {
                Box::pin(async move {
                    let id = t.contact.to_string();
                    let mut fields = nested("input", &contact_fields("Vdaná"));
                    fields.push(("id".into(), id.as_str()));
                    fields.push(("version".into(), "1"));
                    post_owned(app, "/api/clients/contact-update", fields).await
                })
            },
            expect: lead_workers,
        },
        Op {
            name: "clients/deal-update",
            call: |app, t, _| {
                Box::pin(async move {
                    let id = t.deal.to_string();
                    let mut fields = nested("input", &deal_fields("Větší zakázka"));
                    fields.push(("id".into(), id.as_str()));
                    fields.push(("version".into(), "1"));
                    post_owned(app, "/api/clients/deal-update", fields).await
                })
            },
            expect: lead_workers,
        },
        Op {
            name: "clients/deal-move",
            call: |app, t, _| {
                Box::pin(async move {
                    let id = t.deal.to_string();
                    app.post_form(
                        "/api/clients/deal-move",
                        &[
                            ("request[opportunity_id]", id.as_str()),
                            ("request[version]", "1"),
                            ("request[to]", "Won"),
                        ],
                    )
                    .await
                })
            },
            expect: lead_workers,
        },
        Op {
            name: "clients/convert-page",
            call: |app, t, _| {
                Box::pin(async move {
                    app.post_form(
                        "/api/clients/convert-page",
                        &[("lead_id", &t.qualified.to_string())],
                    )
                    .await
                })
            },
            expect: lead_workers,
        },
        Op {
            name: "clients/convert",
            call: |app, t, n| {
                Box::pin(async move {
                    let (id, version) = (t.qualified.to_string(), t.qualified_version.to_string());
                    let firm = format!("Převod {n}");
                    let mut fields = nested("input[account_fields]", &account_fields(&firm));
                    fields.extend(nested(
                        "input[contact_fields]",
                        &contact_fields("Převedená"),
                    ));
                    fields.extend(nested("input[opportunity_fields]", &deal_fields(&firm)));
                    fields.extend([
                        ("input[lead_id]".to_string(), id.as_str()),
                        ("input[version]".to_string(), version.as_str()),
                        ("input[account]".to_string(), "New"),
                        ("input[contact]".to_string(), "New"),
                        ("input[with_opportunity]".to_string(), "true"),
                        ("input[confirmed_new]".to_string(), "true"),
                    ]);
                    post_owned(app, "/api/clients/convert", fields).await
                })
            },
            expect: lead_workers,
        },
    ]
}

/// The signed-in user's id, asked of the app itself.
async fn app_user_id(app: &TestApp) -> i32 {
    let (_, text) = app.post_form("/api/auth/me", &[]).await;
    serde_json::from_str::<serde_json::Value>(&text)
        .ok()
        .and_then(|v| v["id"].as_i64())
        .unwrap_or(0) as i32
}

/// Three import batches of a one-row file: a draft, one being committed, one committed.
async fn import_batches(
    db: &DatabaseConnection,
    boss: &CurrentUser,
    n: usize,
) -> (i32, leady::imports::model::ImportSettings, i32, i32) {
    use leady::imports::{commit, repo as imports};
    let now = chrono::Utc::now();
    let file = format!("Příjmení;E-mail\nImportovaný {n};import{n}@firma.cz\n");
    let mut ids = Vec::new();
    let mut settings = None;
    for _ in 0..3 {
        let id =
            imports::create_draft(db, boss, "matice.csv", file.clone().into_bytes(), None, now)
                .await
                .unwrap();
        let shown = imports::preview(db, id, None, Default::default(), 0)
            .await
            .unwrap();
        settings = Some(shown.settings);
        ids.push(id);
    }
    let settings = settings.unwrap();
    commit::start(db, ids[1], settings.clone()).await.unwrap();
    commit::start(db, ids[2], settings.clone()).await.unwrap();
    while commit::step(db, boss, ids[2], now)
        .await
        .unwrap()
        .summary
        .is_none()
    {}
    (ids[0], settings, ids[1], ids[2])
}

async fn fresh_target(
    db: &DatabaseConnection,
    boss: &CurrentUser,
    owner: i32,
    other: i32,
    n: usize,
) -> Target {
    let valid = LeadInput {
        first_name: "Jan".into(),
        last_name: format!("Terč {n}"),
        email: "jan@firma.cz".into(),
        source: "phone".into(),
        ..LeadInput::default()
    }
    .validate()
    .unwrap();
    let created = repo::create_lead(db, valid, None, chrono::Utc::now())
        .await
        .unwrap();
    let card = assignment::assign_lead(db, boss, created.id, Some(owner), chrono::Utc::now())
        .await
        .unwrap();
    let rule = RuleInput {
        id: None,
        name: format!("Pravidlo {n}"),
        kind: "source".into(),
        match_value: "referral".into(),
        members: vec![owner],
        active: true,
    };
    let rule = assignment::save_rule(db, rule.validate().unwrap(), chrono::Utc::now())
        .await
        .unwrap();
    let product = leady::products::repo::create_product(db, format!("Cíl {n}"), chrono::Utc::now())
        .await
        .unwrap()
        .id;
    let user = crate::common::fixtures::user(
        db,
        &format!("cil{n}@firma.cz"),
        &format!("Terč {n}"),
        Role::Salesperson,
        chrono::Utc::now(),
    )
    .await
    .id;
    let owner_user = CurrentUser {
        id: owner,
        name: "Jana Obchodní".into(),
        email: "jana@firma.cz".into(),
        role: Role::Salesperson,
    };
    let task = leady::activities::model::ActivityInput {
        kind: "task".into(),
        subject: "Zavolat".into(),
        when: "2026-11-24T09:00".into(),
        ..Default::default()
    };
    let task = leady::activities::repo::log_activity(
        db,
        &owner_user,
        created.id,
        task.validate().unwrap(),
        chrono::Utc::now(),
    )
    .await
    .unwrap()
    .id;
    let account = leady::clients::repo::create_account(
        db,
        &owner_user,
        leady::clients::model::AccountInput {
            name: format!("Klient {n}"),
            ..Default::default()
        }
        .validate()
        .unwrap(),
        chrono::Utc::now(),
    )
    .await
    .unwrap();
    let contact = leady::clients::repo::create_contact(
        db,
        &owner_user,
        account,
        leady::clients::model::ContactInput {
            last_name: format!("Kontakt {n}"),
            ..Default::default()
        }
        .validate()
        .unwrap(),
        chrono::Utc::now(),
    )
    .await
    .unwrap();
    let deal_input = leady::clients::model::OpportunityInput {
        name: format!("Zakázka {n}"),
        ..Default::default()
    };
    let deal = leady::clients::repo::insert_opportunity(
        db,
        account,
        Some(contact),
        &deal_input.validate().unwrap(),
        owner,
        chrono::Utc::now(),
    )
    .await
    .unwrap();
    let valid = LeadInput {
        first_name: "Kvido".into(),
        last_name: format!("Kvalifikovaný {n}"),
        email: format!("kvido{n}@firma.cz"),
        source: "phone".into(),
        ..LeadInput::default()
    }
    .validate()
    .unwrap();
    let qualified = repo::create_lead(db, valid, None, chrono::Utc::now())
        .await
        .unwrap()
        .id;
    let assigned = assignment::assign_lead(db, boss, qualified, Some(owner), chrono::Utc::now())
        .await
        .unwrap();
    let moved = repo::move_lead(
        db,
        boss,
        &leady::leads::model::MoveRequest {
            lead_id: qualified,
            version: assigned.version,
            to: leady::leads::model::LeadStatus::Qualified,
            after_id: None,
            disqualify: None,
        },
        chrono::Utc::now(),
    )
    .await
    .unwrap();
    let (draft, draft_settings, committing, committed) = import_batches(db, boss, n).await;
    Target {
        draft,
        draft_settings,
        committing,
        committed,
        account,
        contact,
        deal,
        qualified,
        qualified_version: moved.version,
        task,
        lead: created.id,
        version: card.version,
        owner,
        other,
        rule,
        product,
        user,
    }
}

async fn every_server_function_by_every_role(db: DatabaseConnection) {
    let (owner_app, owner) = TestApp::signed_in_as(
        db.clone(),
        Role::Salesperson,
        "jana@firma.cz",
        "Jana Obchodní",
    )
    .await;
    let (other_app, other) = TestApp::signed_in_as(
        db.clone(),
        Role::Salesperson,
        "petr@firma.cz",
        "Petr Prodejce",
    )
    .await;
    let (manager_app, manager) =
        TestApp::signed_in_as(db.clone(), Role::Manager, "milan@firma.cz", "Milan Manažer").await;
    let (admin_app, _) =
        TestApp::signed_in_as(db.clone(), Role::Admin, "alena@firma.cz", "Alena Adminová").await;
    let anonymous = TestApp::signed_out(db.clone());
    let boss = CurrentUser {
        id: manager,
        name: "Milan Manažer".into(),
        email: "milan@firma.cz".into(),
        role: Role::Manager,
    };

    let mut ops = ops();
    ops.extend(client_ops());
    ops.extend(import_ops());
    let registry: BTreeSet<String> = leptos::server_fn::axum::server_fn_paths()
        .map(|(path, _)| path.to_string())
        .collect();
    // A cell counts once its operation has sent a request to a registered server function
    // and its answer has been compared with the expected one.
    let mut checked = 0;
    let mut covered = BTreeSet::new();
    let mut refusals = 0;
    let mut n = 0;
    for op in &ops {
        for who in WHO {
            n += 1;
            let app = match who {
                Who::Anonymous => &anonymous,
                Who::Owner => &owner_app,
                Who::OtherSalesperson => &other_app,
                Who::Manager => &manager_app,
                Who::Admin => &admin_app,
            };
            let target = fresh_target(&db, &boss, owner, other, n).await;
            let before = fingerprint(&db).await;
            let sent_before = app.sent.lock().unwrap().len();
            let (status, body) = (op.call)(app, &target, n).await;
            let sent: Vec<String> = app.sent.lock().unwrap()[sent_before..].to_vec();
            assert!(
                !sent.is_empty() && sent.iter().all(|path| registry.contains(path)),
                "{} by {who:?} must call a server function, sent {sent:?}",
                op.name
            );
            let expected = (op.expect)(who);
            assert_eq!(status, expected, "{} by {who:?}: {body}", op.name);
            if expected != OK {
                refusals += 1;
                assert_eq!(
                    fingerprint(&db).await,
                    before,
                    "{} by {who:?} changed something",
                    op.name
                );
            }
            covered.extend(sent);
            checked += 1;
        }
    }
    // A salesperson's refused probe leaves the lead exactly as it was, even its version.
    let lead = lead::Entity::find()
        .filter(lead::Column::OwnerId.eq(owner))
        .one(&db)
        .await
        .unwrap()
        .unwrap();
    assert!(
        repo::lead_detail(&db, lead.id, LeadScope::OwnedBy(owner))
            .await
            .is_ok()
    );
    println!(
        "permission matrix: {} operations × {} callers = {checked} cells checked, {refusals} \
         refusals, {} of {} registered functions",
        ops.len(),
        WHO.len(),
        covered.len(),
        registry.len()
    );
    assert_eq!(checked, ops.len() * WHO.len());
    // Every registered server function has a row (or a reason not to): a new one without a
    // row fails here.
    let exempt: BTreeSet<String> = NOT_IN_THE_MATRIX
        .iter()
        .map(|(path, _)| path.to_string())
        .collect();
    let missing: Vec<&String> = registry
        .iter()
        .filter(|path| !covered.contains(*path) && !exempt.contains(*path))
        .collect();
    assert!(
        missing.is_empty(),
        "server functions without a row in the permission matrix: {missing:?}"
    );
    assert!(
        exempt.iter().all(|path| registry.contains(path)),
        "an exemption names no registered function: {exempt:?}"
    );
}
