# Lock-screen texts of reminder pushes: discreet, nothing clinical, no names.
push-title = Reminder
push-practice-prompt = A short exercise is waiting for you.
push-checkin-reminder = Take a moment to check in.
push-homework-due = Something you planned is due soon.
push-session-reminder = You have an appointment tomorrow.
push-treatment-countdown = You have a new reminder.
push-maintenance = Take a moment to check in.
    .with-plan = Take a moment to check in, and look over your plan for staying well.
    .without-plan = Take a moment to check in. You can make a plan for staying well together at your next appointment.
push-questionnaire-due = A few questions before tomorrow.
push-stay-connected = Open the app to stay connected.
