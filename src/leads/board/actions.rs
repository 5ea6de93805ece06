//! What the board does with the server: moves (shown at once, undone with the server's reason
//! if refused), assignments, live events from other people, the next page of a column, and the
//! end of a drag. The decisions are `state`'s plain functions; here they meet the signals,
//! the server functions and the toasts.

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos::web_sys;
use wasm_bindgen::JsCast;

use crate::assignment::api::assign_lead;
use crate::error::AppError;
use crate::leads::api::{get_card, load_column, move_lead};
use crate::leads::closing::DisqualifyInput;
use crate::leads::model::{LeadCard, LeadStatus, MoveRequest};
use crate::live::model::LeadEvent;

use super::state::{
    AfterDrag, AskReason, BoardState, MoveRefused, after_drag, append_page, asks_reason, is_news,
    move_in, place_assigned, place_live, remove_card, replace_card,
};

impl BoardState {
    /// Moves a card as `move_card_with` does; a move into Nekvalifikovaný first asks why.
    pub(super) fn move_card(
        &self,
        lead_id: i32,
        to: LeadStatus,
        after_id: Option<i32>,
        announce: bool,
    ) -> bool {
        let asks = to == LeadStatus::Unqualified
            && !self.is_pending(lead_id)
            && self
                .find(lead_id)
                .is_some_and(|(_, _, card)| asks_reason(&card, to));
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
    pub(super) fn move_card_with(
        &self,
        lead_id: i32,
        to: LeadStatus,
        after_id: Option<i32>,
        announce: bool,
        disqualify: Option<DisqualifyInput>,
    ) -> bool {
        if self.find(lead_id).is_none() || self.still_saving(lead_id) {
            return false;
        }
        let t = self.i18n.t();
        let mut lanes = self.lanes();
        let snapshot = lanes.clone();
        let card = match move_in(&mut lanes, lead_id, to, after_id, disqualify.as_ref()) {
            Ok(card) => card,
            Err(MoveRefused::Rule(refusal)) => {
                self.toasts.error(t.transition(refusal));
                return false;
            }
            Err(MoveRefused::Missing | MoveRefused::Unchanged) => return false,
        };
        self.show(lanes);
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
            if state.is_gone() {
                return;
            }
            state.pending.update(|p| p.retain(|id| *id != lead_id));
            match answer {
                Ok(saved) => {
                    state
                        .column(to)
                        .cards
                        .update(|cards| replace_card(cards, saved));
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
    pub(super) fn assign_card(&self, lead_id: i32, to: Option<i32>) {
        if self.still_saving(lead_id) {
            return;
        }
        self.pending.update(|p| p.push(lead_id));
        let state = *self;
        spawn_local(async move {
            let answer = assign_lead(lead_id, to).await;
            if state.is_gone() {
                return;
            }
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
        let admitted = self.choice.admits_owner(&card, me);
        self.change(|lanes| place_assigned(lanes, card, admitted));
    }

    /// The stream missed events: reload the columns, once no card is under the user's hand.
    pub(super) fn resync(&self) {
        if self.hands_busy() {
            self.resync_waiting.set(true);
            return;
        }
        self.reload.update(|n| *n += 1);
    }

    /// Someone changed a lead: fetch its card and show it where it now is (or drop it when
    /// this user may no longer see it). Cards of the user's own move in flight, or under the
    /// user's finger or mouse, are left alone: the move's answer settles them.
    pub(super) fn heard(&self, event: LeadEvent) {
        if self.is_gone() {
            return;
        }
        if self.hands_busy() {
            self.deferred.update(|d| d.push(event));
            return;
        }
        let id = event.lead_id;
        if self.is_pending(id) {
            return;
        }
        let known = self.find(id).map(|(_, _, card)| card.version);
        if !is_news(known, &event) {
            return;
        }
        let state = *self;
        spawn_local(async move {
            let answer = get_card(id).await;
            if state.is_gone() {
                return;
            }
            match answer {
                Ok(card) => state.place_live(card),
                Err(AppError::NotFound) => state.drop_card(id),
                Err(_) => {}
            }
        });
    }

    /// Shows a card that changed elsewhere where it now is (see `state::place_live`).
    fn place_live(&self, card: LeadCard) {
        if self.is_pending(card.id) {
            return;
        }
        let me = self.me.with_value(|m| m.id);
        let admitted = self.choice.admits(&card, me);
        let id = card.id;
        if self.change(|lanes| place_live(lanes, card, admitted)) {
            self.flash(id);
        }
    }

    /// Takes a card off the board (it moved out of sight), keeping the counts right.
    fn drop_card(&self, lead_id: i32) {
        self.change(|lanes| remove_card(lanes, lead_id));
    }

    pub(super) fn load_more(&self, status: LeadStatus) {
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
            let answer = load_column(
                status,
                Some(cursor),
                state.choice.owner.code(),
                state.choice.score_code(),
                state.choice.closed_code(),
            )
            .await;
            if state.is_gone() {
                return;
            }
            match answer {
                Ok(page) => {
                    col.cards.update(|cards| append_page(cards, page.cards));
                    col.total.set(page.total);
                    col.next.set(page.next);
                }
                Err(err) => state.toasts.error(state.i18n.t().error(&err)),
            }
            col.loading.set(false);
        });
    }

    pub(super) fn end_drag(&self) {
        self.dragging.set(None);
        self.drop_spot.set(None);
        self.touch.set(None);
        // What was heard meanwhile, once the drop's own move (if any) is under way.
        let heard = self.deferred.try_update(std::mem::take).unwrap_or_default();
        let resync_waiting = self.resync_waiting.try_update(std::mem::take) == Some(true);
        let state = *self;
        match after_drag(heard, resync_waiting) {
            // The reload shows everything as it is now, the waiting events included.
            AfterDrag::Resync => spawn_local(async move { state.resync() }),
            AfterDrag::Replay(heard) => spawn_local(async move {
                for event in heard {
                    state.heard(event);
                }
            }),
            AfterDrag::Nothing => {}
        }
    }
}

/// After a keyboard move the card is somewhere else: keep the focus on it.
pub(super) fn focus_card_menu(lead_id: i32) {
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
