//! The server secret that derives replayable tokens: a refresh token's successor, and the
//! sign-in a retried invite redemption answers with.
//!
//! A token is `base64url(HMAC-SHA256(key, label ‖ len(part) ‖ part ‖ …))`, each length a
//! big-endian `u64`, so different inputs never run together into the same bytes. Without the key,
//! what the phone presents tells nothing about what it is answered with. Every replica must hold
//! the same key to answer a retry that lands on another replica, so it comes from
//! `IPT_TOKEN_KEY` or, unset, from the database, where the first replica to start puts one.

use base64::Engine;
use base64::engine::general_purpose::{STANDARD, STANDARD_NO_PAD, URL_SAFE, URL_SAFE_NO_PAD};
use chrono::{DateTime, Utc};
use entities::token_key;
use rand::RngCore;
use ring::hmac;
use sea_orm::{ActiveValue::Set, ConnectionTrait, DbErr, EntityTrait};

/// Fewest bytes a key may have: HMAC-SHA256 gains nothing from more, and less is guessable.
const MIN_KEY_BYTES: usize = 32;

/// The row of `token_keys` that holds the key when `IPT_TOKEN_KEY` is unset.
const STORED_KEY_NAME: &str = "token-derivation";

/// HMAC-SHA256 keyed with the deployment's secret.
#[derive(Clone)]
pub struct TokenKey(hmac::Key);

impl std::fmt::Debug for TokenKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("TokenKey(..)")
    }
}

impl TokenKey {
    fn from_bytes(bytes: &[u8]) -> Result<Self, &'static str> {
        if bytes.len() < MIN_KEY_BYTES {
            return Err("at least 32 bytes");
        }
        Ok(Self(hmac::Key::new(hmac::HMAC_SHA256, bytes)))
    }

    /// A key given as base64, standard or URL-safe, with or without padding.
    ///
    /// # Errors
    /// Not base64, or fewer than 32 bytes. The message never repeats the value.
    pub fn parse(encoded: &str) -> Result<Self, &'static str> {
        let encoded = encoded.trim();
        let bytes = [STANDARD, STANDARD_NO_PAD, URL_SAFE, URL_SAFE_NO_PAD]
            .iter()
            .find_map(|engine| engine.decode(encoded).ok())
            .ok_or("IPT_TOKEN_KEY is not base64")?;
        Self::from_bytes(&bytes).map_err(|_| {
            "IPT_TOKEN_KEY is too short: give at least 32 random bytes, base64-encoded \
             (openssl rand -base64 32)"
        })
    }

    /// The token derived from `parts` for `label` (see the module's formula).
    pub(crate) fn derive(&self, label: &str, parts: &[&str]) -> String {
        let mut context = hmac::Context::with_key(&self.0);
        context.update(label.as_bytes());
        for part in parts {
            context.update(&(part.len() as u64).to_be_bytes());
            context.update(part.as_bytes());
        }
        URL_SAFE_NO_PAD.encode(context.sign().as_ref())
    }
}

/// The key of this deployment: `configured` (`IPT_TOKEN_KEY`) when given, else the one kept in
/// the database, made now if no replica made it before.
///
/// # Errors
/// A configured key that does not parse, a stored key that does not parse (never replaced: a new
/// key would break every retry in flight), or database errors.
pub async fn load_token_key<C: ConnectionTrait>(
    db: &C,
    configured: Option<&str>,
    now: DateTime<Utc>,
) -> anyhow::Result<TokenKey> {
    if let Some(encoded) = configured {
        return TokenKey::parse(encoded).map_err(anyhow::Error::msg);
    }
    let mut fresh = [0u8; MIN_KEY_BYTES];
    rand::rngs::OsRng.fill_bytes(&mut fresh);
    // Insert-if-absent: replicas starting together may all try, the first row stays, and every
    // replica then reads that one.
    token_key::Entity::insert(token_key::ActiveModel {
        name: Set(STORED_KEY_NAME.to_owned()),
        secret: Set(URL_SAFE_NO_PAD.encode(fresh)),
        created_at: Set(now),
    })
    .on_conflict_do_nothing()
    .exec_without_returning(db)
    .await?;
    let stored = token_key::Entity::find_by_id(STORED_KEY_NAME.to_owned())
        .one(db)
        .await?
        .ok_or_else(|| DbErr::RecordNotFound("the stored token key".into()))?;
    let key = URL_SAFE_NO_PAD
        .decode(stored.secret.as_bytes())
        .ok()
        .and_then(|bytes| TokenKey::from_bytes(&bytes).ok())
        .ok_or_else(|| DbErr::Type("the stored token key is not 32 bytes of base64url".into()))?;
    Ok(key)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key() -> TokenKey {
        TokenKey::parse(&STANDARD.encode([7u8; 32])).expect("a key")
    }

    #[test]
    fn a_key_is_base64_of_at_least_32_bytes_in_either_alphabet() {
        assert!(TokenKey::parse(&STANDARD.encode([1u8; 32])).is_ok());
        assert!(TokenKey::parse(&URL_SAFE_NO_PAD.encode([0xfbu8; 48])).is_ok());
        assert!(TokenKey::parse(&STANDARD.encode([1u8; 31])).is_err());
        assert!(TokenKey::parse("not base64 at all!").is_err());
    }

    #[test]
    fn a_refused_key_is_not_repeated_in_the_message() {
        let short = STANDARD.encode([9u8; 16]);
        let message = TokenKey::parse(&short).expect_err("too short");
        assert!(!message.contains(&short), "{message}");
    }

    #[test]
    fn a_derived_token_is_the_same_for_the_same_input_and_differs_by_label_and_parts() {
        let key = key();
        let a = key.derive("label", &["one", "two"]);
        assert_eq!(a, key.derive("label", &["one", "two"]));
        assert_eq!(a.len(), 43, "256 bits, base64url without padding");
        assert_ne!(a, key.derive("other", &["one", "two"]));
        assert_ne!(a, key.derive("label", &["onet", "wo"]));
        let other = TokenKey::parse(&STANDARD.encode([8u8; 32])).expect("a key");
        assert_ne!(a, other.derive("label", &["one", "two"]));
    }

    #[test]
    fn a_key_does_not_show_in_debug_output() {
        assert_eq!(format!("{:?}", key()), "TokenKey(..)");
    }
}
