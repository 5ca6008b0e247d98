//! The TOTP secret at rest: the server must read it back to check codes, so it cannot be a hash.
//! It is sealed with AES-256-GCM under a key derived (HMAC-SHA256) from the deployment's
//! [`TokenKey`], which every replica shares, with the therapist's id as associated data, so a
//! sealed secret copied to another account's row does not open. A database dump alone tells
//! nothing; changing `IPT_TOKEN_KEY` makes stored secrets unreadable (recovery codes still work,
//! and the factor can then be set up again).

use crate::credentials::TokenKey;
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use entities::TherapistId;
use ring::aead::{AES_256_GCM, Aad, LessSafeKey, NONCE_LEN, Nonce, UnboundKey};
use ring::rand::{SecureRandom, SystemRandom};

/// A secret that cannot be sealed or opened (wrong key, damaged row), or a QR code that cannot
/// be drawn. Nothing about the secret is in the message.
#[derive(Debug, thiserror::Error)]
#[error("the TOTP secret cannot be sealed or opened")]
pub struct SealError;

fn sealing_key(key: &TokenKey) -> Result<LessSafeKey, SealError> {
    let derived = URL_SAFE_NO_PAD
        .decode(key.derive("ipt/totp-secret-seal", &[]))
        .map_err(|_| SealError)?;
    let unbound = UnboundKey::new(&AES_256_GCM, &derived).map_err(|_| SealError)?;
    Ok(LessSafeKey::new(unbound))
}

/// `secret` sealed for `therapist`: base64url of nonce ‖ ciphertext ‖ tag.
pub(super) fn seal(
    key: &TokenKey,
    therapist: TherapistId,
    secret: &[u8],
) -> Result<String, SealError> {
    let mut nonce = [0u8; NONCE_LEN];
    SystemRandom::new()
        .fill(&mut nonce)
        .map_err(|_| SealError)?;
    let mut sealed = secret.to_vec();
    sealing_key(key)?
        .seal_in_place_append_tag(
            Nonce::assume_unique_for_key(nonce),
            Aad::from(therapist.uuid().as_bytes()),
            &mut sealed,
        )
        .map_err(|_| SealError)?;
    let mut out = nonce.to_vec();
    out.extend_from_slice(&sealed);
    Ok(URL_SAFE_NO_PAD.encode(out))
}

/// The secret [`seal`] sealed for `therapist`.
pub(super) fn open(
    key: &TokenKey,
    therapist: TherapistId,
    sealed: &str,
) -> Result<Vec<u8>, SealError> {
    let bytes = URL_SAFE_NO_PAD.decode(sealed).map_err(|_| SealError)?;
    if bytes.len() < NONCE_LEN {
        return Err(SealError);
    }
    let (nonce, rest) = bytes.split_at(NONCE_LEN);
    let nonce = Nonce::try_assume_unique_for_key(nonce).map_err(|_| SealError)?;
    let mut rest = rest.to_vec();
    let plain = sealing_key(key)?
        .open_in_place(nonce, Aad::from(therapist.uuid().as_bytes()), &mut rest)
        .map_err(|_| SealError)?;
    Ok(plain.to_vec())
}

#[cfg(test)]
mod tests {
    use super::*;
    use base64::engine::general_purpose::STANDARD;

    fn key(byte: u8) -> TokenKey {
        TokenKey::parse(&STANDARD.encode([byte; 32])).expect("a key")
    }

    #[test]
    fn a_sealed_secret_opens_only_with_the_same_key_and_therapist() {
        let therapist = TherapistId::new();
        let sealed = seal(&key(1), therapist, b"twenty bytes secret!").expect("sealed");
        assert!(!sealed.contains("twenty"));
        assert_eq!(
            open(&key(1), therapist, &sealed).expect("opened"),
            b"twenty bytes secret!"
        );
        assert!(open(&key(2), therapist, &sealed).is_err());
        assert!(open(&key(1), TherapistId::new(), &sealed).is_err());
        assert_ne!(
            sealed,
            seal(&key(1), therapist, b"twenty bytes secret!").expect("sealed")
        );
    }
}
