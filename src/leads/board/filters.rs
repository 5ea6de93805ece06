//! What the board is narrowed to (`BoardChoice`, kept in the URL) and the filters above it.

use leptos::prelude::*;

use crate::auth::model::CurrentUser;
use crate::auth::permissions::sees_all_leads;
use crate::exports::links::ExportLinks;
use crate::exports::model::ExportList;
use crate::i18n::use_i18n;
use crate::leads::model::{BoardFilter, LeadCard, PersonRef};
use crate::qualification::model::Score;

/// What the board is narrowed to: whose leads and which score. It lives in the URL.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(super) struct BoardChoice {
    pub(super) owner: BoardFilter,
    pub(super) score: Option<Score>,
    /// Closed leads stay on the board for a day; this shows all of them.
    pub(super) show_closed: bool,
}

impl BoardChoice {
    /// The choice a board URL's query asks for (`owner`, `score`, `closed`); anything it does
    /// not understand is the default.
    pub(super) fn from_query(
        owner: Option<&str>,
        score: Option<&str>,
        closed: Option<&str>,
    ) -> Self {
        BoardChoice {
            owner: owner.and_then(BoardFilter::from_code).unwrap_or_default(),
            score: score.and_then(Score::from_code),
            show_closed: closed == Some("all"),
        }
    }

    pub(super) fn score_code(&self) -> Option<String> {
        self.score.map(|s| s.code().to_string())
    }

    pub(super) fn closed_code(&self) -> Option<String> {
        self.show_closed.then(|| "all".to_string())
    }

    /// Whether the board keeps a card whose owner changed: only its owner filter counts (an
    /// assignment changes nothing else).
    pub(super) fn admits_owner(&self, card: &LeadCard, me: i32) -> bool {
        self.owner.admits(card.owner.as_ref().map(|o| o.id), me)
    }

    /// Whether the board shows a card that changed elsewhere: its owner and its score.
    pub(super) fn admits(&self, card: &LeadCard, me: i32) -> bool {
        self.admits_owner(card, me) && self.score.is_none_or(|s| card.score == Some(s))
    }

    /// The board's query parameters for this choice (none for the default board).
    pub(super) fn params(&self) -> Vec<(&'static str, String)> {
        let mut params = Vec::new();
        if self.owner != BoardFilter::All {
            params.push(("owner", self.owner.code()));
        }
        if let Some(score) = self.score {
            params.push(("score", score.code().to_string()));
        }
        if self.show_closed {
            params.push(("closed", "all".to_string()));
        }
        params
    }

    /// The board's URL for this choice: "/", "/?owner=mine", "/?owner=7&score=A".
    pub(super) fn href(&self) -> String {
        let params: Vec<String> = self
            .params()
            .into_iter()
            .map(|(name, value)| format!("{name}={value}"))
            .collect();
        if params.is_empty() {
            "/".to_string()
        } else {
            format!("/?{}", params.join("&"))
        }
    }
}

