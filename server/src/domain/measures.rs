//! Self-ratings and questionnaires: daily mood, PHQ-9 (depression) and GAD-7 (anxiety).

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// A 0–10 self-rating: mood (10 = best), difficulty, outcome, helpfulness.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Score0To10(u8);

impl Score0To10 {
    /// # Errors
    /// Outside 0–10.
    pub fn parse(raw: i64) -> Result<Self, &'static str> {
        u8::try_from(raw)
            .ok()
            .filter(|n| *n <= 10)
            .map(Self)
            .ok_or("must be between 0 and 10")
    }

    #[must_use]
    pub fn get(self) -> u8 {
        self.0
    }
}

/// Severity band of a PHQ-9 total (0–27).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Phq9Band {
    Minimal,
    Mild,
    Moderate,
    ModeratelySevere,
    Severe,
}

impl Phq9Band {
    /// Bands: 0–4 minimal, 5–9 mild, 10–14 moderate, 15–19 moderately severe, 20–27 severe.
    #[must_use]
    pub fn of(total: u8) -> Self {
        match total {
            0..=4 => Self::Minimal,
            5..=9 => Self::Mild,
            10..=14 => Self::Moderate,
            15..=19 => Self::ModeratelySevere,
            _ => Self::Severe,
        }
    }
}

/// Severity band of a GAD-7 total (0–21).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Gad7Band {
    Minimal,
    Mild,
    Moderate,
    Severe,
}

impl Gad7Band {
    /// Bands: 0–4 minimal, 5–9 mild, 10–14 moderate, 15–21 severe.
    #[must_use]
    pub fn of(total: u8) -> Self {
        match total {
            0..=4 => Self::Minimal,
            5..=9 => Self::Mild,
            10..=14 => Self::Moderate,
            _ => Self::Severe,
        }
    }
}

/// Answers to a questionnaire of `N` items, each 0–3.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Answers<const N: usize>([u8; N]);

/// The nine PHQ-9 answers.
pub type Phq9Answers = Answers<9>;
/// The seven GAD-7 answers.
pub type Gad7Answers = Answers<7>;

impl<const N: usize> Answers<N> {
    /// # Errors
    /// Not exactly `N` answers, or an answer outside 0–3.
    pub fn parse(raw: &[i64]) -> Result<Self, &'static str> {
        if raw.len() != N {
            return Err(if N == 9 {
                "must have exactly 9 answers"
            } else {
                "must have exactly 7 answers"
            });
        }
        let mut answers = [0u8; N];
        for (slot, value) in answers.iter_mut().zip(raw) {
            *slot = u8::try_from(*value)
                .ok()
                .filter(|v| *v <= 3)
                .ok_or("each answer must be between 0 and 3")?;
        }
        Ok(Self(answers))
    }

    /// Reads the stored form (`0,1,3,…`).
    #[must_use]
    pub fn from_stored(stored: &str) -> Option<Self> {
        let values: Vec<i64> = stored
            .split(',')
            .map(str::parse)
            .collect::<Result<_, _>>()
            .ok()?;
        Self::parse(&values).ok()
    }

    /// The stored form.
    #[must_use]
    pub fn to_stored(self) -> String {
        self.0
            .iter()
            .map(u8::to_string)
            .collect::<Vec<_>>()
            .join(",")
    }

    #[must_use]
    pub fn total(self) -> u8 {
        self.0.iter().sum()
    }

    #[must_use]
    pub fn values(self) -> [u8; N] {
        self.0
    }
}

impl Phq9Answers {
    /// Item 9 asks about thoughts of self-harm; any answer above 0 is a safety signal.
    #[must_use]
    pub fn self_harm_signal(self) -> bool {
        self.0[8] > 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mood_accepts_zero_to_ten_only() {
        assert!(Score0To10::parse(-1).is_err());
        assert_eq!(Score0To10::parse(0).map(Score0To10::get), Ok(0));
        assert_eq!(Score0To10::parse(10).map(Score0To10::get), Ok(10));
        assert!(Score0To10::parse(11).is_err());
    }

    #[test]
    fn phq9_bands_change_exactly_at_5_10_15_and_20() {
        let cases = [
            (0, Phq9Band::Minimal),
            (4, Phq9Band::Minimal),
            (5, Phq9Band::Mild),
            (9, Phq9Band::Mild),
            (10, Phq9Band::Moderate),
            (14, Phq9Band::Moderate),
            (15, Phq9Band::ModeratelySevere),
            (19, Phq9Band::ModeratelySevere),
            (20, Phq9Band::Severe),
            (27, Phq9Band::Severe),
        ];
        for (total, band) in cases {
            assert_eq!(Phq9Band::of(total), band, "total {total}");
        }
    }

    #[test]
    fn gad7_bands_change_exactly_at_5_10_and_15() {
        let cases = [
            (0, Gad7Band::Minimal),
            (4, Gad7Band::Minimal),
            (5, Gad7Band::Mild),
            (9, Gad7Band::Mild),
            (10, Gad7Band::Moderate),
            (14, Gad7Band::Moderate),
            (15, Gad7Band::Severe),
            (21, Gad7Band::Severe),
        ];
        for (total, band) in cases {
            assert_eq!(Gad7Band::of(total), band, "total {total}");
        }
    }

    #[test]
    fn a_phq9_with_eight_answers_is_rejected() {
        assert!(Phq9Answers::parse(&[0; 8]).is_err());
        assert!(Phq9Answers::parse(&[0; 10]).is_err());
    }

    #[test]
    fn an_answer_of_four_or_minus_one_is_rejected() {
        assert!(Phq9Answers::parse(&[0, 0, 0, 0, 0, 0, 0, 0, 4]).is_err());
        assert!(Gad7Answers::parse(&[0, 0, 0, -1, 0, 0, 0]).is_err());
    }

    #[test]
    fn totals_add_the_answers_and_the_maximum_is_27_and_21() {
        assert_eq!(Phq9Answers::parse(&[3; 9]).map(Answers::total), Ok(27));
        assert_eq!(Gad7Answers::parse(&[3; 7]).map(Answers::total), Ok(21));
        assert_eq!(
            Phq9Answers::parse(&[1, 2, 0, 0, 0, 0, 0, 0, 1]).map(Answers::total),
            Ok(4)
        );
    }

    #[test]
    fn only_item_nine_raises_the_self_harm_signal() {
        let item9 = Phq9Answers::parse(&[0, 0, 0, 0, 0, 0, 0, 0, 1]).expect("valid");
        let others = Phq9Answers::parse(&[3, 3, 3, 3, 3, 3, 3, 3, 0]).expect("valid");
        assert!(item9.self_harm_signal());
        assert!(!others.self_harm_signal());
    }

    #[test]
    fn answers_survive_the_stored_form() {
        let answers = Phq9Answers::parse(&[0, 1, 2, 3, 0, 1, 2, 3, 0]).expect("valid");
        assert_eq!(answers.to_stored(), "0,1,2,3,0,1,2,3,0");
        assert_eq!(
            Phq9Answers::from_stored(&answers.to_stored()),
            Some(answers)
        );
        assert_eq!(Phq9Answers::from_stored("1,2"), None);
    }
}
