//! "Čeká na odeslání (N)": the quick entries kept on the phone with no connection
//! (`ui::offline`), under the form. They are sent when the page loads, when the connection
//! returns and on "Odeslat nyní"; one the server refused stays with its error until fixed.

use leptos::prelude::*;
use leptos::task::spawn_local;

use super::model::LeadInput;
use crate::error::AppError;
use crate::i18n::use_i18n;
use crate::ui::offline::{self, Sent, Waiting};
use crate::ui::timers::every_while_shown;

/// How often waiting leads are tried again while the page is open.
const RETRY: std::time::Duration = std::time::Duration::from_secs(15);

/// A refused entry taken back into the form: its key, what was typed, the refusal.
pub type Fix = (String, LeadInput, Option<AppError>);

#[component]
pub fn WaitingLeads(fix: Callback<Fix>) -> impl IntoView {
    let i18n = use_i18n();
    let list = RwSignal::new(Vec::<Waiting<LeadInput>>::new());
    let last_run = RwSignal::new(None::<Sent>);
    let reread = move || {
        spawn_local(async move {
            list.try_set(offline::waiting().await);
            if let Some(run) = offline::last_run() {
                last_run.try_set(Some(run));
            }
        })
    };
    let send = move || {
        spawn_local(async move {
            let sent = offline::send_waiting().await;
            last_run.try_set(Some(sent));
        })
    };
    // Browser only: read the queue, follow its changes, and send what waits.
    Effect::new(move |_| {
        offline::on_change(reread);
        reread();
        send();
        // The phone may have a connection while the server is away (a restart, the fair's
        // wifi without internet): no `online` event will come, so try again now and then.
        every_while_shown(RETRY, move || {
            let stuck = last_run.get_untracked().is_some_and(|r| r.signed_out);
            let unsent = list.with_untracked(|l| l.iter().any(|w| w.refusal.is_none()));
            if unsent && !stuck {
                send();
            }
        });
    });
    let signed_out =
        move || last_run.get().is_some_and(|r| r.signed_out) && !list.read().is_empty();
    let sent_note = move || {
        last_run
            .get()
            .filter(|r| r.sent > 0)
            .map(|r| (i18n.t().quick_waiting_sent)(r.sent))
    };
    let take_back = move |w: Waiting<LeadInput>| {
        spawn_local(async move {
            offline::remove(&w.key).await;
            fix.run((w.key, w.typed, w.refusal));
        })
    };
    view! {
        {move || sent_note().map(|note| view! { <p class="confirmation" role="status">{note}</p> })}
        <Show when=move || !list.read().is_empty()>
            <section class="waiting" aria-labelledby="waiting-title">
                <h2 id="waiting-title">{move || (i18n.t().quick_waiting_title)(list.read().len())}</h2>
                <p class="intro">{move || i18n.t().quick_waiting_intro}</p>
                <Show when=signed_out>
                    <p class="form-error" role="alert">
                        {move || i18n.t().quick_waiting_signed_out} " "
                        <a href="/sign-in?next=%2Fleads%2Fnew">{move || i18n.t().quick_waiting_sign_in}</a>
                    </p>
                </Show>
                <ul class="waiting-list">
                    <For each=move || list.get() key=|w| (w.key.clone(), w.refusal.is_some()) let:w>
                        <WaitingLead waiting=w take_back/>
                    </For>
                </ul>
                <button type="button" class="button secondary" on:click=move |_| send()>
                    {move || i18n.t().quick_waiting_send}
                </button>
            </section>
        </Show>
    }
}

#[component]
fn WaitingLead(
    waiting: Waiting<LeadInput>,
    take_back: impl Fn(Waiting<LeadInput>) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let i18n = use_i18n();
    let name = display_name(&waiting.typed);
    let company = waiting.typed.company.trim().to_string();
    let refusal = waiting.refusal.clone();
    let w = StoredValue::new(waiting);
    view! {
        <li class="waiting-lead">
            <span class="waiting-name">
                {move || if name.is_empty() { i18n.t().quick_waiting_unnamed.to_string() } else { name.clone() }}
            </span>
            {(!company.is_empty()).then(|| view! { <span class="waiting-company">{company}</span> })}
            {refusal.map(|e| view! {
                <span class="field-error">{move || i18n.t().error(&e)}</span>
                <button type="button" class="button secondary" on:click=move |_| take_back(w.get_value())>
                    {move || i18n.t().quick_waiting_fix}
                </button>
            })}
        </li>
    }
}

/// "First Last" as typed; empty when neither is (the view then says "no name").
pub fn display_name(input: &LeadInput) -> String {
    format!("{} {}", input.first_name.trim(), input.last_name.trim())
        .trim()
        .to_string()
}
