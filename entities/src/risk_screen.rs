//! An ASQ (Ask Suicide-Screening Questions, NIMH) follow-up screen a client answered after a
//! safety signal: the answers and their outcome. The server ships no question wording.

use crate::{CheckinId, ClientId};
use sea_orm::entity::prelude::*;

crate::ids::typed_id!(
    /// An ASQ follow-up screen (client-made id). Declared with its entity, as a new kind's id is.
    RiskScreenId
);

/// The screening instrument (only the ASQ so far).
#[derive(Debug, Clone, Copy, PartialEq, Eq, EnumIter, DeriveActiveEnum)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::None)")]
pub enum Instrument {
    #[sea_orm(string_value = "asq")]
    Asq,
}

/// The ASQ's outcome by its scoring rules.
#[derive(Debug, Clone, Copy, PartialEq, Eq, EnumIter, DeriveActiveEnum)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::None)")]
pub enum ScreenOutcome {
    /// Every one of questions 1–4 answered no.
    #[sea_orm(string_value = "negative")]
    Negative,
    /// A yes to any of questions 1–4, and no to question 5.
    #[sea_orm(string_value = "non_acute_positive")]
    NonAcutePositive,
    /// A yes to question 5 (thoughts of suicide right now): imminent risk.
    #[sea_orm(string_value = "acute_positive")]
    AcutePositive,
}

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "risk_screens")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: RiskScreenId,
    pub client_id: ClientId,
    /// The check-in whose signal the screen followed, if the app named it.
    pub checkin_id: Option<CheckinId>,
    pub instrument: Instrument,
    pub q1: bool,
    pub q2: bool,
    pub q3: bool,
    pub q4: bool,
    /// Asked only after a yes to questions 1–4.
    pub q5: Option<bool>,
    pub outcome: ScreenOutcome,
    pub recorded_at: DateTimeUtc,
    pub created_at: DateTimeUtc,
    pub change_seq: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
