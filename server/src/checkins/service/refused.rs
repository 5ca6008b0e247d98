//! A refused check-in that still carries a safety signal: read from the raw body, it opens
//! its alert all the same.

use super::*;
use crate::checkins::model::RefusedSignal;

/// Reads the PHQ-9 of a refused body: a signal when the `phq9` array is itself well-formed
/// (nine answers 0–3 or null) and calls for crisis resources (item 9 above 0 or unanswered, or a
/// total of 20 or more), whatever else in the body was wrong. A body that is not JSON carries
/// nothing to read.
#[must_use]
pub fn refused_signal(raw: &[u8]) -> Option<RefusedSignal> {
    let body: serde_json::Value = serde_json::from_slice(raw).ok()?;
    let items = body.get("phq9")?.as_array()?;
    let answers: Vec<Option<i64>> = items
        .iter()
        .map(|v| {
            if v.is_null() {
                Ok(None)
            } else {
                v.as_i64().map(Some).ok_or(())
            }
        })
        .collect::<Result<_, _>>()
        .ok()?;
    let phq9 = Phq9Answers::parse_partial(&answers).ok()?;
    if !phq9.needs_crisis_resources() {
        return None;
    }
    let dedupe_key = body
        .get("id")
        .and_then(serde_json::Value::as_str)
        .and_then(|id| id.parse::<uuid::Uuid>().ok())
        .unwrap_or_else(|| uuid::Uuid::new_v5(&uuid::Uuid::NAMESPACE_OID, raw));
    let recorded_at = body
        .get("recorded_at")
        .and_then(serde_json::Value::as_str)
        .and_then(|t| DateTime::parse_from_rfc3339(t).ok())
        .map(crate::domain::to_utc_micros);
    Some(RefusedSignal {
        alert: phq9.alert(),
        phq9_total: phq9.total().map(i32::from),
        recorded_at,
        dedupe_key,
    })
}

/// Opens the alert of a refused submission of `client` (at most one per submission), with its
/// notifications. `None` when the client no longer exists or the signal opens no alert.
///
/// # Errors
/// Database errors.
pub async fn open_refused_alert(
    db: &sea_orm::DatabaseConnection,
    gate: &crate::group_commit::WriteGate,
    channels: Channels,
    client: ClientId,
    signal: &RefusedSignal,
    now: DateTime<Utc>,
) -> Result<Option<(OpenedAlert, entities::client::Model)>, DbErr> {
    let Some(kind) = signal.alert else {
        return Ok(None);
    };
    crate::safety::service::open_refused(db, gate, channels, client, |row| NewAlert {
        client,
        therapist: row.therapist_id,
        kind: alert_kind(kind),
        urgency: Urgency::Normal,
        checkin: None,
        dedupe_key: signal.dedupe_key,
        source: AlertSource::RefusedSubmission,
        item9: item9_of(kind),
        risk_screen: None,
        exercise_log: None,
        relationship: None,
        phq9_total: signal.phq9_total,
        recorded_at: signal.recorded_at,
        timezone: row.timezone,
        now,
    })
    .await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_refused_body_with_a_well_formed_phq9_and_item_nine_above_zero_is_a_signal() {
        let body = br#"{"id":"0190d5a0-0000-7000-8000-000000000001","mood":11,"recorded_at":"2026-11-20T21:15:00+01:00","phq9":[1,2,null,1,0,1,1,0,2]}"#;
        let signal = refused_signal(body).expect("a signal");
        assert_eq!(signal.alert, Some(Phq9Alert::SelfHarm(2)));
        assert_eq!(signal.phq9_total, Some(9));
        assert_eq!(
            signal.dedupe_key.to_string(),
            "0190d5a0-0000-7000-8000-000000000001"
        );
    }

    #[test]
    fn no_signal_without_a_well_formed_phq9_or_with_item_nine_zero_and_a_low_total() {
        assert!(refused_signal(br#"{"phq9":[1,1,1,1,1,1,1,1,0]}"#).is_none());
        // A skipped item 9 is never silence: resources, and an alert only with a severe total.
        let skipped = refused_signal(br#"{"phq9":[1,1,1,1,1,1,1,1,null]}"#).expect("resources");
        assert_eq!(skipped.alert, None);
        let severe = refused_signal(br#"{"phq9":[3,3,3,3,3,3,3,3,null]}"#).expect("a signal");
        assert_eq!(severe.alert, Some(Phq9Alert::SevereItem9Unanswered));
        assert!(refused_signal(br#"{"phq9":[1,1,1,1,1,1,1,1,4]}"#).is_none());
        assert!(refused_signal(br#"{"phq9":[1,1,1,1,1,1,1,3]}"#).is_none());
        assert!(refused_signal(br#"{"phq9": [1,1,1,1,1,1,1,1,3"#).is_none());
    }

    #[test]
    fn a_body_without_an_id_is_keyed_by_its_content() {
        let a = refused_signal(br#"{"mood":-1,"phq9":[0,0,0,0,0,0,0,0,1]}"#).expect("a signal");
        let b = refused_signal(br#"{"mood":-1,"phq9":[0,0,0,0,0,0,0,0,1]}"#).expect("a signal");
        let c = refused_signal(br#"{"mood":-2,"phq9":[0,0,0,0,0,0,0,0,1]}"#).expect("a signal");
        assert_eq!(a.dedupe_key, b.dedupe_key);
        assert_ne!(a.dedupe_key, c.dedupe_key);
    }
}
