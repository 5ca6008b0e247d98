//! The client page's crisis region: whether someone confirmed it, and the form that confirms
//! the region shown or sets another (the same service as `PUT /api/v1/clients/{id}/region`).

use super::see_other;
use super::session::WebSession;
use crate::clients::authorize_therapist;
use crate::clients::dto::RegionSource;
use crate::error::ApiError;
use crate::state::AppState;
use actix_web::{HttpRequest, HttpResponse, post, web};
use entities::ClientId;
use maud::{Markup, html};
use serde::Deserialize;
use uuid::Uuid;

/// The region form: a two-letter region code.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct RegionForm {
    #[serde(default)]
    pub csrf: String,
    /// ISO 3166-1 alpha-2, any case (`us`).
    #[serde(default)]
    pub region: String,
}

/// Set or confirm the crisis region from the client page
///
/// Sets the region whose crisis resources the client is shown (ISO 3166-1 alpha-2, any case),
/// as `PUT /api/v1/clients/{client_id}/region` does: the region is then confirmed
/// (`region_source: set`), and the page's "crisis region not confirmed" warning goes. Sending
/// the region shown confirms it. Then 303 back to the client page. Needs the session and the
/// form's CSRF token.
#[utoipa::path(
    tag = "pages",
    security(("session" = [])),
    params(("client_id" = Uuid, Path, description = "The client")),
    request_body(content = RegionForm, content_type = "application/x-www-form-urlencoded"),
    responses(
        (status = 303, description = "Stored; back to the client page's crisis region"),
        (status = 403, description = "Bad CSRF token"),
        (status = 404, description = "No such client, or not yours"),
        (status = 422, description = "Not a two-letter region code"),
    )
)]
#[post("/clients/{client_id}/region")]
pub async fn post_region(
    req: HttpRequest,
    state: web::Data<AppState>,
    session: WebSession,
    path: web::Path<Uuid>,
    form: web::Form<RegionForm>,
) -> Result<HttpResponse, ApiError> {
    if !session.accepts(&form.csrf) {
        return Err(ApiError::Forbidden);
    }
    let region = form.region.trim().to_ascii_uppercase();
    if !crate::safety::crisis::is_region_code(&region) {
        return Err(ApiError::field(
            "region",
            "must be an ISO 3166-1 alpha-2 code, e.g. DE",
        ));
    }
    let now = state.clock.now();
    let principal = crate::auth::Principal::Therapist {
        id: session.therapist,
        session: session.session,
        source: crate::client_addr::of(&req),
        at: now,
    };
    let access =
        authorize_therapist(&state.db, principal, ClientId::from(path.into_inner())).await?;
    let client = access.client.id;
    crate::clients::set_region(&state.db, client, Some(region), now, principal.into()).await?;
    tracing::info!(client_id = %client, "crisis region set on the web");
    Ok(see_other(&format!("/clients/{client}#crisis-region")).finish())
}

/// The client page's section: the region, a warning while nobody confirmed it, and the form.
pub(super) fn section(
    client_id: &str,
    region: Option<&str>,
    source: Option<RegionSource>,
    csrf: &str,
) -> Markup {
    let confirmed = region.is_some() && source == Some(RegionSource::Set);
    html! {
        section id="crisis-region" aria-labelledby="crisis-region-title" {
            h2 id="crisis-region-title" { "Crisis region" }
            @if confirmed {
                p { "The app shows the crisis resources of " strong { (region.unwrap_or_default()) } "." }
            } @else {
                p role="status" {
                    span class="badge high" { "Crisis region not confirmed" }
                    " "
                    @match region {
                        Some(derived) => {
                            "Derived from the client's time zone: " strong { (derived) }
                            ". Confirm it, or set the region where the client lives."
                        }
                        None => "The client's time zone names no country, so the app shows international crisis resources. Set the region where the client lives.",
                    }
                }
            }
            form class="inline" method="post" action={"/clients/" (client_id) "/region"} {
                input type="hidden" name="csrf" value=(csrf);
                label for="crisis-region-code" { "Region (two-letter country code, e.g. US)" }
                " "
                input id="crisis-region-code" name="region" value=(region.unwrap_or_default())
                    required minlength="2" maxlength="2" size="3" pattern="[A-Za-z]{2}" autocomplete="off";
                " "
                button type="submit" {
                    @if region.is_some() && !confirmed { "Confirm region" } @else { "Set region" }
                }
            }
        }
    }
}
