//! The lead board: six status columns, cards dragged with a mouse (HTML5 drag and drop), a
//! finger (pointer events on the card's handle, so a swipe elsewhere still scrolls) or moved
//! with the keyboard through the card's "Přesunout…" menu. Moves show at once and are undone
//! with a message if the server refuses them. The same menu assigns the lead (a manager) or
//! takes it (a salesperson, from the pool); filters above the board narrow it to one person's
//! leads or the pool.

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos::web_sys;
use wasm_bindgen::JsCast;

use leptos_router::hooks::use_query_map;

use super::api::{get_card, load_board, load_column, move_lead};
use super::closing::{DisqualifyInput, DisqualifyReason};
use super::disqualify_dialog::DisqualifyDialog;
use super::model::{
    BoardFilter, BoardView, LeadCard, LeadStatus, MoveRequest, PageCursor, PersonRef,
    allowed_targets, check_transition,
};
use crate::assignment::api::assign_lead;
use crate::auth::model::CurrentUser;
use crate::auth::permissions::sees_all_leads;
use crate::error::AppError;
use crate::exports::links::ExportLinks;
use crate::exports::model::ExportList;
use crate::i18n::{I18n, time::age, use_i18n};
use crate::live::listen::{Heard, listen};
use crate::live::model::{EventKind, LeadEvent};
use crate::qualification::model::Score;
use crate::ui::clock::use_now;
use crate::ui::column_tabs::{ColumnTab, ColumnTabs, visible_column};
use crate::ui::timers::{Repeating, after, every};
use crate::ui::toast::{Toasts, use_toasts};

