//! The web forms' texts in Czech and English. Part of [`crate::i18n::Texts`] (as `capture`),
//! so a missing translation fails to compile as everywhere else.

use super::model::CaptureField;

pub struct CaptureTexts {
    /// "Webové formuláře": the admin tab and the page's title.
    pub title: &'static str,
    pub intro: &'static str,
    pub empty: &'static str,
    pub new_form: &'static str,
    pub key: &'static str,
    pub on: &'static str,
    pub off: &'static str,
    pub by_rules: &'static str,
    pub show_snippet: &'static str,
    pub snippet_html: &'static str,
    pub snippet_html_hint: &'static str,
    pub snippet_fetch: &'static str,
    pub openapi_link: &'static str,
    pub snippet_submit: &'static str,
    pub honeypot_comment: &'static str,

    pub field_name: &'static str,
    pub field_source: &'static str,
    pub field_origins: &'static str,
    pub field_origins_hint: &'static str,
    pub field_accepted: &'static str,
    pub field_required: &'static str,
    pub field_owner: &'static str,
    pub field_consent: &'static str,
    pub field_consent_hint: &'static str,
    pub field_thank_you: &'static str,
    pub field_thank_you_hint: &'static str,
    pub field_active: &'static str,

    pub first_name: &'static str,
    pub last_name: &'static str,
    pub email: &'static str,
    pub phone: &'static str,
    pub company: &'static str,
    pub message: &'static str,

    pub err_invalid_origin: &'static str,
    pub err_required_not_accepted: &'static str,
    pub err_consent_missing: &'static str,
    pub err_not_found: &'static str,
    pub err_origin_refused: &'static str,
    pub err_rate_limited: &'static str,
    pub err_unsupported_type: &'static str,

    pub thanks_title: &'static str,
    pub thanks_text: &'static str,
    pub invalid_title: &'static str,
    pub invalid_back: &'static str,

    /// The note logged on an open lead a submission duplicates: "Webový formulář: Kontakt".
    pub duplicate_subject: fn(&str) -> String,

    pub consents_title: &'static str,
    /// "verze 2, 30. 11. 2026 18:05, formulář Kontakt, z adresy 203.0.113.7"
    pub consent_meta: fn(i32, &str, &str, &str) -> String,
}

impl CaptureTexts {
    pub fn field(&self, field: CaptureField) -> &'static str {
        match field {
            CaptureField::FirstName => self.first_name,
            CaptureField::LastName => self.last_name,
            CaptureField::Email => self.email,
            CaptureField::Phone => self.phone,
            CaptureField::Company => self.company,
            CaptureField::Message => self.message,
        }
    }
}

