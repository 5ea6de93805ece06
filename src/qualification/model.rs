//! BANT qualification of a lead (need, budget, authority, timing) and its A/B/C score. Plain
//! serde types and rules shared by the browser and the server; no I/O.
//!
//! The suggested score is a rule a salesperson can check by eye:
//! - each of four criteria is met or not: the need is confirmed (ano), the budget is approved
//!   (schválený), the contact decides (rozhoduje), they need it within three months;
//! - all four met → **A**, three → **B**, fewer → **C**; a need confirmed as absent (ne) is
//!   always **C** — no need, no deal.
//!
//! The salesperson may override it by hand; the card shows the score in force.

use serde::{Deserialize, Serialize};

use crate::error::{Field, FieldError, FieldProblem};
/// The score lives with the lead core, which stores it on the lead and filters the board by it.
pub use crate::leads::status::Score;
pub use crate::shared::money::{BUDGET_MAX, format_czk, parse_czk};

/// Whether the money is there.
/// Stored as its `code()` (an active enum on the server: anything else fails the read).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sea_orm::EnumIter, sea_orm::DeriveActiveEnum))]
#[cfg_attr(
    feature = "ssr",
    sea_orm(
        rs_type = "String",
        db_type = "String(sea_orm::sea_query::StringLen::N(16))"
    )
)]
pub enum BudgetStatus {
    #[default]
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "unknown"))]
    Unknown,
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "approved"))]
    Approved,
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "not_approved"))]
    NotApproved,
}

impl BudgetStatus {
    pub const ALL: [BudgetStatus; 3] = [
        BudgetStatus::Unknown,
        BudgetStatus::Approved,
        BudgetStatus::NotApproved,
    ];

    pub fn code(self) -> &'static str {
        match self {
            BudgetStatus::Unknown => "unknown",
            BudgetStatus::Approved => "approved",
            BudgetStatus::NotApproved => "not_approved",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.code() == code)
    }
}

/// When they need it.
/// Stored as its `code()`, like [`BudgetStatus`].
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sea_orm::EnumIter, sea_orm::DeriveActiveEnum))]
#[cfg_attr(
    feature = "ssr",
    sea_orm(
        rs_type = "String",
        db_type = "String(sea_orm::sea_query::StringLen::N(16))"
    )
)]
pub enum Timing {
    #[default]
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "unknown"))]
    Unknown,
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "month"))]
    WithinMonth,
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "quarter"))]
    WithinQuarter,
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "half_year"))]
    WithinHalfYear,
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "year"))]
    WithinYear,
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "later"))]
    Later,
}

impl Timing {
    pub const ALL: [Timing; 6] = [
        Timing::Unknown,
        Timing::WithinMonth,
        Timing::WithinQuarter,
        Timing::WithinHalfYear,
        Timing::WithinYear,
        Timing::Later,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Timing::Unknown => "unknown",
            Timing::WithinMonth => "month",
            Timing::WithinQuarter => "quarter",
            Timing::WithinHalfYear => "half_year",
            Timing::WithinYear => "year",
            Timing::Later => "later",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|t| t.code() == code)
    }

    /// Soon enough to count for the score: within three months.
    pub fn is_soon(self) -> bool {
        matches!(self, Timing::WithinMonth | Timing::WithinQuarter)
    }
}

/// The four BANT answers and the notes around them.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Bant {
    /// Popis potřeby.
    pub need: String,
    /// Ano / ne / not known yet.
    pub need_confirmed: Option<bool>,
    /// Whole Czech crowns.
    pub budget_czk: Option<i64>,
    pub budget_status: BudgetStatus,
    /// Does our contact decide?
    pub decision_maker: Option<bool>,
    /// Who else approves.
    pub approvers: String,
    pub timing: Timing,
    /// Key contacts, competition, anything else that matters.
    pub notes: String,
}

/// Which criteria a lead meets: the reasons behind a suggested score.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScoreReasons {
    pub need: bool,
    pub budget: bool,
    pub authority: bool,
    pub timing: bool,
    /// The need was confirmed absent: C whatever else.
    pub no_need: bool,
}

impl ScoreReasons {
    pub fn met(&self) -> usize {
        [self.need, self.budget, self.authority, self.timing]
            .into_iter()
            .filter(|m| *m)
            .count()
    }
}

impl Bant {
    pub fn reasons(&self) -> ScoreReasons {
        ScoreReasons {
            need: self.need_confirmed == Some(true),
            budget: self.budget_status == BudgetStatus::Approved,
            authority: self.decision_maker == Some(true),
            timing: self.timing.is_soon(),
            no_need: self.need_confirmed == Some(false),
        }
    }

