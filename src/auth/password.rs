//! Password hashing (argon2id, OWASP's minimum: 19 MiB, 2 passes, 1 lane) and the policy
//! check against common passwords. Server only.

use std::sync::LazyLock;

use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};

use super::model::{PasswordProblem, check_password_length};

fn hasher() -> Argon2<'static> {
    // Params::new only fails on values outside argon2's ranges; these are constants inside them.
    let params = Params::new(19 * 1024, 2, 1, None).unwrap_or_default();
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

/// Length and common-password rules; the problem is shown next to the password field.
pub fn check_policy(password: &str) -> Result<(), PasswordProblem> {
    check_password_length(password)?;
    if passwords::analyzer::is_common_password(password)
        || passwords::analyzer::is_common_password(password.to_lowercase())
    {
        return Err(PasswordProblem::TooCommon);
    }
    Ok(())
}

/// A PHC string with a fresh random salt.
pub fn hash(password: &str) -> Result<String, String> {
    let salt = SaltString::generate(&mut argon2::password_hash::rand_core::OsRng);
    hasher()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| format!("hashing failed: {e}"))
}

/// True when `password` matches `phc`. The parameters come from the stored string, so
/// hashes made with older parameters keep working.
pub fn verify(password: &str, phc: &str) -> bool {
    match PasswordHash::new(phc) {
        Ok(parsed) => hasher()
            .verify_password(password.as_bytes(), &parsed)
            .is_ok(),
        Err(_) => false,
    }
}

/// Spends the time of a real check when the account does not exist, so that response times
/// do not tell which emails have accounts.
pub fn verify_nothing(password: &str) {
    static DUMMY: LazyLock<String> =
        LazyLock::new(|| hash("no account has this password").unwrap_or_default());
    let _ = verify(password, &DUMMY);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hash_then_verify() {
        let phc = hash("Brněnský veletrh 2026").unwrap();
        assert!(phc.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"));
        assert!(verify("Brněnský veletrh 2026", &phc));
        assert!(!verify("brněnský veletrh 2026", &phc));
        assert!(!verify("x", "not a hash"));
    }

    #[test]
    fn policy_refuses_common_and_short_passwords() {
        assert_eq!(check_policy("password"), Err(PasswordProblem::TooCommon));
        assert_eq!(check_policy("Password1"), Err(PasswordProblem::TooCommon));
        assert_eq!(check_policy("qwertyuiop"), Err(PasswordProblem::TooCommon));
        assert_eq!(check_policy("abc"), Err(PasswordProblem::TooShort));
        assert_eq!(check_policy("Zelený-kopec-u-Brna"), Ok(()));
    }
}
