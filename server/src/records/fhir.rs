//! The export as a FHIR R4 `Bundle` (type `collection`): the Patient; a QuestionnaireResponse
//! for each PHQ-9 (LOINC 44249-1) and each ASQ screen; Observations for the PHQ-9 total (44261-6), the GAD-7 total
//! (70274-6) and each mood rating; the course of treatment as a CarePlan and each homework as
//! a Task. Resources are addressed by `urn:uuid:` full URLs, derived from the records' own ids.

use super::export::Export;
use serde_json::{Value, json};
use uuid::Uuid;

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

fn derived(id: Uuid, what: &str) -> Uuid {
    Uuid::new_v5(&id, what.as_bytes())
}

fn urn(id: Uuid) -> String {
    format!("urn:uuid:{id}")
}

fn entry(id: Uuid, resource: Value) -> Value {
    json!({"fullUrl": urn(id), "resource": resource})
}

fn survey() -> Value {
    json!([{"coding": [{"system": "http://terminology.hl7.org/CodeSystem/observation-category", "code": "survey", "display": "Survey"}]}])
}

/// What every resource of the bundle refers to: the Patient and the care plan of its course.
pub struct Subject {
    /// The Patient's `urn:uuid:` reference.
    patient: String,
    /// The care plan's id (sessions and homework are based on it).
    care_plan_id: Uuid,
}

/// The bundle of `export`: the Patient and the CarePlan (the subject every other resource
/// refers to), then the resources of each record kind in the order of the registry.
#[must_use]
pub fn bundle(export: &Export) -> Value {
    let patient_id = export.client.id;
    let patient = urn(patient_id);
    let mut entries = vec![entry(
        patient_id,
        json!({"resourceType": "Patient", "id": patient_id.to_string(), "active": true,
               "name": [{"text": export.client.display_name}]}),
    )];

    let treatment = &export.client.treatment;
    let care_plan_id = derived(patient_id, "careplan");
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
               "subject": {"reference": patient},
               "period": {"start": treatment.start_date.to_string(), "end": treatment.end_date.to_string()}}),
    ));
    let subject = Subject {
        patient,
        care_plan_id,
    };
    for kind in super::kinds() {
        if let super::Fhir::Resources(_, map) = kind.fhir {
            entries.extend(map(export, &subject));
        }
    }

    json!({
        "resourceType": "Bundle",
        "id": derived(patient_id, &format!("export-{}", export.exported_at.timestamp_micros())).to_string(),
        "type": "collection",
        "timestamp": export.exported_at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
        "entry": entries,
    })
}

/// Each check-in: its mood, and its PHQ-9 and GAD-7 when answered.
pub(crate) fn checkins(export: &Export, subject: &Subject) -> Vec<Value> {
    let patient = &subject.patient;
    let mut entries = Vec::new();
    for c in &export.checkins {
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

/// Each ASQ screen as a QuestionnaireResponse.
pub(crate) fn risk_screens(export: &Export, subject: &Subject) -> Vec<Value> {
    let patient = &subject.patient;
    let mut entries = Vec::new();
    // The ASQ has no LOINC panel; the server ships no question wording, so items name the
    // question by number only.
    for r in &export.risk_screens {
        let when = r
            .recorded_at
            .to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
        let a = r.answers;
        let mut items: Vec<Value> = [("q1", a.q1), ("q2", a.q2), ("q3", a.q3), ("q4", a.q4)]
            .iter()
            .enumerate()
            .map(|(i, (link, yes))| json!({"linkId": link, "text": format!("ASQ question {}", i + 1), "answer": [{"valueBoolean": yes}]}))
            .collect();
        if let Some(q5) = a.q5 {
            items.push(
                json!({"linkId": "q5", "text": "ASQ question 5", "answer": [{"valueBoolean": q5}]}),
            );
        }
        items.push(json!({"linkId": "outcome", "text": "ASQ outcome", "answer": [{"valueString": r.outcome}]}));
        entries.push(entry(
            r.id,
            json!({"resourceType": "QuestionnaireResponse", "id": r.id.to_string(), "status": "completed",
                   "questionnaire": "urn:ipt-companion:questionnaire:asq", "subject": {"reference": patient},
                   "authored": when, "item": items}),
        ));
    }
    entries
}

/// Each homework as a Task of the care plan.
pub(crate) fn homework(export: &Export, subject: &Subject) -> Vec<Value> {
    let patient = &subject.patient;
    let care_plan_id = subject.care_plan_id;
    let mut entries = Vec::new();
    for h in &export.homework {
        let status = match h.status {
            crate::homework::HomeworkStatus::Assigned => "requested",
            crate::homework::HomeworkStatus::Completed => "completed",
            crate::homework::HomeworkStatus::Cancelled => "cancelled",
        };
        let mut task = json!({"resourceType": "Task", "id": h.id.to_string(), "status": status, "intent": "order",
                              "description": h.title, "for": {"reference": patient},
                              "basedOn": [{"reference": urn(care_plan_id)}],
                              "authoredOn": h.created_at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
                              "lastModified": h.updated_at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)});
        if let Some(due) = h.due_at {
            task["restriction"] =
                json!({"period": {"end": due.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)}});
        }
        if let Some(done) = h.completed_at {
            task["executionPeriod"] =
                json!({"end": done.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)});
        }
        entries.push(entry(h.id, task));
    }
    entries
}

/// Each session of the course as an Encounter of the care plan.
pub(crate) fn sessions(export: &Export, subject: &Subject) -> Vec<Value> {
    let patient = &subject.patient;
    let care_plan_id = subject.care_plan_id;
    let patient_id = export.client.id;
    let mut entries = Vec::new();
    // Each session of the course as an Encounter of the care plan: held (confirmed or presumed)
    // ones finished, cancelled and missed ones cancelled, the rest planned.
    for session in &export.sessions {
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

/// The formulation's goals, with their ratings.
pub(crate) fn formulation(export: &Export, subject: &Subject) -> Vec<Value> {
    let patient = &subject.patient;
    let mut entries = Vec::new();
    // The formulation's goals, each with its ratings as Observations that focus on it.
    if let Some(formulation) = &export.formulation {
        for goal in &formulation.goals {
            entries.push(entry(
                goal.id,
                json!({"resourceType": "Goal", "id": goal.id.to_string(), "lifecycleStatus": "active",
                       "description": {"text": goal.text}, "subject": {"reference": patient},
                       "category": [{"text": goal.problem_area.as_str()}]}),
            ));
            for rating in &goal.ratings {
                let rating_id = derived(
                    goal.id,
                    &format!("rating-{}-{}", rating.course_id, rating.session_number),
                );
                entries.push(entry(
                    rating_id,
                    json!({"resourceType": "Observation", "id": rating_id.to_string(), "status": "final",
                           "code": {"coding": [{"system": "urn:ipt-companion:observation", "code": "goal-progress",
                                                "display": "Goal progress rating (0-10, 10 = reached)"}],
                                    "text": "Goal progress (0-10)"},
                           "subject": {"reference": patient}, "focus": [{"reference": urn(goal.id)}],
                           "effectiveDateTime": rating.rated_at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
                           "valueInteger": rating.rating}),
                ));
            }
        }
    }
    entries
}
