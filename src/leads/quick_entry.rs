//! Quick entry (`/leads/new`): a phone-first form for a trade-fair stand. It is a plain HTML
//! form posting to the server function, so it works before the WebAssembly arrives; with it,
//! it also works with no connection (the service worker keeps the page, the phone keeps the
//! entries until they can be sent).

use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_router::hooks::use_query_map;

use super::api::{CreateLead, QUICK_ENTRY_FORM, QuickEntryTyped, get_lead};
use super::draft::Draft;
use super::form::LeadFields;
use super::form_values::LeadFormValues;
use super::model::{CreatedLead, LeadInput, LeadSource};
use super::waiting::{WaitingLeads, display_name};
use crate::error::AppError;
use crate::i18n::use_i18n;
use crate::ui::form_flash::{FormFlash, field_errors_of, last_error, use_form_flash};
use crate::ui::offline;

/// A fresh key for one filling of the form; a repeated submit with it creates nothing new.
fn fresh_form_key() -> String {
    #[cfg(feature = "ssr")]
    {
        uuid::Uuid::new_v4().simple().to_string()
    }
    #[cfg(not(feature = "ssr"))]
    {
        let random = (js_sys::Math::random() * 1e15) as u64;
        format!("{:x}{random:x}", js_sys::Date::now() as u64)
    }
}

fn empty_input() -> LeadInput {
    LeadInput {
        source: LeadSource::TradeFair.code().to_string(),
        ..LeadInput::default()
    }
}

#[component]
pub fn QuickEntry() -> impl IntoView {
    let i18n = use_i18n();
    let flash = use_form_flash::<QuickEntryTyped>(QUICK_ENTRY_FORM);
    view! {
        <section class="page narrow quick-entry">
            <h1>{move || i18n.t().quick_title}</h1>
            <p class="intro">{move || i18n.t().quick_intro}</p>
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    let flash = flash.await;
                    view! { <QuickEntryForm flash/> }
                })}
            </Suspense>
        </section>
    }
}

