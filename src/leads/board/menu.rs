//! The keyboard and screen-reader way to move a card: its "Přesunout…" menu (up, down, to
//! another column, and assigning the lead), with arrow keys between its items. What the menu
//! offers is decided by plain functions (`neighbours`, `assign_offer`, `next_focus`).

use leptos::prelude::*;
use leptos::web_sys;
use wasm_bindgen::JsCast;

use crate::auth::model::CurrentUser;
use crate::auth::permissions::sees_all_leads;
use crate::leads::model::{LeadCard, LeadStatus, PersonRef, allowed_targets};

use super::actions::focus_card_menu;
use super::state::{BoardState, Column};

/// Where the card `id` may go within its column, as moves right after a card: up (after the
/// card two places above, None: on top) if it is not the first, and down (after the card
/// below) if it is not the last. None when the card is not in `cards`.
pub(super) fn neighbours(cards: &[LeadCard], id: i32) -> Option<(Option<i32>, bool, Option<i32>)> {
    let i = cards.iter().position(|c| c.id == id)?;
    Some((
        // Moving up: land after the card two places above (or on top).
        i.checked_sub(2).map(|j| cards[j].id),
        i >= 1,
        cards.get(i + 1).map(|c| c.id),
    ))
}

/// One assignment item of the menu.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) enum Offer {
    /// "Přiřadit:" above the people.
    Heading,
    /// Give the lead to this person.
    Person(PersonRef),
    /// Back to the pool.
    Pool,
    /// The salesperson takes a pool lead.
    Take(i32),
}

/// The menu's assignment part: a manager picks anyone active but the owner (or the pool, for
/// an owned lead); a salesperson may take a pool lead.
pub(super) fn assign_offer(
    me: &CurrentUser,
    assignees: &[PersonRef],
    owner: Option<i32>,
) -> Vec<Offer> {
    let mut offer = Vec::new();
    if sees_all_leads(me.role) {
        offer.push(Offer::Heading);
        offer.extend(
            assignees
                .iter()
                .filter(|person| Some(person.id) != owner)
                .cloned()
                .map(Offer::Person),
        );
        if owner.is_some() {
            offer.push(Offer::Pool);
        }
    } else if owner.is_none() {
        offer.push(Offer::Take(me.id));
    }
    offer
}

/// The menu item an arrow key moves the focus to among `count` items, from the `current`
/// one (None: focus is elsewhere): round the ends, from outside to the first or the last.
pub(super) fn next_focus(current: Option<u32>, count: u32, forward: bool) -> u32 {
    match (current, forward) {
        (None, true) => 0,
        (None, false) => count - 1,
        (Some(i), true) => (i + 1) % count,
        (Some(i), false) => (i + count - 1) % count,
    }
}

