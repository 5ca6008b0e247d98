//! Typed ids: a `ClientId` can never be passed where a `TherapistId` is expected.

/// Declares a typed id. An entity of a new kind of record declares its own id in its file
/// (`crate::ids::typed_id!(SleepEntryId);`), so that a new table edits no shared list.
macro_rules! typed_id {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(
            Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, ::sea_orm::DeriveValueType, ::serde::Serialize, ::serde::Deserialize,
        )]
        #[serde(transparent)]
        pub struct $name(pub ::uuid::Uuid);

        impl $name {
            /// A new time-ordered (v7) id: ids made later sort later, which keeps indexes compact.
            #[must_use]
            pub fn new() -> Self {
                Self(::uuid::Uuid::now_v7())
            }

            /// The id as a plain UUID, for logs and URLs.
            #[must_use]
            pub fn uuid(self) -> ::uuid::Uuid {
                self.0
            }
        }

        impl Default for $name {
            fn default() -> Self {
                Self::new()
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                self.0.fmt(f)
            }
        }

        impl From<::uuid::Uuid> for $name {
            fn from(id: ::uuid::Uuid) -> Self {
                Self(id)
            }
        }

        impl From<$name> for ::uuid::Uuid {
            fn from(id: $name) -> Self {
                id.0
            }
        }

        impl ::sea_orm::TryFromU64 for $name {
            fn try_from_u64(_: u64) -> Result<Self, ::sea_orm::DbErr> {
                Err(::sea_orm::DbErr::ConvertFromU64(stringify!($name)))
            }
        }
    };
}
pub(crate) use typed_id;

typed_id!(
    /// A therapist account.
    TherapistId
);
typed_id!(
    /// A client (patient) of one therapist.
    ClientId
);
typed_id!(
    /// One sign-in: the access and refresh tokens it issues die together.
    SessionId
);
typed_id!(
    /// A person in a client's interpersonal inventory.
    RelationshipId
);
typed_id!(
    /// A mood check-in (client-made id when written offline).
    CheckinId
);
typed_id!(
    /// One practice of an exercise (client-made id when written offline).
    ExerciseLogId
);
typed_id!(
    /// A homework assignment.
    HomeworkId
);
typed_id!(
    /// A safety alert raised for a therapist.
    AlertId
);
typed_id!(
    /// A phone or browser registered for push notifications.
    DeviceId
);
typed_id!(
    /// One planned push (an occurrence in the reminder outbox).
    ReminderId
);
typed_id!(
    /// One notification of a safety alert through one channel (also its Message-ID and
    /// webhook-id).
    AlertDeliveryId
);
typed_id!(
    /// A therapist's phone registered for safety-alert pushes.
    TherapistDeviceId
);
