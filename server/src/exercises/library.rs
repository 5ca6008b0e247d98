//! The built-in IPT exercises: plain data the client app lists and the therapist assigns as homework.
//!
//! Exercise keys and prompt keys are stable: phones, homework and stored exercise logs refer to
//! them (a log's `responses` object is keyed by prompt key). Never rename or reuse a key; add a
//! new exercise or prompt instead, and change only titles, labels and instructions in place.
//! Those texts are in `server/locales/<language>/exercises.ftl`, by key.

use super::model::{Exercise, Prompt};
use crate::domain::Phase::{Ended, Initial, Middle, Termination};

/// Every built-in exercise, in the order the app lists them.
pub static EXERCISES: &[Exercise] = &[
    Exercise {
        key: "mood_relationship_diary",
        problem_areas: &[],
        prompts: &[
            Prompt {
                key: "what_happened",
                max_chars: 2000,
                scale: None,
                retired: false,
            },
            Prompt {
                key: "who_was_involved",
                max_chars: 500,
                scale: None,
                retired: false,
            },
            Prompt {
                key: "how_i_felt",
                max_chars: 2000,
                scale: None,
                retired: false,
            },
            Prompt {
                key: "how_it_affected_my_mood",
                max_chars: 2000,
                scale: None,
                retired: false,
            },
        ],
        phases: &[Initial, Middle, Termination],
        safety_check: false,
    },
    Exercise {
        key: "expressing_feelings",
        problem_areas: &[],
        prompts: &[
            Prompt {
                key: "situation",
                max_chars: 2000,
                scale: None,
                retired: false,
            },
            Prompt {
                key: "feeling",
                max_chars: 200,
                scale: None,
                retired: false,
            },
            Prompt {
                key: "feeling_strength",
                max_chars: 2,
                scale: Some((0, 10)),
                retired: false,
            },
            Prompt {
                key: "how_i_showed_it",
                max_chars: 2000,
                scale: None,
                retired: false,
            },
            Prompt {
                key: "what_i_would_like_to_say",
                max_chars: 2000,
                scale: None,
                retired: false,
            },
        ],
        phases: &[Middle],
        safety_check: false,
    },
    Exercise {
        key: "communication_analysis",
        problem_areas: &[],
        prompts: &[
            Prompt {
                key: "situation",
                max_chars: 2000,
                scale: None,
                retired: false,
            },
            Prompt {
                key: "what_i_wanted",
                max_chars: 2000,
                scale: None,
                retired: false,
            },
            Prompt {
                key: "what_i_said",
                max_chars: 2000,
                scale: None,
                retired: false,
            },
            Prompt {
                key: "what_they_said",
                max_chars: 2000,
                scale: None,
                retired: false,
            },
            Prompt {
                key: "how_i_felt",
                max_chars: 2000,
                scale: None,
                retired: false,
            },
            Prompt {
                key: "what_i_could_say_next_time",
                max_chars: 2000,
                scale: None,
                retired: false,
            },
        ],
        phases: &[Middle],
        safety_check: false,
    },
    Exercise {
        key: "role_play_rehearsal",
        problem_areas: &[],
        prompts: &[
            Prompt {
                key: "who",
                max_chars: 500,
                scale: None,
                retired: false,
            },
            Prompt {
                key: "what_i_want_to_say",
                max_chars: 2000,
                scale: None,
                retired: false,
            },
            Prompt {
                key: "how_they_might_respond",
                max_chars: 2000,
                scale: None,
                retired: false,
            },
            Prompt {
                key: "how_i_will_answer",
                max_chars: 2000,
                scale: None,
                retired: false,
            },
            Prompt {
                key: "how_confident_i_feel",
                max_chars: 500,
                scale: None,
                retired: true,
            },
            Prompt {
                key: "confidence_rating",
                max_chars: 2,
                scale: Some((0, 10)),
                retired: false,
            },
        ],
        phases: &[Middle],
        safety_check: true,
    },
    Exercise {
        key: "i_statements",
        problem_areas: &[],
        prompts: &[
            Prompt {
                key: "situation",
                max_chars: 2000,
                scale: None,
                retired: false,
            },
            Prompt {
                key: "feeling",
                max_chars: 2000,
                scale: None,
                retired: false,
            },
            Prompt {
                key: "need",
                max_chars: 2000,
                scale: None,
                retired: false,
            },
            Prompt {
                key: "request",
                max_chars: 2000,
                scale: None,
                retired: false,
            },
            Prompt {
                key: "my_statement",
                max_chars: 2000,
                scale: None,
                retired: false,
            },
        ],
        phases: &[Middle],
        safety_check: true,
    },
    Exercise {
        key: "decision_analysis",
        problem_areas: &["role_dispute", "role_transition"],
        prompts: &[
            Prompt {
                key: "decision",
                max_chars: 2000,
                scale: None,
                retired: false,
            },
            Prompt {
                key: "options",
                max_chars: 2000,
                scale: None,
                retired: false,
            },
            Prompt {
                key: "pros_and_cons",
                max_chars: 2000,
                scale: None,
                retired: false,
            },
            Prompt {
                key: "option_i_choose",
                max_chars: 2000,
                scale: None,
                retired: false,
            },
            Prompt {
                key: "first_step",
                max_chars: 2000,
                scale: None,
                retired: false,
            },
        ],
        phases: &[Middle],
        safety_check: false,
    },
    Exercise {
        key: "building_social_contacts",
        problem_areas: &["interpersonal_deficits"],
        prompts: &[
            Prompt {
                key: "who",
                max_chars: 500,
                scale: None,
                retired: false,
            },
            Prompt {
                key: "the_step",
                max_chars: 2000,
                scale: None,
                retired: false,
            },
            Prompt {
                key: "when",
                max_chars: 500,
                scale: None,
                retired: false,
            },
            Prompt {
                key: "what_happened",
                max_chars: 2000,
                scale: None,
                retired: false,
            },
            Prompt {
                key: "how_it_felt",
                max_chars: 2000,
                scale: None,
                retired: false,
            },
        ],
        phases: &[Middle, Termination],
        safety_check: false,
    },
    Exercise {
        key: "grief_work",
        problem_areas: &["grief"],
        prompts: &[
            Prompt {
                key: "good_memories",
                max_chars: 2000,
                scale: None,
                retired: false,
            },
            Prompt {
                key: "difficult_memories",
                max_chars: 2000,
                scale: None,
                retired: false,
            },
            Prompt {
                key: "what_i_miss",
                max_chars: 2000,
                scale: None,
                retired: false,
            },
            Prompt {
                key: "what_i_would_say",
                max_chars: 2000,
                scale: None,
                retired: false,
            },
            Prompt {
                key: "who_i_can_share_with",
                max_chars: 500,
                scale: None,
                retired: false,
            },
            Prompt {
                key: "interests_to_return_to",
                max_chars: 2000,
                scale: None,
                retired: false,
            },
            Prompt {
                key: "people_to_spend_time_with",
                max_chars: 2000,
                scale: None,
                retired: false,
            },
        ],
        phases: &[Middle],
        safety_check: false,
    },
    Exercise {
        key: "role_transition_old_and_new",
        problem_areas: &["role_transition"],
        prompts: &[
            Prompt {
                key: "the_change",
                max_chars: 2000,
                scale: None,
                retired: false,
            },
            Prompt {
                key: "what_i_lost",
                max_chars: 2000,
                scale: None,
                retired: false,
            },
            Prompt {
                key: "what_i_gained",
                max_chars: 2000,
                scale: None,
                retired: false,
            },
            Prompt {
                key: "skills_i_need",
                max_chars: 2000,
                scale: None,
                retired: false,
            },
            Prompt {
                key: "support_available",
                max_chars: 2000,
                scale: None,
                retired: false,
            },
        ],
        phases: &[Middle],
        safety_check: false,
    },
    Exercise {
        key: "role_dispute_stage",
        problem_areas: &["role_dispute"],
        prompts: &[
            Prompt {
                key: "who",
                max_chars: 500,
                scale: None,
                retired: false,
            },
            Prompt {
                key: "what_i_expect",
                max_chars: 2000,
                scale: None,
                retired: false,
            },
            Prompt {
                key: "what_they_expect",
                max_chars: 2000,
                scale: None,
                retired: false,
            },
            Prompt {
                key: "where_things_stand",
                max_chars: 2000,
                scale: None,
                retired: false,
            },
            Prompt {
                key: "one_thing_to_try",
                max_chars: 2000,
                scale: None,
                retired: false,
            },
        ],
        phases: &[Middle],
        safety_check: true,
    },
    Exercise {
        key: "interpersonal_inventory_review",
        problem_areas: &[],
        prompts: &[
            Prompt {
                key: "who",
                max_chars: 500,
                scale: None,
                retired: false,
            },
            Prompt {
                key: "closeness",
                max_chars: 2000,
                scale: None,
                retired: true,
            },
            Prompt {
                key: "closeness_circle",
                max_chars: 1,
                scale: Some((1, 3)),
                retired: false,
            },
            Prompt {
                key: "what_is_satisfying",
                max_chars: 2000,
                scale: None,
                retired: false,
            },
            Prompt {
                key: "what_is_unsatisfying",
                max_chars: 2000,
                scale: None,
                retired: false,
            },
            Prompt {
                key: "what_i_would_change",
                max_chars: 2000,
                scale: None,
                retired: false,
            },
        ],
        phases: &[Initial, Middle],
        safety_check: false,
    },
    Exercise {
        key: "relapse_signs_plan",
        problem_areas: &[],
        prompts: &[
            Prompt {
                key: "early_warning_signs",
                max_chars: 2000,
                scale: None,
                retired: false,
            },
            Prompt {
                key: "people_i_can_turn_to",
                max_chars: 2000,
                scale: None,
                retired: false,
            },
            Prompt {
                key: "skills_that_helped",
                max_chars: 2000,
                scale: None,
                retired: false,
            },
            Prompt {
                key: "what_i_will_do",
                max_chars: 2000,
                scale: None,
                retired: false,
            },
        ],
        phases: &[Termination, Ended],
        safety_check: false,
    },
];

