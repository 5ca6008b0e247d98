# Titles, skills, instructions, prompts and safety questions of the built-in exercises.
# Ids: exercise-<exercise key>-title | -skill | -instructions | -safety-check |
# -prompt-<prompt key>. The keys are stored and never change; only these texts do.

## mood_relationship_diary

exercise-mood_relationship_diary-title = Mood and relationship diary
exercise-mood_relationship_diary-skill = Linking mood to relationships
exercise-mood_relationship_diary-instructions = Think about how you have felt today and about one moment with another person that stood out, big or small. Write down what happened, who was there and how it left you feeling. Over time, this can help you notice how your mood and your relationships move together. There are no right or wrong answers.
exercise-mood_relationship_diary-prompt-what_happened = What happened today between you and someone else?
exercise-mood_relationship_diary-prompt-who_was_involved = Who was involved?
exercise-mood_relationship_diary-prompt-how_i_felt = How did you feel during or after it?
exercise-mood_relationship_diary-prompt-how_it_affected_my_mood = How did it affect your mood for the rest of the day?

## expressing_feelings

exercise-expressing_feelings-title = Putting a feeling into words
exercise-expressing_feelings-skill = Encouraging affect
exercise-expressing_feelings-instructions = Strong feelings about the people in our lives are normal, including anger, sadness and guilt, and naming them is the first step to doing something with them. Think of a recent moment with someone when you felt something strongly. Name the feeling, how strong it was and how you showed it, if you did, and what you would like to say about it. There are no wrong feelings.
exercise-expressing_feelings-prompt-situation = What happened, and who was it with?
exercise-expressing_feelings-prompt-feeling = What did you feel? Try to name it in one or two words.
exercise-expressing_feelings-prompt-feeling_strength = How strong was the feeling? (0 = barely, 10 = as strong as it gets)
exercise-expressing_feelings-prompt-how_i_showed_it = Did you show or say how you felt? How?
exercise-expressing_feelings-prompt-what_i_would_like_to_say = What would you like to say to them about it?

## communication_analysis

exercise-communication_analysis-title = Looking back at a conversation
exercise-communication_analysis-skill = Communication analysis
exercise-communication_analysis-instructions = Choose a recent conversation that mattered to you, especially one that did not go the way you hoped. Try to remember it step by step: what you wanted, what was actually said on both sides and how you felt. Then think about what you might say differently next time. This is not about blaming anyone, only about understanding.
exercise-communication_analysis-prompt-situation = What was the situation, and who were you talking with?
exercise-communication_analysis-prompt-what_i_wanted = What did you want or hope for from the conversation?
exercise-communication_analysis-prompt-what_i_said = What did you say, as closely as you can remember it?
exercise-communication_analysis-prompt-what_they_said = What did they say or do in response?
exercise-communication_analysis-prompt-how_i_felt = How did you feel during and after the conversation?
exercise-communication_analysis-prompt-what_i_could_say_next_time = What could you say or do differently next time?

## role_play_rehearsal

exercise-role_play_rehearsal-title = Rehearsing a difficult conversation
exercise-role_play_rehearsal-skill = Role-play rehearsal
exercise-role_play_rehearsal-instructions = Pick a conversation you would like to have but find hard to start. Plan what you want to say, imagine how the other person might respond, and think about how you could answer. You can practise it out loud, alone or with someone you trust, before the real conversation. If speaking up could put you in danger, do not practise with that person: talk with your therapist first.
exercise-role_play_rehearsal-safety-check = Could speaking up to this person put you in danger?
exercise-role_play_rehearsal-prompt-who = Who is the conversation with?
exercise-role_play_rehearsal-prompt-what_i_want_to_say = What do you want to say to them?
exercise-role_play_rehearsal-prompt-how_they_might_respond = How might they respond?
exercise-role_play_rehearsal-prompt-how_i_will_answer = How will you answer if they respond that way?
exercise-role_play_rehearsal-prompt-how_confident_i_feel = How confident do you feel about having this conversation now?
exercise-role_play_rehearsal-prompt-confidence_rating = How confident do you feel about having this conversation now? (0 = not at all, 10 = completely)

