//! The lead core's vocabulary: a lead's status, source and score, and the one rule of which
//! status moves a person may make. Depends on nothing else in Leady, so the error type can name
//! a refused move without reaching into the features.
//!
//! On the server each of these is also a SeaORM active enum stored as its `code()` string
//! (`string_value` repeats the code; a test keeps the two the same), so a column holding
//! anything else fails the read instead of turning into some default.

use serde::{Deserialize, Serialize};

/// The six stages of a lead, in board order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sea_orm::EnumIter, sea_orm::DeriveActiveEnum))]
#[cfg_attr(
    feature = "ssr",
    sea_orm(
        rs_type = "String",
        db_type = "String(sea_orm::sea_query::StringLen::N(20))"
    )
)]
pub enum LeadStatus {
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "new"))]
    New,
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "assigned"))]
    Assigned,
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "in_process"))]
    InProcess,
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "qualified"))]
    Qualified,
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "unqualified"))]
    Unqualified,
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "converted"))]
    Converted,
}

impl LeadStatus {
    pub const ALL: [LeadStatus; 6] = [
        LeadStatus::New,
        LeadStatus::Assigned,
        LeadStatus::InProcess,
        LeadStatus::Qualified,
        LeadStatus::Unqualified,
        LeadStatus::Converted,
    ];

    /// Stable code stored in the database and used in URLs and DOM ids.
    pub fn code(self) -> &'static str {
        match self {
            LeadStatus::New => "new",
            LeadStatus::Assigned => "assigned",
            LeadStatus::InProcess => "in_process",
            LeadStatus::Qualified => "qualified",
            LeadStatus::Unqualified => "unqualified",
            LeadStatus::Converted => "converted",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.code() == code)
    }

    /// Index of the column on the board.
    pub fn index(self) -> usize {
        Self::ALL.iter().position(|s| *s == self).unwrap_or(0)
    }
}

/// Where a lead came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "ssr", derive(sea_orm::EnumIter, sea_orm::DeriveActiveEnum))]
#[cfg_attr(
    feature = "ssr",
    sea_orm(
        rs_type = "String",
        db_type = "String(sea_orm::sea_query::StringLen::N(20))"
    )
)]
pub enum LeadSource {
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "web_form"))]
    WebForm,
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "phone"))]
    Phone,
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "email"))]
    Email,
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "referral"))]
    Referral,
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "trade_fair"))]
    TradeFair,
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "marketing"))]
    Marketing,
    #[default]
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "other"))]
    Other,
}

impl LeadSource {
    pub const ALL: [LeadSource; 7] = [
        LeadSource::WebForm,
        LeadSource::Phone,
        LeadSource::Email,
        LeadSource::Referral,
        LeadSource::TradeFair,
        LeadSource::Marketing,
        LeadSource::Other,
    ];

    pub fn code(self) -> &'static str {
        match self {
            LeadSource::WebForm => "web_form",
            LeadSource::Phone => "phone",
            LeadSource::Email => "email",
            LeadSource::Referral => "referral",
            LeadSource::TradeFair => "trade_fair",
            LeadSource::Marketing => "marketing",
            LeadSource::Other => "other",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.code() == code)
    }
}

/// The A/B/C grade of a lead.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sea_orm::EnumIter, sea_orm::DeriveActiveEnum))]
#[cfg_attr(
    feature = "ssr",
    sea_orm(
        rs_type = "String",
        db_type = "String(sea_orm::sea_query::StringLen::N(1))"
    )
)]
pub enum Score {
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "A"))]
    A,
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "B"))]
    B,
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "C"))]
    C,
}

impl Score {
    pub const ALL: [Score; 3] = [Score::A, Score::B, Score::C];

    pub fn code(self) -> &'static str {
        match self {
            Score::A => "A",
            Score::B => "B",
            Score::C => "C",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL
            .into_iter()
            .find(|s| s.code().eq_ignore_ascii_case(code.trim()))
    }
}

/// Why a status change is not allowed. Each maps to a translated message.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum TransitionRefusal {
    /// Converting creates an account and contact; it is its own action, never a drag.
    ConvertIsSeparateAction,
    /// A converted lead is history: it lives on as a client.
    ConvertedIsFinal,
    /// "Nový" means nobody has touched the lead yet; once worked, it cannot be new again.
    CannotReturnToNew,
    /// Only a qualified lead is converted into a client.
    OnlyQualifiedConverts,
}

