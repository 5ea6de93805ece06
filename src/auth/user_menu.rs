//! The signed-in person in the navigation, with the sign-out button. Signing out with leads
//! still waiting on the phone (quick entry with no connection) asks first; it forgets the
//! pages kept for offline use and the draft, not the waiting leads.

use leptos::prelude::*;
use leptos::server_fn::ServerFn;

use super::api::SignOut;
use super::model::initials;
use crate::i18n::use_i18n;

#[component]
pub fn UserMenu() -> impl IntoView {
    let i18n = use_i18n();
    let action = ServerAction::<SignOut>::new();
    // Signed out on the server: leave every page of the app behind.
    Effect::new(move |_| {
        if let Some(Ok(())) = action.value().get() {
            let _ = window().location().set_href("/sign-in");
        }
    });
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                super::me::current().await.ok().map(|u| {
                    let short = initials(&u.name);
                    let who = move || (i18n.t().signed_in_as)(&u.name, i18n.t().role(u.role));
                    view! {
                        <div class="user-menu">
                            <span class="avatar" aria-hidden="true">{short}</span>
                            <span class="user-name">{who}</span>
                            <form
                                method="post"
                                action=SignOut::url()
                                class="sign-out-form"
                                on:submit=move |ev| {
                                    ev.prevent_default();
                                    leptos::task::spawn_local(sign_out(action, i18n));
                                }
                            >
                                <button type="submit" class="nav-item">
                                    <span class="nav-icon" aria-hidden="true">"⎋"</span>
                                    <span class="nav-label">{move || i18n.t().sign_out}</span>
                                </button>
                            </form>
                        </div>
                    }
                })
            })}
        </Suspense>
    }
}

/// Asks first when leads still wait on the phone; then forgets what the phone kept of this
/// session (the offline pages, the draft) and signs out.
async fn sign_out(action: ServerAction<SignOut>, i18n: crate::i18n::I18n) {
    let waiting = crate::ui::offline::count().await;
    if waiting > 0 {
        let question = (i18n.t().sign_out_waiting)(waiting);
        if !window().confirm_with_message(&question).unwrap_or(false) {
            return;
        }
    }
    crate::ui::offline::forget_pages().await;
    crate::leads::draft::forget();
    action.dispatch(SignOut {});
}
