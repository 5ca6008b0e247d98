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
    let numbers: Vec<i64> = data.iter().map(|b| i64::from(*b) - 64).collect();
    if let Ok(answers) = Phq9Answers::parse(&numbers) {
        assert!(answers.total() <= 27);
    }
});
