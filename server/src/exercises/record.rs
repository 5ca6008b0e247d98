//! Practices of an exercise as a kind of client record (`crate::client_record`).

use super::dto::ExerciseLogResponse;
use crate::client_record::{
    Changed, ClientRecord, ExportContext, Fhir, all_of, changes_from, synced,
};
use entities::audit_entry::ObjectType;
use entities::exercise_log;
use sea_orm::{ConnectionTrait, DbErr};

/// Practices of an exercise.
pub(crate) struct ExerciseLogs;

synced!(exercise_log, ExerciseLogResponse, |row| Changed {
    id: row.id.uuid(),
    seq: row.change_seq,
    data: Some(ExerciseLogResponse::from(&row)),
});

impl ClientRecord for ExerciseLogs {
    const NAME: &'static str = "exercise_log";
    const TABLES: &'static [&'static str] = &["exercise_logs"];
    const AUDIT: ObjectType = ObjectType::ExerciseLog;
    const FHIR: Fhir<Self::Exported> =
        Fhir::None("a practice of a communication skill has no FHIR resource");
    type Data = ExerciseLogResponse;
    type Exported = Vec<ExerciseLogResponse>;

    changes_from!(exercise_log);

    async fn export<C: ConnectionTrait>(
        db: &C,
        ctx: &ExportContext,
    ) -> Result<Self::Exported, DbErr> {
        use exercise_log::Column as Col;
        let rows = all_of::<exercise_log::Entity, _>(db, Col::ClientId, ctx.id(), Col::PracticedAt)
            .await?;
        Ok(rows.iter().map(ExerciseLogResponse::from).collect())
    }
}
