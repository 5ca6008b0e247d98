//! Invite codes: how a client's phone signs in the first time. Short enough to type
//! (12 characters of Crockford base32, 60 bits), single use, valid for seven days.

use super::{INVITE_TTL, tokens};
use chrono::{DateTime, Utc};
use entities::{ClientId, invite};
use rand::Rng;
use sea_orm::sea_query::Expr;
use sea_orm::{ActiveValue::Set, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter};

/// Crockford's alphabet: no I, L, O or U, so a code read aloud is not misheard.
const ALPHABET: &[u8] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/// A new code as handed to the therapist (the only time it exists in clear).
#[derive(Debug, Clone)]
pub struct IssuedInvite {
    pub code: String,
    pub expires_at: DateTime<Utc>,
}

fn generate_code() -> String {
    let mut rng = rand::rngs::OsRng;
    let raw: String = (0..12)
        .map(|_| char::from(ALPHABET[rng.gen_range(0..ALPHABET.len())]))
        .collect();
    format!("{}-{}-{}", &raw[0..4], &raw[4..8], &raw[8..12])
}

/// The code as stored and looked up: upper case, without separators or spaces.
pub(super) fn normalise(code: &str) -> String {
    code.chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .map(|c| c.to_ascii_uppercase())
        .collect()
}

pub(crate) fn code_hash(code: &str) -> String {
    tokens::hash(&normalise(code))
}

/// The phone app's install id: a stable value the app makes once (a random UUID, say) and sends
/// with every redemption, so that a retry is known to come from the same install.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeviceId(String);

impl DeviceId {
    /// Fewest characters an install id may have: it is the key a retried redemption is
    /// recognised by, so a short guessable one (`"1"`) would let a stranger with the code claim
    /// the phone's sign-in within the retry window.
    pub const MIN_CHARS: usize = 16;
    /// Most characters an install id may have.
    pub const MAX_CHARS: usize = 128;

    /// # Errors
    /// Shorter than 16 or longer than 128 characters, or containing control characters.
    pub fn parse(raw: &str) -> Result<Self, &'static str> {
        let chars = raw.chars().count();
        if !(Self::MIN_CHARS..=Self::MAX_CHARS).contains(&chars) {
            return Err("must be 16 to 128 characters");
        }
        if crate::extract::breaks_single_line(raw) {
            return Err(crate::extract::SINGLE_LINE_MESSAGE);
        }
        Ok(Self(raw.to_owned()))
    }

    /// The id as sent.
    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Issues a new invite for `client`; every earlier unused code of that client stops working.
///
/// # Errors
/// Database errors.
pub async fn issue_invite<C: ConnectionTrait>(
    db: &C,
    client: ClientId,
    now: DateTime<Utc>,
) -> Result<IssuedInvite, DbErr> {
    invite::Entity::update_many()
        .col_expr(invite::Column::RevokedAt, Expr::value(now))
        .filter(invite::Column::ClientId.eq(client))
        .filter(invite::Column::UsedAt.is_null())
        .filter(invite::Column::RevokedAt.is_null())
        .exec(db)
        .await?;
    let code = generate_code();
    let expires_at = now + INVITE_TTL;
    invite::Entity::insert(invite::ActiveModel {
        code_hash: Set(code_hash(&code)),
        client_id: Set(client),
        created_at: Set(now),
        expires_at: Set(expires_at),
        used_at: Set(None),
        revoked_at: Set(None),
    })
    .exec_without_returning(db)
    .await?;
    Ok(IssuedInvite { code, expires_at })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_code_is_three_groups_of_four_unambiguous_characters() {
        let code = generate_code();
        assert_eq!(code.len(), 14);
        assert!(
            code.chars()
                .all(|c| c == '-' || ALPHABET.contains(&(c as u8))),
            "{code}"
        );
    }

    #[test]
    fn an_install_id_is_16_to_128_characters_without_controls() {
        assert!(DeviceId::parse("").is_err());
        assert!(DeviceId::parse(&"x".repeat(15)).is_err());
        assert!(DeviceId::parse(&"x".repeat(16)).is_ok());
        assert!(DeviceId::parse(&"x".repeat(129)).is_err());
        assert!(DeviceId::parse("install-0000000\u{0}b").is_err());
        assert!(DeviceId::parse(&"é".repeat(128)).is_ok());
        assert_eq!(
            DeviceId::parse("3f2c8a9e-1b7d-4c55-9a0e-6d1f2b3c4d5e").map(|d| d.as_str().len()),
            Ok(36)
        );
    }

    #[test]
    fn a_code_typed_in_lower_case_with_spaces_matches() {
        assert_eq!(code_hash("abcd efgh-jkmn"), code_hash("ABCD-EFGH-JKMN"));
    }
}
