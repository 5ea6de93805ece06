//! On a phone a board shows one column per screen width; these tabs jump between the columns
//! and show what each holds. Shared by the lead board and the deal board.

use leptos::prelude::*;

/// One tab: the column's name and what it counts, both live.
pub struct ColumnTab {
    pub label: Signal<&'static str>,
    pub count: Signal<String>,
}

#[component]
pub fn ColumnTabs(
    tabs: Vec<ColumnTab>,
    active: RwSignal<usize>,
    scroller: NodeRef<leptos::html::Div>,
) -> impl IntoView {
    view! {
        <div class="column-tabs">
            {tabs
                .into_iter()
                .enumerate()
                .map(|(i, tab)| {
                    view! {
                        <button
                            type="button"
                            class="column-tab"
                            class:active=move || active.get() == i
                            aria-current=move || (active.get() == i).then_some("true")
                            on:click=move |_| {
                                if let Some(el) = scroller.get() {
                                    let left = el.client_width() as f64 * i as f64;
                                    el.scroll_to_with_x_and_y(left, 0.0);
                                    active.set(i);
                                }
                            }
                        >
                            <span>{move || tab.label.get()}</span>
                            <span class="count">{move || tab.count.get()}</span>
                        </button>
                    }
                })
                .collect_view()}
        </div>
    }
}

/// The column the board's scroller shows now (for the scroller's scroll handler).
pub fn visible_column(scroller: &web_sys::HtmlDivElement) -> usize {
    let width = scroller.client_width().max(1) as f64;
    (scroller.scroll_left() as f64 / width).round() as usize
}
