//! The signed-in person in the navigation, with the sign-out button.

use leptos::prelude::*;

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
                            <ActionForm action attr:class="sign-out-form">
                                <button type="submit" class="nav-item">
                                    <span class="nav-icon" aria-hidden="true">"⎋"</span>
                                    <span class="nav-label">{move || i18n.t().sign_out}</span>
                                </button>
                            </ActionForm>
                        </div>
                    }
                })
            })}
        </Suspense>
    }
}
