//! "Now", shared by every age on screen and refreshed each half minute in the browser.

use chrono::{DateTime, Utc};
use leptos::prelude::*;

#[derive(Clone, Copy)]
pub struct Now(pub RwSignal<DateTime<Utc>>);

pub fn provide_clock() {
    let now = RwSignal::new(Utc::now());
    provide_context(Now(now));
    // Effects run only in the browser: the server renders one moment.
    Effect::new(move |_| {
        crate::ui::timers::every_while_shown(std::time::Duration::from_secs(30), move || {
            now.set(Utc::now())
        });
    });
}

pub fn use_now() -> RwSignal<DateTime<Utc>> {
    expect_context::<Now>().0
}
