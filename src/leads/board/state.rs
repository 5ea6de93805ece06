//! The board's state: its columns, the drag in progress and the moves on their way to the
//! server (`BoardState`, signals), and the decisions on plain data that tests check without a
//! browser: where a moved card lands, where a card that changed elsewhere goes, what a page
//! loaded below adds, what waits for a drag to end. `BoardState` reads its columns into
//! `Lane`s, lets one of these decide, and writes back the columns that changed.

use leptos::prelude::*;

use crate::auth::model::CurrentUser;
use crate::i18n::I18n;
use crate::leads::closing::{DisqualifyInput, DisqualifyReason};
use crate::leads::model::{
    ColumnPage, LeadCard, LeadStatus, PageCursor, PersonRef, TransitionRefusal, check_transition,
};
use crate::live::model::{EventKind, LeadEvent};
use crate::ui::drag::TouchDrag;
use crate::ui::timers::after;
use crate::ui::toast::Toasts;

use super::filters::BoardChoice;

/// One column's cards as the browser knows them.
#[derive(Clone, Copy)]
pub(super) struct Column {
    pub(super) status: LeadStatus,
    pub(super) total: RwSignal<u64>,
    pub(super) cards: RwSignal<Vec<LeadCard>>,
    pub(super) next: RwSignal<Option<PageCursor>>,
    pub(super) loading: RwSignal<bool>,
}

impl Column {
    /// The column showing the board's first page of it.
    pub(super) fn new(page: ColumnPage) -> Self {
        Column {
            status: page.status,
            total: RwSignal::new(page.total),
            cards: RwSignal::new(page.cards),
            next: RwSignal::new(page.next),
            loading: RwSignal::new(false),
        }
    }
}

/// Where a dragged card would land: in `status`, right after `after_id` (None: on top).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct DropSpot {
    pub(super) status: LeadStatus,
    pub(super) after_id: Option<i32>,
}

/// Everything the board's pieces share. Copy: signals only.
#[derive(Clone, Copy)]
pub(super) struct BoardState {
    pub(super) columns: StoredValue<Vec<Column>>,
    pub(super) dragging: RwSignal<Option<i32>>,
    pub(super) drop_spot: RwSignal<Option<DropSpot>>,
    pub(super) touch: RwSignal<Option<TouchDrag>>,
    /// Cards whose move is on its way to the server: not movable until it answers.
    pub(super) pending: RwSignal<Vec<i32>>,
    pub(super) highlight: RwSignal<Option<i32>>,
    pub(super) reload: RwSignal<u32>,
    pub(super) i18n: I18n,
    pub(super) toasts: Toasts,
    pub(super) me: StoredValue<CurrentUser>,
    /// People a manager may assign to (empty for salespeople).
    pub(super) assignees: StoredValue<Vec<PersonRef>>,
    pub(super) choice: BoardChoice,
    /// A move into Nekvalifikovaný waiting for its reason.
    pub(super) asking: RwSignal<Option<AskReason>>,
    /// Live events heard during a drag: applied when it ends, so that no card moves under
    /// the user's hand.
    pub(super) deferred: RwSignal<Vec<LeadEvent>>,
    /// The stream asked for a reload during a drag: it waits for the drag to end too (a
    /// reload rebuilds the columns, and the dragged card would lose its pointer and timer).
    pub(super) resync_waiting: RwSignal<bool>,
}

/// A disqualifying move the dialog asks a reason for.
#[derive(Clone, Debug, PartialEq)]
pub(super) struct AskReason {
    pub(super) lead_id: i32,
    pub(super) name: String,
    pub(super) after_id: Option<i32>,
    pub(super) announce: bool,
}

/// One column as plain data, in board order (`LeadStatus::index`): its loaded cards, its
/// true total, and whether more cards are below the loaded ones.
#[derive(Clone, Debug, Default, PartialEq)]
pub(super) struct Lane {
    pub(super) cards: Vec<LeadCard>,
    pub(super) total: u64,
    pub(super) more_below: bool,
}

/// Why a move was not made.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum MoveRefused {
    /// The card is not on the board.
    Missing,
    /// It would land where it already is (or after itself).
    Unchanged,
    /// The status rule refuses it: the user is told why.
    Rule(TransitionRefusal),
}

