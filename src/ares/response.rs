//! Reading ARES's answer to `GET /ekonomicke-subjekty/{ico}` (REST v3, one economic subject).
//! Lenient on purpose: every field may be missing, numbers may come as text and text as
//! numbers; only a missing name makes the answer useless. The fields used:
//!
//! ```json
//! { "ico": "27074358", "obchodniJmeno": "…", "dic": "CZ27074358",
//!   "sidlo": { "nazevKraje": "Hlavní město Praha", "kodKraje": 19, "nazevObce": "Praha",
//!              "nazevCastiObce": "Holešovice", "nazevUlice": "Jankovcova",
//!              "cisloDomovni": 1522, "cisloOrientacni": 53, "cisloOrientacniPismeno": "a",
//!              "psc": 17000, "textovaAdresa": "Jankovcova 1522/53, Holešovice, 17000 Praha 7" } }
//! ```

use serde::Deserialize;
use serde_json::Value;

use super::kraj::region_of_kraj;
use super::model::{AresFailure, CompanyFacts};
use crate::clients::model::{normalize_dic, normalize_ico, normalize_postal_code};

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
struct Subject {
    ico: Option<Value>,
    obchodni_jmeno: Option<Value>,
    dic: Option<Value>,
    sidlo: Option<Seat>,
}

/// The registered seat (`sidlo`).
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
struct Seat {
    kod_kraje: Option<Value>,
    nazev_kraje: Option<Value>,
    nazev_obce: Option<Value>,
    nazev_casti_obce: Option<Value>,
    nazev_ulice: Option<Value>,
    cislo_domovni: Option<Value>,
    cislo_orientacni: Option<Value>,
    cislo_orientacni_pismeno: Option<Value>,
    psc: Option<Value>,
    textova_adresa: Option<Value>,
}

/// A scalar as trimmed text ("" for a missing field, null, an object or a list).
fn text(value: &Option<Value>) -> String {
    match value {
        Some(Value::String(s)) => s.trim().to_string(),
        Some(Value::Number(n)) => n.to_string(),
        _ => String::new(),
    }
}

fn number(value: &Option<Value>) -> Option<i64> {
    match value {
        Some(Value::Number(n)) => n.as_i64(),
        Some(Value::String(s)) => s.trim().parse().ok(),
        _ => None,
    }
}

/// The company in ARES's answer (a 200's body) for the IČO `asked`.
pub fn parse_subject(body: &[u8], asked: &str) -> Result<CompanyFacts, AresFailure> {
    // An object, not any JSON: serde would also read an array as the fields in order.
    let value: serde_json::Value =
        serde_json::from_slice(body).map_err(|_| AresFailure::BadAnswer)?;
    if !value.is_object() {
        return Err(AresFailure::BadAnswer);
    }
    let subject: Subject = serde_json::from_value(value).map_err(|_| AresFailure::BadAnswer)?;
    let name = text(&subject.obchodni_jmeno);
    if name.is_empty() {
        return Err(AresFailure::BadAnswer);
    }
    let ico = normalize_ico(&text(&subject.ico))
        .ok()
        .flatten()
        .unwrap_or_else(|| asked.to_string());
    let seat = subject.sidlo.unwrap_or_default();
    Ok(CompanyFacts {
        ico,
        name,
        // A DIČ or PSČ the forms would refuse is left out rather than blocking the save.
        dic: normalize_dic(&text(&subject.dic)).unwrap_or_default(),
        street: street(&seat),
        city: text(&seat.nazev_obce),
        postal_code: normalize_postal_code(&text(&seat.psc)).unwrap_or_default(),
        region: region_of_kraj(number(&seat.kod_kraje), &text(&seat.nazev_kraje)),
    })
}

/// "Ulice 1522/53a"; in a village without streets the part of the municipality takes the
/// street's place ("Lhota 15"). Without any of it, the first line of the text address.
fn street(seat: &Seat) -> String {
    let house = text(&seat.cislo_domovni);
    let orientation = format!(
        "{}{}",
        text(&seat.cislo_orientacni),
        text(&seat.cislo_orientacni_pismeno)
    );
    let numbers = match (house.is_empty(), orientation.is_empty()) {
        (false, false) => format!("{house}/{orientation}"),
        (false, true) => house,
        (true, _) => orientation,
    };
    let street_name = text(&seat.nazev_ulice);
    if street_name.is_empty() && numbers.is_empty() {
        let written = text(&seat.textova_adresa);
        return written.split(',').next().unwrap_or("").trim().to_string();
    }
    let place = [&seat.nazev_casti_obce, &seat.nazev_obce]
        .into_iter()
        .map(text)
        .find(|t| !t.is_empty())
        .unwrap_or_default();
    let place = if street_name.is_empty() {
        place
    } else {
        street_name
    };
    format!("{place} {numbers}").trim().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::shared::region::Region;

    #[test]
    fn a_full_answer_fills_every_field() {
        let body = r#"{"ico":"27074358","obchodniJmeno":"Alza.cz a.s.","dic":"CZ27074358",
            "sidlo":{"kodKraje":19,"nazevKraje":"Hlavní město Praha","nazevObce":"Praha",
            "nazevCastiObce":"Holešovice","nazevUlice":"Jankovcova","cisloDomovni":1522,
            "cisloOrientacni":53,"psc":17000},"czNace":["46900"]}"#;
        let facts = parse_subject(body.as_bytes(), "27074358").unwrap();
        assert_eq!(
            facts,
            CompanyFacts {
                ico: "27074358".into(),
                name: "Alza.cz a.s.".into(),
                dic: "CZ27074358".into(),
                street: "Jankovcova 1522/53".into(),
                city: "Praha".into(),
                postal_code: "170 00".into(),
                region: Some(Region::Praha),
            }
        );
    }

    #[test]
    fn missing_and_oddly_typed_fields_are_fine() {
        let body = r#"{"obchodniJmeno":" Statek Lhota ","sidlo":{"nazevKraje":"Kraj Vysočina",
            "nazevObce":"Lhota","cisloDomovni":"15","psc":"39601","kodKraje":null}}"#;
        let facts = parse_subject(body.as_bytes(), "00000019").unwrap();
        assert_eq!(facts.ico, "00000019");
        assert_eq!(facts.name, "Statek Lhota");
        assert_eq!(facts.street, "Lhota 15");
        assert_eq!(facts.postal_code, "396 01");
        assert_eq!(facts.region, Some(Region::Vysocina));
        assert_eq!(facts.dic, "");
    }

    #[test]
    fn the_text_address_stands_in_for_missing_parts() {
        let body = r#"{"obchodniJmeno":"X s.r.o.","dic":"nonsense",
            "sidlo":{"textovaAdresa":"Náměstí 1, 602 00 Brno"}}"#;
        let facts = parse_subject(body.as_bytes(), "25596641").unwrap();
        assert_eq!(facts.street, "Náměstí 1");
        assert_eq!(facts.dic, "", "a DIČ the forms refuse is left out");
        assert_eq!(facts.region, None);
    }

    #[test]
    fn an_answer_without_a_name_or_not_json_is_bad() {
        assert_eq!(
            parse_subject(b"{\"ico\":\"27074358\"}", "27074358"),
            Err(AresFailure::BadAnswer)
        );
        assert_eq!(
            parse_subject(b"<html>", "27074358"),
            Err(AresFailure::BadAnswer)
        );
        assert_eq!(
            parse_subject(b"[1,2]", "27074358"),
            Err(AresFailure::BadAnswer)
        );
    }
}
