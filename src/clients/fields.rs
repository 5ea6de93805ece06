//! The form fields of an organisation, a contact and a deal, with their errors. Used by the
//! conversion screen and by the edit forms of the client pages.

use leptos::prelude::*;

use super::model::{AccountInput, ContactInput, OpportunityInput, Stage};
use crate::ares::button::AresButton;
use crate::error::{Field, FieldError};
use crate::i18n::use_i18n;
use crate::ui::field::{SelectField, TextField};
use crate::ui::field_errors::error_for;

/// Two-way values of an organisation's form.
#[derive(Clone, Copy)]
pub struct AccountValues {
    name: RwSignal<String>,
    ico: RwSignal<String>,
    dic: RwSignal<String>,
    street: RwSignal<String>,
    city: RwSignal<String>,
    postal_code: RwSignal<String>,
    web: RwSignal<String>,
    phone: RwSignal<String>,
}

impl AccountValues {
    pub fn new(input: AccountInput) -> Self {
        AccountValues {
            name: RwSignal::new(input.name),
            ico: RwSignal::new(input.ico),
            dic: RwSignal::new(input.dic),
            street: RwSignal::new(input.street),
            city: RwSignal::new(input.city),
            postal_code: RwSignal::new(input.postal_code),
            web: RwSignal::new(input.web),
            phone: RwSignal::new(input.phone),
        }
    }

    pub fn input(&self) -> AccountInput {
        AccountInput {
            name: self.name.get_untracked(),
            ico: self.ico.get_untracked(),
            dic: self.dic.get_untracked(),
            street: self.street.get_untracked(),
            city: self.city.get_untracked(),
            postal_code: self.postal_code.get_untracked(),
            web: self.web.get_untracked(),
            phone: self.phone.get_untracked(),
        }
    }

    /// "Načíst z ARES": the registered name, IČO, DIČ and address replace what was typed.
    pub fn fill_from_ares(&self, company: crate::ares::model::CompanyFacts) {
        self.name.set(company.name);
        self.ico.set(company.ico);
        self.dic.set(company.dic);
        self.street.set(company.street);
        self.city.set(company.city);
        self.postal_code.set(company.postal_code);
    }
}

#[component]
pub fn AccountFields(
    values: AccountValues,
    errors: Signal<Vec<FieldError>>,
    #[prop(into)] prefix: String,
) -> impl IntoView {
    let i18n = use_i18n();
    let c = move || i18n.t().clients;
    let id = move |name: &str| format!("{prefix}-{name}");
    view! {
        <TextField id=id("name") name="name" label=Signal::derive(move || c().field_account_name)
            value=values.name error=error_for(errors, Field::Company) required=true autocomplete="organization"/>
        <div class="field-row">
            <TextField id=id("ico") name="ico" label=Signal::derive(move || c().field_ico)
                value=values.ico error=error_for(errors, Field::Ico) inputmode="numeric"/>
            <TextField id=id("dic") name="dic" label=Signal::derive(move || c().field_dic)
                value=values.dic error=error_for(errors, Field::Dic)/>
        </div>
        <AresButton ico=values.ico id=id("ares")
            on_found=Callback::new(move |company| values.fill_from_ares(company))/>
        <TextField id=id("street") name="street" label=Signal::derive(move || c().field_street)
            value=values.street error=error_for(errors, Field::Street) autocomplete="street-address"/>
        <div class="field-row">
            <TextField id=id("city") name="city" label=Signal::derive(move || c().field_city)
                value=values.city error=error_for(errors, Field::City) autocomplete="address-level2"/>
            <TextField id=id("postal-code") name="postal_code" label=Signal::derive(move || c().field_postal_code)
                value=values.postal_code error=error_for(errors, Field::PostalCode) inputmode="numeric" autocomplete="postal-code"/>
        </div>
        <div class="field-row">
            <TextField id=id("web") name="web" label=Signal::derive(move || c().field_web)
                value=values.web error=error_for(errors, Field::Web) kind="url"/>
            <TextField id=id("phone") name="phone" label=Signal::derive(move || c().field_account_phone)
                value=values.phone error=error_for(errors, Field::AccountPhone) kind="tel"/>
        </div>
    }
}

/// Two-way values of a contact's form.
#[derive(Clone, Copy)]
pub struct ContactValues {
    first_name: RwSignal<String>,
    last_name: RwSignal<String>,
    email: RwSignal<String>,
    phone: RwSignal<String>,
    job_title: RwSignal<String>,
}

