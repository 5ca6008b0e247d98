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

/// An integer of a request body with its bounds, `MIN..=MAX`: the one statement of a range
/// rule. Any integer deserializes (so that a 422 lists every bad field, not the first), its
/// schema says the bounds (`openapi.rs` writes it inline where it is used), and with
/// `#[validate(nested)]` on the field the 422 says "must be between MIN and MAX". A domain type
/// names its own instance (`domain::Rating`) and parses from it with the same bounds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(transparent)]
pub struct Bounded<const MIN: i64, const MAX: i64>(i64);

impl<const MIN: i64, const MAX: i64> Bounded<MIN, MAX> {
    /// The number as sent, in bounds or not.
    #[must_use]
    pub fn get(self) -> i64 {
        self.0
    }

    /// The number, if it is within the bounds.
    ///
    /// # Errors
    /// What the 422 says of a number out of bounds.
    pub fn checked(self) -> Result<i64, String> {
        if (MIN..=MAX).contains(&self.0) {
            Ok(self.0)
        } else {
            Err(format!("must be between {MIN} and {MAX}"))
        }
    }
}

impl<const MIN: i64, const MAX: i64> From<i64> for Bounded<MIN, MAX> {
    fn from(n: i64) -> Self {
        Self(n)
    }
}

impl<const MIN: i64, const MAX: i64> utoipa::PartialSchema for Bounded<MIN, MAX> {
    #[expect(
        clippy::cast_precision_loss,
        reason = "the bounds of a request field are small integers"
    )]
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        utoipa::openapi::ObjectBuilder::new()
            .schema_type(utoipa::openapi::Type::Integer)
            .format(Some(utoipa::openapi::SchemaFormat::KnownFormat(
                utoipa::openapi::KnownFormat::Int64,
            )))
            .minimum(Some(MIN as f64))
            .maximum(Some(MAX as f64))
            .into()
    }
}

impl<const MIN: i64, const MAX: i64> utoipa::ToSchema for Bounded<MIN, MAX> {
    fn name() -> std::borrow::Cow<'static, str> {
        std::borrow::Cow::Owned(format!("{INLINE_PREFIX}Integer{MIN}To{MAX}"))
    }
}

/// The name prefix of the schemas `openapi.rs` writes inline where they are used.
pub(crate) const INLINE_PREFIX: &str = "Inline_";

impl<const MIN: i64, const MAX: i64> validator::Validate for Bounded<MIN, MAX> {
    fn validate(&self) -> Result<(), validator::ValidationErrors> {
        self.checked().map(|_| ()).map_err(|message| {
            let mut errors = validator::ValidationErrors::new();
            // An empty field name: the error is the field's own (`extract::flatten`).
            errors.add(
                "",
                validator::ValidationError::new("range").with_message(message.into()),
            );
            errors
        })
    }
}

/// A text of a request body with its length in characters, `MIN..=MAX`: the one statement of a
/// length rule, as [`Bounded`] is of a range. Any string deserializes (so that a 422 lists every
/// bad field), its schema says `minLength` (when above 0) and `maxLength` (`openapi.rs` writes it
/// inline), and with `#[validate(nested)]` on the field the 422 says what `SAYS` chooses of a
/// text out of bounds: [`CHARACTERS`] (the default), [`TOO_LONG`] or [`NOT_A_CURSOR`]. (A
/// number, not a marker type: utoipa asks every type parameter for a schema.) It reads as a
/// `&str`.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(transparent)]
pub struct Text<const MIN: usize, const MAX: usize, const SAYS: u8 = CHARACTERS>(String);

/// "must be at most MAX characters", or "must be MIN to MAX characters": a text a person writes.
pub const CHARACTERS: u8 = 0;
/// "is too long": a token the server issued, whose length tells the caller nothing more.
pub const TOO_LONG: u8 = 1;
/// "is not a valid cursor": a position the server issued (`pagination`, the sync feed).
pub const NOT_A_CURSOR: u8 = 2;

/// A token the server issued (refresh, password reset, e-mail verification) as a body sends it
/// back: at most 256 characters. (An alias, because utoipa reads a generic argument that is
/// not a literal as a type.)
pub type IssuedToken = Text<0, 256, TOO_LONG>;

impl<const MIN: usize, const MAX: usize, const SAYS: u8> Text<MIN, MAX, SAYS> {
    /// What the 422 says of a text out of bounds, or nothing.
    fn refusal(&self) -> Option<String> {
        let length = self.0.chars().count();
        if (MIN..=MAX).contains(&length) {
            return None;
        }
        Some(match SAYS {
            TOO_LONG => "is too long".to_owned(),
            NOT_A_CURSOR => "is not a valid cursor".to_owned(),
            _ if MIN == 0 => format!("must be at most {MAX} characters"),
            _ => format!("must be {MIN} to {MAX} characters"),
        })
    }
}

impl<const MIN: usize, const MAX: usize, const SAYS: u8> std::ops::Deref for Text<MIN, MAX, SAYS> {
    type Target = str;

    fn deref(&self) -> &str {
        &self.0
    }
}

impl<const MIN: usize, const MAX: usize, const SAYS: u8> From<Text<MIN, MAX, SAYS>> for String {
    fn from(text: Text<MIN, MAX, SAYS>) -> Self {
        text.0
    }
}

impl<const MIN: usize, const MAX: usize, const SAYS: u8> From<String> for Text<MIN, MAX, SAYS> {
    fn from(text: String) -> Self {
        Self(text)
    }
}

impl<const MIN: usize, const MAX: usize, const SAYS: u8> utoipa::PartialSchema
    for Text<MIN, MAX, SAYS>
{
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        utoipa::openapi::ObjectBuilder::new()
            .schema_type(utoipa::openapi::Type::String)
            .min_length((MIN > 0).then_some(MIN))
            .max_length(Some(MAX))
            .into()
    }
}

impl<const MIN: usize, const MAX: usize, const SAYS: u8> utoipa::ToSchema for Text<MIN, MAX, SAYS> {
    fn name() -> std::borrow::Cow<'static, str> {
        std::borrow::Cow::Owned(format!("{INLINE_PREFIX}Text{MIN}To{MAX}"))
    }
}

impl<const MIN: usize, const MAX: usize, const SAYS: u8> validator::Validate
    for Text<MIN, MAX, SAYS>
{
    fn validate(&self) -> Result<(), validator::ValidationErrors> {
        self.refusal().map_or(Ok(()), |message| {
            let mut errors = validator::ValidationErrors::new();
            // An empty field name: the error is the field's own (`extract::flatten`).
            errors.add(
                "",
                validator::ValidationError::new("length").with_message(message.into()),
            );
            Err(errors)
        })
    }
}
