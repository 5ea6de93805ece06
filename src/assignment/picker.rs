//! The assignment rules run on new leads (server only): the first active rule that matches a
//! lead picks its owner, by round robin among the rule's people.
//!
//! A [`RulePicker`] reads the rules, their people and who covers which kraj and product once,
//! then matches any number of new leads in memory: an import step of hundreds of rows costs a
//! handful of queries, and one lead from quick entry the same handful.
//!
//! Turns: each rule counts the leads it gave out. [`RulePicker::pick`] bumps a rule's counter
//! by the number of leads it takes (`turn = turn + k`) and reads it back; the leads take the
//! turns `T-k+1 ..= T` in order, exactly as k single picks would. The bump is a write that
//! locks the rule's row (PostgreSQL) or holds the write lock (SQLite) until the leads commit,
//! so leads created at the same moment elsewhere take other turns: round robin stays fair.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};

use super::model::{RuleKind, whose_turn};
use crate::auth::model::{PersonRef, Role};
use crate::leads::model::ValidLead;
use crate::server::entities::{
    app_user, assignment_rule, assignment_rule_member, user_product, user_region,
};

/// A rule as the picker needs it.
#[derive(Clone, Debug)]
pub(crate) struct Rule {
    pub id: i32,
    pub name: String,
    pub kind: RuleKind,
    /// The source, kraj or product id the rule is for (None: any).
    pub wanted: Option<String>,
    /// The people the rule names (empty: every salesperson, for region and product rules).
    pub members: Vec<i32>,
}

/// An active user.
#[derive(Clone, Debug)]
pub(crate) struct Person {
    pub id: i32,
    pub name: String,
    pub role: Role,
}

/// What the rules decide from: read once, used for every lead of a batch.
#[derive(Clone, Debug, Default)]
pub(crate) struct RuleBook {
    /// Active rules, in the admin's order.
    pub rules: Vec<Rule>,
    /// Active people, by id.
    pub people: Vec<Person>,
    /// Who covers each kraj (by code) and each product (by id).
    pub regions: HashMap<String, Vec<i32>>,
    pub products: HashMap<i32, Vec<i32>>,
}

impl RuleBook {
    /// The first rule that matches the lead and the people it chooses from (sorted by id).
    pub fn matching(&self, lead: &ValidLead) -> Option<(usize, Vec<PersonRef>)> {
        self.rules.iter().enumerate().find_map(|(index, rule)| {
            let people = self.candidates(rule, lead);
            (!people.is_empty()).then_some((index, people))
        })
    }

    /// The active people `rule` would choose from for this lead; empty when it does not match.
    fn candidates(&self, rule: &Rule, lead: &ValidLead) -> Vec<PersonRef> {
        let wanted = rule.wanted.as_deref();
        // Who must also cover the lead's kraj or product (None: no coverage needed).
        let covering: Option<&[i32]> = match rule.kind {
            RuleKind::RoundRobin => None,
            RuleKind::Source => {
                if wanted != Some(lead.source.code()) {
                    return Vec::new();
                }
                None
            }
            RuleKind::Region => {
                let Some(region) = lead.region.map(|r| r.code()) else {
                    return Vec::new();
                };
                if wanted.is_some_and(|w| w != region) {
                    return Vec::new();
                }
                Some(self.regions.get(region).map_or(&[], Vec::as_slice))
            }
            RuleKind::Product => {
                let Some(product) = lead.product_id else {
                    return Vec::new();
                };
                if wanted.is_some_and(|w| w != product.to_string()) {
                    return Vec::new();
                }
                Some(self.products.get(&product).map_or(&[], Vec::as_slice))
            }
        };
        // A rule that names both the kraj/product and the people is the admin's explicit
        // choice: those people, whatever their profile says. Coverage decides only when the
        // rule leaves the people (anyone covering it) or the value (each lead to whoever
        // covers its own) open.
        let covering = if wanted.is_some() && !rule.members.is_empty() {
            None
        } else {
            covering
        };
        self.people
            .iter()
            .filter(|p| {
                if rule.members.is_empty() {
                    // Region and product rules without named people: every salesperson.
                    p.role == Role::Salesperson
                } else {
                    rule.members.contains(&p.id)
                }
            })
            .filter(|p| covering.is_none_or(|c| c.contains(&p.id)))
            .map(|p| PersonRef {
                id: p.id,
                name: p.name.clone(),
            })
            .collect()
    }
}

