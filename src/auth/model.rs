//! Who is signed in and what a password must be: plain types shared by browser and server.

use serde::{Deserialize, Serialize};

/// What a person may do in Leady. Stored by its code.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Role {
    /// Manages users and assignment rules; everything a manager may do.
    Admin,
    /// Sees and assigns every lead, watches the reports.
    Manager,
    /// Works their own leads and the unassigned pool.
    Salesperson,
}

impl Role {
    pub const ALL: [Role; 3] = [Role::Admin, Role::Manager, Role::Salesperson];

    pub fn code(self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::Manager => "manager",
            Role::Salesperson => "salesperson",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Role::ALL.into_iter().find(|r| r.code() == code)
    }
}

/// The signed-in person, as the pages see them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CurrentUser {
    pub id: i32,
    pub name: String,
    pub email: String,
    pub role: Role,
}

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

impl CurrentUser {
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

/// Why a sign-in was refused. Wrong email and wrong password are one answer on purpose.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum SignInRefusal {
    WrongCredentials,
    Deactivated,
    /// Too many failed tries; the next try is possible after this many minutes.
    Throttled {
        minutes: i64,
    },
}

impl SignInRefusal {
    /// Short code used in the URL when a browser without WebAssembly is sent back to the form.
    pub fn code(self) -> &'static str {
        match self {
            SignInRefusal::WrongCredentials => "wrong",
            SignInRefusal::Deactivated => "inactive",
            SignInRefusal::Throttled { .. } => "throttled",
        }
    }

    pub fn from_code(code: &str, minutes: i64) -> Option<Self> {
        match code {
            "wrong" => Some(SignInRefusal::WrongCredentials),
            "inactive" => Some(SignInRefusal::Deactivated),
            "throttled" => Some(SignInRefusal::Throttled { minutes }),
            _ => None,
        }
    }
}

/// How long failed sign-ins count against an account or an address.
pub const FAILURE_WINDOW_MINUTES: i64 = 15;

pub const PASSWORD_MIN_CHARS: usize = 8;
/// Long passphrases are welcome; the cap only keeps hashing cost bounded.
pub const PASSWORD_MAX_CHARS: usize = 128;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum PasswordProblem {
    TooShort,
    TooLong,
    /// Among the passwords attackers try first.
    TooCommon,
}

/// Length rules, counted in characters (not bytes: "žluťoučký" is 9). The common-password
/// check needs the server's list and happens there.
pub fn check_password_length(password: &str) -> Result<(), PasswordProblem> {
    let n = password.chars().count();
    if n < PASSWORD_MIN_CHARS {
        Err(PasswordProblem::TooShort)
    } else if n > PASSWORD_MAX_CHARS {
        Err(PasswordProblem::TooLong)
    } else {
        Ok(())
    }
}

/// Lower-cased and trimmed: the form of an email used as a login.
pub fn normalize_email(email: &str) -> String {
    email.trim().to_lowercase()
}

/// Where to go after signing in: only a path on this site, never another host
/// (`//evil.example` and `/\evil.example` are other hosts to a browser).
pub fn safe_next(next: Option<&str>) -> String {
    match next {
        Some(p) if p.starts_with('/') && !p.starts_with("//") && !p.contains('\\') => p.to_string(),
        _ => "/".to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles_round_trip_their_codes() {
        for role in Role::ALL {
            assert_eq!(Role::from_code(role.code()), Some(role));
        }
        assert_eq!(Role::from_code("boss"), None);
    }

    #[test]
    fn initials_of_czech_names() {
        assert_eq!(initials("Jana Nováková"), "JN");
        assert_eq!(initials("  Čeněk   Šťastný  "), "ČŠ");
        assert_eq!(initials("Madonna"), "M");
        assert_eq!(initials(""), "");
    }

    #[test]
    fn password_length_counts_characters() {
        assert_eq!(
            check_password_length("krátké"),
            Err(PasswordProblem::TooShort)
        );
        assert_eq!(check_password_length("žluťouček"), Ok(()));
        assert_eq!(check_password_length(&"x".repeat(64)), Ok(()));
        assert_eq!(
            check_password_length(&"x".repeat(129)),
            Err(PasswordProblem::TooLong)
        );
    }

    #[test]
    fn next_stays_on_this_site() {
        assert_eq!(safe_next(Some("/leads/7")), "/leads/7");
        assert_eq!(safe_next(Some("//evil.example")), "/");
        assert_eq!(safe_next(Some("/\\evil.example")), "/");
        assert_eq!(safe_next(Some("https://evil.example")), "/");
        assert_eq!(safe_next(None), "/");
    }
}
