//! Requests per source address at the doors that send e-mail (sign-up, password reset),
//! counted in the database so that every replica shares the count.
//!
//! Only the address is a key (an IPv6 address by its /64), never the e-mail asked about: a
//! limit per e-mail would let anybody keep the owner from a reset. A flood from other
//! addresses therefore never refuses the owner's own. Mail to one account is bounded apart from
//! this, by the account's links (`account_tokens`).

use super::sign_in::address_key;
use crate::error::ApiError;
use chrono::{DateTime, Duration, Utc};
use entities::address_request;
use sea_orm::sea_query::{Expr, ExprTrait, OnConflict};
use sea_orm::{ActiveValue::Set, ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter};
use std::net::IpAddr;

/// The window the limit counts in.
const WINDOW: Duration = Duration::minutes(1);

/// A door that sends e-mail.
#[derive(Debug, Clone, Copy)]
pub enum MailDoor {
    SignUp,
    PasswordReset,
}

impl MailDoor {
    fn name(self) -> &'static str {
        match self {
            Self::SignUp => "sign-up",
            Self::PasswordReset => "password-reset",
        }
    }
}

/// Admits one request at `door` from `address` if fewer than `per_minute` (at least 1) were
/// admitted from it in the current minute. Each step is one conditional statement, so racing
/// requests on any replica never together pass more than the limit.
///
/// # Errors
/// `TooManyRequests` with the seconds until the minute ends; database errors.
pub async fn admit(
    db: &DatabaseConnection,
    now: DateTime<Utc>,
    door: MailDoor,
    address: Option<IpAddr>,
    per_minute: u32,
) -> Result<(), ApiError> {
    let door = door.name();
    let key = address_key(address);
    let limit = i32::try_from(std::cmp::max(per_minute, 1)).unwrap_or(i32::MAX);
    address_request::Entity::insert(address_request::ActiveModel {
        door: Set(door.to_owned()),
        address_key: Set(key.clone()),
        window_start: Set(now),
        requests: Set(0),
    })
    .on_conflict(
        OnConflict::columns([
            address_request::Column::Door,
            address_request::Column::AddressKey,
        ])
        .do_nothing()
        .to_owned(),
    )
    .exec_without_returning(db)
    .await?;
    // A minute that is over starts again (one of several racing requests does it).
    address_request::Entity::update_many()
        .col_expr(address_request::Column::WindowStart, Expr::value(now))
        .col_expr(address_request::Column::Requests, Expr::value(0))
        .filter(address_request::Column::Door.eq(door))
        .filter(address_request::Column::AddressKey.eq(&key))
        .filter(address_request::Column::WindowStart.lte(now - WINDOW))
        .exec(db)
        .await?;
    let admitted = address_request::Entity::update_many()
        .col_expr(
            address_request::Column::Requests,
            Expr::col(address_request::Column::Requests).add(1),
        )
        .filter(address_request::Column::Door.eq(door))
        .filter(address_request::Column::AddressKey.eq(&key))
        .filter(address_request::Column::Requests.lt(limit))
        .exec(db)
        .await?
        .rows_affected;
    if admitted == 1 {
        return Ok(());
    }
    let since = address_request::Entity::find_by_id((door.to_owned(), key))
        .one(db)
        .await?
        .map_or(now, |row| row.window_start);
    let left = (since + WINDOW - now).num_seconds().clamp(1, 60);
    Err(ApiError::TooManyRequests(u64::try_from(left).unwrap_or(60)))
}
