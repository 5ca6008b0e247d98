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
    fn a_code_typed_in_lower_case_with_spaces_matches() {
        assert_eq!(code_hash("abcd efgh-jkmn"), code_hash("ABCD-EFGH-JKMN"));
    }
}
