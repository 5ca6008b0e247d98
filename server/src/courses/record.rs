//! Courses of treatment as a kind of client record (`crate::client_record`).

use super::dto::CourseRecord;
use crate::client_record::{
    Changed, ClientRecord, ExportContext, Fhir, all_of, changes_from, synced,
};
use entities::audit_entry::ObjectType;
use entities::course;
use sea_orm::{ConnectionTrait, DbErr};

/// Courses of treatment.
pub(crate) struct Courses;

impl From<course::Model> for CourseRecord {
    fn from(row: course::Model) -> Self {
        Self {
            id: row.id,
            number: row.number,
            kind: row.kind,
            start_date: row.start_date,
            planned_sessions: row.planned_sessions,
            interval_weeks: row.interval_weeks,
            ended_at: row.ended_at,
            ended_after_slot: row.ended_after_slot,
            end_reason: row.end_reason,
            end_note: row.end_note,
            sick_role_discussed: row.sick_role_discussed,
        }
    }
}

synced!(course, CourseRecord, |row| Changed {
    id: row.id,
    seq: row.change_seq,
    data: Some(CourseRecord::from(row)),
});

impl ClientRecord for Courses {
    const NAME: &'static str = "course";
    const TABLES: &'static [&'static str] = &["courses"];
    const AUDIT: ObjectType = ObjectType::Course;
    // The current course is the CarePlan of the bundle's subject.
    const FHIR: Fhir<Self::Exported> = Fhir::Subject;
    type Data = CourseRecord;
    type Exported = Vec<CourseRecord>;

    changes_from!(course);

    /// Every course as the therapist set it, the first first (the current one is also the
    /// client's `treatment`, with what follows from its dates).
    async fn export<C: ConnectionTrait>(
        db: &C,
        ctx: &ExportContext,
    ) -> Result<Self::Exported, DbErr> {
        use course::Column as Col;
        let rows = all_of::<course::Entity, _>(db, Col::ClientId, ctx.id(), Col::Number).await?;
        Ok(rows.into_iter().map(CourseRecord::from).collect())
    }
}
