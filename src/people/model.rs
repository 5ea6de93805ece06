//! Users as the admin page sees them: plain types shared by browser and server.

use serde::{Deserialize, Serialize};

use crate::auth::model::{PASSWORD_MAX_CHARS, PASSWORD_MIN_CHARS, Role, normalize_email};
use crate::error::{Field, FieldError, FieldProblem};
use crate::shared::region::Region;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserView {
    pub id: i32,
    pub name: String,
    pub email: String,
    pub role: Role,
    pub active: bool,
    pub regions: Vec<Region>,
    pub products: Vec<i32>,
}

/// The user form. On an edit an empty password keeps the current one.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserInput {
    pub name: String,
    pub email: String,
    pub role: String,
    pub regions: Vec<String>,
    pub products: Vec<i32>,
    pub password: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ValidUser {
    pub name: String,
    pub email: String,
    pub role: Role,
    pub regions: Vec<Region>,
    pub products: Vec<i32>,
    /// None: keep the password (edits only).
    pub password: Option<String>,
}

pub const MAX_USER_NAME: usize = 100;

impl UserInput {
    /// Checks what needs no database; `creating` makes the password required. The common-
    /// password check needs the server's list and happens in the repo.
    pub fn validate(&self, creating: bool) -> Result<ValidUser, Vec<FieldError>> {
        let mut errors = Vec::new();
        let name = self.name.trim().to_string();
        if name.is_empty() {
            errors.push(FieldError::new(Field::Name, FieldProblem::Required));
        } else if name.chars().count() > MAX_USER_NAME {
            errors.push(FieldError::new(
                Field::Name,
                FieldProblem::TooLong { max: MAX_USER_NAME },
            ));
        }
        let email = normalize_email(&self.email);
        if email.is_empty() {
            errors.push(FieldError::new(Field::Email, FieldProblem::Required));
        } else if !crate::leads::model::is_valid_email(&email) {
            errors.push(FieldError::new(Field::Email, FieldProblem::InvalidEmail));
        }
        let role = Role::from_code(self.role.trim());
        if role.is_none() {
            errors.push(FieldError::new(Field::Role, FieldProblem::UnknownChoice));
        }
        let mut regions = Vec::new();
        for code in &self.regions {
            match Region::from_code(code.trim()) {
                Some(r) if !regions.contains(&r) => regions.push(r),
                Some(_) => {}
                None => errors.push(FieldError::new(Field::Region, FieldProblem::UnknownChoice)),
            }
        }
        let password = if self.password.is_empty() && !creating {
            None
        } else {
            let chars = self.password.chars().count();
            if chars < PASSWORD_MIN_CHARS {
                errors.push(FieldError::new(
                    Field::Password,
                    FieldProblem::PasswordTooShort,
                ));
            } else if chars > PASSWORD_MAX_CHARS {
                errors.push(FieldError::new(
                    Field::Password,
                    FieldProblem::PasswordTooLong,
                ));
            }
            Some(self.password.clone())
        };
        if !errors.is_empty() {
            return Err(errors);
        }
        let mut products = self.products.clone();
        products.sort_unstable();
        products.dedup();
        Ok(ValidUser {
            name,
            email,
            role: role.unwrap_or(Role::Salesperson),
            regions,
            products,
            password,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input() -> UserInput {
        UserInput {
            name: " Petr Svoboda ".into(),
            email: "Petr@Firma.cz".into(),
            role: "salesperson".into(),
            regions: vec!["JHM".into(), "ZLK".into(), "JHM".into()],
            products: vec![2, 1, 2],
            password: "".into(),
        }
    }

    #[test]
    fn an_edit_may_keep_the_password_a_new_user_may_not() {
        let valid = input().validate(false).unwrap();
        assert_eq!(valid.name, "Petr Svoboda");
        assert_eq!(valid.email, "petr@firma.cz");
        assert_eq!(valid.regions, vec![Region::Jihomoravsky, Region::Zlinsky]);
        assert_eq!(valid.products, vec![1, 2]);
        assert_eq!(valid.password, None);
        let errors = input().validate(true).unwrap_err();
        assert_eq!(
            errors,
            vec![FieldError::new(
                Field::Password,
                FieldProblem::PasswordTooShort
            )]
        );
    }

    #[test]
    fn every_bad_field_is_reported() {
        let bad = UserInput {
            name: "".into(),
            email: "nope".into(),
            role: "boss".into(),
            regions: vec!["XX".into()],
            products: vec![],
            password: "short".into(),
        };
        let fields: Vec<Field> = bad
            .validate(false)
            .unwrap_err()
            .iter()
            .map(|e| e.field)
            .collect();
        assert_eq!(
            fields,
            vec![
                Field::Name,
                Field::Email,
                Field::Role,
                Field::Region,
                Field::Password
            ]
        );
    }
}
