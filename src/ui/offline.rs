//! The phone's queue of leads saved with no connection: a bridge to `public/offline-queue.js`
//! (IndexedDB; the service worker shares it for Background Sync). Each entry keeps the form's
//! own POST body and its idempotency key, so a replay from the page or from the worker, once
//! or many times, makes one lead. On the server (and where the script is missing) the queue
//! is empty and nothing is kept.

use serde::{Serialize, de::DeserializeOwned};

use crate::error::AppError;

/// One entry waiting to be sent: what was typed (`T`, for showing and fixing) and the server's
/// refusal, if it refused it.
#[derive(Clone, Debug, PartialEq)]
pub struct Waiting<T> {
    pub key: String,
    pub typed: T,
    pub refusal: Option<AppError>,
}

/// What one run through the queue did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Sent {
    pub sent: u32,
    pub refused: u32,
    pub waiting: u32,
    /// The session is over: the rest waits for the next sign-in.
    pub signed_out: bool,
    /// No answer: the rest waits for the connection.
    pub offline: bool,
}

#[cfg(feature = "hydrate")]
mod js {
    use wasm_bindgen::prelude::*;

    #[wasm_bindgen]
    extern "C" {
        #[wasm_bindgen(catch, js_namespace = leadyQueue, js_name = bodyOf)]
        pub fn body_of(form: &web_sys::HtmlFormElement) -> Result<String, JsValue>;
        #[wasm_bindgen(catch, js_namespace = leadyQueue)]
        pub fn add(entry: &JsValue) -> Result<js_sys::Promise, JsValue>;
        #[wasm_bindgen(catch, js_namespace = leadyQueue)]
        pub fn all() -> Result<js_sys::Promise, JsValue>;
        #[wasm_bindgen(catch, js_namespace = leadyQueue)]
        pub fn count() -> Result<js_sys::Promise, JsValue>;
        #[wasm_bindgen(catch, js_namespace = leadyQueue)]
        pub fn remove(key: &str) -> Result<js_sys::Promise, JsValue>;
        #[wasm_bindgen(catch, js_namespace = leadyQueue)]
        pub fn flush() -> Result<js_sys::Promise, JsValue>;
        #[wasm_bindgen(catch, js_namespace = leadyQueue, js_name = forgetPages)]
        pub fn forget_pages() -> Result<js_sys::Promise, JsValue>;
    }

    /// Awaits a promise the queue returned; None where the call or the promise failed.
    pub async fn wait(promise: Result<js_sys::Promise, JsValue>) -> Option<JsValue> {
        wasm_bindgen_futures::JsFuture::from(promise.ok()?)
            .await
            .ok()
    }

    pub fn get(value: &JsValue, key: &str) -> JsValue {
        js_sys::Reflect::get(value, &key.into()).unwrap_or(JsValue::UNDEFINED)
    }
}

/// The body a plain post of `form` would send (its fields, URL-encoded).
#[cfg(feature = "hydrate")]
pub fn body_of(form: &web_sys::HtmlFormElement) -> Option<String> {
    js::body_of(form).ok()
}

/// Keeps an entry; false when the phone could not keep it (no script, no storage).
pub async fn keep<T: Serialize>(key: &str, body: String, typed: &T) -> bool {
    #[cfg(feature = "hydrate")]
    {
        let Ok(typed) = serde_json::to_string(typed) else {
            return false;
        };
        let entry = js_sys::Object::new();
        for (name, value) in [("key", key.to_string()), ("body", body), ("typed", typed)] {
            let _ = js_sys::Reflect::set(&entry, &name.into(), &value.into());
        }
        js::wait(js::add(&entry)).await.is_some()
    }
    #[cfg(not(feature = "hydrate"))]
    {
        let _ = (key, body, serde_json::to_string(typed));
        false
    }
}

/// Every entry, oldest first.
pub async fn waiting<T: DeserializeOwned>() -> Vec<Waiting<T>> {
    #[cfg(feature = "hydrate")]
    {
        let Some(list) = js::wait(js::all()).await else {
            return Vec::new();
        };
        js_sys::Array::from(&list)
            .iter()
            .filter_map(|entry| {
                let text = |k: &str| js::get(&entry, k).as_string();
                Some(Waiting {
                    key: text("key")?,
                    typed: serde_json::from_str(&text("typed")?).ok()?,
                    refusal: text("error").and_then(|e| serde_json::from_str(&e).ok()),
                })
            })
            .collect()
    }
    #[cfg(not(feature = "hydrate"))]
    Vec::new()
}

/// How many entries wait.
pub async fn count() -> u32 {
    #[cfg(feature = "hydrate")]
    {
        js::wait(js::count())
            .await
            .and_then(|n| n.as_f64())
            .map_or(0, |n| n as u32)
    }
    #[cfg(not(feature = "hydrate"))]
    0
}

/// Takes an entry out (to fix it in the form).
pub async fn remove(key: &str) {
    #[cfg(feature = "hydrate")]
    js::wait(js::remove(key)).await;
    #[cfg(not(feature = "hydrate"))]
    let _ = key;
}

/// Sends what waits, in order (one run at a time; a run already going is joined).
pub async fn send_waiting() -> Sent {
    #[cfg(feature = "hydrate")]
    {
        js::wait(js::flush())
            .await
            .map(|r| sent_of(&r))
            .unwrap_or_default()
    }
    #[cfg(not(feature = "hydrate"))]
    Sent::default()
}

/// What the last run did, whoever started it (this page, the `online` event, a page load).
pub fn last_run() -> Option<Sent> {
    #[cfg(feature = "hydrate")]
    {
        let queue = js::get(&leptos::prelude::window(), "leadyQueue");
        let run = js::get(&queue, "lastRun");
        (!run.is_null() && !run.is_undefined()).then(|| sent_of(&run))
    }
    #[cfg(not(feature = "hydrate"))]
    None
}

#[cfg(feature = "hydrate")]
fn sent_of(result: &wasm_bindgen::JsValue) -> Sent {
    let number = |k: &str| js::get(result, k).as_f64().unwrap_or(0.0) as u32;
    let flag = |k: &str| js::get(result, k).as_bool().unwrap_or(false);
    Sent {
        sent: number("sent"),
        refused: number("refused"),
        waiting: number("waiting"),
        signed_out: flag("signedOut"),
        offline: flag("offline"),
    }
}

/// Forgets the pages kept for use with no connection (they show the signed-in person).
pub async fn forget_pages() {
    #[cfg(feature = "hydrate")]
    js::wait(js::forget_pages()).await;
}

/// Calls `f` whenever the queue changes (an entry kept, sent or refused), for as long as the
/// current reactive owner lives.
pub fn on_change(f: impl Fn() + 'static) {
    #[cfg(feature = "hydrate")]
    {
        use wasm_bindgen::{JsCast, closure::Closure};
        let listener = Closure::<dyn Fn()>::new(f);
        let window = leptos::prelude::window();
        let _ = window
            .add_event_listener_with_callback("leady-queue", listener.as_ref().unchecked_ref());
        let held = send_wrapper::SendWrapper::new(listener);
        leptos::prelude::on_cleanup(move || {
            let _ = leptos::prelude::window()
                .remove_event_listener_with_callback("leady-queue", held.as_ref().unchecked_ref());
        });
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = f;
}