    /// The score the rule suggests (see the module comment).
    pub fn suggested_score(&self) -> Score {
        let reasons = self.reasons();
        if reasons.no_need {
            return Score::C;
        }
        match reasons.met() {
            4 => Score::A,
            3 => Score::B,
            _ => Score::C,
        }
    }
}

/// A lead's qualification as the detail page shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Qualification {
    pub bant: Bant,
    /// Set by hand over the suggestion.
    pub score_override: Option<Score>,
}

impl Qualification {
    /// The score in force: the hand-set one, else the suggestion.
    pub fn score(&self) -> Score {
        self.score_override
            .unwrap_or_else(|| self.bant.suggested_score())
    }
}

/// The form as typed: every field a string, as the HTML form posts it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct QualificationInput {
    #[serde(default)]
    pub need: String,
    /// "", "yes" or "no".
    #[serde(default)]
    pub need_confirmed: String,
    /// Czech style is fine: "150 000", "150 000 Kč", "1 500 000,-".
    #[serde(default)]
    pub budget_czk: String,
    #[serde(default)]
    pub budget_status: String,
    #[serde(default)]
    pub decision_maker: String,
    #[serde(default)]
    pub approvers: String,
    #[serde(default)]
    pub timing: String,
    #[serde(default)]
    pub notes: String,
    /// "", "A", "B" or "C".
    #[serde(default)]
    pub score_override: String,
}

pub const TEXT_MAX: usize = 2_000;
pub const APPROVERS_MAX: usize = 300;
impl QualificationInput {
    pub fn validate(&self) -> Result<Qualification, Vec<FieldError>> {
        let mut errors = Vec::new();
        let need = self.need.trim().to_string();
        let approvers = self.approvers.trim().to_string();
        let notes = self.notes.trim().to_string();
        for (field, value, max) in [
            (Field::Need, &need, TEXT_MAX),
            (Field::Approvers, &approvers, APPROVERS_MAX),
            (Field::QualificationNotes, &notes, TEXT_MAX),
        ] {
            if value.chars().count() > max {
                errors.push(FieldError::new(field, FieldProblem::TooLong { max }));
            }
        }
        let need_confirmed = choice(
            &mut errors,
            Field::NeedConfirmed,
            yes_no(&self.need_confirmed),
        );
        let decision_maker = choice(
            &mut errors,
            Field::DecisionMaker,
            yes_no(&self.decision_maker),
        );
        let budget_status = choice(
            &mut errors,
            Field::BudgetStatus,
            BudgetStatus::from_code(or_default(&self.budget_status, "unknown")),
        );
        let timing = choice(
            &mut errors,
            Field::Timing,
            Timing::from_code(or_default(&self.timing, "unknown")),
        );
        let score_override = match self.score_override.trim() {
            "" => Some(None),
            code => Score::from_code(code).map(Some),
        };
        let score_override = choice(&mut errors, Field::Score, score_override);
        let budget_czk = match parse_czk(&self.budget_czk) {
            Ok(amount) => amount,
            Err(problem) => {
                errors.push(FieldError::new(Field::Budget, problem));
                None
            }
        };
        if !errors.is_empty() {
            return Err(errors);
        }
        Ok(Qualification {
            bant: Bant {
                need,
                need_confirmed: need_confirmed.flatten(),
                budget_czk,
                budget_status: budget_status.unwrap_or_default(),
                decision_maker: decision_maker.flatten(),
                approvers,
                timing: timing.unwrap_or_default(),
                notes,
            },
            score_override: score_override.flatten(),
        })
    }
}

/// A choice the form offers, or an "unknown choice" error against its field.
fn choice<T>(errors: &mut Vec<FieldError>, field: Field, parsed: Option<T>) -> Option<T> {
    if parsed.is_none() {
        errors.push(FieldError::new(field, FieldProblem::UnknownChoice));
    }
    parsed
}

fn or_default<'a>(value: &'a str, default: &'a str) -> &'a str {
    let value = value.trim();
    if value.is_empty() { default } else { value }
}

