//! What every kind's FHIR mapping shares: the subject the resources refer to, and how ids and
//! entries are made. Resources are addressed by `urn:uuid:` full URLs, derived from the
//! records' own ids, so that exporting twice gives the same ids.

use serde_json::{Value, json};
use uuid::Uuid;

/// What every resource of the bundle refers to: the Patient and the care plan of its course.
pub struct Subject {
    /// The client's id (the Patient's).
    pub patient_id: Uuid,
    /// The Patient's `urn:uuid:` reference.
    pub patient: String,
    /// The care plan's id (sessions and homework are based on it).
    pub care_plan_id: Uuid,
}

impl Subject {
    /// The subject of the client `patient_id`.
    #[must_use]
    pub fn of(patient_id: Uuid) -> Self {
        Self {
            patient_id,
            patient: urn(patient_id),
            care_plan_id: derived(patient_id, "careplan"),
        }
    }
}

/// A stable id for something `what` of the record `id`.
#[must_use]
pub fn derived(id: Uuid, what: &str) -> Uuid {
    Uuid::new_v5(&id, what.as_bytes())
}

/// The `urn:uuid:` reference of `id`.
#[must_use]
pub fn urn(id: Uuid) -> String {
    format!("urn:uuid:{id}")
}

/// A bundle entry of `resource` under `id`.
#[must_use]
pub fn entry(id: Uuid, resource: Value) -> Value {
    json!({"fullUrl": urn(id), "resource": resource})
}

/// The `survey` observation category.
#[must_use]
pub fn survey() -> Value {
    json!([{"coding": [{"system": "http://terminology.hl7.org/CodeSystem/observation-category", "code": "survey", "display": "Survey"}]}])
}
