//! The 14 Czech regions (kraje). Codes follow the usual abbreviations (PHA, STC, …); names
//! live in the i18n tables.

use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Region {
    Praha,
    Stredocesky,
    Jihocesky,
    Plzensky,
    Karlovarsky,
    Ustecky,
    Liberecky,
    Kralovehradecky,
    Pardubicky,
    Vysocina,
    Jihomoravsky,
    Olomoucky,
    Zlinsky,
    Moravskoslezsky,
}

impl Region {
    pub const ALL: [Region; 14] = [
        Region::Praha,
        Region::Stredocesky,
        Region::Jihocesky,
        Region::Plzensky,
        Region::Karlovarsky,
        Region::Ustecky,
        Region::Liberecky,
        Region::Kralovehradecky,
        Region::Pardubicky,
        Region::Vysocina,
        Region::Jihomoravsky,
        Region::Olomoucky,
        Region::Zlinsky,
        Region::Moravskoslezsky,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Region::Praha => "PHA",
            Region::Stredocesky => "STC",
            Region::Jihocesky => "JHC",
            Region::Plzensky => "PLK",
            Region::Karlovarsky => "KVK",
            Region::Ustecky => "ULK",
            Region::Liberecky => "LBK",
            Region::Kralovehradecky => "HKK",
            Region::Pardubicky => "PAK",
            Region::Vysocina => "VYS",
            Region::Jihomoravsky => "JHM",
            Region::Olomoucky => "OLK",
            Region::Zlinsky => "ZLK",
            Region::Moravskoslezsky => "MSK",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|r| r.code() == code)
    }

    /// Position in [`Region::ALL`], which is also the order of the names in the i18n tables.
    pub fn index(self) -> usize {
        Self::ALL.iter().position(|r| *r == self).unwrap_or(0)
    }
}

#[cfg(test)]
mod tests {
    use super::Region;

    #[test]
    fn fourteen_regions_with_distinct_codes() {
        let codes: std::collections::HashSet<_> = Region::ALL.iter().map(|r| r.code()).collect();
        assert_eq!(codes.len(), 14);
        for r in Region::ALL {
            assert_eq!(Region::from_code(r.code()), Some(r));
        }
        assert_eq!(Region::from_code("XYZ"), None);
    }
}
