//! What a live event says: which lead changed, how, and its version afterwards. The browser
//! fetches whatever else it needs.

use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sea_orm::EnumIter, sea_orm::DeriveActiveEnum))]
#[cfg_attr(
    feature = "ssr",
    sea_orm(
        rs_type = "String",
        db_type = "String(sea_orm::sea_query::StringLen::N(16))"
    )
)]
pub enum EventKind {
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "created"))]
    Created,
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "moved"))]
    Moved,
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "edited"))]
    Edited,
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "assigned"))]
    Assigned,
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "qualified"))]
    Qualified,
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "converted"))]
    Converted,
    /// An activity was logged or a task ticked off.
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "activity"))]
    Activity,
    /// The lead no longer exists (an undone import removed it). Its version is one past the
    /// last one, so a board showing the card asks for it, learns it is gone and drops it.
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "removed"))]
    Removed,
}

impl EventKind {
    pub const ALL: [EventKind; 8] = [
        EventKind::Created,
        EventKind::Moved,
        EventKind::Edited,
        EventKind::Assigned,
        EventKind::Qualified,
        EventKind::Converted,
        EventKind::Activity,
        EventKind::Removed,
    ];

    pub fn code(self) -> &'static str {
        match self {
            EventKind::Created => "created",
            EventKind::Moved => "moved",
            EventKind::Edited => "edited",
            EventKind::Assigned => "assigned",
            EventKind::Qualified => "qualified",
            EventKind::Converted => "converted",
            EventKind::Activity => "activity",
            EventKind::Removed => "removed",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        EventKind::ALL.into_iter().find(|k| k.code() == code)
    }
}

/// One event as a browser receives it (the SSE `data`, in JSON; the SSE `id` is `id`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LeadEvent {
    pub id: i64,
    pub lead_id: i32,
    pub kind: EventKind,
    pub version: i32,
}

#[cfg(test)]
mod tests {
    use super::EventKind;

    #[test]
    fn kinds_round_trip_through_their_codes() {
        for kind in EventKind::ALL {
            assert_eq!(EventKind::from_code(kind.code()), Some(kind));
        }
        assert_eq!(EventKind::from_code("deleted"), None);
    }

    /// On the server `EventKind` is stored as its `code()`: the active enum's value is that very
    /// string for every variant, and reads back as the variant; anything else is an error.
    #[cfg(feature = "ssr")]
    #[test]
    fn kind_is_stored_as_its_code() {
        use sea_orm::{ActiveEnum, Iterable};
        for variant in EventKind::iter() {
            assert_eq!(variant.to_value(), variant.code(), "{variant:?}");
            let stored = variant.code().to_owned();
            assert_eq!(EventKind::try_from_value(&stored).ok(), Some(variant));
        }
        assert!(EventKind::try_from_value(&"unknown value".to_owned()).is_err());
    }
}