pub static CS: CaptureTexts = CaptureTexts {
    title: "Webové formuláře",
    intro: "Formuláře na vašem webu posílají poptávky přímo do Leady. Každý má svůj klíč, \
            povolené weby (origin) a pole, která přijímá.",
    empty: "Zatím žádný formulář.",
    new_form: "Nový formulář",
    key: "Klíč",
    on: "Zapnutý",
    off: "Vypnutý",
    by_rules: "Podle pravidel přidělování",
    show_snippet: "Kód pro web",
    snippet_html: "HTML formulář (funguje i bez JavaScriptu)",
    snippet_html_hint: "Vložte na stránku. Skryté pole „website“ je past na roboty: nechte ho prázdné a skryté.",
    snippet_fetch: "Odeslání přes fetch (JSON)",
    openapi_link: "Popis API (OpenAPI)",
    snippet_submit: "Odeslat",
    honeypot_comment: "past na roboty: nechte prázdné a skryté",

    field_name: "Název",
    field_source: "Zdroj leadů",
    field_origins: "Povolené weby (origin)",
    field_origins_hint: "Jeden na řádek, např. https://www.firma.cz",
    field_accepted: "Přijímaná pole",
    field_required: "Povinná pole",
    field_owner: "Obchodník",
    field_consent: "Text souhlasu",
    field_consent_hint: "Nepovinné. Se změnou textu se zvýší jeho verze.",
    field_thank_you: "Stránka s poděkováním (URL)",
    field_thank_you_hint: "Nepovinné; jinak Leady ukáže vlastní poděkování.",
    field_active: "Formulář přijímá poptávky",

    first_name: "Jméno",
    last_name: "Příjmení",
    email: "E-mail",
    phone: "Telefon",
    company: "Firma",
    message: "Zpráva",

    err_invalid_origin: "Zadejte web jako https://www.firma.cz (bez cesty).",
    err_required_not_accepted: "Povinné pole musí být i mezi přijímanými.",
    err_consent_missing: "Bez souhlasu nelze formulář odeslat.",
    err_not_found: "Formulář neexistuje nebo je vypnutý.",
    err_origin_refused: "Tento web nesmí formulář odesílat.",
    err_rate_limited: "Příliš mnoho odeslání. Zkuste to za chvíli.",
    err_unsupported_type: "Pošlete JSON nebo formulář (application/x-www-form-urlencoded).",

    thanks_title: "Děkujeme",
    thanks_text: "Vaši poptávku jsme přijali a brzy se vám ozveme.",
    invalid_title: "Formulář nebyl odeslán",
    invalid_back: "Vraťte se zpět a opravte tato pole:",

    duplicate_subject: |form| format!("Webový formulář: {form}"),

    consents_title: "Souhlasy",
    consent_meta: |version, at, form, address| {
        format!("verze {version}, {at}, formulář {form}, z adresy {address}")
    },
};

pub static EN: CaptureTexts = CaptureTexts {
    title: "Web forms",
    intro: "Forms on your website send enquiries straight into Leady. Each has its key, the \
            sites (origins) allowed to post it and the fields it accepts.",
    empty: "No forms yet.",
    new_form: "New form",
    key: "Key",
    on: "On",
    off: "Off",
    by_rules: "By the assignment rules",
    show_snippet: "Code for the website",
    snippet_html: "HTML form (works without JavaScript)",
    snippet_html_hint: "Paste it into the page. The hidden field \"website\" is a bot trap: keep it empty and hidden.",
    snippet_fetch: "Posting with fetch (JSON)",
    openapi_link: "API description (OpenAPI)",
    snippet_submit: "Send",
    honeypot_comment: "bot trap: keep empty and hidden",

    field_name: "Name",
    field_source: "Lead source",
    field_origins: "Allowed sites (origins)",
    field_origins_hint: "One per line, e.g. https://www.example.com",
    field_accepted: "Accepted fields",
    field_required: "Required fields",
    field_owner: "Salesperson",
    field_consent: "Consent text",
    field_consent_hint: "Optional. Changing the text raises its version.",
    field_thank_you: "Thank-you page (URL)",
    field_thank_you_hint: "Optional; otherwise Leady shows its own thank-you page.",
    field_active: "The form accepts enquiries",

    first_name: "First name",
    last_name: "Last name",
    email: "Email",
    phone: "Phone",
    company: "Company",
    message: "Message",

    err_invalid_origin: "Enter a site as https://www.example.com (no path).",
    err_required_not_accepted: "A required field must also be accepted.",
    err_consent_missing: "The form cannot be sent without your consent.",
    err_not_found: "This form does not exist or is switched off.",
    err_origin_refused: "This site may not post the form.",
    err_rate_limited: "Too many submissions. Try again in a moment.",
    err_unsupported_type: "Send JSON or a form (application/x-www-form-urlencoded).",

    thanks_title: "Thank you",
    thanks_text: "We have received your enquiry and will be in touch soon.",
    invalid_title: "The form was not sent",
    invalid_back: "Go back and correct these fields:",

    duplicate_subject: |form| format!("Web form: {form}"),

    consents_title: "Consents",
    consent_meta: |version, at, form, address| {
        format!("version {version}, {at}, form {form}, from address {address}")
    },
};
