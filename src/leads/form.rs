//! The lead's form fields, shared by quick entry and the detail page. Input names follow the
//! server functions' `input: LeadInput` argument, so the plain HTML form posts them as-is.

use leptos::prelude::*;

use super::company_fields::LeadCompanyFields;
use super::form_values::LeadFormValues;
use super::model::{Field, FieldError, LeadSource};
use crate::i18n::use_i18n;
use crate::products::api::list_products;
use crate::shared::region::Region;
use crate::ui::field::{SelectField, TextArea, TextField};
use crate::ui::field_errors::error_for;

/// Every lead field with its label and its error. `prefix` makes ids unique on the page.
#[component]
pub fn LeadFields(
    values: LeadFormValues,
    errors: Signal<Vec<FieldError>>,
    #[prop(into)] prefix: String,
    #[prop(optional, into)] disabled: Signal<bool>,
    /// The product list when the page already has it; otherwise the fields load it.
    #[prop(optional)]
    products: Option<Vec<crate::products::model::ProductView>>,
    /// The company's DIČ and address even while empty (the detail page; quick entry stays
    /// short and shows them once ARES filled them).
    #[prop(optional)]
    with_address: bool,
) -> impl IntoView {
    let i18n = use_i18n();
    let error_of = move |field: Field| error_for(errors, field);
    let company_prefix = prefix.clone();
    let id = move |name: &str| format!("{prefix}-{name}");
    let sources = Signal::derive(move || {
        let t = i18n.t();
        LeadSource::ALL
            .iter()
            .map(|s| (s.code().to_string(), t.source(*s).to_string()))
            .collect::<Vec<_>>()
    });
    let regions = Signal::derive(move || {
        let t = i18n.t();
        std::iter::once((String::new(), t.choice_none.to_string()))
            .chain(
                Region::ALL
                    .iter()
                    .map(|r| (r.code().to_string(), t.region(*r).to_string())),
            )
            .collect::<Vec<_>>()
    });
    // Active products; a retired one the lead still has stays offered so that saving the
    // form does not silently drop it.
    let given = products;
    let catalogue = given
        .is_none()
        .then(|| Resource::new(|| (), |_| list_products(false)));
    let product_field = id("product");
    let options_for = move |list: Vec<crate::products::model::ProductView>| {
        Signal::derive(move || {
            let mut options = vec![(String::new(), i18n.t().choice_none.to_string())];
            options.extend(list.iter().map(|p| (p.id.to_string(), p.name.clone())));
            let current = values.product.get();
            if !current.is_empty() && !options.iter().any(|(id, _)| *id == current) {
                options.push((current.clone(), format!("#{current}")));
            }
            options
        })
    };
    view! {
        <div class="field-row">
            <TextField id=id("first-name") name="input[first_name]" label=Signal::derive(move || i18n.t().field_first_name)
                value=values.first_name error=error_of(Field::FirstName) autocomplete="given-name" disabled/>
            <TextField id=id("last-name") name="input[last_name]" label=Signal::derive(move || i18n.t().field_last_name)
                value=values.last_name error=error_of(Field::LastName) autocomplete="family-name" required=true disabled/>
        </div>
        <TextField id=id("email") name="input[email]" label=Signal::derive(move || i18n.t().field_email)
            value=values.email error=error_of(Field::Email) kind="email" autocomplete="email" inputmode="email"
            hint=Signal::derive(move || i18n.t().email_or_phone_hint) disabled/>
        <TextField id=id("phone") name="input[phone]" label=Signal::derive(move || i18n.t().field_phone)
            value=values.phone error=error_of(Field::Phone) kind="tel" autocomplete="tel" inputmode="tel" disabled/>
        <TextField id=id("company") name="input[company]" label=Signal::derive(move || i18n.t().field_company)
            value=values.company error=error_of(Field::Company) autocomplete="organization" disabled/>
        <LeadCompanyFields values errors prefix=company_prefix disabled with_address/>
        <SelectField id=id("source") name="input[source]" label=Signal::derive(move || i18n.t().field_source)
            value=values.source options=sources error=error_of(Field::Source) disabled/>
        <div class="field-row">
            <SelectField id=id("region") name="input[region]" label=Signal::derive(move || i18n.t().field_region)
                value=values.region options=regions error=error_of(Field::Region) disabled/>
            {match given {
                Some(list) => view! {
                    <SelectField id=product_field.clone() name="input[product]" label=Signal::derive(move || i18n.t().field_product)
                        value=values.product options=options_for(list) error=error_of(Field::Product) disabled/>
                }.into_any(),
                None => view! {
                    <Transition fallback=|| ()>
                        {move || {
                            let product_field = product_field.clone();
                            Suspend::new(async move {
                            let list = match catalogue {
                                Some(catalogue) => catalogue.await.unwrap_or_default(),
                                None => Vec::new(),
                            };
                            view! {
                                <SelectField id=product_field.clone() name="input[product]" label=Signal::derive(move || i18n.t().field_product)
                                    value=values.product options=options_for(list) error=error_of(Field::Product) disabled/>
                            }
                        })}}
                    </Transition>
                }.into_any(),
            }}
        </div>
        <TextArea id=id("description") name="input[description]" label=Signal::derive(move || i18n.t().field_description)
            value=values.description error=error_of(Field::Description) disabled/>
    }
}
