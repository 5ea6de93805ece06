//! The lead board: six status columns, cards dragged with a mouse (HTML5 drag and drop), a
//! finger (pointer events on the card's handle, so a swipe elsewhere still scrolls) or moved
//! with the keyboard through the card's "Přesunout…" menu. Moves show at once and are undone
//! with a message if the server refuses them. The same menu assigns the lead (a manager) or
//! takes it (a salesperson, from the pool); filters above the board narrow it to one person's
//! leads or the pool.
//!
//! Its parts: `state` (the columns and the board's decisions on plain data), `actions` (moves,
//! assignments, live events and paging with the server), `filters`, `card` (a column and its
//! cards, dragging) and `menu` (the keyboard's move menu). The drop geometry and the edge
//! scroll are `crate::ui::drag`, shared with the deal board.

mod actions;
mod card;
mod filters;
mod menu;
mod state;

use leptos::prelude::*;
use leptos::web_sys;

use leptos_router::hooks::use_query_map;

use crate::i18n::use_i18n;
use crate::leads::api::load_board;
use crate::leads::closing::DisqualifyInput;
use crate::leads::disqualify_dialog::DisqualifyDialog;
use crate::leads::model::{BoardView, LeadStatus};
use crate::live::listen::{Heard, listen};
use crate::ui::column_tabs::{ColumnTab, ColumnTabs, visible_column};
use crate::ui::drag::EdgeScroll;
use crate::ui::toast::use_toasts;

use self::actions::focus_card_menu;
use self::card::{ColumnView, TouchGhost};
use self::filters::{BoardChoice, BoardFilters};
use self::state::{AskReason, BoardState, Column, board_order};

#[component]
pub fn Board() -> impl IntoView {
    let i18n = use_i18n();
    // Bumped when the board must be fetched again (a stale move, a vanished card).
    let reload = RwSignal::new(0u32);
    let query = use_query_map();
    let choice = Memo::new(move |_| {
        let query = query.read();
        BoardChoice::from_query(
            query.get("owner").as_deref(),
            query.get("score").as_deref(),
            query.get("closed").as_deref(),
        )
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

#[component]
fn Columns(view: BoardView, reload: RwSignal<u32>, choice: BoardChoice) -> impl IntoView {
    let columns: Vec<Column> = board_order(&view.columns)
        .into_iter()
        .map(Column::new)
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
                    edge.follow(ev.client_x() as f64, state.dragging, scroller);
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
