//! Check-ins as a kind of client record (`crate::client_record`).

use super::dto::CheckinResponse;
use crate::client_record::fhir::{Subject, derived, entry, survey, urn};
use crate::client_record::{
    Changed, ClientRecord, ExportContext, Fhir, all_of, changes_from, synced,
};
use entities::audit_entry::ObjectType;
use entities::checkin;
use sea_orm::{ConnectionTrait, DbErr};
use serde_json::{Value, json};

/// Check-ins.
pub(crate) struct Checkins;

synced!(checkin, CheckinResponse, |row| Changed {
    id: row.id.uuid(),
    seq: row.change_seq,
    data: Some(CheckinResponse::new(&row, None)),
});

impl ClientRecord for Checkins {
    const NAME: &'static str = "checkin";
    const TABLES: &'static [&'static str] = &["checkins"];
    const AUDIT: ObjectType = ObjectType::Checkin;
    const FHIR: Fhir<Self::Exported> =
        Fhir::Resources(&["Observation", "QuestionnaireResponse"], fhir);
    type Data = CheckinResponse;
    type Exported = Vec<CheckinResponse>;

    changes_from!(checkin);

    async fn export<C: ConnectionTrait>(
        db: &C,
        ctx: &ExportContext,
    ) -> Result<Self::Exported, DbErr> {
        use checkin::Column as C;
        let rows = all_of::<checkin::Entity, _>(db, C::ClientId, ctx.id(), C::RecordedAt).await?;
        Ok(rows.iter().map(|c| CheckinResponse::new(c, None)).collect())
    }
}

/// PHQ-9 items in order, as LOINC codes and their question.
const PHQ9_ITEMS: [(&str, &str); 9] = [
    ("44250-9", "Little interest or pleasure in doing things"),
    ("44255-8", "Feeling down, depressed, or hopeless"),
    (
        "44259-0",
        "Trouble falling or staying asleep, or sleeping too much",
    ),
    ("44254-1", "Feeling tired or having little energy"),
    ("44251-7", "Poor appetite or overeating"),
    (
        "44258-2",
        "Feeling bad about yourself - or that you are a failure or have let yourself or your family down",
    ),
    (
        "44252-5",
        "Trouble concentrating on things, such as reading the newspaper or watching television",
    ),
    (
        "44253-3",
        "Moving or speaking so slowly that other people could have noticed. Or the opposite - being so fidgety or restless that you have been moving around a lot more than usual",
    ),
    (
        "44260-8",
        "Thoughts that you would be better off dead, or of hurting yourself in some way",
    ),
];

/// Each check-in: its mood, and its PHQ-9 and GAD-7 when answered.
fn fhir(checkins: &Vec<CheckinResponse>, subject: &Subject) -> Vec<Value> {
    let patient = &subject.patient;
    let mut entries = Vec::new();
    for c in checkins {
        let when = c
            .recorded_at
            .to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
        let mood_id = derived(c.id, "mood");
        entries.push(entry(
            mood_id,
            json!({"resourceType": "Observation", "id": mood_id.to_string(), "status": "final", "category": survey(),
                   "code": {"coding": [{"system": "urn:ipt-companion:observation", "code": "daily-mood",
                                        "display": "Mood self-rating (0-10, 10 = best)"}],
                            "text": "Mood self-rating (0-10)"},
                   "subject": {"reference": patient}, "effectiveDateTime": when, "valueInteger": c.mood}),
        ));
        if let (Some(answers), Some(total)) = (&c.phq9, c.phq9_total) {
            let response_id = derived(c.id, "phq9-response");
            let items: Vec<Value> = PHQ9_ITEMS
                .iter()
                .zip(answers)
                .map(|((code, text), answer)| json!({"linkId": code, "text": text, "answer": [{"valueInteger": answer}]}))
                .collect();
            entries.push(entry(
                response_id,
                json!({"resourceType": "QuestionnaireResponse", "id": response_id.to_string(), "status": "completed",
                       "questionnaire": "http://loinc.org/q/44249-1", "subject": {"reference": patient},
                       "authored": when, "item": items}),
            ));
            let total_id = derived(c.id, "phq9-total");
            entries.push(entry(
                total_id,
                json!({"resourceType": "Observation", "id": total_id.to_string(), "status": "final", "category": survey(),
                       "code": {"coding": [{"system": "http://loinc.org", "code": "44261-6",
                                            "display": "Patient Health Questionnaire 9 item (PHQ-9) total score [Reported]"}]},
                       "subject": {"reference": patient}, "effectiveDateTime": when, "valueInteger": total,
                       "derivedFrom": [{"reference": urn(response_id)}]}),
            ));
        }
        if let Some(total) = c.gad7_total {
            let gad_id = derived(c.id, "gad7-total");
            entries.push(entry(
                gad_id,
                json!({"resourceType": "Observation", "id": gad_id.to_string(), "status": "final", "category": survey(),
                       "code": {"coding": [{"system": "http://loinc.org", "code": "70274-6",
                                            "display": "Generalized anxiety disorder 7 item (GAD-7) total score [Reported.PHQ]"}]},
                       "subject": {"reference": patient}, "effectiveDateTime": when, "valueInteger": total}),
            ));
        }
    }
    entries
}