/// What a drag's end lets through of what waited for it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) enum AfterDrag {
    /// The stream asked for a reload: it shows everything, the waiting events included.
    Resync,
    /// The events heard during the drag, in the order they came.
    Replay(Vec<LeadEvent>),
    Nothing,
}

/// The board's six columns from its first pages: in board order, a column the server sent no
/// page for empty.
pub(super) fn board_order(pages: &[ColumnPage]) -> Vec<ColumnPage> {
    LeadStatus::ALL
        .into_iter()
        .map(|status| {
            pages
                .iter()
                .find(|p| p.status == status)
                .cloned()
                .unwrap_or(ColumnPage {
                    status,
                    total: 0,
                    cards: Vec::new(),
                    next: None,
                })
        })
        .collect()
}

/// The lane and place of a card on the board.
fn locate(lanes: &[Lane], lead_id: i32) -> Option<(usize, usize)> {
    lanes.iter().enumerate().find_map(|(l, lane)| {
        lane.cards
            .iter()
            .position(|c| c.id == lead_id)
            .map(|i| (l, i))
    })
}

/// Where a card put right after `after_id` goes among `cards`: on top for None, at the end
/// when that card is not loaded.
pub(super) fn landing_index(cards: &[LeadCard], after_id: Option<i32>) -> usize {
    match after_id {
        None => 0,
        Some(after) => cards
            .iter()
            .position(|c| c.id == after)
            .map(|i| i + 1)
            .unwrap_or(cards.len()),
    }
}

/// Whether a move of `card` into `to` first asks why: moving into Nekvalifikovaný from
/// elsewhere, when the rule allows it (a refused move says why it is refused instead).
pub(super) fn asks_reason(card: &LeadCard, to: LeadStatus) -> bool {
    to == LeadStatus::Unqualified
        && card.status != LeadStatus::Unqualified
        && check_transition(card.status, to).is_ok()
}

/// Moves a card into `to`, right after `after_id` (None: on top), keeping the totals right;
/// a card entering another column shows the reason it was given there (none outside
/// Nekvalifikovaný). Returns the card as it was before the move.
pub(super) fn move_in(
    lanes: &mut [Lane],
    lead_id: i32,
    to: LeadStatus,
    after_id: Option<i32>,
    disqualify: Option<&DisqualifyInput>,
) -> Result<LeadCard, MoveRefused> {
    let (from, index) = locate(lanes, lead_id).ok_or(MoveRefused::Missing)?;
    if after_id == Some(lead_id) {
        return Err(MoveRefused::Unchanged);
    }
    let card = lanes[from].cards[index].clone();
    let previous = index
        .checked_sub(1)
        .and_then(|i| lanes[from].cards.get(i).map(|c| c.id));
    if card.status == to && previous == after_id {
        return Err(MoveRefused::Unchanged);
    }
    check_transition(card.status, to).map_err(MoveRefused::Rule)?;

    lanes[from].cards.remove(index);
    lanes[from].total = lanes[from].total.saturating_sub(1);
    let mut moved = card.clone();
    moved.status = to;
    if to != card.status {
        moved.disqualify_reason =
            disqualify.and_then(|d| DisqualifyReason::from_code(d.reason.trim()));
    }
    let target = &mut lanes[to.index()];
    let at = landing_index(&target.cards, after_id);
    target.cards.insert(at, moved);
    target.total += 1;
    Ok(card)
}

/// Puts the server's answer for a card in its place among `cards`, if it is there.
pub(super) fn replace_card(cards: &mut [LeadCard], card: LeadCard) {
    if let Some(c) = cards.iter_mut().find(|c| c.id == card.id) {
        *c = card;
    }
}

/// Takes a card off the board, keeping the counts right. Returns whether it was there.
pub(super) fn remove_card(lanes: &mut [Lane], lead_id: i32) -> bool {
    let Some((lane, index)) = locate(lanes, lead_id) else {
        return false;
    };
    lanes[lane].cards.remove(index);
    lanes[lane].total = lanes[lane].total.saturating_sub(1);
    true
}

