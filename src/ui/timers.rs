//! Every wait in browser code, on gloo-timers: a one-shot (`after`, `Pending`), a repeating
//! timer (`every`), and a debounce. On the server nothing is scheduled (a page renders one
//! moment), so these are empty there.
//!
//! The handles cancel their timer when dropped; each wraps the browser's timer in a
//! `SendWrapper` so that it can sit in a `StoredValue` or an `on_cleanup` (WebAssembly runs
//! on one thread, so it is never touched from another).

use std::time::Duration;

use leptos::prelude::*;

fn millis(d: Duration) -> u32 {
    d.as_millis().min(u32::MAX as u128) as u32
}

/// Runs `f` once after `delay`, whatever happens meanwhile.
pub fn after(delay: Duration, f: impl FnOnce() + 'static) {
    #[cfg(feature = "hydrate")]
    gloo_timers::callback::Timeout::new(millis(delay), f).forget();
    #[cfg(not(feature = "hydrate"))]
    let _ = (millis(delay), f);
}

/// A one-shot that has not fired yet; dropping it calls it off.
pub struct Pending {
    #[cfg(feature = "hydrate")]
    _timeout: send_wrapper::SendWrapper<gloo_timers::callback::Timeout>,
}

/// Runs `f` once after `delay`, unless the returned handle is dropped first.
pub fn later(delay: Duration, f: impl FnOnce() + 'static) -> Pending {
    #[cfg(feature = "hydrate")]
    {
        Pending {
            _timeout: send_wrapper::SendWrapper::new(gloo_timers::callback::Timeout::new(
                millis(delay),
                f,
            )),
        }
    }
    #[cfg(not(feature = "hydrate"))]
    {
        let _ = (millis(delay), f);
        Pending {}
    }
}

/// A repeating timer; dropping it stops it.
pub struct Repeating {
    #[cfg(feature = "hydrate")]
    _interval: send_wrapper::SendWrapper<gloo_timers::callback::Interval>,
}

/// Runs `f` every `period` until the returned handle is dropped.
pub fn every(period: Duration, f: impl FnMut() + 'static) -> Repeating {
    #[cfg(feature = "hydrate")]
    {
        Repeating {
            _interval: send_wrapper::SendWrapper::new(gloo_timers::callback::Interval::new(
                millis(period),
                f,
            )),
        }
    }
    #[cfg(not(feature = "hydrate"))]
    {
        let _ = (millis(period), f);
        Repeating {}
    }
}

/// Runs `f` every `period` for as long as the current reactive owner lives (the page or
/// component that asked).
pub fn every_while_shown(period: Duration, f: impl FnMut() + 'static) {
    // Held by the owner, so it is dropped (and stops) when the owner is cleaned up.
    StoredValue::new(every(period, f));
}

/// Collapses a burst of calls into one: each `call` restarts the wait, and the action runs
/// once no call has come for `quiet`. Copy, so event handlers can share it.
#[derive(Clone, Copy)]
pub struct Debounce {
    quiet: Duration,
    waiting: StoredValue<Option<Pending>>,
}

impl Debounce {
    pub fn new(quiet: Duration) -> Self {
        let waiting = StoredValue::new(None);
        // A page that goes away takes its waiting action with it.
        on_cleanup(move || {
            waiting.try_update_value(Option::take);
        });
        Debounce { quiet, waiting }
    }

    /// (Re)starts the wait for `f`; an earlier `f` still waiting is dropped.
    pub fn call(&self, f: impl FnOnce() + 'static) {
        // A fired timer's handle stays until the next call replaces it (or the page goes).
        let pending = later(self.quiet, f);
        // Replacing the old handle drops it, which calls its timer off.
        self.waiting.try_set_value(Some(pending));
    }
}
