//! Quick entry (`/leads/new`): a phone-first form for a trade-fair stand. It is a plain HTML
//! form posting to the server function, so it works before the WebAssembly arrives.

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use super::api::{CreateLead, get_lead};
use super::form::{LeadFields, LeadFormValues};
use super::model::{CreatedLead, LeadInput, LeadSource};
use crate::i18n::use_i18n;
use crate::ui::form_flash::{FormFlash, field_errors_of, last_error, use_form_flash};

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

/// The name under which a refused plain post of this form waits for the page.
pub const QUICK_ENTRY_FORM: &str = "quick-entry";

/// What a refused plain post of quick entry typed: the fields and the form's key.
pub type QuickEntryTyped = (LeadInput, String);

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
    // The last answer: the action's once it has one, before that the refused plain post's.
    let last_error = last_error(action.value(), flash_error);
    let errors = field_errors_of(last_error);
    let pending = action.pending();

    // Saved: empty the form for the next visitor, keep the source (same fair, same day).
    Effect::new(move |_| {
        if let Some(Ok(_)) = action.value().get() {
            // Same fair, same day: the source, region and product usually repeat.
            values.set(LeadInput {
                source: values.source.get_untracked(),
                region: values.region.get_untracked(),
                product: values.product.get_untracked(),
                ..LeadInput::default()
            });
            form_key.set(fresh_form_key());
            if let Some(el) = document().get_element_by_id("quick-first-name") {
                use wasm_bindgen::JsCast;
                if let Ok(el) = el.dyn_into::<leptos::web_sys::HtmlElement>() {
                    let _ = el.focus();
                }
                // Focusing scrolls; keep the confirmation above the form in view.
                window().scroll_to_with_x_and_y(0.0, 0.0);
            }
        }
    });

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

    let general_error = move || last_error.get().map(|err| i18n.t().error(&err));

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
        <ActionForm action attr:novalidate=true>
            <input type="hidden" name="form_key" value=move || form_key.get()/>
            <LeadFields values errors prefix="quick"/>
            {move || general_error().map(|e| view! { <p class="form-error" role="alert">{e}</p> })}
            <button type="submit" class="button primary big" disabled=move || pending.get()>
                {move || if pending.get() { i18n.t().saving } else { i18n.t().save }}
            </button>
        </ActionForm>
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