## i_statements

exercise-i_statements-title = Saying what you need
exercise-i_statements-skill = Expressing needs with "I" statements
exercise-i_statements-instructions = An "I" statement describes how you feel and what you need, without blaming the other person, for example: "I feel left out when plans change without me; I would like us to decide together." Think of a situation where you would like something to be different, and build your own statement step by step. If speaking up could put you in danger, do not practise with that person: talk with your therapist first.
exercise-i_statements-safety-check = Could speaking up to this person put you in danger?
exercise-i_statements-prompt-situation = What is the situation?
exercise-i_statements-prompt-feeling = How do you feel when it happens?
exercise-i_statements-prompt-need = What do you need in that moment?
exercise-i_statements-prompt-request = What would you like to ask the other person to do?
exercise-i_statements-prompt-my_statement = What is the "I" statement you will use?

## decision_analysis

exercise-decision_analysis-title = Weighing your options
exercise-decision_analysis-skill = Decision analysis
exercise-decision_analysis-instructions = When you are stuck in a disagreement or facing a change, it can help to see all your options side by side. Write down every option you can think of, even ones that seem unlikely, with what speaks for and against each. Then choose one to try and a small first step you can take.
exercise-decision_analysis-prompt-decision = What decision or problem are you facing?
exercise-decision_analysis-prompt-options = What options do you have?
exercise-decision_analysis-prompt-pros_and_cons = What speaks for and against each option?
exercise-decision_analysis-prompt-option_i_choose = Which option do you choose to try?
exercise-decision_analysis-prompt-first_step = What is your first step, and when will you take it?

## building_social_contacts

exercise-building_social_contacts-title = One small step towards someone
exercise-building_social_contacts-skill = Building social contacts
exercise-building_social_contacts-instructions = Choose one person you would like to feel closer to, or get to know, and one small, doable step towards them, such as a message, a call or a short visit. After you have tried it, write down what happened and how it felt. Any step counts, whatever the outcome.
exercise-building_social_contacts-prompt-who = Who would you like to reach out to?
exercise-building_social_contacts-prompt-the_step = What small step will you take?
exercise-building_social_contacts-prompt-when = When will you take it?
exercise-building_social_contacts-prompt-what_happened = What happened when you tried it?
exercise-building_social_contacts-prompt-how_it_felt = How did it feel?

## grief_work

exercise-grief_work-title = Remembering the person you lost
exercise-grief_work-skill = Grief work
exercise-grief_work-instructions = Take some quiet time to think about the person you have lost and your relationship with them, both the good times and the harder ones. Relationships are rarely all one thing, and every feeling you have about them is allowed. Write as much or as little as you like, and stop whenever you need to. Mourning also means, in time, making room for life going on: the last questions are about interests and people you could turn to again. If this becomes overwhelming, stop and do something calming; if you feel unsafe, open the crisis resources in the app, or your safety plan if you have one.
    .with-plan = Take some quiet time to think about the person you have lost and your relationship with them, both the good times and the harder ones. Relationships are rarely all one thing, and every feeling you have about them is allowed. Write as much or as little as you like, and stop whenever you need to. Mourning also means, in time, making room for life going on: the last questions are about interests and people you could turn to again. If this becomes overwhelming, stop and do something calming; if you feel unsafe, open your safety plan or the crisis resources in the app.
    .without-plan = Take some quiet time to think about the person you have lost and your relationship with them, both the good times and the harder ones. Relationships are rarely all one thing, and every feeling you have about them is allowed. Write as much or as little as you like, and stop whenever you need to. Mourning also means, in time, making room for life going on: the last questions are about interests and people you could turn to again. If this becomes overwhelming, stop and do something calming; if you feel unsafe, open the crisis resources in the app, and ask your therapist to make a safety plan with you at your next session.