/// Puts a card an assignment answered with where it now belongs: in place if its column is
/// the same, on top of its new column if not (a card leaving Nový lands on top of Přiřazený);
/// a card the board does not `admit` any more leaves.
pub(super) fn place_assigned(lanes: &mut [Lane], card: LeadCard, admitted: bool) {
    if let Some((lane, index)) = locate(lanes, card.id) {
        if lanes[lane].cards[index].status == card.status && admitted {
            lanes[lane].cards[index] = card;
            return;
        }
        remove_card(lanes, card.id);
    }
    if admitted {
        let target = &mut lanes[card.status.index()];
        target.cards.insert(0, card);
        target.total += 1;
    }
}

/// Puts a card that changed elsewhere into its column at its place in board order (position,
/// then id); a card the board does not `admit` leaves. A place below the loaded cards only
/// counts. Returns whether the card shows somewhere new (it is then highlighted).
pub(super) fn place_live(lanes: &mut [Lane], card: LeadCard, admitted: bool) -> bool {
    if let Some((lane, index)) = locate(lanes, card.id) {
        let old = &lanes[lane].cards[index];
        if old.status == card.status && old.position == card.position && admitted {
            lanes[lane].cards[index] = card;
            return false;
        }
    }
    remove_card(lanes, card.id);
    if !admitted {
        return false;
    }
    let target = &mut lanes[card.status.index()];
    let key = (card.position, card.id);
    let at = target.cards.iter().position(|c| (c.position, c.id) > key);
    target.total += 1;
    match at {
        Some(at) => target.cards.insert(at, card),
        None if !target.more_below => target.cards.push(card),
        None => return false,
    }
    true
}

/// Whether a live event about a card the board shows at `known` version (None: not shown)
/// can change it: an older or equal version is the user's own change, except for activities
/// (they change the follow-up flag, not the version).
pub(super) fn is_news(known: Option<i32>, event: &LeadEvent) -> bool {
    match known {
        Some(version) if version >= event.version => event.kind == EventKind::Activity,
        _ => true,
    }
}

/// Adds a page loaded below a column's cards, without the cards it already shows (a card
/// that moved in meanwhile).
pub(super) fn append_page(cards: &mut Vec<LeadCard>, page: Vec<LeadCard>) {
    for card in page {
        if !cards.iter().any(|c| c.id == card.id) {
            cards.push(card);
        }
    }
}

/// What happens when a drag ends, after the events heard during it and whether the stream
/// asked for a reload meanwhile.
pub(super) fn after_drag(heard: Vec<LeadEvent>, resync_waiting: bool) -> AfterDrag {
    if resync_waiting {
        AfterDrag::Resync
    } else if heard.is_empty() {
        AfterDrag::Nothing
    } else {
        AfterDrag::Replay(heard)
    }
}

impl BoardState {
    /// Whether the board has left the page (its signals are disposed). An answer or a live
    /// event that arrives after the user went elsewhere then changes nothing: reading a
    /// disposed signal would panic.
    pub(super) fn is_gone(&self) -> bool {
        self.columns.try_with_value(|_| ()).is_none()
    }

    pub(super) fn column(&self, status: LeadStatus) -> Column {
        self.columns.with_value(|c| c[status.index()])
    }

