//! A therapist account.

use crate::TherapistId;
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "therapists")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: TherapistId,
    /// Lower-cased; unique.
    #[sea_orm(unique)]
    pub email: String,
    /// PHC string of an argon2id hash.
    pub password_hash: String,
    pub display_name: String,
    pub created_at: DateTimeUtc,
    /// Whom on-call escalation of this therapist's unacknowledged alerts e-mails (else the
    /// deployment's address).
    pub escalation_email: Option<String>,
    /// A phone number on-call may use to reach this therapist.
    pub contact_phone: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

/// The therapist's time zone, in which the pages show every time: the `timezone` column of the
/// same `therapists` row, read and written on its own. It is not a field of [`Model`] so that
/// whatever makes therapist rows (the seed, the benches) need not name it: the column defaults
/// to `UTC`, as accounts made before it existed are.
pub mod zone {
    use crate::TherapistId;
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "therapists")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: TherapistId,
        /// An IANA name; a stored name that does not parse fails the read.
        pub timezone: crate::Timezone,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

/// Whether the therapist's e-mail address still waits for verification: the
/// `email_unverified_since` column of the same `therapists` row. Empty for every account that
/// counts as verified (those made before it existed, and those made while the server did not
/// require verification), so that whatever makes therapist rows need not name it.
pub mod verification {
    use crate::TherapistId;
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "therapists")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: TherapistId,
        /// When the unverified account was made; empty once verified.
        pub email_unverified_since: Option<DateTimeUtc>,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}
