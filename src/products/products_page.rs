//! `/admin/products`: the products leads can ask about. Add, rename, retire, restore.

use leptos::prelude::*;

use super::api::{create_product, list_products, update_product};
use super::model::ProductView;
use crate::error::{AppError, Field, FieldError};
use crate::i18n::use_i18n;
use crate::ui::admin::{AdminTabs, error_of};
use crate::ui::field::TextField;
use crate::ui::toast::use_toasts;

#[component]
pub fn ProductsPage() -> impl IntoView {
    let i18n = use_i18n();
    let t = move || i18n.t();
    let reload = RwSignal::new(0u32);
    let products = Resource::new(move || reload.get(), |_| list_products(true));
    view! {
        <section class="page admin-page">
            <h1>{move || t().admin_products}</h1>
            <AdminTabs/>
            <Transition fallback=|| ()>
                {move || Suspend::new(async move {
                    match products.await {
                        Ok(list) if list.is_empty() => view! { <p class="muted">{move || t().products_empty}</p> }.into_any(),
                        Ok(list) => view! {
                            <ul class="admin-list products">
                                {list.into_iter().map(|p| view! { <ProductRow product=p reload/> }).collect_view()}
                            </ul>
                        }.into_any(),
                        Err(err) => view! { <p class="form-error" role="alert">{move || i18n.t().error(&err)}</p> }.into_any(),
                    }
                })}
            </Transition>
            <NewProduct reload/>
        </section>
    }
}

#[component]
fn ProductRow(product: ProductView, reload: RwSignal<u32>) -> impl IntoView {
    let i18n = use_i18n();
    let t = move || i18n.t();
    let toasts = use_toasts();
    let toggle = {
        let product = product.clone();
        move |_| {
            let product = product.clone();
            leptos::task::spawn_local(async move {
                match update_product(product.id, product.name.clone(), !product.active).await {
                    Ok(()) => reload.update(|n| *n += 1),
                    Err(err) => toasts.error(i18n.t().error(&err)),
                }
            });
        }
    };
    let active = product.active;
    view! {
        <li class="admin-row" class:inactive=!active>
            <div class="admin-row-main">
                <strong>{product.name.clone()}</strong>
                {(!active).then(|| view! { <span class="state-badge">{move || t().product_retired}</span> })}
            </div>
            <div class="admin-row-actions">
                <button type="button" class="button secondary" on:click=toggle>
                    {move || if active { t().product_retire } else { t().product_restore }}
                </button>
            </div>
        </li>
    }
}

#[component]
fn NewProduct(reload: RwSignal<u32>) -> impl IntoView {
    let i18n = use_i18n();
    let t = move || i18n.t();
    let name = RwSignal::new(String::new());
    let errors = RwSignal::new(Vec::<FieldError>::new());
    let toasts = use_toasts();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let wanted = name.get_untracked();
        leptos::task::spawn_local(async move {
            match create_product(wanted).await {
                Ok(_) => {
                    name.set(String::new());
                    errors.set(Vec::new());
                    reload.update(|n| *n += 1);
                }
                Err(AppError::Invalid(list)) => errors.set(list),
                Err(err) => toasts.error(i18n.t().error(&err)),
            }
        });
    };
    view! {
        <form class="admin-form inline-form" on:submit=submit novalidate=true>
            <h2>{move || t().products_new}</h2>
            <TextField id="product-name" name="name" label=Signal::derive(move || t().field_title)
                value=name error=error_of(errors.into(), Field::Name) required=true/>
            <button type="submit" class="button primary">{move || t().product_add}</button>
        </form>
    }
}
