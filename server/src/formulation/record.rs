//! The formulation and its goals, with their ratings, as a kind of client record
//! (`crate::client_record`).

use super::dto::FormulationResponse;
use crate::client_record::fhir::{Subject, derived, entry, urn};
use crate::client_record::{Changed, ClientRecord, ExportContext, Fhir};
use entities::ClientId;
use entities::audit_entry::ObjectType;
use sea_orm::{ConnectionTrait, DbErr};
use serde_json::{Value, json};

/// The formulation and its goals, with their ratings.
pub(crate) struct Formulation;

impl ClientRecord for Formulation {
    const NAME: &'static str = "formulation";
    const TABLES: &'static [&'static str] = &[
        "client_documents",
        "client_document_versions",
        "goal_ratings",
    ];
    const AUDIT: ObjectType = ObjectType::Formulation;
    const FHIR: Fhir<Self::Exported> = Fhir::Resources(&["Goal", "Observation"], fhir);
    type Data = FormulationResponse;
    type Exported = Option<FormulationResponse>;

    async fn changes_since<C: ConnectionTrait>(
        db: &C,
        client: ClientId,
        since: i64,
        _: u64,
    ) -> Result<Vec<Changed<FormulationResponse>>, DbErr> {
        Ok(super::service::changed_since(db, client, since)
            .await?
            .map(|((version, ratings), seq)| Changed {
                id: client.uuid(),
                seq,
                data: Some(FormulationResponse::of(&version, &ratings)),
            })
            .into_iter()
            .collect())
    }

    async fn export<C: ConnectionTrait>(
        db: &C,
        ctx: &ExportContext,
    ) -> Result<Self::Exported, DbErr> {
        Ok(super::service::load(db, ctx.id())
            .await?
            .map(|(v, r)| FormulationResponse::of(&v, &r)))
    }
}

/// The formulation's goals, with their ratings.
fn fhir(formulation: &Option<FormulationResponse>, subject: &Subject) -> Vec<Value> {
    let patient = &subject.patient;
    let mut entries = Vec::new();
    // The formulation's goals, each with its ratings as Observations that focus on it.
    if let Some(formulation) = formulation {
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
