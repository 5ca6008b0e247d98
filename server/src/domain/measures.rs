//! Self-ratings and questionnaires: daily mood, PHQ-9 (depression) and GAD-7 (anxiety).

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// A 0–10 self-rating: mood (10 = best), difficulty, outcome, helpfulness.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Score0To10(u8);

/// A 0–10 self-rating as a request sends it: its bounds are [`Score0To10`]'s, and the schema
/// and the 422 say them (`wire::Bounded`).
pub type Rating = crate::wire::Bounded<{ Score0To10::MIN }, { Score0To10::MAX }>;

impl Score0To10 {
    /// The lowest rating.
    pub const MIN: i64 = 0;
    /// The highest rating.
    pub const MAX: i64 = 10;

    /// # Errors
    /// Outside 0–10.
    pub fn parse(raw: Rating) -> Result<Self, String> {
        raw.checked()
            .map(|n| Self(u8::try_from(n).expect("0–10 fits a byte")))
    }

    /// The rating as a number, 0–10.
    #[must_use]
    pub fn get(self) -> u8 {
        self.0
    }
}

/// Severity band of a PHQ-9 total (0–27).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Phq9Band {
    /// Total 0–4.
    Minimal,
    /// Total 5–9.
    Mild,
    /// Total 10–14.
    Moderate,
    /// Total 15–19.
    ModeratelySevere,
    /// Total 20–27.
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
    /// Total 0–4.
    Minimal,
    /// Total 5–9.
    Mild,
    /// Total 10–14.
    Moderate,
    /// Total 15–21.
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

/// Answers to a questionnaire of `N` items, each 0–3 or skipped (`None`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Answers<const N: usize>([Option<u8>; N]);

/// The nine PHQ-9 answers.
pub type Phq9Answers = Answers<9>;
/// The seven GAD-7 answers.
pub type Gad7Answers = Answers<7>;

impl<const N: usize> Answers<N> {
    /// Skipped items a total may be prorated over. The PHQ instruction manual (Kroenke,
    /// Spitzer, Williams; Pfizer) lets a PHQ-9 with one or two missing items be prorated and
    /// not scored beyond that. It gives no such rule for the GAD-7, so a GAD-7 with a skipped
    /// item has no total (docs/adherence.md).
    const MAX_MISSING: usize = if N == 9 { 2 } else { 0 };

    /// Complete answers.
    ///
    /// # Errors
    /// Not exactly `N` answers, or an answer outside 0–3.
    pub fn parse(raw: &[i64]) -> Result<Self, &'static str> {
        let raw: Vec<Option<i64>> = raw.iter().copied().map(Some).collect();
        Self::parse_partial(&raw)
    }

    /// Answers where `None` is a skipped item.
    ///
    /// # Errors
    /// Not exactly `N` answers, or an answer outside 0–3.
    pub fn parse_partial(raw: &[Option<i64>]) -> Result<Self, &'static str> {
        if raw.len() != N {
            return Err(if N == 9 {
                "must have exactly 9 answers"
            } else {
                "must have exactly 7 answers"
            });
        }
        let mut answers = [None; N];
        for (slot, value) in answers.iter_mut().zip(raw) {
            *slot = match value {
                None => None,
                Some(v) => Some(
                    u8::try_from(*v)
                        .ok()
                        .filter(|v| *v <= 3)
                        .ok_or("each answer must be between 0 and 3, or null")?,
                ),
            };
        }
        Ok(Self(answers))
    }

    /// Reads the stored form (`0,1,,3,…`: empty for a skipped item).
    #[must_use]
    pub fn from_stored(stored: &str) -> Option<Self> {
        let values: Vec<Option<i64>> = stored
            .split(',')
            .map(|v| {
                if v.is_empty() {
                    Ok(None)
                } else {
                    v.parse().map(Some)
                }
            })
            .collect::<Result<_, _>>()
            .ok()?;
        Self::parse_partial(&values).ok()
    }

    /// The stored form.
    #[must_use]
    pub fn to_stored(self) -> String {
        self.0
            .iter()
            .map(|v| v.map(|v| v.to_string()).unwrap_or_default())
            .collect::<Vec<_>>()
            .join(",")
    }

    /// How many items were skipped.
    #[must_use]
    pub fn missing(self) -> usize {
        self.0.iter().filter(|v| v.is_none()).count()
    }

    /// The total: the sum when complete; with up to the measure's allowed number of skipped
    /// items, `round(sum × N / answered)` with halves rounded up; else none.
    #[must_use]
    pub fn total(self) -> Option<u8> {
        let missing = self.missing();
        if missing > Self::MAX_MISSING {
            return None;
        }
        let sum: usize = self.0.iter().flatten().map(|v| usize::from(*v)).sum();
        let answered = N - missing;
        let total = (2 * sum * N + answered) / (2 * answered);
        u8::try_from(total).ok()
    }

    /// Whether the total was prorated over skipped items.
    #[must_use]
    pub fn prorated(self) -> bool {
        self.missing() > 0 && self.total().is_some()
    }

    /// The answers in item order, each 0–3, `None` for a skipped item.
    #[must_use]
    pub fn values(self) -> [Option<u8>; N] {
        self.0
    }
}