exercise-grief_work-prompt-good_memories = What good memories do you have of them?
exercise-grief_work-prompt-difficult_memories = What was difficult in your relationship with them?
exercise-grief_work-prompt-what_i_miss = What do you miss most?
exercise-grief_work-prompt-what_i_would_say = What would you like to say to them now?
exercise-grief_work-prompt-who_i_can_share_with = Who could you share these memories with?
exercise-grief_work-prompt-interests_to_return_to = What is one interest or activity you could take up again, or try for the first time?
exercise-grief_work-prompt-people_to_spend_time_with = Who could you spend more time with in the coming weeks?

## role_transition_old_and_new

exercise-role_transition_old_and_new-title = Between the old and the new
exercise-role_transition_old_and_new-skill = Role transition
exercise-role_transition_old_and_new-instructions = Changes in life, even welcome ones, often mean letting go of something while learning something new. Think about your life before the change and your life now: what you have lost, what you have gained, and what could help you settle into the new situation.
exercise-role_transition_old_and_new-prompt-the_change = What change are you going through?
exercise-role_transition_old_and_new-prompt-what_i_lost = What have you lost or left behind with the old role?
exercise-role_transition_old_and_new-prompt-what_i_gained = What have you gained, or might you gain, in the new role?
exercise-role_transition_old_and_new-prompt-skills_i_need = What skills or knowledge would help you in the new role?
exercise-role_transition_old_and_new-prompt-support_available = Who or what could support you through this change?

## role_dispute_stage

exercise-role_dispute_stage-title = Understanding a disagreement
exercise-role_dispute_stage-skill = Role dispute
exercise-role_dispute_stage-instructions = Disagreements often come from different expectations that have not been said out loud. Think about one ongoing disagreement with someone important to you: what each of you expects, and where things stand right now. Then choose one thing you could try to move it forward. If speaking up could put you in danger, do not practise with that person: talk with your therapist first.
exercise-role_dispute_stage-safety-check = Could speaking up to this person put you in danger?
exercise-role_dispute_stage-prompt-who = Who is the disagreement with?
exercise-role_dispute_stage-prompt-what_i_expect = What do you expect from them?
exercise-role_dispute_stage-prompt-what_they_expect = What do you think they expect from you?
exercise-role_dispute_stage-prompt-where_things_stand = Where do things stand: are you still talking it through, are you stuck and no longer talking about it, or is the relationship coming to an end?
exercise-role_dispute_stage-prompt-one_thing_to_try = What is one thing you could try?

## interpersonal_inventory_review

exercise-interpersonal_inventory_review-title = Looking at one important relationship
exercise-interpersonal_inventory_review-skill = Interpersonal inventory
exercise-interpersonal_inventory_review-instructions = Choose one person who matters in your life right now. Think about how close you feel, what works well between you and what does not. Then consider what, if anything, you would like to be different.
exercise-interpersonal_inventory_review-prompt-who = Who is this person to you?
exercise-interpersonal_inventory_review-prompt-closeness = How close do you feel to them?
exercise-interpersonal_inventory_review-prompt-closeness_circle = In which circle of your inventory are they: 1 (closest), 2 or 3?
exercise-interpersonal_inventory_review-prompt-what_is_satisfying = What is satisfying or supportive in this relationship?
exercise-interpersonal_inventory_review-prompt-what_is_unsatisfying = What is unsatisfying or difficult in it?
exercise-interpersonal_inventory_review-prompt-what_i_would_change = What would you like to change?

## relapse_signs_plan

exercise-relapse_signs_plan-title = Staying well after therapy
exercise-relapse_signs_plan-skill = Relapse prevention
exercise-relapse_signs_plan-instructions = As therapy comes to an end, it helps to have a plan for harder times. Think about the first signs that things might be getting difficult again, the people you can turn to and what has helped you during therapy. Keep this plan somewhere you can find it easily.
exercise-relapse_signs_plan-prompt-early_warning_signs = What early signs tell you that things may be getting harder?
exercise-relapse_signs_plan-prompt-people_i_can_turn_to = Who can you turn to when that happens?
exercise-relapse_signs_plan-prompt-skills_that_helped = Which skills or ideas from therapy helped you most?
exercise-relapse_signs_plan-prompt-what_i_will_do = What will you do if you notice those signs?
