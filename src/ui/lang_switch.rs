//! Čeština / English. Without WebAssembly it is a form posting to /lang; with it, the cookie
//! is set in the browser and every text switches in place.

use leptos::prelude::*;

use crate::i18n::{LANG_COOKIE, Locale, use_i18n};

#[component]
pub fn LangSwitch() -> impl IntoView {
    let i18n = use_i18n();
    let other = move || match i18n.locale() {
        Locale::Cs => Locale::En,
        Locale::En => Locale::Cs,
    };
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let next = other();
        remember_locale(next);
        i18n.set_locale(next);
    };
    view! {
        <form class="lang-switch" method="post" action="/lang" on:submit=on_submit>
            <input type="hidden" name="lang" value=move || other().code()/>
            <button type="submit" class="nav-item" title=move || i18n.t().switch_language
                lang=move || other().code()>
                <span class="nav-icon lang-code" aria-hidden="true">{move || other().code().to_uppercase()}</span>
                <span class="nav-label">{move || i18n.t().other_language_name}</span>
            </button>
        </form>
    }
}

fn remember_locale(locale: Locale) {
    #[cfg(feature = "hydrate")]
    {
        use wasm_bindgen::JsCast;
        let cookie = format!(
            "{LANG_COOKIE}={}; Path=/; Max-Age=31536000; SameSite=Lax",
            locale.code()
        );
        if let Ok(doc) = document().dyn_into::<web_sys::HtmlDocument>() {
            let _ = doc.set_cookie(&cookie);
        }
        if let Some(html) = document().document_element() {
            let _ = html.set_attribute("lang", locale.code());
        }
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = (locale, LANG_COOKIE);
}
