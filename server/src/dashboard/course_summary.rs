//! The end-of-treatment review of one course (`GET …/courses/{id}/summary`): what was held,
//! where the measures started and ended, how each goal moved, and what the client practised. The
//! client reads its own with a sentence in its language that never blames it for how the
//! measures went (`message`).

use super::metrics::{self, IndexSource};
use crate::aggregate::Client;
use crate::domain::relapse::{self, Phq9Point};
use crate::domain::{CourseKind, SessionStatus, local_to_utc};
use crate::formulation::model::FormulationContents;
use crate::i18n::Lang;
use chrono::{DateTime, Days, NaiveDate, NaiveTime, Utc};
use entities::course::EndReason;
use entities::homework::HomeworkState;
use entities::{ClientId, checkin, exercise_log, homework, reading_open};
use sea_orm::{ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QuerySelect};
use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;

/// Sessions of the course by what became of them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
pub struct SessionCounts {
    /// Held, marked or presumed.
    pub held: usize,
    /// Cancelled.
    pub cancelled: usize,
    /// Missed (`no_show`).
    pub missed: usize,
}

/// A total and when it was recorded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
pub struct Measured {
    /// The total.
    pub total: i32,
    /// When the client answered it.
    pub recorded_at: DateTime<Utc>,
}

impl From<Phq9Point> for Measured {
    fn from(p: Phq9Point) -> Self {
        Self {
            total: p.total,
            recorded_at: p.recorded_at,
        }
    }
}

/// A measure at the course's start and end.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
pub struct StartAndEnd {
    /// The index measure (PHQ-9: by the dashboard's index rule; GAD-7: the first from 14 days
    /// before the start); `null` without one.
    pub index: Option<Measured>,
    /// The end-of-treatment measure: the newest in the 14 days up to the last session's day,
    /// else the first in the 14 days after it; while the course goes on, the newest so far.
    pub end: Option<Measured>,
    /// `end − index`; negative is better.
    pub change: Option<i32>,
    /// PHQ-9 only: an index above 9 and the end at most half of it; `null` without both.
    pub response: Option<bool>,
    /// PHQ-9 only: an index above 9 and the end below 5; `null` without both.
    pub remission: Option<bool>,
}

/// One goal's first and last rating in the course.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct GoalProgress {
    /// The goal's id.
    pub goal_id: Uuid,
    /// The goal in words.
    pub text: String,
    /// Its first rating in the course (0–10) and the session it was given at.
    pub first: Option<GoalRatingAt>,
    /// Its last rating in the course.
    pub last: Option<GoalRatingAt>,
}

/// A goal rating at a session.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
pub struct GoalRatingAt {
    /// 0–10.
    pub rating: i16,
    /// The session's number.
    pub session_number: i32,
}

/// Homework set in the course.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
pub struct HomeworkDone {
    /// Assigned in the course and not cancelled.
    pub assigned: usize,
    /// Of those, completed.
    pub completed: usize,
}

/// The review of one course.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CourseSummary {
    /// The course.
    pub course_id: Uuid,
    /// 1 for the first course.
    pub number: i32,
    /// Acute or maintenance.
    pub kind: CourseKind,
    /// The first session's date (client's zone).
    pub start_date: NaiveDate,
    /// The last session's day as scheduled or held.
    pub end_date: NaiveDate,
    /// Whether the course is over; a course still going on is summed up so far.
    pub over: bool,
    /// Why it ended (as the courses list answers it); `null` while it goes on.
    pub end_reason: Option<EndReason>,
    /// What became of its sessions.
    pub sessions: SessionCounts,
    /// The PHQ-9 at the start and the end, with response and remission at the end.
    pub phq9: StartAndEnd,
    /// The GAD-7 at the start and the end; `null` without a GAD-7 in the course.
    pub gad7: Option<StartAndEnd>,
    /// Each goal of the formulation with its first and last rating in the course.
    pub goals: Vec<GoalProgress>,
    /// Psychoeducation readings first opened during the course.
    pub readings_opened: usize,
    /// Exercise practices during the course.
    pub exercise_logs: usize,
    /// Homework set during the course.
    pub homework: HomeworkDone,
    /// For the client only: one sentence in its language on how the course went, which never
    /// puts the outcome down to the client; `null` for the therapist.
    pub message: Option<String>,
}

/// The Fluent id of the client's sentence for a course whose PHQ-9 went from `index` to `end`.
#[must_use]
pub fn message_key(phq9: &StartAndEnd) -> &'static str {
    match (phq9.remission, phq9.response, phq9.change) {
        (Some(true), _, _) => "course-summary-remission",
        (_, Some(true), _) => "course-summary-response",
        (_, _, Some(change)) if change < 0 => "course-summary-better",
        (_, _, Some(_)) => "course-summary-not-yet",
        _ => "course-summary-no-measure",
    }
}