/// The exercise with `key`, if any.
#[must_use]
pub fn find(key: &str) -> Option<&'static Exercise> {
    EXERCISES.iter().find(|e| e.key == key)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::documents::Mention;
    use crate::i18n::{Lang, shipped};
    use std::collections::HashSet;

    const PROBLEM_AREAS: [&str; 4] = [
        "grief",
        "role_dispute",
        "role_transition",
        "interpersonal_deficits",
    ];

    fn is_snake_case(key: &str) -> bool {
        !key.is_empty()
            && !key.starts_with('_')
            && !key.ends_with('_')
            && key
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
    }

    #[test]
    fn there_are_at_least_eight_exercises_with_unique_keys() {
        assert!(EXERCISES.len() >= 8, "only {} exercises", EXERCISES.len());
        let mut seen = HashSet::new();
        for exercise in EXERCISES {
            assert!(
                is_snake_case(exercise.key),
                "exercise key {:?} is not snake_case",
                exercise.key
            );
            assert!(
                seen.insert(exercise.key),
                "duplicate exercise key {:?}",
                exercise.key
            );
        }
    }

    #[test]
    fn every_exercise_has_its_texts_in_english_and_no_text_is_left_over() {
        let en = Lang::english();
        let mut ids = HashSet::new();
        for e in EXERCISES {
            let key = |part: &str| format!("exercise-{}-{part}", e.key);
            let mut parts = vec!["title".to_owned(), "skill".into(), "instructions".into()];
            if e.safety_check {
                parts.push("safety-check".into());
            }
            parts.extend(e.prompts.iter().map(|p| format!("prompt-{}", p.key)));
            for part in parts {
                let text = en.try_text(&key(&part));
                assert!(
                    text.is_some_and(|t| !t.trim().is_empty()),
                    "{}: no English {part}",
                    e.key
                );
                ids.insert(key(&part));
            }
        }
        let file = include_str!("../../locales/en/exercises.ftl");
        for line in file.lines().filter(|l| l.starts_with("exercise-")) {
            let id = line.split_once(" =").map_or(line, |(id, _)| id);
            assert!(ids.contains(id), "{id} belongs to no exercise or prompt");
        }
    }

    #[test]
    fn texts_are_in_the_language_asked_for() {
        let e = find("communication_analysis").expect("built in");
        assert_eq!(e.title(&Lang::english()), "Looking back at a conversation");
        for lang in shipped() {
            let title = e.title(lang);
            assert!(!title.is_empty() && !title.starts_with("exercise-"));
            if *lang != Lang::english() {
                assert_ne!(title, e.title(&Lang::english()), "{lang:?}");
            }
        }
    }

    #[test]
    fn every_exercise_has_prompts_with_unique_snake_case_keys() {
        for exercise in EXERCISES {
            assert!(
                (3..=7).contains(&exercise.prompts.len()),
                "{} has {} prompts",
                exercise.key,
                exercise.prompts.len()
            );
            let mut seen = HashSet::new();
            for prompt in exercise.prompts {
                assert!(
                    is_snake_case(prompt.key),
                    "{}: prompt key {:?} is not snake_case",
                    exercise.key,
                    prompt.key
                );
                assert!(
                    seen.insert(prompt.key),
                    "{}: duplicate prompt key {:?}",
                    exercise.key,
                    prompt.key
                );
                assert!(
                    prompt.max_chars > 0,
                    "{}.{}: max_chars is zero",
                    exercise.key,
                    prompt.key
                );
            }
        }
    }

    #[test]
    fn communication_analysis_asks_the_six_classic_questions() {
        let Some(exercise) = find("communication_analysis") else {
            panic!("communication_analysis is missing");
        };
        let keys: HashSet<&str> = exercise.prompts.iter().map(|p| p.key).collect();
        for expected in [
            "situation",
            "what_i_wanted",
            "what_i_said",
            "what_they_said",
            "how_i_felt",
            "what_i_could_say_next_time",
        ] {
            assert!(
                keys.contains(expected),
                "communication_analysis lacks prompt {expected:?}"
            );
        }
    }

    #[test]
    fn problem_areas_use_the_four_ipt_names() {
        for exercise in EXERCISES {
            let mut seen = HashSet::new();
            for area in exercise.problem_areas {
                assert!(
                    PROBLEM_AREAS.contains(area),
                    "{}: unknown problem area {area:?}",
                    exercise.key
                );
                assert!(
                    seen.insert(*area),
                    "{}: problem area {area:?} listed twice",
                    exercise.key
                );
            }
        }
    }

    #[test]
    fn find_returns_an_exercise_by_key_and_none_for_unknown() {
        for exercise in EXERCISES {
            assert_eq!(find(exercise.key), Some(exercise));
        }
        assert_eq!(
            find("grief_work").map(|e| e.problem_areas),
            Some(&["grief"][..])
        );
        assert_eq!(find("no_such_exercise"), None);
        assert_eq!(find(""), None);
        assert_eq!(find("Communication_Analysis"), None);
    }

    #[test]
    fn exercises_that_ask_the_client_to_speak_up_check_for_danger_first() {
        for key in ["role_play_rehearsal", "i_statements", "role_dispute_stage"] {
            let e = find(key).expect("built in");
            assert!(e.safety_check, "{key}: no safety check");
            assert!(
                e.instructions(&Lang::english(), Mention::Neutral)
                    .contains("could put you in danger"),
                "{key}: no caveat"
            );
        }
    }

    #[test]
    fn grief_work_reaches_the_second_task_and_offers_a_way_out() {
        let grief = find("grief_work").expect("built in");
        let keys: Vec<&str> = grief.prompts.iter().map(|p| p.key).collect();
        assert!(keys.contains(&"interests_to_return_to"));
        assert!(keys.contains(&"people_to_spend_time_with"));
        let instructions = grief.instructions(&Lang::english(), Mention::Neutral);
        assert!(instructions.contains("safety plan"));
        assert!(instructions.contains("crisis resources"));
    }

    #[test]
    fn grief_work_points_to_the_safety_plan_only_when_the_client_has_one_in_every_language() {
        let grief = find("grief_work").expect("built in");
        let english = Lang::english();
        let with = grief.instructions(&english, Mention::Present);
        let without = grief.instructions(&english, Mention::Absent);
        assert!(
            with.ends_with("open your safety plan or the crisis resources in the app."),
            "{with}"
        );
        assert!(!without.contains("open your safety plan"), "{without}");
        assert!(
            without.contains("ask your therapist to make a safety plan with you"),
            "{without}"
        );
        for lang in crate::i18n::shipped() {
            let variants: Vec<String> = [Mention::Present, Mention::Absent, Mention::Neutral]
                .into_iter()
                .map(|m| grief.instructions(lang, m))
                .collect();
            assert!(
                variants
                    .iter()
                    .all(|v| !v.contains('{') && !v.contains("exercise-")),
                "{lang:?}: {variants:?}"
            );
            assert_ne!(variants[0], variants[1], "{lang:?}");
            assert_ne!(variants[1], variants[2], "{lang:?}");
            if *lang != english {
                assert_ne!(
                    variants[1],
                    grief.instructions(&english, Mention::Absent),
                    "{lang:?} has its own text"
                );
            }
        }
    }

    #[test]
    fn every_exercise_serves_a_phase_and_affect_has_one() {
        assert!(EXERCISES.iter().all(|e| !e.phases.is_empty()));
        assert!(find("expressing_feelings").is_some());
        for e in EXERCISES {
            let mut keys = HashSet::new();
            for p in e.prompts {
                assert!(keys.insert(p.key), "{}: prompt {} twice", e.key, p.key);
                if let Some((low, high)) = p.scale {
                    assert!(low < high, "{}.{}", e.key, p.key);
                }
            }
        }
    }
}
