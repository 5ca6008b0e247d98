//! A client's reminder settings: practice prompts, daily check-in reminder, quiet hours.

use crate::ClientId;
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "reminder_settings")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub client_id: ClientId,
    /// JSON array of `{local_time: "HH:MM", weekdays: [1–7]}`.
    pub practice_prompts: String,
    /// `HH:MM` local time of the daily check-in reminder; none = off.
    pub checkin_time: Option<crate::LocalTimeOfDay>,
    /// Quiet hours, `HH:MM` local; both set or both none.
    pub quiet_start: Option<crate::LocalTimeOfDay>,
    pub quiet_end: Option<crate::LocalTimeOfDay>,
    pub updated_at: DateTimeUtc,
    pub change_seq: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