fn day_start(tz: chrono_tz::Tz, day: NaiveDate) -> DateTime<Utc> {
    local_to_utc(tz, day.and_time(NaiveTime::MIN))
}

/// The totals of one column of the client's check-ins in `[from, until)`.
async fn totals<C: ConnectionTrait>(
    db: &C,
    client: ClientId,
    column: checkin::Column,
    from: DateTime<Utc>,
    until: DateTime<Utc>,
) -> Result<Vec<Phq9Point>, DbErr> {
    Ok(checkin::Entity::find()
        .select_only()
        .columns([checkin::Column::RecordedAt, column])
        .filter(checkin::Column::ClientId.eq(client))
        .filter(checkin::Column::RecordedAt.gte(from))
        .filter(checkin::Column::RecordedAt.lt(until))
        .filter(column.is_not_null())
        .into_tuple::<(DateTime<Utc>, i32)>()
        .all(db)
        .await?
        .into_iter()
        .map(|(recorded_at, total)| Phq9Point { recorded_at, total })
        .collect())
}

/// The end measure: by [`relapse::end_score`] once the course is over, else the newest so far.
fn end_of(points: &[Phq9Point], tz: chrono_tz::Tz, end: NaiveDate, over: bool) -> Option<Phq9Point> {
    if over {
        relapse::end_score(points, tz, end)
    } else {
        points.iter().max_by_key(|p| p.recorded_at).copied()
    }
}

