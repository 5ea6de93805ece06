//! Quick entry (`/leads/new`): a phone-first form for a trade-fair stand. It is a plain HTML
//! form posting to the server function, so it works before the WebAssembly arrives.

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use super::api::{CreateLead, get_lead};
use super::form::{LeadFields, LeadFormValues, field_errors};
use super::model::{CreatedLead, LeadInput, LeadSource};
use crate::i18n::use_i18n;

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
    let action = ServerAction::<CreateLead>::new();
    let values = LeadFormValues::new(empty_input());
    // The server's key is shipped to the browser with the page, so both agree on it.
    let form_key = RwSignal::new(SharedValue::new(fresh_form_key).into_inner());
    let errors = field_errors(action.value());
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

    // Without WebAssembly the server redirects here with ?saved=ID.
    let query = use_query_map();
    let saved_by_redirect = Resource::new(
        move || {
            query
                .read()
                .get("saved")
                .and_then(|s| s.parse::<i32>().ok())
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

    let general_error = move || match action.value().get() {
        Some(Err(err)) => Some(i18n.t().error(&err)),
        _ => None,
    };

    view! {
        <section class="page narrow quick-entry">
            <h1>{move || i18n.t().quick_title}</h1>
            <p class="intro">{move || i18n.t().quick_intro}</p>
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
        </section>
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