    pub(super) fn find(&self, lead_id: i32) -> Option<(Column, usize, LeadCard)> {
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

    pub(super) fn is_pending(&self, lead_id: i32) -> bool {
        self.pending.with_untracked(|p| p.contains(&lead_id))
    }

    /// Whether a card is under the user's mouse or finger.
    pub(super) fn hands_busy(&self) -> bool {
        self.dragging.with_untracked(Option::is_some) || self.touch.with_untracked(Option::is_some)
    }

    /// Whether the card's last change is still on its way to the server; if so, the user who
    /// asked for another change is told so (the card cannot take it until the answer comes).
    pub(super) fn still_saving(&self, lead_id: i32) -> bool {
        let saving = self.is_pending(lead_id);
        if saving {
            let name = self
                .find(lead_id)
                .map(|(_, _, card)| card.full_name())
                .unwrap_or_default();
            self.toasts.info((self.i18n.t().board_still_saving)(&name));
        }
        saving
    }

    /// The columns as plain data, read without tracking.
    pub(super) fn lanes(&self) -> Vec<Lane> {
        self.columns.with_value(|columns| {
            columns
                .iter()
                .map(|c| Lane {
                    cards: c.cards.get_untracked(),
                    total: c.total.get_untracked(),
                    more_below: c.next.with_untracked(Option::is_some),
                })
                .collect()
        })
    }

    /// Shows `lanes`: each column's cards and total that differ from them change.
    pub(super) fn show(&self, lanes: Vec<Lane>) {
        self.columns.with_value(|columns| {
            for (col, lane) in columns.iter().zip(lanes) {
                if col.cards.with_untracked(|cards| *cards != lane.cards) {
                    col.cards.set(lane.cards);
                }
                if col.total.get_untracked() != lane.total {
                    col.total.set(lane.total);
                }
            }
        });
    }

    /// Lets `decide` change the columns as plain data, then shows what it changed.
    pub(super) fn change<R>(&self, decide: impl FnOnce(&mut [Lane]) -> R) -> R {
        let mut lanes = self.lanes();
        let result = decide(&mut lanes);
        self.show(lanes);
        result
    }

    /// Puts every column back as it was in `snapshot` (a refused move).
    pub(super) fn restore(&self, snapshot: Vec<Lane>) {
        self.columns.with_value(|columns| {
            for (col, lane) in columns.iter().zip(snapshot) {
                col.cards.set(lane.cards);
                col.total.set(lane.total);
            }
        });
    }

    /// A short highlight on a card that just changed.
    pub(super) fn flash(&self, lead_id: i32) {
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
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::leads::model::LeadSource;
    use LeadStatus::{Assigned, Converted, InProcess, New, Qualified, Unqualified};

    fn card(id: i32, status: LeadStatus, position: i64) -> LeadCard {
        LeadCard {
            id,
            first_name: "Jan".into(),
            last_name: format!("Novák {id}"),
            company: String::new(),
            source: LeadSource::Phone,
            status,
            version: 1,
            position,
            created_at: chrono::DateTime::UNIX_EPOCH,
            owner: None,
            first_contact_at: None,
            latest_task_due: None,
            score: None,
            disqualify_reason: None,
        }
    }

    /// A board with these cards (id, status) in this order, positions 10, 20, … per column;
    /// each column's total counts its cards plus `hidden` more below them.
    fn board(cards: &[(i32, LeadStatus)], hidden: u64) -> Vec<Lane> {
        let mut lanes = vec![Lane::default(); LeadStatus::ALL.len()];
        for &(id, status) in cards {
            let lane = &mut lanes[status.index()];
            let position = 10 * (lane.cards.len() as i64 + 1);
            lane.cards.push(card(id, status, position));
            lane.total += 1;
        }
        for lane in &mut lanes {
            lane.total += hidden;
            lane.more_below = hidden > 0;
        }
        lanes
    }

    fn ids(lanes: &[Lane], status: LeadStatus) -> Vec<i32> {
        lanes[status.index()].cards.iter().map(|c| c.id).collect()
    }

    fn totals(lanes: &[Lane]) -> Vec<u64> {
        lanes.iter().map(|l| l.total).collect()
    }

    fn event(lead_id: i32, kind: EventKind, version: i32) -> LeadEvent {
        LeadEvent {
            id: 100,
            lead_id,
            kind,
            version,
        }
    }

    #[test]
    fn a_moved_card_lands_after_the_card_it_was_dropped_after() {
        let mut lanes = board(&[(1, New), (2, Assigned), (3, Assigned), (4, Assigned)], 0);
        let before = move_in(&mut lanes, 1, Assigned, Some(3), None).unwrap();
        assert_eq!(before.status, New);
        assert_eq!(ids(&lanes, New), Vec::<i32>::new());
        assert_eq!(ids(&lanes, Assigned), vec![2, 3, 1, 4]);
        assert_eq!(lanes[Assigned.index()].cards[2].status, Assigned);
        assert_eq!(totals(&lanes), vec![0, 4, 0, 0, 0, 0]);
    }

    #[test]
    fn a_card_dropped_on_top_or_after_an_unloaded_card() {
        let mut lanes = board(&[(1, Assigned), (2, InProcess), (3, InProcess)], 5);
        move_in(&mut lanes, 1, InProcess, None, None).unwrap();
        assert_eq!(ids(&lanes, InProcess), vec![1, 2, 3]);
        // After a card that is not loaded (it moved away meanwhile): at the end.
        move_in(&mut lanes, 2, Qualified, Some(99), None).unwrap();
        move_in(&mut lanes, 1, Qualified, Some(99), None).unwrap();
        assert_eq!(ids(&lanes, Qualified), vec![2, 1]);
        assert_eq!(totals(&lanes), vec![5, 5, 6, 7, 5, 5]);
    }

    #[test]
    fn reordering_within_a_column() {
        let mut lanes = board(&[(1, InProcess), (2, InProcess), (3, InProcess)], 0);
        move_in(&mut lanes, 1, InProcess, Some(3), None).unwrap();
        assert_eq!(ids(&lanes, InProcess), vec![2, 3, 1]);
        move_in(&mut lanes, 1, InProcess, None, None).unwrap();
        assert_eq!(ids(&lanes, InProcess), vec![1, 2, 3]);
        move_in(&mut lanes, 3, InProcess, Some(1), None).unwrap();
        assert_eq!(ids(&lanes, InProcess), vec![1, 3, 2]);
        // A reorder changes no count.
        assert_eq!(lanes[InProcess.index()].total, 3);
    }

    #[test]
    fn a_move_to_where_the_card_is_changes_nothing() {
        let mut lanes = board(&[(1, InProcess), (2, InProcess)], 0);
        let unchanged = lanes.clone();
        assert_eq!(
            move_in(&mut lanes, 1, InProcess, None, None),
            Err(MoveRefused::Unchanged)
        );
        assert_eq!(
            move_in(&mut lanes, 2, InProcess, Some(1), None),
            Err(MoveRefused::Unchanged)
        );
        assert_eq!(
            move_in(&mut lanes, 2, Qualified, Some(2), None),
            Err(MoveRefused::Unchanged)
        );
        assert_eq!(
            move_in(&mut lanes, 9, Qualified, None, None),
            Err(MoveRefused::Missing)
        );
        assert_eq!(lanes, unchanged);
    }

    #[test]
    fn a_move_the_rule_refuses_leaves_the_board_alone() {
        let mut lanes = board(&[(1, Assigned), (2, Converted)], 0);
        let unchanged = lanes.clone();
        assert_eq!(
            move_in(&mut lanes, 1, New, None, None),
            Err(MoveRefused::Rule(TransitionRefusal::CannotReturnToNew))
        );
        assert_eq!(
            move_in(&mut lanes, 1, Converted, None, None),
            Err(MoveRefused::Rule(
                TransitionRefusal::ConvertIsSeparateAction
            ))
        );
        assert_eq!(
            move_in(&mut lanes, 2, Qualified, None, None),
            Err(MoveRefused::Rule(TransitionRefusal::ConvertedIsFinal))
        );
        assert_eq!(lanes, unchanged);
    }

    #[test]
    fn a_card_entering_a_column_shows_its_reason_there() {
        let mut lanes = board(&[(1, InProcess)], 0);
        let input = DisqualifyInput {
            reason: " lost ".into(),
            note: String::new(),
        };
        move_in(&mut lanes, 1, Unqualified, None, Some(&input)).unwrap();
        let moved = &lanes[Unqualified.index()].cards[0];
        assert_eq!(moved.disqualify_reason, Some(DisqualifyReason::Lost));
        // Leaving Nekvalifikovaný takes the reason off; a reorder keeps it.
        lanes[Unqualified.index()]
            .cards
            .push(card(2, Unqualified, 90));
        move_in(&mut lanes, 2, Unqualified, None, None).unwrap();
        assert_eq!(ids(&lanes, Unqualified), vec![2, 1]);
        let kept = &lanes[Unqualified.index()].cards[1];
        assert_eq!(kept.disqualify_reason, Some(DisqualifyReason::Lost));
        move_in(&mut lanes, 1, InProcess, None, None).unwrap();
        assert_eq!(lanes[InProcess.index()].cards[0].disqualify_reason, None);
    }

    #[test]
    fn only_a_move_into_nekvalifikovany_asks_why() {
        assert!(asks_reason(&card(1, InProcess, 0), Unqualified));
        assert!(asks_reason(&card(1, New, 0), Unqualified));
        assert!(!asks_reason(&card(1, Unqualified, 0), Unqualified));
        assert!(!asks_reason(&card(1, Converted, 0), Unqualified));
        assert!(!asks_reason(&card(1, InProcess, 0), Qualified));
    }

    #[test]
    fn an_assigned_card_stays_in_place_or_goes_on_top_of_its_new_column() {
        let mut lanes = board(&[(1, New), (2, Assigned), (3, Assigned)], 0);
        let mut answer = lanes[Assigned.index()].cards[1].clone();
        answer.version = 2;
        place_assigned(&mut lanes, answer, true);
        assert_eq!(ids(&lanes, Assigned), vec![2, 3]);
        assert_eq!(lanes[Assigned.index()].cards[1].version, 2);

        let mut taken = lanes[New.index()].cards[0].clone();
        taken.status = Assigned;
        place_assigned(&mut lanes, taken, true);
        assert_eq!(ids(&lanes, New), Vec::<i32>::new());
        assert_eq!(ids(&lanes, Assigned), vec![1, 2, 3]);
        assert_eq!(totals(&lanes), vec![0, 3, 0, 0, 0, 0]);
    }

    #[test]
    fn an_assigned_card_the_filter_no_longer_admits_leaves() {
        let mut lanes = board(&[(1, Assigned), (2, Assigned)], 0);
        let answer = lanes[Assigned.index()].cards[0].clone();
        place_assigned(&mut lanes, answer.clone(), false);
        assert_eq!(ids(&lanes, Assigned), vec![2]);
        assert_eq!(lanes[Assigned.index()].total, 1);
        // Not shown and not admitted: nothing to do.
        place_assigned(&mut lanes, answer, false);
        assert_eq!(totals(&lanes), vec![0, 1, 0, 0, 0, 0]);
    }

    #[test]
    fn a_live_change_in_place_is_no_news_to_highlight() {
        let mut lanes = board(&[(1, InProcess), (2, InProcess)], 0);
        let mut changed = lanes[InProcess.index()].cards[0].clone();
        changed.version = 5;
        changed.company = "Firma s.r.o.".into();
        assert!(!place_live(&mut lanes, changed, true));
        assert_eq!(ids(&lanes, InProcess), vec![1, 2]);
        assert_eq!(lanes[InProcess.index()].cards[0].company, "Firma s.r.o.");
    }

    #[test]
    fn a_live_move_goes_to_its_place_in_board_order() {
        // Positions: 1 at 10, 2 at 20, 3 at 30 in Přiřazený; 4 at 10 in V řešení.
        let mut lanes = board(
            &[(1, Assigned), (2, Assigned), (3, Assigned), (4, InProcess)],
            0,
        );
        let mut moved = card(4, Assigned, 25);
        assert!(place_live(&mut lanes, moved.clone(), true));
        assert_eq!(ids(&lanes, Assigned), vec![1, 2, 4, 3]);
        assert_eq!(ids(&lanes, InProcess), Vec::<i32>::new());
        assert_eq!(totals(&lanes), vec![0, 4, 0, 0, 0, 0]);
        // Same position as another card: the id decides.
        moved.position = 20;
        assert!(place_live(&mut lanes, moved, true));
        assert_eq!(ids(&lanes, Assigned), vec![1, 2, 4, 3]);
        let first = card(0, Assigned, 20);
        assert!(place_live(&mut lanes, first, true));
        assert_eq!(ids(&lanes, Assigned), vec![1, 0, 2, 4, 3]);
        assert_eq!(lanes[Assigned.index()].total, 5);
    }

    #[test]
    fn a_new_card_below_the_loaded_ones_only_counts() {
        let mut lanes = board(&[(1, New), (2, New)], 3);
        assert!(!place_live(&mut lanes, card(7, New, 99), true));
        assert_eq!(ids(&lanes, New), vec![1, 2]);
        assert_eq!(lanes[New.index()].total, 6);
        // A fully loaded column shows it at its end.
        let mut lanes = board(&[(1, New), (2, New)], 0);
        assert!(place_live(&mut lanes, card(7, New, 99), true));
        assert_eq!(ids(&lanes, New), vec![1, 2, 7]);
        assert_eq!(lanes[New.index()].total, 3);
    }

    #[test]
    fn a_live_card_the_filters_do_not_admit_leaves() {
        let mut lanes = board(&[(1, New), (2, New)], 0);
        let mut taken = lanes[New.index()].cards[0].clone();
        taken.version = 2;
        assert!(!place_live(&mut lanes, taken, false));
        assert_eq!(ids(&lanes, New), vec![2]);
        assert_eq!(lanes[New.index()].total, 1);
        assert!(!place_live(&mut lanes, card(8, New, 5), false));
        assert_eq!(ids(&lanes, New), vec![2]);
        assert_eq!(lanes[New.index()].total, 1);
    }

    #[test]
    fn removing_a_card_keeps_counts_right() {
        let mut lanes = board(&[(1, Qualified), (2, Qualified)], 0);
        lanes[Qualified.index()].total = 0;
        assert!(remove_card(&mut lanes, 2));
        assert_eq!(ids(&lanes, Qualified), vec![1]);
        // A total that was already 0 does not wrap.
        assert_eq!(lanes[Qualified.index()].total, 0);
        assert!(!remove_card(&mut lanes, 2));
    }

    #[test]
    fn events_about_versions_the_board_shows_are_no_news() {
        assert!(is_news(None, &event(1, EventKind::Moved, 3)));
        assert!(is_news(Some(2), &event(1, EventKind::Moved, 3)));
        assert!(!is_news(Some(3), &event(1, EventKind::Moved, 3)));
        assert!(!is_news(Some(4), &event(1, EventKind::Edited, 3)));
        // An activity leaves the version but may raise the follow-up flag.
        assert!(is_news(Some(3), &event(1, EventKind::Activity, 3)));
        // A removed lead's event is one version past the card: it is fetched (and dropped).
        assert!(is_news(Some(3), &event(1, EventKind::Removed, 4)));
    }

    #[test]
    fn a_page_loaded_below_skips_cards_already_shown() {
        let mut cards = vec![card(1, New, 10), card(5, New, 50)];
        append_page(
            &mut cards,
            vec![card(5, New, 50), card(6, New, 60), card(7, New, 70)],
        );
        let ids: Vec<i32> = cards.iter().map(|c| c.id).collect();
        assert_eq!(ids, vec![1, 5, 6, 7]);
    }

    #[test]
    fn a_resync_heard_during_a_drag_wins_over_its_events() {
        let heard = vec![
            event(1, EventKind::Moved, 2),
            event(2, EventKind::Edited, 4),
        ];
        assert_eq!(after_drag(heard.clone(), true), AfterDrag::Resync);
        assert_eq!(after_drag(heard.clone(), false), AfterDrag::Replay(heard));
        assert_eq!(after_drag(Vec::new(), false), AfterDrag::Nothing);
        assert_eq!(after_drag(Vec::new(), true), AfterDrag::Resync);
    }

    #[test]
    fn the_first_pages_become_six_columns_in_board_order() {
        let pages = vec![
            ColumnPage {
                status: Qualified,
                total: 30,
                cards: vec![card(3, Qualified, 10)],
                next: Some(PageCursor {
                    position: 10,
                    id: 3,
                }),
            },
            ColumnPage {
                status: New,
                total: 1,
                cards: vec![card(1, New, 10)],
                next: None,
            },
        ];
        let columns = board_order(&pages);
        let statuses: Vec<LeadStatus> = columns.iter().map(|c| c.status).collect();
        assert_eq!(statuses, LeadStatus::ALL.to_vec());
        assert_eq!(columns[0], pages[1]);
        assert_eq!(columns[Qualified.index()], pages[0]);
        assert_eq!(columns[Assigned.index()].total, 0);
        assert!(columns[Assigned.index()].cards.is_empty());
        assert_eq!(columns[Converted.index()].next, None);
    }
}
