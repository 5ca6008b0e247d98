# The built-in psychoeducation readings. Ids: reading-<reading key>-title and
# reading-<reading key>-body, whose paragraphs are separated by a blank line. The keys are
# stored (which readings a client opened) and never change; only these texts do.

reading-depression_is_an_illness-title = Depression is an illness, not a failing
reading-depression_is_an_illness-body =
    Depression is a common medical illness. It changes sleep, appetite, energy, concentration and how you see yourself and the future. It is not a sign of weakness, and it is not your fault.

    While you are ill, it is reasonable to expect less of yourself, as you would with a broken leg or the flu. Therapists call this the 'sick role': you may need to do some things more slowly or hand a few tasks to others for a while, so that your energy goes into getting better.

    The sick role is temporary. Part of treatment is taking back your usual roles step by step as you recover.

    Depression is treatable. Most people feel clearly better within the weeks of a course of therapy like this one.

reading-what_is_ipt-title = What interpersonal psychotherapy is
reading-what_is_ipt-body =
    Interpersonal psychotherapy (IPT) is a short, structured treatment for depression. It usually takes 12 to 16 weekly sessions.

    IPT starts from a simple observation: how we feel and what happens in our relationships affect each other. A loss, a conflict, a big change in life or feeling alone can bring on depression, and depression makes relationships harder.

    Treatment has three phases. In the first sessions you and your therapist map the important people in your life and agree on one or two areas to work on. In the middle sessions you work on that area, trying out new ways of handling the situations that matter. In the last sessions you look back at what has changed and plan how to stay well.

    Between sessions, this app helps you notice your mood, practise what you discuss, and keep track of the people who matter to you.

reading-four_problem_areas-title = The four areas IPT works on
reading-four_problem_areas-body =
    IPT usually focuses on one or two of four areas.

    Grief: when the death of someone important has been very hard to get over. The work is to mourn the loss and, in time, to find a place for new interests and relationships.

    Role disputes: when you and someone important want different things from each other and it keeps leading to conflict or silence. The work is to understand the disagreement and find a way forward, which may mean renegotiating, or sometimes parting.

    Role transitions: when a life change, such as a new job, a move, becoming a parent, retiring or an illness, has turned things upside down. The work is to let go of the old role, see the new one more fairly, and build the skills and support it needs.

    Interpersonal deficits or loneliness: when relationships have been few or unsatisfying for a long time. The work is to build skills and confidence in making and keeping connections.

    Your therapist will talk with you about which area fits your situation best.

reading-mood_and_relationships-title = Mood and relationships
reading-mood_and_relationships-body =
    When you log a check-in, you can name the person you were with or thinking about. Over a few weeks this can show patterns: people and situations that lift your mood, and ones that weigh on it.

    These patterns are not about blaming anyone. They give you and your therapist something concrete to work with: what happened, what you said, what you wished you had said, and what you could try next time.

    Small changes in how you communicate can change how a relationship feels, and a change in a relationship can change your mood.

reading-practising_between_sessions-title = Why practise between sessions
reading-practising_between_sessions-body =
    Sessions are where you plan; daily life is where change happens. Trying a new way of speaking up, asking for help or reaching out, even once, teaches you more than talking about it.

    It is fine if a practice does not go as planned. What happened is useful to bring to your next session.

    If speaking up to someone could put you in danger, do not practise with that person: talk with your therapist first.

reading-sleep_routine_and_mood-title = Sleep, routine and mood
reading-sleep_routine_and_mood-body =
    Depression often upsets sleep and daily rhythm, and an irregular rhythm can in turn lower mood.

    Getting up at about the same time each day, going outside in daylight, and spending some time with other people can help steady your mood while the rest of treatment takes effect.

    If your sleep changes a lot, tell your therapist.

reading-as_treatment_ends-title = What to expect as treatment ends
reading-as_treatment_ends-body =
    IPT is a time-limited treatment, and its ending is planned from the start. In the last sessions you and your therapist look back at what has changed and what you have learned.

    It is natural to feel sad or uneasy about ending, especially if the sessions have mattered to you. Those feelings are worth talking about in the sessions themselves: ending a relationship well is part of the work.

    Ending treatment does not mean you have to manage everything alone. In the last sessions you and your therapist plan how to stay well and what to do if things get harder.

reading-warning_signs_of_relapse-title = Warning signs of relapse
reading-warning_signs_of_relapse-body =
    Depression can come back, and noticing it early makes it easier to treat. Early signs are often small: sleeping badly for more than a week, losing interest in things you enjoy, pulling away from people, or finding every task much harder.

    With your therapist, write down your own warning signs, what has helped you, who to contact and when to seek help again: the app keeps this as your relapse-prevention plan, where you and your therapist can find it and change it.

    If you notice your warning signs for two weeks or more, contact your therapist or doctor. If you have thoughts of harming yourself, seek help straight away: the app's crisis resources list who to call.
    .with-plan =
        Depression can come back, and noticing it early makes it easier to treat. Early signs are often small: sleeping badly for more than a week, losing interest in things you enjoy, pulling away from people, or finding every task much harder.

        Your relapse-prevention plan in the app holds your own warning signs, what has helped you, who to contact and when to seek help again; you and your therapist can find it there and change it.

        If you notice your warning signs for two weeks or more, contact your therapist or doctor. If you have thoughts of harming yourself, seek help straight away: the app's crisis resources list who to call.
    .without-plan =
        Depression can come back, and noticing it early makes it easier to treat. Early signs are often small: sleeping badly for more than a week, losing interest in things you enjoy, pulling away from people, or finding every task much harder.

        With your therapist, write down your own warning signs, what has helped you, who to contact and when to seek help again: ask at your next session to make a relapse-prevention plan together, and the app will keep it where you both can find it.

        If you notice your warning signs for two weeks or more, contact your therapist or doctor. If you have thoughts of harming yourself, seek help straight away: the app's crisis resources list who to call.

reading-staying_well-title = Staying well after treatment
reading-staying_well-body =
    Keep doing what helped: the routines, the conversations, the people you reconnected with.

    Checking in with the app now and then can help you notice changes in your mood early. If you have a relapse-prevention plan, reading it in the app now and then keeps your warning signs fresh.

    Asking for help again is not a failure. Many people benefit from a few booster sessions when life gets difficult.
    .with-plan =
        Keep doing what helped: the routines, the conversations, the people you reconnected with.

        Checking in with the app now and then can help you notice changes in your mood early. Reading your relapse-prevention plan in the app now and then keeps your warning signs fresh.

        Asking for help again is not a failure. Many people benefit from a few booster sessions when life gets difficult.
    .without-plan =
        Keep doing what helped: the routines, the conversations, the people you reconnected with.

        Checking in with the app now and then can help you notice changes in your mood early. Your therapist can help you write a relapse-prevention plan; reading it now and then keeps your warning signs fresh.

        Asking for help again is not a failure. Many people benefit from a few booster sessions when life gets difficult.
