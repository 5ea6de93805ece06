use super::Texts;

pub static TEXTS: Texts = Texts {
    app_name: "Leady",
    nav_board: "Nástěnka",
    nav_new_lead: "Nový lead",
    nav_main: "Hlavní navigace",
    switch_language: "Přepnout jazyk",
    other_language_name: "English",

    board_title: "Nástěnka leadů",
    board_loading: "Načítám nástěnku…",
    board_columns: "Sloupce nástěnky",
    board_empty_column: "Zatím tu nic není.",
    board_load_more: "Zobrazit další",
    board_shown_of: |shown, total| format!("zobrazeno {shown} z {total}"),
    board_drag_handle: "Přetáhnout",
    board_move_menu: "Přesunout…",
    board_move_to: "Přesunout do",
    board_move_up: "Posunout výš",
    board_move_down: "Posunout níž",
    board_moved: |name, status| format!("{name} přesunut(a) do stavu {status}."),
    board_reloaded: "Nástěnka byla znovu načtena.",
    board_card_count: |n| n.to_string(),

    status_new: "Nový",
    status_assigned: "Přiřazený",
    status_in_process: "V jednání",
    status_qualified: "Kvalifikovaný",
    status_unqualified: "Nekvalifikovaný",
    status_converted: "Převedený",

    source_web_form: "Webový formulář",
    source_phone: "Telefon",
    source_email: "E-mail",
    source_referral: "Doporučení",
    source_trade_fair: "Veletrh",
    source_marketing: "Marketing",
    source_other: "Jiný",

    field_first_name: "Jméno",
    field_last_name: "Příjmení",
    field_email: "E-mail",
    field_phone: "Telefon",
    field_company: "Firma",
    field_source: "Zdroj",
    field_description: "Popis",
    field_status: "Stav",
    required_mark: "povinné",
    email_or_phone_hint: "Vyplňte e-mail, telefon, nebo obojí.",

    quick_title: "Rychlé zadání leadu",
    quick_intro: "Zapište kontakt hned na místě. Stačí příjmení a e-mail nebo telefon.",
    save: "Uložit",
    saving: "Ukládám…",
    quick_saved: |name| format!("Lead {name} je uložen."),
    quick_repeated: |name| format!("Lead {name} už byl uložen, nic nového nevzniklo."),
    quick_open_lead: "Otevřít lead",

    detail_title: "Detail leadu",
    detail_saved: "Změny jsou uloženy.",
    detail_history: "Historie stavů",
    detail_history_created: "Vytvořen",
    detail_created: "Vytvořen",
    detail_updated: "Naposledy změněn",
    detail_back: "Zpět na nástěnku",
    detail_read_only: "Převedený lead už nelze upravovat.",

    err_required: "Toto pole je povinné.",
    err_email_or_phone: "Vyplňte e-mail nebo telefon.",
    err_invalid_email: "Zadejte platný e-mail, např. jan.novak@firma.cz.",
    err_invalid_phone: "Zadejte platné telefonní číslo, např. +420 777 123 456 nebo 777 123 456.",
    err_too_long: |max| format!("Nejvýše {max} znaků."),
    err_unknown_source: "Vyberte zdroj ze seznamu.",
    err_form_has_errors: "Formulář obsahuje chyby, opravte označená pole.",
    err_not_found: "Lead nebyl nalezen.",
    err_stale: "Lead mezitím změnil někdo jiný. Nástěnka byla obnovena, zkuste to znovu.",
    err_convert_separate: "Do stavu Převedený se lead nepřetahuje: převod na klienta je samostatná akce.",
    err_converted_final: "Převedený lead už nelze přesouvat.",
    err_cannot_return_to_new: "Do stavu Nový se lead vrátit nemůže: s tímto leadem se už pracovalo.",
    err_internal: "Něco se pokazilo na serveru. Nic se neuložilo, zkuste to prosím znovu.",
    err_transport: "Nepodařilo se spojit se serverem. Zkontrolujte připojení a zkuste to znovu.",

    not_found_title: "Stránka nenalezena",
    not_found_text: "Tato stránka neexistuje.",

    time_just_now: "právě teď",
    time_minutes_ago: |m| format!("před {m} min"),
    time_hours_ago: |h| format!("před {h} h"),
    time_days_ago: |d| {
        if d == 1 {
            "před 1 dnem".to_string()
        } else {
            format!("před {d} dny")
        }
    },
};
