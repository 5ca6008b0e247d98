//! Crisis resources shown to a client whose answers raise a safety signal. Each deployment
//! configures its own (local numbers and services); the default sends people to emergency care.

use anyhow::Context;
use serde::{Deserialize, Serialize};
use std::path::Path;
use utoipa::ToSchema;

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct CrisisLink {
    pub label: String,
    /// A URL (`https://…`) or a phone link (`tel:…`).
    pub url: String,
}

/// What the app shows at once when a check-in raises a safety signal.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct CrisisResources {
    pub text: String,
    #[serde(default)]
    pub links: Vec<CrisisLink>,
}

impl Default for CrisisResources {
    fn default() -> Self {
        Self {
            text: "If you are thinking about harming yourself or feel you might act on such \
                   thoughts, please get help now: call your local emergency number (112 in \
                   Europe, 911 in North America) or go to the nearest emergency department. \
                   Your therapist has been notified and will contact you."
                .into(),
            links: vec![
                CrisisLink {
                    label: "Emergency services (Europe)".into(),
                    url: "tel:112".into(),
                },
                CrisisLink {
                    label: "Emergency services (North America)".into(),
                    url: "tel:911".into(),
                },
                CrisisLink {
                    label: "Find a helpline in your country".into(),
                    url: "https://findahelpline.com".into(),
                },
            ],
        }
    }
}

impl CrisisResources {
    /// Reads the deployment's resources from a JSON file (`{"text": …, "links": [{label, url}]}`),
    /// or returns the default when no file is configured.
    ///
    /// # Errors
    /// The file cannot be read or is not in that shape.
    pub fn load(path: Option<&Path>) -> anyhow::Result<Self> {
        let Some(path) = path else {
            return Ok(Self::default());
        };
        let raw = std::fs::read(path)
            .with_context(|| format!("reading crisis resources from {}", path.display()))?;
        serde_json::from_slice(&raw)
            .with_context(|| format!("parsing crisis resources in {}", path.display()))
    }
}
