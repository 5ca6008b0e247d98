//! The changes feed's cursor: opaque to the phone (base64url of JSON, like every cursor of
//! `pagination`), it names the database's sync epoch, the client and the last change number the
//! phone has. The epoch and the client let the server tell a cursor of another history (a
//! restore) or of another client from one it can continue, instead of answering an empty page.

use crate::pagination;
use entities::ClientId;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use uuid::Uuid;

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Wire {
    /// The sync epoch.
    e: String,
    /// The client.
    c: Uuid,
    /// The last change number the phone has.
    s: i64,
}

/// Where a sync starts, as `since` says.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Since {
    /// From the first change: `since` absent or `0`.
    Start,
    /// After a cursor of this version.
    After {
        epoch: String,
        client: Uuid,
        seq: i64,
    },
    /// A bare change number, the cursor of servers before sync epochs existed: it names no
    /// epoch, so the server cannot know that it belongs to this history.
    OldFormat,
}

/// `since` is no cursor this server ever issued (422).
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct NotACursor;

/// Reads `since`.
///
/// # Errors
/// Anything that is neither `0`, a cursor of this version nor one of an older version.
pub(crate) fn parse(since: Option<&str>) -> Result<Since, NotACursor> {
    // `0` (or nothing) asks for everything: a phone's first sync needs no cursor it was given.
    let Some(since) = since.filter(|s| *s != "0") else {
        return Ok(Since::Start);
    };
    match pagination::decode::<Value>(since).map_err(|_| NotACursor)? {
        // Older versions issued the number alone, and never a negative one.
        Value::Number(n) if n.as_i64().is_some_and(|n| n >= 0) => Ok(Since::OldFormat),
        object @ Value::Object(_) => match serde_json::from_value::<Wire>(object) {
            Ok(wire) if wire.s >= 0 => Ok(Since::After {
                epoch: wire.e,
                client: wire.c,
                seq: wire.s,
            }),
            _ => Err(NotACursor),
        },
        _ => Err(NotACursor),
    }
}

/// The cursor after change `seq` of `client` in `epoch`.
pub(crate) fn encode(epoch: &str, client: ClientId, seq: i64) -> String {
    pagination::encode(&Wire {
        e: epoch.to_owned(),
        c: client.uuid(),
        s: seq,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use base64::Engine;
    use base64::engine::general_purpose::URL_SAFE_NO_PAD;

    fn b64(json: &str) -> String {
        URL_SAFE_NO_PAD.encode(json)
    }

    #[test]
    fn a_cursor_reads_back_as_its_epoch_client_and_number() {
        let client = ClientId::from(Uuid::new_v4());
        let cursor = encode("e1", client, 42);
        assert_eq!(
            parse(Some(&cursor)),
            Ok(Since::After {
                epoch: "e1".into(),
                client: client.uuid(),
                seq: 42
            })
        );
    }

    #[test]
    fn nothing_or_zero_starts_from_the_first_change() {
        assert_eq!(parse(None), Ok(Since::Start));
        assert_eq!(parse(Some("0")), Ok(Since::Start));
    }

    #[test]
    fn a_bare_number_is_a_cursor_of_an_older_version() {
        assert_eq!(parse(Some(&b64("17"))), Ok(Since::OldFormat));
        assert_eq!(parse(Some(&b64("0"))), Ok(Since::OldFormat));
    }

    #[test]
    fn what_no_version_issued_is_not_a_cursor() {
        for forged in [
            "garbage".to_owned(),
            b64("-3"),
            b64("1.5"),
            b64("\"7\""),
            b64(r#"{"e":"x","c":"not a uuid","s":1}"#),
            b64(&format!(r#"{{"e":"x","c":"{}","s":-1}}"#, Uuid::nil())),
            b64(&format!(
                r#"{{"e":"x","c":"{}","s":1,"more":0}}"#,
                Uuid::nil()
            )),
        ] {
            assert_eq!(parse(Some(&forged)), Err(NotACursor), "{forged}");
        }
    }
}