/// "Vše", "Moje", "Nepřiřazené", for managers one salesperson's leads, and the scores A/B/C.
/// Plain links and a GET form, so they work before the WebAssembly arrives and the URL keeps
/// the choice.
#[component]
pub(super) fn BoardFilters(
    me: CurrentUser,
    assignees: Vec<PersonRef>,
    choice: BoardChoice,
) -> impl IntoView {
    let i18n = use_i18n();
    let t = move || i18n.t();
    let link = move |owner: BoardFilter, label: fn(&crate::i18n::Texts) -> &'static str| {
        let href = BoardChoice { owner, ..choice }.href();
        view! {
            <a href=href class="filter-chip" aria-current=(choice.owner == owner).then_some("page")>
                {move || label(t())}
            </a>
        }
    };
    let score_link = move |score: Option<Score>| {
        // A chosen score's chip takes the choice back off.
        let target = if choice.score == score && score.is_some() {
            None
        } else {
            score
        };
        let href = BoardChoice {
            score: target,
            ..choice
        }
        .href();
        let label = score.map(|s| s.code());
        view! {
            <a
                href=href
                class="filter-chip score-chip"
                data-score=label
                aria-current=(choice.score == score && score.is_some()).then_some("page")
                aria-label=move || label.map(|code| (t().score_filter)(code))
            >
                {label}
            </a>
        }
    };
    let navigate = leptos_router::hooks::use_navigate();
    let navigate_closed = navigate.clone();
    let chosen = match choice.owner {
        BoardFilter::Owner(id) => id.to_string(),
        _ => String::new(),
    };
    view! {
        <nav class="board-filters" aria-label=move || t().filter_label>
            {link(BoardFilter::All, |t| t.filter_all)}
            {link(BoardFilter::Mine, |t| t.filter_mine)}
            {link(BoardFilter::Unassigned, |t| t.filter_unassigned)}
            {sees_all_leads(me.role).then(|| view! {
                <form method="get" action="/" class="filter-person">
                    <label for="filter-owner">{move || t().filter_person}</label>
                    <select
                        id="filter-owner"
                        name="owner"
                        on:change=move |ev| {
                            let owner = BoardFilter::from_code(&event_target_value(&ev)).unwrap_or_default();
                            navigate(&BoardChoice { owner, ..choice }.href(), Default::default());
                        }
                    >
                        <option value="" selected=chosen.is_empty()>{move || t().filter_anyone}</option>
                        {assignees.into_iter().map(|p| {
                            let selected = chosen == p.id.to_string();
                            view! { <option value=p.id selected=selected>{p.name}</option> }
                        }).collect_view()}
                    </select>
                    {choice.score.map(|s| view! { <input type="hidden" name="score" value=s.code()/> })}
                    <noscript><button type="submit" class="button secondary">{move || t().filter_label}</button></noscript>
                </form>
            })}
            <span class="score-filters" role="group" aria-label=move || t().score_label>
                {Score::ALL.into_iter().map(|s| score_link(Some(s))).collect_view()}
            </span>
            <label class="filter-toggle">
                <input
                    type="checkbox"
                    checked=!choice.show_closed
                    on:change=move |ev| {
                        let show_closed = !event_target_checked(&ev);
                        navigate_closed(&BoardChoice { show_closed, ..choice }.href(), Default::default());
                    }
                />
                <span>{move || t().filter_hide_closed}</span>
            </label>
            <a href="/search" class="filter-chip">{move || t().search_button}</a>
            // Importing is for those who see every lead the file could duplicate.
            {sees_all_leads(me.role).then(|| view! {
                <a href=crate::imports::model::IMPORT_PAGE class="filter-chip">{move || t().import_pages.board_link}</a>
            })}
            // Every lead this filter admits, not only the cards loaded so far.
            <ExportLinks list=ExportList::Leads params=choice.params()/>
        </nav>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::leads::model::{LeadSource, LeadStatus};

    fn card(id: i32, status: LeadStatus) -> LeadCard {
        LeadCard {
            id,
            first_name: "Jan".into(),
            last_name: "Novák".into(),
            company: String::new(),
            source: LeadSource::Phone,
            status,
            version: 1,
            position: 0,
            created_at: chrono::DateTime::UNIX_EPOCH,
            owner: None,
            first_contact_at: None,
            latest_task_due: None,
            score: None,
            disqualify_reason: None,
        }
    }

    #[test]
    fn the_default_board_is_at_the_root() {
        let choice = BoardChoice::default();
        assert_eq!(choice.href(), "/");
        assert!(choice.params().is_empty());
        assert_eq!(choice.score_code(), None);
        assert_eq!(choice.closed_code(), None);
    }

    #[test]
    fn a_choice_is_its_url_and_back() {
        let choice = BoardChoice {
            owner: BoardFilter::Owner(7),
            score: Some(Score::A),
            show_closed: true,
        };
        assert_eq!(choice.href(), "/?owner=7&score=A&closed=all");
        assert_eq!(
            BoardChoice::from_query(Some("7"), Some("A"), Some("all")),
            choice
        );
        let mine = BoardChoice::from_query(Some("mine"), None, None);
        assert_eq!(mine.owner, BoardFilter::Mine);
        assert_eq!(mine.href(), "/?owner=mine");
        assert_eq!(
            BoardChoice::from_query(Some("none"), Some("C"), None).href(),
            "/?owner=none&score=C"
        );
    }

    #[test]
    fn a_query_it_does_not_understand_is_the_default_board() {
        assert_eq!(
            BoardChoice::from_query(Some("someone"), Some("Z"), Some("yes")),
            BoardChoice::default()
        );
    }

    #[test]
    fn the_score_filter_admits_only_changed_cards_with_that_score() {
        let choice = BoardChoice {
            score: Some(Score::B),
            ..BoardChoice::default()
        };
        let mut lead = card(1, LeadStatus::Qualified);
        assert!(!choice.admits(&lead, 5));
        // An assignment keeps the card whatever its score.
        assert!(choice.admits_owner(&lead, 5));
        lead.score = Some(Score::B);
        assert!(choice.admits(&lead, 5));
        lead.score = Some(Score::A);
        assert!(!choice.admits(&lead, 5));
    }

    #[test]
    fn the_owner_filter_follows_the_card_owner() {
        let mine = BoardChoice {
            owner: BoardFilter::Mine,
            ..BoardChoice::default()
        };
        let pool = BoardChoice {
            owner: BoardFilter::Unassigned,
            ..BoardChoice::default()
        };
        let mut lead = card(1, LeadStatus::New);
        assert!(!mine.admits(&lead, 5));
        assert!(pool.admits(&lead, 5));
        lead.owner = Some(PersonRef {
            id: 5,
            name: "Eva Malá".into(),
        });
        assert!(mine.admits(&lead, 5));
        assert!(!mine.admits(&lead, 6));
        assert!(!pool.admits(&lead, 5));
    }
}