/// Reads the rule book: active rules with their people, active people, coverage.
pub(crate) async fn load(txn: &impl ConnectionTrait) -> Result<RuleBook, sea_orm::DbErr> {
    let rules = assignment_rule::Entity::find()
        .filter(assignment_rule::Column::Active.eq(true))
        .order_by_asc(assignment_rule::Column::Position)
        .order_by_asc(assignment_rule::Column::Id)
        .all(txn)
        .await?;
    if rules.is_empty() {
        return Ok(RuleBook::default());
    }
    let ids: Vec<i32> = rules.iter().map(|r| r.id).collect();
    let members: Vec<(i32, i32)> = assignment_rule_member::Entity::find()
        .select_only()
        .column(assignment_rule_member::Column::RuleId)
        .column(assignment_rule_member::Column::UserId)
        .filter(assignment_rule_member::Column::RuleId.is_in(ids))
        .into_tuple()
        .all(txn)
        .await?;
    let people: Vec<(i32, String, Role)> = app_user::Entity::find()
        .select_only()
        .column(app_user::Column::Id)
        .column(app_user::Column::Name)
        .column(app_user::Column::Role)
        .filter(app_user::Column::Active.eq(true))
        .order_by_asc(app_user::Column::Id)
        .into_tuple()
        .all(txn)
        .await?;
    let mut book = RuleBook {
        rules: rules
            .into_iter()
            .map(|rule| Rule {
                id: rule.id,
                name: rule.name,
                kind: rule.kind,
                wanted: rule.match_value,
                members: members
                    .iter()
                    .filter(|(r, _)| *r == rule.id)
                    .map(|(_, u)| *u)
                    .collect(),
            })
            .collect(),
        people: people
            .into_iter()
            .map(|(id, name, role)| Person { id, name, role })
            .collect(),
        ..Default::default()
    };
    if book.rules.iter().any(|r| r.kind == RuleKind::Region) {
        let rows: Vec<(i32, String)> = user_region::Entity::find()
            .select_only()
            .column(user_region::Column::UserId)
            .column(user_region::Column::Region)
            .into_tuple()
            .all(txn)
            .await?;
        for (user, region) in rows {
            book.regions.entry(region).or_default().push(user);
        }
    }
    if book.rules.iter().any(|r| r.kind == RuleKind::Product) {
        let rows: Vec<(i32, i32)> = user_product::Entity::find()
            .select_only()
            .column(user_product::Column::UserId)
            .column(user_product::Column::ProductId)
            .into_tuple()
            .all(txn)
            .await?;
        for (user, product) in rows {
            book.products.entry(product).or_default().push(user);
        }
    }
    Ok(book)
}

