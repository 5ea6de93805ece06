//! The detail pages of the client side: an organisation (its people, deals and the leads it
//! came from), a contact, a deal. Each is editable by whoever may see it.

use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

use super::api::{
    CreateContact, UpdateAccount, UpdateContact, UpdateDeal, load_account, load_contact, load_deal,
};
use super::fields::{
    AccountFields, AccountValues, ContactFields, ContactValues, OpportunityFields,
    OpportunityValues,
};
use super::lists::{ContactTable, Others};
use super::model::{
    AccountDetail, ContactDetail, ContactInput, OpportunityCard, OpportunityDetail,
};
use super::origin::OriginLeads;
use super::tabs::ClientTabs;
use crate::error::AppError;
use crate::i18n::use_i18n;
use crate::qualification::model::format_czk;
use crate::ui::field_errors::field_errors;
use crate::ui::toast::use_toasts;

/// The id in the URL, and a counter that reloads the page's data when bumped.
fn id_and_reload() -> (Memo<Option<i32>>, RwSignal<u32>) {
    let params = use_params_map();
    let id = Memo::new(move |_| params.read().get("id").and_then(|s| s.parse::<i32>().ok()));
    (id, RwSignal::new(0))
}

/// Shows the answer of a record form's save: `apply` takes the saved record, a refusal says
/// why (and a stale record is loaded again); field errors stay next to their fields.
fn after_save<T, S>(value: S, reload: RwSignal<u32>, apply: impl Fn(T) + 'static)
where
    T: Clone + Send + Sync + 'static,
    S: Get<Value = Option<Result<T, AppError>>> + 'static,
{
    let i18n = use_i18n();
    let toasts = use_toasts();
    Effect::new(move |_| match value.get() {
        Some(Ok(saved)) => {
            apply(saved);
            toasts.info(i18n.t().saved);
        }
        Some(Err(AppError::Invalid(_))) | None => {}
        Some(Err(err)) => {
            toasts.error(i18n.t().error(&err));
            if err == AppError::Stale {
                reload.update(|n| *n += 1);
            }
        }
    });
}

/// A record page's frame: the tabs, then the record or the reason it cannot be shown.
#[component]
fn RecordFrame<T, F, V>(resource: Resource<Result<T, AppError>>, render: F) -> impl IntoView
where
    T: Clone + Send + Sync + serde::Serialize + serde::de::DeserializeOwned + 'static,
    F: Fn(T) -> V + Copy + Send + Sync + 'static,
    V: IntoView + 'static,
{
    let i18n = use_i18n();
    view! {
        <section class="page narrow record-page">
            <ClientTabs/>
            <Transition fallback=|| ()>
                {move || Suspend::new(async move {
                    match resource.await {
                        Ok(record) => render(record).into_any(),
                        Err(err) => view! { <p class="form-error" role="alert">{move || i18n.t().error(&err)}</p> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

#[component]
pub fn AccountPage() -> impl IntoView {
    let (id, reload) = id_and_reload();
    let account = Resource::new(
        move || (id.get(), reload.get()),
        |(id, _)| async move { load_account(id.ok_or(AppError::NotFound)?).await },
    );
    view! { <RecordFrame resource=account render=move |detail| view! { <AccountView detail reload/> }/> }
}

#[component]
fn AccountView(detail: AccountDetail, reload: RwSignal<u32>) -> impl IntoView {
    let i18n = use_i18n();
    let c = move || i18n.t().clients;
    let action = ServerAction::<UpdateAccount>::new();
    let values = AccountValues::new(detail.input.clone());
    let errors = field_errors(action.value());
    let version = RwSignal::new(detail.version);
    let name = RwSignal::new(detail.input.name.clone());
    after_save(action.value(), reload, move |saved: AccountDetail| {
        version.set(saved.version);
        name.set(saved.input.name);
    });
    let id = detail.id;
    let owner = detail.owner.map(|o| o.name);
    view! {
        <p><a href="/clients" class="back-link">{move || c().back_to_accounts}</a></p>
        <h1>{move || name.get()}</h1>
        <p class="detail-meta">
            {detail.ico.map(|ico| view! { <span>{format!("IČO {ico}")}</span> })}
            <span>{move || (c().owner_of)(owner.as_deref().unwrap_or(c().nobody))}</span>
        </p>
        <form class="record-form" novalidate=true on:submit=move |ev| {
            ev.prevent_default();
            action.dispatch(UpdateAccount { id, version: version.get_untracked(), input: values.input() });
        }>
            <AccountFields values errors prefix="account"/>
            <button type="submit" class="button primary" disabled=move || action.pending().get()>
                {move || if action.pending().get() { i18n.t().saving } else { i18n.t().save }}
            </button>
        </form>
        <h2>{move || c().account_contacts}</h2>
        {(!detail.contacts.is_empty()).then(|| view! { <ContactTable rows=detail.contacts.clone()/> })}
        <Others count=detail.hidden_contacts testid="hidden-contacts"/>
        <AddContact account_id=id reload/>
        <h2>{move || c().account_deals}</h2>
        <DealTable deals=detail.opportunities hidden=detail.hidden_opportunities/>
        <OriginLeads origins=detail.origin_leads hidden=detail.hidden_origin_leads/>
    }
}

#[component]
fn AddContact(account_id: i32, reload: RwSignal<u32>) -> impl IntoView {
    let i18n = use_i18n();
    let toasts = use_toasts();
    let open = RwSignal::new(false);
    let action = ServerAction::<CreateContact>::new();
    let values = ContactValues::new(ContactInput::default());
    let errors = field_errors(action.value());
    Effect::new(move |_| match action.value().get() {
        Some(Ok(_)) => {
            let person = values.input();
            toasts.info((i18n.t().clients.contact_added)(
                &crate::leads::model::full_name(&person.first_name, &person.last_name),
            ));
            values.clear();
            open.set(false);
            reload.update(|n| *n += 1);
        }
        Some(Err(AppError::Invalid(_))) | None => {}
        Some(Err(err)) => toasts.error(i18n.t().error(&err)),
    });
    view! {
        <Show when=move || open.get() fallback=move || view! {
            <button type="button" class="button secondary" on:click=move |_| open.set(true)>
                {move || i18n.t().clients.contact_add}
            </button>
        }>
            <form class="admin-form" novalidate=true on:submit=move |ev| {
                ev.prevent_default();
                action.dispatch(CreateContact { account_id, input: values.input() });
            }>
                <ContactFields values errors prefix="new-contact"/>
                <div class="form-actions">
                    <button type="submit" class="button primary" disabled=move || action.pending().get()>
                        {move || i18n.t().clients.contact_add}
                    </button>
                    <button type="button" class="button secondary" on:click=move |_| open.set(false)>
                        {move || i18n.t().cancel}
                    </button>
                </div>
            </form>
        </Show>
    }
}

/// Deals as a table: an organisation's or a contact's, and how many more the user may not open.
#[component]
fn DealTable(deals: Vec<OpportunityCard>, hidden: u64) -> impl IntoView {
    let i18n = use_i18n();
    let c = move || i18n.t().clients;
    if deals.is_empty() {
        return if hidden == 0 {
            view! { <p class="muted">{move || c().deals_empty}</p> }.into_any()
        } else {
            view! { <Others count=hidden testid="hidden-deals"/> }.into_any()
        };
    }
    view! {
        <table class="data-table">
            <thead><tr>
                <th>{move || c().col_name}</th>
                <th>{move || c().col_stage}</th>
                <th>{move || c().col_amount}</th>
                <th>{move || c().col_close}</th>
            </tr></thead>
            <tbody>
                {deals.into_iter().map(|d| {
                    let stage = d.stage;
                    view! {
                        <tr>
                            <td><a href=format!("/clients/deals/{}", d.id)>{d.name}</a></td>
                            <td>{move || c().stage(stage)}</td>
                            <td>{d.amount_czk.map(format_czk).unwrap_or_default()}</td>
                            <td>{d.expected_close.map(|d| d.format("%-d. %-m. %Y").to_string()).unwrap_or_default()}</td>
                        </tr>
                    }
                }).collect_view()}
            </tbody>
        </table>
        <Others count=hidden testid="hidden-deals"/>
    }
    .into_any()
}

#[component]
pub fn ContactPage() -> impl IntoView {
    let (id, reload) = id_and_reload();
    let person = Resource::new(
        move || (id.get(), reload.get()),
        |(id, _)| async move { load_contact(id.ok_or(AppError::NotFound)?).await },
    );
    view! { <RecordFrame resource=person render=move |detail| view! { <ContactView detail reload/> }/> }
}

#[component]
fn ContactView(detail: ContactDetail, reload: RwSignal<u32>) -> impl IntoView {
    let i18n = use_i18n();
    let c = move || i18n.t().clients;
    let action = ServerAction::<UpdateContact>::new();
    let row = detail.row.clone();
    let values = ContactValues::new(ContactInput {
        first_name: row.first_name.clone(),
        last_name: row.last_name.clone(),
        email: row.email.clone().unwrap_or_default(),
        phone: row
            .phone
            .as_deref()
            .map(crate::leads::model::format_phone)
            .unwrap_or_default(),
        job_title: row.job_title.clone(),
    });
    let errors = field_errors(action.value());
    let version = RwSignal::new(detail.version);
    let name = RwSignal::new(row.full_name());
    after_save(action.value(), reload, move |saved: ContactDetail| {
        version.set(saved.version);
        name.set(saved.row.full_name());
    });
    let id = row.id;
    view! {
        <p><a href="/clients/contacts" class="back-link">{move || c().back_to_contacts}</a></p>
        <h1>{move || name.get()}</h1>
        <p class="detail-meta">
            <a href=format!("/clients/accounts/{}", row.account_id)>{row.account_name.clone()}</a>
        </p>
        <form class="record-form" novalidate=true on:submit=move |ev| {
            ev.prevent_default();
            action.dispatch(UpdateContact { id, version: version.get_untracked(), input: values.input() });
        }>
            <ContactFields values errors prefix="contact"/>
            <button type="submit" class="button primary" disabled=move || action.pending().get()>
                {move || if action.pending().get() { i18n.t().saving } else { i18n.t().save }}
            </button>
        </form>
        <h2>{move || c().account_deals}</h2>
        <DealTable deals=detail.opportunities hidden=detail.hidden_opportunities/>
        <OriginLeads origins=detail.origin_leads hidden=detail.hidden_origin_leads/>
    }
}

#[component]
pub fn DealPage() -> impl IntoView {
    let (id, reload) = id_and_reload();
    let deal = Resource::new(
        move || (id.get(), reload.get()),
        |(id, _)| async move { load_deal(id.ok_or(AppError::NotFound)?).await },
    );
    view! { <RecordFrame resource=deal render=move |detail| view! { <DealView detail reload/> }/> }
}

#[component]
fn DealView(detail: OpportunityDetail, reload: RwSignal<u32>) -> impl IntoView {
    let i18n = use_i18n();
    let c = move || i18n.t().clients;
    let action = ServerAction::<UpdateDeal>::new();
    let values = OpportunityValues::new(detail.as_input());
    let errors = field_errors(action.value());
    let version = RwSignal::new(detail.card.version);
    let name = RwSignal::new(detail.card.name.clone());
    after_save(action.value(), reload, move |saved: OpportunityDetail| {
        version.set(saved.card.version);
        name.set(saved.card.name);
    });
    let id = detail.card.id;
    view! {
        <p><a href="/clients/deals" class="back-link">{move || c().back_to_deals}</a></p>
        <h1>{move || name.get()}</h1>
        <p class="detail-meta">
            <a href=format!("/clients/accounts/{}", detail.card.account_id)>{detail.card.account_name.clone()}</a>
            {detail.contact.map(|p| view! { <a href=format!("/clients/contacts/{}", p.id)>{p.name}</a> })}
        </p>
        <form class="record-form" novalidate=true on:submit=move |ev| {
            ev.prevent_default();
            action.dispatch(UpdateDeal { id, version: version.get_untracked(), input: values.input() });
        }>
            <OpportunityFields values errors prefix="deal"/>
            <button type="submit" class="button primary" disabled=move || action.pending().get()>
                {move || if action.pending().get() { i18n.t().saving } else { i18n.t().save }}
            </button>
        </form>
        <OriginLeads origins=detail.origin_leads hidden=detail.hidden_origin_leads/>
    }
}
