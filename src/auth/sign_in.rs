//! The sign-in page (`/sign-in`): a plain form posting to the server function, so it works
//! before the WebAssembly arrives.

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use super::api::SignIn;
use super::model::{FAILURE_WINDOW_MINUTES, SignInRefusal, safe_next};
use crate::i18n::use_i18n;
use crate::ui::field::TextField;

#[component]
pub fn SignInPage() -> impl IntoView {
    let i18n = use_i18n();
    let action = ServerAction::<SignIn>::new();
    let query = use_query_map();
    let next = move || query.read().get("next").unwrap_or_default();
    let email = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let pending = action.pending();

    // Signed in: load the page the user was going to, with everything that now belongs to them.
    Effect::new(move |_| {
        if let Some(Ok(path)) = action.value().get() {
            // The server already checked it; checked again so this page never leaves the site.
            let _ = window().location().set_href(&safe_next(Some(&path)));
        }
    });

    // The refusal from this submit, or (without WebAssembly) the one the server redirected with.
    let error = Signal::derive(move || match action.value().get() {
        Some(Err(err)) => Some(i18n.t().error(&err)),
        Some(Ok(_)) => None,
        None => {
            let query = query.read();
            // How long to wait, as the server said (the account-wide limit counts an hour).
            let minutes = query
                .get("wait")
                .and_then(|m| m.parse::<i64>().ok())
                .filter(|m| (1..=24 * 60).contains(m))
                .unwrap_or(FAILURE_WINDOW_MINUTES);
            query
                .get("failed")
                .and_then(|code| SignInRefusal::from_code(&code, minutes))
                .map(|r| i18n.t().sign_in_refusal(r))
        }
    });
    let no_field_error = Signal::derive(|| None::<String>);

    view! {
        <section class="page narrow sign-in">
            <h1>{move || i18n.t().sign_in_title}</h1>
            <p class="intro">{move || i18n.t().sign_in_intro}</p>
            <ActionForm action attr:novalidate=true>
                <input type="hidden" name="next" value=next/>
                <TextField
                    id="sign-in-email"
                    name="email"
                    kind="email"
                    autocomplete="username"
                    label=Signal::derive(move || i18n.t().field_login_email)
                    value=email
                    error=no_field_error
                    required=true
                />
                <TextField
                    id="sign-in-password"
                    name="password"
                    kind="password"
                    autocomplete="current-password"
                    label=Signal::derive(move || i18n.t().field_password)
                    value=password
                    error=no_field_error
                    required=true
                />
                {move || error.get().map(|e| view! { <p class="form-error" role="alert">{e}</p> })}
                <button type="submit" class="button primary big" disabled=move || pending.get()>
                    {move || if pending.get() { i18n.t().signing_in } else { i18n.t().sign_in_button }}
                </button>
            </ActionForm>
        </section>
    }
}
