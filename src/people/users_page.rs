//! `/admin/users`: the team. The admin creates users (with an initial password handed over
//! in person), edits name, email, role, regions and products, and deactivates or reactivates.

use leptos::prelude::*;

use super::api::{create_user, list_users, set_user_active, update_user};
use super::model::{UserInput, UserView};
use crate::auth::model::Role;
use crate::error::{AppError, Field, FieldError};
use crate::i18n::use_i18n;
use crate::products::api::list_products;
use crate::products::model::ProductView;
use crate::shared::region::Region;
use crate::ui::admin::{AdminTabs, CheckboxGroup, error_of};
use crate::ui::field::{SelectField, TextField};
use crate::ui::toast::use_toasts;

#[component]
pub fn UsersPage() -> impl IntoView {
    let i18n = use_i18n();
    let t = move || i18n.t();
    let reload = RwSignal::new(0u32);
    let data = Resource::new(
        move || reload.get(),
        |_| async move { Ok::<_, AppError>((list_users().await?, list_products(true).await?)) },
    );
    // The user being edited (None: the form creates a new one).
    let editing = RwSignal::new(None::<UserView>);
    view! {
        <section class="page admin-page">
            <h1>{move || t().admin_users}</h1>
            <AdminTabs/>
            <Transition fallback=|| ()>
                {move || Suspend::new(async move {
                    match data.await {
                        Ok((users, products)) => view! {
                            <UserList users products=products.clone() editing reload/>
                            <UserForm products editing reload/>
                        }.into_any(),
                        Err(err) => view! {
                            <p class="form-error" role="alert">{move || i18n.t().error(&err)}</p>
                        }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

#[component]
fn UserList(
    users: Vec<UserView>,
    products: Vec<ProductView>,
    editing: RwSignal<Option<UserView>>,
    reload: RwSignal<u32>,
) -> impl IntoView {
    let i18n = use_i18n();
    let toasts = use_toasts();
    let set_active = move |user: UserView, active: bool| {
        leptos::task::spawn_local(async move {
            match set_user_active(user.id, active).await {
                Ok(()) => {
                    let t = i18n.t();
                    toasts.info(if active {
                        (t.user_reactivated)(&user.name)
                    } else {
                        (t.user_deactivated)(&user.name)
                    });
                    reload.update(|n| *n += 1);
                }
                Err(AppError::Invalid(errors)) => {
                    if let Some(e) = errors.first() {
                        toasts.error(i18n.t().field_problem(e.problem));
                    }
                }
                Err(err) => toasts.error(i18n.t().error(&err)),
            }
        });
    };
    view! {
        <ul class="admin-list users">
            {users.into_iter().map(|user| {
                let t = move || i18n.t();
                let regions = user.regions.clone();
                let covered: Vec<String> = user
                    .products
                    .iter()
                    .filter_map(|id| products.iter().find(|p| p.id == *id).map(|p| p.name.clone()))
                    .collect();
                let for_edit = user.clone();
                let for_toggle = user.clone();
                let active = user.active;
                view! {
                    <li class="admin-row" class:inactive=!active data-email=user.email.clone()>
                        <div class="admin-row-main">
                            <strong>{user.name.clone()}</strong>
                            <span class="muted">{user.email.clone()}</span>
                            <span class="role-badge">{move || t().role(user.role)}</span>
                            <span class="state-badge">{move || if active { t().user_active } else { t().user_inactive }}</span>
                            <span class="muted coverage">
                                {move || {
                                    let mut parts: Vec<String> = regions.iter().map(|r| t().region(*r).to_string()).collect();
                                    parts.extend(covered.iter().cloned());
                                    parts.join(", ")
                                }}
                            </span>
                        </div>
                        <div class="admin-row-actions">
                            <button type="button" class="button secondary" on:click=move |_| {
                                editing.set(Some(for_edit.clone()));
                                focus_form();
                            }>{move || t().edit}</button>
                            <button type="button" class="button secondary" on:click=move |_| set_active(for_toggle.clone(), !active)>
                                {move || if active { t().user_deactivate } else { t().user_reactivate }}
                            </button>
                        </div>
                    </li>
                }
            }).collect_view()}
        </ul>
    }
}

/// Brings the form into view with the cursor in its first field.
fn focus_form() {
    request_animation_frame(|| {
        use wasm_bindgen::JsCast;
        if let Some(el) = document()
            .get_element_by_id("user-name")
            .and_then(|e| e.dyn_into::<leptos::web_sys::HtmlElement>().ok())
        {
            let _ = el.focus();
        }
    });
}

#[component]
fn UserForm(
    products: Vec<ProductView>,
    editing: RwSignal<Option<UserView>>,
    reload: RwSignal<u32>,
) -> impl IntoView {
    let i18n = use_i18n();
    let t = move || i18n.t();
    let toasts = use_toasts();
    let name = RwSignal::new(String::new());
    let email = RwSignal::new(String::new());
    let role = RwSignal::new(Role::Salesperson.code().to_string());
    let password = RwSignal::new(String::new());
    let regions = RwSignal::new(Vec::<String>::new());
    let chosen_products = RwSignal::new(Vec::<String>::new());
    let errors = RwSignal::new(Vec::<FieldError>::new());
    let pending = RwSignal::new(false);

    // Opening a user for editing fills the form; leaving edit mode empties it.
    Effect::new(move |_| {
        let user = editing.get();
        name.set(user.as_ref().map(|u| u.name.clone()).unwrap_or_default());
        email.set(user.as_ref().map(|u| u.email.clone()).unwrap_or_default());
        role.set(
            user.as_ref()
                .map(|u| u.role)
                .unwrap_or(Role::Salesperson)
                .code()
                .to_string(),
        );
        regions.set(
            user.as_ref()
                .map(|u| u.regions.iter().map(|r| r.code().to_string()).collect())
                .unwrap_or_default(),
        );
        chosen_products.set(
            user.as_ref()
                .map(|u| u.products.iter().map(|p| p.to_string()).collect())
                .unwrap_or_default(),
        );
        password.set(String::new());
        errors.set(Vec::new());
    });

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let input = UserInput {
            name: name.get_untracked(),
            email: email.get_untracked(),
            role: role.get_untracked(),
            regions: regions.get_untracked(),
            products: chosen_products
                .get_untracked()
                .iter()
                .filter_map(|p| p.parse().ok())
                .collect(),
            password: password.get_untracked(),
        };
        let id = editing.with_untracked(|u| u.as_ref().map(|u| u.id));
        pending.set(true);
        leptos::task::spawn_local(async move {
            let shown = input.name.clone();
            let result = match id {
                Some(id) => update_user(id, input).await,
                None => create_user(input).await.map(|_| ()),
            };
            pending.set(false);
            match result {
                Ok(()) => {
                    let t = i18n.t();
                    toasts.info(if id.is_some() {
                        t.saved.to_string()
                    } else {
                        (t.user_created)(&shown)
                    });
                    editing.set(None);
                    name.set(String::new());
                    email.set(String::new());
                    password.set(String::new());
                    regions.set(Vec::new());
                    chosen_products.set(Vec::new());
                    errors.set(Vec::new());
                    reload.update(|n| *n += 1);
                }
                Err(AppError::Invalid(list)) => errors.set(list),
                Err(err) => toasts.error(i18n.t().error(&err)),
            }
        });
    };

    let errors = Signal::from(errors);
    let roles = Signal::derive(move || {
        Role::ALL
            .iter()
            .map(|r| (r.code().to_string(), t().role(*r).to_string()))
            .collect::<Vec<_>>()
    });
    let region_options = Signal::derive(move || {
        Region::ALL
            .iter()
            .map(|r| (r.code().to_string(), t().region(*r).to_string()))
            .collect::<Vec<_>>()
    });
    let product_options = Signal::derive(move || {
        products
            .iter()
            .filter(|p| p.active)
            .map(|p| (p.id.to_string(), p.name.clone()))
            .collect::<Vec<_>>()
    });
    let creating = move || editing.with(Option::is_none);
    view! {
        <form class="admin-form" on:submit=submit novalidate=true>
            <h2>{move || match editing.get() {
                Some(u) => (t().users_edit)(&u.name),
                None => t().users_new.to_string(),
            }}</h2>
            <div class="field-row">
                <TextField id="user-name" name="name" label=Signal::derive(move || t().field_name)
                    value=name error=error_of(errors, Field::Name) required=true/>
                <TextField id="user-email" name="email" label=Signal::derive(move || t().field_email)
                    value=email error=error_of(errors, Field::Email) kind="email" required=true/>
            </div>
            <div class="field-row">
                <SelectField id="user-role" name="role" label=Signal::derive(move || t().field_role)
                    value=role options=roles error=error_of(errors, Field::Role)/>
                <TextField id="user-password" name="password" label=Signal::derive(move || t().field_password)
                    value=password error=error_of(errors, Field::Password) kind="password" autocomplete="new-password"
                    hint=Signal::derive(move || if creating() { t().password_initial_hint } else { t().password_keep_hint })/>
            </div>
            <CheckboxGroup id="user-regions" legend=Signal::derive(move || t().field_regions)
                options=region_options chosen=regions error=error_of(errors, Field::Region)/>
            <CheckboxGroup id="user-products" legend=Signal::derive(move || t().field_products)
                options=product_options chosen=chosen_products error=error_of(errors, Field::Product)/>
            <div class="form-actions">
                <button type="submit" class="button primary" disabled=move || pending.get()>
                    {move || if creating() { t().create } else { t().save }}
                </button>
                <Show when=move || !creating()>
                    <button type="button" class="button secondary" on:click=move |_| editing.set(None)>
                        {move || t().cancel}
                    </button>
                </Show>
            </div>
        </form>
    }
}
