//! The export as a FHIR R4 `Bundle` (type `collection`): the Patient and the CarePlan of its
//! course first (the subject every other resource refers to), then each kind's resources in
//! the order of the registry (each kind's mapping is in its feature's `record.rs`: the PHQ-9
//! as a QuestionnaireResponse (LOINC 44249-1) and Observations for its total (44261-6), the
//! GAD-7 total (70274-6) and each mood rating; ASQ screens; sessions as Encounters; homework
//! as Tasks; goals and their ratings).

use super::Export;
use crate::client_record::fhir::{Subject, derived, entry};
use serde_json::{Value, json};

/// The bundle of `export`: the Patient and the CarePlan (the subject every other resource
/// refers to), then the resources of each record kind in the order of the registry.
#[must_use]
pub fn bundle(export: &Export) -> Value {
    let patient_id = export.client.id;
    let subject = Subject::of(patient_id);
    let mut entries = vec![entry(
        patient_id,
        json!({"resourceType": "Patient", "id": patient_id.to_string(), "active": true,
               "name": [{"text": export.client.display_name}]}),
    )];

    let treatment = &export.client.treatment;
    let care_plan_id = subject.care_plan_id;
    let care_plan_status = if matches!(treatment.phase, crate::domain::Phase::Ended) {
        "completed"
    } else {
        "active"
    };
    entries.push(entry(
        care_plan_id,
        json!({"resourceType": "CarePlan", "id": care_plan_id.to_string(), "status": care_plan_status,
               "intent": "plan", "title": "Interpersonal psychotherapy",
               "description": format!("{} weekly sessions", treatment.planned_sessions),
               "subject": {"reference": subject.patient},
               "period": {"start": treatment.start_date.to_string(), "end": treatment.end_date.to_string()}}),
    ));
    entries.extend(super::resources(export, &subject));

    json!({
        "resourceType": "Bundle",
        "id": derived(patient_id, &format!("export-{}", export.exported_at.timestamp_micros())).to_string(),
        "type": "collection",
        "timestamp": export.exported_at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
        "entry": entries,
    })
}