/// The keyboard and screen-reader way to move a card.
#[component]
pub(super) fn MoveMenu(
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
    let around = move || col.cards.with_untracked(|cards| neighbours(cards, id));
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
                        let (up, can_up, down) = around().unwrap_or((None, false, None));
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

/// The menu's assignment items (see `assign_offer`).
fn assign_items(
    state: BoardState,
    owner: Option<i32>,
    give: impl Fn(Option<i32>) + Copy + Send + Sync + 'static,
) -> Vec<AnyView> {
    let t = state.i18n.t();
    let me = state.me.get_value();
    let offer = state
        .assignees
        .with_value(|assignees| assign_offer(&me, assignees, owner));
    offer
        .into_iter()
        .map(|item| match item {
            Offer::Heading => {
                view! { <li role="separator" class="menu-heading">{t.assign_to}</li> }.into_any()
            }
            Offer::Person(person) => {
                let to = person.id;
                view! { <MenuItem label=person.name on_pick=Callback::new(move |_| give(Some(to)))/> }.into_any()
            }
            Offer::Pool => {
                view! { <MenuItem label=t.return_to_pool on_pick=Callback::new(move |_| give(None))/> }.into_any()
            }
            Offer::Take(me) => {
                view! { <MenuItem label=t.take_lead on_pick=Callback::new(move |_| give(Some(me)))/> }.into_any()
            }
        })
        .collect()
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
    if let Some(el) = items
        .item(next_focus(current, count, forward))
        .and_then(|n| n.dyn_into::<web_sys::HtmlElement>().ok())
    {
        let _ = el.focus();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::auth::model::Role;
    use crate::leads::model::LeadSource;

    fn cards(ids: &[i32]) -> Vec<LeadCard> {
        ids.iter()
            .map(|&id| LeadCard {
                id,
                first_name: "Jan".into(),
                last_name: "Novák".into(),
                company: String::new(),
                source: LeadSource::Phone,
                status: LeadStatus::InProcess,
                version: 1,
                position: 0,
                created_at: chrono::DateTime::UNIX_EPOCH,
                owner: None,
                first_contact_at: None,
                latest_task_due: None,
                score: None,
                disqualify_reason: None,
            })
            .collect()
    }

    fn user(id: i32, role: Role) -> CurrentUser {
        CurrentUser {
            id,
            name: "Eva Malá".into(),
            email: "eva@example.cz".into(),
            role,
        }
    }

    fn person(id: i32) -> PersonRef {
        PersonRef {
            id,
            name: format!("Osoba {id}"),
        }
    }

    #[test]
    fn up_lands_after_the_card_two_above_and_down_after_the_card_below() {
        let column = cards(&[1, 2, 3, 4]);
        assert_eq!(neighbours(&column, 1), Some((None, false, Some(2))));
        assert_eq!(neighbours(&column, 2), Some((None, true, Some(3))));
        assert_eq!(neighbours(&column, 3), Some((Some(1), true, Some(4))));
        assert_eq!(neighbours(&column, 4), Some((Some(2), true, None)));
        assert_eq!(neighbours(&column, 9), None);
        assert_eq!(neighbours(&cards(&[5]), 5), Some((None, false, None)));
    }

    #[test]
    fn up_and_down_move_the_card_one_place() {
        use super::super::state::{Lane, move_in};
        let mut lanes = vec![Lane::default(); LeadStatus::ALL.len()];
        let lane = LeadStatus::InProcess.index();
        lanes[lane].cards = cards(&[1, 2, 3, 4]);
        lanes[lane].total = 4;
        let order = |lanes: &[Lane]| lanes[lane].cards.iter().map(|c| c.id).collect::<Vec<_>>();
        let up = |lanes: &mut Vec<Lane>, id| {
            let (after, can, _) = neighbours(&lanes[lane].cards, id).unwrap();
            assert!(can);
            move_in(lanes, id, LeadStatus::InProcess, after, None).unwrap();
        };
        let down = |lanes: &mut Vec<Lane>, id| {
            let (_, _, after) = neighbours(&lanes[lane].cards, id).unwrap();
            move_in(lanes, id, LeadStatus::InProcess, after, None).unwrap();
        };
        up(&mut lanes, 3);
        assert_eq!(order(&lanes), vec![1, 3, 2, 4]);
        up(&mut lanes, 3);
        assert_eq!(order(&lanes), vec![3, 1, 2, 4]);
        down(&mut lanes, 1);
        assert_eq!(order(&lanes), vec![3, 2, 1, 4]);
        down(&mut lanes, 1);
        assert_eq!(order(&lanes), vec![3, 2, 4, 1]);
        assert_eq!(lanes[lane].total, 4);
    }

    #[test]
    fn a_manager_may_give_the_lead_to_anyone_but_its_owner() {
        let people = [person(1), person(2), person(3)];
        let manager = user(9, Role::Manager);
        assert_eq!(
            assign_offer(&manager, &people, Some(2)),
            vec![
                Offer::Heading,
                Offer::Person(person(1)),
                Offer::Person(person(3)),
                Offer::Pool
            ]
        );
        // A pool lead has no way back to the pool.
        assert_eq!(
            assign_offer(&user(9, Role::Admin), &people, None),
            vec![
                Offer::Heading,
                Offer::Person(person(1)),
                Offer::Person(person(2)),
                Offer::Person(person(3))
            ]
        );
    }

    #[test]
    fn a_salesperson_may_only_take_a_pool_lead() {
        let seller = user(4, Role::Salesperson);
        assert_eq!(assign_offer(&seller, &[], None), vec![Offer::Take(4)]);
        assert_eq!(assign_offer(&seller, &[person(1)], Some(4)), Vec::new());
        assert_eq!(assign_offer(&seller, &[], Some(1)), Vec::new());
    }

    #[test]
    fn arrow_keys_go_round_the_menu() {
        assert_eq!(next_focus(None, 4, true), 0);
        assert_eq!(next_focus(None, 4, false), 3);
        assert_eq!(next_focus(Some(1), 4, true), 2);
        assert_eq!(next_focus(Some(3), 4, true), 0);
        assert_eq!(next_focus(Some(0), 4, false), 3);
        assert_eq!(next_focus(Some(2), 4, false), 1);
        assert_eq!(next_focus(Some(0), 1, true), 0);
    }
}
