//! Assignment rules: plain types shared by the rules page and the server.

use serde::{Deserialize, Serialize};

use crate::auth::model::PersonRef;
use crate::error::{Field, FieldError, FieldProblem};
use crate::leads::model::LeadSource;
use crate::shared::region::Region;

/// What a rule looks at. Every kind hands leads out in turn among its candidates.
/// On the server stored as its `code()` (an active enum: anything else fails the read).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sea_orm::EnumIter, sea_orm::DeriveActiveEnum))]
#[cfg_attr(
    feature = "ssr",
    sea_orm(
        rs_type = "String",
        db_type = "String(sea_orm::sea_query::StringLen::N(16))"
    )
)]
pub enum RuleKind {
    /// Every lead, in turn among the chosen people.
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "round_robin"))]
    RoundRobin,
    /// Leads from one source, to the chosen people.
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "source"))]
    Source,
    /// Leads with a kraj (one, or any), to the people who cover it.
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "region"))]
    Region,
    /// Leads asking about a product (one, or any), to the people who cover it.
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "product"))]
    Product,
}

impl RuleKind {
    pub const ALL: [RuleKind; 4] = [
        RuleKind::RoundRobin,
        RuleKind::Source,
        RuleKind::Region,
        RuleKind::Product,
    ];

    pub fn code(self) -> &'static str {
        match self {
            RuleKind::RoundRobin => "round_robin",
            RuleKind::Source => "source",
            RuleKind::Region => "region",
            RuleKind::Product => "product",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.code() == code)
    }
}

/// A rule as the rules page lists it (in order).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RuleView {
    pub id: i32,
    pub name: String,
    pub kind: RuleKind,
    /// Source or region code, or product id; None: any region / any product.
    pub match_value: Option<String>,
    pub active: bool,
    pub members: Vec<PersonRef>,
}

/// A rule as the admin typed it. `id` None creates a new rule at the end of the list.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RuleInput {
    pub id: Option<i32>,
    pub name: String,
    pub kind: String,
    pub match_value: String,
    pub members: Vec<i32>,
    pub active: bool,
}

/// A rule that passed the checks that need no database.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ValidRule {
    pub id: Option<i32>,
    pub name: String,
    pub kind: RuleKind,
    pub match_value: Option<String>,
    pub members: Vec<i32>,
    pub active: bool,
}

pub const MAX_RULE_NAME: usize = 100;

