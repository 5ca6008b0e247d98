//! Every request body type through the server's own JSON extraction and validation: whatever
//! the bytes, the outcome is a value or a 400/422 error — never a panic.
#![no_main]

use ipt_server::extract::parse_json;
use libfuzzer_sys::fuzz_target;
use validator::Validate;

fn check<T: serde::de::DeserializeOwned + Validate>(data: &[u8]) {
    if let Ok(value) = parse_json::<T>(data) {
        let _ = value.validate();
    }
}

fuzz_target!(|data: &[u8]| {
    check::<ipt_server::checkins::dto::CreateCheckinRequest>(data);
    check::<ipt_server::clients::dto::CreateClientRequest>(data);
    check::<ipt_server::relationships::dto::RelationshipRequest>(data);
    check::<ipt_server::homework::dto::HomeworkRequest>(data);
    check::<ipt_server::exercises::dto::CreateExerciseLogRequest>(data);
    check::<ipt_server::accounts::dto::SignupRequest>(data);
    check::<ipt_server::safety::dto::AcknowledgeRequest>(data);
    check::<ipt_server::safety::dto::SafetyContactsBody>(data);
    check::<ipt_server::clients::dto::RegionRequest>(data);
    check::<ipt_server::safety_plan::dto::SafetyPlanRequest>(data);
    if let Ok(body) = parse_json::<ipt_server::reminders::dto::ReminderSettingsBody>(data) {
        let _ = ipt_server::reminders::settings::ReminderSettings::parse(&body);
    }
});
