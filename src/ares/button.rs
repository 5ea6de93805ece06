//! "Načíst z ARES": a button under an IČO field. It looks the typed IČO up and hands the
//! company to the form (`on_found`), which fills its own fields; the user checks them and
//! saves as usual. It only works with WebAssembly (it is a plain button, not part of the
//! form's post), so the form itself never depends on it.

use leptos::prelude::*;

use super::api::lookup_company;
use super::model::CompanyFacts;
use crate::error::{AppError, Field};
use crate::i18n::use_i18n;

#[component]
pub fn AresButton(
    /// The form's IČO value, as typed.
    ico: RwSignal<String>,
    /// Fills the form with the company found.
    on_found: Callback<CompanyFacts>,
    /// The button's id (the message's is `{id}-message`).
    #[prop(into)]
    id: String,
    #[prop(optional, into)] disabled: Signal<bool>,
) -> impl IntoView {
    let i18n = use_i18n();
    let pending = RwSignal::new(false);
    // The last lookup's outcome: the company's name, or why nothing was filled.
    let outcome = RwSignal::new(None::<Result<String, AppError>>);
    let look_up = move |_| {
        if pending.get_untracked() {
            return;
        }
        let typed = ico.get_untracked();
        pending.set(true);
        outcome.set(None);
        leptos::task::spawn_local(async move {
            let answer = lookup_company(typed).await;
            pending.set(false);
            match answer {
                Ok(company) => {
                    outcome.set(Some(Ok(company.name.clone())));
                    on_found.run(company);
                }
                Err(err) => outcome.set(Some(Err(err))),
            }
        });
    };
    let message = move || {
        let t = i18n.t();
        outcome.get().map(|outcome| match outcome {
            Ok(name) => (false, (t.ares.filled)(&name)),
            // A bad IČO: say what is wrong with it, as the field would.
            Err(AppError::Invalid(errors)) => (
                true,
                errors
                    .iter()
                    .find(|e| e.field == Field::Ico)
                    .map(|e| t.field_problem(e.problem))
                    .unwrap_or_else(|| t.err_form_has_errors.to_string()),
            ),
            Err(err) => (true, t.error(&err)),
        })
    };
    let message_id = format!("{id}-message");
    view! {
        <div class="ares-lookup">
            <button type="button" id=id class="button secondary" aria-describedby=message_id.clone()
                disabled=move || pending.get() || disabled.get() on:click=look_up>
                {move || if pending.get() { i18n.t().ares.loading } else { i18n.t().ares.button }}
            </button>
            <p id=message_id class="ares-message" aria-live="polite">
                {move || message().map(|(failed, text)| if failed {
                    view! { <span class="form-error" role="alert">{text}</span> }.into_any()
                } else {
                    view! { <span class="ares-filled" role="status">{text}</span> }.into_any()
                })}
            </p>
        </div>
    }
}
