//! A client's records as the changes feed sends them: one `Change` variant per kind of the
//! registry that the feed carries, declared by `registry!` with [`change_kind!`].

pub(crate) use super::Change;

/// Declares one kind of change: its `type` value (a one-value enum, so that generated clients
/// narrow on it), its schema with the v1 fields, and a constructor.
macro_rules! change_kind {
    ($(#[$doc:meta])* $variant:ident, $tag:literal, $schema:ident, $tag_type:ident, $data:ty) => {
        #[doc = concat!("The `type` of a [`", stringify!($schema), "`].")]
        #[derive(Debug, Clone, Copy, PartialEq, Eq, ::serde::Serialize, ::utoipa::ToSchema)]
        // The variant's name in snake case is the tag (a `rename` from a macro argument would
        // not reach the schema); the test of the feed checks each `type` on the wire.
        #[serde(rename_all = "snake_case")]
        pub(crate) enum $tag_type {
            #[doc = concat!("`", $tag, "`.")]
            $variant,
        }

        $(#[$doc])*
        #[derive(Debug, ::serde::Serialize, ::utoipa::ToSchema)]
        pub(crate) struct $schema {
            /// Which kind of record; selects the schema of `data`.
            #[serde(rename = "type")]
            pub record_type: $tag_type,
            /// The record's id.
            pub id: ::uuid::Uuid,
            /// Position in the client's change order.
            pub seq: i64,
            /// The record was deleted; `data` is null.
            pub deleted: bool,
            /// The record as its own endpoint returns it; null when deleted.
            pub data: Option<$data>,
        }

        impl $schema {
            /// The change of record `id` at `seq`: `data`, or a tombstone when none.
            #[must_use]
            pub fn of(id: ::uuid::Uuid, seq: i64, data: Option<$data>) -> $crate::records::Change {
                $crate::records::Change::$variant(Self {
                    record_type: $tag_type::$variant,
                    id,
                    seq,
                    deleted: data.is_none(),
                    data,
                })
            }
        }
    };
}

pub(crate) use change_kind;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_kind_carries_its_tag_as_type() {
        let tombstones = Change::tombstones();
        assert!(!tombstones.is_empty());
        for (change, tag) in tombstones {
            let wire = serde_json::to_value(&change).expect("serializes");
            assert_eq!(wire["type"], tag);
            assert_eq!(wire["deleted"], true);
            assert_eq!(wire["data"], serde_json::Value::Null);
        }
    }
}
