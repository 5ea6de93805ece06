//! ARES's kraj → Leady's region. ARES gives the kraj as a code (`kodKraje`, the RÚIAN code of
//! the higher territorial unit) and a name (`nazevKraje`); the code decides, the name is the
//! fallback for an answer without it.

use crate::shared::region::Region;

/// RÚIAN codes of the 14 kraje.
const BY_CODE: [(i64, Region); 14] = [
    (19, Region::Praha),
    (27, Region::Stredocesky),
    (35, Region::Jihocesky),
    (43, Region::Plzensky),
    (51, Region::Karlovarsky),
    (60, Region::Ustecky),
    (78, Region::Liberecky),
    (86, Region::Kralovehradecky),
    (94, Region::Pardubicky),
    (108, Region::Vysocina),
    (116, Region::Jihomoravsky),
    (124, Region::Olomoucky),
    (132, Region::Moravskoslezsky),
    (141, Region::Zlinsky),
];

/// The stem of each kraj's name, without diacritics ("Hlavní město Praha", "Kraj Vysočina",
/// "Jihomoravský kraj"…); no name contains another's stem.
const BY_NAME: [(&str, Region); 14] = [
    ("praha", Region::Praha),
    ("stredocesk", Region::Stredocesky),
    ("jihocesk", Region::Jihocesky),
    ("plzensk", Region::Plzensky),
    ("karlovarsk", Region::Karlovarsky),
    ("usteck", Region::Ustecky),
    ("libereck", Region::Liberecky),
    ("kralovehradeck", Region::Kralovehradecky),
    ("pardubick", Region::Pardubicky),
    ("vysocin", Region::Vysocina),
    ("jihomoravsk", Region::Jihomoravsky),
    ("olomouck", Region::Olomoucky),
    ("moravskoslezsk", Region::Moravskoslezsky),
    ("zlinsk", Region::Zlinsky),
];

/// The region of a kraj given by code and/or name; None when neither is known.
pub fn region_of_kraj(code: Option<i64>, name: &str) -> Option<Region> {
    if let Some(code) = code
        && let Some((_, region)) = BY_CODE.iter().find(|(c, _)| *c == code)
    {
        return Some(*region);
    }
    let folded = fold(name);
    if folded.is_empty() {
        return None;
    }
    BY_NAME
        .iter()
        .find(|(stem, _)| folded.contains(stem))
        .map(|(_, region)| *region)
}

/// Lower case without the Czech diacritics (enough for the 14 names).
fn fold(text: &str) -> String {
    text.to_lowercase()
        .chars()
        .map(|c| match c {
            'á' => 'a',
            'č' => 'c',
            'ď' => 'd',
            'é' | 'ě' => 'e',
            'í' => 'i',
            'ň' => 'n',
            'ó' => 'o',
            'ř' => 'r',
            'š' => 's',
            'ť' => 't',
            'ú' | 'ů' => 'u',
            'ý' => 'y',
            'ž' => 'z',
            other => other,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_region_has_one_code_and_one_name() {
        for region in Region::ALL {
            assert_eq!(BY_CODE.iter().filter(|(_, r)| *r == region).count(), 1);
            assert_eq!(BY_NAME.iter().filter(|(_, r)| *r == region).count(), 1);
        }
    }

    #[test]
    fn the_code_decides_and_the_name_is_the_fallback() {
        assert_eq!(region_of_kraj(Some(116), ""), Some(Region::Jihomoravsky));
        assert_eq!(
            region_of_kraj(Some(19), "Jihomoravský kraj"),
            Some(Region::Praha)
        );
        assert_eq!(
            region_of_kraj(None, "Hlavní město Praha"),
            Some(Region::Praha)
        );
        assert_eq!(
            region_of_kraj(None, "Kraj Vysočina"),
            Some(Region::Vysocina)
        );
        assert_eq!(
            region_of_kraj(Some(999), "Moravskoslezský kraj"),
            Some(Region::Moravskoslezsky)
        );
        assert_eq!(region_of_kraj(None, "USTECKY KRAJ"), Some(Region::Ustecky));
        assert_eq!(region_of_kraj(None, ""), None);
        assert_eq!(region_of_kraj(Some(7), "Bratislavský kraj"), None);
    }
}
