//! Every user-visible string. A typed table per language: adding a field to [`Texts`] fails to
//! compile until both Czech and English have it, so neither can be incomplete.

mod cs;
mod en;
mod labels;
pub mod time;

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

pub const LANG_COOKIE: &str = "leady_lang";

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum Locale {
    #[default]
    Cs,
    En,
}

impl Locale {
    pub fn code(self) -> &'static str {
        match self {
            Locale::Cs => "cs",
            Locale::En => "en",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        match code.trim().to_ascii_lowercase().as_str() {
            "cs" => Some(Locale::Cs),
            "en" => Some(Locale::En),
            _ => None,
        }
    }

    pub fn texts(self) -> &'static Texts {
        match self {
            Locale::Cs => &cs::TEXTS,
            Locale::En => &en::TEXTS,
        }
    }

    /// Picks Czech or English from an Accept-Language header, honouring q-values.
    /// Slovak readers get Czech; anything unknown gets the default, Czech.
    pub fn from_accept_language(header: &str) -> Self {
        let mut best: Option<(f32, Locale)> = None;
        for part in header.split(',') {
            let mut pieces = part.split(';');
            let tag = pieces.next().unwrap_or("").trim().to_ascii_lowercase();
            let q = pieces
                .find_map(|p| {
                    p.trim()
                        .strip_prefix("q=")
                        .and_then(|q| q.parse::<f32>().ok())
                })
                .unwrap_or(1.0);
            let primary = tag.split('-').next().unwrap_or("");
            let locale = match primary {
                "cs" | "sk" => Locale::Cs,
                "en" => Locale::En,
                _ => continue,
            };
            if best.is_none_or(|(best_q, _)| q > best_q) {
                best = Some((q, locale));
            }
        }
        best.map(|(_, l)| l).unwrap_or_default()
    }
}

/// The user's language, reactive: switching re-renders every text in place.
#[derive(Clone, Copy)]
pub struct I18n {
    locale: RwSignal<Locale>,
}

impl I18n {
    pub fn t(&self) -> &'static Texts {
        self.locale.get().texts()
    }

    pub fn locale(&self) -> Locale {
        self.locale.get()
    }

    pub fn set_locale(&self, locale: Locale) {
        self.locale.set(locale);
    }
}

/// Provides the language for the whole app; called once in `App`.
pub fn provide_i18n() -> I18n {
    let i18n = I18n {
        locale: RwSignal::new(initial_locale()),
    };
    provide_context(i18n);
    i18n
}

pub fn use_i18n() -> I18n {
    expect_context::<I18n>()
}

/// On the server: the cookie, else Accept-Language. In the browser: what the server rendered
/// into `<html lang>`, so hydration sees the same texts.
pub fn initial_locale() -> Locale {
    #[cfg(feature = "ssr")]
    {
        request_locale()
    }
    #[cfg(not(feature = "ssr"))]
    {
        document()
            .document_element()
            .and_then(|e| e.get_attribute("lang"))
            .and_then(|l| Locale::from_code(&l))
            .unwrap_or_default()
    }
}

#[cfg(feature = "ssr")]
pub fn request_locale() -> Locale {
    let Some(parts) = use_context::<axum::http::request::Parts>() else {
        return Locale::default();
    };
    locale_from_headers(&parts.headers)
}