/// The one place that decides which status moves are allowed by hand (drag, menu).
/// Re-ordering within the same column is always allowed for open leads.
pub fn check_transition(from: LeadStatus, to: LeadStatus) -> Result<(), TransitionRefusal> {
    use LeadStatus::*;
    match (from, to) {
        (Converted, _) => Err(TransitionRefusal::ConvertedIsFinal),
        (_, Converted) => Err(TransitionRefusal::ConvertIsSeparateAction),
        (New, New) => Ok(()),
        (_, New) => Err(TransitionRefusal::CannotReturnToNew),
        _ => Ok(()),
    }
}

/// Statuses a lead in `from` may be moved to by hand (for the "Přesunout do…" menu).
pub fn allowed_targets(from: LeadStatus) -> Vec<LeadStatus> {
    LeadStatus::ALL
        .into_iter()
        .filter(|to| *to != from && check_transition(from, *to).is_ok())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn transitions() {
        use LeadStatus::*;
        assert_eq!(check_transition(New, InProcess), Ok(()));
        assert_eq!(check_transition(New, New), Ok(()));
        assert_eq!(
            check_transition(Unqualified, InProcess),
            Ok(()),
            "reactivation"
        );
        assert_eq!(
            check_transition(Qualified, Converted),
            Err(TransitionRefusal::ConvertIsSeparateAction)
        );
        assert_eq!(
            check_transition(Converted, InProcess),
            Err(TransitionRefusal::ConvertedIsFinal)
        );
        assert_eq!(
            check_transition(Converted, Converted),
            Err(TransitionRefusal::ConvertedIsFinal)
        );
        assert_eq!(
            check_transition(InProcess, New),
            Err(TransitionRefusal::CannotReturnToNew)
        );
        assert_eq!(
            allowed_targets(New),
            vec![Assigned, InProcess, Qualified, Unqualified]
        );
        assert_eq!(
            allowed_targets(Assigned),
            vec![InProcess, Qualified, Unqualified]
        );
        assert!(allowed_targets(Converted).is_empty());
    }

    #[test]
    fn codes_round_trip() {
        for s in LeadStatus::ALL {
            assert_eq!(LeadStatus::from_code(s.code()), Some(s));
        }
        for s in LeadSource::ALL {
            assert_eq!(LeadSource::from_code(s.code()), Some(s));
        }
    }

    /// On the server `LeadStatus` is stored as its `code()`: the active enum's value is that very
    /// string for every variant, and reads back as the variant; anything else is an error.
    #[cfg(feature = "ssr")]
    #[test]
    fn lead_status_is_stored_as_its_code() {
        use sea_orm::{ActiveEnum, Iterable};
        for variant in LeadStatus::iter() {
            assert_eq!(variant.to_value(), variant.code(), "{variant:?}");
            let stored = variant.code().to_owned();
            assert_eq!(LeadStatus::try_from_value(&stored).ok(), Some(variant));
        }
        assert!(LeadStatus::try_from_value(&"unknown value".to_owned()).is_err());
    }

    /// On the server `LeadSource` is stored as its `code()`: the active enum's value is that very
    /// string for every variant, and reads back as the variant; anything else is an error.
    #[cfg(feature = "ssr")]
    #[test]
    fn lead_source_is_stored_as_its_code() {
        use sea_orm::{ActiveEnum, Iterable};
        for variant in LeadSource::iter() {
            assert_eq!(variant.to_value(), variant.code(), "{variant:?}");
            let stored = variant.code().to_owned();
            assert_eq!(LeadSource::try_from_value(&stored).ok(), Some(variant));
        }
        assert!(LeadSource::try_from_value(&"unknown value".to_owned()).is_err());
    }

    /// On the server `Score` is stored as its `code()`: the active enum's value is that very
    /// string for every variant, and reads back as the variant; anything else is an error.
    #[cfg(feature = "ssr")]
    #[test]
    fn score_is_stored_as_its_code() {
        use sea_orm::{ActiveEnum, Iterable};
        for variant in Score::iter() {
            assert_eq!(variant.to_value(), variant.code(), "{variant:?}");
            let stored = variant.code().to_owned();
            assert_eq!(Score::try_from_value(&stored).ok(), Some(variant));
        }
        assert!(Score::try_from_value(&"unknown value".to_owned()).is_err());
    }
}
