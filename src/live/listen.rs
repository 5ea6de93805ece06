//! A page's live connection (the lead board's, the dashboard's): an EventSource on
//! `/api/events` for as long as the page is shown. The browser reconnects by itself after a
//! dropped connection or a server restart and sends the last event id it saw, so the server
//! replays what was missed.

use crate::live::model::LeadEvent;

/// What the stream says.
pub enum Heard {
    Lead(LeadEvent),
    /// Too much was missed: reload what is shown.
    Resync,
}

/// Listens from event `after` on, calling `on` for each message, until the current reactive
/// owner is cleaned up. Does nothing outside the browser.
pub fn listen(after: i64, on: impl Fn(Heard) + 'static) {
    #[cfg(feature = "hydrate")]
    {
        use wasm_bindgen::{JsCast, closure::Closure};
        let Ok(source) = web_sys::EventSource::new(&format!("/api/events?after={after}")) else {
            return;
        };
        let on = std::rc::Rc::new(on);
        let on_lead = {
            let on = on.clone();
            Closure::<dyn Fn(web_sys::MessageEvent)>::new(move |ev: web_sys::MessageEvent| {
                if let Some(event) = parse(&ev.data()) {
                    on(Heard::Lead(event));
                }
            })
        };
        let on_resync = Closure::<dyn Fn(web_sys::MessageEvent)>::new(move |_| on(Heard::Resync));
        let _ = source.add_event_listener_with_callback("lead", on_lead.as_ref().unchecked_ref());
        let _ =
            source.add_event_listener_with_callback("resync", on_resync.as_ref().unchecked_ref());
        let held = send_wrapper::SendWrapper::new((source, on_lead, on_resync));
        leptos::prelude::on_cleanup(move || held.0.close());
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = (after, on);
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