/// The owner the rules give each lead (None: no rule matches, it stays in the pool), with
/// the rule's name. Takes the rules' turns (see the module's note).
pub(crate) async fn pick(
    txn: &impl ConnectionTrait,
    book: &RuleBook,
    leads: &[&ValidLead],
    now: DateTime<Utc>,
) -> Result<Vec<Option<(PersonRef, String)>>, sea_orm::DbErr> {
    let matched: Vec<Option<(usize, Vec<PersonRef>)>> =
        leads.iter().map(|lead| book.matching(lead)).collect();
    let mut taken: Vec<i64> = vec![0; book.rules.len()];
    for (rule, _) in matched.iter().flatten() {
        taken[*rule] += 1;
    }
    // The turn the first lead of each rule takes.
    let mut next_turn: Vec<i64> = vec![0; book.rules.len()];
    for (index, rule) in book.rules.iter().enumerate() {
        let k = taken[index];
        if k == 0 {
            continue;
        }
        assignment_rule::Entity::update_many()
            .col_expr(
                assignment_rule::Column::Turn,
                Expr::col(assignment_rule::Column::Turn).add(k),
            )
            .col_expr(assignment_rule::Column::UpdatedAt, Expr::value(now))
            .filter(assignment_rule::Column::Id.eq(rule.id))
            .exec(txn)
            .await?;
        let turn: i64 = assignment_rule::Entity::find_by_id(rule.id)
            .select_only()
            .column(assignment_rule::Column::Turn)
            .into_tuple()
            .one(txn)
            .await?
            .unwrap_or(k);
        next_turn[index] = turn - k + 1;
    }
    Ok(matched
        .into_iter()
        .map(|found| {
            let (index, people) = found?;
            let turn = next_turn[index];
            next_turn[index] += 1;
            let ids: Vec<i32> = people.iter().map(|p| p.id).collect();
            let id = whose_turn(&ids, turn)?;
            let owner = people.into_iter().find(|p| p.id == id)?;
            Some((owner, book.rules[index].name.clone()))
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::leads::model::LeadSource;
    use crate::shared::region::Region;

    fn person(id: i32, role: Role) -> Person {
        Person {
            id,
            name: format!("P{id}"),
            role,
        }
    }

    fn rule(id: i32, kind: RuleKind, wanted: Option<&str>, members: Vec<i32>) -> Rule {
        Rule {
            id,
            name: format!("R{id}"),
            kind,
            wanted: wanted.map(str::to_string),
            members,
        }
    }

    fn lead(source: LeadSource, region: Option<Region>) -> ValidLead {
        ValidLead {
            first_name: "Jana".into(),
            last_name: "Nová".into(),
            email: Some("jana@firma.cz".into()),
            phone: None,
            company: String::new(),
            source,
            description: String::new(),
            region,
            product_id: None,
            ico: None,
            dic: String::new(),
            street: String::new(),
            city: String::new(),
            postal_code: String::new(),
        }
    }

    fn ids(found: Option<(usize, Vec<PersonRef>)>) -> Option<(usize, Vec<i32>)> {
        found.map(|(i, people)| (i, people.into_iter().map(|p| p.id).collect()))
    }

    #[test]
    fn the_first_matching_rule_wins_and_inactive_people_are_skipped() {
        let book = RuleBook {
            rules: vec![
                rule(1, RuleKind::Source, Some("trade_fair"), vec![3]),
                rule(2, RuleKind::RoundRobin, None, vec![2, 3, 9]),
            ],
            // 9 is not active: not among the people.
            people: vec![
                person(2, Role::Salesperson),
                person(3, Role::Salesperson),
                person(4, Role::Manager),
            ],
            ..Default::default()
        };
        let fair = lead(LeadSource::TradeFair, None);
        let web = lead(LeadSource::WebForm, None);
        assert_eq!(ids(book.matching(&fair)), Some((0, vec![3])));
        assert_eq!(ids(book.matching(&web)), Some((1, vec![2, 3])));
    }

    #[test]
    fn region_rules_without_people_go_to_salespeople_covering_the_kraj() {
        let mut book = RuleBook {
            rules: vec![rule(1, RuleKind::Region, None, vec![])],
            people: vec![
                person(2, Role::Salesperson),
                person(3, Role::Salesperson),
                person(4, Role::Manager),
            ],
            ..Default::default()
        };
        let code = Region::ALL[0].code().to_string();
        book.regions.insert(code, vec![3, 4]);
        assert_eq!(
            ids(book.matching(&lead(LeadSource::Other, Some(Region::ALL[0])))),
            Some((0, vec![3]))
        );
        assert_eq!(
            ids(book.matching(&lead(LeadSource::Other, Some(Region::ALL[1])))),
            None
        );
        assert_eq!(ids(book.matching(&lead(LeadSource::Other, None))), None);
    }

    #[test]
    fn a_rule_naming_kraj_and_people_ignores_coverage() {
        let code = Region::ALL[0].code();
        let mut book = RuleBook {
            rules: vec![rule(1, RuleKind::Region, Some(code), vec![2])],
            people: vec![person(2, Role::Salesperson), person(3, Role::Salesperson)],
            ..Default::default()
        };
        book.regions.insert(code.to_string(), vec![3]);
        assert_eq!(
            ids(book.matching(&lead(LeadSource::Other, Some(Region::ALL[0])))),
            Some((0, vec![2]))
        );
    }
}
