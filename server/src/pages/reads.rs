//! What the client page reads beyond the adherence summary: the session log, the client's own
//! words, mood by person, the inventory, the GAD-7 series, whether the app is linked, the
//! formulation with its goals, the relapse-prevention plan and the courses. Each
//! read is a function of the service that owns the records; nothing here runs SQL.

use crate::aggregate::Client;
use crate::checkins::model::MoodWithPerson;
use crate::checkins::service as checkins;
use crate::courses::dto::CourseResponse;
use crate::dashboard::dto::ClientSummary;
use crate::dashboard::summary::client_summary;
use crate::devices::model::AppLink;
use crate::devices::service::app_link;
use crate::domain::{Phase, Session};
use crate::formulation::dto::FormulationResponse;
use crate::relapse_plan::dto::RelapsePlanResponse;
use crate::relapse_plan::model::RelapsePlanContents;
use crate::write::RecordError;
use chrono::{DateTime, Days, NaiveDate, Utc};
use entities::{RelationshipId, relationship};
use sea_orm::ConnectionTrait;

/// How many of the newest check-in notes the page shows.
const NOTES: u64 = 50;
/// More people than any inventory holds; the page shows them all.
const INVENTORY: u64 = 500;

/// One session of the course, with its phase and the PHQ-9 that measures it.
#[derive(Debug, Clone)]
pub(crate) struct SessionLine {
    pub session: Session,
    pub phase: Phase,
    /// The check-in that measures the session: when, and its PHQ-9 total (none if more than
    /// two items were skipped).
    pub measure: Option<(DateTime<Utc>, Option<i32>)>,
}

/// A check-in note in the client's words.
#[derive(Debug, Clone)]
pub(crate) struct Note {
    pub recorded_at: DateTime<Utc>,
    pub mood: i32,
    /// The label of the person the check-in names.
    pub person: Option<String>,
    pub text: String,
}

/// The mean mood of the check-ins that name one person of the inventory.
#[derive(Debug, Clone)]
pub(crate) struct PersonMood {
    pub label: String,
    pub closeness: i32,
    /// Mean and count; `None` when no check-in names them.
    pub mood: Option<(f64, u64)>,
}

/// The client page's reads beyond the summary.
#[derive(Debug)]
pub(crate) struct ClientWork {
    pub sessions: Vec<SessionLine>,
    pub notes: Vec<Note>,
    /// The live inventory, closest circle first.
    pub inventory: Vec<relationship::Model>,
    pub mood_by_person: Vec<PersonMood>,
    /// Mean mood and count of every check-in, for comparison.
    pub mood_overall: Option<(f64, u64)>,
    /// PHQ-9 totals by the client's date.
    pub phq9: Vec<(NaiveDate, i32)>,
    /// GAD-7 totals by the client's date.
    pub gad7: Vec<(NaiveDate, i32)>,
    pub app: AppLink,
    /// The formulation with its goals' ratings, if written.
    pub formulation: Option<FormulationResponse>,
    /// The relapse-prevention plan, if written.
    pub relapse_plan: Option<RelapsePlanResponse>,
    /// Every course, first to last (the last is current).
    pub courses: Vec<CourseResponse>,
    /// The review of every course that is over, first to last.
    pub reviews: Vec<crate::dashboard::course_summary::CourseSummary>,
}

/// Everything the client page shows of `client` at `now`.
pub(crate) struct ClientPage {
    pub summary: ClientSummary,
    pub client: Client,
    pub work: ClientWork,
}

/// Reads the client page of `row` at `now`.
///
/// # Errors
/// Database errors, and stored values that do not parse.
pub(crate) async fn client_page<C: ConnectionTrait>(
    db: &C,
    row: &entities::client::Model,
    now: DateTime<Utc>,
) -> Result<ClientPage, RecordError> {
    let summary = client_summary(db, row, now).await?;
    let client = crate::aggregate::load_client(db, row.clone()).await?;
    let work = client_work(db, &client, now).await?;
    Ok(ClientPage {
        summary,
        client,
        work,
    })
}

