//! The lead core's vocabulary: a lead's status and source, and the one rule of which status
//! moves a person may make. Depends on nothing else in Leady, so the error type can name a
//! refused move without reaching into the features.

use serde::{Deserialize, Serialize};

/// The six stages of a lead, in board order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum LeadStatus {
    New,
    Assigned,
    InProcess,
    Qualified,
    Unqualified,
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
pub enum LeadSource {
    WebForm,
    Phone,
    Email,
    Referral,
    TradeFair,
    Marketing,
    #[default]
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
}