#[component]
pub fn Board() -> impl IntoView {
    let i18n = use_i18n();
    // Bumped when the board must be fetched again (a stale move, a vanished card).
    let reload = RwSignal::new(0u32);
    let query = use_query_map();
    let choice = Memo::new(move |_| {
        let query = query.read();
        BoardChoice {
            owner: query
                .get("owner")
                .and_then(|code| BoardFilter::from_code(&code))
                .unwrap_or_default(),
            score: query.get("score").and_then(|code| Score::from_code(&code)),
            show_closed: query.get("closed").as_deref() == Some("all"),
        }
    });
    let pages = Resource::new(
        move || (reload.get(), choice.get()),
        |(_, choice)| {
            load_board(
                choice.owner.code(),
                choice.score_code(),
                choice.closed_code(),
            )
        },
    );
    view! {
        <section class="board-page">
            <h1 class="board-title">{move || i18n.t().board_title}</h1>
            <Transition fallback=move || view! { <p class="loading">{i18n.t().board_loading}</p> }>
                {move || Suspend::new(async move {
                    match pages.await {
                        Ok(view) => {
                            let choice = choice.get_untracked();
                            view! {
                                <BoardFilters me=view.me.clone() assignees=view.assignees.clone() choice/>
                                <Columns view reload choice/>
                            }.into_any()
                        }
                        Err(err) => view! {
                            <p class="form-error" role="alert">{move || i18n.t().error(&err)}</p>
                        }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

/// One column's cards as the browser knows them.
#[derive(Clone, Copy)]
struct Column {
    status: LeadStatus,
    total: RwSignal<u64>,
    cards: RwSignal<Vec<LeadCard>>,
    next: RwSignal<Option<PageCursor>>,
    loading: RwSignal<bool>,
}

/// Where a dragged card would land: in `status`, right after `after_id` (None: on top).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct DropSpot {
    status: LeadStatus,
    after_id: Option<i32>,
}

/// A finger drag in progress: the floating copy of the card follows (x, y).
#[derive(Clone, Debug, PartialEq)]
struct TouchDrag {
    name: String,
    x: f64,
    y: f64,
}

/// Everything the board's pieces share. Copy: signals only.
#[derive(Clone, Copy)]
struct BoardState {
    columns: StoredValue<Vec<Column>>,
    dragging: RwSignal<Option<i32>>,
    drop_spot: RwSignal<Option<DropSpot>>,
    touch: RwSignal<Option<TouchDrag>>,
    /// Cards whose move is on its way to the server: not movable until it answers.
    pending: RwSignal<Vec<i32>>,
    highlight: RwSignal<Option<i32>>,
    reload: RwSignal<u32>,
    i18n: I18n,
    toasts: Toasts,
    me: StoredValue<CurrentUser>,
    /// People a manager may assign to (empty for salespeople).
    assignees: StoredValue<Vec<PersonRef>>,
    choice: BoardChoice,
    /// A move into Nekvalifikovaný waiting for its reason.
    asking: RwSignal<Option<AskReason>>,
    /// Live events heard during a drag: applied when it ends, so that no card moves under
    /// the user's hand.
    deferred: RwSignal<Vec<LeadEvent>>,
    /// The stream asked for a reload during a drag: it waits for the drag to end too (a
    /// reload rebuilds the columns, and the dragged card would lose its pointer and timer).
    resync_waiting: RwSignal<bool>,
}

/// A disqualifying move the dialog asks a reason for.
#[derive(Clone, Debug, PartialEq)]
struct AskReason {
    lead_id: i32,
    name: String,
    after_id: Option<i32>,
    announce: bool,
}

impl BoardState {
    fn column(&self, status: LeadStatus) -> Column {
        self.columns.with_value(|c| c[status.index()])
    }

    fn find(&self, lead_id: i32) -> Option<(Column, usize, LeadCard)> {
        self.columns.with_value(|columns| {
            columns.iter().find_map(|col| {
                col.cards.with_untracked(|cards| {
                    cards
                        .iter()
                        .position(|c| c.id == lead_id)
                        .map(|i| (*col, i, cards[i].clone()))
                })
            })
        })
    }

    /// Whether the card's last change is still on its way to the server; if so, the user who
    /// asked for another change is told so (the card cannot take it until the answer comes).
    fn still_saving(&self, lead_id: i32) -> bool {
        let saving = self.pending.with_untracked(|p| p.contains(&lead_id));
        if saving {
            let name = self
                .find(lead_id)
                .map(|(_, _, card)| card.full_name())
                .unwrap_or_default();
            self.toasts.info((self.i18n.t().board_still_saving)(&name));
        }
        saving
    }

    /// Moves a card as `move_card_with` does; a move into Nekvalifikovaný first asks why.
    fn move_card(
        &self,
        lead_id: i32,
        to: LeadStatus,
        after_id: Option<i32>,
        announce: bool,
    ) -> bool {
        let asks = to == LeadStatus::Unqualified
            && !self.pending.with_untracked(|p| p.contains(&lead_id))
            && self.find(lead_id).is_some_and(|(_, _, card)| {
                card.status != LeadStatus::Unqualified && check_transition(card.status, to).is_ok()
            });
        if asks {
            let name = self
                .find(lead_id)
                .map(|(_, _, card)| card.full_name())
                .unwrap_or_default();
            self.asking.set(Some(AskReason {
                lead_id,
                name,
                after_id,
                announce,
            }));
            return true;
        }
        self.move_card_with(lead_id, to, after_id, announce, None)
    }

    /// Moves a card: checks the rule, shows the move at once, asks the server, and undoes
    /// it with the server's reason if refused. Returns false when nothing was attempted.
    fn move_card_with(
        &self,
        lead_id: i32,
        to: LeadStatus,
        after_id: Option<i32>,
        announce: bool,
        disqualify: Option<DisqualifyInput>,
    ) -> bool {
        let Some((from_col, index, card)) = self.find(lead_id) else {
            return false;
        };
        if self.still_saving(lead_id) || after_id == Some(lead_id) {
            return false;
        }
        let previous = index
            .checked_sub(1)
            .and_then(|i| from_col.cards.with_untracked(|c| c.get(i).map(|c| c.id)));
        if card.status == to && previous == after_id {
            return false;
        }
        let t = self.i18n.t();
        if let Err(refusal) = check_transition(card.status, to) {
            self.toasts.error(t.transition(refusal));
            return false;
        }

        let snapshot = self.snapshot();
        from_col.cards.update(|cards| {
            cards.remove(index);
        });
        from_col.total.update(|n| *n = n.saturating_sub(1));
        let target = self.column(to);
        let mut moved = card.clone();
        moved.status = to;
        // A card entering a column shows its reason there at once (none outside Nekvalifikovaný).
        if to != card.status {
            moved.disqualify_reason = disqualify
                .as_ref()
                .and_then(|d| DisqualifyReason::from_code(d.reason.trim()));
        }
        target.cards.update(|cards| {
            let at = match after_id {
                None => 0,
                Some(after) => cards
                    .iter()
                    .position(|c| c.id == after)
                    .map(|i| i + 1)
                    .unwrap_or(cards.len()),
            };
            cards.insert(at, moved);
        });
        target.total.update(|n| *n += 1);
        self.pending.update(|p| p.push(lead_id));
        if announce {
            self.toasts
                .info((t.board_moved)(&card.full_name(), t.status(to)));
            focus_card_menu(lead_id);
        }

        let state = *self;
        let request = MoveRequest {
            lead_id,
            version: card.version,
            to,
            after_id,
            disqualify,
        };
        spawn_local(async move {
            let answer = move_lead(request).await;
            state.pending.update(|p| p.retain(|id| *id != lead_id));
            match answer {
                Ok(saved) => {
                    state.column(to).cards.update(|cards| {
                        if let Some(c) = cards.iter_mut().find(|c| c.id == lead_id) {
                            *c = saved;
                        }
                    });
                    state.flash(lead_id);
                }
                Err(err) => {
                    state.restore(snapshot);
                    state.toasts.error(state.i18n.t().error(&err));
                    if matches!(err, AppError::Stale | AppError::NotFound) {
                        state.reload.update(|n| *n += 1);
                    }
                }
            }
        });
        true
    }

    /// Gives the card to `to` (None: back to the pool) and shows the answer in place: a card
    /// leaving Nový lands on top of Přiřazený; a card the filter no longer admits leaves.
    fn assign_card(&self, lead_id: i32, to: Option<i32>) {
        if self.still_saving(lead_id) {
            return;
        }
        self.pending.update(|p| p.push(lead_id));
        let state = *self;
        spawn_local(async move {
            let answer = assign_lead(lead_id, to).await;
            state.pending.update(|p| p.retain(|id| *id != lead_id));
            match answer {
                Ok(card) => {
                    let t = state.i18n.t();
                    let name = card.full_name();
                    match &card.owner {
                        Some(owner) => state.toasts.info((t.assigned_toast)(&name, &owner.name)),
                        None => state.toasts.info((t.returned_toast)(&name)),
                    }
                    state.place(card);
                    state.flash(lead_id);
                    focus_card_menu(lead_id);
                }
                Err(err) => {
                    state.toasts.error(state.i18n.t().error(&err));
                    if matches!(err, AppError::Stale | AppError::NotFound) {
                        state.reload.update(|n| *n += 1);
                    }
                }
            }
        });
    }

    /// Puts a card the server answered with where it now belongs.
    fn place(&self, card: LeadCard) {
        let me = self.me.with_value(|m| m.id);
        let admitted = self
            .choice
            .owner
            .admits(card.owner.as_ref().map(|o| o.id), me);
        if let Some((col, index, old)) = self.find(card.id) {
            if old.status == card.status && admitted {
                col.cards.update(|cards| cards[index] = card);
                return;
            }
            col.cards.update(|cards| {
                cards.remove(index);
            });
            col.total.update(|n| *n = n.saturating_sub(1));
        }
        if admitted {
            let target = self.column(card.status);
            target.cards.update(|cards| cards.insert(0, card));
            target.total.update(|n| *n += 1);
        }
    }

    /// The stream missed events: reload the columns, once no card is under the user's hand.
    fn resync(&self) {
        if self.dragging.with_untracked(Option::is_some)
            || self.touch.with_untracked(Option::is_some)
        {
            self.resync_waiting.set(true);
            return;
        }
        self.reload.update(|n| *n += 1);
    }

    /// Someone changed a lead: fetch its card and show it where it now is (or drop it when
    /// this user may no longer see it). Cards of the user's own move in flight, or under the
    /// user's finger or mouse, are left alone: the move's answer settles them.
    fn heard(&self, event: LeadEvent) {
        if self.dragging.with_untracked(Option::is_some)
            || self.touch.with_untracked(Option::is_some)
        {
            self.deferred.update(|d| d.push(event));
            return;
        }
        let id = event.lead_id;
        if self.pending.with_untracked(|p| p.contains(&id)) {
            return;
        }
        // Already showing that version (the user's own change): nothing new. Activities do
        // not change the version but may change the follow-up flag.
        let known = self
            .find(id)
            .is_some_and(|(_, _, card)| card.version >= event.version);
        if known && event.kind != EventKind::Activity {
            return;
        }
        let state = *self;
        spawn_local(async move {
            match get_card(id).await {
                Ok(card) => state.place_live(card),
                Err(AppError::NotFound) => state.drop_card(id),
                Err(_) => {}
            }
        });
    }

    /// Puts a card that changed elsewhere into its column at its place in board order; a card
    /// the board's filters do not admit leaves. A place below the loaded cards only counts.
    fn place_live(&self, card: LeadCard) {
        if self.pending.with_untracked(|p| p.contains(&card.id)) {
            return;
        }
        let me = self.me.with_value(|m| m.id);
        let admitted = self
            .choice
            .owner
            .admits(card.owner.as_ref().map(|o| o.id), me)
            && self.choice.score.is_none_or(|s| card.score == Some(s));
        if let Some((col, index, old)) = self.find(card.id)
            && old.status == card.status
            && old.position == card.position
            && admitted
        {
            col.cards.update(|cards| cards[index] = card);
            return;
        }
        self.drop_card(card.id);
        if !admitted {
            return;
        }
        let id = card.id;
        let target = self.column(card.status);
        let key = (card.position, card.id);
        let at = target
            .cards
            .with_untracked(|cards| cards.iter().position(|c| (c.position, c.id) > key));
        let more_below = target.next.with_untracked(Option::is_some);
        target.total.update(|n| *n += 1);
        match at {
            Some(at) => target.cards.update(|cards| cards.insert(at, card)),
            None if !more_below => target.cards.update(|cards| cards.push(card)),
            None => return,
        }
        self.flash(id);
    }

    /// Takes a card off the board (it moved out of sight), keeping the counts right.
    fn drop_card(&self, lead_id: i32) {
        if let Some((col, index, _)) = self.find(lead_id) {
            col.cards.update(|cards| {
                cards.remove(index);
            });
            col.total.update(|n| *n = n.saturating_sub(1));
        }
    }

    fn snapshot(&self) -> Vec<(Vec<LeadCard>, u64)> {
        self.columns.with_value(|columns| {
            columns
                .iter()
                .map(|c| (c.cards.get_untracked(), c.total.get_untracked()))
                .collect()
        })
    }

    fn restore(&self, snapshot: Vec<(Vec<LeadCard>, u64)>) {
        self.columns.with_value(|columns| {
            for (col, (cards, total)) in columns.iter().zip(snapshot) {
                col.cards.set(cards);
                col.total.set(total);
            }
        });
    }

    /// A short highlight on a card that just changed.
    fn flash(&self, lead_id: i32) {
        self.highlight.set(Some(lead_id));
        let highlight = self.highlight;
        after(std::time::Duration::from_millis(1200), move || {
            highlight.update(|h| {
                if *h == Some(lead_id) {
                    *h = None
                }
            })
        });
    }

    fn load_more(&self, status: LeadStatus) {
        let col = self.column(status);
        let Some(cursor) = col.next.get_untracked() else {
            return;
        };
        if col.loading.get_untracked() {
            return;
        }
        col.loading.set(true);
        let state = *self;
        spawn_local(async move {
            match load_column(
                status,
                Some(cursor),
                state.choice.owner.code(),
                state.choice.score_code(),
                state.choice.closed_code(),
            )
            .await
            {
                Ok(page) => {
                    col.cards.update(|cards| {
                        for card in page.cards {
                            if !cards.iter().any(|c| c.id == card.id) {
                                cards.push(card);
                            }
                        }
                    });
                    col.total.set(page.total);
                    col.next.set(page.next);
                }
                Err(err) => state.toasts.error(state.i18n.t().error(&err)),
            }
            col.loading.set(false);
        });
    }

    fn end_drag(&self) {
        self.dragging.set(None);
        self.drop_spot.set(None);
        self.touch.set(None);
        // What was heard meanwhile, once the drop's own move (if any) is under way.
        let waiting = self.deferred.try_update(std::mem::take).unwrap_or_default();
        if self.resync_waiting.try_update(std::mem::take) == Some(true) {
            // The reload shows everything as it is now, the waiting events included.
            let state = *self;
            spawn_local(async move { state.resync() });
            return;
        }
        if !waiting.is_empty() {
            let state = *self;
            spawn_local(async move {
                for event in waiting {
                    state.heard(event);
                }
            });
        }
    }
}

/// What the board is narrowed to: whose leads and which score. It lives in the URL.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
struct BoardChoice {
    owner: BoardFilter,
    score: Option<Score>,
    /// Closed leads stay on the board for a day; this shows all of them.
    show_closed: bool,
}

impl BoardChoice {
    fn score_code(&self) -> Option<String> {
        self.score.map(|s| s.code().to_string())
    }

    fn closed_code(&self) -> Option<String> {
        self.show_closed.then(|| "all".to_string())
    }

    /// The board's query parameters for this choice (none for the default board).
    fn params(&self) -> Vec<(&'static str, String)> {
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
    fn href(&self) -> String {
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
fn BoardFilters(me: CurrentUser, assignees: Vec<PersonRef>, choice: BoardChoice) -> impl IntoView {
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

#[component]
fn Columns(view: BoardView, reload: RwSignal<u32>, choice: BoardChoice) -> impl IntoView {
    let pages = view.columns;
    let columns: Vec<Column> = LeadStatus::ALL
        .into_iter()
        .map(|status| {
            let page = pages.iter().find(|p| p.status == status);
            Column {
                status,
                total: RwSignal::new(page.map(|p| p.total).unwrap_or(0)),
                cards: RwSignal::new(page.map(|p| p.cards.clone()).unwrap_or_default()),
                next: RwSignal::new(page.and_then(|p| p.next)),
                loading: RwSignal::new(false),
            }
        })
        .collect();
    let state = BoardState {
        columns: StoredValue::new(columns.clone()),
        dragging: RwSignal::new(None),
        drop_spot: RwSignal::new(None),
        touch: RwSignal::new(None),
        pending: RwSignal::new(Vec::new()),
        highlight: RwSignal::new(None),
        reload,
        i18n: use_i18n(),
        toasts: use_toasts(),
        me: StoredValue::new(view.me),
        assignees: StoredValue::new(view.assignees),
        choice,
        asking: RwSignal::new(None),
        deferred: RwSignal::new(Vec::new()),
        resync_waiting: RwSignal::new(false),
    };
    // Leaving the page (reload, another address, closing the tab) while a move is on its way
    // may lose it: the browser asks first. Nothing is asked when nothing is pending.
    let leave_guard = window_event_listener(leptos::ev::beforeunload, move |ev| {
        if state.pending.with_untracked(|p| !p.is_empty()) {
            ev.prevent_default();
            ev.set_return_value("");
        }
    });
    on_cleanup(move || leave_guard.remove());
    let active = RwSignal::new(0usize);
    let scroller = NodeRef::<leptos::html::Div>::new();
    let edge = EdgeScroll::new();
    // A timer left running would tick on values this view no longer owns.
    on_cleanup(move || edge.stop());
    // Changes by anyone else arrive while the board is open (browser only: effects do not run
    // on the server).
    let live_from = view.live_from;
    Effect::new(move |_| {
        listen(live_from, move |heard| match heard {
            Heard::Lead(event) => state.heard(event),
            Heard::Resync => state.resync(),
        });
    });
    view! {
        <ColumnTabs tabs=column_tabs(&columns, state) active scroller/>
        <div
            class="columns"
            class:drag-active=move || state.dragging.with(Option::is_some)
            node_ref=scroller
            aria-label=move || state.i18n.t().board_columns
            // A mouse held at an edge scrolls the board on a timer: dragover events alone come
            // only as often as the browser likes (and stop while the mouse rests over cards).
            on:dragover=move |ev: web_sys::DragEvent| {
                if state.dragging.get_untracked().is_some() {
                    edge.follow(ev.client_x() as f64, state, scroller);
                }
            }
            on:scroll=move |_| {
                if let Some(el) = scroller.get() {
                    active.set(visible_column(&el));
                }
            }
        >
            {columns.into_iter().map(|col| view! { <ColumnView col state/> }).collect_view()}
        </div>
        <TouchGhost state/>
        {move || state.asking.get().map(|ask| {
            let AskReason { lead_id, name, after_id, announce } = ask;
            let on_confirm = Callback::new(move |input: DisqualifyInput| {
                state.asking.set(None);
                state.move_card_with(lead_id, LeadStatus::Unqualified, after_id, announce, Some(input));
            });
            let on_cancel = Callback::new(move |_| {
                state.asking.set(None);
                focus_card_menu(lead_id);
            });
            view! { <DisqualifyDialog lead_name=name on_confirm on_cancel/> }
        })}
    }
}

/// The phone's column tabs: each status with its true total.
fn column_tabs(columns: &[Column], state: BoardState) -> Vec<ColumnTab> {
    columns
        .iter()
        .map(|col| {
            let (status, total) = (col.status, col.total);
            ColumnTab {
                label: Signal::derive(move || state.i18n.t().status(status)),
                count: Signal::derive(move || total.get().to_string()),
            }
        })
        .collect()
}

#[component]
fn ColumnView(col: Column, state: BoardState) -> impl IntoView {
    let t = move || state.i18n.t();
    let code = col.status.code();
    let heading_id = format!("column-{code}-title");
    let labelled_by = heading_id.clone();
    let is_drop_top = move || {
        state.drop_spot.get()
            == Some(DropSpot {
                status: col.status,
                after_id: None,
            })
    };

    let on_dragover = move |ev: web_sys::DragEvent| {
        let Some(dragged) = state.dragging.get_untracked() else {
            return;
        };
        ev.prevent_default();
        if let Some(section) = ev
            .current_target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        {
            let spot = DropSpot {
                status: col.status,
                after_id: after_id_at(&section, ev.client_y() as f64, dragged, "data-lead-id"),
            };
            if state.drop_spot.get_untracked() != Some(spot) {
                state.drop_spot.set(Some(spot));
            }
        }
    };
    let on_drop = move |ev: web_sys::DragEvent| {
        ev.prevent_default();
        let Some(dragged) = state.dragging.get_untracked() else {
            return;
        };
        // Where the card is let go, from the drop itself: the board may have moved under a
        // resting pointer since the last dragover (an edge scroll settling on a column).
        let spot = ev
            .current_target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            .map(|section| DropSpot {
                status: col.status,
                after_id: after_id_at(&section, ev.client_y() as f64, dragged, "data-lead-id"),
            })
            .or_else(|| state.drop_spot.get_untracked());
        state.end_drag();
        if let Some(spot) = spot {
            state.move_card(dragged, spot.status, spot.after_id, false);
        }
    };

    view! {
        <section
            class="column"
            class:drop-top=is_drop_top
            class:drop-target=move || state.drop_spot.get().is_some_and(|s| s.status == col.status)
            data-status=code
            aria-labelledby=labelled_by
            on:dragover=on_dragover
            on:drop=on_drop
        >
            <h2 class="column-head" id=heading_id>
                <span class="column-name">{move || t().status(col.status)}</span>
                <span class="column-count">{move || (t().board_card_count)(col.total.get())}</span>
            </h2>
            <ul
                class="cards"
                aria-label=move || t().status(col.status)
                on:scroll=move |ev| {
                    if let Some(el) = ev.target().and_then(|t| t.dyn_into::<web_sys::Element>().ok())
                        && el.scroll_top() + el.client_height() + 200 >= el.scroll_height()
                    {
                        state.load_more(col.status);
                    }
                }
            >
                <For
                    each=move || col.cards.get()
                    // Keyed by id and owner: a server answer with a new version must not
                    // re-create the card (a keyboard user's focus, an open menu would be lost);
                    // a new owner does, to redraw its badge and menu (focus is put back).
                    key=|card| (card.id, card.owner.as_ref().map(|o| o.id))
                    let(card)
                >
                    <CardView card col state/>
                </For>
            </ul>
            <Show when=move || col.cards.with(Vec::is_empty)>
                <p class="column-empty">{move || t().board_empty_column}</p>
            </Show>
            <Show when=move || col.next.with(Option::is_some)>
                <div class="column-more">
                    <span class="shown-of">
                        {move || (t().board_shown_of)(col.cards.with(Vec::len), col.total.get())}
                    </span>
                    <button
                        type="button"
                        class="button secondary"
                        disabled=move || col.loading.get()
                        on:click=move |_| state.load_more(col.status)
                    >
                        {move || t().board_load_more}
                    </button>
                </div>
            </Show>
        </section>
    }
}

#[component]
fn CardView(card: LeadCard, col: Column, state: BoardState) -> impl IntoView {
    let t = move || state.i18n.t();
    let now = use_now();
    let id = card.id;
    let name = card.full_name();
    let created_at = card.created_at;
    let source = card.source;
    let owner = card.owner.clone();
    let waiting = card.waiting_since();
    // The card as loaded: its speed-to-lead and follow-up state change with the clock.
    let snapshot = StoredValue::new(card.clone());
    let is_pending = move || state.pending.with(|p| p.contains(&id));

    let on_dragstart = move |ev: web_sys::DragEvent| {
        if state.still_saving(id) {
            ev.prevent_default();
            return;
        }
        if let Some(dt) = ev.data_transfer() {
            let _ = dt.set_data("text/plain", &id.to_string());
            dt.set_effect_allowed("move");
        }
        state.dragging.set(Some(id));
    };

    view! {
        <li
            class="card"
            class:dragging=move || state.dragging.get() == Some(id)
            class:pending=is_pending
            aria-busy=move || is_pending().then_some("true")
            class:highlight=move || state.highlight.get() == Some(id)
            class:drop-after=move || state.drop_spot.get() == Some(DropSpot { status: col.status, after_id: Some(id) })
            data-lead-id=id
            draggable="true"
            on:dragstart=on_dragstart
            on:dragend=move |_| state.end_drag()
        >
            <div class="card-main">
                <a class="card-name" href=format!("/leads/{id}") draggable="false">{name.clone()}</a>
                <span class="card-company">{card.company.clone()}</span>
                <span class="card-meta">
                    <span class="card-source">{move || t().source(source)}</span>
                    {match waiting {
                        // Speed-to-lead: an uncontacted lead shows how long it has waited.
                        Some(since) => view! {
                            <time
                                class="waiting"
                                class:late=move || snapshot.with_value(|c| c.waits_too_long(now.get()))
                                datetime=since.to_rfc3339()
                                title=move || t().card_waiting_title
                            >
                                {move || (t().card_waiting)((now.get() - since).num_minutes().max(0))}
                            </time>
                        }.into_any(),
                        None => view! {
                            <time datetime=created_at.to_rfc3339()>{move || age(t(), created_at, now.get())}</time>
                        }.into_any(),
                    }}
                </span>
                {card.disqualify_reason.map(|reason| view! {
                    <span class="card-reason">{move || t().disqualify_reason(reason)}</span>
                })}
                // Said once by the move's toast; the card itself is marked busy.
                <Show when=is_pending>
                    <span class="card-saving">{move || t().board_card_saving}</span>
                </Show>
                <Show when=move || snapshot.with_value(|c| c.needs_follow_up(now.get()))>
                    <span class="follow-up-flag" title=move || t().card_follow_up_title>{move || t().card_follow_up}</span>
                </Show>
            </div>
            <div class="card-actions">
                {card.score.map(|score| view! {
                    <span class="score-badge" data-score=score.code() aria-label=move || (t().score_of)(score.code())>{score.code()}</span>
                })}
                {owner.map(|o| {
                    let title = (t().owner_of)(&o.name);
                    view! { <span class="owner-badge" title=title.clone() aria-label=title>{o.initials()}</span> }
                })}
                <DragHandle id name=name.clone() state/>
                <MoveMenu id status=card.status owner=card.owner.as_ref().map(|o| o.id) col state/>
            </div>
        </li>
    }
}

/// The finger's way to drag: touching the handle starts a drag (the rest of the card still
/// scrolls the page). Mice use HTML5 drag and drop on the whole card instead.
#[component]
fn DragHandle(id: i32, name: String, state: BoardState) -> impl IntoView {
    let last_x = StoredValue::new(0.0f64);
    let scroll_timer = StoredValue::new(None::<Repeating>);
    let stop_scrolling = move || {
        // Dropping the timer stops it.
        scroll_timer.try_update_value(Option::take);
    };
    // A card redrawn mid-drag must not leave its timer ticking on values it no longer owns.
    on_cleanup(stop_scrolling);
    let track = move |x: f64, y: f64| {
        last_x.set_value(x);
        state.touch.update(|t| {
            if let Some(t) = t {
                t.x = x;
                t.y = y;
            }
        });
        state.drop_spot.set(spot_at(x, y, id));
    };
    let on_pointerdown = {
        let name = name.clone();
        move |ev: web_sys::PointerEvent| {
            if ev.pointer_type() == "mouse" || state.still_saving(id) {
                return;
            }
            ev.prevent_default();
            if let Some(el) = ev
                .current_target()
                .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            {
                let _ = el.set_pointer_capture(ev.pointer_id());
            }
            let (x, y) = (ev.client_x() as f64, ev.client_y() as f64);
            state.dragging.set(Some(id));
            state.touch.set(Some(TouchDrag {
                name: name.clone(),
                x,
                y,
            }));
            track(x, y);
            // Holding the card at the screen's edge scrolls the board to the next column.
            let timer = every(std::time::Duration::from_millis(30), move || {
                let Some(board) = document().query_selector(".columns").ok().flatten() else {
                    return;
                };
                if scroll_at_edge(&board, last_x.get_value())
                    && let Some(t) = state.touch.get_untracked()
                {
                    state.drop_spot.set(spot_at(t.x, t.y, id));
                }
            });
            scroll_timer.set_value(Some(timer));
        }
    };
    view! {
        <button
            type="button"
            class="drag-handle"
            tabindex="-1"
            aria-hidden="true"
            title=move || state.i18n.t().board_drag_handle
            on:pointerdown=on_pointerdown
            on:pointermove=move |ev: web_sys::PointerEvent| {
                if state.touch.with_untracked(Option::is_some) {
                    track(ev.client_x() as f64, ev.client_y() as f64);
                }
            }
            on:pointerup=move |_| {
                stop_scrolling();
                let spot = state.drop_spot.get_untracked();
                let was_touch = state.touch.with_untracked(Option::is_some);
                state.end_drag();
                if let (true, Some(spot)) = (was_touch, spot) {
                    state.move_card(id, spot.status, spot.after_id, false);
                }
            }
            on:pointercancel=move |_| {
                stop_scrolling();
                state.end_drag();
            }
        >
            "⠿"
        </button>
    }
}

/// The floating copy of a card under the finger.
#[component]
fn TouchGhost(state: BoardState) -> impl IntoView {
    move || {
        state.touch.get().map(|t| {
            view! {
                // Through the CSSOM, not a `style` attribute: the CSP refuses inline styles.
                <div class="drag-ghost" aria-hidden="true"
                    style:transform=format!("translate({}px, {}px)", t.x - 20.0, t.y - 20.0)>
                    {t.name}
                </div>
            }
        })
    }
}

/// The keyboard and screen-reader way to move a card.
#[component]
fn MoveMenu(
    id: i32,
    status: LeadStatus,
    owner: Option<i32>,
    col: Column,
    state: BoardState,
) -> impl IntoView {
    let t = move || state.i18n.t();
    let open = RwSignal::new(false);
    let menu_id = format!("move-menu-{id}");
    let wrapper = NodeRef::<leptos::html::Div>::new();

    let close_and_focus_button = move || {
        open.set(false);
        focus_card_menu(id);
    };
    let neighbours = move || {
        col.cards.with_untracked(|cards| {
            let i = cards.iter().position(|c| c.id == id)?;
            Some((
                // Moving up: land after the card two places above (or on top).
                i.checked_sub(2).map(|j| cards[j].id),
                i >= 1,
                cards.get(i + 1).map(|c| c.id),
            ))
        })
    };
    let choose = move |to: LeadStatus, after: Option<i32>| {
        open.set(false);
        state.move_card(id, to, after, true);
    };
    let give = move |to: Option<i32>| {
        open.set(false);
        state.assign_card(id, to);
    };
    let on_keydown = move |ev: web_sys::KeyboardEvent| {
        let key = ev.key();
        if key == "Escape" {
            ev.prevent_default();
            close_and_focus_button();
        } else if key == "ArrowDown" || key == "ArrowUp" {
            ev.prevent_default();
            move_menu_focus(wrapper.get().map(|w| w.into()), key == "ArrowDown");
        }
    };
    view! {
        <div
            class="move-menu"
            node_ref=wrapper
            on:keydown=on_keydown
            on:focusout=move |ev: web_sys::FocusEvent| {
                let inside = ev
                    .related_target()
                    .and_then(|t| t.dyn_into::<web_sys::Node>().ok())
                    .zip(wrapper.get())
                    .is_some_and(|(node, w)| w.contains(Some(&node)));
                if !inside {
                    open.set(false);
                }
            }
        >
            <button
                type="button"
                class="move-button"
                aria-haspopup="menu"
                aria-expanded=move || open.get().to_string()
                aria-controls=menu_id.clone()
                on:click=move |_| {
                    open.update(|o| *o = !*o);
                    if open.get_untracked() {
                        request_animation_frame(move || move_menu_focus(wrapper.get().map(|w| w.into()), true));
                    }
                }
            >
                {move || t().board_move_menu}
            </button>
            <Show when=move || open.get()>
                <ul class="menu" role="menu" id=menu_id.clone() aria-label=move || t().board_move_to>
                    {move || {
                        let (up, can_up, down) = neighbours().unwrap_or((None, false, None));
                        let mut items = Vec::new();
                        if can_up {
                            items.push(view! { <MenuItem label=t().board_move_up on_pick=Callback::new(move |_| choose(status, up))/> }.into_any());
                        }
                        if let Some(down) = down {
                            items.push(view! { <MenuItem label=t().board_move_down on_pick=Callback::new(move |_| choose(status, Some(down)))/> }.into_any());
                        }
                        for to in allowed_targets(status) {
                            items.push(view! { <MenuItem label=t().status(to) on_pick=Callback::new(move |_| choose(to, None))/> }.into_any());
                        }
                        if status != LeadStatus::Converted {
                            items.extend(assign_items(state, owner, give));
                        }
                        items.collect_view()
                    }}
                </ul>
            </Show>
        </div>
    }
}

/// The menu's assignment part: a manager picks anyone active (or the pool); a salesperson
/// may take a pool lead.
fn assign_items(
    state: BoardState,
    owner: Option<i32>,
    give: impl Fn(Option<i32>) + Copy + Send + Sync + 'static,
) -> Vec<AnyView> {
    let t = state.i18n.t();
    let me = state.me.get_value();
    let mut items = Vec::new();
    if sees_all_leads(me.role) {
        items.push(
            view! { <li role="separator" class="menu-heading">{t.assign_to}</li> }.into_any(),
        );
        for person in state.assignees.get_value() {
            if Some(person.id) == owner {
                continue;
            }
            let to = person.id;
            items.push(view! { <MenuItem label=person.name on_pick=Callback::new(move |_| give(Some(to)))/> }.into_any());
        }
        if owner.is_some() {
            items.push(view! { <MenuItem label=t.return_to_pool on_pick=Callback::new(move |_| give(None))/> }.into_any());
        }
    } else if owner.is_none() {
        let me = me.id;
        items.push(
            view! { <MenuItem label=t.take_lead on_pick=Callback::new(move |_| give(Some(me)))/> }
                .into_any(),
        );
    }
    items
}

#[component]
fn MenuItem(#[prop(into)] label: String, on_pick: Callback<()>) -> impl IntoView {
    view! {
        <li role="none">
            <button type="button" role="menuitem" tabindex="-1" on:click=move |_| on_pick.run(())>
                {label}
            </button>
        </li>
    }
}

/// Moves focus to the next (or previous) item of the open menu inside `wrapper`.
fn move_menu_focus(wrapper: Option<web_sys::Element>, forward: bool) {
    let Some(wrapper) = wrapper else { return };
    let Ok(items) = wrapper.query_selector_all("[role=menuitem]") else {
        return;
    };
    let count = items.length();
    if count == 0 {
        return;
    }
    let active = document().active_element();
    let current = (0..count).find(|i| {
        items
            .item(*i)
            .zip(active.clone())
            .is_some_and(|(item, a)| item.dyn_ref::<web_sys::Element>().is_some_and(|e| e == &a))
    });
    let next = match (current, forward) {
        (None, true) => 0,
        (None, false) => count - 1,
        (Some(i), true) => (i + 1) % count,
        (Some(i), false) => (i + count - 1) % count,
    };
    if let Some(el) = items
        .item(next)
        .and_then(|n| n.dyn_into::<web_sys::HtmlElement>().ok())
    {
        let _ = el.focus();
    }
}

/// After a keyboard move the card is somewhere else: keep the focus on it.
fn focus_card_menu(lead_id: i32) {
    request_animation_frame(move || {
        let selector = format!("li[data-lead-id=\"{lead_id}\"] .move-button");
        if let Some(el) = document()
            .query_selector(&selector)
            .ok()
            .flatten()
            .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
        {
            let _ = el.focus();
        }
    });
}

/// A card held near the left or right edge of the board scrolls it towards the columns that
/// are out of sight (on a phone, all but one). Returns whether it scrolled.
fn scroll_at_edge(board: &web_sys::Element, x: f64) -> bool {
    let rect = board.get_bounding_client_rect();
    let step = if x > rect.right() - 40.0 {
        24.0
    } else if x < rect.left() + 40.0 {
        -24.0
    } else {
        return false;
    };
    board.scroll_by_with_x_and_y(step, 0.0);
    true
}

/// The mouse's edge scroll during a drag: where the pointer last was, the timer that scrolls
/// while it is at an edge, and whether it scrolled (leaving the edge then settles the board).
#[derive(Clone, Copy)]
struct EdgeScroll {
    x: StoredValue<f64>,
    timer: StoredValue<Option<Repeating>>,
    scrolled: StoredValue<bool>,
}

impl EdgeScroll {
    fn new() -> Self {
        EdgeScroll {
            x: StoredValue::new(0.0),
            timer: StoredValue::new(None),
            scrolled: StoredValue::new(false),
        }
    }

    /// The pointer is at `x`: scroll while it stays at an edge; once it leaves, settle a
    /// one-column board on a whole column, so the card is let go over the column in view.
    /// Ends by itself with the drag.
    fn follow(self, x: f64, state: BoardState, scroller: NodeRef<leptos::html::Div>) {
        self.x.set_value(x);
        if self.timer.with_value(Option::is_some) {
            return;
        }
        let tick = move || {
            let Some(board) = scroller.get_untracked() else {
                return;
            };
            if state.dragging.get_untracked().is_none() {
                self.stop();
            } else if scroll_at_edge(&board, self.x.get_value()) {
                self.scrolled.set_value(true);
            } else if self.scrolled.get_value() {
                self.scrolled.set_value(false);
                settle_on_column(&board);
            }
        };
        tick();
        let timer = every(std::time::Duration::from_millis(30), tick);
        self.timer.set_value(Some(timer));
    }

    fn stop(self) {
        // Dropping the timer stops it.
        self.timer.try_update_value(Option::take);
        self.scrolled.try_set_value(false);
    }
}

/// After an edge scroll, a board that shows one column at a time (a phone-sized window) moves
/// to the nearest whole column, as its scroll snapping does when nothing is being dragged
/// (snapping is off during a drag: it would undo every step of the edge scroll).
fn settle_on_column(board: &web_sys::Element) {
    let Some(first) = board.query_selector("section.column").ok().flatten() else {
        return;
    };
    let column = first.get_bounding_client_rect().width();
    if column <= 0.0 || column < board.client_width() as f64 * 0.9 {
        return;
    }
    board.set_scroll_left(((board.scroll_left() as f64 / column).round() * column) as i32);
}

/// The drop spot under a finger at (x, y), if it is over a column.
fn spot_at(x: f64, y: f64, dragged: i32) -> Option<DropSpot> {
    let element = document().element_from_point(x as f32, y as f32)?;
    let section = element.closest("section.column").ok().flatten()?;
    let status = LeadStatus::from_code(&section.get_attribute("data-status")?)?;
    Some(DropSpot {
        status,
        after_id: after_id_at(&section, y, dragged, "data-lead-id"),
    })
}

/// The card a drop at height `y` lands after: the last card whose middle is above `y`. Cards
/// carry their id in the attribute `id_attr` (the deal board uses this too).
pub(crate) fn after_id_at(
    column: &web_sys::Element,
    y: f64,
    dragged: i32,
    id_attr: &str,
) -> Option<i32> {
    let items = column.query_selector_all(&format!("li[{id_attr}]")).ok()?;
    let mut after = None;
    for i in 0..items.length() {
        let Some(el) = items
            .item(i)
            .and_then(|n| n.dyn_into::<web_sys::Element>().ok())
        else {
            continue;
        };
        let Some(id) = el
            .get_attribute(id_attr)
            .and_then(|v| v.parse::<i32>().ok())
        else {
            continue;
        };
        if id == dragged {
            continue;
        }
        let rect = el.get_bounding_client_rect();
        if y > rect.top() + rect.height() / 2.0 {
            after = Some(id);
        } else {
            break;
        }
    }
    after
}