impl ContactValues {
    pub fn new(input: ContactInput) -> Self {
        ContactValues {
            first_name: RwSignal::new(input.first_name),
            last_name: RwSignal::new(input.last_name),
            email: RwSignal::new(input.email),
            phone: RwSignal::new(input.phone),
            job_title: RwSignal::new(input.job_title),
        }
    }

    pub fn input(&self) -> ContactInput {
        ContactInput {
            first_name: self.first_name.get_untracked(),
            last_name: self.last_name.get_untracked(),
            email: self.email.get_untracked(),
            phone: self.phone.get_untracked(),
            job_title: self.job_title.get_untracked(),
        }
    }

    pub fn clear(&self) {
        self.set(ContactInput::default());
    }

    pub fn set(&self, input: ContactInput) {
        self.first_name.set(input.first_name);
        self.last_name.set(input.last_name);
        self.email.set(input.email);
        self.phone.set(input.phone);
        self.job_title.set(input.job_title);
    }
}

#[component]
pub fn ContactFields(
    values: ContactValues,
    errors: Signal<Vec<FieldError>>,
    #[prop(into)] prefix: String,
) -> impl IntoView {
    let i18n = use_i18n();
    let t = move || i18n.t();
    let id = move |name: &str| format!("{prefix}-{name}");
    view! {
        <div class="field-row">
            <TextField id=id("first-name") name="first_name" label=Signal::derive(move || t().field_first_name)
                value=values.first_name error=error_for(errors, Field::FirstName) autocomplete="given-name"/>
            <TextField id=id("last-name") name="last_name" label=Signal::derive(move || t().field_last_name)
                value=values.last_name error=error_for(errors, Field::LastName) required=true autocomplete="family-name"/>
        </div>
        <div class="field-row">
            <TextField id=id("email") name="email" label=Signal::derive(move || t().field_email)
                value=values.email error=error_for(errors, Field::Email) kind="email" autocomplete="email"/>
            <TextField id=id("phone") name="phone" label=Signal::derive(move || t().field_phone)
                value=values.phone error=error_for(errors, Field::Phone) kind="tel" autocomplete="tel"/>
        </div>
        <TextField id=id("job-title") name="job_title" label=Signal::derive(move || t().clients.field_job_title)
            value=values.job_title error=error_for(errors, Field::JobTitle) autocomplete="organization-title"/>
    }
}

/// Two-way values of a deal's form.
#[derive(Clone, Copy)]
pub struct OpportunityValues {
    name: RwSignal<String>,
    amount: RwSignal<String>,
    expected_close: RwSignal<String>,
    stage: RwSignal<String>,
}

impl OpportunityValues {
    pub fn new(input: OpportunityInput) -> Self {
        OpportunityValues {
            name: RwSignal::new(input.name),
            amount: RwSignal::new(input.amount),
            expected_close: RwSignal::new(input.expected_close),
            stage: RwSignal::new(input.stage),
        }
    }

    pub fn input(&self) -> OpportunityInput {
        OpportunityInput {
            name: self.name.get_untracked(),
            amount: self.amount.get_untracked(),
            expected_close: self.expected_close.get_untracked(),
            stage: self.stage.get_untracked(),
        }
    }
}

#[component]
pub fn OpportunityFields(
    values: OpportunityValues,
    errors: Signal<Vec<FieldError>>,
    #[prop(into)] prefix: String,
) -> impl IntoView {
    let i18n = use_i18n();
    let c = move || i18n.t().clients;
    let id = move |name: &str| format!("{prefix}-{name}");
    let stages = Signal::derive(move || {
        Stage::ALL
            .into_iter()
            .map(|s| (s.code().to_string(), c().stage(s).to_string()))
            .collect::<Vec<_>>()
    });
    view! {
        <TextField id=id("name") name="name" label=Signal::derive(move || c().field_deal_name)
            value=values.name error=error_for(errors, Field::OpportunityName) required=true/>
        <div class="field-row">
            <TextField id=id("amount") name="amount" label=Signal::derive(move || c().field_amount)
                value=values.amount error=error_for(errors, Field::Amount) inputmode="numeric"/>
            <TextField id=id("expected-close") name="expected_close" label=Signal::derive(move || c().field_expected_close)
                value=values.expected_close error=error_for(errors, Field::ExpectedClose) kind="date"/>
        </div>
        <SelectField id=id("stage") name="stage" label=Signal::derive(move || c().field_stage)
            value=values.stage options=stages error=error_for(errors, Field::Stage)/>
    }
}