async fn client_work<C: ConnectionTrait>(
    db: &C,
    client: &Client,
    now: DateTime<Utc>,
) -> Result<ClientWork, RecordError> {
    let treatment = client.treatment();
    let tz = client.timezone().tz();
    // The charts start two weeks before the course, as the summary's mood series does.
    let from = treatment
        .start_date
        .checked_sub_days(Days::new(14))
        .unwrap_or(treatment.start_date);
    let since = from.and_hms_opt(0, 0, 0).map_or(now, |d| d.and_utc()) - chrono::Duration::days(1);
    let scored = checkins::scored_since(db, client.id(), since).await?;
    let local = |at: DateTime<Utc>| at.with_timezone(&tz).date_naive();
    let series = |total: fn(&checkins::ScoredCheckin) -> Option<i32>| {
        scored
            .iter()
            .filter_map(|c| total(c).map(|t| (local(c.recorded_at), t)))
            .collect::<Vec<_>>()
    };
    let phq9 = series(|c| c.phq9_total);
    let gad7 = series(|c| c.gad7_total);
    let history = crate::courses::service::history(db, client).await?;
    let mut reviews = Vec::new();
    for at_course in history
        .iter()
        .filter(|c| c.treatment().is_over(c.today(now)))
    {
        reviews.push(crate::dashboard::course_summary::summarize(db, at_course, now, None).await?);
    }

    let sessions = client.sessions(now);
    let measures = crate::sessions::service::measures(db, client.id(), &sessions).await?;
    let sessions = sessions
        .into_iter()
        .zip(measures)
        .map(|(session, measure)| SessionLine {
            phase: treatment.phase(session.date),
            measure: measure.and_then(|id| {
                scored
                    .iter()
                    .find(|c| c.id == id)
                    .map(|c| (c.recorded_at, c.phq9_total))
            }),
            session,
        })
        .collect();

    let notes = checkins::notes_with_people(db, client.id(), NOTES)
        .await?
        .into_iter()
        .map(|(c, person)| Note {
            recorded_at: c.recorded_at,
            mood: c.mood,
            person,
            text: c.note.unwrap_or_default(),
        })
        .collect();

    let mut inventory =
        crate::relationships::service::list(db, client.id(), None, INVENTORY).await?;
    inventory.sort_by(|a, b| {
        (a.closeness, a.label.to_lowercase()).cmp(&(b.closeness, b.label.to_lowercase()))
    });
    let moods = checkins::mood_by_person(db, client.id()).await?;
    let mood_by_person = inventory
        .iter()
        .map(|p| PersonMood {
            label: p.label.clone(),
            closeness: p.closeness,
            mood: mood_of(&moods, Some(p.id)),
        })
        .collect();

    Ok(ClientWork {
        sessions,
        notes,
        mood_overall: overall(&moods),
        inventory,
        mood_by_person,
        phq9,
        gad7,
        app: app_link(db, client.id(), now).await?,
        formulation: crate::formulation::service::load(db, client.id())
            .await?
            .map(|(version, ratings)| FormulationResponse::of(&version, &ratings)),
        relapse_plan: crate::documents::service::load::<RelapsePlanContents, _>(db, client.id())
            .await?
            .as_ref()
            .map(RelapsePlanResponse::from),
        courses: history
            .iter()
            .enumerate()
            .map(|(i, c)| CourseResponse::of(c, now, i + 1 == history.len()))
            .collect(),
        reviews,
    })
}

fn mood_of(moods: &[MoodWithPerson], person: Option<RelationshipId>) -> Option<(f64, u64)> {
    moods
        .iter()
        .find(|m| m.person == person)
        .map(|m| (m.mean, m.checkins))
}

/// The mean over every group, weighted by its size.
fn overall(moods: &[MoodWithPerson]) -> Option<(f64, u64)> {
    let count: u64 = moods.iter().map(|m| m.checkins).sum();
    #[expect(
        clippy::cast_precision_loss,
        reason = "counts of daily check-ins stay far below 2^52"
    )]
    let sum: f64 = moods.iter().map(|m| m.mean * m.checkins as f64).sum();
    #[expect(
        clippy::cast_precision_loss,
        reason = "counts of daily check-ins stay far below 2^52"
    )]
    (count > 0).then(|| (sum / count as f64, count))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_overall_mood_weighs_each_person_by_their_check_ins() {
        let moods = [
            MoodWithPerson {
                person: None,
                mean: 6.0,
                checkins: 3,
            },
            MoodWithPerson {
                person: Some(RelationshipId::new()),
                mean: 2.0,
                checkins: 1,
            },
        ];
        assert_eq!(overall(&moods), Some((5.0, 4)));
        assert_eq!(overall(&[]), None);
    }
}
