use super::Texts;

pub static TEXTS: Texts = Texts {
    app_name: "Leady",
    nav_board: "Board",
    nav_new_lead: "New lead",
    nav_main: "Main navigation",
    switch_language: "Switch language",
    other_language_name: "Čeština",

    board_title: "Lead board",
    board_loading: "Loading the board…",
    board_columns: "Board columns",
    board_empty_column: "Nothing here yet.",
    board_load_more: "Show more",
    board_shown_of: |shown, total| format!("{shown} of {total} shown"),
    board_drag_handle: "Drag",
    board_move_menu: "Move…",
    board_move_to: "Move to",
    board_move_up: "Move up",
    board_move_down: "Move down",
    board_moved: |name, status| format!("{name} moved to {status}."),
    board_reloaded: "The board was reloaded.",
    board_card_count: |n| n.to_string(),

    status_new: "New",
    status_assigned: "Assigned",
    status_in_process: "In process",
    status_qualified: "Qualified",
    status_unqualified: "Unqualified",
    status_converted: "Converted",

    source_web_form: "Web form",
    source_phone: "Phone",
    source_email: "Email",
    source_referral: "Referral",
    source_trade_fair: "Trade fair",
    source_marketing: "Marketing",
    source_other: "Other",

    field_first_name: "First name",
    field_last_name: "Last name",
    field_email: "Email",
    field_phone: "Phone",
    field_company: "Company",
    field_source: "Source",
    field_description: "Description",
    field_status: "Status",
    required_mark: "required",
    email_or_phone_hint: "Fill in an email, a phone, or both.",

    quick_title: "Quick lead entry",
    quick_intro: "Note the contact on the spot. A last name and an email or phone are enough.",
    save: "Save",
    saving: "Saving…",
    quick_saved: |name| format!("Lead {name} saved."),
    quick_repeated: |name| format!("Lead {name} was already saved; nothing new was created."),
    quick_open_lead: "Open lead",

    detail_title: "Lead detail",
    detail_saved: "Changes saved.",
    detail_history: "Status history",
    detail_history_created: "Created",
    detail_created: "Created",
    detail_updated: "Last changed",
    detail_back: "Back to the board",
    detail_read_only: "A converted lead can no longer be edited.",

    err_required: "This field is required.",
    err_email_or_phone: "Fill in an email or a phone number.",
    err_invalid_email: "Enter a valid email, e.g. jan.novak@firma.cz.",
    err_invalid_phone: "Enter a valid phone number, e.g. +420 777 123 456 or 777 123 456.",
    err_too_long: |max| format!("At most {max} characters."),
    err_unknown_source: "Choose a source from the list.",
    err_form_has_errors: "The form has errors; please fix the marked fields.",
    err_not_found: "Lead not found.",
    err_stale: "Someone else changed this lead meanwhile. The board was refreshed; please try again.",
    err_convert_separate: "A lead is not dragged into Converted: converting to a client is a separate action.",
    err_converted_final: "A converted lead can no longer be moved.",
    err_cannot_return_to_new: "A lead cannot go back to New: it has already been worked on.",
    err_internal: "Something went wrong on the server. Nothing was saved; please try again.",
    err_transport: "Could not reach the server. Check the connection and try again.",

    not_found_title: "Page not found",
    not_found_text: "This page does not exist.",

    time_just_now: "just now",
    time_minutes_ago: |m| format!("{m} min ago"),
    time_hours_ago: |h| format!("{h} h ago"),
    time_days_ago: |d| {
        if d == 1 {
            "1 day ago".to_string()
        } else {
            format!("{d} days ago")
        }
    },
};
