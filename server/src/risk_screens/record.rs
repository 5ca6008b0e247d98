//! ASQ follow-up screens as a kind of client record (`crate::client_record`).

use super::dto::RiskScreenResponse;
use crate::client_record::fhir::{Subject, entry};
use crate::client_record::{
    Changed, ClientRecord, ExportContext, Fhir, all_of, changes_from, synced,
};
use entities::audit_entry::ObjectType;
use entities::risk_screen;
use sea_orm::{ConnectionTrait, DbErr};
use serde_json::{Value, json};

/// ASQ follow-up screens.
pub(crate) struct RiskScreens;

synced!(risk_screen, RiskScreenResponse, |row| Changed {
    id: row.id.uuid(),
    seq: row.change_seq,
    data: Some(RiskScreenResponse::new(&row, None)),
});

impl ClientRecord for RiskScreens {
    const NAME: &'static str = "risk_screen";
    const TABLES: &'static [&'static str] = &["risk_screens"];
    const AUDIT: ObjectType = ObjectType::RiskScreen;
    const FHIR: Fhir<Self::Exported> = Fhir::Resources(&["QuestionnaireResponse"], fhir);
    type Data = RiskScreenResponse;
    type Exported = Vec<RiskScreenResponse>;

    changes_from!(risk_screen);

    async fn export<C: ConnectionTrait>(
        db: &C,
        ctx: &ExportContext,
    ) -> Result<Self::Exported, DbErr> {
        use risk_screen::Column as Col;
        let rows =
            all_of::<risk_screen::Entity, _>(db, Col::ClientId, ctx.id(), Col::RecordedAt).await?;
        Ok(rows
            .iter()
            .map(|s| RiskScreenResponse::new(s, None))
            .collect())
    }
}

/// Each ASQ screen as a QuestionnaireResponse.
fn fhir(screens: &Vec<RiskScreenResponse>, subject: &Subject) -> Vec<Value> {
    let patient = &subject.patient;
    let mut entries = Vec::new();
    // The ASQ has no LOINC panel; the server ships no question wording, so items name the
    // question by number only.
    for r in screens {
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
