//! Homework assignments as a kind of client record (`crate::client_record`).

use super::dto::HomeworkResponse;
use crate::client_record::fhir::{Subject, entry, urn};
use crate::client_record::{
    Changed, ClientRecord, ExportContext, Fhir, all_of, changes_from, synced,
};
use entities::audit_entry::ObjectType;
use entities::homework;
use sea_orm::{ConnectionTrait, DbErr};
use serde_json::{Value, json};

/// Homework assignments.
pub(crate) struct Homework;

synced!(homework, HomeworkResponse, |row| Changed {
    id: row.id.uuid(),
    seq: row.change_seq,
    data: Some(HomeworkResponse::from(&row)),
});

impl ClientRecord for Homework {
    const NAME: &'static str = "homework";
    const TABLES: &'static [&'static str] = &["homework"];
    const AUDIT: ObjectType = ObjectType::Homework;
    const FHIR: Fhir<Self::Exported> = Fhir::Resources(&["Task"], fhir);
    type Data = HomeworkResponse;
    type Exported = Vec<HomeworkResponse>;

    changes_from!(homework);

    async fn export<C: ConnectionTrait>(
        db: &C,
        ctx: &ExportContext,
    ) -> Result<Self::Exported, DbErr> {
        use homework::Column as Col;
        let rows = all_of::<homework::Entity, _>(db, Col::ClientId, ctx.id(), Col::Id).await?;
        Ok(rows.iter().map(HomeworkResponse::from).collect())
    }
}

/// Each homework as a Task of the care plan.
fn fhir(homework: &Vec<HomeworkResponse>, subject: &Subject) -> Vec<Value> {
    let patient = &subject.patient;
    let care_plan_id = subject.care_plan_id;
    let mut entries = Vec::new();
    for h in homework {
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
