//! Relapse watched after every acute course (`docs/adherence.md`, "Relapse"). The rules are
//! pure (`domain::relapse`); this feature keeps what follows from them: the **episodes** of a
//! likely relapse (two PHQ-9 totals of 10 or more at least 14 days apart), opened in the
//! check-in write that completes one and e-mailed to the therapist once, and the therapist's
//! **reviews** (`POST /api/v1/clients/{id}/relapse-reviews`), each of which ends the open
//! episode. The dashboard names `possible_relapse` and `relapse_likely` from the same rules.

pub(crate) mod dto;
pub mod notify;
pub(crate) mod record;
pub(crate) mod routes;
pub(crate) mod service;