/// The summary of `at_course` (the client viewed at one of its courses) at `now`, with the
/// client's sentence in `lang` when the client reads it.
///
/// # Errors
/// Database errors; a stored formulation that does not read.
pub async fn summarize<C: ConnectionTrait>(
    db: &C,
    at_course: &Client,
    now: DateTime<Utc>,
    lang: Option<&Lang>,
) -> Result<CourseSummary, DbErr> {
    let client = at_course.id();
    let tz = at_course.timezone().tz();
    let treatment = at_course.treatment();
    let today = at_course.today(now);
    let over = treatment.is_over(today);
    let end_date = treatment.end_date();
    let sessions = at_course.sessions(now);
    let count = |status: SessionStatus| sessions.iter().filter(|s| s.status == status).count();
    let intake = treatment
        .start_date
        .checked_sub_days(Days::new(metrics::INTAKE_DAYS.unsigned_abs()))
        .unwrap_or(treatment.start_date);
    let after_end = end_date
        .checked_add_days(Days::new(relapse::END_SCORE_DAYS + 1))
        .unwrap_or(end_date);
    let (from, until) = (day_start(tz, intake), day_start(tz, after_end));
    let course_start = day_start(tz, treatment.start_date);
    let course_until = day_start(tz, end_date.checked_add_days(Days::new(1)).unwrap_or(end_date));

    let phq9 = totals(db, client, checkin::Column::Phq9Total, from, until).await?;
    let first_session_at = sessions.first().map(|s| s.scheduled_for);
    let index = metrics::index_measure(&phq9, tz, treatment.start_date, first_session_at)
        .map(|(p, _): (Phq9Point, IndexSource)| p);
    let end = end_of(&phq9, tz, end_date, over);
    let both = index.zip(end).filter(|(i, _)| i.total > 9);
    let phq9 = StartAndEnd {
        index: index.map(Measured::from),
        end: end.map(Measured::from),
        change: index.zip(end).map(|(i, e)| e.total - i.total),
        response: index.zip(end).map(|_| both.is_some_and(|(i, e)| e.total * 2 <= i.total)),
        remission: index.zip(end).map(|_| both.is_some_and(|(_, e)| e.total < 5)),
    };
    let gad7_points = totals(db, client, checkin::Column::Gad7Total, from, until).await?;
    let gad7 = (!gad7_points.is_empty()).then(|| {
        let first = gad7_points.iter().min_by_key(|p| p.recorded_at).copied();
        let end = end_of(&gad7_points, tz, end_date, over);
        StartAndEnd {
            index: first.map(Measured::from),
            end: end.map(Measured::from),
            change: first.zip(end).map(|(i, e)| e.total - i.total),
            response: None,
            remission: None,
        }
    });

    let formulation =
        crate::documents::service::load::<FormulationContents, _>(db, client).await?;
    let ratings: Vec<_> = crate::formulation::service::ratings_of(db, client)
        .await?
        .into_iter()
        .filter(|r| r.course_id == at_course.course_id())
        .collect();
    let goals = formulation
        .map(|f| f.contents.goals)
        .unwrap_or_default()
        .into_iter()
        .map(|goal| {
            let mut of_goal: Vec<_> = ratings.iter().filter(|r| r.goal_id == goal.id).collect();
            of_goal.sort_by_key(|r| (r.session_number, r.rated_at));
            let at = |r: &&entities::goal_rating::Model| GoalRatingAt {
                rating: r.rating,
                session_number: r.session_number,
            };
            GoalProgress {
                goal_id: goal.id,
                text: goal.text,
                first: of_goal.first().map(at),
                last: of_goal.last().map(at),
            }
        })
        .collect();

    let readings_opened = reading_open::Entity::find()
        .filter(reading_open::Column::ClientId.eq(client))
        .filter(reading_open::Column::OpenedAt.gte(course_start))
        .filter(reading_open::Column::OpenedAt.lt(course_until))
        .all(db)
        .await?
        .len();
    let exercise_logs = exercise_log::Entity::find()
        .select_only()
        .column(exercise_log::Column::Id)
        .filter(exercise_log::Column::ClientId.eq(client))
        .filter(exercise_log::Column::PracticedAt.gte(course_start))
        .filter(exercise_log::Column::PracticedAt.lt(course_until))
        .into_tuple::<Uuid>()
        .all(db)
        .await?
        .len();
    let set: Vec<HomeworkState> = homework::Entity::find()
        .select_only()
        .column(homework::Column::Status)
        .filter(homework::Column::ClientId.eq(client))
        .filter(homework::Column::CreatedAt.gte(course_start))
        .filter(homework::Column::CreatedAt.lt(course_until))
        .filter(homework::Column::Status.ne(HomeworkState::Cancelled))
        .into_tuple()
        .all(db)
        .await?;
    let course = at_course.course();
    Ok(CourseSummary {
        course_id: course.id,
        number: course.number,
        kind: treatment.kind,
        start_date: treatment.start_date,
        end_date,
        over,
        end_reason: course.end_reason.or_else(|| {
            over.then(|| crate::courses::service::presumed_end_reason(at_course, now))
        }),
        sessions: SessionCounts {
            held: count(SessionStatus::Held),
            cancelled: count(SessionStatus::Cancelled),
            missed: count(SessionStatus::NoShow),
        },
        message: lang.map(|lang| lang.text(message_key(&phq9))),
        phq9,
        gad7,
        goals,
        readings_opened,
        exercise_logs,
        homework: HomeworkDone {
            assigned: set.len(),
            completed: set.iter().filter(|s| **s == HomeworkState::Completed).count(),
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn phq9(index: Option<i32>, end: Option<i32>) -> StartAndEnd {
        let at = |total| Measured {
            total,
            recorded_at: DateTime::UNIX_EPOCH,
        };
        let both = index.zip(end).filter(|(i, _)| *i > 9);
        StartAndEnd {
            index: index.map(at),
            end: end.map(at),
            change: index.zip(end).map(|(i, e)| e - i),
            response: index.zip(end).map(|_| both.is_some_and(|(i, e)| e * 2 <= i)),
            remission: index.zip(end).map(|_| both.is_some_and(|(_, e)| e < 5)),
        }
    }

    #[test]
    fn the_sentence_follows_the_measures_and_never_puts_the_outcome_on_the_client() {
        let cases = [
            (phq9(Some(16), Some(3)), "course-summary-remission"),
            (phq9(Some(16), Some(8)), "course-summary-response"),
            (phq9(Some(16), Some(12)), "course-summary-better"),
            (phq9(Some(16), Some(17)), "course-summary-not-yet"),
            (phq9(Some(6), Some(6)), "course-summary-not-yet"),
            (phq9(None, Some(6)), "course-summary-no-measure"),
        ];
        for (measures, key) in &cases {
            assert_eq!(message_key(measures), *key);
        }
        // Words that would put a poor outcome down to the client, in each shipped language.
        let blaming = [
            "your fault", "you failed", "did not try", "didn't try", "not enough effort",
            "deine schuld", "ihre schuld", "versagt", "nicht genug bemüht", "nicht angestrengt",
            "tu culpa", "su culpa", "fracas", "no se esforz", "no lo intent",
        ];
        for lang in crate::i18n::shipped() {
            for (_, key) in &cases {
                let text = lang.text(key).to_lowercase();
                assert!(!text.is_empty() && !text.contains(key), "{}: {key} has no text", lang.code());
                for word in blaming {
                    assert!(!text.contains(word), "{}: {key} says {word:?}: {text}", lang.code());
                }
            }
        }
        // The sentences differ by language (nothing fell back to English).
        let en = crate::i18n::Lang::english().text("course-summary-not-yet");
        for lang in crate::i18n::shipped().iter().filter(|l| l.code() != "en") {
            assert_ne!(lang.text("course-summary-not-yet"), en, "{}", lang.code());
        }
    }
}
