//! The conversion screen (`/leads/{id}/convert`): prefilled from the lead, it shows existing
//! organisations and people that look like the ones about to be created and lets the user link
//! to them or create new ones; "Převést" then does everything in one go. A colleague's
//! look-alike shows only whose it is and why; it cannot be linked here (a manager can).

use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_params_map};

use super::api::{convert_lead, load_convert_page};
use super::convert::{
    AccountMatch, ContactMatch, ConvertInput, ConvertOutcome, ConvertPage, Duplicates,
    ForeignMatch, Link, MatchReason,
};
use super::fields::{
    AccountFields, AccountValues, ContactFields, ContactValues, OpportunityFields,
    OpportunityValues,
};
use crate::error::{AppError, Field, FieldError};
use crate::i18n::use_i18n;
use crate::leads::model::format_phone;
use crate::ui::field_errors::error_for;
use crate::ui::toast::use_toasts;

#[component]
pub fn ConvertLeadPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let page = Resource::new(
        move || params.read().get("id").and_then(|s| s.parse::<i32>().ok()),
        |id| async move {
            match id {
                Some(id) => load_convert_page(id).await,
                None => Err(AppError::NotFound),
            }
        },
    );
    view! {
        <section class="page narrow convert-page">
            <Transition fallback=|| ()>
                {move || Suspend::new(async move {
                    match page.await {
                        Ok(page) => view! { <ConvertForm page/> }.into_any(),
                        Err(err) => view! {
                            <h1>{move || i18n.t().clients.convert_button}</h1>
                            <p class="form-error" role="alert">{move || i18n.t().error(&err)}</p>
                            <a href="/">{move || i18n.t().detail_back}</a>
                        }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

#[component]
fn ConvertForm(page: ConvertPage) -> impl IntoView {
    let i18n = use_i18n();
    let toasts = use_toasts();
    let navigate = use_navigate();
    let ConvertPage {
        lead,
        prefill,
        duplicates,
    } = page;
    let lead_name = lead.full_name();
    let lead_id = lead.id;
    let version = prefill.version;
    let account_choice = RwSignal::new(prefill.account);
    let contact_choice = RwSignal::new(prefill.contact);
    let with_deal = RwSignal::new(prefill.with_opportunity);
    let found = RwSignal::new(duplicates);
    let account = AccountValues::new(prefill.account_fields);
    let contact = ContactValues::new(prefill.contact_fields);
    let deal = OpportunityValues::new(prefill.opportunity_fields);
    let errors = RwSignal::new(Vec::<FieldError>::new());
    let error_list = Signal::derive(move || errors.get());
    let pending = RwSignal::new(false);

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if pending.get_untracked() {
            return;
        }
        let input = ConvertInput {
            lead_id,
            version,
            account: account_choice.get_untracked(),
            account_fields: account.input(),
            contact: contact_choice.get_untracked(),
            contact_fields: contact.input(),
            with_opportunity: with_deal.get_untracked(),
            opportunity_fields: deal.input(),
            // What is on screen has been seen: creating new records next to it is a choice.
            confirmed_new: !found.with_untracked(Duplicates::is_empty),
        };
        pending.set(true);
        let navigate = navigate.clone();
        let name = lead_name.clone();
        leptos::task::spawn_local(async move {
            let answer = convert_lead(input).await;
            pending.set(false);
            match answer {
                Ok(ConvertOutcome::Converted(done)) => {
                    toasts.info((i18n.t().clients.convert_done)(&name));
                    navigate(
                        &format!("/clients/accounts/{}", done.account_id),
                        Default::default(),
                    );
                }
                Ok(ConvertOutcome::Duplicates(more)) => {
                    errors.set(Vec::new());
                    found.set(more);
                }
                Err(AppError::Invalid(problems)) => errors.set(problems),
                Err(err) => toasts.error(i18n.t().error(&err)),
            }
        });
    };

    // Linking a known person also links their organisation.
    Effect::new(move |_| {
        if let Link::Existing(id) = contact_choice.get() {
            let owner_account = found.with_untracked(|f| {
                f.contacts
                    .iter()
                    .find(|c| c.id == id)
                    .map(|c| (c.account_id, c.account_name.clone()))
            });
            if let Some((account_id, account_name)) = owner_account {
                if found.with_untracked(|f| f.accounts.iter().all(|a| a.id != account_id)) {
                    found.update(|f| {
                        f.accounts.push(AccountMatch {
                            id: account_id,
                            name: account_name,
                            ico: None,
                            city: String::new(),
                            owner: None,
                            reasons: Vec::new(),
                        })
                    });
                }
                account_choice.set(Link::Existing(account_id));
            }
        }
    });

    let c = move || i18n.t().clients;
    view! {
        <p><a href=format!("/leads/{lead_id}") class="back-link">{move || i18n.t().detail_back}</a></p>
        <h1>{
            let name = lead.full_name();
            move || (c().convert_title)(&name)
        }</h1>
        <p class="intro">{move || c().convert_intro}</p>
        <Show when=move || !found.with(Duplicates::is_empty)>
            <p class="notice" role="status" data-testid="duplicates-found">{move || c().convert_duplicates_found}</p>
        </Show>
        <form class="convert-form" novalidate=true on:submit=submit>
            <fieldset class="convert-section">
                <legend>{move || c().convert_account_section}</legend>
                <Choices group="account" choice=account_choice
                    offers=Signal::derive(move || found.with(|f| f.accounts.iter().map(|a| Offer {
                        id: a.id, name: a.name.clone(), detail: account_detail_text(a),
                    }).collect()))
                    new_label=Signal::derive(move || c().convert_new_account)/>
                <ForeignNotes group="account" accounts=true
                    matches=Signal::derive(move || found.with(|f| f.foreign_accounts.clone()))/>
                <ChoiceError errors=error_list field=Field::Account/>
                <Show when=move || account_choice.get() == Link::New>
                    <AccountFields values=account errors=error_list prefix="convert-account"/>
                </Show>
            </fieldset>
            <fieldset class="convert-section">
                <legend>{move || c().convert_contact_section}</legend>
                <Choices group="contact" choice=contact_choice
                    offers=Signal::derive(move || found.with(|f| f.contacts.iter().map(|p| Offer {
                        id: p.id, name: p.name.clone(), detail: contact_detail_text(p),
                    }).collect()))
                    new_label=Signal::derive(move || c().convert_new_contact)/>
                <ForeignNotes group="contact" accounts=false
                    matches=Signal::derive(move || found.with(|f| f.foreign_contacts.clone()))/>
                <ChoiceError errors=error_list field=Field::Contact/>
                <Show when=move || contact_choice.get() == Link::New>
                    <ContactFields values=contact errors=error_list prefix="convert-contact"/>
                </Show>
            </fieldset>
            <fieldset class="convert-section">
                <legend>{move || c().convert_deal_section}</legend>
                <label class="checkbox">
                    <input type="checkbox" prop:checked=move || with_deal.get()
                        on:change=move |ev| with_deal.set(event_target_checked(&ev))/>
                    {move || c().convert_with_deal}
                </label>
                <Show when=move || with_deal.get()>
                    <OpportunityFields values=deal errors=error_list prefix="convert-deal"/>
                </Show>
            </fieldset>
            <Show when=move || !errors.with(Vec::is_empty)>
                <p class="form-error" role="alert">{move || i18n.t().err_form_has_errors}</p>
            </Show>
            <button type="submit" class="button primary" disabled=move || pending.get()>
                {move || if pending.get() { c().convert_submitting } else { c().convert_submit }}
            </button>
        </form>
    }
}

/// Colleagues' look-alikes: why and whose, nothing else, and no way to link them here.
#[component]
fn ForeignNotes(
    group: &'static str,
    accounts: bool,
    matches: Signal<Vec<ForeignMatch>>,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <Show when=move || !matches.with(Vec::is_empty)>
            <ul class="foreign-matches" data-testid=format!("{group}-foreign")>
                {move || {
                    let c = i18n.t().clients;
                    matches
                        .get()
                        .into_iter()
                        .map(|m| {
                            let owner = m.owner.as_deref().unwrap_or(c.nobody);
                            let text = match (accounts, m.reasons.first().copied()) {
                                (true, reason) => (c.convert_foreign_account)(
                                    reason.unwrap_or(MatchReason::Name),
                                    owner,
                                ),
                                (false, reason) => (c.convert_foreign_contact)(
                                    reason.unwrap_or(MatchReason::Email),
                                    owner,
                                ),
                            };
                            view! { <li>{text}</li> }
                        })
                        .collect_view()
                }}
            </ul>
            <p class="field-hint">{move || i18n.t().clients.convert_foreign_hint}</p>
        </Show>
    }
}

/// The error of a choice (an organisation or person that cannot be linked).
#[component]
fn ChoiceError(errors: Signal<Vec<FieldError>>, field: Field) -> impl IntoView {
    let message = error_for(errors, field);
    view! { <p class="field-error" aria-live="polite">{move || message.get().unwrap_or_default()}</p> }
}

fn reasons_text(reasons: &[MatchReason]) -> String {
    let c = crate::i18n::use_i18n().t().clients;
    reasons
        .iter()
        .map(|r| c.match_reason(*r))
        .collect::<Vec<_>>()
        .join(", ")
}

/// One look-alike offered for linking: its id, name and what makes it look alike.
#[derive(Clone, PartialEq)]
struct Offer {
    id: i32,
    name: String,
    detail: String,
}

/// "Propojit s existující: …" for each look-alike, and "Založit nový…": one radio group.
#[component]
fn Choices(
    group: &'static str,
    offers: Signal<Vec<Offer>>,
    choice: RwSignal<Link>,
    new_label: Signal<&'static str>,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <Show when=move || !offers.with(Vec::is_empty)>
            <div class="choices" role="radiogroup">
                <For each=move || offers.get() key=|o| o.id let(offer)>
                    {
                        let link = Link::Existing(offer.id);
                        let name = offer.name.clone();
                        view! {
                            <label class="choice" data-testid=format!("{group}-match")>
                                <input type="radio" name=format!("{group}-choice") value=link.code()
                                    prop:checked=move || choice.get() == link
                                    on:change=move |_| choice.set(link)/>
                                <span>
                                    {move || (i18n.t().clients.convert_link_existing)(&name)}
                                    <span class="muted">{offer.detail.clone()}</span>
                                </span>
                            </label>
                        }
                    }
                </For>
                <label class="choice">
                    <input type="radio" name=format!("{group}-choice") value="new"
                        prop:checked=move || choice.get() == Link::New
                        on:change=move |_| choice.set(Link::New)/>
                    <span>{move || new_label.get()}</span>
                </label>
            </div>
        </Show>
    }
}

fn account_detail_text(a: &AccountMatch) -> String {
    let mut parts = Vec::new();
    if let Some(ico) = &a.ico {
        parts.push(format!("IČO {ico}"));
    }
    if !a.city.is_empty() {
        parts.push(a.city.clone());
    }
    if let Some(owner) = &a.owner {
        parts.push(owner.name.clone());
    }
    if !a.reasons.is_empty() {
        parts.push(reasons_text(&a.reasons));
    }
    if parts.is_empty() {
        String::new()
    } else {
        format!(" ({})", parts.join(" · "))
    }
}

fn contact_detail_text(c: &ContactMatch) -> String {
    let mut parts = vec![c.account_name.clone()];
    if let Some(email) = &c.email {
        parts.push(email.clone());
    }
    if let Some(phone) = &c.phone {
        parts.push(format_phone(phone));
    }
    parts.push(reasons_text(&c.reasons));
    format!(" ({})", parts.join(" · "))
}