/// The form, filled with what a refused plain post typed (`flash`), else empty.
///
/// With the WebAssembly it saves through the server function; when that gets no answer (no
/// connection, the server down) the entry goes into the phone's queue with its own key and
/// is sent later ([`WaitingLeads`]). What is being typed is kept on the phone as a draft, so
/// a reload (even with no connection) loses nothing.
#[component]
fn QuickEntryForm(flash: Option<FormFlash<QuickEntryTyped>>) -> impl IntoView {
    let i18n = use_i18n();
    let action = ServerAction::<CreateLead>::new();
    // The server's key is shipped to the browser with the page, so both agree on it.
    let shared_key = SharedValue::new(fresh_form_key).into_inner();
    let (typed, flash_error) = match flash {
        // The same key again: a repeated post of a lead that was saved meanwhile makes no twin.
        Some(f) => (f.typed.clone(), Some(f.error)),
        None => ((empty_input(), shared_key), None),
    };
    let values = LeadFormValues::new(typed.0);
    let form_key = RwSignal::new(typed.1);
    let refused = flash_error.is_some();
    // The browser's own check before sending, and a refusal brought back from the queue.
    let checked = RwSignal::new(None::<AppError>);
    // No answer and the queue could not keep the entry either: then say so.
    let unkept = RwSignal::new(false);
    let answer = last_error(action.value(), flash_error);
    let shown_error = Signal::derive(move || {
        checked.get().or_else(|| {
            answer
                .get()
                .filter(|e| !matches!(e, AppError::Transport(_)) || unkept.get())
        })
    });
    let errors = field_errors_of(shown_error);
    let pending = action.pending();
    // The entry on its way: key, the plain post's body and the fields, for the queue.
    let sending = StoredValue::new(None::<(String, String, LeadInput)>);
    let queued_name = RwSignal::new(None::<String>);
    let draft = Draft::new(values, form_key);

    if !refused {
        // In the browser: a draft left by a reload comes back; otherwise a fresh key, since a
        // page kept for use offline carries the one it was rendered with, and two leads typed
        // on it must not share it.
        Effect::new(move |_| {
            if !draft.restore() {
                form_key.set(fresh_form_key());
            }
        });
    }

    // Saved or queued: empty the form for the next visitor, keep the source (same fair,
    // same day: the source, region and product usually repeat).
    let ready_for_next = move || {
        values.set(LeadInput {
            source: values.source.get_untracked(),
            region: values.region.get_untracked(),
            product: values.product.get_untracked(),
            ..LeadInput::default()
        });
        form_key.set(fresh_form_key());
        draft.clear();
        if let Some(el) = document().get_element_by_id("quick-first-name") {
            use wasm_bindgen::JsCast;
            if let Ok(el) = el.dyn_into::<leptos::web_sys::HtmlElement>() {
                let _ = el.focus();
            }
            // Focusing scrolls; keep the confirmation above the form in view.
            window().scroll_to_with_x_and_y(0.0, 0.0);
        }
    };
    Effect::new(move |_| match action.value().get() {
        Some(Ok(_)) => {
            sending.set_value(None);
            queued_name.set(None);
            ready_for_next();
        }
        Some(Err(AppError::Transport(_))) => {
            let Some((key, body, input)) = sending.try_update_value(Option::take).flatten() else {
                return;
            };
            let name = display_name(&input);
            leptos::task::spawn_local(async move {
                if offline::keep(&key, body, &input).await {
                    unkept.set(false);
                    queued_name.set(Some(name));
                    ready_for_next();
                } else {
                    unkept.set(true);
                }
            });
        }
        Some(Err(_)) => sending.set_value(None),
        None => {}
    });

    let submit = move |ev: leptos::web_sys::SubmitEvent| {
        ev.prevent_default();
        // A second tap while the first is on its way is the same tap. (No time window after
        // a save: a quick second filling is a new lead.)
        if pending.get_untracked() || sending.with_value(Option::is_some) {
            return;
        }
        let input = values.current();
        if let Err(problems) = input.validate() {
            checked.set(Some(AppError::Invalid(problems)));
            return;
        }
        checked.set(None);
        let key = form_key.get_untracked();
        let body = form_body(&ev).unwrap_or_default();
        sending.set_value(Some((key.clone(), body, input.clone())));
        action.dispatch(CreateLead {
            input,
            form_key: key,
        });
    };

    // A refused entry from the queue comes back into the form, with its key and its errors.
    let fix = Callback::new(
        move |(key, input, refusal): (String, LeadInput, Option<AppError>)| {
            queued_name.set(None);
            values.set(input);
            form_key.set(key);
            checked.set(refusal);
            draft.save();
        },
    );

    // Without WebAssembly the server redirects here with ?saved=ID (not after a refusal: the
    // address may still name the lead saved before it).
    let query = use_query_map();
    let saved_by_redirect = Resource::new(
        move || {
            query
                .read()
                .get("saved")
                .and_then(|s| s.parse::<i32>().ok())
                .filter(|_| !refused)
        },
        |id| async move {
            match id {
                Some(id) => get_lead(id).await.ok().map(|d| CreatedLead {
                    id,
                    name: d.full_name(),
                    repeated: false,
                    owner: d.owner,
                }),
                None => None,
            }
        },
    );

    let general_error = move || shown_error.get().map(|err| i18n.t().error(&err));

    view! {
        <Transition fallback=|| ()>
            {move || Suspend::new(async move {
                let from_url = saved_by_redirect.await;
                let created = match action.value().get() {
                    Some(Ok(created)) => Some(created),
                    Some(Err(_)) => None,
                    None => from_url,
                };
                created.map(|c| view! { <Confirmation created=c/> })
            })}
        </Transition>
        {move || queued_name.get().map(|name| view! {
            <div class="confirmation queued" role="status">
                <p>{move || {
                    let t = i18n.t();
                    (t.quick_queued)(if name.is_empty() { t.quick_waiting_unnamed } else { &name })
                }}</p>
            </div>
        })}
        <form
            method="post"
            action=CreateLead::url()
            novalidate
            on:submit=submit
            on:input=move |_| draft.save_soon()
            on:change=move |_| draft.save_soon()
        >
            <input type="hidden" name="form_key" value=move || form_key.get()/>
            <LeadFields values errors prefix="quick"/>
            {move || general_error().map(|e| view! { <p class="form-error" role="alert">{e}</p> })}
            <button type="submit" class="button primary big" disabled=move || pending.get()>
                {move || if pending.get() { i18n.t().saving } else { i18n.t().save }}
            </button>
        </form>
        <WaitingLeads fix/>
    }
}

/// What the plain post of the submitted form would send.
fn form_body(ev: &leptos::web_sys::SubmitEvent) -> Option<String> {
    #[cfg(feature = "hydrate")]
    {
        use wasm_bindgen::JsCast;
        let form = ev
            .target()?
            .dyn_into::<leptos::web_sys::HtmlFormElement>()
            .ok()?;
        offline::body_of(&form)
    }
    #[cfg(not(feature = "hydrate"))]
    {
        let _ = ev;
        None
    }
}

#[component]
fn Confirmation(created: CreatedLead) -> impl IntoView {
    let i18n = use_i18n();
    let name = created.name.clone();
    let repeated = created.repeated;
    view! {
        <div class="confirmation" role="status">
            <p>
                {move || {
                    let t = i18n.t();
                    if repeated { (t.quick_repeated)(&name) } else { (t.quick_saved)(&name) }
                }}
            </p>
            // The assignment rules may have given it to someone already: say who.
            {created.owner.map(|o| view! { <p class="confirmation-owner">{move || (i18n.t().owner_of)(&o.name)}</p> })}
            <a href=format!("/leads/{}", created.id) class="button secondary">
                {move || i18n.t().quick_open_lead}
            </a>
        </div>
    }
}
