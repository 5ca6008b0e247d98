//! Storing the formulation (a versioned document, see [`crate::documents`]) and its goals'
//! ratings (rows of `goal_ratings`, written with a session mark).

use super::model::FormulationContents;
use crate::documents::{Version, service as documents};
use crate::write::ClientWrite;
use chrono::{DateTime, Utc};
use entities::{ClientId, ProblemAreaSet, client, goal_rating};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder,
};

/// A formulation as the API shows it: the version and every rating of its goals.
pub type Rated = (Version<FormulationContents>, Vec<goal_rating::Model>);

/// Sets the treatment's problem areas to the formulation's, in the write that stores a new
/// version of it (`Document::also_write`): the formulation is where they are decided.
///
/// # Errors
/// Database errors.
pub(super) async fn set_problem_areas(
    write: &ClientWrite,
    contents: &FormulationContents,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    client::Entity::update_many()
        .col_expr(
            client::Column::ProblemAreas,
            Expr::value(ProblemAreaSet::new(&contents.problem_areas)),
        )
        .col_expr(client::Column::UpdatedAt, Expr::value(now))
        .col_expr(client::Column::ProfileSeq, Expr::value(write.seq()))
        .filter(client::Column::Id.eq(write.client()))
        .exec(write.txn())
        .await?;
    Ok(())
}

/// Every goal rating of the client, in session order.
///
/// # Errors
/// Database errors.
pub async fn ratings_of<C: ConnectionTrait>(
    db: &C,
    client: ClientId,
) -> Result<Vec<goal_rating::Model>, DbErr> {
    goal_rating::Entity::find()
        .filter(goal_rating::Column::ClientId.eq(client))
        .order_by_asc(goal_rating::Column::RatedAt)
        .order_by_asc(goal_rating::Column::SessionNumber)
        .all(db)
        .await
}

/// The client's formulation with its ratings, if one was ever written.
///
/// # Errors
/// Database errors, and a stored formulation that is not readable.
pub async fn load<C: ConnectionTrait>(db: &C, client: ClientId) -> Result<Option<Rated>, DbErr> {
    let Some(version) = documents::load::<FormulationContents, _>(db, client).await? else {
        return Ok(None);
    };
    Ok(Some((version, ratings_of(db, client).await?)))
}

/// The formulation with its ratings and the change number it is at, if it or one of its
/// ratings changed after `since` (for the sync feed: a rating re-sends the formulation).
///
/// # Errors
/// Database errors, and a stored formulation that is not readable.
pub async fn changed_since<C: ConnectionTrait>(
    db: &C,
    client: ClientId,
    since: i64,
) -> Result<Option<(Rated, i64)>, DbErr> {
    let Some((version, ratings)) = load(db, client).await? else {
        return Ok(None);
    };
    let seq = ratings
        .iter()
        .map(|r| r.change_seq)
        .chain([version.change_seq])
        .max()
        .unwrap_or(version.change_seq);
    Ok((seq > since).then_some(((version, ratings), seq)))
}