impl RuleInput {
    pub fn validate(&self) -> Result<ValidRule, Vec<FieldError>> {
        let mut errors = Vec::new();
        let name = self.name.trim().to_string();
        if name.is_empty() {
            errors.push(FieldError::new(Field::Name, FieldProblem::Required));
        } else if name.chars().count() > MAX_RULE_NAME {
            errors.push(FieldError::new(
                Field::Name,
                FieldProblem::TooLong { max: MAX_RULE_NAME },
            ));
        }
        let kind = RuleKind::from_code(self.kind.trim());
        let value = self.match_value.trim();
        let match_value = match kind {
            None => {
                errors.push(FieldError::new(
                    Field::RuleKind,
                    FieldProblem::UnknownChoice,
                ));
                None
            }
            Some(RuleKind::RoundRobin) => None,
            Some(RuleKind::Source) => {
                if value.is_empty() {
                    errors.push(FieldError::new(Field::RuleValue, FieldProblem::Required));
                } else if LeadSource::from_code(value).is_none() {
                    errors.push(FieldError::new(
                        Field::RuleValue,
                        FieldProblem::UnknownChoice,
                    ));
                }
                Some(value.to_string())
            }
            Some(RuleKind::Region) => {
                if !value.is_empty() && Region::from_code(value).is_none() {
                    errors.push(FieldError::new(
                        Field::RuleValue,
                        FieldProblem::UnknownChoice,
                    ));
                }
                (!value.is_empty()).then(|| value.to_string())
            }
            Some(RuleKind::Product) => {
                if !value.is_empty() && value.parse::<i32>().is_err() {
                    errors.push(FieldError::new(
                        Field::RuleValue,
                        FieldProblem::UnknownChoice,
                    ));
                }
                (!value.is_empty()).then(|| value.to_string())
            }
        };
        // Round-robin and source rules name their people; region and product rules may
        // leave the list empty to mean "every salesperson who covers it".
        let needs_members = matches!(kind, Some(RuleKind::RoundRobin | RuleKind::Source));
        if needs_members && self.members.is_empty() {
            errors.push(FieldError::new(Field::Members, FieldProblem::Required));
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        let mut members = self.members.clone();
        members.sort_unstable();
        members.dedup();
        Ok(ValidRule {
            id: self.id,
            name,
            kind: kind.unwrap_or(RuleKind::RoundRobin),
            match_value,
            members,
            active: self.active,
        })
    }
}

/// Picks whose turn it is: the `turn`-th lead a rule assigns (counting from 1) goes to
/// candidate number `(turn - 1) mod count`. Candidates come sorted by id, so the order is
/// stable while the set of people stays the same.
pub fn whose_turn(candidates: &[i32], turn: i64) -> Option<i32> {
    if candidates.is_empty() {
        return None;
    }
    let index = (turn - 1).rem_euclid(candidates.len() as i64) as usize;
    candidates.get(index).copied()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// On the server a rule's kind is stored as its `code()`; anything else fails the read.
    #[cfg(feature = "ssr")]
    #[test]
    fn rule_kind_is_stored_as_its_code() {
        use sea_orm::ActiveEnum;
        for kind in RuleKind::ALL {
            assert_eq!(kind.to_value(), kind.code(), "{kind:?}");
            assert_eq!(
                RuleKind::try_from_value(&kind.code().to_owned()).ok(),
                Some(kind)
            );
        }
        assert!(RuleKind::try_from_value(&"by_mood".to_owned()).is_err());
    }

    fn input(kind: &str, value: &str, members: Vec<i32>) -> RuleInput {
        RuleInput {
            id: None,
            name: "Pravidlo".into(),
            kind: kind.into(),
            match_value: value.into(),
            members,
            active: true,
        }
    }

    fn problems(i: RuleInput) -> Vec<(Field, FieldProblem)> {
        i.validate()
            .unwrap_err()
            .into_iter()
            .map(|e| (e.field, e.problem))
            .collect()
    }

    #[test]
    fn each_kind_checks_its_value_and_people() {
        assert!(input("round_robin", "", vec![3, 1, 3]).validate().is_ok());
        assert_eq!(
            input("round_robin", "", vec![3, 1, 3])
                .validate()
                .unwrap()
                .members,
            vec![1, 3]
        );
        assert_eq!(
            problems(input("round_robin", "", vec![])),
            vec![(Field::Members, FieldProblem::Required)]
        );
        assert!(input("source", "web_form", vec![1]).validate().is_ok());
        assert_eq!(
            problems(input("source", "fax", vec![1])),
            vec![(Field::RuleValue, FieldProblem::UnknownChoice)]
        );
        assert!(input("region", "", vec![]).validate().is_ok());
        assert!(input("region", "JHM", vec![]).validate().is_ok());
        assert_eq!(
            problems(input("region", "XX", vec![])),
            vec![(Field::RuleValue, FieldProblem::UnknownChoice)]
        );
        assert!(input("product", "4", vec![]).validate().is_ok());
        assert_eq!(
            problems(input("lottery", "", vec![1])),
            vec![(Field::RuleKind, FieldProblem::UnknownChoice)]
        );
    }

    #[test]
    fn turns_go_round_in_order() {
        let people = [10, 20, 30];
        let picks: Vec<_> = (1..=7).map(|t| whose_turn(&people, t).unwrap()).collect();
        assert_eq!(picks, vec![10, 20, 30, 10, 20, 30, 10]);
        assert_eq!(whose_turn(&[], 1), None);
    }
}
