//! The dialog that asks why a lead is being disqualified: a reason from the list (Jiný with
//! words), checked here with the same rule the server applies, before anything is sent.

use leptos::prelude::*;

use super::closing::{DisqualifyInput, DisqualifyReason};
use crate::error::{Field, FieldError};
use crate::i18n::use_i18n;
use crate::ui::field::TextArea;
use crate::ui::field_errors::error_for;

#[component]
pub fn DisqualifyDialog(
    #[prop(into)] lead_name: String,
    on_confirm: Callback<DisqualifyInput>,
    on_cancel: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let reason = RwSignal::new(String::new());
    let note = RwSignal::new(String::new());
    let errors = RwSignal::new(Vec::<FieldError>::new());
    let errors_signal = Signal::derive(move || errors.get());
    let reason_error = error_for(errors_signal, Field::Reason);
    let first = NodeRef::<leptos::html::Input>::new();
    // Focus the first choice once shown, so a keyboard user starts inside the dialog.
    Effect::new(move |_| {
        if let Some(input) = first.get() {
            let _ = input.focus();
        }
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let input = DisqualifyInput {
            reason: reason.get_untracked(),
            note: note.get_untracked(),
        };
        match input.validate() {
            Ok(_) => on_confirm.run(input),
            Err(problems) => errors.set(problems),
        }
    };
    let title = (i18n.t().disqualify_title)(&lead_name);
    view! {
        <div class="dialog-backdrop" on:click=move |_| on_cancel.run(())>
            <form
                class="dialog"
                role="dialog"
                aria-modal="true"
                aria-labelledby="disqualify-title"
                novalidate=true
                on:click=|ev| ev.stop_propagation()
                on:keydown=move |ev| if ev.key() == "Escape" { on_cancel.run(()) }
                on:submit=submit
            >
                <h2 id="disqualify-title">{title}</h2>
                <fieldset
                    class="reason-choices"
                    aria-invalid=move || reason_error.get().is_some().then_some("true")
                    aria-describedby="disqualify-reason-error"
                >
                    <legend>{move || i18n.t().disqualify_reason_label}</legend>
                    {DisqualifyReason::ALL.into_iter().enumerate().map(|(i, r)| {
                        let node = if i == 0 { Some(first) } else { None };
                        view! {
                            <label class="reason-option">
                                <input
                                    type="radio"
                                    name="disqualify-reason"
                                    value=r.code()
                                    node_ref=node.unwrap_or_default()
                                    prop:checked=move || reason.get() == r.code()
                                    on:change=move |_| reason.set(r.code().to_string())
                                />
                                <span>{move || i18n.t().disqualify_reason(r)}</span>
                            </label>
                        }
                    }).collect_view()}
                </fieldset>
                <p class="field-error" id="disqualify-reason-error" aria-live="polite">
                    {move || reason_error.get().unwrap_or_default()}
                </p>
                <TextArea id="disqualify-note" name="note" label=Signal::derive(move || i18n.t().disqualify_note_label)
                    value=note error=error_for(errors_signal, Field::ReasonNote)/>
                <div class="dialog-actions">
                    <button type="button" class="button secondary" on:click=move |_| on_cancel.run(())>
                        {move || i18n.t().cancel}
                    </button>
                    <button type="submit" class="button danger">{move || i18n.t().disqualify_confirm}</button>
                </div>
            </form>
        </div>
    }
}
