//! Closing a lead that has no potential: the reasons a lead becomes Nekvalifikovaný, and which
//! closed leads the default board still shows. Plain types and rules; no I/O.

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};

use crate::shared::field::{Field, FieldError, FieldProblem};

/// Why a lead was disqualified. Stored by its code.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sea_orm::EnumIter, sea_orm::DeriveActiveEnum))]
#[cfg_attr(
    feature = "ssr",
    sea_orm(
        rs_type = "String",
        db_type = "String(sea_orm::sea_query::StringLen::N(24))"
    )
)]
pub enum DisqualifyReason {
    /// Ztracený: went to a competitor.
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "lost"))]
    Lost,
    /// Nelze kontaktovat.
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "unreachable"))]
    Unreachable,
    /// Už nemá zájem.
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "no_longer_interested"))]
    NoLongerInterested,
    /// Zrušeno: the need itself went away.
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "cancelled"))]
    Cancelled,
    /// Nevhodný zákazník.
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "bad_fit"))]
    BadFit,
    /// Jiný: the note says what.
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "other"))]
    Other,
}

impl DisqualifyReason {
    pub const ALL: [DisqualifyReason; 6] = [
        DisqualifyReason::Lost,
        DisqualifyReason::Unreachable,
        DisqualifyReason::NoLongerInterested,
        DisqualifyReason::Cancelled,
        DisqualifyReason::BadFit,
        DisqualifyReason::Other,
    ];

    pub fn code(self) -> &'static str {
        match self {
            DisqualifyReason::Lost => "lost",
            DisqualifyReason::Unreachable => "unreachable",
            DisqualifyReason::NoLongerInterested => "no_longer_interested",
            DisqualifyReason::Cancelled => "cancelled",
            DisqualifyReason::BadFit => "bad_fit",
            DisqualifyReason::Other => "other",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|r| r.code() == code)
    }
}

/// The reason as the dialog posts it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DisqualifyInput {
    #[serde(default)]
    pub reason: String,
    #[serde(default)]
    pub note: String,
}

/// A checked reason.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Disqualification {
    pub reason: DisqualifyReason,
    /// Required for "Jiný", optional otherwise.
    pub note: String,
}

pub const NOTE_MAX: usize = 500;

impl DisqualifyInput {
    pub fn validate(&self) -> Result<Disqualification, Vec<FieldError>> {
        let note = self.note.trim().to_string();
        let reason = self.reason.trim();
        let mut errors = Vec::new();
        let parsed = if reason.is_empty() {
            errors.push(FieldError::new(Field::Reason, FieldProblem::Required));
            None
        } else {
            let parsed = DisqualifyReason::from_code(reason);
            if parsed.is_none() {
                errors.push(FieldError::new(Field::Reason, FieldProblem::UnknownChoice));
            }
            parsed
        };
        if parsed == Some(DisqualifyReason::Other) && note.is_empty() {
            errors.push(FieldError::new(Field::ReasonNote, FieldProblem::Required));
        }
        if note.chars().count() > NOTE_MAX {
            errors.push(FieldError::new(
                Field::ReasonNote,
                FieldProblem::TooLong { max: NOTE_MAX },
            ));
        }
        match parsed {
            Some(reason) if errors.is_empty() => Ok(Disqualification { reason, note }),
            _ => Err(errors),
        }
    }
}

/// For demo data and tests that move leads around in bulk: the reason a move to `to` needs
/// ("Už nemá zájem" into Nekvalifikovaný), none for any other target.
pub fn reason_if_needed(to: super::status::LeadStatus) -> Option<DisqualifyInput> {
    (to == super::status::LeadStatus::Unqualified).then(|| DisqualifyInput {
        reason: DisqualifyReason::NoLongerInterested.code().into(),
        note: String::new(),
    })
}

/// How long a closed lead (Nekvalifikovaný, Převedený) stays on the default board.
pub const CLOSED_STAYS_HOURS: i64 = 24;

/// Closed leads that changed status before this moment leave the default board.
pub fn closed_cutoff(now: DateTime<Utc>) -> DateTime<Utc> {
    now - Duration::hours(CLOSED_STAYS_HOURS)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input(reason: &str, note: &str) -> DisqualifyInput {
        DisqualifyInput {
            reason: reason.into(),
            note: note.into(),
        }
    }

    #[test]
    fn a_reason_is_required_and_other_needs_words() {
        let fields = |i: DisqualifyInput| -> Vec<(Field, FieldProblem)> {
            i.validate()
                .unwrap_err()
                .into_iter()
                .map(|e| (e.field, e.problem))
                .collect()
        };
        assert_eq!(
            fields(input("", "")),
            vec![(Field::Reason, FieldProblem::Required)]
        );
        assert_eq!(
            fields(input("bored", "")),
            vec![(Field::Reason, FieldProblem::UnknownChoice)]
        );
        assert_eq!(
            fields(input("other", "  ")),
            vec![(Field::ReasonNote, FieldProblem::Required)]
        );
        assert_eq!(
            input("lost", " Šli ke konkurenci ").validate(),
            Ok(Disqualification {
                reason: DisqualifyReason::Lost,
                note: "Šli ke konkurenci".into()
            })
        );
        assert_eq!(
            input("other", "Firma zanikla").validate().unwrap().reason,
            DisqualifyReason::Other
        );
    }

    /// On the server `DisqualifyReason` is stored as its `code()`: the active enum's value is that very
    /// string for every variant, and reads back as the variant; anything else is an error.
    #[cfg(feature = "ssr")]
    #[test]
    fn reason_is_stored_as_its_code() {
        use sea_orm::{ActiveEnum, Iterable};
        for variant in DisqualifyReason::iter() {
            assert_eq!(variant.to_value(), variant.code(), "{variant:?}");
            let stored = variant.code().to_owned();
            assert_eq!(
                DisqualifyReason::try_from_value(&stored).ok(),
                Some(variant)
            );
        }
        assert!(DisqualifyReason::try_from_value(&"unknown value".to_owned()).is_err());
    }
}
