//! Who is signed in and what a password must be: plain types shared by browser and server.

use serde::{Deserialize, Serialize};

pub use crate::shared::person::{PersonRef, initials};

/// What a person may do in Leady. Stored by its code.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sea_orm::EnumIter, sea_orm::DeriveActiveEnum))]
#[cfg_attr(
    feature = "ssr",
    sea_orm(
        rs_type = "String",
        db_type = "String(sea_orm::sea_query::StringLen::N(20))"
    )
)]
pub enum Role {
    /// Manages users and assignment rules; everything a manager may do.
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "admin"))]
    Admin,
    /// Sees and assigns every lead, watches the reports.
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "manager"))]
    Manager,
    /// Works their own leads and the unassigned pool.
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "salesperson"))]
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

impl CurrentUser {
    pub fn initials(&self) -> String {
        initials(&self.name)
    }
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

/// Longest `next` kept: a real path on this site is far shorter.
pub const NEXT_MAX_BYTES: usize = 2048;

/// Where to go after signing in: only a path on this site, never another host. The check
/// follows how a browser reads a relative URL: it drops tabs and line breaks anywhere
/// (`/<TAB>/evil.example` becomes `//evil.example`), strips leading spaces and control
/// characters, and reads `\` as `/` (`/\evil.example` is another host). So a `next` with any
/// control character or backslash, or not starting with exactly one `/`, is refused and `/` is
/// used instead. Percent escapes stay as they are: a browser does not decode them when it
/// resolves the URL, so `/%09/evil.example` is a path on this site (that the app answers 404).
/// Used by the server (both for the plain form and the answer to the hydrated page) and again
/// by the hydrated page before it navigates.
pub fn safe_next(next: Option<&str>) -> String {
    match next {
        Some(p) if is_local_path(p) => p.to_string(),
        _ => "/".to_string(),
    }
}

fn is_local_path(p: &str) -> bool {
    let mut bytes = p.bytes();
    bytes.next() == Some(b'/')
        && !matches!(bytes.next(), Some(b'/' | b'\\'))
        && p.len() <= NEXT_MAX_BYTES
        && !p.chars().any(|c| c == '\\' || c.is_control())
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
        assert_eq!(safe_next(Some("/leads/7?tab=log#x")), "/leads/7?tab=log#x");
        assert_eq!(safe_next(Some("/")), "/");
        assert_eq!(safe_next(Some("/klienti/Žatec")), "/klienti/Žatec");
        // Percent escapes are not decoded by the browser: these stay on this site.
        assert_eq!(safe_next(Some("/%09/evil.example")), "/%09/evil.example");
        assert_eq!(safe_next(Some("/%2F/evil.example")), "/%2F/evil.example");
        assert_eq!(safe_next(None), "/");
    }

    #[test]
    fn next_to_another_host_goes_home() {
        for evil in [
            "//evil.example",
            "/\\evil.example",
            "/\t/evil.example",
            "/\n/evil.example",
            "/\r/evil.example",
            "\t//evil.example",
            " //evil.example",
            "/\u{0}/evil.example",
            "/\u{1b}/evil.example",
            "/\u{7f}/evil.example",
            "/\u{85}/evil.example",
            "/leads\\..\\..\\evil",
            "\\\\evil.example",
            "https://evil.example",
            "javascript:alert(1)",
            "evil.example",
            "",
        ] {
            assert_eq!(safe_next(Some(evil)), "/", "{evil:?}");
        }
        assert_eq!(
            safe_next(Some(&format!("/{}", "a".repeat(NEXT_MAX_BYTES)))),
            "/"
        );
    }

    /// On the server `Role` is stored as its `code()`: the active enum's value is that very
    /// string for every variant, and reads back as the variant; anything else is an error.
    #[cfg(feature = "ssr")]
    #[test]
    fn role_is_stored_as_its_code() {
        use sea_orm::{ActiveEnum, Iterable};
        for variant in Role::iter() {
            assert_eq!(variant.to_value(), variant.code(), "{variant:?}");
            let stored = variant.code().to_owned();
            assert_eq!(Role::try_from_value(&stored).ok(), Some(variant));
        }
        assert!(Role::try_from_value(&"unknown value".to_owned()).is_err());
    }
}
