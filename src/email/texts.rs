//! The mailbox intake's texts in Czech and English. Part of [`crate::i18n::Texts`] (as
//! `email`). The labels written into a lead's description and an activity use the Czech
//! ones: stored data is in the team's language.

pub struct EmailTexts {
    /// The admin tab and the page's heading.
    pub title: &'static str,
    pub intro: &'static str,
    /// No `[email]` host on this instance.
    pub off: &'static str,
    pub mailbox: &'static str,
    pub never_polled: &'static str,
    pub last_poll: &'static str,
    pub new_leads: &'static str,
    pub activities: &'static str,
    pub skipped: &'static str,
    pub failed: &'static str,
    pub ok: &'static str,
    /// In a lead's description: "Předmět: …".
    pub subject_label: &'static str,
    /// In a lead's description: "Přílohy: a.pdf, b.xlsx".
    pub attachments_label: &'static str,
    /// An inbound email activity's subject when the message had none.
    pub no_subject: &'static str,
}

pub static CS: EmailTexts = EmailTexts {
    title: "E-mail",
    intro: "Zprávy ve schránce se stávají leady (zdroj E-mail); zpráva z adresy otevřeného \
            leadu se zapíše k němu jako příchozí e-mail. Automatické odpovědi a nedoručenky \
            se přeskakují.",
    off: "Schránka není nastavená (sekce [email] v Leptos.toml nebo LEADY_EMAIL_HOST).",
    mailbox: "Schránka",
    never_polled: "Schránka zatím nebyla zkontrolována.",
    last_poll: "Poslední kontrola",
    new_leads: "Nové leady",
    activities: "Zapsáno k leadům",
    skipped: "Přeskočeno",
    failed: "Kontrola selhala",
    ok: "V pořádku",
    subject_label: "Předmět",
    attachments_label: "Přílohy",
    no_subject: "(bez předmětu)",
};

pub static EN: EmailTexts = EmailTexts {
    title: "E-mail",
    intro: "Messages in the mailbox become leads (source E-mail); a message from the address \
            of an open lead is logged on it as an incoming email. Auto-replies and bounces \
            are skipped.",
    off: "No mailbox is set up (the [email] section in Leptos.toml, or LEADY_EMAIL_HOST).",
    mailbox: "Mailbox",
    never_polled: "The mailbox has not been checked yet.",
    last_poll: "Last check",
    new_leads: "New leads",
    activities: "Logged on leads",
    skipped: "Skipped",
    failed: "The check failed",
    ok: "OK",
    subject_label: "Subject",
    attachments_label: "Attachments",
    no_subject: "(no subject)",
};
