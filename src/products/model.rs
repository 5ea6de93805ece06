use serde::{Deserialize, Serialize};

use crate::error::{Field, FieldError, FieldProblem};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProductView {
    pub id: i32,
    pub name: String,
    pub active: bool,
}

pub const MAX_PRODUCT_NAME: usize = 100;

/// A product name: trimmed, 1–100 characters.
pub fn valid_product_name(name: &str) -> Result<String, Vec<FieldError>> {
    let name = name.trim();
    if name.is_empty() {
        Err(vec![FieldError::new(Field::Name, FieldProblem::Required)])
    } else if name.chars().count() > MAX_PRODUCT_NAME {
        Err(vec![FieldError::new(
            Field::Name,
            FieldProblem::TooLong {
                max: MAX_PRODUCT_NAME,
            },
        )])
    } else {
        Ok(name.to_string())
    }
}
