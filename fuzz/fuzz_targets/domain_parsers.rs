//! The domain parsers on arbitrary text and numbers: they accept or refuse, never panic, and
//! what they accept survives its own printed form.
#![no_main]

use ipt_server::domain::{DisplayName, Email, LocalTimeOfDay, Phq9Answers, Timezone};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    if let Ok(t) = LocalTimeOfDay::parse(text) {
        assert_eq!(LocalTimeOfDay::parse(&t.to_string()), Ok(t));
    }
    let _ = Email::parse(text);
    let _ = DisplayName::parse(text);
    let _ = Timezone::parse(text);
    // Bytes become answers; 255 stands for a skipped item.
    let numbers: Vec<Option<i64>> = data
        .iter()
        .map(|b| (*b != 255).then(|| i64::from(*b) - 64))
        .collect();
    if let Ok(answers) = Phq9Answers::parse_partial(&numbers) {
        assert!(answers.total().is_none_or(|t| t <= 27));
        assert_eq!(Phq9Answers::from_stored(&answers.to_stored()), Some(answers));
    }
    // A refused check-in's body, whatever it holds, gives a signal or none: never a panic.
    let _ = ipt_server::checkins::refused_signal(data);
});
