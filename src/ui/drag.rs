//! Dragging cards between a board's columns, for the lead board and the deal board: the card a
//! drop lands after, the column under a finger, and the edge scroll that brings the columns out
//! of sight into view while a card is held. The decisions are plain functions of numbers
//! (`after_id_among`, `edge_step`, `settled_scroll_left`); the rest reads the page.

use leptos::prelude::*;
use leptos::web_sys;
use wasm_bindgen::JsCast;

use crate::ui::timers::{Repeating, every};

/// A finger drag in progress: the floating copy of the card follows (x, y).
#[derive(Clone, Debug, PartialEq)]
pub struct TouchDrag {
    pub name: String,
    pub x: f64,
    pub y: f64,
}

/// The card a drop at height `y` lands after, from the column's cards in order, each as its id
/// and the height of its middle: the last card whose middle is above `y` (None: on top). The
/// dragged card itself does not count. The middles are read only as far as needed.
pub fn after_id_among(
    cards: impl IntoIterator<Item = (i32, f64)>,
    y: f64,
    dragged: i32,
) -> Option<i32> {
    let mut after = None;
    for (id, middle) in cards {
        if id == dragged {
            continue;
        }
        if y > middle {
            after = Some(id);
        } else {
            break;
        }
    }
    after
}

/// The card a drop at height `y` into `column` lands after (see `after_id_among`). Cards carry
/// their id in the attribute `id_attr`: `data-lead-id` on the lead board, `data-deal-id` on
/// the deal board.
pub fn after_id_at(column: &web_sys::Element, y: f64, dragged: i32, id_attr: &str) -> Option<i32> {
    let items = column.query_selector_all(&format!("li[{id_attr}]")).ok()?;
    let cards = (0..items.length())
        .filter_map(|i| {
            let el = items
                .item(i)
                .and_then(|n| n.dyn_into::<web_sys::Element>().ok())?;
            let id = el
                .get_attribute(id_attr)
                .and_then(|v| v.parse::<i32>().ok())?;
            Some((id, el))
        })
        // The dragged card's box is never read.
        .filter(|(id, _)| *id != dragged)
        .map(|(id, el)| {
            let rect = el.get_bounding_client_rect();
            (id, rect.top() + rect.height() / 2.0)
        });
    after_id_among(cards, y, dragged)
}

/// The board column (`section.column`) under the point (x, y), if any.
pub fn column_at(x: f64, y: f64) -> Option<web_sys::Element> {
    let element = document().element_from_point(x as f32, y as f32)?;
    element.closest("section.column").ok().flatten()
}

/// How far a board spanning `left`..`right` scrolls for a card held at `x`: a step towards
/// the right edge or the left one when within 40 px of it, None elsewhere.
pub fn edge_step(x: f64, left: f64, right: f64) -> Option<f64> {
    if x > right - 40.0 {
        Some(24.0)
    } else if x < left + 40.0 {
        Some(-24.0)
    } else {
        None
    }
}

/// A card held near the left or right edge of the board scrolls it towards the columns that
/// are out of sight (on a phone, all but one). Returns whether it scrolled.
pub fn scroll_at_edge(board: &web_sys::Element, x: f64) -> bool {
    let rect = board.get_bounding_client_rect();
    let Some(step) = edge_step(x, rect.left(), rect.right()) else {
        return false;
    };
    board.scroll_by_with_x_and_y(step, 0.0);
    true
}

/// Where a board scrolled to `scroll_left` settles when its columns are `column` px wide and
/// it shows `client_width` px: on the nearest whole column, when a column fills (nearly) all
/// of it; None when several columns show at once (then it stays where it is).
pub fn settled_scroll_left(scroll_left: i32, column: f64, client_width: i32) -> Option<i32> {
    if column <= 0.0 || column < client_width as f64 * 0.9 {
        return None;
    }
    Some(((scroll_left as f64 / column).round() * column) as i32)
}

/// After an edge scroll, a board that shows one column at a time (a phone-sized window) moves
/// to the nearest whole column, as its scroll snapping does when nothing is being dragged
/// (snapping is off during a drag: it would undo every step of the edge scroll).
pub fn settle_on_column(board: &web_sys::Element) {
    let Some(first) = board.query_selector("section.column").ok().flatten() else {
        return;
    };
    let column = first.get_bounding_client_rect().width();
    if let Some(left) = settled_scroll_left(board.scroll_left(), column, board.client_width()) {
        board.set_scroll_left(left);
    }
}

