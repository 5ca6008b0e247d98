//! Password hashing with argon2id at OWASP's minimum cost (19 MiB, 2 passes, 1 lane).

use argon2::password_hash::{
    PasswordHash, PasswordHasher, PasswordVerifier, SaltString, rand_core::OsRng,
};
use argon2::{Algorithm, Argon2, Params, Version};
use std::sync::LazyLock;

fn argon2() -> Argon2<'static> {
    let params = Params::new(19 * 1024, 2, 1, None).unwrap_or_default();
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

/// Hashes a password into a PHC string. CPU-heavy: call it off the async workers.
///
/// # Errors
/// The hasher rejects its input (cannot happen for parsed passwords).
pub fn hash_password(password: &str) -> Result<String, argon2::password_hash::Error> {
    let salt = SaltString::generate(&mut OsRng);
    Ok(argon2()
        .hash_password(password.as_bytes(), &salt)?
        .to_string())
}

/// A hash of a password nobody knows, verified when an e-mail is unknown so that the answer
/// takes as long as for a known e-mail with a wrong password.
static DUMMY_HASH: LazyLock<String> = LazyLock::new(|| {
    let throwaway = super::tokens::generate();
    hash_password(&throwaway).unwrap_or_default()
});

/// Checks a password against a stored hash, or against a dummy hash when there is none.
/// CPU-heavy: call it off the async workers.
#[must_use]
pub fn verify_password(password: &str, stored: Option<&str>) -> bool {
    let Some(stored) = stored else {
        if let Ok(parsed) = PasswordHash::new(&DUMMY_HASH) {
            let _ = argon2().verify_password(password.as_bytes(), &parsed);
        }
        return false;
    };
    PasswordHash::new(stored).is_ok_and(|parsed| {
        argon2()
            .verify_password(password.as_bytes(), &parsed)
            .is_ok()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_hash_is_argon2id_with_the_minimum_cost_and_verifies() {
        let hash = hash_password("correct horse battery").expect("hashes");
        assert!(
            hash.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"),
            "{hash}"
        );
        assert!(verify_password("correct horse battery", Some(&hash)));
        assert!(!verify_password("wrong horse battery", Some(&hash)));
    }

    #[test]
    fn an_unknown_account_never_verifies() {
        assert!(!verify_password("anything at all", None));
    }
}
