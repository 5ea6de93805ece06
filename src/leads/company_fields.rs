//! The lead's company details: IČO with "Načíst z ARES", then DIČ and the registered address.
//! Quick entry stays short: it shows the DIČ and address once ARES (or a refused post) filled
//! them; the detail page always shows them.

use leptos::prelude::*;

use super::form_values::LeadFormValues;
use super::model::{Field, FieldError};
use crate::ares::button::AresButton;
use crate::ares::model::CompanyFacts;
use crate::i18n::use_i18n;
use crate::ui::field::TextField;
use crate::ui::field_errors::error_for;

#[component]
pub fn LeadCompanyFields(
    values: LeadFormValues,
    errors: Signal<Vec<FieldError>>,
    /// Makes ids unique on the page (`{prefix}-ico`, `{prefix}-ares`, …).
    #[prop(into)]
    prefix: String,
    #[prop(optional, into)] disabled: Signal<bool>,
    /// Show DIČ and address even while empty.
    #[prop(optional)]
    with_address: bool,
) -> impl IntoView {
    let i18n = use_i18n();
    let c = move || i18n.t().clients;
    let id = move |name: &str| format!("{prefix}-{name}");
    // What ARES knows replaces the company details; a region it cannot name keeps the choice.
    let on_found = Callback::new(move |company: CompanyFacts| {
        if let Some(region) = company.region {
            values.region.set(region.code().to_string());
        }
        values.company.set(company.name);
        values.ico.set(company.ico);
        values.dic.set(company.dic);
        values.street.set(company.street);
        values.city.set(company.city);
        values.postal_code.set(company.postal_code);
    });
    let shows_address = move || {
        with_address
            || [values.dic, values.street, values.city, values.postal_code]
                .iter()
                .any(|v| v.with(|v| !v.is_empty()))
    };
    let (dic_id, street_id, city_id, postal_id) =
        (id("dic"), id("street"), id("city"), id("postal-code"));
    view! {
        <div class="field-row ares-row">
            <TextField id=id("ico") name="input[ico]" label=Signal::derive(move || c().field_ico)
                value=values.ico error=error_for(errors, Field::Ico) inputmode="numeric" disabled/>
            <AresButton ico=values.ico on_found id=id("ares") disabled/>
        </div>
        <Show when=shows_address>
            <TextField id=dic_id.clone() name="input[dic]" label=Signal::derive(move || c().field_dic)
                value=values.dic error=error_for(errors, Field::Dic) disabled/>
            <TextField id=street_id.clone() name="input[street]" label=Signal::derive(move || c().field_street)
                value=values.street error=error_for(errors, Field::Street) autocomplete="street-address" disabled/>
            <div class="field-row">
                <TextField id=city_id.clone() name="input[city]" label=Signal::derive(move || c().field_city)
                    value=values.city error=error_for(errors, Field::City) autocomplete="address-level2" disabled/>
                <TextField id=postal_id.clone() name="input[postal_code]" label=Signal::derive(move || c().field_postal_code)
                    value=values.postal_code error=error_for(errors, Field::PostalCode) inputmode="numeric"
                    autocomplete="postal-code" disabled/>
            </div>
        </Show>
    }
}