/// "" → not known; "yes" / "no". Anything else is not a choice the form offers.
fn yes_no(value: &str) -> Option<Option<bool>> {
    match value.trim() {
        "" => Some(None),
        "yes" => Some(Some(true)),
        "no" => Some(Some(false)),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// On the server the BANT answers are stored as their `code()`, and anything else stored
    /// fails the read instead of becoming "unknown".
    #[cfg(feature = "ssr")]
    #[test]
    fn budget_status_and_timing_are_stored_as_their_codes() {
        use sea_orm::ActiveEnum;
        for variant in BudgetStatus::ALL {
            assert_eq!(variant.to_value(), variant.code(), "{variant:?}");
            assert_eq!(
                BudgetStatus::try_from_value(&variant.code().to_owned()).ok(),
                Some(variant)
            );
        }
        for variant in Timing::ALL {
            assert_eq!(variant.to_value(), variant.code(), "{variant:?}");
            assert_eq!(
                Timing::try_from_value(&variant.code().to_owned()).ok(),
                Some(variant)
            );
        }
        assert!(BudgetStatus::try_from_value(&"maybe".to_owned()).is_err());
        assert!(Timing::try_from_value(&"someday".to_owned()).is_err());
    }

    fn bant(need: Option<bool>, budget: BudgetStatus, dm: Option<bool>, timing: Timing) -> Bant {
        Bant {
            need_confirmed: need,
            budget_status: budget,
            decision_maker: dm,
            timing,
            ..Bant::default()
        }
    }

    #[test]
    fn the_score_counts_the_criteria_met() {
        use BudgetStatus::*;
        let all = bant(Some(true), Approved, Some(true), Timing::WithinMonth);
        assert_eq!(all.suggested_score(), Score::A);
        assert_eq!(all.reasons().met(), 4);
        let late = bant(Some(true), Approved, Some(true), Timing::WithinHalfYear);
        assert_eq!(late.suggested_score(), Score::B);
        let no_budget = bant(Some(true), NotApproved, Some(true), Timing::WithinQuarter);
        assert_eq!(no_budget.suggested_score(), Score::B);
        let two = bant(Some(true), Unknown, None, Timing::WithinQuarter);
        assert_eq!(two.suggested_score(), Score::C);
        assert_eq!(Bant::default().suggested_score(), Score::C);
        // No need: C, even with money, authority and a date.
        let no_need = bant(Some(false), Approved, Some(true), Timing::WithinMonth);
        assert_eq!(no_need.suggested_score(), Score::C);
        assert!(no_need.reasons().no_need);
    }

    #[test]
    fn a_hand_set_score_wins() {
        let q = Qualification {
            bant: Bant::default(),
            score_override: Some(Score::A),
        };
        assert_eq!(q.score(), Score::A);
        let q = Qualification {
            score_override: None,
            ..q
        };
        assert_eq!(q.score(), Score::C);
    }

    #[test]
    fn czech_amounts_are_read_and_written() {
        assert_eq!(parse_czk(""), Ok(None));
        assert_eq!(parse_czk("150 000"), Ok(Some(150_000)));
        assert_eq!(parse_czk("1\u{a0}500\u{a0}000 Kč"), Ok(Some(1_500_000)));
        assert_eq!(parse_czk("250 000,-"), Ok(Some(250_000)));
        assert_eq!(parse_czk("99 000 CZK"), Ok(Some(99_000)));
        assert_eq!(parse_czk("12,50"), Err(FieldProblem::InvalidAmount));
        assert_eq!(parse_czk("hodně"), Err(FieldProblem::InvalidAmount));
        assert_eq!(parse_czk("-5"), Err(FieldProblem::InvalidAmount));
        assert_eq!(parse_czk("99999999999"), Err(FieldProblem::InvalidAmount));
        assert_eq!(format_czk(1_500_000), "1\u{a0}500\u{a0}000\u{a0}Kč");
        assert_eq!(format_czk(900), "900\u{a0}Kč");
    }

    #[test]
    fn the_form_is_validated_field_by_field() {
        let input = QualificationInput {
            need: "Nová linka".into(),
            need_confirmed: "yes".into(),
            budget_czk: "2 000 000 Kč".into(),
            budget_status: "approved".into(),
            decision_maker: "no".into(),
            approvers: " jednatel ".into(),
            timing: "quarter".into(),
            score_override: "".into(),
            ..QualificationInput::default()
        };
        let q = input.validate().unwrap();
        assert_eq!(q.bant.budget_czk, Some(2_000_000));
        assert_eq!(q.bant.decision_maker, Some(false));
        assert_eq!(q.bant.approvers, "jednatel");
        assert_eq!(q.score(), Score::B);

        let bad = QualificationInput {
            need_confirmed: "maybe".into(),
            budget_czk: "moc".into(),
            timing: "someday".into(),
            score_override: "D".into(),
            ..QualificationInput::default()
        };
        let fields: Vec<Field> = bad
            .validate()
            .unwrap_err()
            .into_iter()
            .map(|e| e.field)
            .collect();
        assert_eq!(
            fields,
            vec![
                Field::NeedConfirmed,
                Field::Timing,
                Field::Score,
                Field::Budget
            ]
        );
    }
}
