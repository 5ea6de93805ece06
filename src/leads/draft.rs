//! What is being typed into quick entry, kept on the phone (`localStorage`) so that a reload,
//! with or without a connection, loses nothing. Saved a moment after typing stops (a
//! debounce, not on every key), forgotten once the lead is saved or queued, and on sign-out.

use std::time::Duration;

use leptos::prelude::*;

use super::form_values::LeadFormValues;
use super::model::LeadInput;
use crate::ui::timers::Debounce;

/// The storage key; sign-out removes it (`auth::user_menu`).
pub const DRAFT_KEY: &str = "leady-quick-entry-draft";

/// How long typing must pause before the draft is written.
const QUIET: Duration = Duration::from_millis(400);

#[derive(Clone, Copy)]
pub struct Draft {
    values: LeadFormValues,
    form_key: RwSignal<String>,
    debounce: Debounce,
}

impl Draft {
    pub fn new(values: LeadFormValues, form_key: RwSignal<String>) -> Self {
        Draft {
            values,
            form_key,
            debounce: Debounce::new(QUIET),
        }
    }

    /// Writes the draft once typing pauses.
    pub fn save_soon(self) {
        self.debounce.call(move || self.save());
    }

    /// Writes the draft now (the fields and the filling's key).
    pub fn save(self) {
        let input = self.values.current();
        if input == blank_like(&input) {
            return forget();
        }
        let key = self.form_key.get_untracked();
        if let Ok(text) = serde_json::to_string(&(key, input)) {
            store(Some(&text));
        }
    }

    /// Puts a kept draft back into the form; false when there is none.
    pub fn restore(self) -> bool {
        let Some((key, input)) =
            stored().and_then(|t| serde_json::from_str::<(String, LeadInput)>(&t).ok())
        else {
            return false;
        };
        self.values.set(input);
        self.form_key.set(key);
        true
    }

    pub fn clear(self) {
        forget();
    }
}

/// The form as it is after a save: only the fields that carry over (source, region,
/// product) kept. A draft with nothing more is no draft.
fn blank_like(input: &LeadInput) -> LeadInput {
    LeadInput {
        source: input.source.clone(),
        region: input.region.clone(),
        product: input.product.clone(),
        ..LeadInput::default()
    }
}

/// Removes the draft (sign-out, a saved lead).
pub fn forget() {
    store(None);
}

fn stored() -> Option<String> {
    #[cfg(feature = "hydrate")]
    {
        window()
            .local_storage()
            .ok()
            .flatten()?
            .get_item(DRAFT_KEY)
            .ok()
            .flatten()
    }
    #[cfg(not(feature = "hydrate"))]
    None
}

fn store(text: Option<&str>) {
    #[cfg(feature = "hydrate")]
    if let Ok(Some(storage)) = window().local_storage() {
        let _ = match text {
            Some(text) => storage.set_item(DRAFT_KEY, text),
            None => storage.remove_item(DRAFT_KEY),
        };
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = text;
}
