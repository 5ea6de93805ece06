//! The lead form's two-way values, shared by its fields, quick entry's draft and the detail
//! page.

use leptos::prelude::*;

use super::model::LeadInput;

/// Two-way values of every field.
#[derive(Clone, Copy)]
pub struct LeadFormValues {
    pub first_name: RwSignal<String>,
    pub last_name: RwSignal<String>,
    pub email: RwSignal<String>,
    pub phone: RwSignal<String>,
    pub company: RwSignal<String>,
    pub source: RwSignal<String>,
    pub description: RwSignal<String>,
    pub region: RwSignal<String>,
    pub product: RwSignal<String>,
    pub ico: RwSignal<String>,
    pub dic: RwSignal<String>,
    pub street: RwSignal<String>,
    pub city: RwSignal<String>,
    pub postal_code: RwSignal<String>,
}

impl LeadFormValues {
    pub fn new(input: LeadInput) -> Self {
        Self {
            first_name: RwSignal::new(input.first_name),
            last_name: RwSignal::new(input.last_name),
            email: RwSignal::new(input.email),
            phone: RwSignal::new(input.phone),
            company: RwSignal::new(input.company),
            source: RwSignal::new(input.source),
            description: RwSignal::new(input.description),
            region: RwSignal::new(input.region),
            product: RwSignal::new(input.product),
            ico: RwSignal::new(input.ico),
            dic: RwSignal::new(input.dic),
            street: RwSignal::new(input.street),
            city: RwSignal::new(input.city),
            postal_code: RwSignal::new(input.postal_code),
        }
    }

    /// What the fields hold now.
    pub fn current(&self) -> LeadInput {
        LeadInput {
            first_name: self.first_name.get_untracked(),
            last_name: self.last_name.get_untracked(),
            email: self.email.get_untracked(),
            phone: self.phone.get_untracked(),
            company: self.company.get_untracked(),
            source: self.source.get_untracked(),
            description: self.description.get_untracked(),
            region: self.region.get_untracked(),
            product: self.product.get_untracked(),
            ico: self.ico.get_untracked(),
            dic: self.dic.get_untracked(),
            street: self.street.get_untracked(),
            city: self.city.get_untracked(),
            postal_code: self.postal_code.get_untracked(),
        }
    }

    pub fn set(&self, input: LeadInput) {
        self.first_name.set(input.first_name);
        self.last_name.set(input.last_name);
        self.email.set(input.email);
        self.phone.set(input.phone);
        self.company.set(input.company);
        self.source.set(input.source);
        self.description.set(input.description);
        self.region.set(input.region);
        self.product.set(input.product);
        self.ico.set(input.ico);
        self.dic.set(input.dic);
        self.street.set(input.street);
        self.city.set(input.city);
        self.postal_code.set(input.postal_code);
    }
}
