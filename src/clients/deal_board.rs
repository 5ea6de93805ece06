//! The opportunity board (`/clients/deals`): one column per stage, laid out like the lead
//! board (its columns, cards and drop-position rule). Cards are dragged with a mouse, or moved
//! with the "Přesunout do" choice on each card (keyboard, phone). A move shows at once and is
//! undone with a message if the server refuses it.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use super::api::{load_deal_board, move_deal};
use super::model::{OpportunityCard, Stage, StageColumn, StageMove};
use super::tabs::ClientTabs;
use crate::exports::links::ExportLinks;
use crate::exports::model::ExportList;
use crate::i18n::use_i18n;
use crate::qualification::model::format_czk;
use crate::ui::column_tabs::{ColumnTab, ColumnTabs, visible_column};
use crate::ui::drag::after_id_at;
use crate::ui::toast::use_toasts;

#[component]
pub fn DealBoard() -> impl IntoView {
    let i18n = use_i18n();
    let board = Resource::new(|| (), |_| load_deal_board());
    view! {
        <section class="page board-page deal-board">
            <ClientTabs/>
            <h1 class="board-title">{move || i18n.t().clients.deals_title}</h1>
            <p class="export-bar"><ExportLinks list=ExportList::Deals params=Vec::new()/></p>
            <Transition fallback=|| ()>
                {move || Suspend::new(async move {
                    match board.await {
                        Ok(columns) => view! { <Stages columns/> }.into_any(),
                        Err(err) => view! { <p class="form-error" role="alert">{move || i18n.t().error(&err)}</p> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

/// The board as the browser knows it: every stage's cards, in order.
#[derive(Clone, Copy)]
struct DealState {
    columns: RwSignal<Vec<StageColumn>>,
    dragging: RwSignal<Option<i32>>,
    drop_on: RwSignal<Option<Stage>>,
    i18n: crate::i18n::I18n,
    toasts: crate::ui::toast::Toasts,
}

impl DealState {
    /// Moves the card in place, then asks the server; a refusal puts it back.
    fn move_card(&self, id: i32, to: Stage, after_id: Option<i32>) {
        let before = self.columns.get_untracked();
        let Some(card) = before
            .iter()
            .flat_map(|c| c.cards.iter())
            .find(|c| c.id == id)
            .cloned()
        else {
            return;
        };
        let from = card.stage;
        self.columns
            .update(|columns| place(columns, card.clone(), to, after_id));
        let (columns, i18n, toasts) = (self.columns, self.i18n, self.toasts);
        leptos::task::spawn_local(async move {
            let request = StageMove {
                opportunity_id: id,
                version: card.version,
                to,
                after_id,
            };
            match move_deal(request).await {
                Ok(saved) => {
                    columns.update(|cols| {
                        for col in cols.iter_mut() {
                            if let Some(c) = col.cards.iter_mut().find(|c| c.id == id) {
                                *c = saved.clone();
                            }
                        }
                    });
                    if from != to {
                        let c = i18n.t().clients;
                        toasts.info((c.deal_moved)(&saved.name, c.stage(to)));
                    }
                }
                Err(err) => {
                    columns.set(before);
                    toasts.error(i18n.t().error(&err));
                }
            }
        });
    }
}

/// Takes the card out of its column and puts it into `to`, right after `after_id` (or on top),
/// keeping counts and sums right.
fn place(columns: &mut [StageColumn], mut card: OpportunityCard, to: Stage, after_id: Option<i32>) {
    for col in columns.iter_mut() {
        if let Some(i) = col.cards.iter().position(|c| c.id == card.id) {
            col.cards.remove(i);
            col.total = col.total.saturating_sub(1);
            col.amount_czk -= card.amount_czk.unwrap_or(0);
        }
    }
    card.stage = to;
    if let Some(col) = columns.iter_mut().find(|c| c.stage == to) {
        let at = after_id
            .and_then(|a| col.cards.iter().position(|c| c.id == a).map(|i| i + 1))
            .unwrap_or(0);
        col.total += 1;
        col.amount_czk += card.amount_czk.unwrap_or(0);
        col.cards.insert(at, card);
    }
}

#[component]
fn Stages(columns: Vec<StageColumn>) -> impl IntoView {
    let state = DealState {
        columns: RwSignal::new(columns),
        dragging: RwSignal::new(None),
        drop_on: RwSignal::new(None),
        i18n: use_i18n(),
        toasts: use_toasts(),
    };
    let active = RwSignal::new(0usize);
    let scroller = NodeRef::<leptos::html::Div>::new();
    let i18n = state.i18n;
    let tabs = Stage::ALL
        .into_iter()
        .map(|stage| ColumnTab {
            label: Signal::derive(move || i18n.t().clients.stage(stage)),
            count: Signal::derive(move || {
                state.columns.with(|cols| {
                    cols.iter()
                        .find(|c| c.stage == stage)
                        .map(|c| c.total)
                        .unwrap_or(0)
                        .to_string()
                })
            }),
        })
        .collect();
    view! {
        <ColumnTabs tabs active scroller/>
        <div class="columns" node_ref=scroller on:scroll=move |_| {
            if let Some(el) = scroller.get() {
                active.set(visible_column(&el));
            }
        }>
            {Stage::ALL.into_iter().map(|stage| view! { <StageView stage state/> }).collect_view()}
        </div>
    }
}

#[component]
fn StageView(stage: Stage, state: DealState) -> impl IntoView {
    let i18n = use_i18n();
    let c = move || i18n.t().clients;
    let column = move || {
        state
            .columns
            .with(|cols| cols.iter().find(|col| col.stage == stage).cloned())
    };
    let heading_id = format!("stage-{}-title", stage.code());
    let labelled_by = heading_id.clone();
    let on_dragover = move |ev: web_sys::DragEvent| {
        if state.dragging.get_untracked().is_some() {
            ev.prevent_default();
            if state.drop_on.get_untracked() != Some(stage) {
                state.drop_on.set(Some(stage));
            }
        }
    };
    let on_drop = move |ev: web_sys::DragEvent| {
        ev.prevent_default();
        let Some(dragged) = state.dragging.get_untracked() else {
            return;
        };
        let after = ev
            .current_target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            .and_then(|el| after_id_at(&el, ev.client_y() as f64, dragged, "data-deal-id"));
        state.dragging.set(None);
        state.drop_on.set(None);
        state.move_card(dragged, stage, after);
    };
    view! {
        <section class="column" data-stage=stage.code() aria-labelledby=labelled_by
            class:drop-target=move || state.drop_on.get() == Some(stage)
            on:dragover=on_dragover on:drop=on_drop>
            <h2 class="column-head" id=heading_id>
                <span class="column-name">{move || c().stage(stage)}</span>
                <span class="column-count">{move || {
                    let (total, amount) = column().map(|col| (col.total, col.amount_czk)).unwrap_or((0, 0));
                    (c().deal_column_summary)(total, &format_czk(amount))
                }}</span>
            </h2>
            <ul class="cards" aria-label=move || c().stage(stage)>
                <For each=move || column().map(|col| col.cards).unwrap_or_default()
                    key=|card| (card.id, card.stage, card.version) let(card)>
                    <DealCard card state/>
                </For>
            </ul>
            <Show when=move || column().is_none_or(|col| col.cards.is_empty())>
                <p class="column-empty">{move || c().deals_empty}</p>
            </Show>
        </section>
    }
}

#[component]
fn DealCard(card: OpportunityCard, state: DealState) -> impl IntoView {
    let i18n = use_i18n();
    let c = move || i18n.t().clients;
    let id = card.id;
    let select_id = format!("deal-{id}-stage");
    view! {
        <li class="card" data-deal-id=id draggable="true"
            class:dragging=move || state.dragging.get() == Some(id)
            on:dragstart=move |ev: web_sys::DragEvent| {
                if let Some(dt) = ev.data_transfer() {
                    let _ = dt.set_data("text/plain", &id.to_string());
                    dt.set_effect_allowed("move");
                }
                state.dragging.set(Some(id));
            }
            on:dragend=move |_| {
                state.dragging.set(None);
                state.drop_on.set(None);
            }>
            <div class="card-main">
                <a class="card-name" href=format!("/clients/deals/{id}")>{card.name.clone()}</a>
                <span class="card-company">{card.account_name.clone()}</span>
                <span class="card-meta">
                    {card.amount_czk.map(|a| view! { <span class="deal-amount">{format_czk(a)}</span> })}
                    {card.expected_close.map(|d| view! { <span>{d.format("%-d. %-m. %Y").to_string()}</span> })}
                    {card.owner.clone().map(|o| view! { <span class="deal-owner">{o.name}</span> })}
                </span>
            </div>
            <div class="card-actions">
                <label class="visually-hidden" for=select_id.clone()>
                    {move || format!("{} {}", i18n.t().board_move_to, card.name)}
                </label>
                <select id=select_id class="stage-select" on:change=move |ev| {
                    if let Some(to) = Stage::from_code(&event_target_value(&ev)) {
                        state.move_card(id, to, None);
                    }
                }>
                    {Stage::ALL.into_iter().map(|s| view! {
                        <option value=s.code() selected=s == card.stage>{move || c().stage(s)}</option>
                    }).collect_view()}
                </select>
            </div>
        </li>
    }
}