impl Phq9Answers {
    /// The item-9 answer (thoughts of self-harm); `None` when skipped, never taken as 0.
    #[must_use]
    pub fn item9(self) -> Option<u8> {
        self.0[8]
    }

    /// Item 9 asks about thoughts of self-harm; any answer above 0 is a safety signal.
    #[must_use]
    pub fn self_harm_signal(self) -> bool {
        self.item9().is_some_and(|v| v > 0)
    }

    /// Item 9 was left unanswered: a signal in itself, never silence.
    #[must_use]
    pub fn item9_unanswered(self) -> bool {
        self.item9().is_none()
    }

    /// The client is shown crisis resources (and offered the follow-up screen): item 9 above 0,
    /// item 9 unanswered, or a total (prorated or not) of 20 or more.
    #[must_use]
    pub fn needs_crisis_resources(self) -> bool {
        self.self_harm_signal() || self.item9_unanswered() || self.total().is_some_and(|t| t >= 20)
    }

    /// The alert these answers open, if any: item 9 above 0, or item 9 unanswered with a
    /// severe total (20 or more).
    #[must_use]
    pub fn alert(self) -> Option<Phq9Alert> {
        match self.item9() {
            Some(v) if v > 0 => Some(Phq9Alert::SelfHarm(v)),
            None if self.total().is_some_and(|t| t >= 20) => Some(Phq9Alert::SevereItem9Unanswered),
            _ => None,
        }
    }
}

