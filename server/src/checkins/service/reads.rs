//! What the dashboard and the pages read of a client's check-ins.

use super::*;
use crate::checkins::model::MoodWithPerson;

/// The newest `limit` check-ins of `client` with a note, newest first, each with the label of
/// the inventory person it names (also one removed since: the note was written about them).
/// For the therapist's page of the client.
///
/// # Errors
/// Database errors.
pub(crate) async fn notes_with_people<C: ConnectionTrait>(
    db: &C,
    client: ClientId,
    limit: u64,
) -> Result<Vec<(checkin::Model, Option<String>)>, DbErr> {
    let rows = checkin::Entity::find()
        .filter(checkin::Column::ClientId.eq(client))
        .filter(checkin::Column::Note.is_not_null())
        .filter(checkin::Column::Note.ne(""))
        .order_by_desc(checkin::Column::RecordedAt)
        .order_by_desc(checkin::Column::Id)
        .limit(limit)
        .all(db)
        .await?;
    let named: HashSet<RelationshipId> = rows.iter().filter_map(|c| c.relationship_id).collect();
    let labels: HashMap<RelationshipId, String> = if named.is_empty() {
        HashMap::new()
    } else {
        relationship::Entity::find()
            .select_only()
            .columns([relationship::Column::Id, relationship::Column::Label])
            .filter(relationship::Column::ClientId.eq(client))
            .filter(relationship::Column::Id.is_in(named))
            .into_tuple::<(RelationshipId, String)>()
            .all(db)
            .await?
            .into_iter()
            .collect()
    };
    Ok(rows
        .into_iter()
        .map(|c| {
            let person = c.relationship_id.and_then(|p| labels.get(&p).cloned());
            (c, person)
        })
        .collect())
}

/// Every check-in of `client`, grouped by the person it names: IPT reads mood and
/// relationships together, so the therapist sees with whom the client's mood is lower.
///
/// # Errors
/// Database errors.
pub(crate) async fn mood_by_person<C: ConnectionTrait>(
    db: &C,
    client: ClientId,
) -> Result<Vec<MoodWithPerson>, DbErr> {
    use sea_orm::sea_query::{Asterisk, Expr, ExprTrait};
    // Sum and count rather than AVG: AVG of an integer is NUMERIC on PostgreSQL and REAL on
    // SQLite, and the two do not decode into one Rust type.
    let groups: Vec<(Option<RelationshipId>, i64, i64)> = checkin::Entity::find()
        .select_only()
        .column(checkin::Column::RelationshipId)
        .expr(Expr::col(checkin::Column::Mood).sum())
        .expr(Expr::col(Asterisk).count())
        .filter(checkin::Column::ClientId.eq(client))
        .group_by(checkin::Column::RelationshipId)
        .into_tuple()
        .all(db)
        .await?;
    Ok(groups
        .into_iter()
        .filter(|(_, _, count)| *count > 0)
        .map(|(person, sum, count)| {
            let checkins = u64::try_from(count).unwrap_or(0);
            #[expect(
                clippy::cast_precision_loss,
                reason = "sums and counts of daily moods stay far below 2^52"
            )]
            let mean = sum as f64 / count as f64;
            MoodWithPerson {
                person,
                mean,
                checkins,
            }
        })
        .collect())
}

/// A check-in with a PHQ-9 or a GAD-7 total.
#[derive(Debug, Clone, Copy, PartialEq, Eq, sea_orm::FromQueryResult)]
pub(crate) struct ScoredCheckin {
    pub id: CheckinId,
    pub recorded_at: DateTime<Utc>,
    pub phq9_total: Option<i32>,
    pub gad7_total: Option<i32>,
}

/// `client`'s check-ins with a PHQ-9 or a GAD-7 total since `since`, oldest first.
///
/// # Errors
/// Database errors.
pub(crate) async fn scored_since<C: ConnectionTrait>(
    db: &C,
    client: ClientId,
    since: DateTime<Utc>,
) -> Result<Vec<ScoredCheckin>, DbErr> {
    checkin::Entity::find()
        .select_only()
        .columns([
            checkin::Column::Id,
            checkin::Column::RecordedAt,
            checkin::Column::Phq9Total,
            checkin::Column::Gad7Total,
        ])
        .filter(checkin::Column::ClientId.eq(client))
        .filter(checkin::Column::RecordedAt.gte(since))
        .filter(
            Condition::any()
                .add(checkin::Column::Phq9Total.is_not_null())
                .add(checkin::Column::Gad7Total.is_not_null()),
        )
        .order_by_asc(checkin::Column::RecordedAt)
        .into_model::<ScoredCheckin>()
        .all(db)
        .await
}
