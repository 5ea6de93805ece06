//! A page's live connection (the lead board's, the dashboard's): an EventSource on
//! `/api/events` for as long as the page is shown. The browser reconnects by itself after a
//! dropped connection or a server restart and sends the last event id it saw, so the server
//! replays what was missed; where the browser gives up, a new stream opens after a back-off.

use crate::live::model::LeadEvent;

/// What the stream says.
pub enum Heard {
    Lead(LeadEvent),
    /// Too much was missed: reload what is shown.
    Resync,
}

/// Listens from event `after` on, calling `on` for each message, until the current reactive
/// owner is cleaned up. Does nothing outside the browser.
///
/// The browser itself reconnects after a dropped connection. It gives up for good when an
/// answer is not a stream (a 401 once the session has ended, a 502 from a proxy while the
/// server restarts); then this opens a new stream after a back-off ([`back_off`]), from the
/// last event it heard.
pub fn listen(after: i64, on: impl Fn(Heard) + 'static) {
    #[cfg(feature = "hydrate")]
    browser::listen(after, on);
    #[cfg(not(feature = "hydrate"))]
    let _ = (after, on);
}

/// The wait before the `attempt`-th new stream in a row (from 0): 1 s, 2 s, 4 s … and at
/// most 30 s, so a server back after a restart is found within half a minute.
pub fn back_off(attempt: u32) -> std::time::Duration {
    std::time::Duration::from_secs(1u64 << attempt.min(5)).min(std::time::Duration::from_secs(30))
}

#[cfg(feature = "hydrate")]
mod browser {
    use std::cell::{Cell, RefCell};
    use std::rc::{Rc, Weak};

    use wasm_bindgen::{JsCast, closure::Closure};
    use web_sys::{Event, EventSource, MessageEvent};

    use super::{Heard, back_off, parse};
    use crate::ui::timers::{Pending, later};

    type Handler = Closure<dyn Fn(Event)>;
    /// What a handler does with its stream and the event.
    type React = Box<dyn Fn(&Rc<Stream>, Event)>;

    /// One page's stream: the current EventSource, the last event heard, and the pending
    /// reconnection.
    struct Stream {
        after: Cell<i64>,
        failures: Cell<u32>,
        source: RefCell<Option<EventSource>>,
        retry: RefCell<Option<Pending>>,
        handlers: RefCell<Vec<(&'static str, Handler)>>,
        stopped: Cell<bool>,
    }

    pub fn listen(after: i64, on: impl Fn(Heard) + 'static) {
        let stream = Rc::new(Stream {
            after: Cell::new(after),
            failures: Cell::new(0),
            source: RefCell::new(None),
            retry: RefCell::new(None),
            handlers: RefCell::new(Vec::new()),
            stopped: Cell::new(false),
        });
        let on = Rc::new(on);
        // The handlers hold the stream weakly: it owns them.
        let handler = |f: React| {
            let weak: Weak<Stream> = Rc::downgrade(&stream);
            Closure::<dyn Fn(Event)>::new(move |ev: Event| {
                if let Some(stream) = weak.upgrade() {
                    f(&stream, ev)
                }
            })
        };
        let on_lead = on.clone();
        let handlers = vec![
            (
                "lead",
                handler(Box::new(move |stream, ev| {
                    let Some(message) = ev.dyn_ref::<MessageEvent>() else {
                        return;
                    };
                    if let Some(event) = parse(&message.data()) {
                        stream.after.set(stream.after.get().max(event.id));
                        on_lead(Heard::Lead(event));
                    }
                })),
            ),
            ("resync", handler(Box::new(move |_, _| on(Heard::Resync)))),
            (
                "open",
                handler(Box::new(|stream, _| stream.failures.set(0))),
            ),
            ("error", handler(Box::new(|stream, _| given_up(stream)))),
        ];
        *stream.handlers.borrow_mut() = handlers;
        connect(&stream);
        let held = send_wrapper::SendWrapper::new(stream);
        leptos::prelude::on_cleanup(move || {
            held.stopped.set(true);
            held.retry.borrow_mut().take();
            if let Some(source) = held.source.borrow_mut().take() {
                source.close();
            }
        });
    }

    fn connect(stream: &Rc<Stream>) {
        if stream.stopped.get() {
            return;
        }
        let url = format!("/api/events?after={}", stream.after.get());
        let Ok(source) = EventSource::new(&url) else {
            return;
        };
        for (name, handler) in stream.handlers.borrow().iter() {
            let _ = source.add_event_listener_with_callback(name, handler.as_ref().unchecked_ref());
        }
        if let Some(old) = stream.source.borrow_mut().replace(source) {
            old.close();
        }
    }

    /// An error: the browser is retrying by itself (nothing to do), or it has given up on
    /// this stream, and a new one opens after the back-off.
    fn given_up(stream: &Rc<Stream>) {
        let closed = stream
            .source
            .borrow()
            .as_ref()
            .is_some_and(|s| s.ready_state() == EventSource::CLOSED);
        if !closed || stream.stopped.get() {
            return;
        }
        let failures = stream.failures.get();
        stream.failures.set(failures.saturating_add(1));
        let weak = Rc::downgrade(stream);
        let retry = later(back_off(failures), move || {
            if let Some(stream) = weak.upgrade() {
                connect(&stream);
            }
        });
        *stream.retry.borrow_mut() = Some(retry);
    }
}

/// The event's JSON, read field by field (no JSON library in the WebAssembly for four fields).
#[cfg(feature = "hydrate")]
fn parse(data: &wasm_bindgen::JsValue) -> Option<LeadEvent> {
    let text = data.as_string()?;
    let value = js_sys::JSON::parse(&text).ok()?;
    let number = |key: &str| js_sys::Reflect::get(&value, &key.into()).ok()?.as_f64();
    let kind = js_sys::Reflect::get(&value, &"kind".into())
        .ok()?
        .as_string()?;
    Some(LeadEvent {
        id: number("id")? as i64,
        lead_id: number("lead_id")? as i32,
        version: number("version")? as i32,
        kind: crate::live::model::EventKind::ALL
            .into_iter()
            .find(|k| format!("{k:?}") == kind)?,
    })
}

#[cfg(test)]
mod tests {
    use super::back_off;
    use std::time::Duration;

    #[test]
    fn back_off_doubles_up_to_half_a_minute() {
        let waits: Vec<u64> = (0..8).map(|n| back_off(n).as_secs()).collect();
        assert_eq!(waits, [1, 2, 4, 8, 16, 30, 30, 30]);
        assert_eq!(back_off(u32::MAX), Duration::from_secs(30));
    }
}
