//! `/admin/rules`: the ordered list of assignment rules. The admin adds a rule (kind, what it
//! matches, who gets the leads), edits it, switches it off, moves it up or down, deletes it.

use leptos::prelude::*;

use super::api::{delete_rule, list_assignees, list_rules, move_rule, save_rule};
use super::model::{RuleInput, RuleKind, RuleView};
use crate::auth::model::PersonRef;
use crate::error::{AppError, Field, FieldError};
use crate::i18n::{Texts, use_i18n};
use crate::leads::model::LeadSource;
use crate::products::api::list_products;
use crate::products::model::ProductView;
use crate::shared::region::Region;
use crate::ui::admin::{AdminTabs, CheckboxGroup, error_of};
use crate::ui::field::{SelectField, TextField};
use crate::ui::toast::use_toasts;

/// What the rules page shows next to the rules: the people and products to choose from.
#[derive(Clone, serde::Serialize, serde::Deserialize)]
struct Choices {
    people: Vec<PersonRef>,
    products: Vec<ProductView>,
}

#[component]
pub fn RulesPage() -> impl IntoView {
    let i18n = use_i18n();
    let t = move || i18n.t();
    let reload = RwSignal::new(0u32);
    let data = Resource::new(
        move || reload.get(),
        |_| async move {
            Ok::<_, AppError>((
                list_rules().await?,
                Choices {
                    people: list_assignees().await?,
                    products: list_products(true).await?,
                },
            ))
        },
    );
    let editing = RwSignal::new(None::<RuleView>);
    view! {
        <section class="page admin-page">
            <h1>{move || t().admin_rules}</h1>
            <AdminTabs/>
            <p class="muted">{move || t().rules_intro}</p>
            <Transition fallback=|| ()>
                {move || Suspend::new(async move {
                    match data.await {
                        Ok((rules, choices)) => view! {
                            <RuleList rules choices=choices.clone() editing reload/>
                            <RuleForm choices editing reload/>
                        }.into_any(),
                        Err(err) => view! { <p class="form-error" role="alert">{move || i18n.t().error(&err)}</p> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

/// "Webový formulář", "Jihomoravský kraj", "CRM licence", or "any …".
fn match_label(t: &Texts, kind: RuleKind, value: Option<&str>, products: &[ProductView]) -> String {
    match (kind, value) {
        (RuleKind::RoundRobin, _) => String::new(),
        (RuleKind::Source, Some(v)) => LeadSource::from_code(v)
            .map(|s| t.source(s))
            .unwrap_or(v)
            .to_string(),
        (RuleKind::Region, Some(v)) => Region::from_code(v)
            .map(|r| t.region(r))
            .unwrap_or(v)
            .to_string(),
        (RuleKind::Region, None) => t.rule_any_region.to_string(),
        (RuleKind::Product, Some(v)) => products
            .iter()
            .find(|p| p.id.to_string() == v)
            .map(|p| p.name.clone())
            .unwrap_or_else(|| v.to_string()),
        (RuleKind::Product, None) => t.rule_any_product.to_string(),
        (RuleKind::Source, None) => String::new(),
    }
}

#[component]
fn RuleList(
    rules: Vec<RuleView>,
    choices: Choices,
    editing: RwSignal<Option<RuleView>>,
    reload: RwSignal<u32>,
) -> impl IntoView {
    let i18n = use_i18n();
    let toasts = use_toasts();
    let run =
        move |call: std::pin::Pin<Box<dyn std::future::Future<Output = Result<(), AppError>>>>,
              done: Option<&'static str>| {
            leptos::task::spawn_local(async move {
                match call.await {
                    Ok(()) => {
                        if let Some(text) = done {
                            toasts.info(text);
                        }
                        reload.update(|n| *n += 1);
                    }
                    Err(err) => toasts.error(i18n.t().error(&err)),
                }
            });
        };
    if rules.is_empty() {
        return view! { <p class="muted">{move || i18n.t().rules_empty}</p> }.into_any();
    }
    let count = rules.len();
    view! {
        <ol class="admin-list rules">
            {rules.into_iter().enumerate().map(|(i, rule)| {
                let t = move || i18n.t();
                let products = choices.products.clone();
                let (kind, value) = (rule.kind, rule.match_value.clone());
                let what = move || {
                    let label = match_label(t(), kind, value.as_deref(), &products);
                    if label.is_empty() { t().rule_kind(kind).to_string() } else { format!("{}: {label}", t().rule_kind(kind)) }
                };
                let people = if rule.members.is_empty() {
                    None
                } else {
                    Some(rule.members.iter().map(|p| p.name.clone()).collect::<Vec<_>>().join(", "))
                };
                let id = rule.id;
                let active = rule.active;
                let for_edit = rule.clone();
                view! {
                    <li class="admin-row" class:inactive=!active data-rule=rule.name.clone()>
                        <div class="admin-row-main">
                            <strong>{format!("{}. {}", i + 1, rule.name)}</strong>
                            <span>{what}</span>
                            <span class="muted">"→ "{move || people.clone().unwrap_or_else(|| t().rule_everyone_covering.to_string())}</span>
                            <span class="state-badge">{move || if active { t().rule_on } else { t().rule_off }}</span>
                        </div>
                        <div class="admin-row-actions">
                            <button type="button" class="button secondary" disabled=i == 0
                                on:click=move |_| run(Box::pin(move_rule(id, true)), None)>{move || t().rule_up}</button>
                            <button type="button" class="button secondary" disabled=i + 1 == count
                                on:click=move |_| run(Box::pin(move_rule(id, false)), None)>{move || t().rule_down}</button>
                            <button type="button" class="button secondary" on:click=move |_| editing.set(Some(for_edit.clone()))>
                                {move || t().edit}
                            </button>
                            <button type="button" class="button danger"
                                on:click=move |_| run(Box::pin(delete_rule(id)), Some(i18n.t().rule_deleted))>{move || t().delete}</button>
                        </div>
                    </li>
                }
            }).collect_view()}
        </ol>
    }.into_any()
}

#[component]
fn RuleForm(
    choices: Choices,
    editing: RwSignal<Option<RuleView>>,
    reload: RwSignal<u32>,
) -> impl IntoView {
    let i18n = use_i18n();
    let t = move || i18n.t();
    let toasts = use_toasts();
    let name = RwSignal::new(String::new());
    let kind = RwSignal::new(RuleKind::RoundRobin.code().to_string());
    let value = RwSignal::new(String::new());
    let members = RwSignal::new(Vec::<String>::new());
    let active = RwSignal::new(true);
    let errors = RwSignal::new(Vec::<FieldError>::new());

    Effect::new(move |_| {
        let rule = editing.get();
        name.set(rule.as_ref().map(|r| r.name.clone()).unwrap_or_default());
        kind.set(
            rule.as_ref()
                .map(|r| r.kind)
                .unwrap_or(RuleKind::RoundRobin)
                .code()
                .to_string(),
        );
        value.set(
            rule.as_ref()
                .and_then(|r| r.match_value.clone())
                .unwrap_or_default(),
        );
        members.set(
            rule.as_ref()
                .map(|r| r.members.iter().map(|p| p.id.to_string()).collect())
                .unwrap_or_default(),
        );
        active.set(rule.as_ref().is_none_or(|r| r.active));
        errors.set(Vec::new());
    });

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let input = RuleInput {
            id: editing.with_untracked(|r| r.as_ref().map(|r| r.id)),
            name: name.get_untracked(),
            kind: kind.get_untracked(),
            match_value: value.get_untracked(),
            members: members
                .get_untracked()
                .iter()
                .filter_map(|m| m.parse().ok())
                .collect(),
            active: active.get_untracked(),
        };
        leptos::task::spawn_local(async move {
            match save_rule(input).await {
                Ok(_) => {
                    toasts.info(i18n.t().saved);
                    editing.set(None);
                    name.set(String::new());
                    value.set(String::new());
                    members.set(Vec::new());
                    errors.set(Vec::new());
                    reload.update(|n| *n += 1);
                }
                Err(AppError::Invalid(list)) => errors.set(list),
                Err(err) => toasts.error(i18n.t().error(&err)),
            }
        });
    };

    let errors = Signal::from(errors);
    let kinds = Signal::derive(move || {
        RuleKind::ALL
            .iter()
            .map(|k| (k.code().to_string(), t().rule_kind(*k).to_string()))
            .collect::<Vec<_>>()
    });
    let chosen_kind = move || RuleKind::from_code(&kind.get()).unwrap_or(RuleKind::RoundRobin);
    let products = choices.products.clone();
    let values = Signal::derive(move || {
        let t = t();
        match chosen_kind() {
            RuleKind::RoundRobin => Vec::new(),
            RuleKind::Source => LeadSource::ALL
                .iter()
                .map(|s| (s.code().to_string(), t.source(*s).to_string()))
                .collect(),
            RuleKind::Region => std::iter::once((String::new(), t.rule_any_region.to_string()))
                .chain(
                    Region::ALL
                        .iter()
                        .map(|r| (r.code().to_string(), t.region(*r).to_string())),
                )
                .collect(),
            RuleKind::Product => std::iter::once((String::new(), t.rule_any_product.to_string()))
                .chain(
                    products
                        .iter()
                        .filter(|p| p.active)
                        .map(|p| (p.id.to_string(), p.name.clone())),
                )
                .collect(),
        }
    });
    let value_label = Signal::derive(move || match chosen_kind() {
        RuleKind::Source => t().field_rule_source,
        RuleKind::Region => t().field_rule_region,
        _ => t().field_rule_product,
    });
    // A source rule needs a source chosen: preselect the first when switching to it.
    Effect::new(move |_| {
        if chosen_kind() == RuleKind::Source
            && LeadSource::from_code(&value.get_untracked()).is_none()
        {
            value.set(LeadSource::WebForm.code().to_string());
        }
    });
    let people = choices.people.clone();
    let member_options = Signal::derive(move || {
        people
            .iter()
            .map(|p| (p.id.to_string(), p.name.clone()))
            .collect::<Vec<_>>()
    });
    let covers = move || matches!(chosen_kind(), RuleKind::Region | RuleKind::Product);
    view! {
        <form class="admin-form" on:submit=submit novalidate=true>
            <h2>{move || match editing.get() {
                Some(r) => format!("{}: {}", t().edit, r.name),
                None => t().rules_new.to_string(),
            }}</h2>
            <div class="field-row">
                <TextField id="rule-name" name="name" label=Signal::derive(move || t().field_title)
                    value=name error=error_of(errors, Field::Name) required=true/>
                <SelectField id="rule-kind" name="kind" label=Signal::derive(move || t().field_rule_kind)
                    value=kind options=kinds error=error_of(errors, Field::RuleKind)/>
            </div>
            <Show when=move || chosen_kind() != RuleKind::RoundRobin>
                <SelectField id="rule-value" name="match_value" label=value_label
                    value=value options=values error=error_of(errors, Field::RuleValue)/>
            </Show>
            <CheckboxGroup id="rule-members" legend=Signal::derive(move || t().field_members)
                options=member_options chosen=members error=error_of(errors, Field::Members)
                hint=Signal::derive(move || if covers() { t().members_cover_hint } else { "" })/>
            <label class="checkbox">
                <input type="checkbox" id="rule-active" prop:checked=move || active.get()
                    on:change=move |ev| active.set(event_target_checked(&ev))/>
                <span>{move || t().field_rule_active}</span>
            </label>
            <div class="form-actions">
                <button type="submit" class="button primary">{move || t().save}</button>
                <Show when=move || editing.with(Option::is_some)>
                    <button type="button" class="button secondary" on:click=move |_| editing.set(None)>{move || t().cancel}</button>
                </Show>
            </div>
        </form>
    }
}
