//! The built-in IPT communication-skill exercises and the logs of practising them.

pub mod dto;
mod library;
pub(crate) mod routes;
pub(crate) mod service;

pub use library::{EXERCISES, find};

use crate::domain::Phase;

/// One question an exercise asks; a log's `responses` object answers them by `key`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Prompt {
    /// Stable key used in `responses` (snake_case).
    pub key: &'static str,
    /// The question as shown in the app.
    pub label: &'static str,
    /// Longest answer accepted, in characters.
    pub max_chars: usize,
    /// A rating: the answer is a whole number from the first to the second (e.g. 0–10), so
    /// that it can be tracked; `None` for free text.
    pub scale: Option<(u8, u8)>,
    /// No longer asked: kept so that logs answering it still read with its label; a new log
    /// may not answer it.
    pub retired: bool,
}

/// A built-in exercise.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Exercise {
    /// Stable key (snake_case), used by exercise logs and homework.
    pub key: &'static str,
    /// Title as listed in the app.
    pub title: &'static str,
    /// The IPT skill or technique practised.
    pub skill: &'static str,
    /// What to do, addressed to the client, plain language.
    pub instructions: &'static str,
    /// The problem areas it fits best (`grief`, `role_dispute`, `role_transition`,
    /// `interpersonal_deficits`); empty for all.
    pub problem_areas: &'static [&'static str],
    /// The questions a log's `responses` may answer.
    pub prompts: &'static [Prompt],
    /// The phases of treatment it serves.
    pub phases: &'static [Phase],
    /// A question the app asks before the exercise starts, for exercises that could put the
    /// client at risk with the other person (speaking up to someone who may be violent).
    pub safety_check: Option<&'static str>,
}
