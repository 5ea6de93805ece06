//! Password hashing (argon2id, OWASP's minimum: 19 MiB, 2 passes, 1 lane) and the policy
//! check against common passwords. Server only.

use std::sync::{Arc, LazyLock};

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

/// Where hashing and checking passwords run: on tokio's blocking pool, a few at a time. Each
/// takes tens of milliseconds of CPU and 19 MiB; on the async workers a flood of sign-ins (unknown
/// emails are hashed too) would stall every other request and live stream. The permits bound
/// the CPU and memory a flood can take; the rest of the flood waits its turn.
#[derive(Clone, Debug)]
pub struct PasswordWork {
    permits: Arc<tokio::sync::Semaphore>,
}

impl PasswordWork {
    pub fn new(permits: usize) -> Self {
        PasswordWork {
            permits: Arc::new(tokio::sync::Semaphore::new(permits.max(1))),
        }
    }

    /// Half the cores, one to four: the other half stays free for the requests around.
    pub fn for_this_machine() -> Self {
        let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
        Self::new((cores / 2).clamp(1, 4))
    }

    async fn run<T: Send + 'static>(
        &self,
        work: impl FnOnce() -> T + Send + 'static,
    ) -> Result<T, String> {
        let permit = self
            .permits
            .clone()
            .acquire_owned()
            .await
            .map_err(|e| e.to_string())?;
        // The permit goes with the work: a request given up while waiting frees no permit early.
        tokio::task::spawn_blocking(move || {
            let _permit = permit;
            work()
        })
        .await
        .map_err(|e| format!("password work failed: {e}"))
    }

    /// [`hash`], off the async workers.
    pub async fn hash(&self, password: &str) -> Result<String, String> {
        let password = password.to_string();
        self.run(move || hash(&password)).await?
    }

    /// [`verify`], off the async workers.
    pub async fn verify(&self, password: &str, phc: &str) -> bool {
        let (password, phc) = (password.to_string(), phc.to_string());
        self.run(move || verify(&password, &phc))
            .await
            .unwrap_or(false)
    }

    /// [`verify_nothing`], off the async workers.
    pub async fn verify_nothing(&self, password: &str) {
        let password = password.to_string();
        let _ = self.run(move || verify_nothing(&password)).await;
    }
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
