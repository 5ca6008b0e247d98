//! The built-in IPT exercises: plain data the client app lists and the therapist assigns as homework.
//!
//! Exercise keys and prompt keys are stable: phones, homework and stored exercise logs refer to
//! them (a log's `responses` object is keyed by prompt key). Never rename or reuse a key; add a
//! new exercise or prompt instead, and change only titles, labels and instructions in place.

use super::{Exercise, Prompt};
use crate::domain::Phase::{Ended, Initial, Middle, Termination};

/// Every built-in exercise, in the order the app lists them.
pub static EXERCISES: &[Exercise] = &[
    Exercise {
        key: "mood_relationship_diary",
        title: "Mood and relationship diary",
        skill: "Linking mood to relationships",
        instructions: "Think about how you have felt today and about one moment with another person \
            that stood out, big or small. Write down what happened, who was there and how it left \
            you feeling. Over time, this can help you notice how your mood and your relationships \
            move together. There are no right or wrong answers.",
        problem_areas: &[],
        prompts: &[
            Prompt {
                key: "what_happened",
                label: "What happened today between you and someone else?",
                max_chars: 2000,
                scale: None,
                retired: false,
            },
            Prompt {
                key: "who_was_involved",
                label: "Who was involved?",
                max_chars: 500,
                scale: None,
                retired: false,
            },
            Prompt {
                key: "how_i_felt",
                label: "How did you feel during or after it?",
                max_chars: 2000,
                scale: None,
                retired: false,
            },
            Prompt {
                key: "how_it_affected_my_mood",
                label: "How did it affect your mood for the rest of the day?",
                max_chars: 2000,
                scale: None,
                retired: false,
            },
        ],
        phases: &[Initial, Middle, Termination],
        safety_check: None,
    },
    Exercise {
        key: "expressing_feelings",
        title: "Putting a feeling into words",
        skill: "Encouraging affect",
        instructions: "Strong feelings about the people in our lives are normal, including anger, \
            sadness and guilt, and naming them is the first step to doing something with them. \
            Think of a recent moment with someone when you felt something strongly. Name the \
            feeling, how strong it was and how you showed it, if you did, and what you would \
            like to say about it. There are no wrong feelings.",
        problem_areas: &[],
        prompts: &[
            Prompt {
                key: "situation",
                label: "What happened, and who was it with?",
                max_chars: 2000,
                scale: None,
                retired: false,
            },
            Prompt {
                key: "feeling",
                label: "What did you feel? Try to name it in one or two words.",
                max_chars: 200,
                scale: None,
                retired: false,
            },
            Prompt {
                key: "feeling_strength",
                label: "How strong was the feeling? (0 = barely, 10 = as strong as it gets)",
                max_chars: 2,
                scale: Some((0, 10)),
                retired: false,
            },
            Prompt {
                key: "how_i_showed_it",
                label: "Did you show or say how you felt? How?",
                max_chars: 2000,
                scale: None,
                retired: false,
            },
            Prompt {
                key: "what_i_would_like_to_say",
                label: "What would you like to say to them about it?",
                max_chars: 2000,
                scale: None,
                retired: false,
            },
        ],
        phases: &[Middle],
        safety_check: None,
    },
    Exercise {
        key: "communication_analysis",
        title: "Looking back at a conversation",
        skill: "Communication analysis",
        instructions: "Choose a recent conversation that mattered to you, especially one that did \
            not go the way you hoped. Try to remember it step by step: what you wanted, what was \
            actually said on both sides and how you felt. Then think about what you might say \
            differently next time. This is not about blaming anyone, only about understanding.",
        problem_areas: &[],
        prompts: &[
            Prompt {
                key: "situation",
                label: "What was the situation, and who were you talking with?",
                max_chars: 2000,
                scale: None,
                retired: false,
            },
            Prompt {
                key: "what_i_wanted",
                label: "What did you want or hope for from the conversation?",
                max_chars: 2000,
                scale: None,
                retired: false,
            },
            Prompt {
                key: "what_i_said",
                label: "What did you say, as closely as you can remember it?",
                max_chars: 2000,
                scale: None,
                retired: false,
            },
            Prompt {
                key: "what_they_said",
                label: "What did they say or do in response?",
                max_chars: 2000,
                scale: None,
                retired: false,
            },
            Prompt {
                key: "how_i_felt",
                label: "How did you feel during and after the conversation?",
                max_chars: 2000,
                scale: None,
                retired: false,
            },
            Prompt {
                key: "what_i_could_say_next_time",
                label: "What could you say or do differently next time?",
                max_chars: 2000,
                scale: None,
                retired: false,
            },
        ],
        phases: &[Middle],
        safety_check: None,
    },
    Exercise {
        key: "role_play_rehearsal",
        title: "Rehearsing a difficult conversation",
        skill: "Role-play rehearsal",
        instructions: "Pick a conversation you would like to have but find hard to start. Plan what \
            you want to say, imagine how the other person might respond, and think about how you \
            could answer. You can practise it out loud, alone or with someone you trust, before \
            the real conversation. \
            If speaking up could put you in danger, do not practise with that person: talk with \
            your therapist first.",
        problem_areas: &[],
        prompts: &[
            Prompt {
                key: "who",
                label: "Who is the conversation with?",
                max_chars: 500,
                scale: None,
                retired: false,
            },
            Prompt {
                key: "what_i_want_to_say",
                label: "What do you want to say to them?",
                max_chars: 2000,
                scale: None,
                retired: false,
            },
            Prompt {
                key: "how_they_might_respond",
                label: "How might they respond?",
                max_chars: 2000,
                scale: None,
                retired: false,
            },
            Prompt {
                key: "how_i_will_answer",
                label: "How will you answer if they respond that way?",
                max_chars: 2000,
                scale: None,
                retired: false,
            },
            Prompt {
                key: "how_confident_i_feel",
                label: "How confident do you feel about having this conversation now?",
                max_chars: 500,
                scale: None,
                retired: true,
            },
            Prompt {
                key: "confidence_rating",
                label: "How confident do you feel about having this conversation now? \
                    (0 = not at all, 10 = completely)",
                max_chars: 2,
                scale: Some((0, 10)),
                retired: false,
            },
        ],
        phases: &[Middle],
        safety_check: Some("Could speaking up to this person put you in danger?"),
    },
    Exercise {
        key: "i_statements",
        title: "Saying what you need",
        skill: "Expressing needs with \"I\" statements",
        instructions: "An \"I\" statement describes how you feel and what you need, without \
            blaming the other person, for example: \"I feel left out when plans change without me; \
            I would like us to decide together.\" Think of a situation where you would like \
            something to be different, and build your own statement step by step. \
            If speaking up could put you in danger, do not practise with that person: talk with \
            your therapist first.",
        problem_areas: &[],
        prompts: &[
            Prompt {
                key: "situation",
                label: "What is the situation?",
                max_chars: 2000,
                scale: None,
                retired: false,
            },
            Prompt {
                key: "feeling",
                label: "How do you feel when it happens?",
                max_chars: 2000,
                scale: None,
                retired: false,
            },
            Prompt {
                key: "need",
                label: "What do you need in that moment?",
                max_chars: 2000,
                scale: None,
                retired: false,
            },
            Prompt {
                key: "request",
                label: "What would you like to ask the other person to do?",
                max_chars: 2000,
                scale: None,
                retired: false,
            },
            Prompt {
                key: "my_statement",
                label: "What is the \"I\" statement you will use?",
                max_chars: 2000,
                scale: None,
                retired: false,
            },
        ],
        phases: &[Middle],
        safety_check: Some("Could speaking up to this person put you in danger?"),
    },
    Exercise {
        key: "decision_analysis",
        title: "Weighing your options",
        skill: "Decision analysis",
        instructions: "When you are stuck in a disagreement or facing a change, it can help to see \
            all your options side by side. Write down every option you can think of, even ones \
            that seem unlikely, with what speaks for and against each. Then choose one to try and \
            a small first step you can take.",
        problem_areas: &["role_dispute", "role_transition"],
        prompts: &[
            Prompt {
                key: "decision",
                label: "What decision or problem are you facing?",
                max_chars: 2000,
                scale: None,
                retired: false,
            },
            Prompt {
                key: "options",
                label: "What options do you have?",
                max_chars: 2000,
                scale: None,
                retired: false,
            },
            Prompt {
                key: "pros_and_cons",
                label: "What speaks for and against each option?",
                max_chars: 2000,
                scale: None,
                retired: false,
            },
            Prompt {
                key: "option_i_choose",
                label: "Which option do you choose to try?",
                max_chars: 2000,
                scale: None,
                retired: false,
            },
            Prompt {
                key: "first_step",
                label: "What is your first step, and when will you take it?",
                max_chars: 2000,
                scale: None,
                retired: false,
            },
        ],
        phases: &[Middle],
        safety_check: None,
    },
    Exercise {
        key: "building_social_contacts",
        title: "One small step towards someone",
        skill: "Building social contacts",
        instructions: "Choose one person you would like to feel closer to, or get to know, and one \
            small, doable step towards them, such as a message, a call or a short visit. After \
            you have tried it, write down what happened and how it felt. Any step counts, \
            whatever the outcome.",
        problem_areas: &["interpersonal_deficits"],
        prompts: &[
            Prompt {
                key: "who",
                label: "Who would you like to reach out to?",
                max_chars: 500,
                scale: None,
                retired: false,
            },
            Prompt {
                key: "the_step",
                label: "What small step will you take?",
                max_chars: 2000,
                scale: None,
                retired: false,
            },
            Prompt {
                key: "when",
                label: "When will you take it?",
                max_chars: 500,
                scale: None,
                retired: false,
            },
            Prompt {
                key: "what_happened",
                label: "What happened when you tried it?",
                max_chars: 2000,
                scale: None,
                retired: false,
            },
            Prompt {
                key: "how_it_felt",
                label: "How did it feel?",
                max_chars: 2000,
                scale: None,
                retired: false,
            },
        ],
        phases: &[Middle, Termination],
        safety_check: None,
    },
    Exercise {
        key: "grief_work",
        title: "Remembering the person you lost",
        skill: "Grief work",
        instructions: "Take some quiet time to think about the person you have lost and your \
            relationship with them, both the good times and the harder ones. Relationships are \
            rarely all one thing, and every feeling you have about them is allowed. Write as much \
            or as little as you like, and stop whenever you need to. Mourning also means, in time, \
            making room for life going on: the last questions are about interests and people you \
            could turn to again. If this becomes overwhelming, stop and do something calming; if \
            you feel unsafe, open your safety plan or the crisis resources in the app.",
        problem_areas: &["grief"],
        prompts: &[
            Prompt {
                key: "good_memories",
                label: "What good memories do you have of them?",
                max_chars: 2000,
                scale: None,
                retired: false,
            },
            Prompt {
                key: "difficult_memories",
                label: "What was difficult in your relationship with them?",
                max_chars: 2000,
                scale: None,
                retired: false,
            },
            Prompt {
                key: "what_i_miss",
                label: "What do you miss most?",
                max_chars: 2000,
                scale: None,
                retired: false,
            },
            Prompt {
                key: "what_i_would_say",
                label: "What would you like to say to them now?",
                max_chars: 2000,
                scale: None,
                retired: false,
            },
            Prompt {
                key: "who_i_can_share_with",
                label: "Who could you share these memories with?",
                max_chars: 500,
                scale: None,
                retired: false,
            },
            Prompt {
                key: "interests_to_return_to",
                label: "What is one interest or activity you could take up again, or try for the \
                    first time?",
                max_chars: 2000,
                scale: None,
                retired: false,
            },
            Prompt {
                key: "people_to_spend_time_with",
                label: "Who could you spend more time with in the coming weeks?",
                max_chars: 2000,
                scale: None,
                retired: false,
            },
        ],
        phases: &[Middle],
        safety_check: None,
    },
    Exercise {
        key: "role_transition_old_and_new",
        title: "Between the old and the new",
        skill: "Role transition",
        instructions: "Changes in life, even welcome ones, often mean letting go of something while \
            learning something new. Think about your life before the change and your life now: \
            what you have lost, what you have gained, and what could help you settle into the \
            new situation.",
        problem_areas: &["role_transition"],
        prompts: &[
            Prompt {
                key: "the_change",
                label: "What change are you going through?",
                max_chars: 2000,
                scale: None,
                retired: false,
            },
            Prompt {
                key: "what_i_lost",
                label: "What have you lost or left behind with the old role?",
                max_chars: 2000,
                scale: None,
                retired: false,
            },
            Prompt {
                key: "what_i_gained",
                label: "What have you gained, or might you gain, in the new role?",
                max_chars: 2000,
                scale: None,
                retired: false,
            },
            Prompt {
                key: "skills_i_need",
                label: "What skills or knowledge would help you in the new role?",
                max_chars: 2000,
                scale: None,
                retired: false,
            },
            Prompt {
                key: "support_available",
                label: "Who or what could support you through this change?",
                max_chars: 2000,
                scale: None,
                retired: false,
            },
        ],
        phases: &[Middle],
        safety_check: None,
    },
    Exercise {
        key: "role_dispute_stage",
        title: "Understanding a disagreement",
        skill: "Role dispute",
        instructions: "Disagreements often come from different expectations that have not been \
            said out loud. Think about one ongoing disagreement with someone important to you: \
            what each of you expects, and where things stand right now. Then choose one thing \
            you could try to move it forward. \
            If speaking up could put you in danger, do not practise with that person: talk with \
            your therapist first.",
        problem_areas: &["role_dispute"],
        prompts: &[
            Prompt {
                key: "who",
                label: "Who is the disagreement with?",
                max_chars: 500,
                scale: None,
                retired: false,
            },
            Prompt {
                key: "what_i_expect",
                label: "What do you expect from them?",
                max_chars: 2000,
                scale: None,
                retired: false,
            },
            Prompt {
                key: "what_they_expect",
                label: "What do you think they expect from you?",
                max_chars: 2000,
                scale: None,
                retired: false,
            },
            Prompt {
                key: "where_things_stand",
                label: "Where do things stand: are you still talking it through, are you stuck \
                    and no longer talking about it, or is the relationship coming to an end?",
                max_chars: 2000,
                scale: None,
                retired: false,
            },
            Prompt {
                key: "one_thing_to_try",
                label: "What is one thing you could try?",
                max_chars: 2000,
                scale: None,
                retired: false,
            },
        ],
        phases: &[Middle],
        safety_check: Some("Could speaking up to this person put you in danger?"),
    },
    Exercise {
        key: "interpersonal_inventory_review",
        title: "Looking at one important relationship",
        skill: "Interpersonal inventory",
        instructions: "Choose one person who matters in your life right now. Think about how close \
            you feel, what works well between you and what does not. Then consider what, if \
            anything, you would like to be different.",
        problem_areas: &[],
        prompts: &[
            Prompt {
                key: "who",
                label: "Who is this person to you?",
                max_chars: 500,
                scale: None,
                retired: false,
            },
            Prompt {
                key: "closeness",
                label: "How close do you feel to them?",
                max_chars: 2000,
                scale: None,
                retired: true,
            },
            Prompt {
                key: "closeness_circle",
                label: "In which circle of your inventory are they: 1 (closest), 2 or 3?",
                max_chars: 1,
                scale: Some((1, 3)),
                retired: false,
            },
            Prompt {
                key: "what_is_satisfying",
                label: "What is satisfying or supportive in this relationship?",
                max_chars: 2000,
                scale: None,
                retired: false,
            },
            Prompt {
                key: "what_is_unsatisfying",
                label: "What is unsatisfying or difficult in it?",
                max_chars: 2000,
                scale: None,
                retired: false,
            },
            Prompt {
                key: "what_i_would_change",
                label: "What would you like to change?",
                max_chars: 2000,
                scale: None,
                retired: false,
            },
        ],
        phases: &[Initial, Middle],
        safety_check: None,
    },
    Exercise {
        key: "relapse_signs_plan",
        title: "Staying well after therapy",
        skill: "Relapse prevention",
        instructions: "As therapy comes to an end, it helps to have a plan for harder times. Think \
            about the first signs that things might be getting difficult again, the people you \
            can turn to and what has helped you during therapy. Keep this plan somewhere you can \
            find it easily.",
        problem_areas: &[],
        prompts: &[
            Prompt {
                key: "early_warning_signs",
                label: "What early signs tell you that things may be getting harder?",
                max_chars: 2000,
                scale: None,
                retired: false,
            },
            Prompt {
                key: "people_i_can_turn_to",
                label: "Who can you turn to when that happens?",
                max_chars: 2000,
                scale: None,
                retired: false,
            },
            Prompt {
                key: "skills_that_helped",
                label: "Which skills or ideas from therapy helped you most?",
                max_chars: 2000,
                scale: None,
                retired: false,
            },
            Prompt {
                key: "what_i_will_do",
                label: "What will you do if you notice those signs?",
                max_chars: 2000,
                scale: None,
                retired: false,
            },
        ],
        phases: &[Termination, Ended],
        safety_check: None,
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
            assert!(
                !exercise.title.trim().is_empty(),
                "{}: no title",
                exercise.key
            );
            assert!(
                !exercise.skill.trim().is_empty(),
                "{}: no skill",
                exercise.key
            );
            assert!(
                !exercise.instructions.trim().is_empty(),
                "{}: no instructions",
                exercise.key
            );
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
                    !prompt.label.trim().is_empty(),
                    "{}.{}: empty label",
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
            assert!(e.safety_check.is_some(), "{key}: no safety check");
            assert!(
                e.instructions.contains("could put you in danger"),
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
        assert!(grief.instructions.contains("safety plan"));
        assert!(grief.instructions.contains("crisis resources"));
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
