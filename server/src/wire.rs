//! Helpers of the wire types (the DTOs of every feature). They sit below the features so that
//! a feature's `dto.rs` needs nothing from the HTTP layer (`openapi.rs`) to describe itself.

/// The schema of a stored closed set that an answer sends as its string value
/// (`ActiveEnum::to_value`): a string enum of every value of the entity's enum, so that the
/// document cannot miss one. For `#[schema(schema_with = …)]`.
pub(crate) fn string_enum<E: sea_orm::ActiveEnum<Value = String>>() -> utoipa::openapi::Object {
    utoipa::openapi::ObjectBuilder::new()
        .schema_type(utoipa::openapi::Type::String)
        .enum_values(Some(E::values()))
        .build()
}