/// Why a PHQ-9 opens a safety alert.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Phq9Alert {
    /// Item 9 (thoughts of self-harm) answered above 0 (the answer, 1–3).
    SelfHarm(u8),
    /// Item 9 unanswered and a total of 20 or more.
    SevereItem9Unanswered,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_unanswered_item9_with_a_severe_total_opens_an_alert_and_shows_resources() {
        let answers = phq9([
            Some(3),
            Some(3),
            Some(3),
            Some(3),
            Some(3),
            Some(3),
            Some(3),
            Some(3),
            None,
        ]);
        assert_eq!(answers.total(), Some(27));
        assert!(!answers.self_harm_signal());
        assert!(answers.item9_unanswered());
        assert!(answers.needs_crisis_resources());
        assert_eq!(answers.alert(), Some(Phq9Alert::SevereItem9Unanswered));
    }

    #[test]
    fn an_unanswered_item9_with_a_lower_total_shows_resources_without_an_alert() {
        let answers = phq9([
            Some(1),
            Some(1),
            Some(1),
            Some(1),
            Some(1),
            Some(1),
            Some(1),
            Some(1),
            None,
        ]);
        assert!(answers.needs_crisis_resources());
        assert_eq!(answers.alert(), None);
    }

    #[test]
    fn a_total_of_twenty_with_item9_at_zero_shows_resources_without_an_alert() {
        let answers = phq9([
            Some(3),
            Some(3),
            Some(3),
            Some(3),
            Some(3),
            Some(3),
            Some(1),
            Some(1),
            Some(0),
        ]);
        assert_eq!(answers.total(), Some(20));
        assert!(answers.needs_crisis_resources());
        assert_eq!(answers.alert(), None);
        let below = phq9([
            Some(3),
            Some(3),
            Some(3),
            Some(3),
            Some(3),
            Some(3),
            Some(1),
            Some(0),
            Some(0),
        ]);
        assert!(!below.needs_crisis_resources());
    }

    #[test]
    fn item9_above_zero_is_the_self_harm_alert() {
        let answers = phq9([
            Some(0),
            Some(0),
            Some(0),
            Some(0),
            Some(0),
            Some(0),
            Some(0),
            Some(0),
            Some(2),
        ]);
        assert_eq!(answers.alert(), Some(Phq9Alert::SelfHarm(2)));
        assert!(answers.needs_crisis_resources());
    }

    #[test]
    fn mood_accepts_zero_to_ten_only() {
        assert!(Score0To10::parse(Rating::from(-1)).is_err());
        assert_eq!(
            Score0To10::parse(Rating::from(0)).map(Score0To10::get),
            Ok(0)
        );
        assert_eq!(
            Score0To10::parse(Rating::from(10)).map(Score0To10::get),
            Ok(10)
        );
        assert_eq!(
            Score0To10::parse(Rating::from(11)),
            Err("must be between 0 and 10".to_owned())
        );
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
        assert_eq!(
            Phq9Answers::parse(&[3; 9]).map(Answers::total),
            Ok(Some(27))
        );
        assert_eq!(
            Gad7Answers::parse(&[3; 7]).map(Answers::total),
            Ok(Some(21))
        );
        assert_eq!(
            Phq9Answers::parse(&[1, 2, 0, 0, 0, 0, 0, 0, 1]).map(Answers::total),
            Ok(Some(4))
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

    fn phq9(raw: [Option<i64>; 9]) -> Phq9Answers {
        Phq9Answers::parse_partial(&raw).expect("valid")
    }

    #[test]
    fn a_phq9_with_up_to_two_skipped_items_is_prorated_with_halves_rounded_up() {
        let none = phq9([Some(1); 9]);
        assert_eq!((none.total(), none.prorated()), (Some(9), false));
        // 8 answered, sum 7: 7 × 9 / 8 = 7.875 → 8.
        let one = phq9([
            None,
            Some(1),
            Some(1),
            Some(1),
            Some(1),
            Some(1),
            Some(1),
            Some(1),
            Some(0),
        ]);
        assert_eq!((one.total(), one.prorated()), (Some(8), true));
        // 7 answered, sum 7: 7 × 9 / 7 = 9.
        let two = phq9([
            None,
            None,
            Some(1),
            Some(1),
            Some(1),
            Some(1),
            Some(1),
            Some(1),
            Some(1),
        ]);
        assert_eq!((two.total(), two.prorated()), (Some(9), true));
        // 8 answered, sum 4: 4.5 → 5 (a half rounds up).
        let half = phq9([
            None,
            Some(1),
            Some(1),
            Some(1),
            Some(1),
            Some(0),
            Some(0),
            Some(0),
            Some(0),
        ]);
        assert_eq!(half.total(), Some(5));
        let three = phq9([
            None,
            None,
            None,
            Some(1),
            Some(1),
            Some(1),
            Some(1),
            Some(1),
            Some(1),
        ]);
        assert_eq!((three.total(), three.prorated()), (None, false));
    }

    #[test]
    fn a_skipped_item_nine_is_not_answered_and_raises_no_signal() {
        let skipped = phq9([
            Some(3),
            Some(3),
            Some(3),
            Some(3),
            Some(3),
            Some(3),
            Some(3),
            Some(3),
            None,
        ]);
        assert_eq!(skipped.item9(), None);
        assert!(!skipped.self_harm_signal());
    }

    #[test]
    fn a_gad7_with_a_skipped_item_has_no_total() {
        let gad7 = Gad7Answers::parse_partial(&[
            None,
            Some(1),
            Some(1),
            Some(1),
            Some(1),
            Some(1),
            Some(1),
        ])
        .expect("valid");
        assert_eq!(gad7.total(), None);
    }

    #[test]
    fn skipped_items_survive_the_stored_form() {
        let answers = phq9([
            Some(0),
            None,
            Some(2),
            Some(3),
            Some(0),
            Some(1),
            Some(2),
            Some(3),
            None,
        ]);
        assert_eq!(answers.to_stored(), "0,,2,3,0,1,2,3,");
        assert_eq!(
            Phq9Answers::from_stored(&answers.to_stored()),
            Some(answers)
        );
    }
}
