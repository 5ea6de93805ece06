//! The ARES lookup's texts in Czech and English. Part of [`crate::i18n::Texts`] (as `ares`).

use super::model::AresFailure;

pub struct AresTexts {
    /// The button next to the IČO field.
    pub button: &'static str,
    pub loading: &'static str,
    /// After a lookup filled the form: the company's name goes in.
    pub filled: fn(&str) -> String,
    pub err_not_found: &'static str,
    pub err_timeout: &'static str,
    pub err_unavailable: &'static str,
    pub err_bad_answer: &'static str,
}

impl AresTexts {
    pub fn failure(&self, failure: AresFailure) -> &'static str {
        match failure {
            AresFailure::NotFound => self.err_not_found,
            AresFailure::Timeout => self.err_timeout,
            AresFailure::Unavailable => self.err_unavailable,
            AresFailure::BadAnswer => self.err_bad_answer,
        }
    }
}

pub static CS: AresTexts = AresTexts {
    button: "Načíst z ARES",
    loading: "Načítám z ARES…",
    filled: |name| format!("Vyplněno z ARES: {name} — zkontrolujte údaje a uložte."),
    err_not_found: "ARES firmu s tímto IČO nezná. Zkontrolujte IČO; uložit můžete i tak.",
    err_timeout: "ARES neodpověděl do 3 sekund. Zkuste to znovu, nebo údaje vyplňte ručně; \
                  uložit můžete i tak.",
    err_unavailable: "ARES je teď nedostupný. Údaje vyplňte ručně; uložit můžete i tak.",
    err_bad_answer: "ARES poslal odpověď, které nerozumíme. Údaje vyplňte ručně; uložit \
                     můžete i tak.",
};

pub static EN: AresTexts = AresTexts {
    button: "Fill in from ARES",
    loading: "Loading from ARES…",
    filled: |name| format!("Filled in from ARES: {name} — check the details and save."),
    err_not_found: "ARES knows no company with this IČO. Check the IČO; you can still save.",
    err_timeout: "ARES did not answer within 3 seconds. Try again or fill in the details \
                  yourself; you can still save.",
    err_unavailable: "ARES is unavailable right now. Fill in the details yourself; you can \
                      still save.",
    err_bad_answer: "ARES sent an answer we cannot read. Fill in the details yourself; you \
                     can still save.",
};