#[cfg(feature = "ssr")]
pub fn locale_from_headers(headers: &axum::http::HeaderMap) -> Locale {
    let from_cookie = headers
        .get_all(axum::http::header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .find_map(|pair| {
            let (name, value) = pair.trim().split_once('=')?;
            (name == LANG_COOKIE)
                .then(|| Locale::from_code(value))
                .flatten()
        });
    from_cookie.unwrap_or_else(|| {
        headers
            .get(axum::http::header::ACCEPT_LANGUAGE)
            .and_then(|v| v.to_str().ok())
            .map(Locale::from_accept_language)
            .unwrap_or_default()
    })
}

/// All texts of one language. Functions stand where a number or name goes into the sentence.
pub struct Texts {
    /// The client side's texts (Organizace, Kontakty, Příležitosti, Převést) live with it.
    pub clients: &'static crate::clients::texts::ClientTexts,
    pub dashboard: &'static crate::dashboard::texts::DashboardTexts,
    /// Web forms (`/admin/forms`, the capture API's answers, consents).
    pub capture: &'static crate::capture::texts::CaptureTexts,
    pub exports: &'static crate::exports::texts::ExportTexts,
    /// The import of leads from a file.
    pub imports: &'static crate::imports::texts::ImportTexts,
    /// The import pages' own labels.
    pub import_pages: &'static crate::imports::page_texts::ImportPageTexts,
    /// The company lookup in ARES.
    pub ares: &'static crate::ares::texts::AresTexts,
    /// Leads from the mailbox.
    pub email: &'static crate::email::texts::EmailTexts,
    pub app_name: &'static str,
    pub nav_board: &'static str,
    pub nav_new_lead: &'static str,
    pub nav_main: &'static str,
    pub switch_language: &'static str,
    pub other_language_name: &'static str,

    pub board_title: &'static str,
    pub search_title: &'static str,
    pub search_label: &'static str,
    pub search_hint: &'static str,
    pub search_button: &'static str,
    pub search_none: &'static str,
    pub board_loading: &'static str,
    pub board_columns: &'static str,
    pub board_empty_column: &'static str,
    pub board_load_more: &'static str,
    pub board_shown_of: fn(usize, u64) -> String,
    pub board_drag_handle: &'static str,
    /// On a card whose move the server has not answered yet.
    pub board_card_saving: &'static str,
    /// A card's move or owner change is asked for while its last one is still being saved.
    pub board_still_saving: fn(&str) -> String,
    pub board_move_menu: &'static str,
    pub board_move_to: &'static str,
    pub board_move_up: &'static str,
    pub board_move_down: &'static str,
    pub board_moved: fn(&str, &str) -> String,
    pub board_reloaded: &'static str,
    pub board_card_count: fn(u64) -> String,

    pub status_new: &'static str,
    pub status_assigned: &'static str,
    pub status_in_process: &'static str,
    pub status_qualified: &'static str,
    pub status_unqualified: &'static str,
    pub status_converted: &'static str,

    pub source_web_form: &'static str,
    pub source_phone: &'static str,
    pub source_email: &'static str,
    pub source_referral: &'static str,
    pub source_trade_fair: &'static str,
    pub source_marketing: &'static str,
    pub source_other: &'static str,

    pub field_first_name: &'static str,
    pub field_last_name: &'static str,
    pub field_email: &'static str,
    pub field_phone: &'static str,
    pub field_company: &'static str,
    pub field_source: &'static str,
    pub field_description: &'static str,
    pub field_status: &'static str,
    pub required_mark: &'static str,
    pub email_or_phone_hint: &'static str,

    pub quick_title: &'static str,
    pub quick_intro: &'static str,
    pub save: &'static str,
    pub saving: &'static str,
    pub quick_saved: fn(&str) -> String,
    pub quick_repeated: fn(&str) -> String,
    pub quick_open_lead: &'static str,
    /// Quick entry with no connection: the queue on the phone (`ui::offline`).
    pub quick_queued: fn(&str) -> String,
    pub quick_waiting_title: fn(usize) -> String,
    pub quick_waiting_intro: &'static str,
    pub quick_waiting_signed_out: &'static str,
    pub quick_waiting_sign_in: &'static str,
    pub quick_waiting_fix: &'static str,
    pub quick_waiting_send: &'static str,
    pub quick_waiting_sent: fn(u32) -> String,
    pub quick_waiting_unnamed: &'static str,
    /// Asked before signing out while leads still wait on the phone.
    pub sign_out_waiting: fn(u32) -> String,

    pub detail_title: &'static str,
    pub detail_saved: &'static str,
    pub detail_history: &'static str,
    pub detail_history_created: &'static str,
    pub detail_created: &'static str,
    pub detail_updated: &'static str,
    pub detail_back: &'static str,
    pub detail_read_only: &'static str,

    pub err_required: &'static str,
    pub err_email_or_phone: &'static str,
    pub err_invalid_email: &'static str,
    pub err_invalid_phone: &'static str,
    pub err_too_long: fn(usize) -> String,
    pub err_unknown_source: &'static str,
    pub err_form_has_errors: &'static str,
    pub err_not_found: &'static str,
    pub err_stale: &'static str,
    pub err_convert_separate: &'static str,
    pub err_converted_final: &'static str,
    pub err_cannot_return_to_new: &'static str,
    pub err_internal: &'static str,
    pub err_transport: &'static str,
    pub err_malformed: &'static str,
    pub err_too_large: &'static str,

    pub sign_in_title: &'static str,
    pub sign_in_intro: &'static str,
    pub field_login_email: &'static str,
    pub field_password: &'static str,
    pub sign_in_button: &'static str,
    pub signing_in: &'static str,
    pub sign_out: &'static str,
    pub signed_in_as: fn(&str, &str) -> String,
    pub role_admin: &'static str,
    pub role_manager: &'static str,
    pub role_salesperson: &'static str,
    pub err_wrong_credentials: &'static str,
    pub err_deactivated: &'static str,
    pub err_throttled: fn(i64) -> String,
    pub err_unauthorized: &'static str,
    pub err_forbidden: &'static str,

    pub not_found_title: &'static str,
    pub not_found_text: &'static str,

    pub regions: [&'static str; 14],
    pub field_region: &'static str,
    pub field_product: &'static str,
    pub choice_none: &'static str,
    pub nav_admin: &'static str,
    pub filter_label: &'static str,
    pub filter_all: &'static str,
    pub filter_mine: &'static str,
    pub filter_unassigned: &'static str,
    pub filter_person: &'static str,
    pub filter_anyone: &'static str,
    pub owner_of: fn(&str) -> String,
    pub owner_none: &'static str,
    pub assign_menu: &'static str,
    pub assign_to: &'static str,
    pub take_lead: &'static str,
    pub return_to_pool: &'static str,
    pub assigned_toast: fn(&str, &str) -> String,
    pub returned_toast: fn(&str) -> String,
    pub detail_owner: &'static str,
    pub detail_assign_button: &'static str,
    pub detail_assignments: &'static str,
    pub assignment_took: fn(&str) -> String,
    pub assignment_change: fn(&str, &str) -> String,
    pub assignment_by: fn(&str) -> String,
    pub assignment_by_rule: fn(&str) -> String,
    pub admin_users: &'static str,
    pub admin_rules: &'static str,
    pub admin_products: &'static str,
    pub admin_sections: &'static str,
    pub users_new: &'static str,
    pub users_edit: fn(&str) -> String,
    pub field_title: &'static str,
    pub field_name: &'static str,
    pub field_role: &'static str,
    pub field_regions: &'static str,
    pub field_products: &'static str,
    pub password_initial_hint: &'static str,
    pub password_keep_hint: &'static str,
    pub user_active: &'static str,
    pub user_inactive: &'static str,
    pub user_deactivate: &'static str,
    pub user_reactivate: &'static str,
    pub edit: &'static str,
    pub cancel: &'static str,
    pub create: &'static str,
    pub saved: &'static str,
    pub user_created: fn(&str) -> String,
    pub user_deactivated: fn(&str) -> String,
    pub user_reactivated: fn(&str) -> String,
    pub rules_intro: &'static str,
    pub rules_empty: &'static str,
    pub rules_new: &'static str,
    pub rule_kind_round_robin: &'static str,
    pub rule_kind_source: &'static str,
    pub rule_kind_region: &'static str,
    pub rule_kind_product: &'static str,
    pub field_rule_kind: &'static str,
    pub field_rule_source: &'static str,
    pub field_rule_region: &'static str,
    pub field_rule_product: &'static str,
    pub rule_any_region: &'static str,
    pub rule_any_product: &'static str,
    pub field_members: &'static str,
    pub members_cover_hint: &'static str,
    pub rule_on: &'static str,
    pub rule_off: &'static str,
    pub field_rule_active: &'static str,
    pub rule_up: &'static str,
    pub rule_down: &'static str,
    pub delete: &'static str,
    pub rule_deleted: &'static str,
    pub rule_everyone_covering: &'static str,
    pub products_new: &'static str,
    pub product_add: &'static str,
    pub product_retire: &'static str,
    pub product_restore: &'static str,
    pub product_retired: &'static str,
    pub products_empty: &'static str,
    pub err_unknown_choice: &'static str,
    pub err_email_taken: &'static str,
    pub err_name_taken: &'static str,
    pub err_password_too_short: &'static str,
    pub err_password_too_long: &'static str,
    pub err_password_too_common: &'static str,
    pub err_inactive_user: &'static str,
    pub err_not_on_yourself: &'static str,

    pub time_just_now: &'static str,
    pub time_minutes_ago: fn(i64) -> String,
    pub time_hours_ago: fn(i64) -> String,
    pub time_days_ago: fn(i64) -> String,

    pub activities_title: &'static str,
    pub activities_empty: &'static str,
    pub activity_kind_label: &'static str,
    pub activity_kind_note: &'static str,
    pub activity_kind_call: &'static str,
    pub activity_kind_meeting: &'static str,
    pub activity_kind_task: &'static str,
    pub activity_kind_email: &'static str,
    pub call_outcome_reached: &'static str,
    pub call_outcome_no_answer: &'static str,
    pub call_outcome_busy: &'static str,
    pub call_outcome_left_message: &'static str,
    pub call_outcome_wrong_number: &'static str,
    pub email_outgoing: &'static str,
    pub email_incoming: &'static str,
    pub activity_outcome: &'static str,
    pub activity_direction: &'static str,
    pub activity_subject: &'static str,
    pub activity_task_title: &'static str,
    pub activity_meeting_title: &'static str,
    pub activity_due: &'static str,
    pub activity_meeting_when: &'static str,
    pub activity_place: &'static str,
    pub activity_note_text: &'static str,
    pub activity_email_body: &'static str,
    pub activity_details: &'static str,
    pub activity_add: &'static str,
    pub activity_logged: fn(&str) -> String,
    pub choice_pick: &'static str,
    pub task_done: &'static str,
    pub task_done_toast: &'static str,
    pub task_reopened_toast: &'static str,
    pub task_overdue: &'static str,
    pub tasks_title: &'static str,
    pub tasks_intro: &'static str,
    pub tasks_open_count: fn(usize) -> String,
    pub tasks_empty: &'static str,
    pub nav_tasks: &'static str,
    pub card_waiting: fn(i64) -> String,
    pub card_waiting_title: &'static str,
    pub card_follow_up: &'static str,
    pub card_follow_up_title: &'static str,
    pub detail_first_contact: &'static str,
    pub detail_waiting: &'static str,
    pub err_invalid_date: &'static str,

    pub qualification_title: &'static str,
    pub qualification_saved: &'static str,
    pub qualification_save: &'static str,
    pub bant_need: &'static str,
    pub bant_need_description: &'static str,
    pub bant_need_confirmed: &'static str,
    pub bant_budget: &'static str,
    pub bant_budget_amount: &'static str,
    pub bant_budget_status: &'static str,
    pub bant_authority: &'static str,
    pub bant_decision_maker: &'static str,
    pub bant_approvers: &'static str,
    pub bant_timing: &'static str,
    pub bant_timing_when: &'static str,
    pub bant_notes: &'static str,
    pub choice_unknown: &'static str,
    pub choice_yes: &'static str,
    pub choice_no: &'static str,
    pub budget_unknown: &'static str,
    pub budget_approved: &'static str,
    pub budget_not_approved: &'static str,
    pub timing_unknown: &'static str,
    pub timing_month: &'static str,
    pub timing_quarter: &'static str,
    pub timing_half_year: &'static str,
    pub timing_year: &'static str,
    pub timing_later: &'static str,
    pub score_label: &'static str,
    pub score_as_suggested: &'static str,
    pub score_suggested: fn(&str) -> String,
    pub score_met: fn(usize, &str) -> String,
    pub score_no_need: &'static str,
    pub score_filter: fn(&str) -> String,
    pub score_of: fn(&str) -> String,
    pub err_invalid_amount: &'static str,

    pub disqualify_title: fn(&str) -> String,
    pub disqualify_reason_label: &'static str,
    pub disqualify_note_label: &'static str,
    pub disqualify_confirm: &'static str,
    pub reason_lost: &'static str,
    pub reason_unreachable: &'static str,
    pub reason_no_longer_interested: &'static str,
    pub reason_cancelled: &'static str,
    pub reason_bad_fit: &'static str,
    pub reason_other: &'static str,
    pub detail_disqualify: &'static str,
    pub detail_reactivate: &'static str,
    pub detail_disqualified: fn(&str) -> String,
    pub disqualified_toast: fn(&str) -> String,
    pub reactivated_toast: fn(&str) -> String,
    pub filter_hide_closed: &'static str,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::leads::model::LeadStatus;

    #[test]
    fn accept_language() {
        assert_eq!(Locale::from_accept_language("en-US,en;q=0.9"), Locale::En);
        assert_eq!(
            Locale::from_accept_language("cs-CZ,cs;q=0.9,en;q=0.8"),
            Locale::Cs
        );
        assert_eq!(
            Locale::from_accept_language("de-DE,en;q=0.5,cs;q=0.7"),
            Locale::Cs
        );
        assert_eq!(Locale::from_accept_language("sk"), Locale::Cs);
        assert_eq!(Locale::from_accept_language("de"), Locale::Cs);
        assert_eq!(Locale::from_accept_language(""), Locale::Cs);
    }

    #[test]
    fn both_languages_name_every_status_differently() {
        for locale in [Locale::Cs, Locale::En] {
            let t = locale.texts();
            let names: std::collections::HashSet<_> =
                LeadStatus::ALL.iter().map(|s| t.status(*s)).collect();
            assert_eq!(names.len(), 6);
        }
        assert_eq!(
            Locale::Cs.texts().status(LeadStatus::InProcess),
            "V jednání"
        );
    }
}
