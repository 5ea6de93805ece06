//! A column of the board and its cards: HTML5 drag and drop for a mouse (the whole card), a
//! finger's drag by the card's handle with its floating copy, and each card's menu.

use leptos::prelude::*;
use leptos::web_sys;
use wasm_bindgen::JsCast;

use crate::i18n::time::age;
use crate::leads::model::{LeadCard, LeadStatus};
use crate::ui::clock::use_now;
use crate::ui::drag::{TouchDrag, after_id_at, column_at, scroll_at_edge};
use crate::ui::timers::{Repeating, every};

use super::menu::MoveMenu;
use super::state::{BoardState, Column, DropSpot};

#[component]
pub(super) fn ColumnView(col: Column, state: BoardState) -> impl IntoView {
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
pub(super) fn TouchGhost(state: BoardState) -> impl IntoView {
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

/// The drop spot under a finger at (x, y), if it is over a column.
fn spot_at(x: f64, y: f64, dragged: i32) -> Option<DropSpot> {
    let section = column_at(x, y)?;
    let status = LeadStatus::from_code(&section.get_attribute("data-status")?)?;
    Some(DropSpot {
        status,
        after_id: after_id_at(&section, y, dragged, "data-lead-id"),
    })
}
