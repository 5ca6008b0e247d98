//! A safety alert: a client answered PHQ-9 item 9 (thoughts of self-harm) above 0.

use crate::{AlertId, CheckinId, ClientId, TherapistId};
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "safety_alerts")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: AlertId,
    pub client_id: ClientId,
    pub therapist_id: TherapistId,
    pub checkin_id: CheckinId,
    /// `phq9_item9`.
    pub kind: String,
    pub created_at: DateTimeUtc,
    pub acknowledged_at: Option<DateTimeUtc>,
    pub acknowledged_by: Option<TherapistId>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
