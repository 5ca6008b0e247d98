//! What the therapist recorded about each session, as a kind of client record
//! (`crate::client_record`).

use super::dto::{SessionMarkRecord, SessionResponse};
use crate::client_record::fhir::{Subject, derived, entry, urn};
use crate::client_record::{Changed, ClientRecord, ExportContext, Fhir, changes_from, synced};
use entities::audit_entry::ObjectType;
use entities::session_mark;
use sea_orm::{ConnectionTrait, DbErr};
use serde_json::{Value, json};
use uuid::Uuid;

/// What the therapist recorded about each session.
pub(crate) struct SessionMarks;

synced!(session_mark, SessionMarkRecord, |row| Changed {
    // One mark per course and number: a name-based id keeps it stable for the phone.
    id: Uuid::new_v5(&row.course_id, &row.number.to_be_bytes()),
    seq: row.change_seq,
    data: Some(SessionMarkRecord {
        course_id: row.course_id,
        number: row.number,
        status: row.status,
        held_at: row.held_at,
        scheduled_for: row.moved_to,
    }),
});

impl ClientRecord for SessionMarks {
    const NAME: &'static str = "session";
    const TABLES: &'static [&'static str] = &["session_marks"];
    const AUDIT: ObjectType = ObjectType::TreatmentSession;
    const FHIR: Fhir<Self::Exported> = Fhir::Resources(&["Encounter"], fhir);
    type Data = SessionMarkRecord;
    type Exported = Vec<SessionResponse>;

    changes_from!(session_mark);

    /// Every session of the course (marked or presumed), with its measures and ratings.
    async fn export<C: ConnectionTrait>(
        db: &C,
        ctx: &ExportContext,
    ) -> Result<Self::Exported, DbErr> {
        let loaded = &ctx.client;
        let sessions = loaded.sessions(ctx.now);
        let measures = super::service::measures(db, ctx.id(), &sessions).await?;
        let ratings = super::service::ratings(db, loaded).await?;
        Ok(sessions
            .iter()
            .zip(measures)
            .map(|(s, measure)| {
                SessionResponse::of(s, loaded.treatment().phase(s.date), measure, &ratings)
            })
            .collect())
    }
}

/// Each session of the course as an Encounter of the care plan.
fn fhir(sessions: &Vec<SessionResponse>, subject: &Subject) -> Vec<Value> {
    let patient = &subject.patient;
    let care_plan_id = subject.care_plan_id;
    let patient_id = subject.patient_id;
    let mut entries = Vec::new();
    // Each session of the course as an Encounter of the care plan: held (confirmed or presumed)
    // ones finished, cancelled and missed ones cancelled, the rest planned.
    for session in sessions {
        let status = match session.status {
            crate::domain::SessionStatus::Held => "finished",
            crate::domain::SessionStatus::Cancelled | crate::domain::SessionStatus::NoShow => {
                "cancelled"
            }
            crate::domain::SessionStatus::Planned => "planned",
        };
        let encounter_id = derived(patient_id, &format!("session-{}", session.number));
        let start = session
            .held_at
            .unwrap_or(session.scheduled_for)
            .to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
        entries.push(entry(
            encounter_id,
            json!({"resourceType": "Encounter", "id": encounter_id.to_string(), "status": status,
                   "class": {"system": "http://terminology.hl7.org/CodeSystem/v3-ActCode", "code": "AMB",
                             "display": "ambulatory"},
                   "type": [{"text": format!("IPT session {}", session.number)}],
                   "subject": {"reference": patient},
                   "basedOn": [{"reference": urn(care_plan_id)}],
                   "period": {"start": start}}),
        ));
    }
    entries
}
