//! Reading clients as [`Client`]s: the client rows, their courses and session logs, a chunk
//! of clients per statement.

use super::Client;
use crate::domain::SessionMark;
use entities::{ClientId, client, course, session_mark};
use sea_orm::{ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder};
use std::collections::HashMap;
use uuid::Uuid;

/// Clients (or courses) named per statement: far below SQLite's parameter limit.
const CHUNK: usize = 500;

/// `row` as a [`Client`], with its current course and that course's session log.
///
/// # Errors
/// Database errors; a stored course that does not parse.
pub async fn load_client<C: ConnectionTrait>(db: &C, row: client::Model) -> Result<Client, DbErr> {
    load_clients(db, vec![row])
        .await?
        .pop()
        .ok_or_else(|| DbErr::RecordNotFound("client".into()))
}

/// `rows` as [`Client`]s, with their session logs (one read for all).
///
/// # Errors
/// Database errors; a stored course that does not parse.
pub async fn load_clients<C: ConnectionTrait>(
    db: &C,
    rows: Vec<client::Model>,
) -> Result<Vec<Client>, DbErr> {
    let ids: Vec<_> = rows.iter().map(|r| r.id).collect();
    let mut courses = current_of(db, &ids).await?;
    let course_ids: Vec<uuid::Uuid> = courses.values().map(|c| c.id).collect();
    let mut marks = marks_of(db, &course_ids).await?;
    rows.into_iter()
        .map(|row| {
            let course = courses
                .remove(&row.id)
                .ok_or_else(|| DbErr::RecordNotFound(format!("course of client {}", row.id)))?;
            let of_course = marks.remove(&course.id).unwrap_or_default();
            Client::try_from((row, course, of_course))
        })
        .collect()
}

/// The current course of each of `clients` (the one with the highest number), and every
/// course of each, first to last.
///
/// # Errors
/// Database errors.
pub async fn courses_of<C: ConnectionTrait>(
    db: &C,
    clients: &[ClientId],
) -> Result<HashMap<ClientId, Vec<course::Model>>, DbErr> {
    let mut out: HashMap<ClientId, Vec<course::Model>> = HashMap::new();
    for chunk in clients.chunks(CHUNK) {
        let rows = course::Entity::find()
            .filter(course::Column::ClientId.is_in(chunk.iter().copied()))
            .order_by_asc(course::Column::Number)
            .all(db)
            .await?;
        for row in rows {
            out.entry(row.client_id).or_default().push(row);
        }
    }
    Ok(out)
}

/// `row` as a [`Client`] at its latest acute course (the current one, or the one before a
/// maintenance course), with that course's session log; none without an acute course.
///
/// # Errors
/// Database errors; a stored course that does not parse.
pub async fn latest_acute<C: ConnectionTrait>(
    db: &C,
    row: client::Model,
) -> Result<Option<Client>, DbErr> {
    let Some(course) = courses_of(db, &[row.id])
        .await?
        .remove(&row.id)
        .unwrap_or_default()
        .into_iter()
        .rev()
        .find(|c| c.kind == course::CourseKind::Acute)
    else {
        return Ok(None);
    };
    let marks = marks_of(db, &[course.id])
        .await?
        .remove(&course.id)
        .unwrap_or_default();
    Client::try_from((row, course, marks)).map(Some)
}

/// The current course of each of `clients` (the one with the highest number); none for a
/// client without a course (every client is created with one).
///
/// # Errors
/// Database errors.
pub async fn current_of<C: ConnectionTrait>(
    db: &C,
    clients: &[ClientId],
) -> Result<HashMap<ClientId, course::Model>, DbErr> {
    Ok(courses_of(db, clients)
        .await?
        .into_iter()
        .filter_map(|(client, mut courses)| courses.pop().map(|c| (client, c)))
        .collect())
}

/// The marks of each of `courses` (none for a course nobody logged).
///
/// # Errors
/// Database errors.
pub async fn marks_of<C: ConnectionTrait>(
    db: &C,
    courses: &[Uuid],
) -> Result<HashMap<Uuid, Vec<SessionMark>>, DbErr> {
    let mut out: HashMap<Uuid, Vec<SessionMark>> = HashMap::new();
    for chunk in courses.chunks(CHUNK) {
        let rows = session_mark::Entity::find()
            .filter(session_mark::Column::CourseId.is_in(chunk.iter().copied()))
            .order_by_asc(session_mark::Column::Number)
            .all(db)
            .await?;
        for row in rows {
            out.entry(row.course_id).or_default().push(mark_of(&row)?);
        }
    }
    Ok(out)
}

fn mark_of(row: &session_mark::Model) -> Result<SessionMark, DbErr> {
    let number = u16::try_from(row.number).map_err(|_| {
        tracing::error!(client_id = %row.client_id, "stored session number out of range");
        DbErr::Type(format!("session mark of client {}: number", row.client_id))
    })?;
    Ok(SessionMark {
        number,
        status: row.status,
        held_at: row.held_at,
        moved_to: row.moved_to.zip(row.moved_to_date),
    })
}