/// The mouse's edge scroll during a drag: where the pointer last was, the timer that scrolls
/// while it is at an edge, and whether it scrolled (leaving the edge then settles the board).
#[derive(Clone, Copy)]
pub struct EdgeScroll {
    x: StoredValue<f64>,
    timer: StoredValue<Option<Repeating>>,
    scrolled: StoredValue<bool>,
}

impl EdgeScroll {
    pub fn new() -> Self {
        EdgeScroll {
            x: StoredValue::new(0.0),
            timer: StoredValue::new(None),
            scrolled: StoredValue::new(false),
        }
    }

    /// The pointer is at `x`: scroll while it stays at an edge; once it leaves, settle a
    /// one-column board on a whole column, so the card is let go over the column in view.
    /// Ends by itself once `dragging` holds no card.
    pub fn follow(
        self,
        x: f64,
        dragging: RwSignal<Option<i32>>,
        scroller: NodeRef<leptos::html::Div>,
    ) {
        self.x.set_value(x);
        if self.timer.with_value(Option::is_some) {
            return;
        }
        let tick = move || {
            let Some(board) = scroller.get_untracked() else {
                return;
            };
            if dragging.get_untracked().is_none() {
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

    pub fn stop(self) {
        // Dropping the timer stops it.
        self.timer.try_update_value(Option::take);
        self.scrolled.try_set_value(false);
    }
}

impl Default for EdgeScroll {
    fn default() -> Self {
        Self::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Three cards 100 px tall from the top of the column: middles at 50, 150, 250.
    fn cards() -> Vec<(i32, f64)> {
        vec![(7, 50.0), (8, 150.0), (9, 250.0)]
    }

    #[test]
    fn a_drop_lands_after_the_last_card_whose_middle_is_above_it() {
        assert_eq!(after_id_among(cards(), 10.0, 0), None);
        assert_eq!(after_id_among(cards(), 50.0, 0), None);
        assert_eq!(after_id_among(cards(), 51.0, 0), Some(7));
        assert_eq!(after_id_among(cards(), 200.0, 0), Some(8));
        assert_eq!(after_id_among(cards(), 900.0, 0), Some(9));
        assert_eq!(after_id_among(Vec::new(), 900.0, 0), None);
    }

    #[test]
    fn the_dragged_card_is_no_place_to_land_after() {
        // Held over its own lower half: it stays after the card above it.
        assert_eq!(after_id_among(cards(), 200.0, 8), Some(7));
        assert_eq!(after_id_among(cards(), 900.0, 9), Some(8));
        assert_eq!(after_id_among(cards(), 60.0, 7), None);
    }

    #[test]
    fn middles_below_the_drop_are_not_read() {
        let mut read = Vec::new();
        let lazily = cards().into_iter().inspect(|(id, _)| read.push(*id));
        assert_eq!(after_id_among(lazily, 100.0, 0), Some(7));
        assert_eq!(read, vec![7, 8]);
    }

    #[test]
    fn only_the_edges_scroll() {
        // A board from 0 to 400 px.
        assert_eq!(edge_step(361.0, 0.0, 400.0), Some(24.0));
        assert_eq!(edge_step(360.0, 0.0, 400.0), None);
        assert_eq!(edge_step(200.0, 0.0, 400.0), None);
        assert_eq!(edge_step(40.0, 0.0, 400.0), None);
        assert_eq!(edge_step(39.0, 0.0, 400.0), Some(-24.0));
        // Beyond the board counts as its edge.
        assert_eq!(edge_step(-5.0, 0.0, 400.0), Some(-24.0));
        assert_eq!(edge_step(100.0, 50.0, 400.0), None);
        assert_eq!(edge_step(80.0, 50.0, 400.0), Some(-24.0));
    }

    #[test]
    fn a_one_column_board_settles_on_the_nearest_column() {
        // Columns 380 px wide in a 390 px window.
        assert_eq!(settled_scroll_left(0, 380.0, 390), Some(0));
        assert_eq!(settled_scroll_left(189, 380.0, 390), Some(0));
        assert_eq!(settled_scroll_left(191, 380.0, 390), Some(380));
        assert_eq!(settled_scroll_left(700, 380.0, 390), Some(760));
    }

    #[test]
    fn a_board_showing_several_columns_stays_where_it_is() {
        assert_eq!(settled_scroll_left(191, 300.0, 1400), None);
        assert_eq!(settled_scroll_left(191, 0.0, 390), None);
        // Just under 90 % of the window is several columns' worth.
        assert_eq!(settled_scroll_left(191, 350.0, 390), None);
        assert_eq!(settled_scroll_left(191, 351.0, 390), Some(351));
    }
}
