//! A reference to a person (an owner, an author, an assignee) as lists and cards show it.

use serde::{Deserialize, Serialize};

/// A person as other screens show them: a name with initials.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct PersonRef {
    pub id: i32,
    pub name: String,
}

impl PersonRef {
    pub fn initials(&self) -> String {
        initials(&self.name)
    }
}

/// "Jana Nováková" → "JN"; one word gives its first letter.
pub fn initials(name: &str) -> String {
    name.split_whitespace()
        .filter_map(|w| w.chars().next())
        .take(2)
        .flat_map(char::to_uppercase)
        .collect()
}
